"""The database schema: articles, facts, questions with their sources, players, games, answers.

High scores are not stored twice: they are finished, non-practice games, ranked by a query
(`quiz.core.leaderboard`) over an index on (mode, score).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Timestamps are stored in UTC, with the zone attached."""
    return datetime.now(UTC)


class Article(SQLModel, table=True):
    """A source article; `text` is the body byte-for-byte."""

    id: str = Field(primary_key=True, max_length=80)
    title: str
    publication: str = ""
    author: str = ""
    url: str = ""
    title_is_descriptive: bool = False
    text: str


class Fact(SQLModel, table=True):
    """A curated claim of an article (see questions/facts.toml)."""

    id: str = Field(primary_key=True, max_length=80)
    article_id: str = Field(foreign_key="article.id")
    quote: str
    answer: str
    kind: str
    category: str
    difficulty: str


class Question(SQLModel, table=True):
    """A playable question. `origin` is generated, edited (a generated one changed) or user."""

    __table_args__ = (Index("ix_question_filter", "category", "difficulty"),)

    id: str = Field(primary_key=True, max_length=120)
    type: str  # multiple | boolean | cloze | numeric | text
    category: str
    difficulty: str
    question: str
    correct_answer: str
    incorrect_answers: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    accepted_answers: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    explanation: str = ""
    origin: str = "generated"
    fact_id: str | None = Field(default=None, foreign_key="fact.id", ondelete="SET NULL")
    generated: dict[str, object] | None = Field(default=None, sa_column=Column(JSON))
    updated_at: datetime = Field(default_factory=utcnow)


class Source(SQLModel, table=True):
    """A verbatim quote backing a question; offsets index the article text."""

    id: int | None = Field(default=None, primary_key=True)
    question_id: str = Field(foreign_key="question.id", index=True, ondelete="CASCADE")
    position: int = 0
    article_id: str = Field(foreign_key="article.id")
    quote: str
    start: int
    end: int


class Player(SQLModel, table=True):
    """A player; `key` (trimmed, case-folded name) makes " Mira" and "mira" the same person."""

    id: int | None = Field(default=None, primary_key=True)
    name: str
    key: str = Field(unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)


class Game(SQLModel, table=True):
    """One played (or abandoned) game and its result."""

    __table_args__ = (Index("ix_game_board", "status", "mode", "score"),)

    id: int | None = Field(default=None, primary_key=True)
    player_id: int = Field(foreign_key="player.id", index=True, ondelete="CASCADE")
    mode: str
    category: str | None = None
    difficulty: str | None = None
    status: str = "finished"  # finished | abandoned
    score: int = 0
    correct: int = 0
    total: int = 0
    best_streak: int = 0
    duration_s: float = 0.0
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime = Field(default_factory=utcnow)


class Answer(SQLModel, table=True):
    """One answer given in a game."""

    __table_args__ = (Index("ix_answer_question", "question_id", "correct"),)

    id: int | None = Field(default=None, primary_key=True)
    game_id: int = Field(foreign_key="game.id", index=True, ondelete="CASCADE")
    question_id: str | None = Field(default=None, foreign_key="question.id", ondelete="SET NULL")
    position: int
    given: str
    correct: bool
    timed_out: bool = False
    elapsed_s: float = 0.0
    points: int = 0
