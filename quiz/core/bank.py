"""Reading the question bank for play: drawing a game's questions and turning rows into cards."""

from __future__ import annotations

import json
import random
import sqlite3
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple, Protocol, cast

from quiz.core import players
from quiz.core.compose import Composed, compose
from quiz.core.content import DIFFICULTIES
from quiz.core.db import Database
from quiz.core.errors import QuizError
from quiz.core.game import Card, Citation, Mode

if TYPE_CHECKING:  # the ORM is imported where it is used: the first question needs none of it
    from sqlmodel import Session

    from quiz.core import models

SUDDEN_DEATH_POOL = 200
POOL = 4  # candidates drawn per question of a game, for compose to choose from
MIN_POOL = 40
MAX_POOL = 2560  # candidates at most: a narrower pool than that relaxes a rule
ROUNDS = 6  # rounds of seeks before a draw reads every matching id instead (a small
#            filter, or one the player has mostly been asked)
MAX_SEEKS = 5000  # per statement: three SQL variables each (SQLite allows 32,766)
SIZE_SAMPLE = 32  # keys read per (category, difficulty) pair to estimate its size
_LOWEST, _HIGHEST = -(1 << 63), (1 << 63) - 1  # the range of models.shuffle_key

# Distinct categories by hopping along the index: one seek per category, not a scan of the bank.
_CATEGORIES_SQL = """
WITH RECURSIVE c(name) AS (
    SELECT min(category) FROM question
    UNION ALL
    SELECT (SELECT min(category) FROM question WHERE category > c.name) FROM c
    WHERE c.name IS NOT NULL)
SELECT name FROM c WHERE name IS NOT NULL"""

# One seek per row of `s`: the first RUN questions at or after random key `k` of the draw order
# in one category and difficulty. `ix_question_draw` holds the id: no question row is read.
RUN = 4  # questions per seek: longer runs favour no question (see _sample_unseen)
_SEEK_ROW = "(?, ?, ?)"
_SEEK_SQL = f"""
WITH s(k, c, d) AS (VALUES {{rows}})
SELECT (SELECT json_group_array(id) FROM (
            SELECT id FROM question INDEXED BY ix_question_draw
            WHERE category = s.c AND difficulty = s.d AND shuffle >= s.k
            ORDER BY shuffle LIMIT {RUN}))
FROM s"""


def categories(db: Database) -> list[str]:
    """Every category in the bank, sorted."""
    if db.engine.dialect.name == "sqlite":
        with db.reader() as conn:
            return _category_names(conn)
    from sqlmodel import select

    from quiz.core import models

    with db.session() as s:
        return sorted({str(c) for c in s.exec(select(models.Question.category).distinct())})


def _driver(s: Session) -> sqlite3.Connection:
    """The session's own sqlite3 connection (same transaction)."""
    return cast(sqlite3.Connection, s.connection().connection.driver_connection)


def _player_id(s: Session, player: str) -> int | None:
    known = players.find(s, player)
    return None if known is None else known.id


def _seen_counts(s: Session, player_id: int) -> dict[str, int]:
    """How often the player has been asked each question."""
    if s.get_bind().dialect.name == "sqlite":
        return dict(_driver(s).execute("SELECT question_id, times FROM asked WHERE "
                                       "player_id = ?", (player_id,)).fetchall())
    from sqlmodel import col, select

    from quiz.core import models

    answers = select(models.Answer.question_id).join(
        models.Game, col(models.Game.id) == models.Answer.game_id).where(
        models.Game.player_id == player_id, col(models.Answer.question_id).is_not(None))
    return dict(Counter(qid for qid in s.exec(answers) if qid is not None))


def _missed(s: Session, player_id: int) -> list[str]:
    """Questions the player missed, most-missed first, then most recently missed."""
    from sqlalchemy import func
    from sqlmodel import col, select

    from quiz.core import models

    rows = s.exec(
        select(models.Answer.question_id, func.count(), func.max(models.Answer.id))
        .join(models.Game, col(models.Game.id) == models.Answer.game_id)
        .where(models.Game.player_id == player_id, col(models.Answer.correct).is_(False),
               col(models.Answer.question_id).is_not(None))
        .group_by(col(models.Answer.question_id))
        .order_by(func.count().desc(), func.max(models.Answer.id).desc())
    )
    return [qid for qid, _n, _last in rows if qid is not None]


