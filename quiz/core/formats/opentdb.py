"""Open Trivia Database JSON: the API's response, `{"response_code": 0, "results": [...]}`.

Its strings are HTML-encoded as the API's default encoding does it (PHP's `htmlentities` with
`ENT_QUOTES`): `&amp; &lt; &gt; &quot; &#039;`, and the HTML 4 named entity of any other
character that has one (`&eacute;`, `&rsquo;`, `&hellip;`); the rest stay UTF-8. Import decodes
every string with `html.unescape`, so text survives the round trip exactly.

The API holds only multiple-choice and true/false questions, so export writes only those and
names every other question (fill in the blank, typed answers) in its report. It adds this app's
own fields to each result (`id`, `accepted_answers`, `explanation`, `sources`, `origin`,
`fact`), which other Open Trivia DB readers ignore. Import also takes this app's other types. A
result without an id gets one derived from its question and answer, so importing the same file
twice updates rather than duplicates. (Responses fetched with `encode=base64` or `url3986` are
not decoded.)
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from html.entities import codepoint2name
from pathlib import Path
from typing import IO, Any

from quiz.core.db import Database
from quiz.core.errors import QuizError
from quiz.core.formats import KIND_NAMES, ExportReport, items
from quiz.core.formats.streaming import JsonStream

MAX_RESULT_CHARS = 400_000
_NUMBERS = ("start", "end")
KINDS = ("multiple", "boolean")  # what the API holds
_ENTITY = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#039;"}
_ENTITY.update({chr(c): f"&{name};" for c, name in codepoint2name.items() if c > 127})
_ENCODED = re.compile("[" + re.escape("".join(_ENTITY)) + "]")


def entities(text: str) -> str:
    """`text` encoded as the API encodes it (PHP's htmlentities, ENT_QUOTES, HTML 4.01)."""
    return _ENCODED.sub(lambda m: _ENTITY[m.group()], text)


def encode(value: Any) -> Any:
    """Every string in `value` HTML-encoded, as the API sends it."""
    if isinstance(value, str):
        return entities(value)
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {k: v if k in _NUMBERS else encode(v) for k, v in value.items()}
    return value


def decode(value: Any) -> Any:
    """Every string in `value` with its HTML entities decoded."""
    if isinstance(value, str):
        return html.unescape(value)
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        return {k: decode(v) for k, v in value.items()}
    return value


def write(db: Database, out: IO[str], report: ExportReport) -> None:
    """Write the bank's multiple-choice and true/false questions as an Open Trivia DB
    response; every other question is named in `report` as left out."""
    out.write('{"response_code": 0, "results": [')
    count = 0
    for item in items(db):
        if item["type"] not in KINDS:
            kind = KIND_NAMES.get(item["type"], item["type"])
            report.leave_out(item["id"], f"a {kind} question (Open Trivia DB holds only "
                                         f"multiple choice and true/false)", f"{kind} questions")
            continue
        result = {"type": item["type"], "difficulty": item["difficulty"],
                  "category": item["category"], "question": item["question"],
                  "correct_answer": item["correct_answer"],
                  "incorrect_answers": item["incorrect_answers"], "id": item["id"],
                  "accepted_answers": item["accepted_answers"],
                  "explanation": item["explanation"], "sources": item["sources"],
                  "origin": item["origin"], "fact": item["fact"]}
        out.write(("," if count else "") + "\n  " + json.dumps(encode(result),
                                                               ensure_ascii=False))
        count += 1
    out.write("]}\n")
    report.written = count


class OpenTdbFile:
    """Reads an Open Trivia DB response one result at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stream = JsonStream(path, MAX_RESULT_CHARS)
        try:
            self.keys = self.stream.keys()
            for key in self.keys:
                if key == "results":
                    if self.stream.peek() != "[":
                        raise QuizError(f"{path}: \"results\" must be a list")
                    return
                value = self.stream.value(f"field {key!r}")
                if key == "response_code" and value != 0:
                    raise QuizError(f"{path}: the Open Trivia Database answered with "
                                    f"response_code {value!r} (0 means success): no questions")
            raise QuizError(f"{path}: no \"results\" list: not an Open Trivia Database response")
        except BaseException:
            self.stream.close()
            raise

    def articles(self) -> list[Any]:
        """Open Trivia DB files carry no articles."""
        return []

    def questions(self) -> Iterator[tuple[str, Any]]:
        """Each result, decoded, with a label naming it."""
        self.stream.check_depth = False  # the importer checks each question's structure
        for n, obj in enumerate(self.stream.items("result"), 1):
            item = decode(obj)
            if isinstance(item, dict):
                item.setdefault("origin", "user")
            yield f"result {n}", item
        self.stream.check_depth = True
        for key in self.keys:
            value = self.stream.value(f"field {key!r}")
            if key == "response_code" and value != 0:
                raise QuizError(f"{self.path}: the Open Trivia Database answered with "
                                f"response_code {value!r} (0 means success)")
        self.stream.finish()
        self.stream.close()

    def close(self) -> None:
        """Release the file."""
        self.stream.close()
