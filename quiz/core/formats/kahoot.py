"""Kahoot: the spreadsheet its "Import spreadsheet" takes, laid out as Kahoot's quiz template.

Rows 1-7 are the template's title and a note; row 8 is its header; each row after it is one
question: a number, the question (at most 120 characters), answers 1-4 (at most 75 each), the
time limit (one of 5, 10, 20, 30, 60, 90, 120, 240 s; we write 20, the game's Classic timer) and
the number of the correct answer. A Kahoot quiz holds multiple choice and true/false only, and
no explanation or source. A question that breaks a limit, or is of another type, is left out and
named in the report: never cut to fit. Answers are in alphabetical order (so the right one is
not always first). Every cell is written as text, so a question starting with `=` is a question
and never a formula.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from quiz.core.db import Database
from quiz.core.formats import KIND_NAMES, ExportReport, items, not_xml_text

MAX_QUESTION = 120
MAX_ANSWER = 75
TIME_LIMITS = (5, 10, 20, 30, 60, 90, 120, 240)
TIME_LIMIT = 20
HEADER = ("", "Question - max 120 characters", "Answer 1 - max 75 characters",
          "Answer 2 - max 75 characters", "Answer 3 - max 75 characters",
          "Answer 4 - max 75 characters",
          "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
          "Correct answer(s) - choose at least one")
HEADER_ROW = 8


def row(item: dict[str, Any]) -> tuple[list[str], int] | tuple[str, str]:
    """(question and answers, number of the correct answer), or (why the question does not
    fit, the kind of reason)."""
    if item["type"] not in ("multiple", "boolean"):
        kind = KIND_NAMES.get(item["type"], item["type"])
        return (f"a {kind} question (a Kahoot quiz holds multiple choice and true/false)",
                f"{kind} questions")
    stem = item["question"]
    if len(stem) > MAX_QUESTION:
        return (f"the question is {len(stem)} characters long (Kahoot takes {MAX_QUESTION})",
                f"questions over {MAX_QUESTION} characters")
    if item["type"] == "boolean":
        answers = ["True", "False"]
    else:
        answers = sorted([item["correct_answer"], *item["incorrect_answers"]],
                         key=lambda a: (a.casefold(), a))
    if len(answers) > 4:
        return f"{len(answers)} answers (Kahoot takes 4)", "questions with over 4 answers"
    for answer in answers:
        if len(answer) > MAX_ANSWER:
            return (f"the answer {answer[:20]!r}… is {len(answer)} characters long (Kahoot "
                    f"takes {MAX_ANSWER})", f"answers over {MAX_ANSWER} characters")
    return [stem, *answers, *[""] * (4 - len(answers))], answers.index(item["correct_answer"]) + 1


def write(db: Database, path: Path, report: ExportReport) -> None:
    """Write the Kahoot spreadsheet of every question that fits to `path`."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sheet1")

    def text(value: str, bold: bool = False) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value or None)
        if value:
            cell.data_type = "s"  # text, even when it starts with "=" (never a formula)
        if bold:
            cell.font = Font(bold=True)
        return cell

    sheet.append([])
    sheet.append([None, text("Quiz template", bold=True)])
    sheet.append([None, text("KPop Demon Hunters Quiz: import in Kahoot with Add question > "
                             "Import spreadsheet.")])
    for _ in range(HEADER_ROW - 4):
        sheet.append([])
    sheet.append([text(h, bold=True) for h in HEADER])
    for item in items(db):
        cells, correct = row(item)
        if isinstance(cells, str):
            report.leave_out(item["id"], cells, str(correct))
            continue
        why = next((w for w in map(not_xml_text, cells) if w), None)
        if why:
            report.leave_out(item["id"], f"a text {why}", "control characters")
            continue
        report.written += 1
        sheet.append([report.written, *(text(c) for c in cells), TIME_LIMIT, correct])
    book.save(path)
