"""Baseline: the schema of version 0.1 (tables, indexes, and on SQLite the search index).

Revision ID: 0001
Revises:
Create Date: 2026-11-22

Frozen on purpose: later model changes get a new revision, never an edit here. A database
made before migrations existed holds exactly this schema and is stamped 0001 when first opened.
"""

from __future__ import annotations

import sqlite3

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

SORT_INDEXES = (
    "CREATE INDEX IF NOT EXISTS ix_question_type ON question (type, id)",
    "CREATE INDEX IF NOT EXISTS ix_question_difficulty ON question (difficulty, id)",
    "CREATE INDEX IF NOT EXISTS ix_question_origin ON question (origin, id)",
    "CREATE INDEX IF NOT EXISTS ix_question_category_id ON question (category, id)",
)

_PENDING = ("INSERT OR IGNORE INTO question_search_pending(id) SELECT {0} "
            "WHERE {0} IS NOT NULL;")
_OF_SOURCE = "(SELECT rowid FROM question WHERE id = {0}.question_id)"

SEARCH_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS question_search "
    "USING fts5(body, tokenize='trigram', detail=none)",
    "CREATE TABLE IF NOT EXISTS question_search_pending (id INTEGER PRIMARY KEY)",
    "CREATE TRIGGER IF NOT EXISTS question_search_ai AFTER INSERT ON question BEGIN "
    f"{_PENDING.format('new.rowid')} END",
    "CREATE TRIGGER IF NOT EXISTS question_search_ad AFTER DELETE ON question BEGIN "
    f"{_PENDING.format('old.rowid')} END",
    "CREATE TRIGGER IF NOT EXISTS question_search_au AFTER UPDATE OF "
    "id, question, correct_answer, incorrect_answers, accepted_answers ON question BEGIN "
    f"{_PENDING.format('old.rowid')} {_PENDING.format('new.rowid')} END",
    "CREATE TRIGGER IF NOT EXISTS source_search_ai AFTER INSERT ON source BEGIN "
    f"{_PENDING.format(_OF_SOURCE.format('new'))} END",
    "CREATE TRIGGER IF NOT EXISTS source_search_ad AFTER DELETE ON source BEGIN "
    f"{_PENDING.format(_OF_SOURCE.format('old'))} END",
    "CREATE TRIGGER IF NOT EXISTS source_search_au AFTER UPDATE ON source BEGIN "
    f"{_PENDING.format(_OF_SOURCE.format('old'))} {_PENDING.format(_OF_SOURCE.format('new'))} END",
)


def _text(length: int | None = None) -> sa.String:
    return sa.String(length=length)


def upgrade() -> None:
    op.create_table(
        "article",
        sa.Column("id", _text(80), nullable=False),
        sa.Column("title", _text(), nullable=False),
        sa.Column("publication", _text(), nullable=False),
        sa.Column("author", _text(), nullable=False),
        sa.Column("url", _text(), nullable=False),
        sa.Column("title_is_descriptive", sa.Boolean(), nullable=False),
        sa.Column("text", _text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article")),
    )
    op.create_table(
        "player",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", _text(), nullable=False),
        sa.Column("key", _text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_player")),
    )
    op.create_index(op.f("ix_player_key"), "player", ["key"], unique=True)
    op.create_table(
        "fact",
        sa.Column("id", _text(80), nullable=False),
        sa.Column("article_id", _text(), nullable=False),
        sa.Column("quote", _text(), nullable=False),
        sa.Column("answer", _text(), nullable=False),
        sa.Column("kind", _text(), nullable=False),
        sa.Column("category", _text(), nullable=False),
        sa.Column("difficulty", _text(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"],
                                name=op.f("fk_fact_article_id_article")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact")),
    )
    op.create_table(
        "game",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("player_id", sa.Integer(), nullable=False),
        sa.Column("mode", _text(), nullable=False),
        sa.Column("category", _text(), nullable=True),
        sa.Column("difficulty", _text(), nullable=True),
        sa.Column("status", _text(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("best_streak", sa.Integer(), nullable=False),
        sa.Column("duration_s", sa.Float(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["player_id"], ["player.id"],
                                name=op.f("fk_game_player_id_player"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_game")),
    )
    op.create_index("ix_game_board", "game", ["status", "mode", "score"], unique=False)
    op.create_index(op.f("ix_game_player_id"), "game", ["player_id"], unique=False)
    op.create_table(
        "question",
        sa.Column("id", _text(120), nullable=False),
        sa.Column("type", _text(), nullable=False),
        sa.Column("category", _text(), nullable=False),
        sa.Column("difficulty", _text(), nullable=False),
        sa.Column("question", _text(), nullable=False),
        sa.Column("correct_answer", _text(), nullable=False),
        sa.Column("incorrect_answers", sa.JSON(), nullable=False),
        sa.Column("accepted_answers", sa.JSON(), nullable=False),
        sa.Column("explanation", _text(), nullable=False),
        sa.Column("origin", _text(), nullable=False),
        sa.Column("fact_id", _text(), nullable=True),
        sa.Column("generated", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["fact_id"], ["fact.id"], name=op.f("fk_question_fact_id_fact"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question")),
    )
    op.create_index("ix_question_filter", "question", ["category", "difficulty"], unique=False)
    op.create_table(
        "answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("game_id", sa.Integer(), nullable=False),
        sa.Column("question_id", _text(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("given", _text(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("timed_out", sa.Boolean(), nullable=False),
        sa.Column("elapsed_s", sa.Float(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["game_id"], ["game.id"], name=op.f("fk_answer_game_id_game"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["question_id"], ["question.id"],
                                name=op.f("fk_answer_question_id_question"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer")),
    )
    op.create_index(op.f("ix_answer_game_id"), "answer", ["game_id"], unique=False)
    op.create_index("ix_answer_question", "answer", ["question_id", "correct"], unique=False)
    op.create_table(
        "source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", _text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("article_id", _text(), nullable=False),
        sa.Column("quote", _text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"],
                                name=op.f("fk_source_article_id_article")),
        sa.ForeignKeyConstraint(["question_id"], ["question.id"],
                                name=op.f("fk_source_question_id_question"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source")),
    )
    op.create_index(op.f("ix_source_question_id"), "source", ["question_id"], unique=False)
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for statement in SORT_INDEXES:
        op.execute(statement)
    if sqlite3.sqlite_version_info >= (3, 34, 0):  # the trigram tokenizer
        for statement in SEARCH_DDL:
            op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the baseline cannot be downgraded: restore a backup instead")
