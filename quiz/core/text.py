"""Comparing answers the way a person would: case, punctuation and "8" vs "eight" don't matter."""

from __future__ import annotations

import functools
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
_NUMBER_WORDS = frozenset(_WORD_VALUES)
_WORD_DIGITS = {w: str(v) for w, v in _WORD_VALUES.items()}
_TENS_WORDS = frozenset(w for w in _TENS if w)

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "‐": "-", "–": "-", "—": "-"})
_PUNCT = re.compile(r"[^\w\s]")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3})")
_DIGIT = re.compile(r"\d")
_NUMBER_TOKEN = re.compile(r"^\d+(?:st|nd|rd|th)?$")
_NON_DIGITS = re.compile(r"\D")
# For ASCII text, casefold() and _PUNCT's spaces in one bytes.translate (apostrophes deleted).
_ASCII = bytes.maketrans(bytes(range(128)), "".join(
    " " if _PUNCT.match(c) else c.casefold() for c in map(chr, range(128))).encode())


def _words_to_digits(tokens: list[str]) -> list[str]:
    """Turn runs like ["twenty", "one"] into ["21"] and "1st" into "1"."""
    if _TENS_WORDS.isdisjoint(tokens):  # no "twenty one": every token stands alone
        return [_WORD_DIGITS.get(t) or (_number(t) if t[0].isdecimal() else t) for t in tokens]
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
        else:
            out.append(_number(tok))
        i += 1
    return out


def _number(tok: str) -> str:
    """ "007" as "7", "1st" as "1"; any other token as it is."""
    if tok.isdecimal():
        if tok.isascii() and tok[0] != "0":  # already as int() would write it
            return tok
        digits = tok
    elif not _NUMBER_TOKEN.match(tok):
        return tok
    else:
        digits = _NON_DIGITS.sub("", tok)
    # int() refuses more than 4,300 digits; so long a number only needs its zeros gone.
    return str(int(digits)) if len(digits) <= 100 else digits.lstrip("0") or "0"


def normalise(text: str) -> str:
    """Lower-case, punctuation-free, number-word-free form of an answer, for comparisons.

    Short texts are cached: an import or an editor checks the same answers again and again.
    """
    if len(text) > CACHED_LENGTH:
        return _normalise(text)
    found = _CACHE.get(text)
    if found is None:
        if len(_CACHE) >= CACHE_SIZE:
            # Emptied, not trimmed to the least recently used: an import of a million
            # questions misses for most of its answers, and an LRU's upkeep cost it 5%.
            _CACHE.clear()
        found = _CACHE[text] = _normalise(text)
    return found


CACHED_LENGTH = 300  # a long stem is seldom seen twice, and would hold memory for nothing
CACHE_SIZE = 1 << 14
_CACHE: dict[str, str] = {}


def _normalise(text: str) -> str:
    if text.isascii():  # NFKC and the curly quotes leave it as it is; case goes with _ASCII
        if "&" in text:
            text = text.replace("&", " and ")
        if "," in text:
            text = _THOUSANDS.sub("", text)  # 240,000 -> 240000
        text = text.encode().translate(_ASCII, b"'").decode()
        # Letters and spaces alone hold no digit for _words_to_digits (number words: below).
        numbers = not text.replace(" ", "").isalpha()
    else:
        text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold()
        if "&" in text:
            text = text.replace("&", " and ")
        if "," in text:
            text = _THOUSANDS.sub("", text)
        text = _PUNCT.sub(" ", text.replace("'", ""))
        numbers = _DIGIT.search(text) is not None
    tokens = text.split()  # the same whitespace as the regex \s
    if numbers or not _NUMBER_WORDS.isdisjoint(tokens):
        tokens = _words_to_digits(tokens)
    # "No. 8" and "number 8" mean "8"; a leading article doesn't change an answer.
    if len(tokens) >= 2 and tokens[0] in {"no", "number"} and tokens[1].isdigit():
        tokens = tokens[1:]
    if len(tokens) >= 2 and tokens[0] in {"the", "a", "an"}:
        tokens = tokens[1:]
    return " ".join(tokens)


