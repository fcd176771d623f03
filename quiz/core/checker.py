"""The question checker: one place that knows what makes a question flawed.

Every question passes it whatever its origin: the generator, the importers, the editor and the
article drafter call the same two functions. `flaws(q)` judges one question on its own (and
against its cited quotes); `bank_flaws(items)` judges questions against each other (the same
stem twice, two facts making the same claim, one sentence blanked again and again).

A flaw has a rule name, a severity and the field it concerns. An *error* is refused (an import
or an edit that brings one changes nothing); a *warning* is shown (in the editor, by `quiz
check`) and left to a person. `rules.problems` keeps the structural checks (empty fields, caps,
True/False); the checker adds what a fact checker or a player would object to.

What a rule reads off a cited quote (its amounts, runs and vague amounts; where the answers
stand in it) is kept per quote, in bounded caches: a bank cites the same few hundred
sentences again and again, and an import checks a million questions (`clear_caches` empties
them; the findings are the same either way).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from quiz.core.rules import Draft, Problem
from quiz.core.text import answer_key, contains_phrase, normalise, parse_number

ERROR, WARNING = "error", "warning"
MAX_BLANKS = 2  # fill-in-the-blank questions on one sentence before the bank repeats itself


Flaw = Problem  # a checker's finding is a Problem with its rule and severity set


@dataclass(frozen=True)
class Rule:
    """A rule of the checker, for the README and `quiz check --rules`."""

    name: str
    severity: str
    summary: str


RULES = {r.name: r for r in (
    Rule("answer-among-wrong", ERROR, "a wrong answer is the answer once the matcher has "
         "normalised both (case, punctuation, spaces, number words)"),
    Rule("gives-answer-away", ERROR, "the stem contains the answer"),
    Rule("false-statement-true", ERROR, "a true/false statement keyed False that the cited "
         "quote still supports (a bound after over / more than / at least / under / fewer "
         "than / up to / nearly; a vaguer amount such as \"hundreds\" for \"tens of "
         "thousands\")"),
    Rule("wrong-answer-also-true", ERROR, "a wrong answer the cited quote states in the same "
         "slot as the answer (a sibling in the same list)"),
    Rule("unresolvable-reference", WARNING, "player-facing text points at something no player "
         "can resolve: \"the second article\", \"this article\", \"the article on ...\""),
    Rule("unanchored-time-claim", WARNING, "a present-tense claim that is only true for a "
         "while (chart runs, \"currently\", \"now\", records) without \"according to ...\" "
         "or another anchor"),
    Rule("unnamed-place", WARNING, "\"locally\" or \"local\" without saying where"),
    Rule("blank-in-fragment", WARNING, "a fill-in-the-blank text that is not a whole "
         "sentence, or starts or ends inside a quotation"),
    Rule("unresolved-pronoun", WARNING, "a claim (a blank's text, a quoted sentence, a "
         "statement) that starts with it / they / he / she, pointing at a sentence the "
         "player cannot see"),
    Rule("stem-form", WARNING, "the stem's form does not fit its options (\"Why ...?\" with "
         "noun phrases, \"How many ...?\" with no numbers)"),
    Rule("same-stem", WARNING, "two questions ask with the same stem"),
    Rule("same-claim", WARNING, "two facts make the same claim (each question's text holds "
         "the other's answer, from the same sentence)"),
    Rule("sentence-blanked-again", WARNING, "the same sentence is blanked by more than two "
         "fill-in-the-blank questions"),
)}


def _flaw(rule: str, field: str, message: str) -> Flaw:
    return Flaw(field, message, rule, RULES[rule].severity)


# --- one question ------------------------------------------------------------------------

_REFERENCE = re.compile(
    r"\b(?:the|this|that)\s+(?:(?:first|second|third|other|former|latter|same|above|previous|"
    r"earlier|later|next|last)\s+)(?:article|report|story|piece|source)\b"
    r"|\bthis\s+(?:article|report|story|piece)\b"
    r"|\bthe\s+(?:article|report|story|piece)\s+(?:on|about)\b", re.IGNORECASE)
_QUOTED = re.compile(r"“.*”", re.DOTALL)  # first to last: quotations nest in quotations
_PLACE = re.compile(r"\blocal(?:ly)?\b", re.IGNORECASE)
_TIME_BOUND = re.compile(
    r"\b(?:currently|right now|now|to date|so far|this (?:past )?(?:week|weekend|month|year)|"
    r"(?:successive|consecutive|straight)\s+weeks?|weeks? running|has (?:retained|stayed|"
    r"remained|held|spent)|is (?:still|holding)|remains|holds? (?:the )?(?:top|No\.)|"
    r"all-time|record|(?:is|are) (?:the )?(?:number|No\.) \w+|(?:is|are)\b[^.?]*\btop (?:10|ten))\b",
    re.IGNORECASE)
_ANCHOR = re.compile(
    r"\b(?:according to|per|as of|at the time|by the time|when|in (?:mid-|early |late )?"
    r"(?:19|20)\d\d|says?|said|reported|reports|told|claims?)\b", re.IGNORECASE)
_BLANK = "_____"
# Subject pronouns: a possessive after "According to ARIA, its ..." points at ARIA, and "this
# past weekend" or "this success" carries its noun.
_PRONOUN = re.compile(r"(?:it|they|he|she)\b(?!['’]s)", re.IGNORECASE)
_QUOTED_TEXT = re.compile(r"“([^”]*)”")
_OPENING_QUOTES = "“‘"
_CLOSING_QUOTES = "”’"

# Bounds: (words, direction). "over 240 million" claims at least that; "under 5" at most.
_LOWER = r"over|more than|at least|above|upwards of|in excess of|greater than|no fewer than"
_UPPER = r"under|fewer than|less than|up to|at most|below|nearly|almost|no more than"
_AMOUNT = (r"(?P<bound>" + _LOWER + "|" + _UPPER + r")?\s*\$?(?P<num>\d[\d,]*(?:\.\d+)?|"
           r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
           r"forty|fifty|hundred))\s*(?P<scale>thousand|million|billion|[kmb]n?\b)?")
_AMOUNTS = re.compile(r"(?<![\w.])" + _AMOUNT, re.IGNORECASE)
_ORDINAL_WORDS = ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                  "eighth", "ninth", "tenth", "eleventh", "twelfth")
_RUN = re.compile(r"\b(" + "|".join(_ORDINAL_WORDS[1:]) + r")\s+(?:\S+\s+){0,2}?"
                  r"(week|month|year|day|time|season)s?\b", re.IGNORECASE)
_LOWER_WORDS = frozenset(_LOWER.split("|"))
# Vague amounts, smallest first: a statement that names a smaller one than its quote still
# holds ("hundreds of fans" when there were tens of thousands).
_VAGUE = ("a handful", "dozens", "hundreds", "thousands", "tens of thousands",
          "hundreds of thousands", "millions", "tens of millions", "hundreds of millions",
          "billions")
_VAGUE_RE = re.compile(r"\b(" + "|".join(sorted((re.escape(v) for v in _VAGUE), key=len,
                                                reverse=True)) + r")\b", re.IGNORECASE)


def flaws(q: Draft, warnings: bool = True) -> list[Flaw]:
    """Every checker rule `q` breaks on its own: errors, and warnings unless told not to (an
    import refuses errors only). `rules.problems` checks the structure; the checker assumes
    a stem and an answer are there."""
    out: list[Flaw] = []
    stem, answer = q.question, q.correct_answer
    quotes = [quote for _article, quote in q.sources]
    if q.type != "boolean" and q.incorrect_answers:
        out += _among_wrong(answer, tuple(q.incorrect_answers), tuple(q.accepted_answers))
    if q.type == "boolean" and answer == "False":
        out += _false_but_true(stem, quotes)
    if q.type == "multiple":
        out += _also_true(q, quotes)
    if not warnings:
        return out
    if q.type == "multiple":
        out += _stem_form(q)
    for name, text in (("question", stem), ("explanation", q.explanation)):
        # Inside a quotation it is the article's own word ("at the time of this article"),
        # which the stem's "According to ..." resolves.
        m = _REFERENCE.search(_QUOTED.sub("", text))
        if m:
            out.append(_flaw("unresolvable-reference", name,
                             f"says {m.group(0)!r}: name the publication or the source"))
    if _PLACE.search(stem):
        out.append(_flaw("unnamed-place", "question",
                         "says \"locally\" or \"local\": name the place"))
    if q.type != "cloze":
        claim = stem.split(_BLANK)[0] if q.type == "numeric" else stem
        m = _TIME_BOUND.search(claim)
        if m and not _ANCHOR.search(claim):
            out.append(_flaw("unanchored-time-claim", "question",
                             f"{m.group(0)!r} is only true for a while: anchor it "
                             f"(\"according to ...\", \"at the time of ...\")"))
    pronoun = _opening_pronoun(stem)
    if pronoun:
        out.append(_flaw("unresolved-pronoun", "question",
                         f"starts its claim with {pronoun!r}, which points at a sentence the "
                         f"player cannot see: name what it is"))
    if q.type == "cloze":
        problem = fragment(stem)
        if problem:
            out.append(_flaw("blank-in-fragment", "question", problem))
    return out


@functools.lru_cache(maxsize=4096)
def _among_wrong(answer: str, wrongs: tuple[str, ...], accepted: tuple[str, ...]
                 ) -> tuple[Flaw, ...]:
    """The wrong answers the matcher takes for the answer or an accepted one (a bank repeats
    the same answers under many stems)."""
    key = answer_key(answer)
    if not key:
        return ()
    out = []
    for i, wrong in enumerate(wrongs, 1):
        wrong_key = answer_key(wrong)
        same = answer if wrong_key == key else next(
            (a for a in accepted if a.strip() and answer_key(a) == wrong_key), None)
        if same is not None:
            what = "correct" if same == answer else "accepted"
            out.append(_flaw("answer-among-wrong", f"incorrect_answers[{i}]",
                             f"is the same as the {what} answer {same!r} once normalised"))
    return tuple(out)


def fragment(stem: str) -> str:
    """Why the blanked text of `stem` does not read as a sentence ("" when it does)."""
    text = stem.split(":", 1)[1].strip() if stem.lower().startswith(("fill in", "type")) \
        and ":" in stem else stem.strip()
    if not text:
        return "the text around the blank is empty"
    first = text.lstrip(_OPENING_QUOTES + "\"'(")
    if not first or not (first[0].isupper() or first[0].isdigit() or first.startswith(_BLANK)):
        return "starts in the middle of a sentence"
    if not text.rstrip(_CLOSING_QUOTES + "\"')").endswith((".", "!", "?")):
        return "does not end like a sentence"
    if text.count('"') % 2 or text.count("“") != text.count("”"):
        return "starts or ends inside a quotation"
    return ""


def _opening_pronoun(stem: str) -> str:
    """The pronoun a stem's claim starts with ("It debuted ...", "According to X, they ..."),
    in a blank's text, a quoted sentence or a statement; "" when there is none."""
    claims = [stem.split(":", 1)[1] if stem.lower().startswith(("fill in", "type")) and ":" in
              stem else stem]
    claims += _QUOTED_TEXT.findall(stem)
    for claim in claims:
        claim = re.sub(r"^\s*(?:true or false\?\s*)?(?:according to [^,]+,|per [^,]+,)?\s*",
                       "", claim.strip(), flags=re.IGNORECASE).lstrip(_OPENING_QUOTES + "\"'(")
        m = _PRONOUN.match(claim)
        if m:
            return m.group(0)
    return ""


