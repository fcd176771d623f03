"""Spans of a sentence as facts: the stem, the statement, the explanation, the accepted
spellings, a category and a difficulty, worded so that a player can resolve every reference."""

from __future__ import annotations

import functools
import re
import unicodedata

from quiz.core.content import NUMERIC_KINDS, Fact, Quote
from quiz.core.draft.sentences import Sentence
from quiz.core.draft.spans import COMMON, TITLES, Span, names_a_thing
from quiz.core.generate import BLANK
from quiz.core.text import contains_phrase, whole_word_pattern

_NOUNS = {
    "person": "name", "group": "group", "organisation": "company or organisation",
    "place": "place", "chart": "chart", "song": "song", "film": "film", "platform": "service",
    "year": "year", "ordinal": "position", "number": "number",
}
_SORT_NOUNS = {"money": "amount", "percent": "percentage", "quantity": "amount",
               "month": "month", "date": "date", "day": "day", "word": "word",
               "status": "word", "award": "award", "period": "word", "role": "role", "reason": "phrase"}
_CATEGORIES = (
    ("Sequel", r"\bsequel|follow-up|green-lit\b"),
    ("Music & Charts", r"\bchart|billboard|hot 100|album|single|song|track|soundtrack|stream(?:s|ed)"
                       r"\b|spotify|aria|No\. ?\d"),
    ("Streaming & Box Office", r"\bbox office|views|most-watched|netflix|theaters|theatres|"
                               r"cinemas|screenings|revenue|income|profit|shares|\$"),
    ("Story & Characters", r"\bvoices?|plays|characters?|plot|demons?|hunters?|villain|rival"),
    ("Fans & Culture", r"\bfans?|tiktok|social media|viral|cover|dance|challenge"),
)


_CATEGORY_PATTERNS = [(name, re.compile(p, re.I)) for name, p in _CATEGORIES]


def source_name(publication: str, title: str) -> str:
    """How a player is told where a claim comes from: the publication, else the title."""
    if publication:
        return publication
    if title:
        return f"“{title}”"
    return "the article"


def category(sentence: str) -> str:
    """The bank category whose words the sentence uses first, else Behind the Scenes."""
    for name, pattern in _CATEGORY_PATTERNS:
        if pattern.search(sentence):
            return name
    return "Behind the Scenes"


def is_whole(text: str) -> bool:
    """A whole sentence: starts with a capital or an opening quote, ends on . ! or ?, and
    opens and closes its quotation marks inside."""
    if not re.match(r"[\"“‘(]?[A-Z0-9]", text) or not re.search(r"[.!?][\"”’)]?$", text):
        return False
    return text.count("“") == text.count("”") and text.count('"') % 2 == 0


# Claims true only when written ("now", "currently", records): a bare blank would state them as
# timeless, so they are asked only with "According to ...".
TIME_BOUND = re.compile(r"\b(?:now|currently|at the time|so far|to date|still|this week|this year|"
                        r"locally|record|ever|(?:announced|confirmed|released) yet)\b|"
                        r"\bthis (?:article|story|piece)\b", re.I)


_OWN_SOURCE = re.compile(r"(?:According to|Per|As reported by)\s+[A-Z]")
_ATTRIBUTED = re.compile(r"\baccording to\b|\b(?:said|says|told)\b", re.I)


_DETERMINERS = frozenset({"The", "A", "An", "This", "That", "These", "Those", "Its", "Their",
                          "His", "Her", "Our", "Some", "Many", "Most", "Each", "Every", "Both"})


def _lower_first(text: str, lower_words: frozenset[str], caps: frozenset[str]) -> str:
    """`text` to follow "According to X, ": its first word in lower case unless it is a name
    (capitalised in the middle of some sentence too)."""
    first = re.sub(r"(?:['’]s)?\W*$", "", text.split(" ", 1)[0])  # "Mira’s" is "Mira"
    second = text.split(" ", 2)[1] if text.count(" ") else ""
    if first in _DETERMINERS:
        return text[0].lower() + text[1:]  # "the Hollywood Reporter said", "the French dub"
    if re.match(r"[A-Z][\w-]*['’]s\b", text) and first.lower() not in COMMON and \
            first.lower() not in lower_words:
        return text  # "Disney's sequel": a name's own
    if first.lower() not in COMMON and second[:1].isupper():
        return text  # "Arden Cho, who ...": a name of two words
    raw = text.split(" ", 1)[0].rstrip(",.;:")
    if first in caps or raw in caps or (first.isupper() and len(first) > 1) or \
            not first[:1].isalpha() or re.search(r"[/\d]|[a-z][A-Z]", first):
        # A name (capitalised mid-sentence somewhere; "Huntr/x", "MIDiA"), an acronym, a number
        return text
    common = (first.lower() in COMMON or first.lower() in lower_words or first in TITLES
              or bool(caps) and first not in caps)
    return text[0].lower() + text[1:] if common and first[:1].isupper() else text


