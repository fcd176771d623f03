"""Changing the question bank: save, add, duplicate, delete, bulk change, restore.

Every operation runs in one transaction and returns a `Change`: each touched question's full
state before and after (`None` where it did not exist). Undo is `apply(db, change.before)`,
redo is `apply(db, change.after)`, so one small command class undoes every operation and the
views refresh from the ids a change names.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import MISSING, dataclass, field, fields, replace
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from quiz.core import models
from quiz.core.content import DIFFICULTIES
from quiz.core.db import Database
from quiz.core.errors import QuizError
from quiz.core.rules import MAX_CATEGORY, Draft
from quiz.core.validation import check

Q = models.Question.__table__  # type: ignore[attr-defined]
S = models.Source.__table__  # type: ignore[attr-defined]
A = models.Article.__table__  # type: ignore[attr-defined]
ANS = models.Answer.__table__  # type: ignore[attr-defined]
_BATCH = 500


@dataclass(frozen=True)
class SourceRef:
    """A quote backing a question, with its offsets in the article text."""

    article: str
    quote: str
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class Record:
    """A question exactly as stored (sources included): what undo puts back."""

    id: str
    type: str
    category: str
    difficulty: str
    question: str
    correct_answer: str
    incorrect_answers: tuple[str, ...] = ()
    accepted_answers: tuple[str, ...] = ()
    explanation: str = ""
    origin: str = "user"
    fact_id: str | None = None
    generated: dict[str, Any] | None = field(default=None, compare=False)
    updated_at: datetime | None = field(default=None, compare=False)
    sources: tuple[SourceRef, ...] = ()
    answer_ids: tuple[int, ...] = field(default=(), compare=False)  # answers to re-link on undo

    def draft(self) -> Draft:
        """The question in the form the validation rules take."""
        return Draft(type=self.type, category=self.category, difficulty=self.difficulty,
                     question=self.question, correct_answer=self.correct_answer,
                     incorrect_answers=list(self.incorrect_answers),
                     accepted_answers=list(self.accepted_answers),
                     explanation=self.explanation,
                     sources=[(s.article, s.quote) for s in self.sources])


def imported_record(*, id: str, type: str, category: str, difficulty: str, question: str,
                    correct_answer: str, incorrect_answers: tuple[str, ...],
                    accepted_answers: tuple[str, ...], explanation: str, origin: str,
                    fact_id: str | None, sources: tuple[SourceRef, ...]) -> Record:
    """Record(...) of a question read from a file, a third of the cost for an import of a
    million: a frozen dataclass sets its fields one object.__setattr__ at a time."""
    rec = object.__new__(Record)
    rec.__dict__.update(
        _RECORD_DEFAULTS, id=id, type=type, category=category, difficulty=difficulty,
        question=question, correct_answer=correct_answer, incorrect_answers=incorrect_answers,
        accepted_answers=accepted_answers, explanation=explanation, origin=origin,
        fact_id=fact_id, sources=sources)
    return rec


def imported_source(article: str, quote: str, start: int, end: int) -> SourceRef:
    """SourceRef(...) of a quote read from a file, without the frozen dataclass's
    object.__setattr__ per field (an import reads a million of them or more)."""
    ref = object.__new__(SourceRef)
    ref.__dict__.update(article=article, quote=quote, start=start, end=end)
    return ref


# What imported_record leaves to the dataclass's defaults (generated, updated_at, answer_ids).
_RECORD_DEFAULTS = {f.name: f.default for f in fields(Record) if f.default is not MISSING}


State = tuple[str, "Record | None"]


@dataclass(frozen=True)
class Change:
    """What an operation did: every touched question's state before and after it."""

    label: str
    before: tuple[State, ...] = ()
    after: tuple[State, ...] = ()

    @property
    def ids(self) -> list[str]:
        """The questions this change touches."""
        return [qid for qid, _ in self.after]

    @property
    def empty(self) -> bool:
        """True when nothing changed (nothing to undo)."""
        return all(b == a for (_, b), (_, a) in zip(self.before, self.after, strict=True))

    @property
    def structural(self) -> bool:
        """True when questions appear or disappear (lists must be re-queried, not patched)."""
        return any((b is None) != (a is None)
                   for (_, b), (_, a) in zip(self.before, self.after, strict=True))


