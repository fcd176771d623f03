"""Importing and exporting the bank in any of `quiz.core.formats` (bank JSON, CSV, Open Trivia DB).

Import is two steps. `plan_import` reads the whole file without writing anything and counts
what it would do: new, updated and unchanged questions, and every rejected question with the
reason. `import_file` writes it, all or nothing: it checks every question again as it goes and
rolls everything back at the first one it rejects (the file may have changed since the plan).
Files are streamed and written in batches, so a million questions need no more memory than a
thousand. On SQLite a batch is stored in a thread of its own (`_Writer`) while the next one
is read and checked, and the search index is brought up to date batch by batch, in the same
transaction.
"""

from __future__ import annotations

import hashlib
import json
import queue
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from quiz.core import backup, formats, models
from quiz.core.db import Database
from quiz.core.editing import Change, Record, SourceRef, content, load_in, located, origin_of
from quiz.core.errors import QuizError
from quiz.core.formats import Invalid
from quiz.core.formats.streaming import MAX_DEPTH, depth
from quiz.core.rules import MAX_ID, Draft
from quiz.core.validation import MAX_SOURCES, check

FORMAT = "kpop-quiz-bank"
VERSION = 1
ORIGINS = ("generated", "edited", "user")
MAX_ARTICLE_TEXT = 200_000
MAX_TITLE = 300
MAX_ARTICLE_ID = 80
MAX_FILE_BYTES = 2 << 30  # 2 GiB: a million questions take about 500 MB
MAX_QUESTIONS = 2_000_000
MAX_LISTED = 1000  # rejections a plan keeps to show; it counts them all
MAX_UNDO = 20_000  # an import touching more questions cannot be undone from the editor
BATCH = 2000  # questions read, checked and stored together
# While SQLite stores a batch in its thread, this one holds the GIL for Python's default 5 ms
# at a time: each statement of the writer would wait that long to hand its result back.
SWITCH_INTERVAL_S = 0.0005
IMPORT_CACHE_KIB = 256 * 1024  # SQLite's page cache while importing: indexes grow at random

Q = models.Question.__table__  # type: ignore[attr-defined]
S = models.Source.__table__  # type: ignore[attr-defined]
A = models.Article.__table__  # type: ignore[attr-defined]
F = models.Fact.__table__  # type: ignore[attr-defined]

Progress = Callable[[int], None]


def export(db: Database, out: IO[str], fmt: str = "json") -> int:
    """Write the whole bank to `out` in `fmt`; returns the number of questions written."""
    return formats.write(db, out, fmt)


def export_bank(db: Database, out: IO[str]) -> int:
    """Write the whole bank as bank JSON; returns the number of questions written."""
    return export(db, out, "json")


@dataclass(frozen=True)
class Rejection:
    """A question an import refuses: where it is in the file, the field, and why."""

    where: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.field}: {self.message}" if self.field else \
            f"{self.where}: {self.message}"


@dataclass
class ImportPlan:
    """What importing a file would do."""

    path: Path
    format: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    articles_new: int = 0
    rejected: list[Rejection] = field(default_factory=list)  # the first MAX_LISTED
    rejected_count: int = 0

    @property
    def ok(self) -> bool:
        """True when nothing is rejected, so the import can be applied."""
        return self.rejected_count == 0

    @property
    def total(self) -> int:
        """How many questions the file holds."""
        return self.new + self.updated + self.unchanged + self.rejected_count


@dataclass(frozen=True)
class ImportReport:
    """What an import did; `change` undoes it (None if it touched more than MAX_UNDO)."""

    added: int
    updated: int
    unchanged: int
    articles_added: int
    change: Change | None = field(default=None, compare=False)


class _Rejected(Exception):
    def __init__(self, field_: str, message: str) -> None:
        super().__init__(message)
        self.field = field_
        self.message = message


def _str(obj: dict[str, Any], name: str, default: str | None = None) -> str:
    value = obj.get(name, default)
    if not isinstance(value, str):
        raise _Rejected(name, "must be a string" if name in obj else "is missing")
    if not value.isascii():
        _unicode(name, value)
    return value


