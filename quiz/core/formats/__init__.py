"""The file formats a bank is exported to and imported from.

| format    | file                                                                  |
|-----------|-----------------------------------------------------------------------|
| `json`    | the bank JSON of DESIGN.md (`"format": "kpop-quiz-bank"`), articles included |
| `csv`     | one row per question, columns in `quiz.core.formats.csv_table.COLUMNS`   |
| `opentdb` | an Open Trivia Database API response (`{"response_code": 0, "results": [...]}`) |
| `anki`    | an Anki deck package (`.apkg`); import reads Basic and Cloze notes      |
| `kahoot`  | Kahoot's "import from spreadsheet" template (`.xlsx`), export only       |
| `gift`    | Moodle's GIFT text format, export only                                  |
| `moodle`  | Moodle XML, export only                                                 |
| `quizlet` | the term<TAB>definition lines Quizlet's import box takes, export only   |

Every reader turns its file into questions shaped like a bank JSON question (an "item"), so
one importer (`quiz.core.interchange`) validates and stores them all. Readers stream: a file
is never read whole into memory. A writer that cannot hold a question leaves it out and says
so in its `ExportReport`, never cutting it silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from sqlalchemy import select

from quiz.core import models
from quiz.core.db import Database
from quiz.core.errors import QuizError
from quiz.core.formats.streaming import open_text

FORMATS = ("json", "csv", "opentdb", "anki", "kahoot", "gift", "moodle", "quizlet")  # export
IMPORTS = ("json", "csv", "opentdb", "anki")
ROUND_TRIP = ("json", "csv")  # export then import gives back the very same bank
BINARY = frozenset({"anki", "kahoot"})  # written to a file, never to a text stream
LABELS = {"json": "Question bank JSON", "csv": "CSV spreadsheet",
          "opentdb": "Open Trivia Database JSON", "anki": "Anki deck",
          "kahoot": "Kahoot spreadsheet", "gift": "Moodle GIFT", "moodle": "Moodle XML",
          "quizlet": "Quizlet text"}
EXTENSIONS = {"json": ".json", "csv": ".csv", "opentdb": ".json", "anki": ".apkg",
              "kahoot": ".xlsx", "gift": ".gift", "moodle": ".xml", "quizlet": ".txt"}
BY_EXTENSION = {".json": "json", ".csv": "csv", ".apkg": "anki", ".xlsx": "kahoot",
                ".gift": "gift", ".xml": "moodle", ".txt": "quizlet"}
MAX_LISTED = 1000  # questions a report names; it counts them all
KIND_NAMES = {"multiple": "multiple-choice", "boolean": "true/false", "cloze": "fill-in-the-blank",
              "numeric": "typed-number", "text": "typed-answer"}

Q = models.Question.__table__  # type: ignore[attr-defined]
S = models.Source.__table__  # type: ignore[attr-defined]
A = models.Article.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Invalid:
    """A question a reader could not even turn into an item: which field, and why."""

    field: str
    message: str


class BankFile(Protocol):
    """A file being read: its articles (if it carries any), then its questions one by one."""

    def articles(self) -> list[Any]:
        """Raw article objects (bank JSON shape), read before any question."""

    def questions(self) -> Iterator[tuple[str, Any]]:
        """(label naming the question in messages, item or Invalid), in file order."""

    def close(self) -> None:
        """Release the file."""


def from_name(path: Path, given: str | None = None) -> str:
    """The format to write `path` in: `given`, else the one its extension names.

    A QuizError when `given` is not a format, when the extension names none and none is
    given, or when the two disagree (`x.csv` as json): nothing is written then.
    """
    if given is not None and given not in FORMATS:
        raise QuizError(f"unknown format {given!r} (choose from {', '.join(FORMATS)})")
    suffix = path.suffix.lower()
    named = BY_EXTENSION.get(suffix)
    if given is None:
        if named is None:
            raise QuizError(f"{path}: cannot tell the format from the name "
                            f"({'no extension' if not suffix else repr(suffix)}); give "
                            f"--format or one of {', '.join(sorted(BY_EXTENSION))}")
        return named
    if named is not None and EXTENSIONS[given] != suffix:
        raise QuizError(f"{path}: the name says {LABELS[named]} ({suffix}) but the format "
                        f"asked for is {given} ({LABELS[given]}); nothing was written")
    return given


def for_name(path: Path, chosen: str) -> str:
    """The format a save dialog writes `path` in: the one its extension names, if any (the
    name is what the user typed; the file type list may still show its default), else
    `chosen`. `.json` is bank JSON unless `chosen` is the other JSON format."""
    named = BY_EXTENSION.get(path.suffix.lower())
    if named is None or EXTENSIONS[chosen] == path.suffix.lower():
        return chosen
    return named


@dataclass
class ExportReport:
    """What an export wrote, and what it left out because the format cannot hold it."""

    format: str
    written: int = 0
    left_out: list[str] = field(default_factory=list)  # "id: why", the first MAX_LISTED
    left_out_count: int = 0
    groups: dict[str, int] = field(default_factory=dict)  # how many left out for each kind of reason

    def leave_out(self, qid: str, why: str, group: str | None = None) -> None:
        """Count the question `qid` as not written, and keep why (`group`: the kind of
        reason, for the counts; `why` itself by default)."""
        self.left_out_count += 1
        self.groups[group or why] = self.groups.get(group or why, 0) + 1
        if len(self.left_out) < MAX_LISTED:
            self.left_out.append(f"{qid}: {why}")

    def reasons(self) -> str:
        """The counts by kind of reason, most first: "77 fill-in-the-blank questions, ..."."""
        return ", ".join(f"{n:,} {group}" for group, n in
                         sorted(self.groups.items(), key=lambda g: (-g[1], g[0])))

    def summary(self, target: str) -> str:
        """One line for a person: how many were written where, and how many left out."""
        line = f"exported {self.written:,} questions to {target} ({LABELS[self.format]})"
        if self.left_out_count:
            line += f"; left out {self.left_out_count:,}: {self.reasons()}"
        return line


def detect(path: Path) -> str:
    """Which format the file at `path` is in, judged by its content."""
    try:
        with path.open("rb") as raw:
            if raw.read(4) == b"PK\x03\x04":  # a zip: of the formats read, only .apkg is one
                return "anki"
    except OSError:
        pass  # open_text names the problem
    with open_text(path) as fh:
        try:
            head = fh.read(64 * 1024)
        except UnicodeDecodeError:
            raise QuizError(f"{path}: not UTF-8 text") from None
    start = head.lstrip()
    if start.startswith("{"):
        # The bank reader explains best what is wrong with a JSON file that is neither.
        opentdb = '"results"' in head or '"response_code"' in head
        return "opentdb" if opentdb and '"format"' not in head else "json"
    if start.startswith("["):
        raise QuizError(f"{path}: a JSON list; expected a kpop-quiz-bank file or an Open Trivia "
                        f"Database response (an object)")
    first_line = start.splitlines()[0] if start else ""
    if "question" in first_line and "correct_answer" in first_line:
        return "csv"
    raise QuizError(f"{path}: not a bank JSON, CSV or Open Trivia Database file")


def open_file(path: Path, fmt: str | None = None) -> BankFile:
    """A reader for the file at `path` (format detected when `fmt` is None)."""
    from quiz.core.formats import anki_import, bank_json, csv_table, opentdb

    fmt = fmt or detect(path)
    if fmt == "anki":
        return anki_import.AnkiFile(path)
    if fmt == "json":
        return bank_json.BankJsonFile(path)
    if fmt == "csv":
        return csv_table.CsvFile(path)
    if fmt == "opentdb":
        return opentdb.OpenTdbFile(path)
    raise QuizError(f"unknown format {fmt!r} to read (choose from {', '.join(IMPORTS)})")


def write(db: Database, out: IO[str], fmt: str) -> int:
    """Write the whole bank to `out` in `fmt`; returns how many questions were written."""
    report = ExportReport(fmt)
    write_text(db, out, report)
    return report.written


def write_text(db: Database, out: IO[str], report: ExportReport) -> None:
    """Write the whole bank to the text stream `out` in `report.format`, counting in `report`."""
    from quiz.core.formats import bank_json, csv_table, gift, moodle_xml, opentdb, quizlet

    fmt = report.format
    if fmt in BINARY:
        raise QuizError(f"{LABELS[fmt]} is a binary file: give a file to write (-o FILE)")
    if fmt in ("json", "csv"):
        report.written = (bank_json.write if fmt == "json" else csv_table.write)(db, out)
        return
    writers = {"opentdb": opentdb.write, "gift": gift.write, "moodle": moodle_xml.write,
               "quizlet": quizlet.write}
    if fmt not in writers:
        raise QuizError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    writers[fmt](db, out, report)


def write_binary(db: Database, path: Path, report: ExportReport) -> None:
    """Write the whole bank to the file at `path` in the binary `report.format`."""
    from quiz.core.formats import anki, kahoot

    {"anki": anki.write, "kahoot": kahoot.write}[report.format](db, path, report)


def titles(db: Database) -> dict[str, str]:
    """Each article's id and how a citation names it: its title, and its publication if known."""
    with db.engine.connect() as conn:
        return {a.id: f"{a.title} ({a.publication})" if a.publication else a.title
                for a in conn.execute(select(A.c.id, A.c.title, A.c.publication))}


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def not_xml(item: dict[str, Any], named: dict[str, str]) -> str | None:
    """Why `item` cannot go into an XML file (Moodle XML, .xlsx): the field holding a control
    character XML 1.0 forbids; None when it can."""
    fields = [("question", item["question"]), ("correct_answer", item["correct_answer"]),
              ("explanation", item["explanation"]), ("category", item["category"]),
              *(("incorrect_answers", w) for w in item["incorrect_answers"]),
              *(("accepted_answers", a) for a in item["accepted_answers"]),
              *(("sources", c) for c in citations(item, named))]
    for name, value in fields:
        why = not_xml_text(value)
        if why:
            return f"{name} {why}"
    return None


