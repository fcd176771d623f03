"""Asked: which questions each player has been asked, and how often, kept by triggers (SQLite).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

A draw skips the questions a player has been asked. Looking that up in `answer` touches
pages all over its index (every player's answers to a question sit together); `asked` keeps
one player's questions together, so a draw reads a few pages that stay in memory between
games. Triggers on `answer` and `game` keep it equal to the count of the player's answers
per question (answers unlinked from a deleted question do not count). Filled here from the
existing answers. Derived data: SQLite only, like the search index.

Frozen on purpose, like 0001: later changes get a new revision.
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

_PLAYER_OF = "(SELECT player_id FROM game WHERE id = {0}.game_id)"
_UP = ("INSERT INTO asked (player_id, question_id, times) "
       "SELECT player_id, {0}.question_id, 1 FROM game WHERE id = {0}.game_id "
       "AND {0}.question_id IS NOT NULL "
       "ON CONFLICT (player_id, question_id) DO UPDATE SET times = times + 1;")
_DOWN = ("UPDATE asked SET times = times - 1 WHERE player_id = " + _PLAYER_OF +
         " AND question_id = {0}.question_id; "
         "DELETE FROM asked WHERE player_id = " + _PLAYER_OF +
         " AND question_id = {0}.question_id AND times <= 0;")

ASKED_DDL = (
    "CREATE TABLE IF NOT EXISTS asked (player_id INTEGER NOT NULL, question_id TEXT NOT NULL, "
    "times INTEGER NOT NULL, PRIMARY KEY (player_id, question_id)) WITHOUT ROWID",
    f"CREATE TRIGGER IF NOT EXISTS asked_ai AFTER INSERT ON answer BEGIN {_UP.format('new')} END",
    f"CREATE TRIGGER IF NOT EXISTS asked_ad AFTER DELETE ON answer BEGIN {_DOWN.format('old')} "
    "END",
    "CREATE TRIGGER IF NOT EXISTS asked_au AFTER UPDATE OF game_id, question_id ON answer "
    f"BEGIN {_DOWN.format('old')} {_UP.format('new')} END",
    # A game deleted with its answers (a cascade): they are gone by the time their own
    # trigger runs, and with them the way to the player, so the game takes them off first.
    "CREATE TRIGGER IF NOT EXISTS asked_gd BEFORE DELETE ON game BEGIN "
    "UPDATE asked SET times = times - (SELECT count(*) FROM answer a WHERE a.game_id = old.id "
    "AND a.question_id = asked.question_id) WHERE player_id = old.player_id AND question_id IN "
    "(SELECT question_id FROM answer WHERE game_id = old.id); "
    "DELETE FROM asked WHERE player_id = old.player_id AND times <= 0; END",
)
ASKED_FILL = (
    "INSERT INTO asked (player_id, question_id, times) SELECT g.player_id, a.question_id, "
    "count(*) FROM answer a JOIN game g ON g.id = a.game_id WHERE a.question_id IS NOT NULL "
    "GROUP BY g.player_id, a.question_id"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in ASKED_DDL:
        op.execute(statement)
    op.execute(ASKED_FILL)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for trigger in ("asked_ai", "asked_ad", "asked_au", "asked_gd"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS asked")
