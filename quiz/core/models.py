"""The database schema: articles, facts, questions with their sources, players, games, answers.

High scores are not stored twice: they are finished, non-practice games, ranked by a query
(`quiz.core.leaderboard`) over an index on (mode, score).
"""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime

from sqlalchemy import JSON, BigInteger, Column, Index, event
from sqlalchemy.engine import Connection
from sqlmodel import Field, SQLModel

# Every constraint gets a predictable name, so a migration can drop or change it by name
# (SQLite batch migrations recreate tables and need the names to find them again).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION


def utcnow() -> datetime:
    """Timestamps are stored in UTC, with the zone attached."""
    return datetime.now(UTC)


def shuffle_key() -> int:
    """A question's place in the bank's fixed random order: uniform over SQLite's 64 bits."""
    return random.getrandbits(64) - (1 << 63)


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
    """A playable question. `origin` is generated, edited (a generated one changed) or user.

    `shuffle` is a random key fixed when the question is stored: a game draws the questions
    that follow random points of it along `ix_question_draw`, which also holds the id, so a
    draw never reads a question's row (see `quiz.core.bank`).
    """

    __table_args__ = (Index("ix_question_draw", "category", "difficulty", "shuffle", "id"),)

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
    shuffle: int | None = Field(default_factory=shuffle_key, sa_type=BigInteger)


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

    # A high-score table is one mode under one time setting (quiz.core.timing).
    __table_args__ = (Index("ix_game_board", "status", "mode", "time_setting", "score"),)

    id: int | None = Field(default=None, primary_key=True)
    player_id: int = Field(foreign_key="player.id", index=True, ondelete="CASCADE")
    mode: str
    category: str | None = None
    difficulty: str | None = None
    status: str = "finished"  # finished | abandoned
    time_setting: str = Field(default="standard", sa_column_kwargs={"server_default": "standard"})
    score: int = 0
    correct: int = 0
    total: int = 0
    best_streak: int = 0
    duration_s: float = 0.0
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime = Field(default_factory=utcnow)


class GameKey(SQLModel, table=True):
    """The key a client gave a game it sent from its outbox: a game sent twice (a crash between
    the server's commit and the client's acknowledgement) is stored once."""

    __tablename__ = "game_key"

    key: str = Field(primary_key=True, max_length=64)
    game_id: int = Field(foreign_key="game.id", unique=True, ondelete="CASCADE")


class Answer(SQLModel, table=True):
    """One answer given in a game."""

    __table_args__ = (Index("ix_answer_question", "question_id", "game_id", "correct"),)

    id: int | None = Field(default=None, primary_key=True)
    game_id: int = Field(foreign_key="game.id", index=True, ondelete="CASCADE")
    question_id: str | None = Field(default=None, foreign_key="question.id", ondelete="SET NULL")
    position: int
    given: str
    correct: bool
    timed_out: bool = False
    elapsed_s: float = 0.0
    points: int = 0


# -- search index -----------------------------------------------------------------------------
#
# On SQLite (3.34+, for the trigram tokenizer) a full-text table indexes each question's stem
# and answers as one text, so a substring search (`body LIKE '%word%'`, which the trigram index
# answers) stays instant on a bank of a million questions. `detail=none` keeps only which rows
# hold a trigram: half the size and build time, and SQLite re-checks each LIKE anyway.
# Quotes are not in it: they are article sentences, the same few hundred behind any number of
# questions (71 behind the million of the benchmark bank), and made up 43% of the text indexed
# per question. A second full-text table holds each distinct quote once (kept by triggers on
# `source`); a search finds the quotes there and follows `ix_source_quote` to their questions
# (quiz.core.search).
# Triggers note every question whose text changes, whoever writes it (editor, import,
# `quiz generate`), in a small pending table; `quiz.core.search.sync_index` re-indexes those
# rows in one statement before a search runs. (Writing the full-text table from the triggers
# themselves costs ~50 µs a row, which makes bulk imports five times slower.)
# The index's rowid is the question's rowid. Curly quotes are folded to straight ones in the
# index (and in queries, see quiz.core.search.fold), so "didn't" finds "didn’t".

SEARCH_TABLE = "question_search"
SEARCH_PENDING = "question_search_pending"
QUOTE_SEARCH = "quote_search"
QUOTE_SEEN = "quote_seen"


def fold_sql(expr: str) -> str:
    """SQL folding typographic quotes in `expr` to ASCII ones (must match search.fold)."""
    for curly, plain in (("’", "''"), ("‘", "''"), ("“", '"'), ("”", '"')):
        expr = f"replace({expr}, '{curly}', '{plain}')"
    return expr