def not_xml_text(value: str) -> str | None:
    """Why `value` cannot go into an XML file, or None."""
    found = _NOT_XML.search(value)
    if found is None:
        return None
    return f"holds the control character U+{ord(found.group()):04X}, which an XML file cannot hold"


def citations(item: dict[str, Any], named: dict[str, str]) -> list[str]:
    """The item's sources as plain text lines: `Title (Publication): “quote”`."""
    return [f"{named.get(s['article'], s['article'])}: “{s['quote']}”" for s in item["sources"]]


def articles(db: Database) -> Iterator[dict[str, Any]]:
    """Every article as a bank JSON article object."""
    with db.engine.connect() as conn:
        for a in conn.execute(select(A).order_by(A.c.id)):
            yield {"id": a.id, "title": a.title, "publication": a.publication,
                   "author": a.author, "url": a.url, "text": a.text}


def items(db: Database, batch: int = 2000) -> Iterator[dict[str, Any]]:
    """Every question as a bank JSON question object, in id order, a batch at a time (on
    SQLite straight off the driver, in one read transaction)."""
    if db.engine.dialect.name == "sqlite":
        with db.reader() as raw:
            yield from _sqlite_items(raw)
        return
    last = ""
    with db.engine.connect() as conn:
        while True:
            rows = conn.execute(select(Q).where(Q.c.id > last).order_by(Q.c.id)
                                .limit(batch)).all()
            if not rows:
                return
            ids = [r.id for r in rows]
            sources: dict[str, list[dict[str, Any]]] = {}
            for s in conn.execute(select(S).where(S.c.question_id.in_(ids))
                                  .order_by(S.c.question_id, S.c.position)):
                sources.setdefault(s.question_id, []).append(
                    {"article": s.article_id, "quote": s.quote, "start": s.start, "end": s.end})
            for q in rows:
                yield {
                    "id": q.id, "type": q.type, "category": q.category,
                    "difficulty": q.difficulty, "question": q.question,
                    "correct_answer": q.correct_answer,
                    "incorrect_answers": list(q.incorrect_answers or []),
                    "accepted_answers": list(q.accepted_answers or []),
                    "explanation": q.explanation, "sources": sources.get(q.id, []),
                    "origin": q.origin, "fact": q.fact_id,
                }
            last = rows[-1].id


