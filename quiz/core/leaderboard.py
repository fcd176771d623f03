"""High scores: finished games of ranked modes, best first.

Ties are broken by accuracy, then by the shorter time, then by who got there first.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Float, cast, func
from sqlmodel import col, select

from quiz.core import models, players
from quiz.core.db import Database
from quiz.core.errors import QuizError
from quiz.core.game import MODES

RANKED_MODES = tuple(k for k, m in MODES.items() if m.ranked)


@dataclass(frozen=True)
class Entry:
    """One row of the high-score table."""

    rank: int
    game_id: int
    player: str
    mode: str
    score: int
    correct: int
    total: int
    best_streak: int
    duration_s: float
    finished_at: datetime

    @property
    def accuracy(self) -> float:
        """Share of correct answers, 0..1."""
        return self.correct / self.total if self.total else 0.0

    def as_json(self) -> dict[str, Any]:
        """The fields `quiz scores --json` prints."""
        data = asdict(self)
        at = self.finished_at if self.finished_at.tzinfo else self.finished_at.replace(tzinfo=UTC)
        data["finished_at"] = at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return {k: data[k] for k in ("rank", "player", "mode", "score", "correct", "total",
                                     "best_streak", "duration_s", "finished_at")}


def top(db: Database, mode: str | None = None, limit: int | None = 10,
        player: str | None = None) -> list[Entry]:
    """The best games of `mode` (every ranked mode if None), each ranked within its mode."""
    if mode is not None and mode not in RANKED_MODES:
        raise QuizError(f"no high scores for mode {mode!r} (choose from {', '.join(RANKED_MODES)})")
    if limit is not None and limit < 1:
        raise QuizError("limit must be at least 1")
    G, P = models.Game, models.Player
    accuracy = cast(G.correct, Float) / func.nullif(G.total, 0)
    rank = func.row_number().over(
        partition_by=col(G.mode),
        order_by=(col(G.score).desc(), func.coalesce(accuracy, 0).desc(),
                  col(G.duration_s).asc(), col(G.finished_at).asc(), col(G.id).asc()),
    ).label("rank")
    modes = [mode] if mode else list(RANKED_MODES)
    ranked = (select(rank, G.id, P.name, P.key, G.mode, G.score, G.correct, G.total,
                     G.best_streak, G.duration_s, G.finished_at)
              .join(P, col(P.id) == G.player_id)
              .where(G.status == "finished", col(G.mode).in_(modes))
              .subquery())
    query = select(*ranked.c).order_by(ranked.c.mode, ranked.c.rank)
    if player:
        query = query.where(ranked.c.key == players.name_key(player))
    elif limit is not None:
        query = query.where(ranked.c.rank <= limit)
    with db.session() as s:
        rows = s.exec(query).all()  # type: ignore[call-overload]
    entries: list[Entry] = []
    per_mode: dict[str, int] = {}
    for r in rows:
        per_mode[r.mode] = per_mode.get(r.mode, 0) + 1
        if limit is None or per_mode[r.mode] <= limit:
            entries.append(Entry(rank=r.rank, game_id=r.id, player=r.name, mode=r.mode,
                                 score=r.score, correct=r.correct, total=r.total,
                                 best_streak=r.best_streak, duration_s=r.duration_s,
                                 finished_at=r.finished_at))
    return entries