def _amounts(text: str) -> list[tuple[str, float]]:
    """Each amount in `text` with its bound ("lower", "upper" or "")."""
    out = []
    for m in _AMOUNTS.finditer(text):
        value = parse_number(f"{m.group('num')} {m.group('scale') or ''}")
        if value is None:
            continue
        bound = (m.group("bound") or "").lower()
        bound = bound and re.sub(r"\s+", " ", bound)
        out.append(("lower" if bound in _LOWER_WORDS else "upper" if bound else "", value))
    return out


class _Claims(NamedTuple):
    """What `_false_but_true` reads off one quote."""

    amounts: tuple[tuple[str, float], ...]  # each amount with its bound
    runs: tuple[int, ...]  # the ordinals of runs ("a sixth week": 6)
    vague: tuple[str, ...]  # vague amounts ("tens of thousands"), lower-cased


@functools.lru_cache(maxsize=4096)
def _claims(quote: str) -> _Claims:
    return _Claims(tuple(_amounts(quote)),
                   tuple(_ORDINAL_WORDS.index(m.group(1).lower()) for m in _RUN.finditer(quote)),
                   tuple(m.group(1).lower() for m in _VAGUE_RE.finditer(quote)))


# Any amount with a bound holds one of these words: a statement without them has none.
_BOUND_WORDS = re.compile(_LOWER + "|" + _UPPER, re.IGNORECASE)


