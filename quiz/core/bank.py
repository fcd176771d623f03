"""Reading the question bank for play: drawing a game's questions and turning rows into cards."""

from __future__ import annotations

import random
import sqlite3
from collections import Counter
from collections.abc import Sequence
from typing import cast

from sqlalchemy import func
from sqlmodel import Session, col, select

from quiz.core import models, players
from quiz.core.content import DIFFICULTIES
from quiz.core.db import Database
from quiz.core.errors import QuizError
from quiz.core.game import Card, Citation, Mode

SUDDEN_DEATH_POOL = 200
SEEKS_PER_QUESTION = 4  # random index seeks per wanted question before reading every id

# Distinct categories by hopping along the index: one seek per category, not a scan of the bank.
_CATEGORIES_SQL = """
WITH RECURSIVE c(name) AS (
    SELECT min(category) FROM question
    UNION ALL
    SELECT (SELECT min(category) FROM question WHERE category > c.name) FROM c
    WHERE c.name IS NOT NULL)
SELECT name FROM c WHERE name IS NOT NULL"""


def categories(db: Database) -> list[str]:
    """Every category in the bank, sorted."""
    with db.session() as s:
        return _category_names(s)


def _driver(s: Session) -> sqlite3.Connection:
    """The session's own sqlite3 connection (same transaction), for the hot loops of a draw."""
    return cast(sqlite3.Connection, s.connection().connection.driver_connection)


def _seen_counts(s: Session, player_id: int) -> dict[str, int]:
    """How often the player has been asked each question (a hot path of every draw)."""
    answers = select(models.Answer.question_id).join(
        models.Game, col(models.Game.id) == models.Answer.game_id).where(
        models.Game.player_id == player_id, col(models.Answer.question_id).is_not(None))
    if s.get_bind().dialect.name != "sqlite":
        return dict(Counter(qid for qid in s.exec(answers) if qid is not None))
    # The same query straight on the driver: the ORM's per-row cost is most of a draw's time.
    rows = _driver(s).execute("SELECT a.question_id FROM answer a JOIN game g ON g.id = a.game_id "
                       "WHERE g.player_id = ? AND a.question_id IS NOT NULL", (player_id,))
    return dict(Counter(qid for (qid,) in rows))


def _missed(s: Session, player_id: int) -> list[str]:
    """Questions the player missed, most-missed first, then most recently missed."""
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
    """The questions for a new game: no repeats, least-seen first, in random order otherwise."""
    rng = random.Random(seed)
    with db.session() as s:
        return cards(s, _draw_ids(s, game_mode, player, category, difficulty, count, rng), rng)


def draw_ids(db: Database, game_mode: Mode, player: str, category: str | None = None,
             difficulty: str | None = None, count: int | None = None,
             seed: int | None = None) -> list[str]:
    """Just the ids `draw` would play (what the benchmark compares with ORDER BY RANDOM())."""
    with db.session() as s:
        return _draw_ids(s, game_mode, player, category, difficulty, count, random.Random(seed))


def _draw_ids(s: Session, game_mode: Mode, player: str, category: str | None,
              difficulty: str | None, count: int | None, rng: random.Random) -> list[str]:
    want = count or game_mode.questions or SUDDEN_DEATH_POOL
    known = players.find(s, player)
    if game_mode.key == "review":
        ids = _missed(s, known.id) if known and known.id is not None else []
        if not ids:
            raise QuizError("no missed questions to review yet: play a game first")
        ids = ids[:want]
        rng.shuffle(ids)
    else:
        seen = _seen_counts(s, known.id) if known and known.id is not None else {}
        ids = _sample_unseen(s, want, category, difficulty, set(seen), rng)
        if len(ids) < want:
            ids = _least_seen(s, want, category, difficulty, seen, rng)
    return ids


def _sample_unseen(s: Session, want: int, category: str | None, difficulty: str | None,
                   seen: set[str], rng: random.Random) -> list[str]:
    """Up to `want` random unseen ids by seeking to random rowids along an index.

    Each seek is O(log n), so a 20-question game costs the same on 300 or 1,000,000 questions.
    A filter is always sought through the (category, difficulty) index, whose entries end in
    the rowid: a missing half of the filter is picked at random for each seek, which weighs
    categories (or difficulties) evenly rather than by size. SQLite only (rowid); elsewhere, or
    when the filter matches few questions, this returns short and the caller reads every id.
    """
    if s.get_bind().dialect.name != "sqlite":
        return []
    conn = _driver(s)  # ~5 µs a seek instead of ~40 through the ORM
    top = conn.execute("SELECT max(rowid) FROM question").fetchone()[0] or 0
    names = [category] if category else (_category_names(s) if difficulty else [])
    chosen: dict[str, None] = {}
    for _ in range(want * SEEKS_PER_QUESTION):
        start = rng.randint(1, max(top, 1))
        if names:
            row = conn.execute(
                "SELECT id FROM question WHERE category = ? AND difficulty = ? AND rowid >= ? "
                "ORDER BY rowid LIMIT 1",
                (rng.choice(names), difficulty or rng.choice(DIFFICULTIES), start)).fetchone()
        else:
            row = conn.execute("SELECT id FROM question WHERE rowid >= ? ORDER BY rowid LIMIT 1",
                               (start,)).fetchone()
        found = row[0] if row else None
        if found is not None and found not in seen:
            chosen[found] = None
            if len(chosen) == want:
                break
    return list(chosen)


def _category_names(s: Session) -> list[str]:
    return [str(name) for (name,) in s.connection().exec_driver_sql(_CATEGORIES_SQL)]


def _least_seen(s: Session, want: int, category: str | None, difficulty: str | None,
                seen: dict[str, int], rng: random.Random) -> list[str]:
    """Every matching id, least seen by the player first, ties in random order."""
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


def cards(s: Session, ids: Sequence[str], rng: random.Random | None = None) -> list[Card]:
    """Cards for question `ids`, in that order, with shuffled choices and their citations."""
    rng = rng or random.Random()
    rows = {q.id: q for q in s.exec(select(models.Question).where(col(models.Question.id).in_(ids)))}
    sources: dict[str, list[models.Source]] = {}
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
    out = []
    for qid in ids:
        q = rows.get(qid)
        if q is None:
            continue
        # A true/false answer is "True"; what the quote proves is the fact's own answer.
        key = answers.get(q.fact_id or "", "") if q.type == "boolean" else q.correct_answer
        out.append(card(q, sources.get(qid, []), bylines, rng, key))
    return out


def card(q: models.Question, srcs: list[models.Source],
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
                citations=tuple(citations), key_phrase=key_phrase)


def article(db: Database, article_id: str) -> models.Article | None:
    """An article by id (for the reader)."""
    with db.session() as s:
        return s.get(models.Article, article_id)