# -- reading ----------------------------------------------------------------------------------


def _record(row: Any, sources: list[SourceRef]) -> Record:
    return Record(
        id=row.id, type=row.type, category=row.category, difficulty=row.difficulty,
        question=row.question, correct_answer=row.correct_answer,
        incorrect_answers=tuple(row.incorrect_answers or ()),
        accepted_answers=tuple(row.accepted_answers or ()), explanation=row.explanation,
        origin=row.origin, fact_id=row.fact_id, generated=row.generated,
        updated_at=row.updated_at, sources=tuple(sources))


def load_in(conn: Connection, ids: Sequence[str], with_answers: bool = False
            ) -> dict[str, Record]:
    """The stored questions among `ids`, read on `conn` (with the ids of answers to them)."""
    out: dict[str, Record] = {}
    for start in range(0, len(ids), _BATCH):
        chunk = list(ids[start:start + _BATCH])
        sources: dict[str, list[SourceRef]] = {}
        for s in conn.execute(select(S).where(S.c.question_id.in_(chunk))
                              .order_by(S.c.question_id, S.c.position)):
            sources.setdefault(s.question_id, []).append(
                SourceRef(s.article_id, s.quote, s.start, s.end))
        answers: dict[str, list[int]] = {}
        if with_answers:
            for aid, qid in conn.execute(select(ANS.c.id, ANS.c.question_id)
                                         .where(ANS.c.question_id.in_(chunk))):
                answers.setdefault(qid, []).append(aid)
        for row in conn.execute(select(Q).where(Q.c.id.in_(chunk))):
            rec = _record(row, sources.get(row.id, []))
            out[row.id] = replace(rec, answer_ids=tuple(sorted(answers.get(row.id, []))))
    return out


def load(db: Database, ids: Sequence[str]) -> dict[str, Record]:
    """The stored questions among `ids`, by id."""
    with db.connect(what="read") as conn:
        return load_in(conn, ids)


def article_texts(db: Database) -> dict[str, str]:
    """Every article's text by id (quotes are checked against it)."""
    with db.connect(what="read") as conn:
        return {i: t for i, t in conn.execute(select(A.c.id, A.c.text))}


def article_titles(db: Database) -> dict[str, str]:
    """Every article's title by id."""
    with db.connect(what="read") as conn:
        return {i: t for i, t in conn.execute(select(A.c.id, A.c.title).order_by(A.c.id))}


# -- writing ----------------------------------------------------------------------------------


def _write(conn: Connection, qid: str, rec: Record | None) -> None:
    """Make question `qid` exactly `rec` (or absent), sources and answer links included."""
    conn.execute(delete(S).where(S.c.question_id == qid))
    if rec is None:
        conn.execute(delete(Q).where(Q.c.id == qid))
        return
    values = {
        "id": rec.id, "type": rec.type, "category": rec.category,
        "difficulty": rec.difficulty, "question": rec.question,
        "correct_answer": rec.correct_answer, "incorrect_answers": list(rec.incorrect_answers),
        "accepted_answers": list(rec.accepted_answers), "explanation": rec.explanation,
        "origin": rec.origin, "fact_id": rec.fact_id, "generated": rec.generated,
        "updated_at": rec.updated_at or models.utcnow(),
    }
    if conn.execute(select(Q.c.id).where(Q.c.id == qid)).first() is None:
        conn.execute(insert(Q).values(**values))
    else:
        conn.execute(update(Q).where(Q.c.id == qid).values(**values))
    if rec.sources:
        conn.execute(insert(S), [
            {"question_id": rec.id, "position": i, "article_id": s.article, "quote": s.quote,
             "start": s.start, "end": s.end} for i, s in enumerate(rec.sources)])
    if rec.answer_ids:
        for start in range(0, len(rec.answer_ids), _BATCH):
            chunk = list(rec.answer_ids[start:start + _BATCH])
            conn.execute(update(ANS).where(ANS.c.id.in_(chunk), ANS.c.question_id.is_(None))
                         .values(question_id=rec.id))