def _false_but_true(statement: str, quotes: Sequence[str]) -> list[Flaw]:
    """A statement keyed False that its quotes still support."""
    claims = [_claims(quote) for quote in quotes]
    said = [a for c in claims for a in c.amounts]
    for bound, value in _amounts(statement) if said and _BOUND_WORDS.search(statement) else ():
        if not bound:
            continue
        for qbound, actual in said:
            # Amounts of one order of magnitude are about the same thing ("20 million").
            if actual <= 0 or not 0.1 <= value / actual <= 10 or value == actual:
                continue
            if (bound == "lower" and actual > value) or (bound == "upper" and actual < value):
                word = "over" if bound == "lower" else "under"
                return [_flaw("false-statement-true", "question",
                              f"keyed False, but the quote's {actual:,.0f} is {word} "
                              f"{value:,.0f}: the statement still holds")]
            if bound == qbound:  # "more than 280" where the quote says "more than 236"
                return [_flaw("false-statement-true", "question",
                              f"keyed False, but the quote's bound ({actual:,.0f}) does not "
                              f"rule {value:,.0f} out")]
    # A run counted by ordinals: a sixth week at No. 1 means there was a fifth one.
    runs = [r for c in claims for r in c.runs]
    for m in _RUN.finditer(statement) if runs else ():
        if _ORDINAL_WORDS.index(m.group(1).lower()) < max(runs):
            return [_flaw("false-statement-true", "question",
                          f"keyed False, but a {m.group(1)} {m.group(2)} came before the "
                          f"quote's {_ORDINAL_WORDS[max(runs)]}: the statement still holds")]
    stated = [v for c in claims for v in c.vague]
    claimed = [m.group(1).lower() for m in _VAGUE_RE.finditer(statement)] if stated else []
    for c in claimed:
        if any(_VAGUE.index(c) < _VAGUE.index(s) for s in stated) and c not in stated:
            return [_flaw("false-statement-true", "question",
                          f"keyed False, but {c!r} still holds where the quote says "
                          f"{stated[-1]!r}")]
    return []


