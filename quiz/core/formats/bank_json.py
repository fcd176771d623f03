"""The bank JSON format of DESIGN.md: `{"format": "kpop-quiz-bank", "version": 1, "articles":
[...], "questions": [...]}`. Written one question per line; read one question at a time.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from json.encoder import encode_basestring
from pathlib import Path
from typing import IO, Any

from quiz.core.db import Database
from quiz.core.errors import QuizError
from quiz.core.formats import articles, items
from quiz.core.formats.streaming import JsonStream

FORMAT = "kpop-quiz-bank"
VERSION = 1
MAX_QUESTION_CHARS = 400_000  # generous: every piece is capped far below this
MAX_ARTICLE_CHARS = 2_000_000


# One encoder for every line: json.dumps(ensure_ascii=False) would build a new one per call.
_line = json.JSONEncoder(ensure_ascii=False).encode
_CHUNK = 1 << 20  # characters gathered before each write

# Only the columns a question object holds, in key order; its sources in one pass alongside.
_QUESTIONS = ("SELECT id, type, category, difficulty, question, correct_answer, "
              "incorrect_answers, accepted_answers, explanation, origin, fact_id "
              "FROM question ORDER BY id")
_SOURCES = ('SELECT question_id, article_id, quote, start, "end" FROM source '
            "ORDER BY question_id, position")


def write(db: Database, out: IO[str]) -> int:
    """Write the whole bank to `out`; returns the number of questions written."""
    out.write(f'{{"format": "{FORMAT}", "version": {VERSION},\n "articles": [')
    for i, art in enumerate(articles(db)):
        out.write(("," if i else "") + "\n  " + _line(art))
    out.write('],\n "questions": [')
    if db.engine.dialect.name == "sqlite":
        with db.reader() as conn:
            count = _write_questions(conn, out)
    else:
        count = 0
        for item in items(db):
            out.write(("," if count else "") + "\n  " + _line(item))
            count += 1
    out.write("]}\n")
    return count


def _write_questions(conn: sqlite3.Connection, out: IO[str]) -> int:
    """The questions straight off SQLite (the million-question bank in under half the time).

    Two ordered scans merged (questions by id, sources by question and position) in one read
    transaction, so no query runs per batch and no row passes through SQLAlchemy; each line
    is the same text `json.dumps(item, ensure_ascii=False)` gives for the item `items` builds.
    """
    sources = conn.execute(_SOURCES)
    pending = sources.fetchone()
    lines: list[str] = []
    size = count = 0
    loads, enc = json.loads, encode_basestring
    for qid, kind, category, difficulty, stem, answer, wrong, accepted, explanation, origin, \
            fact in conn.execute(_QUESTIONS):
        cited = []
        while pending is not None and pending[0] <= qid:
            if pending[0] == qid:
                cited.append({"article": pending[1], "quote": pending[2], "start": pending[3],
                              "end": pending[4]})
            pending = sources.fetchone()
        line = (("," if count else "") + '\n  {"id": ' + enc(qid) + ', "type": ' + enc(kind)
                + ', "category": ' + enc(category) + ', "difficulty": ' + enc(difficulty)
                + ', "question": ' + enc(stem) + ', "correct_answer": ' + enc(answer)
                + ', "incorrect_answers": '
                + (_line(list(loads(wrong) or [])) if wrong is not None else "[]")
                + ', "accepted_answers": '
                + (_line(list(loads(accepted) or [])) if accepted is not None else "[]")
                + ', "explanation": ' + enc(explanation)
                + ', "sources": ' + (_line(cited) if cited else "[]")
                + ', "origin": ' + enc(origin)
                + ', "fact": ' + (enc(fact) if fact is not None else "null") + "}")
        lines.append(line)
        size += len(line)
        count += 1
        if size >= _CHUNK:
            out.write("".join(lines))
            lines.clear()
            size = 0
    out.write("".join(lines))
    return count


def _label(n: int, obj: Any) -> str:
    qid = obj.get("id") if isinstance(obj, dict) else getattr(obj, "id", None)
    if not isinstance(qid, str) or not qid:
        return f"question {n}"
    # A message is one plain line: an id with a line break (or a mile long) is quoted, cut.
    return f"question {qid}" if qid.isprintable() and len(qid) <= 120 else \
        f"question {n} (id {qid[:60]!r})"


class BankJsonFile:
    """Reads a bank file: header and articles first, then questions as they come (each a
    dict, or a `typed_question.Question` when it is one as `quiz export` writes it).

    Articles are needed to check quotes, so if a file lists its questions before its articles
    the questions are read twice: once skipped to find the articles, once for real.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.header: dict[str, Any] = {}
        self._articles: list[Any] = []
        self._stream: JsonStream | None = JsonStream(path, MAX_ARTICLE_CHARS)
        self._keys: Iterator[str] | None = None
        self._seen_questions = False
        try:
            self._read_header()
        except BaseException:
            self.close()
            raise

    def _read_header(self) -> None:
        assert self._stream is not None
        stream = self._stream
        self._keys = stream.keys()
        for key in self._keys:
            if key == "questions":
                if stream.peek() != "[":
                    raise QuizError(f"{self.path}: \"questions\" must be a list")
                if "format" in self.header and "version" in self.header and \
                        "articles" in self.header:
                    self._check_header()
                    return  # the stream now waits at the first question
                self._seen_questions = True
                for _ in stream.items("question"):
                    pass
            elif key == "articles":
                self.header["articles"] = True
                if stream.peek() != "[":
                    raise QuizError(f"{self.path}: \"articles\" must be a list")
                self._articles = list(stream.items("article"))
            else:
                self.header[key] = stream.value(f"field {key!r}")
        stream.finish()
        self._check_header()
        stream.close()
        self._stream = None

    def _check_header(self) -> None:
        if self.header.get("format") != FORMAT:
            raise QuizError(f"{self.path}: not a {FORMAT} file "
                            f"(missing \"format\": \"{FORMAT}\")")
        if self.header.get("version") != VERSION:
            raise QuizError(f"{self.path}: unsupported version {self.header.get('version')!r} "
                            f"(expected {VERSION})")

    def articles(self) -> list[Any]:
        """The file's articles."""
        return self._articles

    def questions(self) -> Iterator[tuple[str, Any]]:
        """Each question object with a label naming it."""
        if self._stream is None:
            if not self._seen_questions:
                raise QuizError(f"{self.path}: \"questions\" is missing")
            self._stream = JsonStream(self.path, MAX_ARTICLE_CHARS)
            self._keys = self._stream.keys()
            for key in self._keys:
                if key == "questions":
                    break
                self._skip(key)
        stream, keys = self._stream, self._keys
        assert keys is not None
        if stream.peek() != "[":
            raise QuizError(f"{self.path}: \"questions\" must be a list")
        stream.max_piece = MAX_QUESTION_CHARS
        stream.check_depth = False  # the importer checks each question's structure
        # A question as export writes it comes typed (typed_question.Question), any other
        # as the standard library decodes it.
        from quiz.core.formats import typed_question

        for n, obj in enumerate(stream.items_by_line("question", typed_question.decode), 1):
            yield _label(n, obj), obj
        stream.max_piece = MAX_ARTICLE_CHARS
        stream.check_depth = True
        for key in keys:
            self._skip(key)
        stream.finish()
        stream.close()
        self._stream = None

    def _skip(self, key: str) -> None:
        assert self._stream is not None
        if key == "articles" and self._stream.peek() == "[":
            for _ in self._stream.items("article"):
                pass
        else:
            self._stream.value(f"field {key!r}")

    def close(self) -> None:
        """Release the file."""
        if self._stream is not None:
            self._stream.close()
            self._stream = None
