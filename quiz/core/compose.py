"""How a game is composed from the questions a draw offers: never the same fact or source
sentence twice, never a question that shows another's answer, and a spread of categories and
types.

`compose` takes the candidates in the order the draw ranked them (least seen first), each
type's in turn, and keeps each one that breaks no rule with the questions already kept.
When the candidates cannot fill the game under every rule (a narrow filter, Review with few
missed questions), the rules are relaxed one at a time, in this order, and the player is told
in one line:

1. no type more than half the game (when the candidates hold two types or more);
2. no category more than 40 % of the game (only for "All categories", with three or more
   categories among the candidates);
3. no question whose stem or choices contain another question's answer;
4. no two questions citing the same sentence;
5. no two questions of the same fact.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from quiz.core.game import Card
from quiz.core.text import contains_normalised, normalise

CATEGORY_SHARE = 0.4
TYPE_SHARE = 0.5
STRICT_OPEN_ENDED = 20  # an open-ended game (Sudden death) is composed strictly this far

RELAXED = (
    "types", "categories", "answers shown", "sentences", "facts",
)
_NOTES = {
    "types": "Not enough variety for a mix of question types: some types come more often.",
    "categories": "Not enough questions for a mix of categories: some categories come more "
                  "often.",
    "answers shown": "Few questions to choose from: one question may show another's answer.",
    "sentences": "Few questions to choose from: some questions cite the same sentence.",
    "facts": "Few questions to choose from: some questions ask about the same fact.",
}


@dataclass(frozen=True)
class Composed:
    """The questions of a game, and a line for the player when a rule had to give way."""

    cards: list[Card]
    note: str = ""


class _Kept:
    """What the questions kept so far hold, for the rules' checks."""

    def __init__(self) -> None:
        self.cards: list[Card] = []
        self.facts: set[str] = set()
        self.sentences: set[tuple[str, str]] = set()
        self.answers: list[str] = []  # normalised
        self.texts: list[str] = []  # stem and choices of each
        self.categories: Counter[str] = Counter()
        self.types: Counter[str] = Counter()

    def add(self, c: Card) -> None:
        self.cards.append(c)
        if c.fact:
            self.facts.add(c.fact)
        self.sentences.update(_sentences(c))
        self.answers.append(normalise(_answer(c)))
        self.texts.append(_shown(c))
        self.categories[c.category] += 1
        self.types[c.type] += 1


def _answer(c: Card) -> str:
    """What a question's answer is about: for true/false, the fact's answer."""
    return c.key_phrase if c.type == "boolean" and c.key_phrase else c.correct_answer


def _shown(c: Card) -> str:
    return " \n ".join((c.question, *(x for x in c.choices if x not in ("True", "False"))))


def _sentences(c: Card) -> set[tuple[str, str]]:
    return {(cit.article_id, normalise(cit.quote)) for cit in c.citations}


def _overlaps(c: Card, kept: _Kept) -> bool:
    """Whether `c` cites a sentence a kept question cites (or one holding the other)."""
    mine = _sentences(c)
    if mine & kept.sentences:
        return True
    return any(a == b and (x in y or y in x) for a, x in mine for b, y in kept.sentences)


def _reveals(c: Card, kept: _Kept) -> bool:
    answer = normalise(_answer(c))
    shown = _shown(c)
    if answer and any(contains_normalised(text, answer) for text in kept.texts):
        return True
    return any(a and contains_normalised(shown, a) for a in kept.answers)


def compose(candidates: Sequence[Card], want: int, all_categories: bool,
            open_ended: bool = False) -> Composed:
    """Up to `want` of `candidates`, in their order, following the rules above."""
    strict = min(want, STRICT_OPEN_ENDED) if open_ended else want
    categories = {c.category for c in candidates}
    types = {c.type for c in candidates}
    relaxed: list[str] = []
    for level in range(len(RELAXED) + 1):
        off = set(RELAXED[:level])
        kept = _fill(candidates, strict, off, all_categories and len(categories) >= 3,
                     len(types) >= 2)
        if len(kept.cards) >= min(strict, len(candidates)):
            break
        relaxed.append(RELAXED[level])
    if open_ended and len(kept.cards) < want:  # the rest, least strictly, after the strict part
        taken = {c.id for c in kept.cards}
        rest = _fill([c for c in candidates if c.id not in taken], want - len(kept.cards),
                     {"types", "categories"}, False, False)
        kept.cards += rest.cards
    note = _NOTES[relaxed[-1]] if relaxed else ""
    return Composed(kept.cards[:want], note)


def _fill(candidates: Sequence[Card], want: int, off: set[str], spread_categories: bool,
          spread_types: bool) -> _Kept:
    """Keep candidates that break no rule still on, the least kept type first: each type's
    candidates in their own order (least seen first), so plentiful true/false questions do
    not crowd out the rarer typed ones before those had a turn."""
    kept = _Kept()
    category_cap = max(1, math.floor(want * CATEGORY_SHARE))
    type_cap = max(1, math.floor(want * TYPE_SHARE))
    queues: dict[str, list[Card]] = {}
    for c in candidates:
        queues.setdefault(c.type, []).append(c)
    heads = dict.fromkeys(queues, 0)
    while len(kept.cards) < want:
        progressed = False
        for qtype in sorted(queues, key=lambda t: (kept.types[t], list(queues).index(t))):
            if "types" not in off and spread_types and kept.types[qtype] >= type_cap:
                continue
            queue = queues[qtype]
            while heads[qtype] < len(queue):
                c = queue[heads[qtype]]
                heads[qtype] += 1
                if _fits(c, kept, off, spread_categories, category_cap):
                    kept.add(c)
                    progressed = True
                    break
            if progressed:
                break
        if not progressed:
            break
    return kept


def _fits(c: Card, kept: _Kept, off: set[str], spread_categories: bool,
          category_cap: int) -> bool:
    if "facts" not in off and c.fact and c.fact in kept.facts:
        return False
    if "sentences" not in off and _overlaps(c, kept):
        return False
    if "answers shown" not in off and _reveals(c, kept):
        return False
    return not ("categories" not in off and spread_categories
                and kept.categories[c.category] >= category_cap)