def apply(db: Database, states: Iterable[State]) -> None:
    """Put each question in `states` back exactly as given (undo and redo)."""
    with db.connect(write=True, what="edit") as conn, conn.begin():
        for qid, rec in states:
            _write(conn, qid, rec)


def _commit(db: Database, label: str, before: dict[str, Record | None],
            after: dict[str, Record | None]) -> Change:
    change = Change(label, tuple(before.items()), tuple((k, after[k]) for k in before))
    if not change.empty:
        apply(db, change.after)
    return change


# -- operations -------------------------------------------------------------------------------


def new_id() -> str:
    """A fresh id for a question an editor writes."""
    return f"user-{uuid.uuid4().hex[:12]}"


def located(sources: Sequence[SourceRef], texts: dict[str, str]) -> tuple[SourceRef, ...]:
    """`sources` with offsets that index their article (kept if right, else the first match)."""
    out = []
    for s in sources:
        text = texts.get(s.article, "")
        start, end = s.start, s.end
        if 0 <= start <= end <= len(text) and text[start:end] == s.quote:
            out.append(s)
            continue
        start = text.find(s.quote)
        end = start + len(s.quote) if start >= 0 else -1
        out.append(SourceRef(s.article, s.quote, start, end))
    return tuple(out)


def _validated(draft: Draft, texts: dict[str, str]) -> None:
    found = check(draft, texts, warnings=False)
    if found:
        raise QuizError(str(found[0]))


def content(rec: Record) -> dict[str, Any]:
    """What an editor can change in a question (sources without offsets)."""
    return {
        "type": rec.type, "category": rec.category, "difficulty": rec.difficulty,
        "question": rec.question, "correct_answer": rec.correct_answer,
        "incorrect_answers": list(rec.incorrect_answers),
        "accepted_answers": list(rec.accepted_answers), "explanation": rec.explanation,
        "sources": [(s.article, s.quote) for s in rec.sources],
    }


def origin_of(rec: Record) -> str:
    """A generated question changed by hand is "edited"; changed back, it is generated again."""
    if rec.origin == "user" or rec.generated is None:
        return rec.origin
    original = dict(rec.generated)
    original["sources"] = [(s["article"], s["quote"]) for s in original.get("sources", [])]
    same = all(original.get(k) == v for k, v in content(rec).items())
    return "generated" if same else "edited"


def _from_draft(base: Record, draft: Draft, sources: tuple[SourceRef, ...]) -> Record:
    rec = replace(base, type=draft.type, category=draft.category, difficulty=draft.difficulty,
                  question=draft.question, correct_answer=draft.correct_answer,
                  incorrect_answers=tuple(draft.incorrect_answers),
                  accepted_answers=tuple(draft.accepted_answers),
                  explanation=draft.explanation, sources=sources, answer_ids=())
    return replace(rec, origin=origin_of(rec), updated_at=models.utcnow())


def save(db: Database, question_id: str, draft: Draft,
         sources: Sequence[SourceRef] = ()) -> Change:
    """Store the edited question `question_id`; a QuizError naming the field if it is invalid.

    `draft.sources` is ignored: `sources` carries the quotes with the offsets the editor chose.
    """
    texts = article_texts(db)
    located_sources = located(sources, texts)
    _validated(replace(draft, sources=[(s.article, s.quote) for s in located_sources]), texts)
    old = load(db, [question_id]).get(question_id)
    if old is None:
        raise QuizError(f"question {question_id!r} is no longer in the bank")
    new = _from_draft(old, draft, located_sources)
    if content(new) == content(old):
        return Change("Edit question", ((question_id, old),), ((question_id, old),))
    return _commit(db, "Edit question", {question_id: old}, {question_id: new})