def draw(db: Database, game_mode: Mode, player: str, category: str | None = None,
         difficulty: str | None = None, count: int | None = None,
         seed: int | None = None) -> list[Card]:
    """The questions for a new game (see `draw_game`)."""
    return draw_game(db, game_mode, player, category, difficulty, count, seed).cards


def draw_game(db: Database, game_mode: Mode, player: str, category: str | None = None,
              difficulty: str | None = None, count: int | None = None,
              seed: int | None = None) -> Composed:
    """The questions for a new game, least seen first, composed by `quiz.core.compose` (no
    fact, sentence or answer twice; a spread of categories and types) from POOL times as
    many candidates, in random order; with a line for the player when a rule gave way."""
    rng = random.Random(seed)
    want = _want(game_mode, count)
    # Review plays what was missed; an open-ended game already draws SUDDEN_DEATH_POOL.
    fixed = game_mode.key != "review" and game_mode.questions is not None
    pool = max(want * POOL, MIN_POOL) if fixed else want
    # A game's worth of unseen questions is enough to sample from (a big, mostly played bank
    # is never read whole for the spare candidates).
    found = _candidates(db, game_mode, player, category, difficulty, pool, rng,
                        enough=want) or []
    game = compose(found, want, all_categories=not category,
                   open_ended=game_mode.questions is None)
    # A rule gave way among too few candidates: four times as many, if there are more (and
    # never a read of a big bank's every id for it).
    while game.note and fixed and len(found) >= pool and pool < MAX_POOL:
        pool *= POOL
        more = _candidates(db, game_mode, player, category, difficulty, pool, rng,
                           whole_read_up_to=MAX_POOL, enough=want)
        if more is None or len(more) <= len(found):
            break
        found = more
        game = compose(found, want, all_categories=not category,
                       open_ended=game_mode.questions is None)
    order = list(game.cards)
    rng.shuffle(order)
    return Composed(order, game.note)


def _candidates(db: Database, game_mode: Mode, player: str, category: str | None,
                difficulty: str | None, pool: int, rng: random.Random,
                whole_read_up_to: int | None = None, enough: int | None = None
                ) -> list[Card] | None:
    """Up to `pool` cards a game may be made of, least seen first (random among equals).
    With `whole_read_up_to`, None rather than reading every matching id when the sample
    falls short and more than that many questions match."""
    if _sampled(db, game_mode):
        with db.reader() as conn:  # the ids and their cards in one read
            ids = _sample_for(conn, game_mode, player, category, difficulty, pool, rng, enough)
            if ids is not None:
                return _cards_on(conn, ids, rng)
            if whole_read_up_to is not None and sum(
                    _size(conn, p) for p in _pairs(conn, category, difficulty)[0]
            ) > whole_read_up_to:
                return None
    ids = _read_ids(db, game_mode, player, category, difficulty, pool, rng)
    if db.engine.dialect.name == "sqlite":
        with db.reader() as conn:
            return _cards_on(conn, ids, rng)
    with db.session() as s:
        return cards(s, ids, rng)


def draw_ids(db: Database, game_mode: Mode, player: str, category: str | None = None,
             difficulty: str | None = None, count: int | None = None,
             seed: int | None = None) -> list[str]:
    """Just the ids `draw` would play (what the benchmark compares with ORDER BY RANDOM())."""
    rng = random.Random(seed)
    if _sampled(db, game_mode):
        with db.reader() as conn:
            ids = _sample_for(conn, game_mode, player, category, difficulty, count, rng)
        if ids is not None:
            return ids
    return _read_ids(db, game_mode, player, category, difficulty, count, rng)


def _want(game_mode: Mode, count: int | None) -> int:
    return count or game_mode.questions or SUDDEN_DEATH_POOL


