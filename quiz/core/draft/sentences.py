"""An article's sentences, each with its exact offsets in the text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

# An interview's "Rei Ami: ..." or "**Q:** ...": who speaks the paragraph.
_SPEAKER = re.compile(r"(?:\*\*)?([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3})(?:\*\*)?:(?:\*\*)?\s+")
_MIN_WORDS = 4  # "US." after "Global Excl." is the end of the sentence before, not one
# "LOS ANGELES — ", "SEOUL, South Korea (AP) -- ": where the story was filed, not part of a claim.
_DATELINE = re.compile(r"[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+)*(?:,\s[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)?"
                       r"(?:,\s[A-Z][a-z]{2,8}\.?\s\d{1,2}(?:,\s\d{4})?)?"  # ", Nov. 20, 2025"
                       r"\s*(?:\([^)]{1,30}\)\s*)?(?:[—–]|--?)\s+(?=[A-Z\"“‘])")


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text (verbatim) and where it starts and ends in the article."""

    text: str
    start: int
    end: int
    paragraph: int
    speaker: str = ""  # "Rei Ami" of an interview's "Rei Ami: It's about 11 syllables ..."


@cache
def _segmenter() -> Any:
    import pysbd  # type: ignore[import-untyped]  # lazy: drafting only

    return pysbd.Segmenter(language="en", clean=False)


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank line: articles put one paragraph on a line."""
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            yield m.start(), m.end()


def split(text: str, start: int = 0, end: int | None = None, paragraph: int = 0) -> list[Sentence]:
    """The sentences of text[start:end] (one paragraph), found verbatim at their offsets."""
    end = len(text) if end is None else end
    chunk = text[start:end]
    out: list[Sentence] = []
    cursor = 0
    for piece in _segmenter().segment(chunk):
        s = piece.strip()
        if not s:
            continue
        at = chunk.find(s, cursor)
        if at < 0:  # the segmenter changed the text: keep to what we can cite
            continue
        cursor = at + len(s)
        if out and (len(s.split()) < _MIN_WORDS and not s[0].isupper() or
                    len(s.split()) < 2 or _opens_nothing(out[-1].text)):
            prev = out.pop()
            s = chunk[prev.start - start:cursor]
            at = prev.start - start
        out.append(Sentence(s, start + at, start + cursor, paragraph))
    return out


def _opens_nothing(prev: str) -> bool:
    """True when `prev` ends on an abbreviation that cannot end a sentence ("Excl.", "No.",
    "Sept." of "Sept. 21")."""
    return re.search(r"\b(?:No|Excl|Nos|Mr|Mrs|Ms|Dr|St|Jr|vs|feat|Bros|Jan|Feb|Aug|Sept?|Oct|Nov|Dec|"
                     r"Gov|Sen|Rep|Gen|Lt|Col|Capt|Prof)\.$", prev) is not None


_BATCH = 40  # paragraphs per call of the segmenter: each call has a cost of its own


def sentences(text: str) -> Iterator[Sentence]:
    """Every sentence of `text`, paragraph by paragraph (no sentence spans two)."""
    spans = list(paragraphs(text))
    speakers: dict[int, str] = {}
    for first in range(0, len(spans), _BATCH):
        batch = spans[first:first + _BATCH]
        start, end = batch[0][0], batch[-1][1]
        pieces = split(text, start, end)
        bounds = [b for b, _ in batch]
        for piece in pieces:
            # A line without a full stop (a headline) may have been run into the next one.
            at = piece.start
            for line in piece.text.split("\n"):
                if line.strip():
                    lead = len(line) - len(line.lstrip())
                    s, e = at + lead, at + len(line.rstrip())
                    dateline = _DATELINE.match(text, s, e)
                    if dateline and len(dateline.group().split()[0].strip(",.")) > 1:
                        s = dateline.end()
                    paragraph = first + _paragraph(bounds, s)
                    label = _SPEAKER.match(text, s, e)
                    if label and s == spans[paragraph][0]:
                        speakers[paragraph] = label.group(1)
                        s = label.end()
                    yield Sentence(text[s:e], s, e, paragraph, speakers.get(paragraph, ""))
                at += len(line) + 1


def _paragraph(bounds: list[int], offset: int) -> int:
    import bisect

    return bisect.bisect_right(bounds, offset) - 1
