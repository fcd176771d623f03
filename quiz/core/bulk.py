"""Writing many questions at once on SQLite: the import's writer thread and its settings.

`Writer` stores batches of new questions (as `row`s, with their source rows) and changed ones
on the import's connection, in a thread of its own: each batch goes to SQLite in a few
statements of a thousand rows, so the GIL is free while SQLite works and the next batch is
being read and checked. For the import's duration (inside its transaction) the search index's
triggers are set aside, since the writer indexes the rows it adds itself, and so are the
bank's secondary indexes once an import is much bigger than the bank: sorting them
once at the end costs less than growing them at random. `restore` puts them back.
`bulk_pragmas`, `search_bulk` and `switch_interval` set SQLite, the search index and Python up
for one import and put everything back afterwards. A PostgreSQL server gets the same rows by
COPY (`backends.postgres_bulk`), in the caller's thread.
"""

from __future__ import annotations

import queue
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from itertools import chain
from json.encoder import encode_basestring_ascii
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.engine import Connection

from quiz.core import models
from quiz.core.editing import Record

# While SQLite stores a batch in its thread, this one holds the GIL for Python's default 5 ms
# at a time: each statement of the writer would wait that long to hand its result back.
SWITCH_INTERVAL_S = 0.0005
IMPORT_CACHE_KIB = 256 * 1024  # SQLite's page cache while importing: indexes grow at random

Q = models.Question.__table__  # type: ignore[attr-defined]
S = models.Source.__table__  # type: ignore[attr-defined]


def column_values(rec: Record) -> dict[str, Any]:
    """`rec` as SQLAlchemy's column types take it (for an UPDATE)."""
    return {"id": rec.id, "type": rec.type, "category": rec.category,
            "difficulty": rec.difficulty, "question": rec.question,
            "correct_answer": rec.correct_answer,
            "incorrect_answers": list(rec.incorrect_answers),
            "accepted_answers": list(rec.accepted_answers), "explanation": rec.explanation,
            "origin": rec.origin, "fact_id": rec.fact_id, "generated": rec.generated,
            "updated_at": rec.updated_at}


_Batch = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[Record]]