def search_values(q: str) -> str:
    """SQL for the rowid and search text of the question row `q` (stem and answers)."""
    def listed(column: str) -> str:
        return (f"coalesce((SELECT group_concat(value, char(10)) "
                f"FROM json_each({q}.{column})), '')")

    body = (f"{q}.question || char(10) || {q}.correct_answer || char(10) || "
            f"{listed('incorrect_answers')} || char(10) || {listed('accepted_answers')}")
    return f"{q}.rowid, {fold_sql(body)}"


def _pending(rowid: str) -> str:
    return f"INSERT OR IGNORE INTO {SEARCH_PENDING}(id) SELECT {rowid} WHERE {rowid} IS NOT NULL;"


def _seen(name: str, event: str) -> str:
    return (f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON source BEGIN "
            f"INSERT OR IGNORE INTO {QUOTE_SEEN}(quote) VALUES (new.quote); END")


# Each quote a source ever had, once (`quote_seen`, keyed by the quote), and the quote index
# filled from it. One whose last source goes stays (it finds no question) until the next
# rebuild: removing it would scan the quote index.
QUOTE_TRIGGERS = (
    _seen("source_quote_ai", "INSERT"),
    _seen("source_quote_au", "UPDATE OF quote"),
    f"CREATE TRIGGER IF NOT EXISTS quote_seen_ai AFTER INSERT ON {QUOTE_SEEN} BEGIN "
    f"INSERT INTO {QUOTE_SEARCH}(quote, body) VALUES (new.quote, {fold_sql('new.quote')}); END",
)

# Every distinct quote, in order: one seek along ix_source_quote each, however many questions
# share it.
DISTINCT_QUOTES = (
    "WITH RECURSIVE hop(quote) AS (SELECT min(quote) FROM source UNION ALL "
    "SELECT (SELECT min(quote) FROM source WHERE quote > hop.quote) FROM hop "
    "WHERE hop.quote IS NOT NULL) SELECT quote FROM hop WHERE quote IS NOT NULL"
)
# Quotes stored while their triggers were set aside (a big import) join the quote index.
QUOTE_FILL = f"INSERT OR IGNORE INTO {QUOTE_SEEN}(quote) SELECT quote FROM ({DISTINCT_QUOTES})"

SEARCH_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {SEARCH_TABLE} "
    f"USING fts5(body, tokenize='trigram', detail=none)",
    f"CREATE TABLE IF NOT EXISTS {SEARCH_PENDING} (id INTEGER PRIMARY KEY)",
    f"CREATE TRIGGER IF NOT EXISTS question_search_ai AFTER INSERT ON question BEGIN "
    f"{_pending('new.rowid')} END",
    f"CREATE TRIGGER IF NOT EXISTS question_search_ad AFTER DELETE ON question BEGIN "
    f"{_pending('old.rowid')} END",
    f"CREATE TRIGGER IF NOT EXISTS question_search_au AFTER UPDATE OF "
    f"id, question, correct_answer, incorrect_answers, accepted_answers ON question BEGIN "
    f"{_pending('old.rowid')} {_pending('new.rowid')} END",
    # Each distinct quote once, searchable the same way, and its questions along the index.
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {QUOTE_SEARCH} "
    f"USING fts5(quote UNINDEXED, body, tokenize='trigram', detail=none)",
    f"CREATE TABLE IF NOT EXISTS {QUOTE_SEEN} (quote TEXT PRIMARY KEY) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS ix_source_quote ON source (quote)",
    *QUOTE_TRIGGERS,
)

# Bring the index up to date with the pending rows, in one transaction.
SEARCH_SYNC = (
    f"DELETE FROM {SEARCH_TABLE} WHERE rowid IN (SELECT id FROM {SEARCH_PENDING})",
    f"INSERT INTO {SEARCH_TABLE}(rowid, body) SELECT {search_values('question')} "
    f"FROM question WHERE rowid IN (SELECT id FROM {SEARCH_PENDING})",
    f"DELETE FROM {SEARCH_PENDING}",
)

# Rebuild the whole index (first use, or to repair it).
SEARCH_REBUILD = (
    f"DELETE FROM {SEARCH_TABLE}",
    f"INSERT INTO {SEARCH_TABLE}(rowid, body) SELECT {search_values('question')} "
    f"FROM question",
    f"DELETE FROM {SEARCH_PENDING}",
    f"DELETE FROM {QUOTE_SEARCH}",
    f"DELETE FROM {QUOTE_SEEN}",
    QUOTE_FILL,
)

# A question stored without a shuffle key (by a tool writing SQL by hand) gets one at once.
SHUFFLE_DDL = (
    "CREATE TRIGGER IF NOT EXISTS question_shuffle_ai AFTER INSERT ON question "
    "WHEN new.shuffle IS NULL BEGIN "
    "UPDATE question SET shuffle = random() WHERE rowid = new.rowid; END",
)

