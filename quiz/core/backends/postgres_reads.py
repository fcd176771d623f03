"""The reads a new game waits for, on psycopg's own connection (see `backends.Reads`).

Each method is one statement, so one round trip to the server whatever the batch: the seeks
of a draw come in as three arrays and are unnested on the server, and lists of ids go as one
array parameter (`= ANY(%s)`). The seeks use `ix_question_draw` as on SQLite (an index-only
scan once the table's visibility map is current). What a player was asked is read from the
answers of their games (`ix_game_player_id`, then `ix_answer_game_id`), gathered once a
draw, where SQLite's triggers keep it in `asked`. Reads run in autocommit (no BEGIN or
COMMIT trip) on a connection taken without the pool's ping. psycopg hands `json` columns
back already parsed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from sqlalchemy.engine import Engine

from quiz.core.backends import Pair, QuestionRow, SourceRow
from quiz.core.backends.postgres import UNPINGED
from quiz.core.backends.sqlite_reads import CATEGORIES_SQL, filtered

_FIRST_KEYS_SQL = """
SELECT ARRAY(SELECT q.shuffle FROM question AS q WHERE q.category = s.c AND q.difficulty = s.d
             ORDER BY q.shuffle LIMIT %s)
FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS s(c, d, n) ORDER BY s.n"""

# The seeks, less what the player was asked (a player not yet known was asked nothing): the
# player's own answers are gathered once, through their games (a few pages, as SQLite's
# `asked`), rather than each candidate's answers looked up and their games read (0.45 against
# 0.75 ms a draw on a million questions with 2,000,000 answers).
_UNSEEN_SQL = """
WITH asked AS MATERIALIZED (SELECT a.question_id FROM game AS g JOIN answer AS a
                                ON a.game_id = g.id
                            WHERE g.player_id = (SELECT id FROM player WHERE key = %s)
                            AND a.question_id IS NOT NULL)
SELECT ARRAY(SELECT r.id FROM (SELECT q.id, q.shuffle FROM question AS q
                               WHERE q.category = s.c AND q.difficulty = s.d
                               AND q.shuffle >= s.k ORDER BY q.shuffle LIMIT %s) AS r
             WHERE r.id NOT IN (SELECT question_id FROM asked)
             ORDER BY r.shuffle)
FROM unnest(%s::bigint[], %s::text[], %s::text[]) WITH ORDINALITY AS s(k, c, d, n)
ORDER BY s.n"""

_ANSWERED = ("FROM answer AS a JOIN game AS g ON g.id = a.game_id WHERE g.player_id = %s AND ")


class PostgresReads:
    def __init__(self, conn: Any, reconnect: Callable[[], Any] | None = None) -> None:
        self._conn = conn  # a psycopg.Connection
        self._reconnect = reconnect  # another connection, for one found dead at once

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        reconnect, self._reconnect = self._reconnect, None  # only before the first answer
        try:
            return list(self._conn.execute(sql, params).fetchall())
        except psycopg.OperationalError:
            if reconnect is None or not (self._conn.closed or self._conn.broken):
                raise
            # It died in the pool (the server restarted, say), or while this first statement
            # ran: reads change nothing, so once more on a connection that answers a ping.
            self._conn = reconnect()
            return list(self._conn.execute(sql, params).fetchall())

    def category_names(self) -> list[str]:
        return [str(name) for (name,) in self._rows(CATEGORIES_SQL)]

    def player_id(self, key: str) -> int | None:
        rows = self._rows("SELECT id FROM player WHERE key = %s", (key,))
        return int(rows[0][0]) if rows else None

    def first_keys(self, pairs: Sequence[Pair], n: int) -> list[list[int]]:
        if not pairs:
            return []
        return [list(keys) for (keys,) in self._rows(
            _FIRST_KEYS_SQL, (n, [c for c, _ in pairs], [d for _, d in pairs]))]

    def unseen_runs(self, seeks: Sequence[tuple[int, str, str]], run: int, player_key: str
                    ) -> list[list[str]]:
        if not seeks:
            return []
        keys, categories, levels = (list(column) for column in zip(*seeks, strict=True))
        return [list(ids) for (ids,) in self._rows(
            _UNSEEN_SQL, (player_key, run, keys, categories, levels))]

    def seen_counts(self, player_id: int) -> dict[str, int]:
        return {str(qid): int(times) for qid, times in self._rows(
            f"SELECT a.question_id, count(*) {_ANSWERED} a.question_id IS NOT NULL "
            f"GROUP BY a.question_id", (player_id,))}

    def matching_ids(self, category: str | None, difficulty: str | None) -> list[str]:
        sql, params = filtered("SELECT id FROM question", "%s", category, difficulty)
        return [str(qid) for (qid,) in self._rows(sql, params)]

    def questions(self, ids: Sequence[str]) -> list[QuestionRow]:
        return [(r[0], r[1], r[2], r[3], r[4], r[5], list(r[6]), list(r[7]), r[8], r[9])
                for r in self._rows(
                    "SELECT id, type, category, difficulty, question, correct_answer, "
                    "incorrect_answers, accepted_answers, explanation, fact_id FROM question "
                    "WHERE id = ANY(%s)", (list(ids),))]

    def sources(self, ids: Sequence[str]) -> list[SourceRow]:
        return [(r[0], r[1], r[2], int(r[3]), int(r[4])) for r in self._rows(
            'SELECT question_id, article_id, quote, start, "end" FROM source '
            "WHERE question_id = ANY(%s) ORDER BY question_id, position", (list(ids),))]

    def bylines(self, article_ids: Sequence[str]) -> list[tuple[str, str, str, str]]:
        return [(r[0], r[1], r[2], r[3]) for r in self._rows(
            "SELECT id, title, publication, author FROM article WHERE id = ANY(%s)",
            (list(article_ids),))]

    def fact_answers(self, fact_ids: Sequence[str]) -> dict[str, str]:
        return {str(fid): str(answer) for fid, answer in self._rows(
            "SELECT id, answer FROM fact WHERE id = ANY(%s)", (list(fact_ids),))}


@contextmanager
def checked_out(engine: Engine) -> Iterator[PostgresReads]:
    """`PostgresReads` on a pooled connection of `engine`, in autocommit: each statement its
    own snapshot, as READ COMMITTED gives them inside a transaction anyway, without the BEGIN
    and COMMIT round trips. The connection is taken without the pool's ping (another round
    trip); one found dead by the first read is replaced by a pinged one. It goes back to the
    pool as it came (not in autocommit), unless an error left it lost or mid-statement: then it
    is closed, and the error is the one the read met."""
    token = UNPINGED.set(True)
    try:
        pooled = engine.raw_connection()
    finally:
        UNPINGED.reset(token)

    def autocommit() -> Any:
        conn = pooled.driver_connection
        assert conn is not None
        conn.autocommit = True
        return conn

    def reconnect() -> Any:
        nonlocal pooled
        pooled.invalidate()  # closed, and out of the pool
        pooled = engine.raw_connection()
        return autocommit()

    try:
        yield PostgresReads(autocommit(), reconnect)
    finally:
        conn = pooled.driver_connection
        if conn is None:
            pass  # invalidated, and no other came: nothing to give back
        elif conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE:
            conn.autocommit = False
            pooled.close()  # back to the pool
        else:  # lost, or left in a statement by an error: not for the next user
            pooled.invalidate()
