"""Reviewed drafts joining the bank: one undoable change, through the importer's checks."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from quiz.core.db import Database
from quiz.core.editing import Change


def add(db: Database, articles: list[dict[str, str]], questions: list[dict[str, Any]]
        ) -> Change:
    """Store `questions` (bank JSON items, origin "drafted") and their articles, all or nothing.

    They go through the same importer as `quiz import`, so the same rules hold; the returned
    change undoes the whole step. A QuizError names a question that breaks a rule.
    """
    from quiz.core import interchange

    doc = {"format": "kpop-quiz-bank", "version": 1, "articles": articles,
           "questions": questions}
    fd, name = tempfile.mkstemp(prefix="quiz-drafts-", suffix=".json")
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False)
        report = interchange.import_file(db, path, "json", undoable=True)
    finally:
        path.unlink(missing_ok=True)
    change = report.change
    count = len(questions)
    label = f"Add {count} drafted question{'s' if count != 1 else ''}"
    if change is None:
        return Change(label, (), ())
    return Change(label, change.before, change.after)