def _sampled(db: Database, game_mode: Mode) -> bool:
    """Whether a draw tries index seeks first (SQLite, any mode but Review)."""
    return game_mode.key != "review" and db.engine.dialect.name == "sqlite"


def _sample_for(conn: sqlite3.Connection, game_mode: Mode, player: str, category: str | None,
                difficulty: str | None, count: int | None, rng: random.Random,
                enough: int | None = None) -> list[str] | None:
    """Up to `count` questions the player was never asked, by seeks; None if fewer than
    `enough` (default: all of them) were found."""
    want = _want(game_mode, count)
    row = conn.execute("SELECT id FROM player WHERE key = ?",
                       (players.name_key(player),)).fetchone()
    ids = _sample_unseen(conn, want, category, difficulty,
                         None if row is None else int(row[0]), rng)
    return ids if len(ids) >= (enough or want) else None


def _read_ids(db: Database, game_mode: Mode, player: str, category: str | None,
              difficulty: str | None, count: int | None, rng: random.Random) -> list[str]:
    """A game's ids from every matching id (Review, other databases, small or played-out
    filters): most-missed first for Review, else least seen first."""
    want = _want(game_mode, count)
    with db.session() as s:
        player_id = _player_id(s, player)
        if game_mode.key == "review":
            ids = _missed(s, player_id) if player_id is not None else []
            if not ids:
                raise QuizError("no missed questions to review yet: play a game first")
            ids = ids[:want]
            rng.shuffle(ids)
            return ids
        seen = _seen_counts(s, player_id) if player_id is not None else {}
        return _least_seen(s, want, category, difficulty, seen, rng)


