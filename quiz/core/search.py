"""Finding questions in the bank: text search, filters, sorting and keyset pages, for the editor.

Text search matches the stem, every answer and every quote. On SQLite it uses the trigram
full-text index kept by triggers (see `quiz.core.models`), so it stays instant on 100,000
questions; elsewhere it falls back to case-insensitive LIKE. Each whitespace-separated word
must occur somewhere, as a substring: "huntr gold" finds the question whose answer is
"Huntr/x" and whose quote mentions "Golden".

Pages are keyset pages: the caller passes the last row it has, never an offset, so the
thousandth page costs what the first one does.
"""

from __future__ import annotations

import re
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
    text,
    tuple_,
)
from sqlalchemy.engine import Connection
from sqlalchemy.sql import Select, Subquery

from quiz.core import bank, models
from quiz.core.db import Database

Q = models.Question.__table__  # type: ignore[attr-defined]
S = models.Source.__table__  # type: ignore[attr-defined]
A = models.Article.__table__  # type: ignore[attr-defined]
ANS = models.Answer.__table__  # type: ignore[attr-defined]
FIRST_SOURCE = S.alias("first_source")
FIRST_ARTICLE = A.alias("first_article")

COLUMNS = ("question", "answer", "type", "category", "difficulty", "source", "origin",
           "played", "correct")
ORIGINS = ("generated", "edited", "user")
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


_WILDCARDS = re.compile(r"[%_]")


def _body_clauses(words: Sequence[str], tag: str, body: str = "body"
                  ) -> tuple[str, dict[str, str]]:
    """SQL holding when every one of `words` is in the text `body` (by default the column of
    a search table, which its index answers), and its parameters (named after `tag`)."""
    # The trigram index answers `body LIKE '%abc%'` (without ESCAPE) when the pattern holds a
    # run of at least three plain characters. Anything shorter is a plain scan, written so the
    # index never sees it: SQLite 3.40's FTS5 crashes on a short LIKE next to a long one.
    # A word holding % or _ is looked up by its longest plain run, then checked exactly.
    clauses, params = [], {}
    for i, w in enumerate(words):
        run = max(_WILDCARDS.split(w), key=len)
        if len(run) >= 3:
            params[f"{tag}w{i}"] = f"%{run}%"
            clauses.append(f"{body} LIKE :{tag}w{i}")
        if run != w or len(run) < 3:
            params[f"{tag}x{i}"] = w.lower()
            clauses.append(f"instr(lower({body}), :{tag}x{i}) > 0")
    return " AND ".join(clauses), params


def _in_some_quote(conn: Connection, word: str) -> bool:
    sql, params = _body_clauses([word], "")
    return conn.exec_driver_sql(f"SELECT 1 FROM {models.QUOTE_SEARCH} WHERE {sql} LIMIT 1",
                                params).first() is not None


# One question's indexed text and its quotes, read by rowid and id, to check a row another
# word found (a LIKE on a search table itself is answered from the whole bank's entries).
_ROW_TEXT = f"(SELECT body FROM {models.SEARCH_TABLE} WHERE rowid = question.rowid)"
_ROW_QUOTE = models.fold_sql("source.quote")


def _indexed_condition(conn: Connection, words: Sequence[str]) -> ColumnElement[bool]:
    """Each word in the stem or an answer (the search index), or in one of the quotes.

    The words found in no quote at all are looked up together in the question index, and the
    rows found are checked for the other words one by one. Only when every word is in some
    quote does the search start from the longest word's rows and its quotes' questions.
    """
    quoted = [w for w in words if _in_some_quote(conn, w)]
    plain = [w for w in words if w not in quoted]
    conditions: list[str] = []
    params: dict[str, str] = {}
    if plain:
        sql, params = _body_clauses(plain, "p")
        conditions.append(f"question.rowid IN (SELECT rowid FROM {models.SEARCH_TABLE} "
                          f"WHERE {sql})")
    else:
        first = max(quoted, key=len)
        quoted.remove(first)
        sql, params = _body_clauses([first], "f")
        conditions.append(
            f"question.rowid IN (SELECT rowid FROM {models.SEARCH_TABLE} WHERE {sql} "
            f"UNION SELECT q.rowid FROM source JOIN question AS q ON q.id = source.question_id "
            f"WHERE source.quote IN (SELECT quote FROM {models.QUOTE_SEARCH} WHERE {sql}))")
    for i, word in enumerate(quoted):
        in_text, more = _body_clauses([word], f"t{i}", _ROW_TEXT)
        in_quote, more_too = _body_clauses([word], f"q{i}", _ROW_QUOTE)
        params |= more | more_too
        conditions.append(f"({in_text} OR EXISTS (SELECT 1 FROM source WHERE "
                          f"source.question_id = question.id AND {in_quote}))")
    return text(" AND ".join(conditions)).bindparams(**params)  # type: ignore[return-value]