_SEPARATORS = re.compile(r"^(?:\s|,|;|/|&|\band\b|\bor\b|\bas well as\b)*$", re.IGNORECASE)
_PARENS = re.compile(r"\([^()]*\)")


def _also_true(q: Draft, quotes: Sequence[str]) -> list[Flaw]:
    """Wrong answers listed beside the answer in a cited quote (and not excluded by the stem)."""
    out: list[Flaw] = []
    wrongs = tuple(q.incorrect_answers)
    for quote in quotes:
        for i in _beside(quote, q.correct_answer, wrongs):
            wrong = wrongs[i - 1]
            if not contains_phrase(q.question, wrong):
                out.append(_flaw("wrong-answer-also-true", f"incorrect_answers[{i}]",
                                 f"{wrong!r} stands beside the answer in the quote: it is "
                                 f"true too"))
    return out


@functools.lru_cache(maxsize=8192)
def _beside(quote: str, answer: str, wrongs: tuple[str, ...]) -> tuple[int, ...]:
    """The places (from 1) of the wrong answers that `quote` lists beside `answer`."""
    where = _find(quote, answer)
    if where is None:
        return ()
    out = []
    for i, wrong in enumerate(wrongs, 1):
        other = _find(quote, wrong)
        if other is None:
            continue
        lo, hi = sorted((where, other))
        between = _PARENS.sub("", quote[lo[1]:hi[0]])
        if _SEPARATORS.match(between):
            out.append(i)
    return tuple(out)


def _find(text: str, phrase: str) -> tuple[int, int] | None:
    """Where `phrase` stands in `text` as whole words, case aside."""
    if phrase.isascii():
        lowered = _lowered(text)
        if lowered is not None and phrase.lower() not in lowered:
            return None  # it cannot match: no pattern compiled (most answers are elsewhere)
    m = _phrase_pattern(phrase).search(text)
    return None if m is None else (m.start(), m.end())


# The only characters outside ASCII that re's IGNORECASE takes for an ASCII letter (İ ı ſ K).
_ASCII_LOOKALIKES = re.compile("[\u0130\u0131\u017f\u212a]")