def answer_key(text: str) -> str:
    """What the matcher compares: `normalise` without spaces ("huntrx" for "Huntr/x")."""
    return normalise(text).replace(" ", "")


_SUFFIXED = re.compile(r"^(\d+(?:\.\d+)?)(k|m|mn|b|bn)$")
_SUFFIXES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "b": 1_000_000_000,
             "bn": 1_000_000_000}


def parse_number(text: str) -> float | None:
    """The value of a typed number: "8", "eight", "No. 8", "240 million", "240,000,000",
    "20M", "$20m", "1.5bn"."""
    tokens = normalise(text).split(" ")
    value: float | None = None
    for tok in tokens:
        if value is None:
            try:
                value = float(tok)
            except ValueError:
                suffixed = _SUFFIXED.match(tok)
                if suffixed:
                    value = float(suffixed.group(1)) * _SUFFIXES[suffixed.group(2)]
                continue
        elif tok in _SCALES:
            value *= _SCALES[tok]
        elif tok:
            break
    return value


_MONTH_SHORT = {"jan": "january", "feb": "february", "mar": "march", "apr": "april",
                "jun": "june", "jul": "july", "aug": "august", "sep": "september",
                "sept": "september", "oct": "october", "nov": "november", "dec": "december"}
_MONTH = re.compile(r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
                    r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b")


def _months(normalised: str) -> str:
    """`normalised` with each month's short name written out ("oct 31" as "october 31")."""
    return _MONTH.sub(lambda m: _MONTH_SHORT.get(m.group(), m.group()), normalised)


def answers_match(given: str, correct: str, accepted: list[str] | None = None) -> bool:
    """True when a typed answer means the same as the correct one (or an accepted spelling).

    A date matches only with its own month ("Oct. 31" and "October 31", never "Dec. 31")."""
    target = normalise(given)
    if not target:
        return False
    candidates = [correct, *(accepted or [])]
    squeezed = _months(target).replace(" ", "")  # "huntrx" for "Huntr/x", "sodapop" for "Soda Pop"
    if any(squeezed == _months(normalise(c)).replace(" ", "") for c in candidates):
        return True
    given_value = parse_number(given)
    if given_value is None:
        return False
    given_month = _MONTH.findall(_months(target))
    for c in candidates:
        value = parse_number(c)
        if value is None:
            continue
        if _MONTH.findall(_months(normalise(c))) != given_month:
            continue  # "Dec. 31" is no answer for "Oct. 31", whatever its day
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
    return contains_normalised(haystack, normalise(needle))


def contains_normalised(haystack: str, n: str) -> bool:
    """contains_phrase for a needle already normalised (`n`)."""
    if not n:
        return False
    if haystack.isascii() and not _may_contain(haystack, n):
        return False
    return f" {n} " in f" {normalise(haystack)} "


def _may_contain(haystack: str, n: str) -> bool:
    """False when ASCII `haystack` cannot hold normalised phrase `n`, for far less than
    normalising it (most stems of an import don't give their answer away).

    Each word of normalise(haystack) is one of: a run of the haystack's own characters,
    lower-cased, less apostrophes and thousands commas (so it is found in the haystack
    lower-cased with every apostrophe and comma taken out); "and" (for "&"); or the number
    a number word, "1st" or "007" became: two digits at most, or digits that stand in the
    haystack as they are ("7" in "007").
    """
    raw = haystack.lower()
    if "'" in raw:
        raw = raw.replace("'", "")
    if "," in raw:
        raw = raw.replace(",", "")
    for word in n.split(" "):
        if word not in raw and word != "and" and not (len(word) <= 2 and word.isdigit()):
            return False
    return True


@functools.lru_cache(maxsize=4096)
def whole_word_pattern(phrase: str) -> re.Pattern[str]:
    """A regex finding `phrase` literally, not inside a longer word or number (compiled once
    a phrase: drafting asks for thousands, more than `re`'s own cache of 512 keeps)."""
    return re.compile(rf"(?<![\w]){re.escape(phrase)}(?![\w])")