# A speaker's "So ...", "Well, ...": no words of a claim told by someone else.
_DISCOURSE = re.compile(r"^(?:So|And|But|Well|Yes|No|Oh|Look|Honestly|Now|Okay|OK),?\s(?=[a-zA-Z“\"])")

_FIRST_PERSON = re.compile(r"\b(?:I|I’m|I'm|I’ve|I've|we|We|my|My|our|Our|us)\b")


_WRITER = re.compile(r"\b(?:I|I’m|I'm|I’ve|I've|I’d|I'd|my|My|me)\b")
# An interview's "I" and "we": quoted as they are ("According to Kim, which year fills the
# blank? “I wrote it in ___.”"), never restated ("According to Kim, I wrote ..." is no sentence).
FIRST_PERSON = re.compile(r"\b(?:I|I’m|I'm|I’ve|I've|I’d|I'd|I’ll|I'll|my|My|me|we|We|we’re|"
                          r"We’re|we're|We're|our|Our|us)\b")


def _outside_quotes(text: str) -> str:
    """`text` without what is inside quotation marks (someone's own words)."""
    return re.sub(r"“[^”]*”|\"[^\"]*\"", " ", text)


def states_plainly(fact: Fact) -> bool:
    """Whether the sentence can be restated as "According to X, ..." for true or false: not a
    speaker's words ("I thought..."), and the answer not inside a quotation."""
    text = fact.quote.text
    at = text.find(fact.answer)
    inside = text[:at].count("“") > text[:at].count("”") or text[:at].count('"') % 2 == 1
    if at >= 0 and inside and len(fact.answer.split()) < 7 and not (
            text[at - 1:at] in "“\"" and text[at + len(fact.answer):][:1] in "”\",."):
        return False  # inside someone's words (a quoted title on its own is fine)
    return not _FIRST_PERSON.search(text)


_PLACE_SHORT = {"Los Angeles": ["LA", "L.A."], "New York": ["NY", "NYC"],
                "New York City": ["NYC", "New York"], "United States": ["US", "U.S.", "USA"],
                "the United States": ["US", "USA"], "United Kingdom": ["UK", "U.K.", "Britain"],
                "South Korea": ["Korea"], "San Francisco": ["SF"], "Washington, D.C.": ["DC"]}


@functools.lru_cache(maxsize=8)
def _full_names(article_text: str) -> dict[str, list[str]]:
    """Each word of the article's two-word names, with the names it is part of ("Kang":
    ["Maggie Kang"]); read once an article, not once a question."""
    out: dict[str, list[str]] = {}
    for m in re.finditer(r"(?=\b([A-Z][\w’'-]+) ([A-Z][\w’'-]+)\b)", article_text):
        first, last = m.group(1), m.group(2)
        name = f"{first} {last}"
        if first.lower() in COMMON or last.lower() in COMMON or first in TITLES:
            continue
        for word in (first, last):
            names = out.setdefault(word, [])
            if name not in names:
                names.append(name)
    return out


@functools.lru_cache(maxsize=8)
def _plain_words(article_text: str) -> frozenset[str]:
    """The words the article writes in lower case somewhere ("live"): no one's surname."""
    return frozenset(re.findall(r"(?<![\w-])[a-z][\w-]+", article_text))


@functools.lru_cache(maxsize=8)
def _longer_names(article_text: str) -> dict[str, list[str]]:
    """Each name of the article with the longer names it opens ("Bright Step": ["Bright Step
    Foundation"]), ending in a word that names a thing; read once an article."""
    out: dict[str, list[str]] = {}
    for m in re.finditer(r"\b((?:[A-Z][\w’'&-]*\s){1,3})([A-Z][\w’'-]*)\b", article_text):
        short, last = re.sub(r"^(?:The|A|An)\s", "", m.group(1).strip()), m.group(2)
        if short and names_a_thing(last) and short.split()[0].lower() not in COMMON:
            names = out.setdefault(short, [])
            if f"{short} {last}" not in names:
                names.append(f"{short} {last}")
    return out


