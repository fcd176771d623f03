"""Reading the question bank for play: drawing a game's questions and turning rows into cards."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple, Protocol

from quiz.core import backends, players
from quiz.core.backends import Reads
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
RUN = 4  # questions per seek: longer runs favour no question (see _sample_unseen)
_LOWEST, _HIGHEST = -(1 << 63), (1 << 63) - 1  # the range of models.shuffle_key


def categories(db: Database) -> list[str]:
    """Every category in the bank, sorted."""
    with db.reads() as reads:
        return reads.category_names()


def _reads_of(s: Session) -> Reads:
    """The game's reads on the session's own driver connection (same transaction)."""
    bind = s.get_bind()
    return backends.for_name(bind.dialect.name).reads(s.connection().connection.driver_connection)


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
    if game_mode.key == "review":
        return _cards_on(db, _review_ids(db, player, pool, rng), rng)
    with db.reads() as reads:  # the ids and their cards in one read
        ids = _sample_for(reads, game_mode, player, category, difficulty, pool, rng, enough)
        if ids is None:
            if whole_read_up_to is not None and sum(
                    _sizes(reads, _pairs(reads, category, difficulty)[0])) > whole_read_up_to:
                return None
            ids = _least_seen_ids(reads, game_mode, player, category, difficulty, pool, rng)
        return _cards(reads, ids, rng)


def draw_ids(db: Database, game_mode: Mode, player: str, category: str | None = None,
             difficulty: str | None = None, count: int | None = None,
             seed: int | None = None) -> list[str]:
    """Just the ids `draw` would play (what the benchmark compares with ORDER BY RANDOM())."""
    rng = random.Random(seed)
    if game_mode.key == "review":
        return _review_ids(db, player, _want(game_mode, count), rng)
    with db.reads() as reads:
        ids = _sample_for(reads, game_mode, player, category, difficulty, count, rng)
        if ids is not None:
            return ids
        return _least_seen_ids(reads, game_mode, player, category, difficulty, count, rng)


def _want(game_mode: Mode, count: int | None) -> int:
    return count or game_mode.questions or SUDDEN_DEATH_POOL


def _sample_for(reads: Reads, game_mode: Mode, player: str, category: str | None,
                difficulty: str | None, count: int | None, rng: random.Random,
                enough: int | None = None) -> list[str] | None:
    """Up to `count` questions the player was never asked, by seeks; None if fewer than
    `enough` (default: all of them) were found."""
    want = _want(game_mode, count)
    ids = _sample_unseen(reads, want, category, difficulty, players.name_key(player), rng)
    return ids if len(ids) >= (enough or want) else None


def _review_ids(db: Database, player: str, count: int, rng: random.Random) -> list[str]:
    """A Review game's ids: what the player missed, most-missed first, in random order."""
    with db.session() as s:
        known = players.find(s, player)
        ids = _missed(s, known.id) if known is not None and known.id is not None else []
    if not ids:
        raise QuizError("no missed questions to review yet: play a game first")
    ids = ids[:count]
    rng.shuffle(ids)
    return ids


def _least_seen_ids(reads: Reads, game_mode: Mode, player: str, category: str | None,
                    difficulty: str | None, count: int | None, rng: random.Random
                    ) -> list[str]:
    """A game's ids from every matching id (a small or played-out filter): every matching
    id, least seen by the player first, ties in random order."""
    want = _want(game_mode, count)
    player_id = reads.player_id(players.name_key(player))
    seen = reads.seen_counts(player_id) if player_id is not None else {}
    candidates = reads.matching_ids(category, difficulty)
    if not candidates:
        raise QuizError("no questions match this category and difficulty")
    rng.shuffle(candidates)
    candidates.sort(key=lambda qid: seen.get(qid, 0))
    return candidates[:want]


