"""How many curated facts the drafter finds on its own: the measure of issue 14's target.

A curated fact counts as asked when some draft has the same answer (normalised) quoting a
sentence that overlaps the fact's quote. The drafter never sees the facts.
"""

from __future__ import annotations

from dataclasses import dataclass

from quiz.core.content import ArticleText, Fact
from quiz.core.draft.pipeline import Draft, draft
from quiz.core.draft.reader import Meta, Source
from quiz.core.text import normalise


@dataclass(frozen=True)
class Coverage:
    asked: int
    total: int
    missed: list[Fact]

    @property
    def share(self) -> float:
        return self.asked / self.total if self.total else 0.0


def drafts_of(article: ArticleText) -> Draft:
    """Draft from a shipped article's body and its real metadata (not a descriptive title)."""
    meta = Meta(title="" if article.title_is_descriptive else article.title,
                publication=article.publication, author=article.author, url=article.url)
    return draft(Source(article.text, meta, "markdown", "utf-8"))


def measure(articles: dict[str, ArticleText], facts: list[Fact]) -> Coverage:
    asked: dict[str, list[tuple[str, int, int]]] = {}
    for aid, article in articles.items():
        asked[aid] = [(normalise(d.fact.answer), d.fact.quote.start, d.fact.quote.end)
                      for d in drafts_of(article).questions]
    missed = []
    for f in facts:
        key = normalise(f.answer)
        if not any(a == key and s < f.quote.end and f.quote.start < e
                   for a, s, e in asked[f.article]):
            missed.append(f)
    return Coverage(len(facts) - len(missed), len(facts), missed)