def _surname(name: str) -> str:
    """The surname alone; a Korean name puts it first ("Ahn Hyo-seop", "Kim Seo-yeon")."""
    words = name.split()
    korean = len(words) == 2 and re.search(r"[-‐‑]", words[1]) and not re.search(r"[-‐‑]", words[0])
    return words[0] if korean else words[-1]


def accepted(span: Span, article_text: str = "") -> tuple[str, ...]:
    """Other spellings a typed answer may use; for a person named by one name ("Kang",
    "Maggie"), the full names the article gives them ("Maggie Kang")."""
    text = span.text
    out: list[str] = []
    if span.kind == "person" and " " not in text and article_text:
        names = [n for n in _full_names(article_text).get(text, []) if not names_a_thing(n)]
        out += names  # "Maggie Kang" for "Maggie"; and "Kang" too, the surname a player types
        out += [n.split()[-1] for n in names if n.split()[0] == text]
    if span.sort == "position":
        out.append(re.sub(r"\D", "", text))
    if span.sort == "money":
        bare = re.sub(r"^[$€£¥]\s?|\s(?:yen|dollars|euros|pounds|won)$", "", text)
        out.append(bare)  # "18 million" for "$18 million", "4,100" for "4,100 yen"
        if span.value is not None and span.value.is_integer():
            out.append(f"{int(span.value):,}")  # "18,000,000"
    if span.kind == "person" and " " in text and not names_a_thing(text) and \
            text.split()[0] not in ("Latin", "North", "South", "East", "West", "New", "Central") \
            and _surname(text).lower() not in _plain_words(article_text):
        out.append(_surname(text))  # (not "Standard" for "Gold Standard", "America" for
        # "Latin America", nor "House" for a house)
    out += _PLACE_SHORT.get(text, [])  # "LA" for "Los Angeles"
    for a, b in (("Theatre", "Theater"), ("Centre", "Center")):  # either spelling
        for x, y in ((a, b), (b, a)):
            if re.search(rf"\b{x}\b", text):
                out.append(re.sub(rf"\b{x}\b", y, text))
    if span.kind == "organisation" and len(text.split()) >= 3 and names_a_thing(text):
        out.append(text.rsplit(" ", 1)[0])  # "Wyndham & Crane" for "Wyndham & Crane Productions"
    if span.kind == "chart" and text.startswith("Billboard "):
        out.append(text.removeprefix("Billboard "))  # "Hot 100"
    if span.kind == "chart" and text in ("Hot 100", "Global 200"):
        out.append(f"Billboard {text}")
    if span.sort == "date" and (d := re.match(r"([A-Z][a-z]+\.?)\s(\d{1,2})\b", text)):
        month, day = d.groups()
        suffix = "th" if 10 <= int(day) % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(
            int(day) % 10, "th")
        out += [f"{day} {month}", f"{month} {day}{suffix}"]  # "15 March", "March 15th"
        year = re.search(r",\s(\d{4})$", text)
        if year:  # "February 7" and "7 February 2027" for "February 7, 2027"
            out += [f"{month} {day}", f"{day} {month} {year.group(1)}"]
    if re.match(r"[A-Z][\w-]+['’]s\s[A-Z]", text):
        out.append(re.split(r"['’]s\s", text, maxsplit=1)[1])  # "Mapo" for "Seoul's Mapo"
        out.append(re.sub(r"['’]s\s", " ", text, count=1))  # "Busan BEXCO"
    if span.sort == "name" and span.kind in ("organisation", "place", "person") and article_text:
        # "Bright Step Foundation" where the article also writes the answer "Bright Step".
        out += _longer_names(article_text).get(text, [])
    if span.value is not None and re.search(r"million|billion", text) and span.value.is_integer():
        out += [f"{int(span.value):,}", str(int(span.value))]  # "541,800,000" for "541.8 million"
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    if plain != text and plain.strip():
        out.append(plain)  # "Ludwig Goransson" for "Ludwig Göransson"
        if " " in plain and span.kind == "person":
            out.append(_surname(plain))
    if span.sort == "percent":
        out.append(re.sub(r"\s?(?:percent|per cent|%)", "%", text))
        out.append(re.sub(r"\s?(?:percent|per cent|%)", "", text))
    return tuple(dict.fromkeys(a for a in out if a and a != text))