def add(db: Database, draft: Draft, sources: Sequence[SourceRef] = ()) -> Change:
    """Store a new question an editor wrote (origin "user")."""
    texts = article_texts(db)
    located_sources = located(sources, texts)
    _validated(replace(draft, sources=[(s.article, s.quote) for s in located_sources]), texts)
    qid = new_id()
    base = Record(id=qid, type="", category="", difficulty="", question="", correct_answer="",
                  origin="user")
    return _commit(db, "Add question", {qid: None},
                   {qid: _from_draft(base, draft, located_sources)})


def _plural(n: int, what: str) -> str:
    return f"{n} {what}" if n == 1 else f"{n} {what}s"


def duplicate(db: Database, ids: Sequence[str]) -> Change:
    """Copies of questions `ids` as the editor's own (origin "user")."""
    found = load(db, ids)
    before: dict[str, Record | None] = {}
    after: dict[str, Record | None] = {}
    for qid in ids:
        if qid in found:
            copy = replace(found[qid], id=new_id(), origin="user", generated=None,
                           updated_at=models.utcnow())
            before[copy.id] = None
            after[copy.id] = copy
    return _commit(db, f"Duplicate {_plural(len(after), 'question')}", before, after)


def delete_questions(db: Database, ids: Sequence[str]) -> Change:
    """Remove questions `ids` (players' answers to them are kept, unlinked, and re-linked on
    undo)."""
    with db.connect(what="read") as conn:
        found = load_in(conn, ids, with_answers=True)
    before: dict[str, Record | None] = {qid: found[qid] for qid in ids if qid in found}
    return _commit(db, f"Delete {_plural(len(before), 'question')}", before,
                   dict.fromkeys(before))


def bulk_change(db: Database, ids: Sequence[str], category: str | None = None,
                difficulty: str | None = None) -> Change:
    """Set the category and/or difficulty of questions `ids`."""
    if category is not None:
        category = category.strip()
        if not category:
            raise QuizError("category: is empty")
        if len(category) > MAX_CATEGORY:
            raise QuizError(f"category: is {len(category)} characters long "
                            f"(at most {MAX_CATEGORY})")
    if difficulty is not None and difficulty not in DIFFICULTIES:
        raise QuizError(f"difficulty: must be one of {', '.join(DIFFICULTIES)}")
    found = load(db, ids)
    before: dict[str, Record | None] = {}
    after: dict[str, Record | None] = {}
    now = models.utcnow()
    for qid in ids:
        old = found.get(qid)
        if old is None:
            continue
        new = replace(old, category=category if category is not None else old.category,
                      difficulty=difficulty if difficulty is not None else old.difficulty)
        if new != old:
            before[qid] = old
            after[qid] = replace(new, origin=origin_of(new), updated_at=now)
    what = " and ".join(w for w, v in (("category", category), ("difficulty", difficulty))
                        if v is not None) or "nothing"
    return _commit(db, f"Change {what} of {_plural(len(after), 'question')}", before, after)


def original(rec: Record) -> Record | None:
    """The generated original of an edited question, or None if it has none."""
    if rec.generated is None or rec.origin == "user":
        return None
    g = rec.generated
    sources = tuple(SourceRef(s["article"], s["quote"], s.get("start", -1), s.get("end", -1))
                    for s in g.get("sources", []))
    return replace(rec, type=g["type"], category=g["category"], difficulty=g["difficulty"],
                   question=g["question"], correct_answer=g["correct_answer"],
                   incorrect_answers=tuple(g.get("incorrect_answers", [])),
                   accepted_answers=tuple(g.get("accepted_answers", [])),
                   explanation=g.get("explanation", ""), sources=sources, origin="generated",
                   answer_ids=())


def restore(db: Database, question_id: str) -> Change:
    """Put an edited generated question back to its original (like `quiz generate --restore`)."""
    old = load(db, [question_id]).get(question_id)
    if old is None:
        raise QuizError(f"question {question_id!r} is no longer in the bank")
    back = original(old)
    if back is None:
        raise QuizError(f"question {question_id!r} has no generated original")
    return _commit(db, "Restore original", {question_id: old},
                   {question_id: replace(back, updated_at=models.utcnow())})