@functools.lru_cache(maxsize=4096)
def _lowered(text: str) -> str | None:
    """`text` lower-cased, where an ASCII phrase can only match it if its lower-cased form is
    found in it (None where a look-alike of an ASCII letter stands in it)."""
    return None if _ASCII_LOOKALIKES.search(text) else text.lower()


@functools.lru_cache(maxsize=4096)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)", re.IGNORECASE)


_NOUNY = re.compile(r"^(?:a|an|the|its|their|his|her)\b", re.IGNORECASE)


def _stem_form(q: Draft) -> list[Flaw]:
    options = [q.correct_answer, *q.incorrect_answers]
    stem = q.question.strip()
    if re.match(r"why\b", stem, re.IGNORECASE) and sum(
            bool(_NOUNY.match(o)) or len(o.split()) <= 3 for o in options) > len(options) // 2:
        return [_flaw("stem-form", "question", "asks \"Why ...?\" but the options are noun "
                                               "phrases: ask \"What reason ...?\" or give "
                                               "reasons as options")]
    if re.match(r"how many\b", stem, re.IGNORECASE) and not all(
            parse_number(o) is not None or normalise(o) in _VAGUE_NORMAL for o in options):
        return [_flaw("stem-form", "question", "asks \"How many ...?\" but not every option "
                                               "is an amount")]
    return []


_VAGUE_NORMAL = frozenset(normalise(v) for v in (*_VAGUE, "a few thousand"))


def clear_caches() -> None:
    """Forget what was read off quotes and answers (the findings do not change)."""
    for cached in (_among_wrong, _claims, _beside, _phrase_pattern, _lowered):
        cached.cache_clear()


# --- the bank ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Checked:
    """What the bank rules look at in a question."""

    id: str
    fact: str | None
    draft: Draft


def bank_flaws(items: Iterable[Checked]) -> dict[str, list[Flaw]]:
    """Flaws between questions, by question id: the same stem twice, facts with the same
    claim, a sentence blanked more than once."""
    out: dict[str, list[Flaw]] = {}
    stems: dict[str, str] = {}
    blanked: dict[str, list[str]] = {}
    by_quote: dict[str, list[Checked]] = {}
    for c in items:
        stem = _bare_stem(c.draft.question)
        if stem in stems:
            out.setdefault(c.id, []).append(_flaw(
                "same-stem", "question", f"the same stem as {stems[stem]}"))
        else:
            stems[stem] = c.id
        if c.draft.type == "cloze":
            sentence = normalise(c.draft.question.replace(_BLANK, " "))
            # One blank apart: the same sentence whatever was blanked.
            text = c.draft.sources[0][1] if c.draft.sources else sentence
            before = blanked.setdefault(text, [])
            if len(before) >= MAX_BLANKS:
                out.setdefault(c.id, []).append(_flaw(
                    "sentence-blanked-again", "question",
                    f"blanks the same sentence as {', '.join(before)}"))
            before.append(c.id)
        # A blank's stem is its whole sentence, holding every answer of it: not a claim (nor
        # a stem that quotes the sentence with a blank in it, as drafts ask).
        if c.fact and c.draft.type in ("multiple", "numeric", "text") and \
                _BLANK not in c.draft.question:
            for _a, quote in c.draft.sources[:1]:
                by_quote.setdefault(quote, []).append(c)
    for group in by_quote.values():
        facts: dict[str, Checked] = {}
        for c in group:
            facts.setdefault(c.fact or "", c)
        listed = list(facts.values())
        for i, a in enumerate(listed):
            for b in listed[i + 1:]:
                if _same_claim(a.draft, b.draft):
                    out.setdefault(b.id, []).append(_flaw(
                        "same-claim", "question", f"fact {b.fact!r} makes the same claim as "
                                                  f"fact {a.fact!r} ({a.id})"))
    return out


def _bare_stem(stem: str) -> str:
    for prefix in ("true or false?", "type the number:", "fill in the blank:"):
        if stem.lower().startswith(prefix):
            stem = stem[len(prefix):]
    return normalise(stem)


def _same_claim(a: Draft, b: Draft) -> bool:
    """Each question names the other's answer: they ask about one claim from two sides."""
    return (contains_phrase(a.question, b.correct_answer)
            and contains_phrase(b.question, a.correct_answer))