def difficulty(span: Span, mentions: int) -> str:
    if mentions >= 3 or span.kind == "platform":
        return "easy"
    if span.kind in NUMERIC_KINDS or span.sort in ("date", "money", "percent"):
        return "hard" if len(re.sub(r"\D", "", span.text)) >= 3 and span.kind != "year" \
            else "medium"
    return "medium"


# What points at the sentence before: "It ...", "That total ...", "Her team ...", "The song ...",
# or a "her", "him" or "them" the sentence itself never names ("Celine has told her to hide them").
_ENDS = re.compile(r"[.!?…][\"”’)]?$")  # a sentence ends so; a heading does not


def _names_something(text: str) -> bool:
    """Whether a sentence names anything a reference could point at: a quoted title or a
    capitalised word that is no common one ("Sony said ...", not "The arrangement ...")."""
    return bool(re.search(r"[“\"][A-Z]", text)) or any(
        w[:1].isupper() and w.lower().strip(",.;:’'s") not in COMMON
        for w in re.findall(r"[\w’'/-]+", text))


_PRONOUN_OPENING = re.compile(r"(?:It|They|He|She)\b(?!['’]s)")
# "The retailer will ...", "The numbers suggest ...", "The three-minute number ...": a thing the
# text named before (not the film, which every question is about, nor "the X of Y", told here).
_DEFINITE_OPENING = re.compile(
    r"The (?!film\b|movie\b|soundtrack\b|sing-along\b|sequel\b|directors?\b|"
    r"[\w-]+ (?:of|at|in|for|from)\b)[a-z]")
_REFERS_BACK = re.compile(
    r"(?:It|They|He|She|Such|Her|His|Their|Its)\b(?!['’]s)|"
    r"(?:This|That|Last|Next|On|In|By|For)\s(?:[\w-]+\s){0,2}?(?:it|they|she|he)\s|"
    r"(?:Most|Some|Half|All|Much|Many|None|Part|One|Two|Three|Each)\sof\s(?:that|this|those|"
    r"these|them|it)\b|.*\b(?:one|some|many|most|all|none|each)\sof\sthem\b|"  # of what?
    r"(?![^“\"]*[“\"][A-Z]).*\bthe\s(?:passage|section|arrangement|verse|chorus|bridge|hook|"
    r"sequence|scene|number|track|song|single)\b|"  # which song? (none named here)
    r"\S+(?:\s(?:[a-z][\w'’-]*|\d[\d,.]*)|[,;:])*\s(?:she|he)\s(?!said\b|says\b)|"  # "In a call, she"
    r"(?:As of|For now|By then|Since then|After that)\b[^,]{0,24},\s(?:that|this|it|they)\b|"
    r"(?:\w+ )?(?:of|among|for) (?:its|their|his|her)\b|"  # "Six of its songs"
    r".*,\s(?:she|he|they)\s(?:said|says|added|recalled)\b|"  # "In late August, she said, ..."
    r"(?:This|That|These|Those)\b(?!['’]s)(?! (?:past|last|next|coming|week|weekend|month|year|"
    r"morning|evening|summer|autumn|fall|winter|spring|season|time)\b)|"
    r"The (?:song|single|track|album|show|series|group|band|company|studio|deal|total|figure|"
    r"number|event|record|sequel|character|pair|trio|duo|same|latter|former)\b|"
    r"[“\"](?![^”\"]*[”\"][^“\"]*\b(?:said|says|told|asked|added|wrote)\b)|"  # a quote, no speaker
    r".*[”\"],? (?:she|he|they) (?:said|says|told|added)\b|"  # "..., she said": who?
    r"(?P<object>.*\b(?:him|them)\b|.*\bher\b(?=\s+(?:to|and|that|in|on|with|from|about|for|as|"
    r"at|by|up|out|off|back)\b|[,.;!?]))")
# Nouns that point back at something the text named before ("the chain", "that scene"); the
# first lists are the ones whose sentence is not asked when nothing named stands before them.
_NAMELESS_NOUNS = ("ministry", "organi[sz]ation", "retailer", "compan(?:y|ies)", "agency",
                   "chain", "firm", "operator", "share", "tower", "fee", "map", "shift",
                   "package", "division", "deal", "plan", "announcement", "partnership",
                   "contract", "agreement", "offer", "decision", "figures", "numbers",
                   "increase", "rise", "drop", "fall", "growth")