_QUESTIONS = ("SELECT id, type, category, difficulty, question, correct_answer, "
              "incorrect_answers, accepted_answers, explanation, origin, fact_id "
              "FROM question ORDER BY id")
_SOURCES = ('SELECT question_id, article_id, quote, start, "end" FROM source '
            "ORDER BY question_id, position")


def _sqlite_items(conn: Any) -> Iterator[dict[str, Any]]:
    """`items` on SQLite: two ordered scans merged (questions by id, sources by question and
    position), no row through SQLAlchemy; a 100,000-question export spends a third of the
    time it did reading the bank a batch at a time through the ORM's tables."""
    import json

    sources = conn.execute(_SOURCES)
    pending = sources.fetchone()
    loads = json.loads
    for qid, kind, category, difficulty, stem, answer, wrong, accepted, explanation, origin, \
            fact in conn.execute(_QUESTIONS):
        cited = []
        while pending is not None and pending[0] <= qid:
            if pending[0] == qid:
                cited.append({"article": pending[1], "quote": pending[2], "start": pending[3],
                              "end": pending[4]})
            pending = sources.fetchone()
        yield {"id": qid, "type": kind, "category": category, "difficulty": difficulty,
               "question": stem, "correct_answer": answer,
               "incorrect_answers": list(loads(wrong) or []) if wrong is not None else [],
               "accepted_answers": list(loads(accepted) or []) if accepted is not None else [],
               "explanation": explanation, "sources": cited, "origin": origin, "fact": fact}
