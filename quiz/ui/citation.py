"""Rich text for citations, built only by us from escaped parts (article text is never markup)."""

from __future__ import annotations

import html
import re

from quiz.core.game import Card, Citation

HIGHLIGHT = 'style="background-color:#ffe066; color:#1a1a1a; font-weight:bold;"'


def source_line(c: Citation) -> str:
    """"Title — Publication, by Author" as plain text, leaving out what is unknown."""
    parts = [c.title]
    by = ", ".join(p for p in (c.publication, f"by {c.author}" if c.author else "") if p)
    if by:
        parts.append(by)
    else:
        parts.append("publication and author not stated")
    return " — ".join(parts)


def highlighted(quote: str, phrase: str) -> str:
    """The quote as escaped HTML with every whole-word occurrence of `phrase` highlighted."""
    if not phrase.strip():
        return html.escape(quote)
    pattern = re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)", re.IGNORECASE)
    out, last = [], 0
    for m in pattern.finditer(quote):
        out.append(html.escape(quote[last : m.start()]))
        out.append(f"<span {HIGHLIGHT}>{html.escape(m.group())}</span>")
        last = m.end()
    out.append(html.escape(quote[last:]))
    return "".join(out)


def citation_html(card: Card) -> str:
    """Every source of `card`: where it comes from, and the quote with the answer highlighted."""
    blocks = []
    heading = "Source" if len(card.citations) == 1 else "Sources"
    blocks.append(f"<p><b>{heading}</b></p>")
    for c in card.citations:
        blocks.append(
            f"<p style='margin-bottom:2px'><i>{html.escape(source_line(c))}</i></p>"
            f"<blockquote style='margin-top:0'>{highlighted(c.quote, card.key_phrase)}"
            f"</blockquote>"
        )
    if not card.citations:
        blocks.append("<p>This question has no source quote.</p>")
    return "".join(blocks)