# Which questions each player has been asked, and how often (SQLite): kept by triggers from
# `answer` and `game` so a draw reads one player's few pages instead of every player's answers
# (migrations 0003 and 0004 hold the frozen copies of these statements).
ASKED_TABLE = "asked"
_PLAYER_OF = "(SELECT player_id FROM game WHERE id = {0}.game_id)"
_ASKED_UP = ("INSERT INTO asked (player_id, question_id, times) "
             "SELECT player_id, {0}.question_id, 1 FROM game WHERE id = {0}.game_id "
             "AND {0}.question_id IS NOT NULL "
             "ON CONFLICT (player_id, question_id) DO UPDATE SET times = times + 1;")
_ASKED_DOWN = ("UPDATE asked SET times = times - 1 WHERE player_id = " + _PLAYER_OF +
               " AND question_id = {0}.question_id; "
               "DELETE FROM asked WHERE player_id = " + _PLAYER_OF +
               " AND question_id = {0}.question_id AND times <= 0;")
# A game deleted with its answers (a cascade): they are gone by the time their own trigger
# runs, and with them the way to the player, so the game takes them off first. A game moved to
# another player moves what it asked.
_ASKED_TAKE_OFF = (
    "UPDATE asked SET times = times - (SELECT count(*) FROM answer a WHERE a.game_id = {0}.id "
    "AND a.question_id = asked.question_id) WHERE player_id = {0}.player_id AND question_id IN "
    "(SELECT question_id FROM answer WHERE game_id = {0}.id); "
    "DELETE FROM asked WHERE player_id = {0}.player_id AND times <= 0 AND question_id IN "
    "(SELECT question_id FROM answer WHERE game_id = {0}.id);"
)
_ASKED_PUT_ON = (
    "INSERT INTO asked (player_id, question_id, times) SELECT {0}.player_id, question_id, "
    "count(*) FROM answer WHERE game_id = {0}.id AND question_id IS NOT NULL "
    "GROUP BY question_id ON CONFLICT (player_id, question_id) "
    "DO UPDATE SET times = times + excluded.times;"
)
ASKED_DDL = (
    "CREATE TABLE IF NOT EXISTS asked (player_id INTEGER NOT NULL, question_id TEXT NOT NULL, "
    "times INTEGER NOT NULL, PRIMARY KEY (player_id, question_id)) WITHOUT ROWID",
    "CREATE TRIGGER IF NOT EXISTS asked_ai AFTER INSERT ON answer BEGIN "
    f"{_ASKED_UP.format('new')} END",
    "CREATE TRIGGER IF NOT EXISTS asked_ad AFTER DELETE ON answer BEGIN "
    f"{_ASKED_DOWN.format('old')} END",
    "CREATE TRIGGER IF NOT EXISTS asked_au AFTER UPDATE OF game_id, question_id ON answer "
    f"BEGIN {_ASKED_DOWN.format('old')} {_ASKED_UP.format('new')} END",
    f"CREATE TRIGGER IF NOT EXISTS asked_gd BEFORE DELETE ON game BEGIN "
    f"{_ASKED_TAKE_OFF.format('old')} END",
    "CREATE TRIGGER IF NOT EXISTS asked_gu AFTER UPDATE OF player_id ON game "
    f"BEGIN {_ASKED_TAKE_OFF.format('old')} {_ASKED_PUT_ON.format('new')} END",
)
ASKED_FILL = (
    "INSERT INTO asked (player_id, question_id, times) SELECT g.player_id, a.question_id, "
    "count(*) FROM answer a JOIN game g ON g.id = a.game_id WHERE a.question_id IS NOT NULL "
    "GROUP BY g.player_id, a.question_id"
)

# Sorting the editor's table by a column must not sort the whole bank for every page.
SORT_INDEXES = (
    "CREATE INDEX IF NOT EXISTS ix_question_type ON question (type, id)",
    "CREATE INDEX IF NOT EXISTS ix_question_difficulty ON question (difficulty, id)",
    "CREATE INDEX IF NOT EXISTS ix_question_origin ON question (origin, id)",
    "CREATE INDEX IF NOT EXISTS ix_question_category_id ON question (category, id)",
)


def has_search_index(dialect_name: str) -> bool:
    """Whether this database keeps the full-text search index (SQLite with trigram support)."""
    return dialect_name == "sqlite" and sqlite3.sqlite_version_info >= (3, 34, 0)


@event.listens_for(SQLModel.metadata, "after_create")
def _create_search_index(_metadata: object, connection: Connection, **_kw: object) -> None:
    """Add the search index and its triggers (and fill it the first time) after create_all."""
    if connection.dialect.name == "sqlite":
        for statement in SORT_INDEXES + SHUFFLE_DDL + ASKED_DDL:
            connection.exec_driver_sql(statement)
    if not has_search_index(connection.dialect.name):
        return
    existed = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE name = ?", (SEARCH_TABLE,)).first() is not None
    for statement in SEARCH_DDL:
        connection.exec_driver_sql(statement)
    if not existed:
        for statement in SEARCH_REBUILD:
            connection.exec_driver_sql(statement)
