"""Text search on SQLite: every word in the stem, an answer or a quote, from the FTS5 trigram
indexes (`models.SEARCH_TABLE` over each question's stem and answers, `models.QUOTE_SEARCH`
over each distinct quote once), kept current by triggers (see `quiz.core.models`).

A word found in no quote is looked up in the question index alone, and the rows it finds are
checked for the other words one by one. Words of fewer than three plain characters have no
trigram to look up: they are checked on the rows the others found (or scanned).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.sql.expression import ColumnElement

from quiz.core import models

_WILDCARDS = re.compile(r"[%_]")


def _body_clauses(words: Sequence[str], tag: str, body: str = "body"
                  ) -> tuple[str, dict[str, str]]:
    """SQL holding when every one of `words` is in the text `body` (by default the column of
    a search table, which its index answers), and its parameters (named after `tag`)."""
    # The trigram index answers `body LIKE '%abc%'` (without ESCAPE) when the pattern holds a
    # run of at least three plain characters. Anything shorter is a plain scan, written so the
    # index never sees it: SQLite 3.40's FTS5 crashes on a short LIKE next to a long one.
    # A word holding % or _ is looked up by its longest plain run, then checked exactly.
    clauses, params = [], {}
    for i, w in enumerate(words):
        run = max(_WILDCARDS.split(w), key=len)
        if len(run) >= 3:
            params[f"{tag}w{i}"] = f"%{run}%"
            clauses.append(f"{body} LIKE :{tag}w{i}")
        if run != w or len(run) < 3:
            params[f"{tag}x{i}"] = w.lower()
            clauses.append(f"instr(lower({body}), :{tag}x{i}) > 0")
    return " AND ".join(clauses), params


def _in_some_quote(conn: Connection, word: str) -> bool:
    sql, params = _body_clauses([word], "")
    return conn.exec_driver_sql(f"SELECT 1 FROM {models.QUOTE_SEARCH} WHERE {sql} LIMIT 1",
                                params).first() is not None


# One question's indexed text and its quotes, read by rowid and id, to check a row another
# word found (a LIKE on a search table itself is answered from the whole bank's entries).
_ROW_TEXT = f"(SELECT body FROM {models.SEARCH_TABLE} WHERE rowid = question.rowid)"
_ROW_QUOTE = models.fold_sql("source.quote")


def _row_clause(word: str, tag: str) -> tuple[str, dict[str, str]]:
    """SQL holding when `word` is in the question row's own indexed text or in one of its
    quotes, tested on that row alone; and its parameters."""
    in_text, params = _body_clauses([word], f"t{tag}", _ROW_TEXT)
    in_quote, more = _body_clauses([word], f"q{tag}", _ROW_QUOTE)
    return (f"({in_text} OR EXISTS (SELECT 1 FROM source WHERE "
            f"source.question_id = question.id AND {in_quote}))", params | more)


class Fts5Search:
    """SQLite's `SearchIndex` (see `quiz.core.backends`)."""

    def condition(self, conn: Connection, words: Sequence[str]) -> ColumnElement[bool]:
        # Only when every word is in some quote does the search start from the longest word's
        # rows and its quotes' questions.
        quoted = [w for w in words if _in_some_quote(conn, w)]
        plain = [w for w in words if w not in quoted]
        conditions: list[str] = []
        params: dict[str, str] = {}
        if plain:
            sql, params = _body_clauses(plain, "p")
            conditions.append(f"question.rowid IN (SELECT rowid FROM {models.SEARCH_TABLE} "
                              f"WHERE {sql})")
        else:
            first = max(quoted, key=len)
            quoted.remove(first)
            sql, params = _body_clauses([first], "f")
            conditions.append(
                f"question.rowid IN (SELECT rowid FROM {models.SEARCH_TABLE} WHERE {sql} "
                f"UNION SELECT q.rowid FROM source JOIN question AS q ON q.id = "
                f"source.question_id WHERE source.quote IN (SELECT quote FROM "
                f"{models.QUOTE_SEARCH} WHERE {sql}))")
        for i, word in enumerate(quoted):
            clause, more = _row_clause(word, str(i))
            conditions.append(clause)
            params |= more
        return text(" AND ".join(conditions)).bindparams(**params)  # type: ignore[return-value]

    def row_condition(self, words: Sequence[str]) -> ColumnElement[bool]:
        clauses: list[str] = []
        params: dict[str, str] = {}
        for i, word in enumerate(words):
            clause, more = _row_clause(word, f"r{i}")
            clauses.append(clause)
            params |= more
        return text(" AND ".join(clauses)).bindparams(**params)  # type: ignore[return-value]

    def common(self, conn: Connection, words: Sequence[str], threshold: int) -> bool:
        for word in words:
            run = max(_WILDCARDS.split(word), key=len)
            if len(run) < 3 or _in_some_quote(conn, word):
                continue  # (a short word has no index to ask: it is scanned either way)
            sql, params = _body_clauses([word], "")
            found = conn.exec_driver_sql(f"SELECT count(*) FROM (SELECT 1 FROM "
                                         f"{models.SEARCH_TABLE} WHERE {sql} "
                                         f"LIMIT {threshold})", params).scalar_one()
            if found < threshold:
                return False
        return True


FTS5 = Fts5Search()
