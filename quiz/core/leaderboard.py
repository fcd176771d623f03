"""High scores: finished games of ranked modes (Practice is not ranked), best first.

Every finished game is a row; a player can hold several places. Ties on score are broken by
accuracy (higher first), then by time (shorter first), then by who got there first (earlier
finish, then lower game id), so two games never share a rank.

A table is one mode under one time setting (`quiz.core.timing`): games with more time, or
none, are ranked apart from games with the standard time, never against them.

The top of a table is read with `ORDER BY ... LIMIT` (the (status, mode, time_setting, score)
index walks it);
only when one player's rows are asked for does a window function number every game of the mode.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Float, and_, case, cast, func, or_
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col, select

from quiz.core import models, players
from quiz.core.db import Database
from quiz.core.errors import QuizError
from quiz.core.game import MODES
from quiz.core.timing import STANDARD, time_setting

RANKED_MODES = tuple(k for k, m in MODES.items() if m.ranked)
DEFAULT_LIMIT = 10

CSV_HEADER = ("rank", "player", "mode", "score", "correct", "total", "accuracy_percent",
              "best_streak", "duration_s", "finished_at", "time_setting")
# A spreadsheet runs a cell starting with one of these as a formula; such names get a "'" first.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
    player_key: str = ""
    time_setting: str = STANDARD

    @property
    def accuracy(self) -> float:
        """Share of correct answers, 0..1."""
        return self.correct / self.total if self.total else 0.0

    def as_json(self) -> dict[str, Any]:
        """The fields `quiz scores --json` prints."""
        return {"rank": self.rank, "player": self.player, "mode": self.mode, "score": self.score,
                "correct": self.correct, "total": self.total, "best_streak": self.best_streak,
                "duration_s": self.duration_s, "finished_at": utc_text(self.finished_at),
                "time_setting": self.time_setting}


def as_utc(at: datetime) -> datetime:
    """`at` with its zone; SQLite hands timestamps back naive, and they are stored in UTC."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def utc_text(at: datetime) -> str:
    """ISO 8601 in UTC, to the second: 2025-08-30T14:03:00Z."""
    return as_utc(at).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def local_text(at: datetime) -> str:
    """The date and minute in the computer's time zone, for people: 2025-08-30 16:03."""
    return as_utc(at).astimezone().strftime("%Y-%m-%d %H:%M")


def duration_text(seconds: float) -> str:
    """A game's time as m:ss (h:mm:ss past an hour)."""
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def ranked_mode(name: str) -> str:
    """The ranked mode meant by `name` ("classic", "Sudden death", "sudden-death"...)."""
    key = name.strip().casefold().replace("-", "_").replace(" ", "_")
    if key == "practice":
        raise QuizError("no high scores for mode 'practice': Practice games are never ranked "
                        f"(choose from {', '.join(RANKED_MODES)})")
    if key not in RANKED_MODES:
        raise QuizError(f"unknown mode {name!r} (choose from {', '.join(RANKED_MODES)})")
    return key


def _accuracy(game: Any) -> ColumnElement[float]:
    return func.coalesce(cast(game.correct, Float) / func.nullif(game.total, 0), 0.0)


def _ranking() -> tuple[ColumnElement[Any], ...]:
    G = models.Game
    return (col(G.score).desc(), _accuracy(G).desc(), col(G.duration_s).asc(),
            col(G.finished_at).asc(), col(G.id).asc())


def _rank_in_mode() -> ColumnElement[int]:
    """1 + the number of games of the same mode that rank above the outer query's game.

    Two counts, so the first is a plain range scan of the (status, mode, score) index and the
    tie-breaks are only evaluated among games of equal score.
    """
    G, Other = models.Game, aliased(models.Game)
    same_table = (Other.status == "finished", Other.mode == G.mode,
                  Other.time_setting == G.time_setting)
    higher = select(func.count()).select_from(Other).where(*same_table, Other.score > G.score)
    acc_o, acc_g = _accuracy(Other), _accuracy(G)
    # Built from the last tie-break outwards: "earlier", then "faster", then "more accurate".
    earlier = or_(col(Other.finished_at) < G.finished_at,
                  and_(col(Other.finished_at) == G.finished_at, col(Other.id) < col(G.id)))
    faster = or_(col(Other.duration_s) < G.duration_s,
                 and_(col(Other.duration_s) == G.duration_s, earlier))
    ahead_on_ties = or_(acc_o > acc_g, and_(acc_o == acc_g, faster))
    tied = (select(func.count()).select_from(Other)
            .where(*same_table, Other.score == G.score, ahead_on_ties))
    return higher.scalar_subquery() + tied.scalar_subquery() + 1


