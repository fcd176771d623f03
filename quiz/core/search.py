"""Finding questions in the bank: text search, filters, sorting and keyset pages, for the editor.

Text search matches the stem, every answer and every quote. It uses the backend's trigram
index (`SearchIndex`: SQLite's FTS5 tables kept by triggers, PostgreSQL's pg_trgm GIN
indexes), so it stays instant on a million questions; without one it falls back to
case-insensitive LIKE. When every word is common the page is read in its own order instead
and each row tested (`_walk`), on both backends alike. Each whitespace-separated word
must occur somewhere, as a substring: "huntr gold" finds the question whose answer is
"Huntr/x" and whose quote mentions "Golden".

Pages are keyset pages: the caller passes the last row it has, never an offset, so the
thousandth page costs what the first one does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    tuple_,
)
from sqlalchemy.engine import Connection
from sqlalchemy.sql import Select, Subquery

from quiz.core import backends, bank, models
from quiz.core.backends import SearchIndex
from quiz.core.backends.sql import ordered_without_case
from quiz.core.db import Database

Q = models.Question.__table__  # type: ignore[attr-defined]
S = models.Source.__table__  # type: ignore[attr-defined]
A = models.Article.__table__  # type: ignore[attr-defined]
ANS = models.Answer.__table__  # type: ignore[attr-defined]
FIRST_SOURCE = S.alias("first_source")
FIRST_ARTICLE = A.alias("first_article")

COLUMNS = ("question", "answer", "type", "category", "difficulty", "source", "origin",
           "played", "correct")
ORIGINS = ("generated", "edited", "user", "drafted")
NO_SOURCE = ""  # the article filter value for "questions without a source"
PAGE = 200

_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def fold(text_: str) -> str:
    """Typographic quotes to ASCII ones, as the search index stores them."""
    return text_.translate(_FOLD)


@dataclass(frozen=True)
class Filter:
    """What to show: a text search plus exact filters (None: any)."""

    text: str = ""
    type: str | None = None
    category: str | None = None
    difficulty: str | None = None
    article: str | None = None  # article id, or NO_SOURCE
    origin: str | None = None
    ids: frozenset[str] | None = None  # only these questions (those with flaws, say)


@dataclass(frozen=True)
class Sort:
    """Which column orders the rows (None: by id, the bank's natural order)."""

    column: str | None = None
    descending: bool = False


@dataclass(frozen=True)
class Row:
    """One question as the editor's table lists it."""

    id: str
    question: str
    answer: str
    type: str
    category: str
    difficulty: str
    source: str
    origin: str
    played: int
    correct: float | None  # share answered right, None if never played
    key: tuple[object, ...] = field(compare=False, default=())  # where the next page starts


def _first_article_title() -> ColumnElement[str]:
    first = (select(A.c.title).select_from(S.join(A, A.c.id == S.c.article_id))
             .where(S.c.question_id == Q.c.id).order_by(S.c.position).limit(1)
             .scalar_subquery())
    return func.coalesce(first, literal(""))


def _source_count() -> ColumnElement[int]:
    return (select(func.count()).select_from(S).where(S.c.question_id == Q.c.id)
            .scalar_subquery())


def _stats() -> Select[Any]:
    return (select(ANS.c.question_id.label("qid"), func.count().label("played"),
                   func.sum(case((ANS.c.correct, 1), else_=0)).label("right"))
            .where(ANS.c.question_id.is_not(None)).group_by(ANS.c.question_id))


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _index(conn: Connection) -> SearchIndex | None:
    """The backend's text search index (None: no index, a LIKE scan)."""
    return backends.for_name(conn.dialect.name).search_index()


def _common(conn: Connection, words: Sequence[str]) -> bool:
    """Whether every word is common: in some quote (each stands behind many questions on a
    big bank), or in at least COMMON stems and answers. One rare word makes the index the
    faster way: it gathers few rows, and the other words are checked on those alone."""
    index = _index(conn)
    return index is not None and index.common(conn, words, COMMON)


def _text_condition(conn: Connection, words: Sequence[str]) -> ColumnElement[bool]:
    index = _index(conn)
    if index is not None:
        return index.condition(conn, words)
    per_word = []
    for w in words:
        pattern = _like(w.lower())
        per_word.append(or_(
            func.lower(Q.c.question).like(pattern, escape="\\"),
            func.lower(Q.c.correct_answer).like(pattern, escape="\\"),
            func.lower(cast(Q.c.incorrect_answers, String())).like(pattern, escape="\\"),
            func.lower(cast(Q.c.accepted_answers, String())).like(pattern, escape="\\"),
            exists().where(S.c.question_id == Q.c.id,
                           func.lower(S.c.quote).like(pattern, escape="\\")),
        ))
    return and_(*per_word)


def _where(f: Filter, conn: Connection) -> list[ColumnElement[bool]]:
    words = _words(f)
    return ([_text_condition(conn, words)] if words else []) + _filters(f)


def _words(f: Filter) -> list[str]:
    return fold(f.text).split()


def _filters(f: Filter) -> list[ColumnElement[bool]]:
    """`f` but for its text."""
    out: list[ColumnElement[bool]] = []
    for column, value in (("type", f.type), ("category", f.category),
                          ("difficulty", f.difficulty), ("origin", f.origin)):
        if value is not None:
            out.append(Q.c[column] == value)
    if f.ids is not None:
        out.append(Q.c.id.in_(sorted(f.ids)))
    if f.article == NO_SOURCE:
        out.append(~exists().where(S.c.question_id == Q.c.id))
    elif f.article is not None:
        out.append(exists().where(S.c.question_id == Q.c.id, S.c.article_id == f.article))
    return out


def sync_index(db: Database) -> None:
    """Re-index the questions changed since the last search (cheap when none were)."""
    if not models.has_search_index(db.engine.dialect.name):
        return
    with db.connect(what="read") as conn:
        pending = conn.exec_driver_sql(
            f"SELECT 1 FROM {models.SEARCH_PENDING} LIMIT 1").first() is not None
    if pending:
        with db.connect(write=True, what="search index") as conn, conn.begin():
            for statement in models.SEARCH_SYNC:
                conn.exec_driver_sql(statement)


def count(db: Database, f: Filter) -> int:
    """How many questions match `f`."""
    sync_index(db)
    with db.connect(what="read") as conn:
        query = select(func.count()).select_from(Q).where(*_where(f, conn))
        return int(conn.execute(query).scalar_one())


def count_upto(db: Database, f: Filter, cap: int) -> int | None:
    """How many questions match `f`, or None when more than `cap` do and counting them all
    would be slow: a search for common words on a huge bank gives its pages at once, but
    counting every match would take seconds."""
    sync_index(db)
    words = _words(f)
    with db.connect(what="read") as conn:
        if words and _walkable(f, Sort()) and _common(conn, words):
            # The first cap + 1 matches in id order, as a page is found: common words pass
            # the cap within a few thousand rows; for the others the index counts them all.
            found, _last, done = _walk(conn, words, _filters(f), Sort(), None, cap + 1,
                                       COUNT_MOST)
            if done:
                return len(found) if len(found) <= cap else None
        query = select(func.count()).select_from(Q).where(*_where(f, conn))
        return int(conn.execute(query).scalar_one())


def _sort_expression(column: str | None, stats: Subquery | None) -> ColumnElement[Any] | None:
    if column is None:
        return None
    if column == "question":
        return ordered_without_case(Q.c.question)
    if column == "answer":
        return ordered_without_case(Q.c.correct_answer)
    if column in ("type", "category", "difficulty", "origin"):
        # Indexed with id, so a page is an index range, not a sort of the bank.
        return Q.c[column]  # type: ignore[no-any-return]
    if column == "source":
        return func.coalesce(FIRST_ARTICLE.c.title, literal(""))
    assert stats is not None
    if column == "played":
        return func.coalesce(stats.c.played, 0)
    if column == "correct":
        share = cast(stats.c.right, Float) / func.nullif(stats.c.played, 0)
        return func.coalesce(share, -1.0)
    raise ValueError(f"unknown column {column!r}")


def page(db: Database, f: Filter, sort: Sort = Sort(), after: Row | None = None,
         limit: int = PAGE) -> list[Row]:
    """Up to `limit` rows matching `f` in `sort` order, starting after the row `after`."""
    sync_index(db)
    with db.connect(what="read") as conn:
        found = _page_keys(conn, f, sort, after.key if after is not None else None, limit)
        shown = _rows(conn, [k[-1] for k in found])
    out = []
    for k in found:
        row = shown.get(k[-1])
        if row is not None:
            out.append(replace(row, key=k))
    return out


# Sort orders an index walks (each with id), so rows can be read in page order and tested.
_WALKED = (None, "type", "category", "difficulty", "origin")
COMMON = 200  # a word in this many stems and answers is looked for row by row (`_walk`)
WALK_FIRST = 2000  # rows a page tests before it judges how many of them match
WALK_MOST = 30_000  # rows a page may test before it leaves the rest to the index
COUNT_MOST = 60_000  # the same for a capped count (the index would count every match)


def _walkable(f: Filter, sort: Sort) -> bool:
    """Whether an index gives the rows `f`'s filters leave in `sort` order by itself: by id,
    each filter's (column, id) index does; by another column, only its own index, so no
    filter may name a third column. The article filter tests each row's sources: where it
    keeps few rows, a walk would test the whole bank to find them."""
    if sort.column not in _WALKED or f.article is not None:
        return False
    named = {c for c in ("type", "category", "difficulty", "origin") if getattr(f, c) is not None}
    return sort.column is None or named <= {sort.column}


def _page_keys(conn: Connection, f: Filter, sort: Sort, after: tuple[Any, ...] | None,
               limit: int) -> list[tuple[Any, ...]]:
    """The keys of the page: (id,) in id order, else (sort key, id)."""
    words = _words(f)
    if words and _walkable(f, sort) and _common(conn, words):
        found, after, done = _walk(conn, words, _filters(f), sort, after, limit)
        if done:
            return found
        return found + _keys(conn, [_text_condition(conn, words), *_filters(f)], sort, after,
                             limit - len(found))
    return _keys(conn, _where(f, conn), sort, after, limit)


def _walk(conn: Connection, words: Sequence[str], filters: list[ColumnElement[bool]],
          sort: Sort, after: tuple[Any, ...] | None, limit: int, most: int | None = None
          ) -> tuple[list[tuple[Any, ...]], tuple[Any, ...] | None, bool]:
    """The page of a search for common words, read in page order and tested row by row, a
    stretch at a time: a word in a third of the bank fills a page from some 600 rows, where
    the index would first gather all its 300,000. Stops when the page is full or the bank
    ends (done), or when so few rows match that the index is faster for the rest (more than
    `most` rows to test): then (rows found, key of the last row tested, False)."""
    most = WALK_MOST if most is None else most
    index = _index(conn)
    assert index is not None  # (a walk is for common words, which only an index tells)
    test = index.row_condition(words)
    found: list[tuple[Any, ...]] = []
    tested, span = 0, WALK_FIRST
    while True:
        bound = _nth_key(conn, filters, sort, after, span)
        found += _keys(conn, [*filters, test], sort, after, limit - len(found), bound)
        if len(found) == limit or bound is None:
            return found, None, True
        tested += span
        after = bound
        still = (limit - len(found)) * tested / max(len(found), 1)  # rows to test, roughly
        if tested + still > most:
            return found, after, False
        span = int(min(still * 1.5 + 100, most - tested))


def _order(sort: Sort) -> list[ColumnElement[Any]]:
    """The columns of an index-walked `sort` order."""
    expr = _sort_expression(sort.column, None)
    return [expr, Q.c.id] if expr is not None else [Q.c.id]


def _nth_key(conn: Connection, filters: list[ColumnElement[bool]], sort: Sort,
             after: tuple[Any, ...] | None, n: int) -> tuple[Any, ...] | None:
    """The key of the `n`th row after `after` in an index-walked `sort` order (filters
    applied, text not), or None if fewer rows follow."""
    order = _order(sort)
    query = select(*order).where(*filters)
    if after is not None:
        query = query.where(_past(order, after, sort.descending))
    query = query.order_by(*[o.desc() if sort.descending else o for o in order])
    row = conn.execute(query.offset(n - 1).limit(1)).first()
    return None if row is None else tuple(row)


def _past(order: list[ColumnElement[Any]], key: tuple[Any, ...], descending: bool,
          upto: bool = False) -> ColumnElement[bool]:
    """Rows after `key` in the order (or, `upto`, not after it)."""
    mine = tuple_(*order) if len(order) > 1 else order[0]
    theirs = tuple_(*key) if len(order) > 1 else key[0]
    if upto:
        return mine >= theirs if descending else mine <= theirs
    return mine < theirs if descending else mine > theirs


def _keys(conn: Connection, where: list[ColumnElement[bool]], sort: Sort,
          after: tuple[Any, ...] | None, limit: int, upto: tuple[Any, ...] | None = None
          ) -> list[tuple[Any, ...]]:
    """Up to `limit` page keys of the rows meeting `where`, after `after` (not past `upto`)."""
    by_stats = sort.column in ("played", "correct")
    stats = _stats().subquery("stats") if by_stats else None
    expr = _sort_expression(sort.column, stats)
    # First only the ids and sort keys of the page (SQLite computes every selected column
    # of every candidate row before sorting), then the columns shown for those rows.
    order = [expr, Q.c.id] if expr is not None else [Q.c.id]
    query = select(*order).select_from(Q).where(*where)
    if stats is not None:
        query = query.select_from(Q.outerjoin(stats, stats.c.qid == Q.c.id))
    elif sort.column == "source":
        # Sources are numbered from 0 by every writer: join the first one.
        query = query.select_from(
            Q.outerjoin(FIRST_SOURCE, and_(FIRST_SOURCE.c.question_id == Q.c.id,
                                           FIRST_SOURCE.c.position == 0))
            .outerjoin(FIRST_ARTICLE, FIRST_ARTICLE.c.id == FIRST_SOURCE.c.article_id))
    if after is not None:
        query = query.where(_past(order, after, sort.descending))
    if upto is not None:
        query = query.where(_past(order, upto, sort.descending, upto=True))
    query = query.order_by(*[o.desc() if sort.descending else o for o in order])
    return [tuple(k) for k in conn.execute(query.limit(limit))]


def rows(db: Database, ids: Sequence[str]) -> dict[str, Row]:
    """The table rows for question `ids` that still exist (to refresh rows in place)."""
    out: dict[str, Row] = {}
    with db.connect(what="read") as conn:
        for start in range(0, len(ids), 500):
            out.update(_rows(conn, list(ids[start:start + 500])))
    return out


def _rows(conn: Connection, ids: list[str]) -> dict[str, Row]:
    if not ids:
        return {}
    columns = [Q.c.id, Q.c.question, Q.c.correct_answer, Q.c.type, Q.c.category,
               Q.c.difficulty, _first_article_title().label("source"),
               _source_count().label("sources"), Q.c.origin]
    found = conn.execute(select(*columns).where(Q.c.id.in_(ids))).all()
    played = _played(conn, ids)
    return {r.id: _row(r, played) for r in found}


def _played(conn: Connection, ids: list[str]) -> dict[str, tuple[int, int]]:
    query = _stats().where(ANS.c.question_id.in_(ids))
    return {r[0]: (int(r[1]), int(r[2] or 0)) for r in conn.execute(query)}


def _row(r: Any, played: dict[str, tuple[int, int]]) -> Row:
    m = r._mapping
    n, right = played.get(m["id"], (0, 0))
    source = m["source"] or ""
    if m["sources"] > 1:
        source = f"{source} (+{m['sources'] - 1})"
    return Row(id=m["id"], question=m["question"], answer=m["correct_answer"], type=m["type"],
               category=m["category"], difficulty=m["difficulty"], source=source,
               origin=m["origin"], played=n, correct=(right / n) if n else None)


@dataclass(frozen=True)
class Facets:
    """The values the editor's filters offer."""

    categories: list[str]
    articles: list[tuple[str, str]]  # (id, title)


def facets(db: Database) -> Facets:
    """Every category in use and every article, for the filter menus."""
    categories = bank.categories(db)  # one index seek per category, not a scan of the bank
    with db.connect(what="read") as conn:
        articles = [(i, t) for i, t in conn.execute(select(A.c.id, A.c.title).order_by(A.c.id))]
    return Facets(categories, articles)