_BACK_NOUNS = _NAMELESS_NOUNS + (
    "singers", "studio", "choir", "team", "event", "rally", "result", "report", "survey",
    "study", "places", "academies", "children", "students", "crew", "project", "campaign",
    "organi[sz]ers", "two", "three", "four", "latter", "former", "venue", "network",
    "platform", "franchise", "brand", "store", "hotel", "site", "app", "tour", "programme",
    "program", "exhibition", "move")
_NAMELESS_THAT = ("sequence", "scene", "song", "part", "number", "moment")
_BACK_THAT = _NAMELESS_THAT + ("track", "growth", "figure", "record", "idea", "one", "role",
                               "deal")
# Weaker: a definite noun the paragraph introduced ("The band's mission", "The first was"),
# also in mid-sentence ("the organisation said", "some of those places", "Keane said the choir").
_REFERS_BACK_TOO = re.compile(
    r"The (?!film\b|movie\b)[a-z]|.*[,;]\s(?:and\s|but\s)?it\s(?!is\b|was\b)[a-z]+|"
    rf".*\b(?:that|this)\s(?:{'|'.join(_BACK_THAT)})\b|"
    rf".*\b(?:the|those|these)\s(?:{'|'.join(_BACK_NOUNS)})\b")
# The same, where nothing named before it in the sentence could be what it means: "the share
# rose to 91 percent" (of what?), not "Lotte said the chain ...".
_NAMELESS_REFERENCE = re.compile(
    rf"(?P<lead>.*?)(?:\b(?:that|this)\s(?:{'|'.join(_NAMELESS_THAT)})\b|"
    rf"\b(?:the|those|these)\s(?:{'|'.join(_NAMELESS_NOUNS)})\b)")
# Claims about the moment of writing ("this week", "so far"): asked only with the article's date.
DEICTIC = re.compile(r"\b(?:this (?:week|weekend|month|year|season)|so far|to date|currently|"
                     r"right now|as of (?:now|today|this|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)|"
                     r"(?:on|last|next|this) (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|"
                     r"last (?:week|weekend|month|year|night|season)|yesterday|today|tomorrow|"
                     r"tonight|(?:\w+ )(?:days|weeks|months|years) (?:later|ago)|"
                     r"ha(?:s|ve) not (?:yet )?(?:officially )?(?:announced|confirmed|said|"
                     r"released|revealed|decided))\b", re.I)
_SPEAKS = re.compile(r"\s*,?\s*(?:said|says|added|told|explained|recalled|noted|wrote)\b")
_DEFINITE_COUNT = re.compile(r"\b(?:the|those|these|both|all|the other|the final|the last|"
                             r"the first)\s$", re.I)


def dated(date: str) -> str:
    """An article's date as a player reads it: "2025-09-03T10:00Z" as "September 3, 2025"."""
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", date)
    if not m:
        return date.strip()
    import calendar

    year, month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12:
        return date.strip()
    return f"{calendar.month_name[month]} {day}, {year}"


def asks_nothing(span: Span, sentence: str) -> bool:
    """Spans that make no fair question: the speaker of "…," X said (who said what, with no
    context); a count of what the sentence has just listed ("Rumi, Mira and Zoey, the three
    members"); an order only the article gives ("a second song"); No. 1 beside "topped"."""
    after, before = sentence[span.end:], sentence[:span.start]
    if span.kind == "person" and _SPEAKS.match(after):
        return True
    if span.kind == "person" and not before.strip() and " " not in span.text and \
            after.startswith(", ") and sentence.count(",") == 1:
        return True  # "Rei, Zoey's verse is ...": whom an interviewer speaks to
    if span.kind in ("number", "ordinal") and span.sort in ("", "word") and \
            _DEFINITE_COUNT.search(before) and (span.value or 0) <= 12:
        return True
    if span.sort == "word" and (re.search(r"\ban?\s$", before) and not re.match(
            r"\s(?:\S+\s)?(?:weeks?|weekends?|days?|months?|years?|times?|seasons?|"
            r"straight|consecutive|non-consecutive|successive|place)\b", after) or re.match(
            r"\s(?:film|movie|sequel|instal+ment|part|chapter)\b", after)):
        return True  # "a second song": the article's order; "a second film": a sequel
    # "a No. ___ song ... topped the chart"
    return span.sort == "position" and span.value == 1 and re.search(
        r"\btop(?:s|ped|ping)?\b|\bnumber one\b|\bfirst place\b|\bhighest\b", sentence) is not None


