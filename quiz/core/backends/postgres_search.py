"""Text search on PostgreSQL: every word in the stem, an answer or a quote, from the trigram
indexes migration 0007 made (`quiz_search_body` of a question, `quiz_fold` of a quote).

A word of three characters or more is a GIN index lookup on each side (the question's own text
and the quotes' questions), joined; shorter words are checked on those rows alone, as on
SQLite. The expressions must be written exactly as indexed for the planner to use the index.

A GIN lookup gathers every match before the first row comes back (a bitmap): for a word in a
third of the bank that is 300,000 rows. So, as on SQLite, a search whose every word is common
(`common`) is walked in page order instead and each row tested (`row_condition`), which the
planner answers along the page's own B-tree index, a few hundred rows a page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.sql.expression import ColumnElement

BODY = ("quiz_search_body(question.question, question.correct_answer, "
        "question.incorrect_answers, question.accepted_answers)")
QUOTE = "quiz_fold(source.quote)"

_WILDCARDS = re.compile(r"[%_]")

# Whether a word (a LIKE pattern) is common: in some quote (each stands behind many questions
# on a big bank), or in at least `threshold` stems and answers. The second probe is an InitPlan,
# so it runs only when the first finds nothing; each stops at its LIMIT.
_COMMON_SQL = (f"SELECT EXISTS (SELECT 1 FROM source WHERE {QUOTE} LIKE lower(%(w)s)) "
               f"OR (SELECT count(*) FROM (SELECT 1 FROM question WHERE {BODY} "
               f"LIKE lower(%(w)s) LIMIT %(n)s) AS found) >= %(n)s")


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class TrigramSearch:
    """PostgreSQL's `SearchIndex` (see `quiz.core.backends`)."""

    def condition(self, conn: Connection, words: Sequence[str]) -> ColumnElement[bool]:
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

    def row_condition(self, words: Sequence[str]) -> ColumnElement[bool]:
        clauses = []
        params: dict[str, Any] = {}
        for i, word in enumerate(words):
            params[f"pgr{i}"] = _like(word)
            clauses.append(
                f"({BODY} LIKE lower(:pgr{i}) OR EXISTS (SELECT 1 FROM source WHERE "
                f"source.question_id = question.id AND {QUOTE} LIKE lower(:pgr{i})))")
        return text(" AND ".join(clauses)).bindparams(**params)  # type: ignore[return-value]

    def common(self, conn: Connection, words: Sequence[str], threshold: int) -> bool:
        for word in words:
            if len(max(_WILDCARDS.split(word), key=len)) < 3:
                continue  # (a short word has no trigram to look up: it is scanned either way)
            if not conn.exec_driver_sql(_COMMON_SQL, {"w": _like(word), "n": threshold}
                                        ).scalar_one():
                return False
        return True


TRIGRAM = TrigramSearch()