def _str_list(obj: dict[str, Any], name: str) -> list[str]:
    value = obj.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Rejected(name, "must be a list of strings")
    for v in value:
        if not v.isascii():
            _unicode(name, v)
    return list(value)


def _unicode(name: str, value: str) -> None:
    """_Rejected if `value` cannot be stored as UTF-8 (JSON's "\\ud800" escapes allow it)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _Rejected(name, "is not valid Unicode (it holds an unpaired surrogate "
                              "escape such as \\ud800)") from None


def _articles(path: Path, raw: list[Any], texts: dict[str, str]) -> list[dict[str, Any]]:
    """The file's articles not yet in the bank; a QuizError for one that is malformed."""
    new: list[dict[str, Any]] = []
    for i, obj in enumerate(raw, 1):
        where = f"{path}: article {i}"
        try:
            if not isinstance(obj, dict):
                raise _Rejected("", "must be an object")
            aid = _str(obj, "id")
            where = f"{path}: article {aid!r}"
            if not aid or len(aid) > MAX_ARTICLE_ID:
                raise _Rejected("id", f"must be 1 to {MAX_ARTICLE_ID} characters")
            text = _str(obj, "text")
            title = _str(obj, "title", "")
            if len(text) > MAX_ARTICLE_TEXT:
                raise _Rejected("text", f"is longer than {MAX_ARTICLE_TEXT:,} characters")
            if len(title) > MAX_TITLE:
                raise _Rejected("title", f"is longer than {MAX_TITLE} characters")
            meta = {k: _str(obj, k, "") for k in ("publication", "author", "url")}
            if any(len(v) > MAX_TITLE for v in meta.values()):
                raise _Rejected("", f"publication, author and url: at most {MAX_TITLE} "
                                    f"characters each")
        except _Rejected as exc:
            raise QuizError(str(Rejection(where, exc.field, exc.message))) from None
        if aid in texts:
            if texts[aid] != text:
                raise QuizError(f"{where}: text differs from the article already in the bank")
            continue
        texts[aid] = text
        new.append({"id": aid, "title": title or aid, "text": text, **meta})
    return new


class _TooDeep(Exception):
    """A question nests JSON deeper than the cap: the whole file is refused."""


_SOURCE_FIELDS = frozenset({"article", "quote", "start", "end"})
_FIELDS = frozenset({"id", "type", "category", "difficulty", "question", "correct_answer",
                     "incorrect_answers", "accepted_answers", "explanation", "sources", "origin",
                     "fact"})


def _shallow(obj: dict[str, Any], known: frozenset[str], where: str) -> None:
    """Fields are type-checked one by one; anything else may not nest too deeply."""
    if obj.keys() <= known:
        return
    for key, value in obj.items():
        if key not in known and isinstance(value, (dict, list)) and depth(value) > MAX_DEPTH - 2:
            raise _TooDeep(f"{where}{key}: JSON nested deeper than {MAX_DEPTH} levels")


