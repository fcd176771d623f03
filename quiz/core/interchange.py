"""Importing and exporting the bank in any of `quiz.core.formats` (bank JSON, CSV, Open Trivia DB
and Anki decks both ways; Kahoot, GIFT, Moodle XML and Quizlet export only).

Export goes to a text stream (`export`, `export_text`) or to a file (`export_file`, in the
format the file's name says unless one is given), and reports what the format left out.

Import is two steps. `plan_import` reads the whole file without writing anything and counts
what it would do: new, updated and unchanged questions, and every rejected question with the
reason. `import_file` writes it, all or nothing: it checks every question again as it goes and
rolls everything back at the first one it rejects (the file may have changed since the plan).
Files are streamed and written in batches, so a million questions need no more memory than a
thousand. On SQLite a batch is stored in a thread of its own (`quiz.core.bulk`) while the next one
is read and checked, and the search index is brought up to date batch by batch, in the same
transaction.
"""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from json.encoder import encode_basestring_ascii
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from quiz.core import backup, bulk, formats, models
from quiz.core.db import Database
from quiz.core.editing import (
    Change,
    Record,
    content,
    imported_record,
    imported_source,
    load_in,
    located,
    origin_of,
)
from quiz.core.errors import QuizError
from quiz.core.formats import Invalid
from quiz.core.formats.streaming import MAX_DEPTH, depth
from quiz.core.rules import MAX_ID, Draft
from quiz.core.validation import MAX_SOURCES, check

if TYPE_CHECKING:
    from quiz.core.formats.typed_question import Question

FORMAT = "kpop-quiz-bank"
VERSION = 1
ORIGINS = ("generated", "edited", "user", "drafted")
MAX_ARTICLE_TEXT = 200_000
MAX_TITLE = 300
MAX_ARTICLE_ID = 80
MAX_FILE_BYTES = 2 << 30  # 2 GiB: a million questions take about 500 MB
MAX_QUESTIONS = 2_000_000
MAX_LISTED = 1000  # rejections a plan keeps to show; it counts them all
MAX_UNDO = 20_000  # an import touching more questions cannot be undone from the editor
BATCH = 2000  # questions read, checked and stored together
A = models.Article.__table__  # type: ignore[attr-defined]
F = models.Fact.__table__  # type: ignore[attr-defined]
Q = models.Question.__table__  # type: ignore[attr-defined]
KNOWN_IDS = 200_000  # a bank up to this size has its ids read once, not probed per batch

Progress = Callable[[int], None]


def export(db: Database, out: IO[str], fmt: str = "json") -> int:
    """Write the whole bank to `out` in `fmt`; returns the number of questions written."""
    return formats.write(db, out, fmt)


def export_text(db: Database, out: IO[str], fmt: str) -> formats.ExportReport:
    """Write the whole bank to the text stream `out` in `fmt`: what was written, what left out."""
    report = formats.ExportReport(fmt)
    formats.write_text(db, out, report)
    return report


