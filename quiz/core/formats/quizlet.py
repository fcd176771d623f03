"""Quizlet: the text its "Import" box takes, one card a line, a tab between term and definition.

The term is the question (with its choices, for multiple choice); the definition is the answer,
then the explanation and the source it is quoted from. Quizlet reads a tab as "next side" and a
line break as "next card", so a tab or line break inside a text becomes one space: that is the
one thing that does not carry over exactly. Everything else is written as it is (Quizlet shows
text as text, so markup stays literal).
"""

from __future__ import annotations

import re
from typing import IO, Any

from quiz.core.db import Database
from quiz.core.formats import ExportReport, citations, items, titles

_BREAKS = re.compile(r"[\t\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")


def flat(text: str) -> str:
    """`text` on one line with no tab: each run of tabs and line breaks is one space."""
    return _BREAKS.sub(" ", text).strip()


def term(item: dict[str, Any]) -> str:
    """The card's front: the question, and the choices of a multiple-choice question."""
    if item["type"] != "multiple":
        return flat(item["question"])
    choices = sorted([item["correct_answer"], *item["incorrect_answers"]], key=str.casefold)
    return flat(item["question"]) + " (" + " / ".join(flat(c) for c in choices) + ")"


def definition(item: dict[str, Any], named: dict[str, str]) -> str:
    """The card's back: the answer, the explanation and where it is quoted from."""
    parts = [flat(item["correct_answer"])]
    if item["explanation"].strip():
        parts.append(flat(item["explanation"]))
    parts += ["Source: " + flat(c) for c in citations(item, named)]
    return " — ".join(parts)


def write(db: Database, out: IO[str], report: ExportReport) -> None:
    """Write one card per question; every question fits."""
    named = titles(db)
    for item in items(db):
        out.write(f"{term(item)}\t{definition(item, named)}\n")
        report.written += 1
