"""A player's progress: games per mode, accuracy by category, most-missed facts, score over time.

Also the one way to forget results: `reset` deletes one player's games (or everyone's) with
their answers, after `loss` has said what that would delete. Player rows are kept, so a name
keeps its first spelling.

Every answer a player gave counts towards accuracy (practice and unfinished games too: each was
a real attempt at the question); scores and games played count finished games only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, delete, func
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from quiz.core import models, players
from quiz.core.db import Database
from quiz.core.errors import QuizError
from quiz.core.game import MODES
from quiz.core.leaderboard import RANKED_MODES

MISSED_LIMIT = 10


@dataclass(frozen=True)
class ModeStats:
    """A player's finished games of one mode."""

    mode: str
    games: int
    best: int
    average: float
    correct: int
    total: int

    @property
    def label(self) -> str:
        """The mode's name for people."""
        known = MODES.get(self.mode)
        return known.label if known else self.mode

    @property
    def accuracy(self) -> float:
        """Share of correct answers in these games, 0..1."""
        return self.correct / self.total if self.total else 0.0


@dataclass(frozen=True)
class CategoryStats:
    """How a player does on one category's questions."""

    category: str
    correct: int
    answered: int

    @property
    def accuracy(self) -> float:
        """Share of correct answers, 0..1."""
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class MissedFact:
    """A fact (or a question with no fact behind it) the player keeps getting wrong."""

    key: str  # the fact id, or the question id for a question without a fact
    text: str  # the fact's quote, or the question's stem
    answer: str
    category: str
    misses: int
    attempts: int


@dataclass(frozen=True)
class ScorePoint:
    """One finished game on the score-over-time chart."""

    game_id: int
    mode: str
    score: int
    finished_at: datetime


@dataclass(frozen=True)
class Progress:
    """Everything on a player's page."""

    player: str
    games: int
    abandoned: int
    modes: list[ModeStats]
    categories: list[CategoryStats]
    missed: list[MissedFact]
    history: list[ScorePoint]


@dataclass(frozen=True)
class Loss:
    """What a reset deletes (or deleted): `player` None means everyone."""

    player: str | None
    players: int
    games: int
    ranked_games: int
    answers: int

    def describe(self) -> str:
        """One paragraph naming what will be lost, for the confirmation."""
        games = _plural(self.games, "game")
        ranked = f"{self.ranked_games} of them in the high-score tables"
        answers = _plural(self.answers, "answer")
        if self.player is not None:
            return (f"This deletes all {games} {self.player} has played ({ranked}) and their "
                    f"{answers}. {self.player}'s progress page and Review questions start over. "
                    "This cannot be undone.")
        return (f"This deletes every game of {_plural(self.players, 'player')}: {games} "
                f"({ranked}) and {answers}. The high-score tables, progress pages and Review "
                "questions start over. This cannot be undone.")


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def players_with_games(db: Database) -> list[str]:
    """Names of everyone who has played (finished or not), in alphabetical order."""
    return [name for name, _key in named_players(db)]


def named_players(db: Database) -> list[tuple[str, str]]:
    """(name, name key) of everyone who has played (finished or not), in alphabetical order.

    One seek per player along the game.player_id index, whatever the number of games.
    """
    P, G = models.Player, models.Game
    with db.session() as s:
        rows = s.exec(select(P.name, P.key).where(
            select(G.id).where(G.player_id == P.id).exists())).all()
        return sorted(((name, key) for name, key in rows), key=lambda r: r[0].casefold())


def _player(s: Session, name: str) -> models.Player:
    who = players.find(s, name)
    if who is None or who.id is None:
        raise QuizError(f"no player called {players.clean_name(name)!r}")
    return who


def progress(db: Database, player: str, missed_limit: int = MISSED_LIMIT) -> Progress:
    """The page of `player` (any spelling of the name); a QuizError if nobody has that name."""
    G = models.Game
    with db.session() as s:
        who = _player(s, player)
        pid = who.id
        assert pid is not None
        # Grouped by status too, so the WHERE names only the player and SQLite uses the
        # player_id index (with status in the WHERE it would walk the whole high-score index).
        per_mode: Any = (G.status, G.mode, func.count(), func.max(G.score), func.avg(G.score),
                         func.sum(G.correct), func.sum(G.total))
        rows = s.exec(select(*per_mode).where(G.player_id == pid)
                      .group_by(col(G.status), col(G.mode))).all()
        abandoned = sum(r[2] for r in rows if r[0] == "abandoned")
        modes = [ModeStats(mode=r[1], games=r[2], best=r[3] or 0, average=float(r[4] or 0),
                           correct=r[5] or 0, total=r[6] or 0)
                 for r in rows if r[0] == "finished"]
        modes.sort(key=lambda m: list(MODES).index(m.mode) if m.mode in MODES else len(MODES))
        history = [ScorePoint(game_id=r[0] or 0, mode=r[1], score=r[2], finished_at=r[3])
                   for r in s.exec(
                       select(G.id, G.mode, G.score, G.finished_at)
                       .where(G.player_id == pid, G.status == "finished")
                       .order_by(col(G.finished_at), col(G.id)))]
        return Progress(player=who.name, games=sum(m.games for m in modes), abandoned=abandoned,
                        modes=modes, categories=_categories(s, pid),
                        missed=_missed(s, pid, missed_limit), history=history)


