"""PostgreSQL's own fast paths (trigram search, sort indexes), and `game_key` on both backends.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03

Both backends get the table `game_key` (a game's client-given key, unique: the outbox sends a
game again after a crash and it is stored once). Nothing else changes on SQLite (it has its
FTS5 trigram index since 0001/0005). On PostgreSQL a question stored without a draw key
gets one from the column's default (SQLite's trigger, 0002), and the
search text of a question (stem and answers, typographic quotes folded, lower case) is an
IMMUTABLE function of its columns with a GIN trigram index on it, and each quote likewise:
`quiz.core.backends.postgres_search` writes conditions on exactly these expressions, so a
`LIKE '%word%'` is answered from the index. `pg_trgm` ships with the server (Debian's
postgresql-contrib) and is a trusted extension: the database owner may create it.

Frozen on purpose, like 0001: later changes get a new revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None

_FOLD = ("lower(replace(replace(replace(replace(t, '’', ''''), '‘', ''''), '“', '\"'), "
         "'”', '\"'))")
_LISTED = "coalesce((SELECT string_agg(v, E'\\n') FROM json_array_elements_text({0}) AS v), '')"

SHUFFLE_KEY = "floor((random() - 0.5) * 18446744073709551616)::bigint"  # as 0002's, on a server

UPGRADE = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE OR REPLACE FUNCTION quiz_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE "
    f"PARALLEL SAFE STRICT SET search_path FROM CURRENT AS $$ SELECT {_FOLD} $$",
    "CREATE OR REPLACE FUNCTION quiz_search_body(q text, a text, wrong json, accepted json) "
    "RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$ "
    "SELECT quiz_fold(q || E'\\n' || a || E'\\n' || "
    f"{_LISTED.format('wrong')} || E'\\n' || {_LISTED.format('accepted')}) $$",
    "CREATE INDEX IF NOT EXISTS ix_question_search ON question USING gin "
    "(quiz_search_body(question, correct_answer, incorrect_answers, accepted_answers) "
    "gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS ix_source_quote_search ON source USING gin "
    "(quiz_fold(quote) gin_trgm_ops)",
    # The editor's sorted pages: an index range each, as on SQLite.
    "CREATE INDEX IF NOT EXISTS ix_question_stem_order ON question (lower(question), id)",
    "CREATE INDEX IF NOT EXISTS ix_question_answer_order ON question "
    "(lower(correct_answer), id)",
    "CREATE INDEX IF NOT EXISTS ix_question_type ON question (type, id)",
    "CREATE INDEX IF NOT EXISTS ix_question_difficulty ON question (difficulty, id)",
    "CREATE INDEX IF NOT EXISTS ix_question_origin ON question (origin, id)",
    "CREATE INDEX IF NOT EXISTS ix_question_category_id ON question (category, id)",
    # The leaderboard's per-mode top ten, as SQLite's ix_game_board.
    "CREATE INDEX IF NOT EXISTS ix_game_mode_best ON game (mode, score DESC, id) "
    "WHERE status = 'finished'",
    # A question stored without a draw key (by a tool writing SQL by hand) gets one, as
    # SQLite's trigger gives it (0002): the keyed draw seeks along the keys.
    f"ALTER TABLE question ALTER COLUMN shuffle SET DEFAULT {SHUFFLE_KEY}",
    f"UPDATE question SET shuffle = {SHUFFLE_KEY} WHERE shuffle IS NULL",
)

DOWNGRADE = (
    "ALTER TABLE question ALTER COLUMN shuffle DROP DEFAULT",
    "DROP INDEX IF EXISTS ix_game_mode_best",
    "DROP INDEX IF EXISTS ix_question_category_id",
    "DROP INDEX IF EXISTS ix_question_origin",
    "DROP INDEX IF EXISTS ix_question_difficulty",
    "DROP INDEX IF EXISTS ix_question_type",
    "DROP INDEX IF EXISTS ix_question_answer_order",
    "DROP INDEX IF EXISTS ix_question_stem_order",
    "DROP INDEX IF EXISTS ix_source_quote_search",
    "DROP INDEX IF EXISTS ix_question_search",
    "DROP FUNCTION IF EXISTS quiz_search_body(text, text, json, json)",
    "DROP FUNCTION IF EXISTS quiz_fold(text)",
)


def upgrade() -> None:
    op.create_table(
        "game_key",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("game_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["game_id"], ["game.id"], name=op.f("fk_game_key_game_id_game"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_game_key")),
        sa.UniqueConstraint("game_id", name=op.f("uq_game_key_game_id")),
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in DOWNGRADE:
            op.execute(statement)
    op.drop_table("game_key")
