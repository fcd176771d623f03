"""Comparing answers the way a person would: case, punctuation and "8" vs "eight" don't matter."""

from __future__ import annotations

import re
import unicodedata

_UNITS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_WORD_VALUES: dict[str, int] = {w: i for i, w in enumerate(_UNITS)}
_WORD_VALUES.update({w: i * 10 for i, w in enumerate(_TENS) if w})
_WORD_VALUES.update(_ORDINALS)

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "‐": "-", "–": "-", "—": "-"})
_PUNCT = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")
_NUMBER_TOKEN = re.compile(r"^\d+(?:st|nd|rd|th)?$")


def _words_to_digits(tokens: list[str]) -> list[str]:
    """Turn runs like ["twenty", "one"] into ["21"] and "1st" into "1"."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in _WORD_VALUES:
            value = _WORD_VALUES[tok]
            if value >= 20 and value % 10 == 0 and i + 1 < len(tokens):
                nxt = _WORD_VALUES.get(tokens[i + 1])
                if nxt is not None and 0 < nxt < 10:
                    value += nxt
                    i += 1
            out.append(str(value))
        elif _NUMBER_TOKEN.match(tok):
            digits = re.sub(r"\D", "", tok)
            # int() refuses more than 4,300 digits; so long a number only needs its zeros gone.
            out.append(str(int(digits)) if len(digits) <= 100 else digits.lstrip("0") or "0")
        else:
            out.append(tok)
        i += 1
    return out


def normalise(text: str) -> str:
    """Lower-case, punctuation-free, number-word-free form of an answer, for comparisons."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold()
    text = text.replace("&", " and ")
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)  # 240,000 -> 240000
    text = text.replace("'", "")
    text = _PUNCT.sub(" ", text)
    tokens = _SPACE.sub(" ", text).strip().split(" ")
    tokens = _words_to_digits([t for t in tokens if t])
    # "No. 8" and "number 8" mean "8"; a leading article doesn't change an answer.
    if len(tokens) >= 2 and tokens[0] in {"no", "number"} and tokens[1].isdigit():
        tokens = tokens[1:]
    if len(tokens) >= 2 and tokens[0] in {"the", "a", "an"}:
        tokens = tokens[1:]
    return " ".join(tokens)


def parse_number(text: str) -> float | None:
    """The value of a typed number: "8", "eight", "No. 8", "240 million", "240,000,000"."""
    tokens = normalise(text).split(" ")
    value: float | None = None
    for tok in tokens:
        if value is None:
            try:
                value = float(tok)
            except ValueError:
                continue
        elif tok in _SCALES:
            value *= _SCALES[tok]
        elif tok:
            break
    return value


def answers_match(given: str, correct: str, accepted: list[str] | None = None) -> bool:
    """True when a typed answer means the same as the correct one (or an accepted spelling)."""
    target = normalise(given)
    if not target:
        return False
    candidates = [correct, *(accepted or [])]
    squeezed = target.replace(" ", "")  # "huntrx" for "Huntr/x", "sodapop" for "Soda Pop"
    if any(squeezed == normalise(c).replace(" ", "") for c in candidates):
        return True
    given_value = parse_number(given)
    if given_value is None:
        return False
    for c in candidates:
        value = parse_number(c)
        if value is None:
            continue
        if given_value == value:
            return True
        # "240" for "240 million": the number as the question counts it.
        lead = parse_number(normalise(c).split(" ")[0])
        scaled = any(w in _SCALES for w in normalise(given).split(" "))
        if not scaled and lead is not None and given_value == lead:
            return True
    return False


def contains_phrase(haystack: str, needle: str) -> bool:
    """Whether `needle` occurs in `haystack` as whole words, after normalising both."""
    n = normalise(needle)
    if not n:
        return False
    return f" {n} " in f" {normalise(haystack)} "


def whole_word_pattern(phrase: str) -> re.Pattern[str]:
    """A regex finding `phrase` literally, not inside a longer word or number."""
    return re.compile(rf"(?<![\w]){re.escape(phrase)}(?![\w])")