def _columns() -> tuple[Any, ...]:
    G, P = models.Game, models.Player
    return (G.id, P.name, P.key, G.mode, G.score, G.correct, G.total, G.best_streak,
            G.duration_s, G.finished_at, G.time_setting)


def _entry(rank: int, r: Any) -> Entry:
    return Entry(rank=rank, game_id=r.id, player=r.name, mode=r.mode, score=r.score,
                 correct=r.correct, total=r.total, best_streak=r.best_streak,
                 duration_s=r.duration_s, finished_at=r.finished_at, player_key=r.key,
                 time_setting=r.time_setting)


def top(db: Database, mode: str | None = None, limit: int | None = DEFAULT_LIMIT,
        player: str | None = None, time: str = STANDARD) -> list[Entry]:
    """The best games of `mode` (every ranked mode if None) played with the `time` setting,
    each ranked within its table.

    `limit` caps the rows per mode (None: all). With `player`, only that player's games are
    returned, still carrying their rank among everyone's.
    """
    modes = [ranked_mode(mode)] if mode else list(RANKED_MODES)
    time = time_setting(time).key
    if limit is not None and limit < 1:
        raise QuizError("limit must be at least 1")
    G, P = models.Game, models.Player
    entries: list[Entry] = []
    with db.session() as s:
        who = players.find(s, player) if player else None
        if player and who is None:
            return []
        for m in modes:
            in_table = (G.status == "finished", G.mode == m, G.time_setting == time)
            base = select(*_columns()).join(P, col(P.id) == G.player_id)
            if who is None:
                rows = s.exec(base.where(*in_table).order_by(*_ranking()).limit(limit)).all()
                entries.extend(_entry(i, r) for i, r in enumerate(rows, 1))
            elif limit is not None:
                # A few of one player's games: rank each by counting the games above it.
                mine = (base.add_columns(_rank_in_mode().label("rank"))
                        .where(*in_table, G.player_id == who.id)
                        .order_by(*_ranking()).limit(limit))
                entries.extend(_entry(r.rank, r) for r in s.exec(mine).all())
            else:
                # All of a player's games (an export): number the whole table once instead.
                rank = func.row_number().over(order_by=_ranking()).label("rank")
                ranked = base.add_columns(rank).where(*in_table).subquery()
                every = (select(*ranked.c).where(ranked.c.key == who.key)
                         .order_by(ranked.c.rank))
                entries.extend(_entry(r.rank, r) for r in s.exec(every).all())
    return entries


def count(db: Database, mode: str, player: str | None = None, time: str = STANDARD) -> int:
    """How many ranked games the table of `mode` under `time` holds (only `player`'s, if given)."""
    G = models.Game
    key = ranked_mode(mode)
    time = time_setting(time).key
    with db.session() as s:
        if not player:
            return s.exec(select(func.count()).select_from(G)
                          .where(G.status == "finished", G.mode == key,
                                 G.time_setting == time)).one()
        who = players.find(s, player)
        if who is None:
            return 0
        # Filtering on the player alone lets SQLite pick the player_id index; the rest is a CASE.
        in_table = case((and_(col(G.status) == "finished", col(G.mode) == key,
                              col(G.time_setting) == time), 1), else_=0)
        total = s.exec(select(func.sum(in_table)).where(G.player_id == who.id)).one()
        return int(total or 0)


def csv_rows(entries: list[Entry]) -> list[list[str]]:
    """The table as CSV rows, header first; names that a spreadsheet would run get a "'"."""
    rows = [list(CSV_HEADER)]
    for e in entries:
        name = "'" + e.player if e.player.startswith(_FORMULA_START) else e.player
        rows.append([str(e.rank), name, e.mode, str(e.score), str(e.correct), str(e.total),
                     f"{e.accuracy * 100:.1f}", str(e.best_streak), f"{e.duration_s:.3f}",
                     utc_text(e.finished_at), e.time_setting])
    return rows


def write_csv(path: Path, entries: list[Entry]) -> None:
    """Save `entries` as CSV (UTF-8 with a BOM, so spreadsheets read any script); all or nothing."""
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows(csv_rows(entries))
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise QuizError(f"{path}: cannot write ({exc.strerror or exc})") from None
