"""The one engine/session factory: open a database URL, set SQLite up safely, create the schema.

Create one `Database` per process at the composition root and pass it down; nothing here is
global. SQLite runs in WAL mode with foreign keys on and `synchronous=FULL`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError, OperationalError
from sqlmodel import Session, SQLModel, create_engine, select

from quiz.core import models
from quiz.core.errors import QuizError

SUPPORTED_BACKENDS = ("sqlite", "postgresql")


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # pysqlite's own transaction handling would defer BEGIN; we issue it ourselves.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    # A deferred transaction that reads and then writes fails at once with "database is locked"
    # when another process wrote meanwhile, whatever the busy timeout; writers therefore take
    # the write lock up front (BEGIN IMMEDIATE), and wait for it politely.
    immediate = conn.get_execution_options().get("quiz_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str) -> Engine:
    """An engine for `url`; a QuizError naming the URL if it is malformed or unsupported."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise QuizError(f"database URL {url!r} is not a valid URL") from None
    backend = parsed.get_backend_name()
    if backend not in SUPPORTED_BACKENDS:
        raise QuizError(
            f"database URL {url!r}: unsupported scheme {backend!r} "
            f"(use sqlite:///path or postgresql://...)"
        )
    kwargs: dict[str, Any] = {}
    if backend == "sqlite":
        path = parsed.database
        if path and path != ":memory:" and not path.startswith("file:"):
            folder = Path(path).expanduser().resolve().parent
            if not folder.is_dir():
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise QuizError(f"cannot create data folder {folder}: {exc.strerror}") from None
        kwargs["connect_args"] = {"check_same_thread": False}
    try:
        engine = create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise QuizError(f"database URL {url!r}: driver not installed ({exc})") from None
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


class Database:
    """An engine plus short units of work: `with db.session() as s: ...`."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._writer = self.engine.execution_options(quiz_write=True)

    @contextmanager
    def session(self, write: bool = False) -> Iterator[Session]:
        """A unit of work that commits on success and rolls back on error.

        Pass `write=True` for any unit that changes the database: on SQLite it then begins
        with BEGIN IMMEDIATE, so two processes writing at once queue instead of failing.
        """
        with Session(self._writer if write else self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def create_schema(self) -> None:
        """Create missing tables; a QuizError if the file is not a usable database."""
        try:
            with self.engine.connect() as conn:
                if self.engine.dialect.name == "sqlite":
                    check = conn.exec_driver_sql("PRAGMA quick_check").scalar()
                    if check != "ok":
                        raise QuizError(f"database {self.url} is damaged ({check})")
                tables = set(inspect(conn).get_table_names())
            if tables and "question" not in tables:
                raise QuizError(f"database {self.url} is not a quiz database")
            SQLModel.metadata.create_all(self.engine)
        except (DatabaseError, OperationalError) as exc:
            reason = str(exc.orig) if exc.orig is not None else str(exc)
            raise QuizError(f"cannot open database {self.url}: {reason}") from None

    def is_empty(self) -> bool:
        """True when the bank holds no question yet."""
        with self.session() as s:
            return s.exec(select(models.Question.id).limit(1)).first() is None

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def open_database(url: str, seed: bool = True) -> Database:
    """Open (creating if needed) the database at `url`, seeding the bank on first use."""
    db = Database(url)
    db.create_schema()
    if seed and db.is_empty():
        from quiz.core.generate import regenerate

        regenerate(db)
    return db