def _sample_unseen(reads: Reads, want: int, category: str | None,
                   difficulty: str | None, player_key: str, rng: random.Random) -> list[str]:
    """Up to `want` random questions the player has not been asked, read from indexes alone.

    Every question has a random key fixed when it was stored (`models.Question.shuffle`); a
    draw takes the RUN questions that follow each of a few random keys in `ix_question_draw`,
    one O(log n) seek each, so a game costs the same on 300 or 1,000,000 questions and no
    question row is read. (One question per seek would favour those after the widest gaps
    between keys, some five times over others; a run of RUN evens that out, and a whole game
    in one run would always pair the same neighbours.) The seeks of a round run as one
    statement, less what the player was asked (SQLite's `asked`, where one player's rows sit
    together; on a server the player's answers, gathered in the same statement); the game's order is
    shuffled. With no filter, the
    (category, difficulty) pair of each seek is picked by the pair's size, so every question is
    about as likely; with half a filter, the other half is picked evenly (a "hard" game mixes
    categories rather than following their sizes). A small or mostly played filter makes this
    return short after ROUNDS rounds, and the caller then reads every matching id.
    """
    pairs, weights = _pairs(reads, category, difficulty)
    chosen: dict[str, None] = {}
    for _ in range(ROUNDS):
        missing = want - len(chosen)
        if missing <= 0 or not pairs:
            break
        seeks = min(-(-missing // RUN) + 1, MAX_SEEKS)  # one spare: runs may meet
        points = [(rng.randint(_LOWEST, _HIGHEST), *pair)
                  for pair in rng.choices(pairs, weights, k=seeks)]
        found = list(dict.fromkeys(  # a run past a pair's last key is short (or empty)
            qid for run in reads.unseen_runs(points, RUN, player_key) for qid in run
            if qid not in chosen))
        chosen.update(dict.fromkeys(found[:missing]))
    ids = list(chosen)
    rng.shuffle(ids)
    return ids


def _pairs(reads: Reads, category: str | None, difficulty: str | None
           ) -> tuple[list[tuple[str, str]], list[float]]:
    """The (category, difficulty) pairs a filter covers that hold questions, with the weight
    of each: its size when neither half is given, else 1."""
    if category and difficulty:
        return [(category, difficulty)], [1.0]
    names = [category] if category else reads.category_names()
    levels = [difficulty] if difficulty else list(DIFFICULTIES)
    every = [(c, d) for c in names for d in levels]
    pairs, weights = [], []
    for pair, size in zip(every, _sizes(reads, every), strict=True):
        if size:
            pairs.append(pair)
            weights.append(size if not (category or difficulty) else 1.0)
    return pairs, weights


def _sizes(reads: Reads, pairs: Sequence[tuple[str, str]]) -> list[float]:
    """How many questions each pair holds: exact up to SIZE_SAMPLE, else estimated from where
    its SIZE_SAMPLE-th smallest key lies (keys are uniform, so k keys below a fraction f of
    their range means about (k - 1) / f in all; within ~20 %), in one short run of the index
    each (all pairs in one statement on a server)."""
    sizes = []
    for keys in reads.first_keys(pairs, SIZE_SAMPLE + 1):
        if len(keys) <= SIZE_SAMPLE:
            sizes.append(float(len(keys)))
        else:
            fraction = (keys[-1] - _LOWEST) / (_HIGHEST - _LOWEST)
            sizes.append(SIZE_SAMPLE / max(fraction, 1e-18))
    return sizes


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
    return _cards(_reads_of(s), ids, rng or random.Random())


def _cards_on(db: Database, ids: Sequence[str], rng: random.Random) -> list[Card]:
    with db.reads() as reads:
        return _cards(reads, ids, rng)


def _cards(reads: Reads, ids: Sequence[str], rng: random.Random) -> list[Card]:
    """`cards`, read on the driver's own connection (what a new game waits for)."""
    ids = list(ids)
    rows = {r[0]: _QuestionRow._make(r) for r in reads.questions(ids)}
    sources: dict[str, list[_Source]] = {}
    for src in map(_SourceRow._make, reads.sources(ids)):
        sources.setdefault(src.question_id, []).append(src)
    # Only the bylines of the cited articles: their texts are the reader's business.
    cited = sorted({src.article_id for srcs in sources.values() for src in srcs})
    bylines = {aid: (title, publication, author)
               for aid, title, publication, author in reads.bylines(cited)}
    answers = reads.fact_answers(sorted({q.fact_id for q in rows.values() if q.fact_id}))
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
