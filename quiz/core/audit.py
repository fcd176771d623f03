"""`quiz check`: every flaw the question checker finds in the bank, one per question and rule."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from quiz.core.checker import Checked, bank_flaws
from quiz.core.db import Database
from quiz.core.rules import Draft, Problem
from quiz.core.validation import check


@dataclass(frozen=True)
class Finding:
    """One flaw of one stored question."""

    question: str
    problem: Problem

    def line(self) -> str:
        p = self.problem
        return f"{self.question}: {p.severity}: {p.rule or 'invalid'}: {p.field}: {p.message}"

    def as_json(self) -> dict[str, Any]:
        p = self.problem
        return {"question": self.question, "severity": p.severity, "rule": p.rule or "invalid",
                "field": p.field, "message": p.message}


def stored(db: Database) -> Iterator[Checked]:
    """Every question of the bank as the checker takes it, in id order."""
    from sqlmodel import col, select

    from quiz.core import models

    with db.session() as s:
        sources: dict[str, list[tuple[str, str]]] = {}
        for src in s.exec(select(models.Source).order_by(col(models.Source.question_id),
                                                         col(models.Source.position))):
            sources.setdefault(src.question_id, []).append((src.article_id, src.quote))
        for q in s.exec(select(models.Question).order_by(col(models.Question.id))):
            yield Checked(q.id, q.fact_id, Draft(
                type=q.type, category=q.category, difficulty=q.difficulty, question=q.question,
                correct_answer=q.correct_answer, incorrect_answers=list(q.incorrect_answers),
                accepted_answers=list(q.accepted_answers), explanation=q.explanation,
                sources=sources.get(q.id, [])))


def audit(db: Database) -> list[Finding]:
    """Every flaw in the bank: each question's own, then those between questions."""
    from sqlmodel import select

    from quiz.core import models

    with db.session() as s:
        texts = {a.id: a.text for a in s.exec(select(models.Article))}
    items = list(stored(db))
    found = [Finding(c.id, p) for c in items for p in check(c.draft, texts)]
    between = bank_flaws(items)
    found += [Finding(qid, p) for c in items for qid in [c.id] for p in between.get(qid, [])]
    return found
