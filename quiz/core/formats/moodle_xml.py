"""Moodle XML, the question bank's own format (Question bank > Import > Moodle XML format).

`<quiz>` holds a `<question type="category">` before each run of questions of one category, and
one `<question>` per question:

| ours | Moodle type |
|---|---|
| multiple | `multichoice`, one right answer (fraction 100), the wrong ones 0, shuffled |
| boolean | `truefalse`, answers `true` and `false` |
| numeric | `numerical` (tolerance 0) if the answer or an accepted one is a number, else `shortanswer` |
| cloze, text | `shortanswer`, every accepted answer worth 100 (case ignored) |

The explanation and the cited sentences are the general feedback. Every text is HTML (Moodle's
native format) built from escaped parts, so a `<b>` typed in a question shows as `<b>`, and a
line break becomes `<br>`; answers of short-answer and numerical questions are compared, not
shown, and are written as they are (a `*` escaped, since Moodle reads a bare one as "anything").
The question's id is its name and its `idnumber`, so Moodle can tell the questions apart.
"""

from __future__ import annotations

import html
from typing import IO, Any
from xml.sax.saxutils import escape

from quiz.core.db import Database
from quiz.core.formats import ExportReport, citations, items, not_xml, titles
from quiz.core.formats.gift import ROOT, number

MAX_NAME = 255  # Moodle's question name column


def rich(text: str) -> str:
    """`text` as HTML that shows exactly it: escaped, line breaks as `<br>`."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br>".join(html.escape(line, quote=False) for line in lines)


def text(value: str, fmt: str = "html") -> str:
    """A `<text>` element (with the format attribute on the enclosing element by the caller)."""
    return f"<text>{escape(rich(value) if fmt == 'html' else value)}</text>"


def feedback_html(item: dict[str, Any], named: dict[str, str]) -> str:
    """The general feedback: the explanation, then each source quoted, as HTML."""
    parts = [f"<p>{rich(item['explanation'])}</p>"] if item["explanation"].strip() else []
    parts += [f"<p>Source: {rich(c)}</p>" for c in citations(item, named)]
    return "".join(parts)


def _answer(fraction: int, value: str, fmt: str = "html", extra: str = "") -> str:
    body = escape(rich(value)) if fmt == "html" else escape(value)
    return (f'    <answer fraction="{fraction}" format="{fmt}"><text>{body}</text>{extra}'
            f'<feedback format="html"><text></text></feedback></answer>\n')


def _accepted(item: dict[str, Any]) -> list[str]:
    seen: dict[str, None] = {}
    for answer in [item["correct_answer"], *item["accepted_answers"]]:
        if answer.strip():
            seen.setdefault(answer.strip(), None)
    return list(seen)


def question(item: dict[str, Any], named: dict[str, str]) -> str:
    """One `<question>` element."""
    kind = item["type"]
    value = number(item) if kind == "numeric" else None
    if kind == "multiple":
        moodle, body = "multichoice", (
            "    <single>true</single>\n    <shuffleanswers>true</shuffleanswers>\n"
            "    <answernumbering>abc</answernumbering>\n"
            + _answer(100, item["correct_answer"])
            + "".join(_answer(0, w) for w in item["incorrect_answers"]))
    elif kind == "boolean":
        right = item["correct_answer"] == "True"
        moodle, body = "truefalse", (_answer(100 if right else 0, "true", "moodle_auto_format")
                                     + _answer(0 if right else 100, "false",
                                               "moodle_auto_format"))
    elif value is not None:
        moodle, body = "numerical", _answer(100, value, "moodle_auto_format",
                                            "<tolerance>0</tolerance>")
    else:
        moodle, body = "shortanswer", "    <usecase>0</usecase>\n" + "".join(
            _answer(100, a.replace("*", "\\*"), "moodle_auto_format") for a in _accepted(item))
    general = feedback_html(item, named)
    return (f'  <question type="{moodle}">\n'
            f"    <name>{text(item['id'][:MAX_NAME], 'plain')}</name>\n"
            f'    <questiontext format="html">{text(item["question"])}</questiontext>\n'
            f'    <generalfeedback format="html"><text>{escape(general)}</text>'
            f"</generalfeedback>\n"
            f"    <defaultgrade>1</defaultgrade>\n    <penalty>0.3333333</penalty>\n"
            f"    <hidden>0</hidden>\n    <idnumber>{escape(item['id'][:100])}</idnumber>\n"
            f"{body}"
            f"    <tags><tag><text>{escape(item['difficulty'])}</text></tag></tags>\n"
            f"  </question>\n")


def category(name: str) -> str:
    """The category pseudo-question that files the questions after it under `name`."""
    path = f"{ROOT}/{name.replace('/', '//')}"
    return (f'  <question type="category">\n    <category><text>{escape(path)}</text></category>\n'
            f"  </question>\n")


def write(db: Database, out: IO[str], report: ExportReport) -> None:
    """Write every question as Moodle XML; one holding a control character that XML cannot
    hold is left out and named in `report`."""
    named = titles(db)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n')
    current = None
    for item in items(db):
        why = not_xml(item, named)
        if why:
            report.leave_out(item["id"], why, "control characters")
            continue
        if item["category"] != current:
            current = item["category"]
            out.write(category(current))
        out.write(question(item, named))
        report.written += 1
    out.write("</quiz>\n")

