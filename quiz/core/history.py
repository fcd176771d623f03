"""Saving played games: the result and every answer, in one transaction."""

from __future__ import annotations

from datetime import timedelta

from quiz.core import models, players
from quiz.core.db import Database
from quiz.core.game import Summary


def save(db: Database, player: str, summary: Summary, category: str | None = None,
         difficulty: str | None = None) -> int:
    """Store a finished or abandoned game with its answers; returns the game id.

    All or nothing: a QuizError in one plain line (e.g. the disk is full) if it cannot be
    saved; then no part of the game is stored.
    """
    with db.session(write=True, what="game") as s:
        who = players.get_or_create(s, player)
        assert who.id is not None
        finished = models.utcnow()
        abandoned = summary.status == "abandoned"
        game = models.Game(
            player_id=who.id, mode=summary.mode.key, category=category, difficulty=difficulty,
            status=summary.status, time_setting=summary.time_setting,
            score=0 if abandoned else summary.score,
            correct=summary.correct, total=summary.total, best_streak=summary.best_streak,
            duration_s=summary.duration_s,
            started_at=finished - timedelta(seconds=summary.duration_s), finished_at=finished,
        )
        s.add(game)
        s.flush()
        assert game.id is not None
        for i, r in enumerate(summary.results):
            s.add(models.Answer(game_id=game.id, question_id=r.card.id, position=i,
                                given=r.given or "", correct=r.correct, timed_out=r.timed_out,
                                elapsed_s=r.elapsed, points=r.points))
        return game.id
