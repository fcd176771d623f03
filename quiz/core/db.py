"""The one engine/session factory: open a database URL, set SQLite up safely, keep it current.

Create one `Database` per process at the composition root and pass it down; nothing here is
global. SQLite runs in WAL mode with foreign keys on, `synchronous=FULL` (a commit that has
returned survives a crash or power cut) and a 10 s busy timeout; units of work that write begin
with BEGIN IMMEDIATE (`session(write=True)`, `connect(write=True)`). PostgreSQL gets none of
the PRAGMAs.

`open_database` is the one way in. A new SQLite file is built under a temporary name (schema
by the migrations, then the seeded bank) and renamed into place only when complete, so a
failure leaves no partial file. An existing file is checked first, read-only: a damaged file
raises `DamagedDatabase`, a file from a newer version of the app `NewerSchema`, both without
touching it. A file at an older schema revision is backed up, then upgraded.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, cast

from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from quiz.core import backends, backup, migrations
from quiz.core.backends import sqlite as sqlite_backend
from quiz.core.errors import DamagedDatabase, NewerSchema, QuizError

if TYPE_CHECKING:  # SQLModel (and pydantic with it) is imported where the ORM is used: the
    from sqlmodel import Session  # first question needs SQLAlchemy's engine only

SUPPORTED_BACKENDS = ("sqlite", "postgresql")
BUSY_TIMEOUT_MS = sqlite_backend.BUSY_TIMEOUT_MS
# A full `PRAGMA quick_check` reads every page: 2.5 s on a 1.5 GB bank of a million questions.
# Up to this size it runs on every open; above it, opening checks the header, the schema and the
# file's length (truncation), and damage inside a page surfaces as a plain error when read.
QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024
SEARCH_TABLE = "question_search"  # models.SEARCH_TABLE, known here without importing the ORM
QUOTE_SEARCH = "quote_search"  # models.QUOTE_SEARCH, likewise
_BANK_SIZE = "SELECT (SELECT count(*) FROM question), (SELECT count(*) FROM article)"


def _checked_url(url: str) -> str:
    """The backend name of `url`; a QuizError naming the URL if it is malformed or unsupported."""
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
    return backend


def _ensure_folder(path: Path) -> None:
    folder = path.parent
    if not folder.is_dir():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise QuizError(f"cannot create data folder {folder}: {exc.strerror}") from None


def make_engine(url: str) -> Engine:
    """An engine for `url`; a QuizError naming the URL if it is malformed or unsupported."""
    backend = backends.for_name(_checked_url(url))
    if backend.name == "sqlite":
        path = backup.sqlite_file(url)
        if path is not None:
            _ensure_folder(path)
    parsed = backend.url(make_url(url))
    try:
        engine = create_engine(parsed, **backend.engine_options(parsed))
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        extra = " (pip install 'kpop-demon-hunters-quiz[server]')" \
            if backend.name == "postgresql" else ""
        raise QuizError(f"database URL {_shown(url)!r}: driver not installed ({exc}){extra}"
                        ) from None
    backend.prepare(engine)
    return engine


def _shown(url: str) -> str:
    """The URL as messages show it: without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def failure(exc: BaseException, where: str, what: str = "change") -> QuizError | None:
    """The plain message for a database error the user can act on (None: a bug, re-raise).

    `what` names the unit of work in "nothing was saved from this <what>".
    """
    orig = getattr(exc, "orig", exc)
    if isinstance(orig, OSError):
        if orig.errno == errno.ENOSPC:
            return QuizError(f"the disk is full: {where} cannot be written, and nothing was "
                             f"saved from this {what}; free some space and try again")
        return QuizError(f"cannot write {where}: {orig.strerror}; nothing was saved from this "
                         f"{what}")
    if isinstance(orig, sqlite3.Error):
        return sqlite_backend.SQLITE.failure(orig, where, what)
    if type(orig).__module__.startswith("psycopg"):
        return backends.for_name("postgresql").failure(orig, where, what)
    return None


