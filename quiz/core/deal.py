"""`quiz deal`: the questions a new game would ask, in order, with answers and sources, as
text, Markdown or JSON. Nothing is saved: a quiz host prints a round with its answer key, and
tests and outside checks look at what games are made of."""

from __future__ import annotations

import json
from typing import Any

from quiz.core.compose import Composed
from quiz.core.game import Card

FORMATS = ("text", "md", "json")
NOBODY = "Quiz host"  # the player a deal is drawn for when none is named (no history)


def as_json(deal: Composed) -> list[dict[str, Any]]:
    """The deal as a list of question objects."""
    return [{
        "id": c.id, "fact": c.fact, "type": c.type, "category": c.category,
        "difficulty": c.difficulty, "question": c.question, "choices": list(c.choices),
        "correct_answer": c.correct_answer, "accepted_answers": list(c.accepted_answers),
        "explanation": c.explanation,
        "sources": [{"article": s.article_id, "title": s.title, "quote": s.quote,
                     "start": s.start, "end": s.end} for s in c.citations],
    } for c in deal.cards]


def render(deal: Composed, fmt: str) -> str:
    """The deal in `fmt` (text, md or json)."""
    if fmt == "json":
        return json.dumps(as_json(deal), ensure_ascii=False, indent=1)
    md = fmt == "md"
    out: list[str] = []
    if deal.note:
        out += [f"> {deal.note}" if md else f"Note: {deal.note}", ""]
    for n, c in enumerate(deal.cards, 1):
        out += _question(n, c, md)
    if md:
        out += ["## Answer key", ""]
        out += [f"{n}. {c.correct_answer}" for n, c in enumerate(deal.cards, 1)]
    return "\n".join(out).rstrip() + "\n"


def _question(n: int, c: Card, md: bool) -> list[str]:
    head = f"{n}. {c.question}"
    lines = [f"### {head}" if md else head,
             f"   {c.category} · {c.difficulty} · {c.type} · {c.id}"]
    for letter, choice in zip("ABCD", c.choices, strict=False):
        lines.append(f"   - {letter}) {choice}" if md else f"   {letter}) {choice}")
    if not md:
        lines.append(f"   Answer: {c.correct_answer}")
    for s in c.citations:
        lines.append(f"   Source: {s.title}: \u201c{s.quote}\u201d")
    lines.append("")
    return lines