def _parse(obj: Any, texts: dict[str, str], facts: set[str]) -> tuple[Record, Draft]:
    """The question in file item `obj` as it would be stored; _Rejected if it is malformed.

    The rules are checked later (`_Importer.flush`), and only for questions that are new or changed:
    what is already stored unchanged passed them when it was stored.
    """
    if isinstance(obj, Invalid):
        raise _Rejected(obj.field, obj.message)
    if isinstance(obj, list) and depth(obj) > MAX_DEPTH - 1:
        raise _TooDeep(f"JSON nested deeper than {MAX_DEPTH} levels")
    if not isinstance(obj, dict):
        raise _Rejected("", "must be an object")
    _shallow(obj, _FIELDS, "field ")
    draft = Draft(
        type=_str(obj, "type"), category=_str(obj, "category"),
        difficulty=_str(obj, "difficulty"), question=_str(obj, "question"),
        correct_answer=_str(obj, "correct_answer"),
        incorrect_answers=_str_list(obj, "incorrect_answers"),
        accepted_answers=_str_list(obj, "accepted_answers"),
        explanation=_str(obj, "explanation", ""),
    )
    raw_sources = obj.get("sources", [])
    if not isinstance(raw_sources, list) or len(raw_sources) > MAX_SOURCES:
        raise _Rejected("sources", f"must be a list of at most {MAX_SOURCES}")
    sources = []
    for j, src in enumerate(raw_sources, 1):
        if not isinstance(src, dict):
            raise _Rejected(f"sources[{j}]", "must be an object")
        _shallow(src, _SOURCE_FIELDS, f"field sources[{j}].")
        start, end = src.get("start", -1), src.get("end", -1)
        if not isinstance(start, int) or not isinstance(end, int):
            raise _Rejected(f"sources[{j}]", "start and end must be whole numbers")
        sources.append(SourceRef(_str(src, "article"), _str(src, "quote"), start, end))
    draft.sources = [(s.article, s.quote) for s in sources]
    origin = _str(obj, "origin", "user")
    if origin not in ORIGINS:
        raise _Rejected("origin", f"must be one of {', '.join(ORIGINS)}")
    qid = obj.get("id")
    if qid is None:
        digest = hashlib.sha1(f"{draft.question}\0{draft.correct_answer}".encode()).hexdigest()
        qid = f"user-{digest[:12]}"
    if not isinstance(qid, str) or not qid or len(qid) > MAX_ID:
        raise _Rejected("id", f"must be a string of 1 to {MAX_ID} characters")
    if not qid.isascii():
        _unicode("id", qid)
    fact = obj.get("fact")
    if fact is not None and not isinstance(fact, str):
        raise _Rejected("fact", "must be a string or null")
    return Record(
        id=qid, type=draft.type, category=draft.category, difficulty=draft.difficulty,
        question=draft.question, correct_answer=draft.correct_answer,
        incorrect_answers=tuple(draft.incorrect_answers),
        accepted_answers=tuple(draft.accepted_answers), explanation=draft.explanation,
        origin=origin, fact_id=fact if fact in facts else None,
        sources=located(sources, texts)), draft


def _snapshot(rec: Record) -> dict[str, Any]:
    """What `restore` puts back for a generated question first seen in an imported file."""
    snap = content(rec)
    snap["sources"] = [{"article": s.article, "quote": s.quote, "start": s.start, "end": s.end}
                       for s in rec.sources]
    return snap


def _same(old: Record, new: Record) -> bool:
    return (content(old) == content(new) and old.origin == new.origin
            and old.fact_id == new.fact_id)


def _values(rec: Record) -> dict[str, Any]:
    return {"id": rec.id, "type": rec.type, "category": rec.category,
            "difficulty": rec.difficulty, "question": rec.question,
            "correct_answer": rec.correct_answer,
            "incorrect_answers": list(rec.incorrect_answers),
            "accepted_answers": list(rec.accepted_answers), "explanation": rec.explanation,
            "origin": rec.origin, "fact_id": rec.fact_id, "generated": rec.generated,
            "updated_at": rec.updated_at}


_Batch = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[Record]]


class _Writer:
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
            conn.execute(update(Q).where(Q.c.id == rec.id).values(**_values(rec)))
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