class Writer:
    """Stores an import's batches on its connection, in a thread of its own when `threaded`.

    sqlite3 lets go of the GIL while a statement runs, so SQLite's work on one batch (rows,
    indexes, the search index) overlaps with reading and checking the next one. The queue
    holds a few batches at most; an error in the thread is raised in the caller at its next
    call. `stop` discards what is still queued and waits for the thread (before a rollback).
    `bank_size` is how many questions the bank held before the import.
    """

    def __init__(self, conn: Connection, before_write: Callable[[], None],
                 threaded: bool, bank_size: int = 0) -> None:
        self.conn = conn
        self.before_write = before_write
        self.bank_size = bank_size
        self.search = models.has_search_index(conn.dialect.name)
        self.stored = 0
        self.lifted: list[str] | None = None  # the search triggers set aside, once started
        self.lifted_indexes: list[str] | None = None
        self.first_source: int | None = None  # the first source row the import writes
        self.loader: Any = None  # a server's (backends.postgres_bulk.Loader), once started
        self.error: BaseException | None = None
        self.discard = False
        self.queue: queue.Queue[_Batch | None] = queue.Queue(4)
        self.thread = threading.Thread(target=self._loop, name="import-writer", daemon=True) \
            if threaded else None
        if self.thread is not None:
            self.thread.start()

    def put(self, rows: list[tuple[Any, ...]], sources: list[tuple[Any, ...]],
            changed: list[Record]) -> None:
        """Store new questions (`_row`s) with their source rows, and changed questions (now,
        or soon in the thread)."""
        self._raise()
        if self.thread is None:
            self._store(rows, sources, changed)
        else:
            self.queue.put((rows, sources, changed))

    def finish(self) -> None:
        """Wait until everything is stored; raise what went wrong."""
        self._join()
        self._raise()

    def stop(self) -> None:
        """Drop what is queued and wait for the thread."""
        self.discard = True
        self._join()

    def _join(self) -> None:
        if self.thread is not None:
            self.queue.put(None)
            self.thread.join()
            self.thread = None

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error

    def _loop(self) -> None:
        while (item := self.queue.get()) is not None:
            if self.error is None and not self.discard:
                try:
                    self._store(*item)
                except BaseException as exc:  # noqa: BLE001 - handed to the caller
                    self.error = exc

    def _store(self, rows: list[tuple[Any, ...]], sources: list[tuple[Any, ...]],
               changed: list[Record]) -> None:
        conn = self.conn
        if not (rows or changed):
            return
        self.before_write()
        if conn.dialect.name != "sqlite":
            for rec in changed:
                conn.execute(delete(S).where(S.c.question_id == rec.id))
                conn.execute(update(Q).where(Q.c.id == rec.id).values(**column_values(rec)))
            if self.loader is None:
                from quiz.core.backends.postgres_bulk import Loader

                self.loader = Loader(conn.connection.driver_connection, self.bank_size)
            self.loader.put(("question", _QUESTION_COLUMNS, rows),
                            ("source", _SOURCE_COLUMNS, sources + _source_rows(changed)))
            return
        # The driver directly: SQLAlchemy's per-row statement and type handling would triple
        # the time a big import takes.
        driver = conn.connection.driver_connection
        assert driver is not None
        if self.lifted is None:
            if self.search:
                # Index what is pending first: a question deleted since the last search
                # still has an entry, whose rowid a new row may take.
                for statement in models.SEARCH_SYNC:
                    driver.execute(statement)
            # The import indexes what it writes itself (below), by rowid range, and notes
            # the quotes of its sources once at the end (a trigger a row costs ten times as
            # much).
            self.lifted = _lift(driver, _SEARCH_TRIGGERS if self.search else ())
        self.stored += len(rows)
        if (not self.lifted_indexes and self.stored > BIG_IMPORT
                and self.stored > 2 * self.bank_size):
            # From here on, sorting each index once at the end is cheaper than growing it.
            self.lifted_indexes = _lift(driver, _BIG_IMPORT_INDEXES)
        for rec in changed:
            driver.execute("DELETE FROM source WHERE question_id = ?", (rec.id,))
            conn.execute(update(Q).where(Q.c.id == rec.id).values(**column_values(rec)))
            if self.search:
                driver.execute(_PENDING_BY_ID, (rec.id,))
        last = driver.execute("SELECT coalesce(max(rowid), 0) FROM question").fetchone()[0]
        _insert_many(driver, "question", _QUESTION_COLUMNS, rows)
        sources = sources + _source_rows(changed)
        if sources and self.search:
            # Numbered on from the last row now (maybe one just deleted): `restore` notes
            # the quotes of every row from the lowest such number on.
            after = driver.execute("SELECT coalesce(max(rowid), 0) + 1 FROM source").fetchone()[0]
            self.first_source = min(after, self.first_source or after)
        _insert_many(driver, "source", _SOURCE_COLUMNS, sources)
        if self.search and rows:
            # New rows are numbered on from the bank's last one: index them by that range,
            # in the same transaction and the same thread (the first search after a big
            # import does not pay for it, and the work overlaps with reading the file).
            driver.execute(_INDEX_RANGE, (last + 1, last + len(rows)))

    def restore(self) -> None:
        """Put back the indexes and triggers set aside for the import, in its transaction,
        after `finish` (a failed import's rollback puts them back by itself)."""
        if self.conn.dialect.name == "sqlite":
            driver = self.conn.connection.driver_connection
            assert driver is not None
            if self.lifted and self.first_source is not None:
                driver.execute(_NOTE_QUOTES, (self.first_source,))
            for statement in (self.lifted_indexes or []) + (self.lifted or []):
                driver.execute(statement)
        self.lifted = self.lifted_indexes = None


BIG_IMPORT = 50_000  # new questions after which a big import sets the bank's indexes aside
# Those whose rows land at random places. The sort indexes (a few values, then id) and the
# question id index grow at the end of a run each: live, they cost less than a sort.
_BIG_IMPORT_INDEXES = ("ix_question_draw", "ix_source_quote")
_SEARCH_TRIGGERS = ("question_search_ai", "question_search_ad", "question_search_au",
                    "source_quote_ai")
_NOTE_QUOTES = (f"INSERT OR IGNORE INTO {models.QUOTE_SEEN}(quote) "
                f"SELECT quote FROM source WHERE rowid >= ?")
_PENDING_BY_ID = (f"INSERT OR IGNORE INTO {models.SEARCH_PENDING}(id) "
                  f"SELECT rowid FROM question WHERE id = ?")
_INDEX_RANGE = (f"INSERT INTO {models.SEARCH_TABLE}(rowid, body) "
                f"SELECT {models.search_values('question')} FROM question "
                f"WHERE rowid BETWEEN ? AND ?")


def _lift(driver: Any, names: tuple[str, ...]) -> list[str]:
    """Drop those of the indexes or triggers called `names` that exist, in the open
    transaction; returns the statements that create them again."""
    found = []
    for name in names:
        kind_sql = driver.execute("SELECT type, sql FROM sqlite_master WHERE name = ?",
                                  (name,)).fetchone()
        if kind_sql is not None and kind_sql[1]:
            driver.execute(f'DROP {kind_sql[0].upper()} "{name}"')
            found.append(kind_sql[1])
    return found


