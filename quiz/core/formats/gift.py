"""GIFT, the text format Moodle imports questions from (Question bank > Import > GIFT).

One question a block, blocks apart by a blank line:

    $CATEGORY: $course$/top/KPop Demon Hunters Quiz/Music & Charts

    ::question-id::[plain]Which group ...?{=right ~wrong ~wrong####explanation  Source: ...}

| ours | GIFT |
|---|---|
| multiple | multiple choice, `{=right ~wrong ...}` |
| boolean | true/false, `{TRUE}` / `{FALSE}` |
| numeric | numerical `{#240:0}` when the answer (or an accepted one) is a plain number, else short answer |
| cloze | short answer in "missing word" form: the braces stand where the blank was |
| text | short answer, `{=answer =other accepted answer}` |

The explanation and the cited sentences are the general feedback (`####`). Every text is
marked `[plain]`, so Moodle shows markup as typed, and escaped as Moodle's own exporter does:
`\\` before each of `~ = # { } :` and before a backslash, a line break as `\\n`. A `*` in a
short answer is escaped too (Moodle reads a bare one as "anything"). Moodle trims the spaces
around each text; nothing else is lost. Category paths use `/` between levels, so a `/` in a
category is written `//`, Moodle's escape for it.
"""

from __future__ import annotations

import re
from typing import IO, Any

from quiz.core.db import Database
from quiz.core.formats import ExportReport, citations, items, titles

ROOT = "$course$/top/KPop Demon Hunters Quiz"
BLANK = "_____"
_RESERVED = re.compile(r"[\\~=#{}:]")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def escape(text: str) -> str:
    """`text` with GIFT's control characters escaped and line breaks as `\\n`."""
    text = _RESERVED.sub(lambda m: "\\" + m.group(), text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def plain(text: str) -> str:
    """A text Moodle shows as typed: `[plain]` in front when it would read a format marker."""
    return ("[plain]" if text.lstrip().startswith("[") else "") + escape(text)


def number(item: dict[str, Any]) -> str | None:
    """The answer as a plain number (the first of the answer and its accepted forms that is
    one, thousands commas dropped), or None."""
    for answer in [item["correct_answer"], *item["accepted_answers"]]:
        value = str(answer).strip().replace(",", "")
        if _NUMBER.fullmatch(value):
            return value
    return None


def feedback(item: dict[str, Any], named: dict[str, str]) -> str:
    """The general feedback: the explanation, then each source quoted."""
    lines = [item["explanation"].strip()] if item["explanation"].strip() else []
    lines += ["Source: " + c for c in citations(item, named)]
    return "\n\n".join(lines)


def short_answers(item: dict[str, Any]) -> str:
    """`=answer =other ...` for a short-answer question (each once, wildcards escaped)."""
    seen: dict[str, None] = {}
    for answer in [item["correct_answer"], *item["accepted_answers"]]:
        seen.setdefault(answer.strip(), None)
    return " ".join("=" + ("%100%" if a.startswith("%") else "") + plain(a.replace("*", "\\*"))
                    for a in seen if a)


def answers(item: dict[str, Any]) -> str:
    """What goes between the braces, before the general feedback."""
    kind = item["type"]
    if kind == "multiple":
        wrong = " ".join("~" + ("%0%" if w.startswith("%") else "") + plain(w)
                         for w in item["incorrect_answers"])
        return f"={plain(item['correct_answer'])} {wrong}"
    if kind == "boolean":
        return "TRUE" if item["correct_answer"] == "True" else "FALSE"
    if kind == "numeric" and (value := number(item)) is not None:
        return f"#{value}:0"
    return short_answers(item)


def question(item: dict[str, Any], named: dict[str, str]) -> str:
    """One question as a GIFT block (one line)."""
    general = feedback(item, named)
    braces = "{" + answers(item) + (f"####{plain(general)}" if general else "") + "}"
    stem = item["question"]
    if item["type"] == "cloze" and BLANK in stem:
        before, after = stem.split(BLANK, 1)
        # Moodle draws the blank where the braces stand when text follows them.
        body = f"[plain]{escape(before)}{braces}{escape(after) or '.'}"
    else:
        body = f"[plain]{escape(stem)}{braces}"
    return f"::{escape(item['id'])}::{body}"


def category(name: str) -> str:
    """The `$CATEGORY:` line that files the questions after it under `name`."""
    return f"$CATEGORY: {ROOT}/{escape(name.replace('/', '//'))}"


def write(db: Database, out: IO[str], report: ExportReport) -> None:
    """Write every question as GIFT; every question fits."""
    named = titles(db)
    out.write("// KPop Demon Hunters Quiz: the question bank in GIFT, for Moodle's importer\n\n")
    current = None
    for item in items(db):
        if item["category"] != current:
            current = item["category"]
            out.write(category(current) + "\n\n")
        out.write(question(item, named) + "\n\n")
        report.written += 1
