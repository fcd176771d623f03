"""Quotes leave the question search index: it holds each question's stem and answers, and a
second one, `quote_search`, holds each distinct quote once (`quote_seen` keeps them unique);
`ix_source_quote` leads from a quote to its questions.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22

Quotes are article sentences, the same few behind many questions: indexing each question's
copy made the full-text index (and every import) nearly twice the work it needs to be. The
triggers that re-indexed a question when its sources changed go; triggers add a quote never
seen before to `quote_search`; the question index is rebuilt without quotes (about 30 s
for a million questions). SQLite with the search index only.

Frozen on purpose, like 0001: later changes get a new revision.
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def _fold(expr: str) -> str:
    for curly, plain in (("’", "''"), ("‘", "''"), ("“", '"'), ("”", '"')):
        expr = f"replace({expr}, '{curly}', '{plain}')"
    return expr


def _listed(column: str) -> str:
    return (f"coalesce((SELECT group_concat(value, char(10)) "
            f"FROM json_each(question.{column})), '')")


_STEM_AND_ANSWERS = (f"question.question || char(10) || question.correct_answer || char(10) || "
                     f"{_listed('incorrect_answers')} || char(10) || "
                     f"{_listed('accepted_answers')}")
_QUOTES = ("coalesce((SELECT group_concat(quote, char(10)) FROM (SELECT quote FROM source "
           "WHERE question_id = question.id ORDER BY position)), '')")
_PENDING = ("INSERT OR IGNORE INTO question_search_pending(id) SELECT {0} WHERE {0} IS NOT NULL;")
_OF_QUESTION = "(SELECT rowid FROM question WHERE id = {0}.question_id)"
SOURCE_TRIGGERS = (  # as 0001 made them, for the downgrade
    f"CREATE TRIGGER source_search_ai AFTER INSERT ON source BEGIN "
    f"{_PENDING.format(_OF_QUESTION.format('new'))} END",
    f"CREATE TRIGGER source_search_ad AFTER DELETE ON source BEGIN "
    f"{_PENDING.format(_OF_QUESTION.format('old'))} END",
    f"CREATE TRIGGER source_search_au AFTER UPDATE ON source BEGIN "
    f"{_PENDING.format(_OF_QUESTION.format('old'))} "
    f"{_PENDING.format(_OF_QUESTION.format('new'))} END",
)


def _has_search_index() -> bool:
    bind = op.get_bind()
    return bind.dialect.name == "sqlite" and bind.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE name = 'question_search'").first() is not None


def _rebuild(body: str) -> None:
    op.execute("DELETE FROM question_search")
    op.execute(f"INSERT INTO question_search(rowid, body) SELECT question.rowid, {_fold(body)} "
               f"FROM question")
    op.execute("DELETE FROM question_search_pending")


def _seen(name: str, event: str) -> str:
    return (f"CREATE TRIGGER {name} AFTER {event} ON source BEGIN "
            f"INSERT OR IGNORE INTO quote_seen(quote) VALUES (new.quote); END")


_DISTINCT_QUOTES = (
    "WITH RECURSIVE hop(quote) AS (SELECT min(quote) FROM source UNION ALL "
    "SELECT (SELECT min(quote) FROM source WHERE quote > hop.quote) FROM hop "
    "WHERE hop.quote IS NOT NULL) SELECT quote FROM hop WHERE quote IS NOT NULL"
)


def upgrade() -> None:
    if not _has_search_index():
        return
    for name in ("source_search_ai", "source_search_ad", "source_search_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("CREATE INDEX ix_source_quote ON source (quote)")
    op.execute("CREATE VIRTUAL TABLE quote_search "
               "USING fts5(quote UNINDEXED, body, tokenize='trigram', detail=none)")
    op.execute("CREATE TABLE quote_seen (quote TEXT PRIMARY KEY) WITHOUT ROWID")
    op.execute("CREATE TRIGGER quote_seen_ai AFTER INSERT ON quote_seen BEGIN "
               f"INSERT INTO quote_search(quote, body) VALUES (new.quote, "
               f"{_fold('new.quote')}); END")
    op.execute(f"INSERT INTO quote_seen(quote) SELECT quote FROM ({_DISTINCT_QUOTES})")
    op.execute(_seen("source_quote_ai", "INSERT"))
    op.execute(_seen("source_quote_au", "UPDATE OF quote"))
    _rebuild(_STEM_AND_ANSWERS)


def downgrade() -> None:
    if not _has_search_index():
        return
    for name in ("source_quote_ai", "source_quote_au", "quote_seen_ai"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS quote_seen")
    op.execute("DROP TABLE IF EXISTS quote_search")
    op.execute("DROP INDEX IF EXISTS ix_source_quote")
    for statement in SOURCE_TRIGGERS:
        op.execute(statement)
    _rebuild(f"{_STEM_AND_ANSWERS} || char(10) || {_QUOTES}")
