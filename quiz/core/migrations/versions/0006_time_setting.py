"""Games remember their time setting (standard, x2, x10, off); high scores rank each apart.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03

Every game stored before has had the standard time. The high-score index gains the column
between mode and score, so one table (a mode under one setting) is still one range of it.

Frozen on purpose, like 0001: later changes get a new revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # ADD COLUMN with a constant default needs no table copy, so game's triggers stay.
    with op.batch_alter_table("game", recreate="never") as batch:
        batch.add_column(sa.Column("time_setting", sa.String(), nullable=False,
                                   server_default="standard"))
    op.drop_index("ix_game_board", table_name="game")
    op.create_index("ix_game_board", "game", ["status", "mode", "time_setting", "score"])


def downgrade() -> None:
    op.drop_index("ix_game_board", table_name="game")
    op.create_index("ix_game_board", "game", ["status", "mode", "score"])
    with op.batch_alter_table("game") as batch:
        batch.drop_column("time_setting")
