"""Wrong answers for a span: same-kind spans of the article, then of other articles, then
plausible changes of a number, date or position — never one that would still be true."""

from __future__ import annotations

import re

from quiz.core.draft.fair import within
from quiz.core.draft.spans import (
    COMMON,
    DAYS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    ORDINAL_WORDS,
    PERIODS,
    QUANTITIES,
    ROLES,
    STATUSES,
    Span,
    value_of,
)
from quiz.core.text import normalise

_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
_WORD_VALUE = {w: i for i, w in enumerate(
    ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
     "eleven", "twelve"))}
_WORD_VALUE.update({"fifteen": 15, "twenty": 20})
_VALUE_WORD = {v: w for w, v in _WORD_VALUE.items()}


def _format(n: float, like: str, year: bool = False) -> str:
    """`n` written as `like` is: "1,500" like "1,000" (or "900"), "2024" like "2025" (a year:
    no comma)."""
    if n >= 1000 and "." not in like and ("," in like or len(like) > 4 or not year):
        return f"{int(round(n)):,}"
    if "." in like:
        decimals = len(like.split(".")[1])
        return f"{n:.{decimals}f}"
    return str(int(round(n)))


def _as_round(s: float, n: float) -> float:
    """`s` rounded as `n` is ("300": to a hundred; "6,900": to a hundred; "45": to five), so
    a wrong number does not stand out as worked out from the right one."""
    whole = int(n)
    unit = 1
    while whole and whole % (unit * 10) == 0 and unit < 10**9:
        unit *= 10
    if unit == 1 and whole % 5 == 0 and whole >= 20:
        unit = 5
    return float(round(s / unit) * unit) if unit > 1 else float(round(s))


def _steps(n: float, qualifier: str, year: bool = False) -> list[float]:
    if year:
        return [n - 1, n + 2, n - 3, n + 4]
    if qualifier == "at least":  # "over 240 million": only a higher number is false
        return [n * 1.5, n * 2, n * 3, n * 4] if n >= 4 else [n + 2, n + 4, n + 6, n + 8]
    if qualifier == "at most":  # "nearly 100", "under 20": only a lower one is false
        return [n * 0.5, n * 0.25, n * 0.75, n * 0.1] if n >= 8 else [n - 1, n - 2, n - 3]
    # Where the answer sits among the choices varies with the number itself: always the middle
    # of x0.5 and x2 would give it away.
    pick = sum(map(ord, f"{n:g}")) % 4
    if n < 15:
        return ([n + 2, n - 2, n + 1, n - 1, n + 4, n + 3],  # around it
                [n + 1, n + 2, n + 3, n - 1, n + 4],  # mostly above
                [n - 1, n - 2, n + 1, n - 3, n + 2],  # mostly below
                [n + 2, n + 4, n - 2, n + 6, n - 1])[pick]
    return ([n * 1.5, n * 0.5, n * 2, n * 0.75, n * 3],
            [n * 1.25, n * 1.5, n * 2, n * 0.75, n * 3],  # the answer the smallest
            [n * 0.5, n * 0.75, n * 0.25, n * 1.5],  # the answer the largest
            [n * 0.6, n * 1.4, n * 1.8, n * 0.4])[pick]


