"""`quiz draft`: an article file (or stdin) to a bank JSON of drafted questions. No database."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import BinaryIO, TextIO

from quiz.core.draft.pipeline import bank, draft_all, shipped_answers
from quiz.core.draft.reader import MAX_INPUT_BYTES, Meta, read
from quiz.core.errors import QuizError


def read_input(file: str, stdin: BinaryIO | None = None) -> tuple[bytes, str]:
    """The bytes of `file` (`-`: standard input) and the name to report it by."""
    if file == "-":
        data = (stdin or sys.stdin.buffer).read(MAX_INPUT_BYTES + 1)
        return data, "standard input"
    path = Path(file)
    try:
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise QuizError(f"{file}: the file is {path.stat().st_size:,} bytes; at most "
                            f"{MAX_INPUT_BYTES:,} can be drafted from")
        return path.read_bytes(), file
    except IsADirectoryError:
        raise QuizError(f"{file}: is a folder, not a file") from None
    except OSError as exc:
        raise QuizError(f"{file}: cannot read: {exc.strerror or exc}") from None


def run(file: str, meta: Meta, max_questions: int, output: str | None,
        notes: TextIO | None = None) -> int:
    """Draft from `file` and write the bank JSON to `output` (stdout if None); 0 when done."""
    if max_questions < 0:
        raise QuizError(f"--max must be 0 (no limit) or more (got {max_questions})")
    data, name = read_input(file)
    source = read(data, name if file == "-" else file, meta)
    notes = notes or sys.stderr
    try:
        results = draft_all(source, shipped_answers(), max_questions)
    except QuizError as exc:
        raise QuizError(f"{name}: {exc}") from None
    if source.encoding != "utf-8":  # after drafting: a failure stays one line
        print(f"quiz: note: {name} is not UTF-8; read it as {source.encoding}", file=notes)
    if not source.meta.title and not source.meta.publication:
        print(f"quiz: note: {name} names no title or publication, so questions say "
              f"\"according to the article\"; give --title or --publication", file=notes)
    text = json.dumps(bank(results), ensure_ascii=False, indent=1) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        part = f"{output}.part"
        try:
            with open(part, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(part, output)
        except OSError as exc:
            raise QuizError(f"{output}: cannot write: {exc.strerror or exc}") from None
        count = sum(len(r.questions) for r in results)
        sentences = sum(r.sentences for r in results)
        parts = f" ({len(results)} parts)" if len(results) > 1 else ""
        print(f"quiz: drafted {count} questions from {sentences} sentences{parts} into "
              f"{output}; add them with: quiz import {output}", file=notes)
    return 0
