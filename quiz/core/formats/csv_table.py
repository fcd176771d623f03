"""CSV: one row per question, for spreadsheets. UTF-8 (written with a BOM so Excel reads it).

Columns (a header row names them; order does not matter on import):

| column | holds |
|---|---|
| `id` | the question id; empty: derived from the stem and answer |
| `type` * | multiple, boolean, cloze, numeric or text |
| `category` * | e.g. "Music & Charts" |
| `difficulty` * | easy, medium or hard |
| `question` * | the stem |
| `correct_answer` * | the answer |
| `incorrect_answer_1` .. `incorrect_answer_3` | wrong answers (empty cells are skipped) |
| `accepted_answers` | other accepted spellings separated by `|` (`\\|`: a bar, `\\\\`: a backslash) |
| `explanation` | shown after the answer |
| `source_1_article`, `source_1_quote` .. `source_5_*` | the article id and the verbatim quote |
| `origin` | generated, edited or user (empty: user) |
| `fact` | the fact id a generated question comes from (may be empty) |

\\* required. Export writes as many source columns as the bank needs (at least one pair).
Quote offsets are not written: on import each quote is located in its article (first match).
A cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or
carriage return, after any apostrophes) is written with one more leading apostrophe, which
import removes again — so `-5` stays `-5` and no cell ever runs as a formula.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from sqlalchemy import func, select

from quiz.core.db import Database
from quiz.core.errors import QuizError
from quiz.core.formats import Invalid, S, items
from quiz.core.formats.streaming import open_text
from quiz.core.rules import MAX_INCORRECT
from quiz.core.validation import MAX_SOURCES

REQUIRED = ("type", "category", "difficulty", "question", "correct_answer")
WRONG = tuple(f"incorrect_answer_{i}" for i in range(1, MAX_INCORRECT + 1))


def source_columns(n: int) -> tuple[str, ...]:
    """The article and quote columns of sources 1..n."""
    return tuple(c for i in range(1, n + 1) for c in (f"source_{i}_article", f"source_{i}_quote"))


def columns(sources: int) -> tuple[str, ...]:
    """The header row, with `sources` pairs of source columns."""
    return ("id", "type", "category", "difficulty", "question", "correct_answer", *WRONG,
            "accepted_answers", "explanation", *source_columns(sources), "origin", "fact")


COLUMNS = columns(MAX_SOURCES)  # every column import understands
_FORMULA = re.compile(r"'*[=+\-@\t\r]")


def protect(cell: str) -> str:
    """The cell as written: with an apostrophe in front if a spreadsheet would run it."""
    return "'" + cell if _FORMULA.match(cell) else cell


def unprotect(cell: str) -> str:
    """The cell as meant: `protect` undone."""
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell, 1) else cell


def join_list(values: list[str]) -> str:
    """Alternatives in one cell: `a|b`, with `\\` and `|` escaped."""
    return "|".join(v.replace("\\", "\\\\").replace("|", "\\|") for v in values)


def split_list(cell: str) -> list[str]:
    """`join_list` undone; an empty cell is no alternatives."""
    if not cell:
        return []
    out, current, escaped = [], [], False
    for ch in cell:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "|":
            out.append("".join(current))
            current = []
        else:
            current.append(ch)
    if escaped:
        current.append("\\")
    out.append("".join(current))
    return out


def _row(item: dict[str, Any], sources: int) -> list[str]:
    wrong = list(item["incorrect_answers"])
    cells = [item["id"], item["type"], item["category"], item["difficulty"], item["question"],
             item["correct_answer"], *(wrong + [""] * MAX_INCORRECT)[:MAX_INCORRECT],
             join_list(item["accepted_answers"]), item["explanation"]]
    quoted = [(s["article"], s["quote"]) for s in item["sources"]]
    for article, quote in (quoted + [("", "")] * sources)[:sources]:
        cells += [article, quote]
    cells += [item["origin"], item["fact"] or ""]
    return [protect(c) for c in cells]


def write(db: Database, out: IO[str]) -> int:
    """Write the whole bank as CSV; returns the number of questions written."""
    with db.engine.connect() as conn:
        per_question = (select(func.count().label("n")).select_from(S)
                        .group_by(S.c.question_id).subquery())
        most = conn.execute(select(func.max(per_question.c.n))).scalar() or 0
    sources = max(1, min(int(most), MAX_SOURCES))
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns(sources))
    count = 0
    for item in items(db):
        if len(item["incorrect_answers"]) > MAX_INCORRECT or len(item["sources"]) > sources:
            raise QuizError(f"question {item['id']}: too many wrong answers or sources for CSV")
        writer.writerow(_row(item, sources))
        count += 1
    return count


class CsvFile:
    """Reads a CSV bank a row at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fh = open_text(path)
        self.reader = csv.reader(self.fh, strict=True)
        try:
            header = next(self.reader, None)
        except (csv.Error, UnicodeDecodeError) as exc:
            self.close()
            raise QuizError(f"{path}: not a readable CSV header ({exc})") from None
        if not header:
            self.close()
            raise QuizError(f"{path}: empty file (expected a header row)")
        self.header = [h.strip() for h in header]
        for name in self.header:
            if name not in COLUMNS:
                self.close()
                raise QuizError(f"{path}: unknown column {name!r} (columns: "
                                f"{', '.join(COLUMNS)})")
        if len(set(self.header)) != len(self.header):
            self.close()
            raise QuizError(f"{path}: a column appears twice in the header")
        for name in REQUIRED:
            if name not in self.header:
                self.close()
                raise QuizError(f"{path}: missing column {name!r}")

    def articles(self) -> list[Any]:
        """CSV files carry no articles: quotes refer to articles in the bank."""
        return []

    def questions(self) -> Iterator[tuple[str, Any]]:
        """Each row as a bank item, labelled "row N" as a spreadsheet numbers it."""
        n = 1
        while True:
            try:
                cells = next(self.reader, None)
            except csv.Error as exc:
                raise QuizError(f"{self.path}: row {n + 1}: not valid CSV ({exc})") from None
            except UnicodeDecodeError:
                raise QuizError(f"{self.path}: row {n + 1}: not UTF-8 text") from None
            if cells is None:
                break
            n += 1
            if not any(c.strip() for c in cells):
                continue
            label = f"row {n}"
            if len(cells) != len(self.header):
                yield label, Invalid("row", f"has {len(cells)} cells, the header has "
                                            f"{len(self.header)}")
                continue
            yield label, self._item(dict(zip(self.header, map(unprotect, cells), strict=True)))
        self.close()

    @staticmethod
    def _item(row: dict[str, str]) -> dict[str, Any] | Invalid:
        sources = []
        for i in range(1, MAX_SOURCES + 1):
            article = row.get(f"source_{i}_article", "")
            quote = row.get(f"source_{i}_quote", "")
            if article or quote:
                if not article:
                    return Invalid(f"source_{i}_article", "is empty but the quote is not")
                if not quote:
                    return Invalid(f"source_{i}_quote", "is empty but the article is not")
                sources.append({"article": article, "quote": quote})
        item: dict[str, Any] = {
            "type": row["type"], "category": row["category"], "difficulty": row["difficulty"],
            "question": row["question"], "correct_answer": row["correct_answer"],
            "incorrect_answers": [row[c] for c in WRONG if row.get(c)],
            "accepted_answers": split_list(row.get("accepted_answers", "")),
            "explanation": row.get("explanation", ""), "sources": sources,
            "origin": row.get("origin") or "user", "fact": row.get("fact") or None,
        }
        if row.get("id"):
            item["id"] = row["id"]
        return item

    def close(self) -> None:
        """Release the file."""
        self.fh.close()
