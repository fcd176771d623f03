"""SQLite: one file on this computer, WAL, `synchronous=FULL`, writers take the lock up front."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine

from quiz.core.backends import EVERYTHING, Reads, Rights, SearchIndex
from quiz.core.errors import QuizError

BUSY_TIMEOUT_MS = 10_000
SQLITE_BUSY_SNAPSHOT = 517  # a deferred transaction's snapshot went stale before it wrote


def _pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # pysqlite's own transaction handling would defer BEGIN; we issue it ourselves.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


def _begin(conn: Any) -> None:
    # A deferred transaction that reads and then writes fails at once with "database is locked"
    # when another process wrote meanwhile, whatever the busy timeout; writers therefore take
    # the write lock up front (BEGIN IMMEDIATE), and wait for it politely.
    immediate = conn.get_execution_options().get("quiz_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class SQLite:
    name = "sqlite"

    def url(self, url: URL) -> URL:
        return url

    def engine_options(self, url: URL) -> dict[str, Any]:
        return {"connect_args": {"check_same_thread": False}}

    def prepare(self, engine: Engine) -> None:
        event.listen(engine, "connect", _pragmas)
        event.listen(engine, "begin", _begin)

    def failure(self, orig: BaseException, where: str, what: str) -> QuizError | None:
        code = getattr(orig, "sqlite_errorcode", None)
        primary = code & 0xFF if isinstance(code, int) else None
        if primary == sqlite3.SQLITE_FULL:
            return QuizError(f"the disk is full: {where} cannot grow, and nothing was saved "
                             f"from this {what}; free some space and try again")
        if primary == sqlite3.SQLITE_READONLY:
            return QuizError(f"cannot write to {where}: the file or its folder is read-only; "
                             f"nothing was saved from this {what}")
        if code == SQLITE_BUSY_SNAPSHOT:
            return QuizError(f"{where} was changed while this {what} was being prepared (a "
                             f"read transaction that then wrote); nothing was saved from it: "
                             f"try again")
        if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return QuizError(f"{where} stayed busy for {BUSY_TIMEOUT_MS // 1000} s (another "
                             f"program is writing to it); nothing was saved from this {what}")
        if primary in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_PERM):
            return QuizError(f"cannot read or write {where} ({orig}); nothing was saved from "
                             f"this {what}")
        if primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or \
                "Could not decode to UTF-8" in str(orig):  # a damaged byte inside stored text
            return QuizError(f"{where} is damaged ({orig}); nothing was saved from this "
                             f"{what}; restart the quiz to restore a backup")
        return None

    def rights(self, connect: Callable[[], AbstractContextManager[Connection]]) -> Rights:
        return EVERYTHING  # whoever may open the file may do everything

    def size(self, conn: Connection) -> int:
        # rowids count up: the largest is the size near enough, with no count of every row
        return int(conn.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM question"
                                        ).scalar_one())

    def reads(self, driver: Any) -> Reads:
        from quiz.core.backends.sqlite_reads import SQLiteReads

        return SQLiteReads(driver)

    def reading(self, engine: Engine) -> AbstractContextManager[Reads]:
        from quiz.core.backends.sqlite_reads import checked_out

        return checked_out(engine)

    def search_index(self) -> SearchIndex | None:
        from quiz.core import models

        if not models.has_search_index(self.name):  # FTS5's trigram tokenizer: 3.34 and later
            return None
        from quiz.core.backends.sqlite_search import FTS5

        return FTS5


SQLITE = SQLite()