def make(fact_id: str, article_id: str, sentence: Sentence, span: Span, where: str,
         wrong: list[str], mentions: int, lower_words: frozenset[str] = frozenset(),
         caps: frozenset[str] = frozenset(), before: Sentence | None = None,
         article_text: str = "", date: str = "") -> Fact | None:
    """The fact that `span` of `sentence` states, or None when it cannot be asked plainly.

    A sentence that opens on "It", "They" or "The song" is quoted with the sentence `before`
    it, which says what that is: the player sees both. A claim about the time of writing ("this
    week") is asked with the article's `date`, or not at all."""
    text = sentence.text
    pattern = whole_word_pattern(span.text)
    if len(pattern.findall(text)) != 1 or contains_phrase(where, span.text) or \
            asks_nothing(span, text):
        # Not citable as it is ("Golden" of "Golden Globes" too), or the source's own name
        # would give it away.
        return None
    if _WRITER.search(_outside_quotes(text)) and not sentence.speaker:
        return None  # the writer's own experience ("I left the theater humming ..."): no fact
    if re.fullmatch(r"[“\"][^“”\"]+[”\"]", text.strip()) and len(text.split()) < 12:
        return None  # a short quotation on its own: whose words, about what?
    if DEICTIC.search(text):
        if not date:
            return None  # "this week" of an article whose week nobody knows
        where = f"{where} on {date}"
    start = sentence.start
    said = text
    # Within a paragraph; "It ..." may also point at the paragraph before (not in an
    # interview, where the paragraph before is someone else's).
    refers = before is not None and bool(_REFERS_BACK.match(text) or _REFERS_BACK_TOO.match(text))
    pairs = refers and before is not None and (
        before.paragraph == sentence.paragraph or
        _PRONOUN_OPENING.match(text) is not None and not sentence.speaker) and \
        not pattern.search(before.text) and sentence.end - before.start <= 400 and \
        _ENDS.search(before.text) is not None and \
        _names_something(before.text) and \
        not _REFERS_BACK.match(before.text)  # a chain of two would need a third
    opening = _REFERS_BACK.match(text)
    if not pairs and (opening and (not opening.group("object") or re.search(
            r"\b(?:her|him)\b", opening.group("object"))) or
            re.match(r".*\b(?:those|these)\s(?!who\b|which\b|that\b|of\b|in\b|at\b|with\b|whose\b)"
                     r"[a-z]", text) or _DEFINITE_OPENING.match(text) and before is not None and
            before.paragraph == sentence.paragraph and _ENDS.search(before.text) or
            (nameless := _NAMELESS_REFERENCE.match(text)) is not None and
            not _names_something(nameless.group("lead"))):
        # (A paragraph, or what follows a heading, may open on its topic.)
        return None  # "That honor went to ...", "Celine has told her ...": who is that?
    if pairs and before is not None and article_text:
        start = before.start
        said = article_text[start:sentence.end]
        blanked = article_text[start:sentence.start] + pattern.sub(BLANK, text)
    else:
        blanked = pattern.sub(BLANK, text)
    noun = _SORT_NOUNS.get(span.sort) or _NOUNS.get(span.kind, "word")
    question = f"According to {where}, which {noun} fills the blank? “{blanked}”"
    # A sentence that names its own source ("According to ARIA, ...", "Per Variety, ...")
    # is stated as it is: "According to the article, according to ARIA" says it twice.
    statement = said if _OWN_SOURCE.match(said) else \
        f"According to {where}, {_lower_first(_DISCOURSE.sub('', said, 1), lower_words, caps)}"
    explanation = f"According to {where}: “{said}”"
    number = span.value if span.kind in NUMERIC_KINDS and re.search(r"\d", span.text) else None
    if span.kind == "ordinal" and span.sort == "word":
        number = None
    return Fact(
        id=fact_id, article=article_id,
        quote=Quote(article_id, article_text[start:sentence.end] if start != sentence.start
                    else text, start, sentence.end), answer=span.text,
        kind=span.kind if span.kind != "phrase" else "phrase", category=category(text),
        difficulty=difficulty(span, mentions), question=question, statement=statement,
        explanation=explanation, distractors=tuple(wrong), accept=accepted(span, article_text),
        # A job title or an award is asked with choices: typed, "music producer" would refuse
        # "producer", "Golden Globes" "Golden Globe Awards".
        # A blank shows no source and no date: never one of a claim about the time of writing.
        number=number, cloze=span.sort not in ("role", "award") and is_whole(text) and (
            not TIME_BOUND.search(text) or bool(_ATTRIBUTED.search(text))) and
        not DEICTIC.search(said),
    )
