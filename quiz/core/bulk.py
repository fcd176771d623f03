"""Writing many questions at once on SQLite: the import's writer thread and its settings.

`Writer` stores batches of new questions (as `row`s, with their source rows) and changed ones
on the import's connection, in a thread of its own: SQLite takes each batch apart from one JSON
array in one statement, so the GIL is free while it works and the next batch is being read and
checked. `bulk_pragmas`, `search_bulk` and `switch_interval` set SQLite, the search index and
Python up for one import and put everything back afterwards. Other databases get the same
rows through SQLAlchemy, in the caller's thread.
"""

from __future__ import annotations

import json
import queue
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, insert, update
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
    """

    def __init__(self, conn: Connection, before_write: Callable[[], None],
                 threaded: bool) -> None:
        self.conn = conn
        self.before_write = before_write
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
        for rec in changed:
            conn.execute(delete(S).where(S.c.question_id == rec.id))
            conn.execute(update(Q).where(Q.c.id == rec.id).values(**column_values(rec)))
        sources = sources + [(r.id, i, s.article, s.quote, s.start, s.end)
                             for r in changed for i, s in enumerate(r.sources)]
        if conn.dialect.name == "sqlite":
            # The driver directly: SQLAlchemy's per-row statement and type handling would
            # triple the time a big import takes.
            driver = conn.connection.driver_connection
            assert driver is not None
            _insert_all(driver, _INSERT_QUESTION, _QUESTIONS_FROM_JSON, rows)
            _insert_all(driver, _INSERT_SOURCE, _SOURCES_FROM_JSON, sources)
        else:
            if rows:
                conn.execute(insert(Q), [_typed(r) for r in rows])
            if sources:
                conn.execute(insert(S), [dict(zip(_SOURCE_COLUMNS, s, strict=True))
                                         for s in sources])
        if models.has_search_index(conn.dialect.name):
            # Index this batch now, in the same transaction and the same thread: the first
            # search after a big import does not pay for it, and the work overlaps.
            for statement in models.SEARCH_SYNC:
                conn.exec_driver_sql(statement)


_QUESTION_COLUMNS = ("id", "type", "category", "difficulty", "question", "correct_answer",
                     "incorrect_answers", "accepted_answers", "explanation", "origin",
                     "fact_id", "generated", "updated_at", "shuffle")
_SOURCE_COLUMNS = ("question_id", "position", "article_id", "quote", "start", "end")
_INSERT_QUESTION = (f"INSERT INTO question ({', '.join(_QUESTION_COLUMNS)}) "
                    f"VALUES ({', '.join('?' * len(_QUESTION_COLUMNS))})")
_INSERT_SOURCE = ('INSERT INTO source (question_id, position, article_id, quote, start, "end") '
                  "VALUES (?, ?, ?, ?, ?, ?)")


def _from_json(table: str, columns: tuple[str, ...]) -> str:
    picks = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(columns)))
    names = ", ".join(f'"{c}"' for c in columns)
    return f"INSERT INTO {table} ({names}) SELECT {picks} FROM json_each(?)"


_QUESTIONS_FROM_JSON = _from_json("question", _QUESTION_COLUMNS)
_SOURCES_FROM_JSON = _from_json("source", _SOURCE_COLUMNS)
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _insert_all(driver: Any, one_by_one: str, from_json: str, rows: list[tuple[Any, ...]]
                ) -> None:
    """Insert `rows` with one statement: the batch goes in as one JSON array that SQLite takes
    apart itself, so the GIL is free (and the next batch being read) for the whole insert,
    not handed back and forth row by row as executemany does. Text holding NUL characters,
    which SQLite's JSON functions would cut short, goes row by row."""
    if not rows:
        return
    payload = _ENCODE(rows)
    if "\\u0000" in payload:
        driver.executemany(one_by_one, rows)
    else:
        driver.execute(from_json, (payload,))


def row(rec: Record, generated: dict[str, Any] | None, stamp: str) -> tuple[Any, ...]:
    """A new question as the driver stores it: JSON as text, time as SQLAlchemy writes it on
    SQLite (`_stamp`), and its draw-order key."""
    return (rec.id, rec.type, rec.category, rec.difficulty, rec.question, rec.correct_answer,
            json.dumps(rec.incorrect_answers), json.dumps(rec.accepted_answers),
            rec.explanation, rec.origin, rec.fact_id,
            None if generated is None else json.dumps(generated), stamp, models.shuffle_key())


def _typed(stored: tuple[Any, ...]) -> dict[str, Any]:
    """A `_row` as SQLAlchemy's column types take it (JSON as values, time as a datetime)."""
    values = dict(zip(_QUESTION_COLUMNS, stored, strict=True))
    for name in ("incorrect_answers", "accepted_answers", "generated"):
        if values[name] is not None:
            values[name] = json.loads(values[name])
    values["updated_at"] = datetime.strptime(values["updated_at"], "%Y-%m-%d %H:%M:%S.%f"
                                             ).replace(tzinfo=UTC)
    return values


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


