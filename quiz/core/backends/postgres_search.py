"""Text search on PostgreSQL: every word in the stem, an answer or a quote, from the trigram
indexes migration 0007 made (`quiz_search_body` of a question, `quiz_fold` of a quote).

A word of three characters or more is a GIN index lookup on each side (the question's own text
and the quotes' questions), joined; shorter words are checked on those rows alone, as on
SQLite. The expressions must be written exactly as indexed for the planner to use the index.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.sql.expression import ColumnElement

BODY = ("quiz_search_body(question.question, question.correct_answer, "
        "question.incorrect_answers, question.accepted_answers)")
QUOTE = "quiz_fold(source.quote)"


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def condition(words: Sequence[str]) -> ColumnElement[bool]:
    """SQL holding for a `question` row when every one of `words` is in its text or quotes."""
    clauses = []
    params: dict[str, Any] = {}
    for i, word in enumerate(words):
        params[f"pgw{i}"] = _like(word)
        # lower() on both sides: the server's case folding, not Python's, decides
        clauses.append(
            f"question.id IN (SELECT q.id FROM question AS q WHERE "
            f"{BODY.replace('question.', 'q.')} LIKE lower(:pgw{i}) "
            f"UNION SELECT source.question_id FROM source WHERE {QUOTE} LIKE lower(:pgw{i}))")
    return text(" AND ".join(clauses)).bindparams(**params)  # type: ignore[return-value]