def _text_condition(conn: Connection, words: Sequence[str]) -> ColumnElement[bool]:
    if models.has_search_index(conn.dialect.name):
        return _indexed_condition(conn, words)
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
    out: list[ColumnElement[bool]] = []
    words = fold(f.text).split()
    if words:
        out.append(_text_condition(conn, words))
    for column, value in (("type", f.type), ("category", f.category),
                          ("difficulty", f.difficulty), ("origin", f.origin)):
        if value is not None:
            out.append(Q.c[column] == value)
    if f.article == NO_SOURCE:
        out.append(~exists().where(S.c.question_id == Q.c.id))
    elif f.article is not None:
        out.append(exists().where(S.c.question_id == Q.c.id, S.c.article_id == f.article))
    return out


def sync_index(db: Database) -> None:
    """Re-index the questions changed since the last search (cheap when none were)."""
    if not models.has_search_index(db.engine.dialect.name):
        return
    with db.engine.connect() as conn:
        pending = conn.exec_driver_sql(
            f"SELECT 1 FROM {models.SEARCH_PENDING} LIMIT 1").first() is not None
    if pending:
        with db.connect(write=True, what="search index") as conn, conn.begin():
            for statement in models.SEARCH_SYNC:
                conn.exec_driver_sql(statement)


def count(db: Database, f: Filter) -> int:
    """How many questions match `f`."""
    sync_index(db)
    with db.engine.connect() as conn:
        query = select(func.count()).select_from(Q).where(*_where(f, conn))
        return int(conn.execute(query).scalar_one())


def _sort_expression(column: str | None, stats: Subquery | None) -> ColumnElement[Any] | None:
    if column is None:
        return None
    if column == "question":
        return Q.c.question.collate("NOCASE")  # type: ignore[no-any-return]
    if column == "answer":
        return Q.c.correct_answer.collate("NOCASE")  # type: ignore[no-any-return]
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
    by_stats = sort.column in ("played", "correct")
    stats = _stats().subquery("stats") if by_stats else None
    expr = _sort_expression(sort.column, stats)
    sync_index(db)
    with db.engine.connect() as conn:
        # First only the ids and sort keys of the page (SQLite computes every selected column
        # of every candidate row before sorting), then the columns shown for those rows.
        keys = [Q.c.id] + ([expr.label("sort_key")] if expr is not None else [])
        query = select(*keys).select_from(Q).where(*_where(f, conn))
        if stats is not None:
            query = query.select_from(Q.outerjoin(stats, stats.c.qid == Q.c.id))
        elif sort.column == "source":
            # Sources are numbered from 0 by every writer: join the first one.
            query = query.select_from(
                Q.outerjoin(FIRST_SOURCE, and_(FIRST_SOURCE.c.question_id == Q.c.id,
                                               FIRST_SOURCE.c.position == 0))
                .outerjoin(FIRST_ARTICLE, FIRST_ARTICLE.c.id == FIRST_SOURCE.c.article_id))
        key = tuple_(expr, Q.c.id) if expr is not None else Q.c.id
        if after is not None:
            last = tuple_(*after.key) if expr is not None else after.key[0]
            query = query.where(key < last if sort.descending else key > last)
        order = [expr, Q.c.id] if expr is not None else [Q.c.id]
        query = query.order_by(*[o.desc() if sort.descending else o for o in order])
        found = conn.execute(query.limit(limit)).all()
        shown = _rows(conn, [k[0] for k in found])
    out = []
    for k in found:
        row = shown.get(k[0])
        if row is not None:
            out.append(replace(row, key=(k[1], k[0]) if expr is not None else (k[0],)))
    return out


def rows(db: Database, ids: Sequence[str]) -> dict[str, Row]:
    """The table rows for question `ids` that still exist (to refresh rows in place)."""
    out: dict[str, Row] = {}
    with db.engine.connect() as conn:
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
    with db.engine.connect() as conn:
        articles = [(i, t) for i, t in conn.execute(select(A.c.id, A.c.title).order_by(A.c.id))]
    return Facets(categories, articles)
