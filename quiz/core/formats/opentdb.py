"""Open Trivia Database JSON: the API's response, `{"response_code": 0, "results": [...]}`.

Its strings are HTML-encoded (the API's default encoding): import decodes every string with
`html.unescape`, export encodes every string with `html.escape`, so text survives the round trip
exactly. Export adds this app's own fields to each result (`id`, `accepted_answers`,
`explanation`, `sources`, `origin`, `fact`), which other Open Trivia DB readers ignore, and
keeps this app's types (cloze, numeric, text) besides the API's multiple and boolean. A result
without an id gets one derived from its question and answer, so importing the same file twice
updates rather than duplicates. (Responses fetched with `encode=base64` or `url3986` are not
decoded.)
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from quiz.core.db import Database
from quiz.core.errors import QuizError
from quiz.core.formats import items
from quiz.core.formats.streaming import JsonStream

MAX_RESULT_CHARS = 400_000
_NUMBERS = ("start", "end")


def encode(value: Any) -> Any:
    """Every string in `value` HTML-escaped, as the API sends it."""
    if isinstance(value, str):
        return html.escape(value, quote=True)
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


def write(db: Database, out: IO[str]) -> int:
    """Write the whole bank as an Open Trivia DB response; returns the number written."""
    out.write('{"response_code": 0, "results": [')
    count = 0
    for item in items(db):
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
    return count


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