def export_file(db: Database, path: Path, fmt: str | None = None) -> formats.ExportReport:
    """Write the whole bank to the file at `path`, in `fmt` or the format its name says.

    The file appears whole or not at all (it is written beside, then renamed); a QuizError
    names the file and the problem, and a clash of name and format writes nothing.
    """
    fmt = formats.from_name(path, fmt)
    report = formats.ExportReport(fmt)
    partial = path.with_name(path.name + ".part")
    try:
        if fmt in formats.BINARY:
            formats.write_binary(db, partial, report)
        else:
            # newline="": CSV rows end in CRLF by the format's rule, on every platform.
            with partial.open("w", encoding="utf-8", newline="") as fh:
                formats.write_text(db, fh, report)
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise QuizError(f"{path}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return report


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
    uncited: int = 0  # new or updated questions without a source
    notes: list[str] = field(default_factory=list)  # what the file held that was not kept

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
    uncited: int = 0  # added or updated questions without a source
    notes: tuple[str, ...] = ()  # what the file held that was not kept (an Anki deck's media)


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
    draft = _plain_draft(obj) or _draft(obj)
    raw_sources = obj.get("sources", [])
    if not isinstance(raw_sources, list) or len(raw_sources) > MAX_SOURCES:
        raise _Rejected("sources", f"must be a list of at most {MAX_SOURCES}")
    sources = []
    for j, src in enumerate(raw_sources, 1):
        if not isinstance(src, dict):
            raise _Rejected(f"sources[{j}]", "must be an object")
        if not src.keys() <= _SOURCE_FIELDS:
            _shallow(src, _SOURCE_FIELDS, f"field sources[{j}].")
        start, end = src.get("start", -1), src.get("end", -1)
        if not isinstance(start, int) or not isinstance(end, int):
            raise _Rejected(f"sources[{j}]", "start and end must be whole numbers")
        article, quote = _str(src, "article"), _str(src, "quote")
        sources.append(imported_source(article, quote, start, end))
        draft.sources.append((article, quote))
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
    return imported_record(
        id=qid, type=draft.type, category=draft.category, difficulty=draft.difficulty,
        question=draft.question, correct_answer=draft.correct_answer,
        incorrect_answers=tuple(draft.incorrect_answers),
        accepted_answers=tuple(draft.accepted_answers), explanation=draft.explanation,
        origin=origin, fact_id=fact if fact in facts else None,
        sources=located(sources, texts)), draft


def _parse_typed(q: Question, texts: dict[str, str], facts: set[str]) -> tuple[Record, Draft]:
    """_parse for a question msgspec decoded: every field already of its type, and every
    string valid Unicode (msgspec refuses an unpaired surrogate escape)."""
    qid = q.id
    if len(q.sources) > MAX_SOURCES or q.origin not in ORIGINS or (
            qid is not None and not 0 < len(qid) <= MAX_ID):
        return _parse(q.as_dict(), texts, facts)  # named as in any other file
    draft = Draft(q.type, q.category, q.difficulty, q.question, q.correct_answer,
                  q.incorrect_answers, q.accepted_answers, q.explanation)
    sources = [imported_source(s.article, s.quote, s.start, s.end) for s in q.sources]
    draft.sources = [(s.article, s.quote) for s in sources]
    if qid is None:
        digest = hashlib.sha1(f"{draft.question}\0{draft.correct_answer}".encode()).hexdigest()
        qid = f"user-{digest[:12]}"
    fact = q.fact
    return imported_record(
        id=qid, type=draft.type, category=draft.category, difficulty=draft.difficulty,
        question=draft.question, correct_answer=draft.correct_answer,
        incorrect_answers=tuple(draft.incorrect_answers),
        accepted_answers=tuple(draft.accepted_answers), explanation=draft.explanation,
        origin=q.origin, fact_id=fact if fact in facts else None,
        sources=located(sources, texts)), draft


def _plain_draft(obj: dict[str, Any]) -> Draft | None:
    """The draft in `obj` if each of its fields is a string (or a list of strings) that can be
    stored, checked all at once; else None, and `_draft` names the first field that is not."""
    get = obj.get
    wrong, accepted = get("incorrect_answers", []), get("accepted_answers", [])
    if type(wrong) is not list or type(accepted) is not list:
        return None
    kind, category, difficulty, stem, answer, explanation = fields = [
        get("type"), get("category"), get("difficulty"), get("question"), get("correct_answer"),
        get("explanation", "")]
    try:
        text = "".join(fields + wrong + accepted)  # a TypeError if one is not a string
    except TypeError:
        return None
    if not text.isascii():
        try:
            text.encode("utf-8")  # no unpaired surrogate in any of them
        except UnicodeEncodeError:
            return None
    return Draft(kind, category, difficulty, stem, answer, wrong[:], accepted[:], explanation)


def _draft(obj: dict[str, Any]) -> Draft:
    return Draft(
        type=_str(obj, "type"), category=_str(obj, "category"),
        difficulty=_str(obj, "difficulty"), question=_str(obj, "question"),
        correct_answer=_str(obj, "correct_answer"),
        incorrect_answers=_str_list(obj, "incorrect_answers"),
        accepted_answers=_str_list(obj, "accepted_answers"),
        explanation=_str(obj, "explanation", ""),
    )


def _snapshot(rec: Record) -> dict[str, Any]:
    """What `restore` puts back for a generated question first seen in an imported file."""
    snap = content(rec)
    snap["sources"] = [{"article": s.article, "quote": s.quote, "start": s.start, "end": s.end}
                       for s in rec.sources]
    return snap


_enc = encode_basestring_ascii


def _snapshot_json(rec: Record) -> str:
    """json.dumps(_snapshot(rec)), to the byte, without building the snapshot: a generated
    question's snapshot is a fifth of what an import of one costs on the reading side."""
    cited = []
    for s in rec.sources:
        if type(s.start) is not int or type(s.end) is not int:  # (a file's true or false)
            return json.dumps(_snapshot(rec))
        cited.append(f'{{"article": {_enc(s.article)}, "quote": {_enc(s.quote)}, '
                     f'"start": {s.start}, "end": {s.end}}}')
    return (f'{{"type": {_enc(rec.type)}, "category": {_enc(rec.category)}, '
            f'"difficulty": {_enc(rec.difficulty)}, "question": {_enc(rec.question)}, '
            f'"correct_answer": {_enc(rec.correct_answer)}, '
            f'"incorrect_answers": {bulk.json_strings(rec.incorrect_answers)}, '
            f'"accepted_answers": {bulk.json_strings(rec.accepted_answers)}, '
            f'"explanation": {_enc(rec.explanation)}, "sources": [{", ".join(cited)}]}}')


def _same(old: Record, new: Record) -> bool:
    return (content(old) == content(new) and old.origin == new.origin
            and old.fact_id == new.fact_id)


class _Importer:
    """One pass over a file: classify every question, and (when writing) store it."""

    def __init__(self, reads: Connection, writer: bulk.Writer | None, keep_undo: bool,
                 texts: dict[str, str]) -> None:
        self.reads = reads
        self.writer = writer
        self.keep_undo = keep_undo
        self.texts = texts
        self.new = self.updated = self.unchanged = self.uncited = 0
        self.before: list[tuple[str, Record | None]] = []
        self.after: list[tuple[str, Record | None]] = []
        self.known: set[str] | None = None  # every id of a small bank, once read
        self.probe = False  # a big bank: each batch asks which of its ids are stored

    def _existing(self, ids: list[str]) -> dict[str, Record]:
        """The stored questions among `ids`, as the bank was before the import."""
        if self.known is None:
            found = self.reads.execute(select(Q.c.id).limit(KNOWN_IDS + 1)).scalars().all()
            self.known = set(found) if len(found) <= KNOWN_IDS else set()
            self.probe = len(found) > KNOWN_IDS
        if self.probe:
            return _stored(self.reads, ids)
        known = self.known
        hits = [i for i in ids if i in known]
        return load_in(self.reads, hits) if hits else {}

    def flush(self, batch: list[tuple[int, str, Record, Draft]]) -> list[tuple[int, Rejection]]:
        """Classify and (when writing) store `batch`; the new or changed questions that break
        a rule are returned, with their position in the file, and not stored."""
        if not batch:
            return []
        existing = self._existing([r.id for _n, _w, r, _d in batch])
        now = models.utcnow()
        stamp = bulk.stamp(now)
        storing = self.writer is not None
        added: list[Record] = []
        rows: list[tuple[Any, ...]] = []  # new questions, as the driver stores them
        fresh: list[Record] = []  # the same, as read
        changed: list[Record] = []
        new_count = 0
        rejected: list[tuple[int, Rejection]] = []
        for n, where, rec, draft in batch:
            old = existing.get(rec.id)
            if old is not None and _same(old, rec):
                self.unchanged += 1
                continue
            found = check(draft, self.texts, warnings=False)
            if found:
                rejected.append((n, Rejection(where, found[0].field, found[0].text)))
                continue
            if not rec.sources:
                self.uncited += 1
            if old is None:
                new_count += 1
                if not storing:  # a plan only counts it
                    continue
                generated = rec.origin == "generated"
                rows.append(bulk.row(rec, _snapshot_json(rec) if generated else None, stamp))
                fresh.append(rec)
                if self.keep_undo:
                    added.append(replace(rec, generated=_snapshot(rec) if generated else None,
                                         updated_at=now))
            else:
                new = replace(rec, generated=old.generated, updated_at=now)
                if new.origin != "user" and old.generated is not None:
                    new = replace(new, origin=origin_of(new))
                changed.append(new)
        self.new += new_count
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


def _stored(conn: Connection, ids: list[str]) -> dict[str, Record]:
    """load_in, asking SQLite first which of `ids` it holds at all: a new question costs an
    index probe, not its share of a statement built for 2,000 (most of a big import is new)."""
    if conn.dialect.name == "sqlite":
        driver = conn.connection.driver_connection
        assert driver is not None
        found = []
        for start in range(0, len(ids), _PROBE):  # (SQLite before 3.32 binds 999 at most)
            part = ids[start:start + _PROBE]
            found += [i for (i,) in driver.execute(
                f"SELECT id FROM question WHERE id IN ({', '.join('?' * len(part))})", part)]
        if not found:
            return {}
        ids = found
    return load_in(conn, ids)


_PROBE = 500


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
        with db.connect(write=write, what="import") as conn, bulk.bulk_pragmas(conn), \
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
                stack.enter_context(bulk.search_bulk(conn))
            # (An in-memory database has one connection for all: it writes in this thread.)
            threaded = write and conn.dialect.name == "sqlite" and db.file is not None
            size = db.backend.size(conn) if write else 0  # near enough, without a count
            writer = bulk.Writer(conn, before_write, threaded, size) if write else None
            if threaded:
                stack.enter_context(bulk.switch_interval(bulk.SWITCH_INTERVAL_S))
            try:
                with db.engine.connect() if threaded else nullcontext(conn) as reads, \
                        bulk.bulk_pragmas(reads) if threaded else nullcontext():
                    importer = _Importer(reads, writer, keep_undo, texts)
                    done = _questions(path, reader, importer, plan, texts, facts, write,
                                      progress)
                if writer is not None:
                    writer.finish()
                    writer.restore()
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
    plan.uncited = importer.uncited
    plan.notes = list(getattr(reader, "notes", list)())
    return plan, importer


def _questions(path: Path, reader: formats.BankFile, importer: _Importer, plan: ImportPlan,
               texts: dict[str, str], facts: set[str], write: bool,
               progress: Progress | None) -> int:
    """Read, classify and (through the importer) store every question of the file; the
    number read. A QuizError at the first rejected question when writing."""
    with _collector_paused():
        return _read_questions(path, reader, importer, plan, texts, facts, write, progress)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off meanwhile (as it was after). Reading makes some twenty
    objects a question, none in a cycle (reference counting frees them all), and a batch
    lives long enough for the collector to walk it again and again: a fifth of the time."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _read_questions(path: Path, reader: formats.BankFile, importer: _Importer,
                    plan: ImportPlan, texts: dict[str, str], facts: set[str], write: bool,
                    progress: Progress | None) -> int:
    seen: set[str] = set()
    batch: list[tuple[int, str, Record, Draft]] = []
    rejected: list[tuple[int, Rejection]] = []

    def reject(found: list[tuple[int, Rejection]]) -> None:
        if write and found:
            raise QuizError(f"{path}: {min(found, key=lambda f: f[0])[1]}")
        plan.rejected_count += len(found)
        rejected.extend(found[:MAX_LISTED - len(rejected)])

    from quiz.core.formats.typed_question import Question

    done = 0
    for where, obj in reader.questions():
        done += 1
        if done > MAX_QUESTIONS:
            raise QuizError(f"{path}: more than {MAX_QUESTIONS:,} questions (the most "
                            f"one file may hold); nothing was imported")
        try:
            rec, draft = _parse_typed(obj, texts, facts) if type(obj) is Question else \
                _parse(obj, texts, facts)
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
    return ImportReport(plan.new, plan.updated, plan.unchanged, plan.articles_new, change,
                        plan.uncited, tuple(plan.notes))
