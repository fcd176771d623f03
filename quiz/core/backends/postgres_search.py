"""Text search on PostgreSQL: every word in the stem, an answer or a quote, from the trigram
indexes migration 0007 made (`quiz_search_body` of a question, `quiz_fold` of a quote).

As on SQLite, the words found in no quote are looked up together in the question index (a GIN
lookup), and the rows found are checked for the other words one by one; only when every word
is in some quote does the search start from the longest word's rows and its quotes' questions.
The expressions must be written exactly as indexed for the planner to use the index.

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

# Whether a word (a LIKE pattern) is in some quote: the planner reads the quotes until one
# holds it (a rare word: from the index).
_IN_SOME_QUOTE_SQL = f"SELECT EXISTS (SELECT 1 FROM source WHERE {QUOTE} LIKE lower(%(w)s))"
# Whether a word is common: in some quote (each stands behind many questions on a big bank),
# or in at least `threshold` stems and answers. The second probe is an InitPlan, so it runs
# only when the first finds nothing; it stops at its LIMIT.
_COMMON_SQL = (f"SELECT EXISTS (SELECT 1 FROM source WHERE {QUOTE} LIKE lower(%(w)s)) "
               f"OR (SELECT count(*) FROM (SELECT 1 FROM question WHERE {BODY} "
               f"LIKE lower(%(w)s) LIMIT %(n)s) AS found) >= %(n)s")


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _fold(expr: str, word: str) -> str:
    """`quiz_fold(expr)` written out (migration 0007's body of it), as far as matters for a
    LIKE of `word` (already folded): a word without straight quotes matches the text wherever
    it matches the folded text, since folding changes nothing but quote marks into them."""
    if "'" not in word and '"' not in word:
        return f"lower({expr})"
    return (f"lower(replace(replace(replace(replace({expr}, '’', ''''), '‘', ''''), "
            f"'“', '\"'), '”', '\"'))")


def _in_row(word: str, param: str) -> str:
    """SQL holding when `word` (the parameter `param`, its LIKE pattern) is in the `question`
    row's own text or in one of its quotes, tested on that row alone.

    The question index holds the stem and answers joined by newlines, which a word never
    holds, so each part is tested on its own and the first that holds the word ends the test:
    a call of the indexed functions costs ~25 µs a row (their `SET search_path` keeps the
    planner from inlining them), these parts 3–6 µs in all. OFFSET 0 keeps the planner from
    hashing the quotes' side, which would first gather every quote holding the word. The
    tests compare walks with index lookups: this must find what migration 0007's functions
    find.
    """
    like = f"LIKE lower(:{param})"  # lower() on both sides: the server's case folding decides
    listed = ("EXISTS (SELECT 1 FROM json_array_elements_text(question.{0}) AS v(t) "
              f"WHERE {_fold('v.t', word)} {like})")
    return (f"({_fold('question.question', word)} {like} "
            f"OR {_fold('question.correct_answer', word)} {like} "
            f"OR {listed.format('incorrect_answers')} OR {listed.format('accepted_answers')} "
            f"OR EXISTS (SELECT 1 FROM source WHERE source.question_id = question.id "
            f"AND {_fold('source.quote', word)} {like} OFFSET 0))")


class TrigramSearch:
    """PostgreSQL's `SearchIndex` (see `quiz.core.backends`)."""

    def condition(self, conn: Connection, words: Sequence[str]) -> ColumnElement[bool]:
        # (Each word looked up on its own would gather every match of a common word beside a
        # rare one: "demon quixotry" took 2.6 s on a million questions.)
        quoted = [w for w in words
                  if conn.exec_driver_sql(_IN_SOME_QUOTE_SQL, {"w": _like(w)}).scalar_one()]
        plain = [w for w in words if w not in quoted]
        lookup = BODY.replace("question.", "q.")
        params: dict[str, Any] = {}
        if plain:
            params = {f"pgw{i}": _like(w) for i, w in enumerate(plain)}
            found = " AND ".join(f"{lookup} LIKE lower(:{name})" for name in params)
            clauses = [f"question.id IN (SELECT q.id FROM question AS q WHERE {found})"]
        else:
            first = max(quoted, key=len)
            quoted.remove(first)
            params = {"pgw": _like(first)}
            clauses = [f"question.id IN (SELECT q.id FROM question AS q WHERE {lookup} LIKE "
                       f"lower(:pgw) UNION SELECT source.question_id FROM source WHERE "
                       f"{QUOTE} LIKE lower(:pgw))"]
        for i, word in enumerate(quoted):
            params[f"pgq{i}"] = _like(word)
            clauses.append(_in_row(word, f"pgq{i}"))
        return text(" AND ".join(clauses)).bindparams(**params)  # type: ignore[return-value]

    def row_condition(self, words: Sequence[str]) -> ColumnElement[bool]:
        params = {f"pgr{i}": _like(word) for i, word in enumerate(words)}
        clauses = [_in_row(word, f"pgr{i}") for i, word in enumerate(words)]
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
