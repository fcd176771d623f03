"""Asked, kept right when games change: a deleted game removes only its own questions' rows, and
a game moved to another player moves what it asked.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

0003's `asked_gd` swept all of the player's rows for every deleted game (slow when thousands
of games go at once) and no trigger followed a game's player changing. SQLite only.

Frozen on purpose, like 0001: later changes get a new revision.
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

_TAKE_OFF = (  # the answers of game {0} stop counting for player {0}.player_id
    "UPDATE asked SET times = times - (SELECT count(*) FROM answer a WHERE a.game_id = {0}.id "
    "AND a.question_id = asked.question_id) WHERE player_id = {0}.player_id AND question_id IN "
    "(SELECT question_id FROM answer WHERE game_id = {0}.id); "
    "DELETE FROM asked WHERE player_id = {0}.player_id AND times <= 0 AND question_id IN "
    "(SELECT question_id FROM answer WHERE game_id = {0}.id);"
)
_PUT_ON = (  # ... and start counting for player {0}.player_id
    "INSERT INTO asked (player_id, question_id, times) SELECT {0}.player_id, question_id, "
    "count(*) FROM answer WHERE game_id = {0}.id AND question_id IS NOT NULL "
    "GROUP BY question_id ON CONFLICT (player_id, question_id) "
    "DO UPDATE SET times = times + excluded.times;"
)
TRIGGERS = (
    f"CREATE TRIGGER asked_gd BEFORE DELETE ON game BEGIN {_TAKE_OFF.format('old')} END",
    "CREATE TRIGGER asked_gu AFTER UPDATE OF player_id ON game "
    f"BEGIN {_TAKE_OFF.format('old')} {_PUT_ON.format('new')} END",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TRIGGER IF EXISTS asked_gd")
    for statement in TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TRIGGER IF EXISTS asked_gu")
    op.execute("DROP TRIGGER IF EXISTS asked_gd")
    op.execute(
        "CREATE TRIGGER asked_gd BEFORE DELETE ON game BEGIN "
        "UPDATE asked SET times = times - (SELECT count(*) FROM answer a WHERE a.game_id = "
        "old.id AND a.question_id = asked.question_id) WHERE player_id = old.player_id AND "
        "question_id IN (SELECT question_id FROM answer WHERE game_id = old.id); "
        "DELETE FROM asked WHERE player_id = old.player_id AND times <= 0; END")
