"""The reads a new game waits for, on SQLite's own connection (see `backends.Reads`).

Every call is a function call into the library, not a round trip: the batches are there for
the server's sake, and here a loop of one statement each costs the same.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import cast

from sqlalchemy.engine import Engine

from quiz.core.backends import Pair, QuestionRow, SourceRow

# Distinct categories by hopping along the index: one seek per category, not a scan of the bank.
CATEGORIES_SQL = """
WITH RECURSIVE c(name) AS (
    SELECT min(category) FROM question
    UNION ALL
    SELECT (SELECT min(category) FROM question WHERE category > c.name) FROM c
    WHERE c.name IS NOT NULL)
SELECT name FROM c WHERE name IS NOT NULL"""

# One seek per row of `s`: the first `run` questions at or after key `k` of the draw order in
# one category and difficulty. `ix_question_draw` holds the id: no question row is read.
_SEEK_ROW = "(?, ?, ?)"
_SEEK_SQL = """
WITH s(k, c, d) AS (VALUES {rows})
SELECT (SELECT json_group_array(id) FROM (
            SELECT id FROM question INDEXED BY ix_question_draw
            WHERE category = s.c AND difficulty = s.d AND shuffle >= s.k
            ORDER BY shuffle LIMIT {run}))
FROM s"""


def filtered(select: str, mark: str, category: str | None, difficulty: str | None
             ) -> tuple[str, list[str]]:
    """`select` with a WHERE clause for the given halves of a filter (one the planner can take
    along the draw index), and its parameters; `mark` is the driver's placeholder."""
    named = [(column, value) for column, value in (("category", category),
                                                     ("difficulty", difficulty)) if value]
    where = " AND ".join(f"{column} = {mark}" for column, _ in named)
    return f"{select} WHERE {where}" if named else select, [value for _, value in named]


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


class SQLiteReads:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def category_names(self) -> list[str]:
        return [str(name) for (name,) in self._conn.execute(CATEGORIES_SQL)]

    def player_id(self, key: str) -> int | None:
        row = self._conn.execute("SELECT id FROM player WHERE key = ?", (key,)).fetchone()
        return None if row is None else int(row[0])

    def first_keys(self, pairs: Sequence[Pair], n: int) -> list[list[int]]:
        return [[int(k) for (k,) in self._conn.execute(
            "SELECT shuffle FROM question INDEXED BY ix_question_draw WHERE category = ? AND "
            "difficulty = ? ORDER BY shuffle LIMIT ?", (*pair, n))] for pair in pairs]

    def runs(self, seeks: Sequence[tuple[int, str, str]], run: int) -> list[list[str]]:
        params = [value for seek in seeks for value in seek]
        sql = _SEEK_SQL.format(rows=", ".join([_SEEK_ROW] * len(seeks)), run=int(run))
        return [json.loads(ids) for (ids,) in self._conn.execute(sql, params)]

    def unseen_runs(self, seeks: Sequence[tuple[int, str, str]], run: int, player_key: str
                    ) -> list[list[str]]:
        runs = self.runs(seeks, run)
        player_id = self.player_id(player_key)
        found = list(dict.fromkeys(qid for ids in runs for qid in ids))
        if player_id is None or not found:
            return runs
        # `asked` (migration 0003) keeps one player's questions together
        asked = {qid for (qid,) in self._conn.execute(
            f"SELECT question_id FROM asked WHERE player_id = ? AND question_id IN "
            f"({_marks(found)})", (player_id, *found))}
        return [[qid for qid in ids if qid not in asked] for ids in runs]

    def seen_counts(self, player_id: int) -> dict[str, int]:
        return dict(self._conn.execute("SELECT question_id, times FROM asked WHERE "
                                       "player_id = ?", (player_id,)).fetchall())

    def matching_ids(self, category: str | None, difficulty: str | None) -> list[str]:
        sql, params = filtered("SELECT id FROM question", "?", category, difficulty)
        return [str(qid) for (qid,) in self._conn.execute(sql, params)]

    def questions(self, ids: Sequence[str]) -> list[QuestionRow]:
        return [(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]), json.loads(r[7]), r[8],
                 r[9]) for r in self._conn.execute(
            f"SELECT id, type, category, difficulty, question, correct_answer, "
            f"incorrect_answers, accepted_answers, explanation, fact_id FROM question "
            f"WHERE id IN ({_marks(ids)})", list(ids))]

    def sources(self, ids: Sequence[str]) -> list[SourceRow]:
        return self._conn.execute(
            f'SELECT question_id, article_id, quote, start, "end" FROM source '
            f"WHERE question_id IN ({_marks(ids)}) ORDER BY position", list(ids)).fetchall()

    def bylines(self, article_ids: Sequence[str]) -> list[tuple[str, str, str, str]]:
        return self._conn.execute(
            f"SELECT id, title, publication, author FROM article WHERE id IN "
            f"({_marks(article_ids)})", list(article_ids)).fetchall()

    def fact_answers(self, fact_ids: Sequence[str]) -> dict[str, str]:
        return dict(self._conn.execute(f"SELECT id, answer FROM fact WHERE id IN "
                                       f"({_marks(fact_ids)})", list(fact_ids)).fetchall())


@contextmanager
def reading(conn: sqlite3.Connection) -> Iterator[SQLiteReads]:
    """`SQLiteReads` in one read transaction (one snapshot of the file)."""
    conn.execute("BEGIN")
    try:
        yield SQLiteReads(conn)
    except BaseException:
        if conn.in_transaction:  # an error may have ended it already
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextmanager
def checked_out(engine: Engine) -> Iterator[SQLiteReads]:
    """`reading` on a connection of `engine`'s pool, given back at the end."""
    pooled = engine.raw_connection()
    try:
        with reading(cast(sqlite3.Connection, pooled.driver_connection)) as reads:
            yield reads
    finally:
        pooled.close()
