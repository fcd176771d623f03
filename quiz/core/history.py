"""Saving played games: the result and every answer, in one transaction.

A game is saved from its `record` (plain data: what the outbox keeps on this computer while the
server is away). Given a `key`, a game is stored at most once under it: sending it again after
a crash between the server's commit and the client's acknowledgement changes nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from quiz.core import models, players
from quiz.core.db import Database
from quiz.core.game import Summary


def record(player: str, summary: Summary, category: str | None = None,
           difficulty: str | None = None) -> dict[str, Any]:
    """A finished or abandoned game as plain JSON-ready data, stamped with the time it ended."""
    return {
        "player": player, "mode": summary.mode.key, "category": category,
        "difficulty": difficulty, "status": summary.status,
        "time_setting": summary.time_setting, "score": summary.score,
        "correct": summary.correct, "total": summary.total, "best_streak": summary.best_streak,
        "duration_s": summary.duration_s, "finished_at": models.utcnow().isoformat(),
        "answers": [{"question_id": r.card.id, "given": r.given or "", "correct": r.correct,
                     "timed_out": r.timed_out, "elapsed_s": r.elapsed, "points": r.points}
                    for r in summary.results],
    }


def save(db: Database, player: str, summary: Summary, category: str | None = None,
         difficulty: str | None = None) -> int:
    """Store a finished or abandoned game with its answers; returns the game id.

    All or nothing: a QuizError in one plain line (e.g. the disk is full) if it cannot be
    saved; then no part of the game is stored.
    """
    return save_record(db, record(player, summary, category, difficulty))


def save_record(db: Database, game: dict[str, Any], key: str | None = None) -> int:
    """Store a game `record`; returns its id. With `key`, a game already stored under it is not
    stored again (its id is returned)."""
    with db.session(write=True, what="game") as s:
        if key is not None:
            known = s.get(models.GameKey, key)
            if known is not None:
                return known.game_id
        who = players.get_or_create(s, game["player"])
        assert who.id is not None
        finished = datetime.fromisoformat(game["finished_at"])
        abandoned = game["status"] == "abandoned"
        row = models.Game(
            player_id=who.id, mode=game["mode"], category=game["category"],
            difficulty=game["difficulty"], status=game["status"],
            time_setting=game.get("time_setting", "standard"),
            score=0 if abandoned else game["score"], correct=game["correct"],
            total=game["total"], best_streak=game["best_streak"], duration_s=game["duration_s"],
            started_at=finished - timedelta(seconds=game["duration_s"]), finished_at=finished,
        )
        s.add(row)
        s.flush()
        assert row.id is not None
        for i, a in enumerate(game["answers"]):
            s.add(models.Answer(game_id=row.id, question_id=a["question_id"], position=i,
                                given=a["given"], correct=a["correct"], timed_out=a["timed_out"],
                                elapsed_s=a["elapsed_s"], points=a["points"]))
        if key is not None:
            s.add(models.GameKey(key=key, game_id=row.id))
        return row.id