class _Importer:
    """One pass over a file: classify every question, and (when writing) store it."""

    def __init__(self, reads: Connection, writer: _Writer | None, keep_undo: bool,
                 texts: dict[str, str]) -> None:
        self.reads = reads
        self.writer = writer
        self.keep_undo = keep_undo
        self.texts = texts
        self.new = self.updated = self.unchanged = 0
        self.before: list[tuple[str, Record | None]] = []
        self.after: list[tuple[str, Record | None]] = []

    def flush(self, batch: list[tuple[int, str, Record, Draft]]) -> list[tuple[int, Rejection]]:
        """Classify and (when writing) store `batch`; the new or changed questions that break
        a rule are returned, with their position in the file, and not stored."""
        if not batch:
            return []
        existing = load_in(self.reads, [r.id for _n, _w, r, _d in batch])
        now = models.utcnow()
        stamp = _stamp(now)
        added: list[Record] = []
        rows: list[tuple[Any, ...]] = []  # new questions, as the driver stores them
        fresh: list[Record] = []  # the same, as read
        changed: list[Record] = []
        rejected: list[tuple[int, Rejection]] = []
        for n, where, rec, draft in batch:
            old = existing.get(rec.id)
            if old is not None and _same(old, rec):
                self.unchanged += 1
                continue
            found = check(draft, self.texts)
            if found:
                rejected.append((n, Rejection(where, found[0].field, found[0].message)))
                continue
            if old is None:
                snap = _snapshot(rec) if rec.origin == "generated" else None
                rows.append(_row(rec, snap, stamp))
                fresh.append(rec)
                if self.keep_undo:
                    added.append(replace(rec, generated=snap, updated_at=now))
            else:
                new = replace(rec, generated=old.generated, updated_at=now)
                if new.origin != "user" and old.generated is not None:
                    new = replace(new, origin=origin_of(new))
                changed.append(new)
        self.new += len(rows)
        self.updated += len(changed)
        if self.keep_undo and self.new + self.updated > MAX_UNDO:
            self.keep_undo = False
            self.before.clear()
            self.after.clear()
        if self.keep_undo:
            self.before += [(r.id, None) for r in added] + [(r.id, existing[r.id])
                                                            for r in changed]
            self.after += [(r.id, r) for r in added + changed]
        if self.writer is not None and not rejected:
            sources = [(r.id, i, s.article, s.quote, s.start, s.end)
                       for r in fresh for i, s in enumerate(r.sources)]
            self.writer.put(rows, sources, changed)
        return rejected


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


def _row(rec: Record, generated: dict[str, Any] | None, stamp: str) -> tuple[Any, ...]:
    """A new question as the driver stores it: JSON as text, time as SQLAlchemy writes it on
    SQLite (`_stamp`), and its draw-order key."""
    return (rec.id, rec.type, rec.category, rec.difficulty, rec.question, rec.correct_answer,
            json.dumps(rec.incorrect_answers), json.dumps(rec.accepted_answers),
            rec.explanation, rec.origin, rec.fact_id,
            None if generated is None else json.dumps(generated), stamp, models.shuffle_key())


def _typed(row: tuple[Any, ...]) -> dict[str, Any]:
    """A `_row` as SQLAlchemy's column types take it (JSON as values, time as a datetime)."""
    values = dict(zip(_QUESTION_COLUMNS, row, strict=True))
    for name in ("incorrect_answers", "accepted_answers", "generated"):
        if values[name] is not None:
            values[name] = json.loads(values[name])
    values["updated_at"] = datetime.strptime(values["updated_at"], "%Y-%m-%d %H:%M:%S.%f"
                                             ).replace(tzinfo=UTC)
    return values


def _stamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M:%S.%f")


def _run(db: Database, path: Path, fmt: str | None, write: bool,
         progress: Progress | None = None, keep_undo: bool = False
         ) -> tuple[ImportPlan, _Importer]:
    fmt = fmt or formats.detect(path)
    _check_size(path)
    reader = formats.open_file(path, fmt)
    plan = ImportPlan(path, fmt)
    backed_up: list[bool] = []

    def before_write() -> None:
        # Only an import that is about to change something is worth a backup slot.
        if not backed_up and db.file is not None:
            backup.take(db.file, "import")
        backed_up.append(True)

    try:
        with db.connect(write=write, what="import") as conn, _bulk_pragmas(conn), \
                conn.begin() as tx, ExitStack() as stack:
            texts = {i: t for i, t in conn.execute(select(A.c.id, A.c.text))}
            new_articles = _articles(path, reader.articles(), texts)
            plan.articles_new = len(new_articles)
            if write and new_articles:
                before_write()
                conn.execute(insert(A), new_articles)
            facts = set(conn.execute(select(F.c.id)).scalars())
            # SQLite stores in a thread of its own while this one reads and checks; questions
            # are looked up on a second connection, which sees the bank as it was before the
            # import (ids are unique in a file, so nothing written here is looked up again).
            if write and models.has_search_index(conn.dialect.name):
                stack.enter_context(_search_bulk(conn))
            # (An in-memory database has one connection for all: it writes in this thread.)
            threaded = write and conn.dialect.name == "sqlite" and db.file is not None
            writer = _Writer(conn, before_write, threaded) if write else None
            if threaded:
                stack.enter_context(_switch_interval(SWITCH_INTERVAL_S))
            try:
                with db.engine.connect() if threaded else nullcontext(conn) as reads, \
                        _bulk_pragmas(reads) if threaded else nullcontext():
                    importer = _Importer(reads, writer, keep_undo, texts)
                    done = _questions(path, reader, importer, plan, texts, facts, write,
                                      progress)
                if writer is not None:
                    writer.finish()
            finally:
                if writer is not None:
                    writer.stop()
            if write and models.has_search_index(conn.dialect.name):
                # Anything still pending (edits made before the import) is indexed too.
                for statement in models.SEARCH_SYNC:
                    conn.exec_driver_sql(statement)
            if progress is not None:
                progress(done)
            if not write:
                tx.rollback()
    finally:
        reader.close()
    plan.new, plan.updated, plan.unchanged = importer.new, importer.updated, importer.unchanged
    return plan, importer


