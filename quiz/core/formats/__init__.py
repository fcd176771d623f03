"""The file formats a bank is exported to and imported from.

| format    | file                                                                  |
|-----------|-----------------------------------------------------------------------|
| `json`    | the bank JSON of DESIGN.md (`"format": "kpop-quiz-bank"`), articles included |
| `csv`     | one row per question, columns in `quiz.core.formats.csv_table.COLUMNS`   |
| `opentdb` | an Open Trivia Database API response (`{"response_code": 0, "results": [...]}`) |

Every reader turns its file into questions shaped like a bank JSON question (an "item"), so
one importer (`quiz.core.interchange`) validates and stores all three. Readers stream: a file
is never read whole into memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from sqlalchemy import select

from quiz.core import models
from quiz.core.db import Database
from quiz.core.errors import QuizError
from quiz.core.formats.streaming import open_text

FORMATS = ("json", "csv", "opentdb")
LABELS = {"json": "Question bank JSON", "csv": "CSV spreadsheet",
          "opentdb": "Open Trivia Database JSON"}
EXTENSIONS = {"json": ".json", "csv": ".csv", "opentdb": ".json"}

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


def detect(path: Path) -> str:
    """Which format the file at `path` is in, judged by its content."""
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
    from quiz.core.formats import bank_json, csv_table, opentdb

    fmt = fmt or detect(path)
    if fmt == "json":
        return bank_json.BankJsonFile(path)
    if fmt == "csv":
        return csv_table.CsvFile(path)
    if fmt == "opentdb":
        return opentdb.OpenTdbFile(path)
    raise QuizError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")


def write(db: Database, out: IO[str], fmt: str) -> int:
    """Write the whole bank to `out` in `fmt`; returns how many questions were written."""
    from quiz.core.formats import bank_json, csv_table, opentdb

    writers = {"json": bank_json.write, "csv": csv_table.write, "opentdb": opentdb.write}
    if fmt not in writers:
        raise QuizError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    return writers[fmt](db, out)


def articles(db: Database) -> Iterator[dict[str, Any]]:
    """Every article as a bank JSON article object."""
    with db.engine.connect() as conn:
        for a in conn.execute(select(A).order_by(A.c.id)):
            yield {"id": a.id, "title": a.title, "publication": a.publication,
                   "author": a.author, "url": a.url, "text": a.text}


def items(db: Database, batch: int = 2000) -> Iterator[dict[str, Any]]:
    """Every question as a bank JSON question object, in id order, a batch at a time."""
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
