"""Draw order: every question gets a random `shuffle` key, indexed with its filter and id;
answers are indexed by question with their game (has this player been asked it?).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

A game's questions are those that follow random points of the `shuffle` order within the
chosen category and difficulty. `ix_question_draw` (category, difficulty, shuffle, id) answers
that from the index alone, without reading any question's row; it starts with the columns of
`ix_question_filter`, which it replaces. Existing questions get their keys here (one pass over
the table; about a minute for a million questions). On SQLite a trigger gives a key to a row
inserted without one, by any program. `ix_answer_question` gains the game id, so telling
whether a player was asked a question reads no answer row either.

Frozen on purpose, like 0001: later changes get a new revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

SHUFFLE_TRIGGER = (
    "CREATE TRIGGER IF NOT EXISTS question_shuffle_ai AFTER INSERT ON question "
    "WHEN new.shuffle IS NULL BEGIN "
    "UPDATE question SET shuffle = random() WHERE rowid = new.rowid; END"
)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.add_column("question", sa.Column("shuffle", sa.BigInteger(), nullable=True))
    if sqlite:
        op.execute("UPDATE question SET shuffle = random()")
        op.execute(SHUFFLE_TRIGGER)
    else:  # PostgreSQL: random() is a float in [0, 1)
        op.execute("UPDATE question SET shuffle = "
                   "floor((random() - 0.5) * 18446744073709551616)::bigint")
    op.drop_index("ix_question_filter", table_name="question")
    op.create_index("ix_question_draw", "question",
                    ["category", "difficulty", "shuffle", "id"], unique=False)
    op.drop_index("ix_answer_question", table_name="answer")
    op.create_index("ix_answer_question", "answer", ["question_id", "game_id", "correct"],
                    unique=False)


def downgrade() -> None:
    op.drop_index("ix_answer_question", table_name="answer")
    op.create_index("ix_answer_question", "answer", ["question_id", "correct"], unique=False)
    op.drop_index("ix_question_draw", table_name="question")
    op.create_index("ix_question_filter", "question", ["category", "difficulty"], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS question_shuffle_ai")
    op.drop_column("question", "shuffle")