def _questions(path: Path, reader: formats.BankFile, importer: _Importer, plan: ImportPlan,
               texts: dict[str, str], facts: set[str], write: bool,
               progress: Progress | None) -> int:
    """Read, classify and (through the importer) store every question of the file; the
    number read. A QuizError at the first rejected question when writing."""
    seen: set[str] = set()
    batch: list[tuple[int, str, Record, Draft]] = []
    rejected: list[tuple[int, Rejection]] = []

    def reject(found: list[tuple[int, Rejection]]) -> None:
        if write and found:
            raise QuizError(f"{path}: {min(found, key=lambda f: f[0])[1]}")
        plan.rejected_count += len(found)
        rejected.extend(found[:MAX_LISTED - len(rejected)])

    done = 0
    for where, obj in reader.questions():
        done += 1
        if done > MAX_QUESTIONS:
            raise QuizError(f"{path}: more than {MAX_QUESTIONS:,} questions (the most "
                            f"one file may hold); nothing was imported")
        try:
            rec, draft = _parse(obj, texts, facts)
            if rec.id in seen:
                raise _Rejected("id", f"{rec.id!r} appears twice in the file")
        except _TooDeep as exc:
            raise QuizError(f"{path}: {where}: {exc}") from None
        except _Rejected as exc:
            found = [(done, Rejection(where, exc.field, exc.message))]
            if write:  # name the first bad question in the file, maybe one still queued
                found += importer.flush(batch)
            reject(found)
            continue
        seen.add(rec.id)
        batch.append((done, where, rec, draft))
        if len(batch) >= BATCH:
            reject(importer.flush(batch))
            batch = []
            if progress is not None:
                progress(done)
    reject(importer.flush(batch))
    plan.rejected = [r for _n, r in sorted(rejected, key=lambda f: f[0])]
    return done


@contextmanager
def _bulk_pragmas(conn: Connection) -> Iterator[None]:
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
def _switch_interval(seconds: float) -> Iterator[None]:
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
def _search_bulk(conn: Connection) -> Iterator[None]:
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


def _check_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError:
        return  # the reader names the problem
    if size > MAX_FILE_BYTES:
        raise QuizError(f"{path}: the file is {size:,} bytes; one import reads at most "
                        f"{MAX_FILE_BYTES:,} bytes, so nothing was imported")


def plan_import(db: Database, path: Path, fmt: str | None = None,
                progress: Progress | None = None) -> ImportPlan:
    """What importing the file at `path` would do, changing nothing.

    A QuizError if the file as a whole is unusable (unreadable, wrong format, bad article);
    a question that breaks a rule is counted as rejected, with the reason.
    """
    return _run(db, path, fmt, write=False, progress=progress)[0]


def import_file(db: Database, path: Path, fmt: str | None = None,
                progress: Progress | None = None, undoable: bool = False) -> ImportReport:
    """Add or update every question of the file at `path`, all or nothing.

    A QuizError naming the file, the question and the field at the first rejected question;
    then nothing is changed. With `undoable`, the report carries the change that undoes it.
    """
    plan, importer = _run(db, path, fmt, write=True, progress=progress, keep_undo=undoable)
    change = None
    if undoable and importer.keep_undo:
        change = Change(f"Import {path.name}", tuple(importer.before), tuple(importer.after))
    return ImportReport(plan.new, plan.updated, plan.unchanged, plan.articles_new, change)