def changed(span: Span) -> list[str]:
    """Plausible wrong versions of a number, date, position or quantity span."""
    text = span.text
    if span.sort == "quantity":
        i = QUANTITIES.index(text)
        return list(QUANTITIES[i + 1:i + 4])  # "tens of thousands": "thousands" stays true
    if span.sort in ("month", "date"):
        names = MONTHS if any(text.startswith(m) for m in MONTHS) else MONTH_ABBREVIATIONS
        month = next((m for m in names if text.startswith(m.rstrip("."))), "")
        if not month:
            return []
        i = names.index(month)
        return [text.replace(month, names[(i + k) % 12], 1) for k in (2, -3, 5, -1)]
    if span.sort == "period":  # "20 million in a weekend" is still true of a month: shorter
        return list(reversed(PERIODS[:PERIODS.index(text)]))
    if span.sort == "status":
        return [s for s in STATUSES if s not in ("greenlit", "canceled", "in pre-production")]
    if span.sort == "role":  # "co-director": other roles; "tennis legend": none that fit
        return [r for r in ROLES[:12] if r != text] if text in ROLES else []
    if span.sort == "day":
        i = DAYS.index(text)
        return [DAYS[(i + k) % 7] for k in (2, -3, 1)]
    if span.sort == "word" and text in ORDINAL_WORDS:
        i = ORDINAL_WORDS.index(text)
        near = [ORDINAL_WORDS[j] for j in (i + 1, i - 1, i + 2, i - 2, i + 3)
                if 0 <= j < len(ORDINAL_WORDS)]
        return near[:4]
    if text in _WORD_VALUE:
        value = _WORD_VALUE[text]
        # Never "one": "one singers" is no sentence.
        return [_VALUE_WORD[int(s)] for s in _steps(value, span.qualifier)
                if s > 1 and s != value and int(s) in _VALUE_WORD]
    m = _DIGITS.search(text)
    if m is None and span.sort == "position" and text.split()[-1] in _WORD_VALUE:
        rank = _WORD_VALUE[text.split()[-1]]
        head = text.rsplit(" ", 1)[0]
        return [f"{head} {_VALUE_WORD[k]}" for k in (rank + 2, rank + 1, rank + 3, rank + 4)
                if k in _VALUE_WORD]
    if m is None:
        return []
    n = float(m.group().replace(",", ""))
    if span.sort == "position":
        qualifier = "at most" if span.qualifier == "at most" else ""
        # Chart places stay on the chart ("No. 122" of a top 100 is no answer at all).
        steps = [s for s in ([n + 2, n + 1, n + 4, n + 3] if n <= 2 else _steps(n, qualifier))
                 if 1 <= s <= 100]
    else:
        steps = _steps(n, span.qualifier, span.kind == "year")
    if span.sort == "percent":
        steps = [s for s in steps if s <= 100]  # never "124 percent" of a chance
    if re.match(r"\s*(?:minutes|seconds)\b", span.unit) or span.unit in ("minutes", "seconds"):
        # "1 hour and 40 minutes": under an hour; a film's 100 minutes: near it (150 and 200
        # would be no running time at all).
        steps = [s for s in steps if s < 60] if n < 60 else [
            n + d for d in ((-12, 9, 17, -7), (8, 15, 23, -9), (-8, -15, -23, 9),
                            (11, -6, -14, 19))[int(n) % 4]]
    out = []
    for s in steps:
        if s <= 0 or s == n or (span.kind == "year" and s > 2100):
            continue
        rest = text[m.end():]
        if s >= 1000 and rest.startswith(" million"):  # "1.5 billion", never "1500 million"
            number = f"{s / 1000:.1f}".removesuffix(".0")
            out.append(text[:m.start()] + number + " billion" + rest[len(" million"):])
            continue
        if span.kind != "year" and "." not in m.group():
            s = _as_round(s, n)  # 6,900 against 4,100 and 9,700, not 4,140 and 9,660
            if s <= 0 or s == n:
                continue
        out.append(text[:m.start()] + _format(s, m.group(), span.kind == "year") + rest)
    return out


_AMOUNT = re.compile(r"(?<![\w.,])(\d[\d,]*(?:\.\d+)?)(\s(?:million|billion|thousand))?"
                     r"(\s?(?:percent|per cent|%))?")


def _amount(m: re.Match[str]) -> tuple[float, bool]:
    """An amount's value ("1.4 million": 1.4e6) and whether it is a percentage."""
    return value_of(m.group()) or 0.0, bool(m.group(3))


def _same_side(span: Span, sentence: str, candidates: list[str]) -> list[str]:
    """Wrong numbers on the answer's side of every other amount of its sort in the sentence:
    "rose to ___ from 83 percent" (a rise: all above 83), "1.4 million, below ___'s forecast
    of ..." — so no choice is ruled out by the sentence itself."""
    own = _AMOUNT.search(span.text)  # "$336,000": its digits
    if own is None:
        return candidates
    value, percent = _amount(own)
    others = []
    for m in _AMOUNT.finditer(sentence):
        if span.start <= m.start() < span.end or re.fullmatch(r"(?:19|20)\d\d", m.group()):
            continue  # the answer itself; a year
        other, other_percent = _amount(m)
        if other_percent == percent and other != value and 0.1 <= value / max(other, 1e-9) <= 10:
            others.append(other)
    if not others:
        return candidates
    kept = []
    for c in candidates:
        found = _AMOUNT.search(c)
        if found is None:
            continue
        v, _ = _amount(found)
        if all((v > o) == (value > o) for o in others):
            kept.append(c)
    if len(kept) < 3 and len(others) == 1 and own.group(2) is None:
        # Few left ("rose to ___ from 83 percent"): amounts between the other and beyond the
        # answer, written as the answer is ("87 percent", "95 percent").
        other = others[0]
        gap = value - other
        decimals = len(own.group(1).split(".")[1]) if "." in own.group(1) else 0
        for f in (0.5, 1.5, 0.25, 1.75):
            v = round(other + gap * f, decimals)
            if v <= 0 or v == value or (percent and v > 100):
                continue
            number = f"{v:,.{decimals}f}" if "," in own.group(1) or v >= 10_000 else \
                f"{v:.{decimals}f}"
            c = span.text[:own.start(1)] + number + span.text[own.end(1):]
            if c not in kept and c != span.text:
                kept.append(c)
    return kept


_THE_COUNTRIES = frozenset({"United States", "United Kingdom", "Philippines", "Netherlands",
                            "United Arab Emirates", "Czech Republic", "Dominican Republic",
                            "Bahamas", "Maldives", "Gambia", "US", "UK"})