class Database:
    """An engine plus short units of work: `with db.session() as s: ...`."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.backend = backends.for_name(_checked_url(url))
        self.file = backup.sqlite_file(url) if self.backend.name == "sqlite" else None
        self.engine = make_engine(url)
        self.writer = self.engine.execution_options(quiz_write=True)
        self._rights: backends.Rights | None = None

    @property
    def name(self) -> str:
        """How messages name this database: its file, or its URL (without a password)."""
        return f"the database {self.file}" if self.file else f"the database {_shown(self.url)}"

    def rights(self) -> backends.Rights:
        """What the connected user may do (read once: grants change rarely)."""
        if self._rights is None:
            self._rights = self.backend.rights(lambda: self.connect(what="start"))
        return self._rights

    @contextmanager
    def session(self, write: bool = False, what: str = "change") -> Iterator[Session]:
        """A unit of work that commits on success and rolls back on error.

        Pass `write=True` for any unit that changes the database: on SQLite it then begins
        with BEGIN IMMEDIATE, so two processes writing at once queue instead of failing.
        A full disk (and the like) becomes a QuizError saying nothing of this `what` was saved.
        """
        from sqlmodel import Session

        with self._plain_errors(what), \
                Session(self.writer if write else self.engine, expire_on_commit=False) as s:
            try:
                yield s
                s.commit()
            except BaseException:
                s.rollback()
                raise

    @contextmanager
    def _plain_errors(self, what: str) -> Iterator[None]:
        """Database errors a user can act on as one plain QuizError (see `failure`); damaged
        bytes in a row as a QuizError saying so; anything else (a bug) as it is."""
        try:
            yield
        except (DBAPIError, sqlite3.Error) as exc:  # the latter from a driver connection
            plain = failure(exc, self.name, what)
            if plain is None:
                raise
            raise plain from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise QuizError(f"{self.name} is damaged ({exc}); restart the quiz to restore a "
                            f"backup") from None
        except Exception as exc:
            if not type(exc).__module__.startswith("psycopg"):  # psycopg's own connection
                raise
            plain = failure(exc, self.name, what)
            if plain is None:
                raise
            raise plain from None

    @contextmanager
    def connect(self, write: bool = False, what: str = "change") -> Iterator[Connection]:
        """A Core connection (for bulk statements); `write=True` as for `session`.

        Begin the transaction with `conn.begin()`; errors are translated as in `session`.
        """
        with self._plain_errors(what), (self.writer if write else self.engine).connect() as conn:
            yield conn

    @contextmanager
    def reader(self) -> Iterator[sqlite3.Connection]:
        """The pooled sqlite3 connection itself, in one read transaction (SQLite only).

        For the few hot reads where SQLAlchemy's own work per statement is most of the time
        (drawing a game); errors are translated as in `session`.
        """
        with self._plain_errors("read"):
            pooled = self.engine.raw_connection()
            try:
                raw = cast(sqlite3.Connection, pooled.driver_connection)
                raw.execute("BEGIN")
                try:
                    yield raw
                except BaseException:
                    if raw.in_transaction:  # an error may have ended it already
                        raw.execute("ROLLBACK")
                    raise
                raw.execute("COMMIT")
            finally:
                pooled.close()  # back to the pool

    @contextmanager
    def reads(self) -> Iterator[backends.Reads]:
        """The reads a new game waits for (`backends.Reads`), on the pooled driver connection
        itself, in one read transaction; errors are translated as in `session`."""
        with self._plain_errors("read"), self.backend.reading(self.engine) as reads:
            yield reads

    def is_empty(self) -> bool:
        """True when the bank holds no question yet."""
        if self.file is not None:  # on every start: without the ORM's first-query set-up
            with self.reader() as raw:
                return raw.execute("SELECT 1 FROM question LIMIT 1").fetchone() is None
        with self.connect(what="start") as conn:  # a server: no ORM before the first question
            return conn.exec_driver_sql("SELECT 1 FROM question LIMIT 1").first() is None

    def bank_size(self) -> tuple[int, int]:
        """(questions, articles) in the bank, for the home screen: two counts in one plain
        statement on the engine's connection, without the ORM (importing SQLModel and the
        models for it costs more than the counts)."""
        with self.connect(what="read") as conn:
            questions, articles = conn.exec_driver_sql(_BANK_SIZE).one()
        return int(questions), int(articles)

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


# -- opening ----------------------------------------------------------------------------------


def _damaged(path: Path, detail: str) -> DamagedDatabase:
    found = backup.listing(path)
    offer = (f"restore the latest backup ({found[0].path.name}) with `quiz restore`"
             if found else "no backup exists yet; move the file away to start a fresh bank")
    return DamagedDatabase(f"cannot open database {path}: it is damaged ({detail}); it was not "
                           f"changed; {offer}", path, [b.path for b in found])


def _check(conn: sqlite3.Connection, path: Path) -> str:
    """"ok", or what is wrong with the file (see QUICK_CHECK_MAX_BYTES)."""
    size = path.stat().st_size
    if size <= QUICK_CHECK_MAX_BYTES:
        return str(conn.execute("PRAGMA quick_check").fetchone()[0])
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    wal = path.with_name(path.name + "-wal")
    wal_size = wal.stat().st_size if wal.exists() else 0
    if wal_size == 0 and size < pages * page_size:
        return f"the file is truncated ({size} of {pages * page_size} bytes)"
    return "ok"


def _inspect_file(path: Path) -> tuple[set[str], str | None]:
    """(table names, schema revision) of an existing file, read without changing it."""
    if not os.access(path, os.R_OK):
        raise QuizError(f"cannot open database {path}: permission denied")
    if path.stat().st_size == 0:
        raise _damaged(path, "the file is empty (0 bytes)")
    if not os.access(path.parent, os.W_OK):
        raise QuizError(f"cannot open database {path}: its folder {path.parent} is read-only "
                        f"(the quiz keeps its journal there)")
    if not os.access(path, os.W_OK):
        raise QuizError(f"cannot open database {path}: the file is read-only")
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            check = _check(conn, path)
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master "
                                                 "WHERE type = 'table'")}
            revision = None
            if migrations.VERSION_TABLE in tables:
                row = conn.execute(f"SELECT version_num FROM {migrations.VERSION_TABLE}"
                                   ).fetchone()
                revision = row[0] if row else None
        finally:
            conn.close()
    except UnicodeDecodeError as exc:  # SQLite's own report quotes damaged bytes
        raise _damaged(path, f"unreadable text ({exc.reason})") from None
    except sqlite3.DatabaseError as exc:
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or \
                type(exc) is sqlite3.DatabaseError:
            raise _damaged(path, str(exc)) from None
        plain = failure(exc, f"database {path}", "start")
        raise plain or QuizError(f"cannot open database {path}: {exc}") from None
    if check != "ok":
        raise _damaged(path, f"integrity check: {check.splitlines()[0]}")
    return tables, revision


def _inspect_engine(db: Database) -> tuple[set[str], str | None]:
    """(table names, schema revision) of a database that is not a file (memory, server)."""
    from sqlalchemy import inspect

    try:
        with db.engine.connect() as conn:
            return set(inspect(conn).get_table_names()), migrations.current(conn)
    except DBAPIError as exc:
        raise failure(exc, db.name, "start") or QuizError(
            f"cannot open database {_shown(db.url)}: {exc.orig}") from None


def _bring_up_to_date(db: Database, tables: set[str], revision: str | None) -> None:
    """Create, stamp or upgrade the schema as the revision says (backing up first)."""
    where = db.file or _shown(db.url)
    known = migrations.known_revisions()
    if revision is None and tables - {migrations.VERSION_TABLE}:
        if "question" not in tables:
            raise QuizError(f"database {where} is not a quiz database")
        stamp = True  # made before migrations existed: it has the baseline schema
    elif revision is None:
        stamp = False  # empty: build the schema
    elif revision not in known:
        raise NewerSchema(f"database {where} was made by a newer version of the quiz (schema "
                          f"{revision}; this version knows up to {known[-1]}); it was not "
                          f"changed: update the quiz to open it")
    elif revision == known[-1]:
        _repair_search_index(db, tables)
        return
    else:
        stamp = False
    if db.file is not None and tables:
        backup.take(db.file, "migration")
    try:
        migrations.upgrade(db.writer, stamp_baseline=stamp)
        if stamp:
            _repair_search_index(db, tables, sort_indexes=True)
    except DBAPIError as exc:
        raise failure(exc, db.name, "upgrade") or QuizError(
            f"cannot upgrade database {where}: {exc.orig}") from None


def _repair_search_index(db: Database, tables: set[str], sort_indexes: bool = False) -> None:
    """Recreate (and fill) the search index if it is missing: it is derived data."""
    if not sort_indexes and {SEARCH_TABLE, QUOTE_SEARCH} <= tables or \
            db.backend.name != "sqlite":  # a server's search indexes are migration 0007's
        return  # the usual start: nothing to repair, and no need to import the models
    from quiz.core import models

    dialect = db.engine.dialect.name
    missing = models.has_search_index(dialect) and not {models.SEARCH_TABLE,
                                                        models.QUOTE_SEARCH} <= tables
    if not (missing or sort_indexes and dialect == "sqlite"):
        return
    with db.connect(write=True, what="start") as conn, conn.begin():
        for statement in models.SORT_INDEXES if dialect == "sqlite" else ():
            conn.exec_driver_sql(statement)
        if missing:
            for statement in models.SEARCH_DDL + models.SEARCH_REBUILD:
                conn.exec_driver_sql(statement)


def _create(url: str, path: Path, seed: bool) -> None:
    """Build a new bank at `path` under a temporary name; rename it into place when complete."""
    if not os.access(path.parent, os.W_OK):
        raise QuizError(f"cannot create database {path}: its folder {path.parent} is "
                        f"read-only")
    temp = path.with_name(f".{path.name}.new-{os.getpid()}")
    side = [temp.with_name(temp.name + s) for s in ("", "-wal", "-shm", "-journal")]
    for leftover in side:
        leftover.unlink(missing_ok=True)
    db = Database(make_url(url).set(database=str(temp)).render_as_string(hide_password=False))
    try:
        _bring_up_to_date(db, set(), None)
        if seed:
            from quiz.core.generate import regenerate

            regenerate(db)
        db.dispose()
        conn = sqlite3.connect(temp)
        try:
            conn.execute("PRAGMA journal_mode=DELETE")  # folds the -wal file in
        finally:
            conn.close()
        os.replace(temp, path)
    except BaseException as exc:
        db.dispose()
        for leftover in side:
            leftover.unlink(missing_ok=True)
        if isinstance(exc, OSError | sqlite3.Error | DBAPIError):
            plain = failure(exc, f"database {path}", "start")
            raise plain or QuizError(f"cannot create database {path}: {exc}") from None
        raise


def open_database(url: str, seed: bool = True, daily_backup: bool = False) -> Database:
    """Open (creating if needed) the database at `url`, seeding the bank on first use.

    `daily_backup`: back the file up if its newest backup is a day old (the app and the
    command line ask for this on start). Raises QuizError (DamagedDatabase, NewerSchema) with
    one plain line when the database cannot be used; nothing is changed then.
    """
    _checked_url(url)
    path = backup.sqlite_file(url) if make_url(url).get_backend_name() == "sqlite" else None
    if path is not None:
        _ensure_folder(path)
        if not path.exists():
            _create(url, path, seed)
        tables, revision = _inspect_file(path)
    db = Database(url)
    try:
        if path is None:
            tables, revision = _inspect_engine(db)
        _bring_up_to_date(db, tables, revision)
        if daily_backup and path is not None:
            backup.daily(path)
        if seed and db.is_empty():
            from quiz.core.generate import regenerate

            regenerate(db)
    except BaseException:
        db.dispose()
        raise
    return db