def _source_rows(records: list[Record]) -> list[tuple[Any, ...]]:
    return [(r.id, i, s.article, s.quote, s.start, s.end)
            for r in records for i, s in enumerate(r.sources)]


_QUESTION_COLUMNS = ("id", "type", "category", "difficulty", "question", "correct_answer",
                     "incorrect_answers", "accepted_answers", "explanation", "origin",
                     "fact_id", "generated", "updated_at", "shuffle")
_SOURCE_COLUMNS = ("question_id", "position", "article_id", "quote", "start", "end")


def _insert_many(driver: Any, table: str, columns: tuple[str, ...],
                 rows: list[tuple[Any, ...]]) -> None:
    """Insert `rows` in as few statements as SQLite's cap on parameters allows: a statement
    of a thousand rows binds them at once and lets go of the GIL while SQLite stores them all,
    where executemany takes it back after every row (and waits for it each time behind the
    thread reading the file)."""
    if not rows:
        return
    per = driver.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // len(columns)
    one = f"({', '.join('?' * len(columns))})"
    names = ", ".join(f'"{c}"' for c in columns)
    for i in range(0, len(rows), per):
        part = rows[i:i + per]
        driver.execute(f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(part))}",
                       list(chain.from_iterable(part)))


def row(rec: Record, generated: str | None, stamp: str) -> tuple[Any, ...]:
    """A new question as the driver stores it: JSON as text (`generated`: its snapshot's,
    already), time as SQLAlchemy writes it on SQLite (`_stamp`), and its draw-order key."""
    return (rec.id, rec.type, rec.category, rec.difficulty, rec.question, rec.correct_answer,
            json_strings(rec.incorrect_answers), json_strings(rec.accepted_answers),
            rec.explanation, rec.origin, rec.fact_id, generated, stamp, models.shuffle_key())


def json_strings(items: tuple[str, ...]) -> str:
    """json.dumps(list(items)) for strings, in a quarter of the time: json.dumps sets up an
    encoder on every call, twice a question for an import."""
    if not items:
        return "[]"
    return "[" + ", ".join(map(encode_basestring_ascii, items)) + "]"


def stamp(when: datetime) -> str:
    """`when` as SQLAlchemy writes a DateTime on SQLite."""
    return when.strftime("%Y-%m-%d %H:%M:%S.%f")


@contextmanager
def bulk_pragmas(conn: Connection) -> Iterator[None]:
    """SQLite settings for one import on `conn`, put back afterwards (the connection returns
    to the pool): statement journals in memory (with the search triggers every inserted row
    writes one, and in a temporary file that costs more than the row itself) and a bigger
    page cache (indexes grow at random)."""
    driver = conn.connection.driver_connection if conn.dialect.name == "sqlite" else None
    if driver is None:
        yield
        return
    names = ("temp_store", "cache_size")
    before = {name: driver.execute(f"PRAGMA {name}").fetchone()[0] for name in names}
    for name, value in zip(names, ("MEMORY", -IMPORT_CACHE_KIB), strict=True):
        driver.execute(f"PRAGMA {name}={value}")
    try:
        yield
    finally:
        for name, value in before.items():
            driver.execute(f"PRAGMA {name}={int(value)}")


@contextmanager
def switch_interval(seconds: float) -> Iterator[None]:
    before = sys.getswitchinterval()
    sys.setswitchinterval(seconds)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


# The search index's settings while an import writes to it, and their defaults. Merging its
# segments as it grows costs a third of the index's time on a million rows; the import merges
# none and leaves that to later writes. A big in-memory buffer makes fewer, larger segments.
_SEARCH_BULK: dict[str, object] = {"automerge": 0, "hashsize": 64 << 20}
_SEARCH_DEFAULTS: dict[str, object] = {"automerge": 4, "hashsize": 1 << 20}


@contextmanager
def search_bulk(conn: Connection) -> Iterator[None]:
    """The search index set up for one import, in its transaction (a failed import rolls
    the settings back with everything else)."""
    table = models.SEARCH_TABLE
    rows = conn.exec_driver_sql(f"SELECT k, v FROM {table}_config").all()
    stored: dict[str, object] = {str(k): v for k, v in rows}
    before: dict[str, object] = {k: stored.get(k, d) for k, d in _SEARCH_DEFAULTS.items()}
    for key, value in _SEARCH_BULK.items():
        conn.exec_driver_sql(f"INSERT INTO {table}({table}, rank) VALUES (?, ?)", (key, value))
    yield
    for key, value in before.items():
        conn.exec_driver_sql(f"INSERT INTO {table}({table}, rank) VALUES (?, ?)", (key, value))