_MONTH_AT = {m.rstrip("."): i for names in (MONTHS, MONTH_ABBREVIATIONS)
             for i, m in enumerate(names)} | {"Sep": 8, "Sept": 8}
_DAY = re.compile(rf"\b({'|'.join(sorted(_MONTH_AT, key=len, reverse=True))})\.?\s(\d{{1,2}})\b")


def _when(text: str) -> int | None:
    m = _DAY.search(text)
    return None if m is None else _MONTH_AT[m.group(1)] * 32 + int(m.group(2))


def _same_order(span: Span, sentence: str, candidates: list[str]) -> list[str]:
    """Wrong dates on the answer's side of the sentence's other dates ("continues on ___ and
    ends on Dec. 20": before Dec. 20), so the sentence itself rules none out."""
    own = _when(span.text)
    if own is None:
        return candidates
    rest = sentence[:span.start] + " " + sentence[span.end:]
    others = [w for m in _DAY.finditer(rest) if (w := _when(m.group())) is not None and w != own]
    return [c for c in candidates if (w := _when(c)) is None or
            all((w > o) == (own > o) for o in others)]


def _clash(a: str, b: str) -> bool:
    """True when two answers are the same or one is part of the other ("Kang", "Maggie Kang")."""
    na, nb = normalise(a), normalise(b)
    if not na or not nb:
        return True
    return na == nb or f" {na} " in f" {nb} " or f" {nb} " in f" {na} "


def choose(span: Span, sentence: str, same_kind: list[str], elsewhere: list[str],
           want: int = 3) -> list[str]:
    """Up to `want` wrong answers for `span`: none in its own sentence, none like the answer."""
    if span.kind in ("number", "year", "ordinal") or span.sort in (
            "quantity", "month", "date", "day", "status", "role", "period"):
        candidates = changed(span)
    elif span.kind == "phrase":
        candidates = []  # reasons, awards: no wrong answer can be made up safely
    else:
        candidates = [*same_kind, *elsewhere]
    # "___ of the 26 students": a part never more than the whole.
    whole = re.match(r"\s(?:[a-z-]+\s){0,2}?of\s(?:the\s|its\s|their\s|all\s)?(\d[\d,]*)\b",
                     sentence[span.end:])
    if whole and span.kind == "number":
        most = float(whole.group(1).replace(",", ""))
        candidates = [c for c in candidates if (m := _DIGITS.search(c)) is None or
                      float(m.group().replace(",", "")) < most]
    part = re.search(r"\b(\d[\d,]*)\sof\s(?:the\s|its\s|their\s|all\s)?$", sentence[:span.start])
    if part and span.kind == "number":  # "23 of the ___ students": the whole is more
        least = float(part.group(1).replace(",", ""))
        candidates = [c for c in candidates if (m := _DIGITS.search(c)) is None or
                      float(m.group().replace(",", "")) > least]
    if span.kind == "number" and span.value is not None:
        candidates = _same_side(span, sentence, candidates)
    if span.sort == "date":
        candidates = _same_order(span, sentence, candidates)
    if span.kind == "place":
        # "followed by the ___": only a name that takes "the" fits there, and only there.
        the = bool(re.search(r"\b[Tt]he\s$", sentence[:span.start]))
        if the and span.text in _THE_COUNTRIES:
            candidates = [c for c in candidates if c in _THE_COUNTRIES]
        elif not the:
            candidates = [c for c in candidates if c not in _THE_COUNTRIES]
    chosen: list[str] = []
    lowered = normalise(re.sub(r"['’]s\b", "", sentence))  # "Zoey's by Rei Ami": Zoey
    first = span.text.split()[0]
    # The sentence around the answer ("Sony" of "Sony shares"; not the answer's own words).
    rest = normalise(re.sub(r"['’]s\b", "", sentence[:span.start] + " " + sentence[span.end:]))
    for c in candidates:
        if _clash(c, span.text) or any(_clash(c, d) for d in chosen):
            continue
        if span.kind == "organisation" and " " in span.text and c.split()[0] == first:
            continue  # "Sony Pictures Imageworks" for "Sony Pictures Animation": may be true too
        if f" {normalise(c)} " in f" {lowered} ":
            continue  # the sentence says it too: it may well be true in this slot
        if within(c, span.text):
            continue  # "Hollywood" where "Los Angeles" is right: true as well
        if span.kind == "person" and " " in c and f" {normalise(c.split()[-1])} " in f" {lowered} ":
            continue  # "Cho's castmates include Arden Cho as Mira": the sentence's own person
        if span.sort == "name" and any(f" {normalise(w)} " in f" {rest} " for w in c.split()
                                       if w[:1].isupper() and len(w) > 2 and
                                       w.lower() not in COMMON):
            continue  # "Analysts at ___ raised their price for Sony shares": not Sony Group
        chosen.append(c)
        if len(chosen) == want:
            break
    return chosen