def _categories(s: Session, pid: int) -> list[CategoryStats]:
    A, G, Q = models.Answer, models.Game, models.Question
    right = func.sum(case((col(A.correct).is_(True), 1), else_=0))
    rows = s.exec(select(Q.category, right, func.count())
                  .join(G, col(G.id) == A.game_id).join(Q, col(Q.id) == A.question_id)
                  .where(G.player_id == pid).group_by(col(Q.category)))
    stats = [CategoryStats(category=c, correct=int(ok or 0), answered=n) for c, ok, n in rows]
    return sorted(stats, key=lambda c: c.category.casefold())


def _missed(s: Session, pid: int, limit: int) -> list[MissedFact]:
    A, G, Q, F = models.Answer, models.Game, models.Question, models.Fact
    key = func.coalesce(Q.fact_id, Q.id)
    wrong = col(A.correct).is_(False)
    misses = func.sum(case((wrong, 1), else_=0))
    last_miss = func.max(case((wrong, A.id), else_=None))
    columns: Any = (key, func.min(Q.fact_id), func.min(Q.id), misses, func.count())
    rows = s.exec(select(*columns)
                  .join(G, col(G.id) == A.game_id).join(Q, col(Q.id) == A.question_id)
                  .where(G.player_id == pid).group_by(key).having(misses > 0)
                  .order_by(misses.desc(), last_miss.desc()).limit(limit)).all()
    fact_ids = [r[1] for r in rows if r[1]]
    question_ids = [r[2] for r in rows if not r[1]]
    facts = {f.id: f for f in s.exec(select(F).where(col(F.id).in_(fact_ids)))}
    questions = {q.id: q for q in s.exec(select(Q).where(col(Q.id).in_(question_ids)))}
    out: list[MissedFact] = []
    for k, fact_id, question_id, n_missed, attempts in rows:
        found: Any = facts.get(fact_id) if fact_id else questions.get(question_id)
        if found is None:
            continue
        if fact_id:
            text, answer = found.quote, found.answer
        else:
            text, answer = found.question, found.correct_answer
        out.append(MissedFact(key=k, text=text, answer=answer, category=found.category,
                              misses=int(n_missed), attempts=attempts))
    return out


def _loss(s: Session, player: models.Player | None) -> Loss:
    A, G = models.Answer, models.Game
    in_tables = (col(G.status) == "finished") & col(G.mode).in_(RANKED_MODES)
    ranked = func.sum(case((in_tables, 1), else_=0))
    games = select(func.count(), ranked).select_from(G)
    answers = select(func.count()).select_from(A).join(G, col(G.id) == A.game_id)
    people = select(func.count(func.distinct(G.player_id))).select_from(G)
    if player is not None:
        games = games.where(G.player_id == player.id)
        answers = answers.where(G.player_id == player.id)
        people = people.where(G.player_id == player.id)
    n_games, n_ranked = s.exec(games).one()
    return Loss(player=player.name if player else None, players=s.exec(people).one(),
                games=n_games, ranked_games=int(n_ranked or 0), answers=s.exec(answers).one())


def loss(db: Database, player: str | None = None) -> Loss:
    """What `reset(db, player)` would delete; a QuizError if nobody has that name."""
    with db.session() as s:
        return _loss(s, _player(s, player) if player is not None else None)


def reset(db: Database, player: str | None = None) -> Loss:
    """Delete `player`'s games and answers (everyone's if None) in one transaction.

    Returns what was deleted. On any database error nothing is deleted and a QuizError says why.
    """
    A, G = models.Answer, models.Game
    try:
        with db.session(write=True) as s:
            who = _player(s, player) if player is not None else None
            lost = _loss(s, who)
            games = select(G.id)
            if who is not None:
                games = games.where(G.player_id == who.id)
            # Answers first: a backend without ON DELETE CASCADE must not be left with orphans.
            s.exec(delete(A).where(col(A.game_id).in_(games)))
            if who is not None:
                s.exec(delete(G).where(col(G.player_id) == who.id))
            else:
                s.exec(delete(G))
            return lost
    except SQLAlchemyError as exc:
        reason = getattr(exc, "orig", None) or exc
        raise QuizError(f"cannot reset scores: {reason}") from None