def _sample_unseen(conn: sqlite3.Connection, want: int, category: str | None,
                   difficulty: str | None, player_id: int | None,
                   rng: random.Random) -> list[str]:
    """Up to `want` random questions the player has not been asked, read from indexes alone.

    Every question has a random key fixed when it was stored (`models.Question.shuffle`); a
    draw takes the RUN questions that follow each of a few random keys in `ix_question_draw`,
    one O(log n) seek each, so a game costs the same on 300 or 1,000,000 questions and no
    question row is read. (One question per seek would favour those after the widest gaps
    between keys, some five times over others; a run of RUN evens that out, and a whole game
    in one run would always pair the same neighbours.) The seeks of a round run as one
    statement; what the player was asked is then looked up in `asked`, where one player's rows
    sit together; the game's order is shuffled. With no filter, the
    (category, difficulty) pair of each seek is picked by the pair's size, so every question is
    about as likely; with half a filter, the other half is picked evenly (a "hard" game mixes
    categories rather than following their sizes). A small or mostly played filter makes this
    return short after ROUNDS rounds, and the caller then reads every matching id.
    """
    pairs, weights = _pairs(conn, category, difficulty)
    chosen: dict[str, None] = {}
    for _ in range(ROUNDS):
        missing = want - len(chosen)
        if missing <= 0 or not pairs:
            break
        seeks = min(-(-missing // RUN) + 1, MAX_SEEKS)  # one spare: runs may meet
        params: list[object] = []
        for pair in rng.choices(pairs, weights, k=seeks):
            params += [rng.randint(_LOWEST, _HIGHEST), *pair]
        runs = conn.execute(_SEEK_SQL.format(rows=", ".join([_SEEK_ROW] * seeks)), params)
        found = list(dict.fromkeys(  # a run past a pair's last key is short (or empty)
            qid for (run,) in runs for qid in json.loads(run) if qid not in chosen))
        if player_id is not None and found:
            asked = {qid for (qid,) in conn.execute(
                f"SELECT question_id FROM asked WHERE player_id = ? AND question_id IN "
                f"({', '.join('?' * len(found))})", (player_id, *found))}
            found = [qid for qid in found if qid not in asked]
        chosen.update(dict.fromkeys(found[:missing]))
    ids = list(chosen)
    rng.shuffle(ids)
    return ids


def _pairs(conn: sqlite3.Connection, category: str | None, difficulty: str | None
           ) -> tuple[list[tuple[str, str]], list[float]]:
    """The (category, difficulty) pairs a filter covers that hold questions, with the weight
    of each: its size when neither half is given, else 1."""
    if category and difficulty:
        return [(category, difficulty)], [1.0]
    names = [category] if category else _category_names(conn)
    levels = [difficulty] if difficulty else list(DIFFICULTIES)
    pairs, weights = [], []
    for pair in ((c, d) for c in names for d in levels):
        size = _size(conn, pair)
        if size:
            pairs.append(pair)
            weights.append(size if not (category or difficulty) else 1.0)
    return pairs, weights


def _size(conn: sqlite3.Connection, pair: tuple[str, str]) -> float:
    """How many questions `pair` holds: exact up to SIZE_SAMPLE, else estimated from where its
    SIZE_SAMPLE-th smallest key lies (keys are uniform, so k keys below a fraction f of their
    range means about (k - 1) / f in all; within ~20 %), in one short run of the index."""
    keys = [int(k) for (k,) in conn.execute(
        "SELECT shuffle FROM question INDEXED BY ix_question_draw WHERE category = ? AND "
        "difficulty = ? ORDER BY shuffle LIMIT ?", (*pair, SIZE_SAMPLE + 1))]
    if len(keys) <= SIZE_SAMPLE:
        return float(len(keys))
    fraction = (keys[-1] - _LOWEST) / (_HIGHEST - _LOWEST)
    return SIZE_SAMPLE / max(fraction, 1e-18)


def _category_names(conn: sqlite3.Connection) -> list[str]:
    return [str(name) for (name,) in conn.execute(_CATEGORIES_SQL)]


def _least_seen(s: Session, want: int, category: str | None, difficulty: str | None,
                seen: dict[str, int], rng: random.Random) -> list[str]:
    """Every matching id, least seen by the player first, ties in random order."""
    from sqlmodel import select

    from quiz.core import models

    query = select(models.Question.id)
    if category:
        query = query.where(models.Question.category == category)
    if difficulty:
        query = query.where(models.Question.difficulty == difficulty)
    candidates = list(s.exec(query))
    if not candidates:
        raise QuizError("no questions match this category and difficulty")
    rng.shuffle(candidates)
    candidates.sort(key=lambda qid: seen.get(qid, 0))
    return candidates[:want]


class _Question(Protocol):
    """What a card is made of (a stored question, or a row of one)."""

    @property
    def id(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def difficulty(self) -> str: ...
    @property
    def question(self) -> str: ...
    @property
    def correct_answer(self) -> str: ...
    @property
    def incorrect_answers(self) -> list[str]: ...
    @property
    def accepted_answers(self) -> list[str]: ...
    @property
    def explanation(self) -> str: ...
    @property
    def fact_id(self) -> str | None: ...


class _Source(Protocol):
    @property
    def article_id(self) -> str: ...
    @property
    def quote(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


class _QuestionRow(NamedTuple):
    id: str
    type: str
    category: str
    difficulty: str
    question: str
    correct_answer: str
    incorrect_answers: list[str]
    accepted_answers: list[str]
    explanation: str
    fact_id: str | None


class _SourceRow(NamedTuple):
    question_id: str
    article_id: str
    quote: str
    start: int
    end: int


def cards(s: Session, ids: Sequence[str], rng: random.Random | None = None) -> list[Card]:
    """Cards for question `ids`, in that order, with shuffled choices and their citations."""
    from sqlmodel import col, select

    from quiz.core import models

    rng = rng or random.Random()
    if s.get_bind().dialect.name == "sqlite":
        return _cards_on(_driver(s), ids, rng)
    rows = {q.id: q for q in s.exec(select(models.Question).where(col(models.Question.id).in_(ids)))}
    sources: dict[str, list[_Source]] = {}
    for src in s.exec(select(models.Source).where(col(models.Source.question_id).in_(ids))
                      .order_by(col(models.Source.position))):
        sources.setdefault(src.question_id, []).append(src)
    # Only the bylines of the cited articles: their texts are the reader's business.
    cited = {src.article_id for srcs in sources.values() for src in srcs}
    A = models.Article
    bylines = {aid: (title, publication, author) for aid, title, publication, author in s.exec(
        select(A.id, A.title, A.publication, A.author).where(col(A.id).in_(cited)))}
    fact_ids = {q.fact_id for q in rows.values() if q.fact_id}
    answers = {fid: answer for fid, answer in s.exec(
        select(models.Fact.id, models.Fact.answer).where(col(models.Fact.id).in_(fact_ids)))}
    return _assemble(ids, rows, sources, bylines, answers, rng)


def _cards_on(conn: sqlite3.Connection, ids: Sequence[str], rng: random.Random) -> list[Card]:
    """`cards`, read on SQLite's own connection (what a new game waits for)."""
    ids = list(ids)
    marks = ", ".join("?" * len(ids))
    rows = {r[0]: _QuestionRow(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]),
                               json.loads(r[7]), r[8], r[9])
            for r in conn.execute(
                f"SELECT id, type, category, difficulty, question, correct_answer, "
                f"incorrect_answers, accepted_answers, explanation, fact_id FROM question "
                f"WHERE id IN ({marks})", ids)}
    sources: dict[str, list[_Source]] = {}
    for src in map(_SourceRow._make, conn.execute(
            f'SELECT question_id, article_id, quote, start, "end" FROM source '
            f"WHERE question_id IN ({marks}) ORDER BY position", ids)):
        sources.setdefault(src.question_id, []).append(src)
    cited = sorted({src.article_id for srcs in sources.values() for src in srcs})
    bylines = {aid: (title, publication, author) for aid, title, publication, author in
               conn.execute(f"SELECT id, title, publication, author FROM article WHERE id IN "
                            f"({', '.join('?' * len(cited))})", cited)}
    fact_ids = sorted({q.fact_id for q in rows.values() if q.fact_id})
    answers = dict(conn.execute(f"SELECT id, answer FROM fact WHERE id IN "
                                f"({', '.join('?' * len(fact_ids))})", fact_ids))
    return _assemble(ids, rows, sources, bylines, answers, rng)


def _assemble(ids: Sequence[str], rows: Mapping[str, _Question],
              sources: dict[str, list[_Source]], bylines: dict[str, tuple[str, str, str]],
              answers: dict[str, str], rng: random.Random) -> list[Card]:
    out = []
    for qid in ids:
        q = rows.get(qid)
        if q is None:
            continue
        # A true/false answer is "True"; what the quote proves is the fact's own answer.
        key = answers.get(q.fact_id or "", "") if q.type == "boolean" else q.correct_answer
        out.append(card(q, sources.get(qid, []), bylines, rng, key))
    return out


def card(q: _Question, srcs: list[_Source],
         bylines: dict[str, tuple[str, str, str]], rng: random.Random,
         key_phrase: str = "") -> Card:
    """One stored question as a playable card."""
    if q.type == "boolean":
        choices: tuple[str, ...] = ("True", "False")
    elif q.type == "multiple":
        mixed = [q.correct_answer, *q.incorrect_answers]
        rng.shuffle(mixed)
        choices = tuple(mixed)
    else:
        choices = ()
    citations = []
    for src in srcs:
        title, publication, author = bylines.get(src.article_id, (src.article_id, "", ""))
        citations.append(Citation(article_id=src.article_id, title=title,
                                  publication=publication, author=author,
                                  quote=src.quote, start=src.start, end=src.end))
    return Card(id=q.id, type=q.type, category=q.category, difficulty=q.difficulty,
                question=q.question, choices=choices, correct_answer=q.correct_answer,
                accepted_answers=tuple(q.accepted_answers), explanation=q.explanation,
                citations=tuple(citations), key_phrase=key_phrase, fact=q.fact_id)


def article(db: Database, article_id: str) -> models.Article | None:
    """An article by id (for the reader)."""
    from quiz.core import models

    with db.session() as s:
        return s.get(models.Article, article_id)
