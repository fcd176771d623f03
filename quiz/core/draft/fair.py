"""Which spans make a fair question, and what kind each name is: the rules an outside review
of drafts asked for (no answer a player knows without the article, none found by elimination,
wrong answers of the answer's sort), kept apart from the pipeline that applies them."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection

from quiz.core.draft.sentences import Sentence
from quiz.core.draft.spans import COMMON, Span, gazetteer, is_venue
from quiz.core.text import normalise, whole_word_pattern


def obvious(span: Span, sentence: str, mentions: int, headline: str,
             subject: frozenset[str] = frozenset()) -> bool:
    """Spans any player fills without the article: the article's subject (`subject`, or its
    service named twice: "___'s "KPop Demon Hunters""); the place after a venue
    or a town ("Madison Square Garden in ___", "Culver City, ___"); a weekday beside its date
    ("the week ending ___, Oct. 12"); a number the headline states ("Passes 325 Million
    Views"); a count of the names that follow ("three singers, A, B and C")."""
    if span.text in subject or span.kind == "platform" and mentions >= 2:
        return True
    before, after = sentence[:span.start], sentence[span.end:]
    if span.kind == "place" and re.search(
            r"(?:[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*)*,\s|"
            r"\b(?:Theatre|Theater|Hall|Arena|Center|Centre|Garden|Stadium|Bowl|Dome|Park)\sin\s)$",
            before):
        return True
    if span.sort == "day":
        return True  # "Saturday was the second of three nights, Friday through ___"
    if span.sort == "position" and span.value == 1:
        return True  # "pushed it to No. ___": a hit's story tells its top place
    if span.kind == "number" and re.search(r"\btop\s$", before):
        return True  # "in the top ___": a chart's fixed phrase (10, 20, 40)
    if span.kind == "number" and re.search(r"\bfrom\s[$€£]?\d[^;]*?\bto\s[$€£]?\d", sentence) and \
            re.search(r"\d\s?(?:percent|per cent|%)", sentence):
        return True  # "from 24.9 million to 18.4 million, a drop of about 26 percent": sums
    if acronym_of(span.text, sentence):
        return True  # "The British Academy Film Awards ... the ___ ceremony": BAFTA
    if span.kind == "number" and span.sort != "money" and (
            re.match(r"\s(?:to|or|-|–)\s?(?:\d|one|two|three|four|five|six|seven|eight|nine|ten)\b",
                     after) or
            re.search(r"\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten)\s?"
                      r"(?:to|or|-|–)\s?$", before)):
        return True  # an end of a range ("three to four years"): the other end tells it
    if span.kind == "number" and re.match(
            r"\s(?:of\s(?:the\s)?)?(?:people|persons|sources|executives|insiders|officials)\b"
            r"(?:\s[\w,]+){0,4}?\s(?:familiar|with knowledge|close|briefed|who spoke|"
            r"who asked|not authori[sz]ed)", after):
        return True  # "two people familiar with the plans": how the story was sourced
    if span.kind == "number" and re.search(r"\b(?:past|last|next|previous)\s$", before):
        return True  # "the past two decades": a manner of speaking
    if span.kind == "number" and span.value is not None and span.value == list_size(sentence):
        return True  # "Rumi, Mira and Zoey were played by ___ seniors": count them
    if span.sort in ("month", "date") and span.text.startswith("June") and re.search(
            r"\b(?:releas|premier|debut|launch|arriv|stream)", sentence):
        return True  # the film came out on June 20: every fan knows its month
    if span.sort == "quantity" and re.search(r"\bone\sof\s$", before):
        return True  # "one of ___ of fans": any vague amount fits
    if span.kind == "chart" and span.text == "Billboard":
        return True  # "months on the ___ charts": what else
    if span.value is not None and span.kind in ("number", "ordinal"):
        lead = re.match(r"\d+", span.text.replace(",", ""))
        if lead and re.search(rf"(?<![\d.,]){lead.group()}(?![\d,])", headline):
            return True
    return span.sort in ("", "word") and span.kind == "number" and re.match(
        r"\s(?:[a-z-]+\s){0,2}?[a-z]+,\s[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)*,\s", after) is not None


_NAME_WORDS = r"[A-Z][\w'’/-]*(?:\s[A-Z][\w'’/-]*){0,2}"
_LIST = re.compile(rf"{_NAME_WORDS}(?:,\s{_NAME_WORDS})*,?\s(?:and|&)\s{_NAME_WORDS}")


def list_size(sentence: str) -> int:
    """How many names the sentence's longest list gives ("Rumi, Mira and Zoey": 3), else 0."""
    sizes = [len(re.split(r",\s(?:and\s)?|\s(?:and|&)\s", m.group())) for m in _LIST.finditer(sentence)]
    return max((n for n in sizes if n >= 2), default=0)


def named_around(span: Span, sentence: str) -> bool:
    """Whether a word of a name of several words stands elsewhere in its sentence ("Sony
    Pictures Animation made it, which means Sony does not share"), or the name is spelled out
    in a handle or a hashtag there ("Marcus Bell (@marcusbellfunny)"): the blank tells itself."""
    rest = sentence[:span.start] + " " + sentence[span.end:]
    squeezed = re.sub(r"\W", "", span.text).lower()
    if len(squeezed) >= 4 and any(squeezed in tag.lower() for tag in re.findall(r"[@#]\w+", rest)):
        return True
    return any(whole_word_pattern(w).search(rest) for w in span.text.split()
               if len(w) > 2 and w[:1].isupper() and w.lower() not in COMMON)


# The film's own world, which every fan knows: its heroines, demons, groups and the barrier
# they sing to keep. Never an answer (no fan needs the article) and never a wrong one.
FILM_WORLD = frozenset({"Rumi", "Mira", "Zoey", "Jinu", "Gwi-Ma", "Gwi Ma", "Celine", "Bobby",
                        "Derpy", "Sussie", "Abby", "Baby Saja", "Mystery Saja", "Romance Saja",
                        "Abby Saja", "Honmoon", "Huntr/x", "HUNTR/X", "Huntrix", "Saja Boys",
                        "the Saja Boys", "The Saja Boys"})


# A person's trade, from the words beside a name: a wrong answer for a director is a director
# or a producer, never a fan or a singer ("a 17-year-old fan from Busan": not the director).
_TRADES = {
    "makers": ("director", "co-director", "directors", "producer", "co-producer", "writer",
               "co-writer", "screenwriter", "composer", "songwriter", "animator", "designer",
               "artist", "supervisor", "editor", "choreographer", "lyricist", "engineer",
               "storyboard", "art", "animation", "cinematographer"),
    "performers": ("singer", "actor", "actress", "star", "rapper", "vocalist", "voice",
                   "voices", "dancer", "performer", "cast", "idol", "musician"),
    "business": ("executive", "chief", "president", "officer", "analyst", "founder",
                 "manager", "spokesperson", "spokeswoman", "spokesman", "head", "chairman",
                 "chairwoman", "ceo", "cfo", "coo", "partner", "vice", "director-general",
                 "agent", "buyer", "licensing", "marketing"),
    "public": ("fan", "fans", "student", "students", "teacher", "visitor", "attendee",
               "cosplayer", "parent", "mother", "father", "child", "pupil", "principal",
               "organiser", "organizer", "volunteer", "professor", "researcher"),
    "press": ("critic", "reporter", "journalist", "columnist", "reviewer", "host"),
}
_TRADE = {word: trade for trade, words in _TRADES.items() for word in words}
_BEFORE_NAME = re.compile(r"([A-Za-z-]+)\s(?:[A-Z][\w'’-]*\s)?$")
_AFTER_NAME = re.compile(r",\s(?:the|a|an|its|their|his|her|[A-Z][\w'’&-]*(?:\s[A-Z][\w'’&-]*)*['’]s?)"
                         r"\s(?:[\w-]+\s){0,4}?([a-z-]+)\b")


def trades_of(found: list[tuple[Sentence, Span]], kinds: dict[str, str]) -> dict[str, str]:
    """Each person's trade where the words beside some mention tell it ("director Maggie
    Kang", "Renata Holm, Kestrel Toys' vice president", "Min-ji, a 17-year-old fan")."""
    out: dict[str, str] = {}
    for s, sp in found:
        if kinds.get(sp.text, sp.kind) != "person" or sp.text in out:
            continue
        before = _BEFORE_NAME.search(s.text[:sp.start])
        after = _AFTER_NAME.match(s.text[sp.end:])
        for word in (before.group(1) if before else "", after.group(1) if after else ""):
            trade = _TRADE.get(word.lower())
            if trade:
                out[sp.text] = trade
                break
    return out


# Answers about the film itself that its fans know without any article: who made it, where it
# streams, its leads' singing voices, its directors, its best-known songs, its release date.
FILM_CREDITS = frozenset({"Sony Pictures Animation", "Sony Pictures Imageworks", "Netflix",
                          "EJAE", "Audrey Nuna", "Rei Ami", "Maggie Kang", "Chris Appelhans",
                          "Golden", "Soda Pop", "Your Idol", "June 20", "June 20, 2025", "2025",
                          "South Korea", "Korea", "Korean"})
# Places inside others: "Hollywood" is no wrong answer where "Los Angeles" is right.
WITHIN = {"Hollywood": "Los Angeles", "Burbank": "Los Angeles", "Manhattan": "New York",
          "Brooklyn": "New York", "West End": "London", "Gangnam": "Seoul", "Mapo": "Seoul",
          "Hongdae": "Seoul", "Shibuya": "Tokyo", "Shinjuku": "Tokyo"}


def within(a: str, b: str) -> bool:
    """Whether one of two places lies in the other (so both may be true)."""
    return WITHIN.get(a) == b or WITHIN.get(b) == a


def subject_of(found: list[tuple[Sentence, Span]], mentions: Counter[str]) -> frozenset[str]:
    """The names the article is about: the most named one, if named five times or more, and
    any other named as often (a long text repeats every name; its subject stays one)."""
    # A person is named by the surname too: "Nuna" counts for "Audrey Nuna".
    names = {sp.text: mentions[normalise(sp.text)] + (
        mentions[normalise(sp.text.split()[-1])] if sp.kind == "person" and " " in sp.text
        else 0) for _, sp in found if sp.sort in ("name", "title")}
    top = max(names.values(), default=0)
    return frozenset(n for n, c in names.items() if c == top and top >= 5)


def acronym_of(answer: str, sentence: str) -> bool:
    """Whether the sentence spells out `answer`'s letters ("BAFTA" beside "British Academy
    Film and Television Arts"), or writes the acronym of `answer` ("BAFTA" for the awards)."""
    def initials(words: str) -> str:
        return "".join(w[0] for w in words.split() if w[:1].isupper())

    runs = re.findall(r"[A-Z][\w'’-]*(?:\s(?:of|and|the|for)?\s?[A-Z][\w'’-]*)+", sentence)
    if answer.isupper() and len(answer) >= 3:
        return any(initials(run).startswith(answer) for run in runs)
    short = initials(answer)
    return len(short) >= 3 and re.search(rf"\b{short}\b", sentence) is not None


def place_sort(name: str) -> str:
    """A venue, a country, a state or a town: a wrong answer for a place is of its sort."""
    if is_venue(name):
        return "venue"
    people = gazetteer().get(name, 0)
    if not people:
        return "unknown"  # not a place the gazetteer knows: a guess from "in ___"
    return "country" if people >= 10**9 else "state" if people >= 10**7 else "town"


# What an organisation's last word says it is: a wrong answer for a studio is a studio, never
# a newspaper ("___'s "KPop Demon Hunters" runs 96 minutes": not Variety).
_ORG_SORTS = {
    "outlet": ("Reporter", "Times", "Post", "News", "Magazine", "Press", "Journal", "Weekly",
               "Daily", "Tribune", "Herald", "Gazette", "Review", "Wire", "Radio", "Television",
               "Broadcasting", "Publishing"),
    "label": ("Records", "Music", "Entertainment"),
    "studio": ("Pictures", "Animation", "Studios", "Studio", "Imageworks", "Films",
               "Productions"),
    "finance": ("Bank", "Capital", "Securities", "Holdings", "Partners", "Ventures",
                "Research", "Exchange", "Index"),
    "cinema": ("Theatres", "Theaters", "Cinemas", "Cinema", "Chains"),
    "school": ("University", "School", "Institute", "College"),
    "ensemble": ("Orchestra", "Choir", "Chorus", "Ensemble", "Philharmonic", "Symphony"),
    "public body": ("Ministry", "Council", "Commission", "Department", "Office", "Bureau",
                    "Authority", "Foundation", "Association", "Organization", "Organisation",
                    "Museum", "Club", "League", "Academy"),
}
_ORG_SORT = {word: sort for sort, words in _ORG_SORTS.items() for word in words}
# Outlets known by a name that ends in no telling word.
_OUTLETS = frozenset({"Variety", "Deadline", "Forbes", "Vulture", "IndieWire", "Polygon",
                      "Collider", "Soompi", "Allkpop", "CNN", "BBC", "NPR", "Reuters",
                      "Bloomberg", "Rolling Stone", "Pitchfork", "Vogue", "Teen Vogue", "Time",
                      "Screen Rant", "IGN", "Yonhap", "Nikkei", "Newsweek", "Axios", "Vox",
                      "Slate", "Salon", "Billboard", "Associated Press", "AP", "Elle"})
# "told Variety", "in an interview with Soompi", "Deadline reported": names of outlets.
_RUN = r"[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*)*"  # capitalised words, one way to split them only
OUTLET_CUES = re.compile(rf"(?:\btold|\binterview with|\breported by|\bwrote in|\bwriting in)\s+"
                         rf"(?:the\s)?({_RUN})|\b({_RUN})\s(?:reported|first reported)\b")


def outlets_of(text: str) -> frozenset[str]:
    """The names the text shows to be news outlets ("told Variety", "Deadline reported")."""
    names = {(m.group(1) or m.group(2)).strip() for m in OUTLET_CUES.finditer(text)}
    return frozenset(names | {n.removeprefix("The ") for n in names})


def org_sort(name: str, outlets: Collection[str] = ()) -> str:
    """An outlet, a label, a studio, a bank, a cinema chain, a school, an ensemble, a public
    body, or a company (the rest)."""
    bare = name.removeprefix("The ")
    if is_venue(name):
        return "venue"  # "the SMX Convention Center": a venue, whatever else it is
    if name in outlets or bare in _OUTLETS or name in _OUTLETS:
        return "outlet"
    words = name.split()
    if words and words[0] in ("Studio", "Studios", "Estudios", "Studi", "Studio's"):
        return "studio"  # "Studio Lumière", "Estudios Quetzal"
    return _ORG_SORT.get(words[-1] if words else "", "company")


def sort_of(kind: str, name: str, outlets: Collection[str] = ()) -> str:
    """The sort a wrong answer for `name` must share: a place's or an organisation's."""
    if kind == "place":
        return place_sort(name)
    if kind == "organisation":
        return org_sort(name, outlets)
    return ""


# A list that names every member: "made up of A, B and C", "whose members are A, B and C".
EXHAUSTIVE = re.compile(
    r"\b(?:made up of|consist(?:s|ing) of|compris(?:es|ing)|composed of|members (?:are|were)|"
    r"members,|members —|trio of|duo of)\s+"
    r"(?:[A-Z][\w'’/-]*(?:\s[A-Z][\w'’/-]*)*(?:,\s(?:and\s)?|\s(?:and|&)\s))*$")
_LINK = re.compile(r"^(?:,\s(?:and\s|or\s)?|\s(?:and|or|&)\s)$")


def listed(found: list[tuple[Sentence, Span]], kinds: dict[str, str],
            guessed: Collection[str] = ()) -> set[tuple[int, int]]:
    """(sentence start, span start) of every span that is one of a list of its kind (a name
    nothing classified joins a list of any kind: "the United States and Canada")."""
    out: set[tuple[int, int]] = set()
    run: list[tuple[int, int]] = []
    joined = False  # a list has an "and" or an "or": "said A, Mattel's vice president" has none

    def close() -> None:
        if joined:
            out.update(run)

    for (s1, a), (s2, b) in zip(found, found[1:], strict=False):
        ka, kb = kinds.get(a.text, a.kind), kinds.get(b.text, b.kind)
        between = re.sub(r"[\"“”‘’]", "", s1.text[a.end:b.start])  # titles: "A", "B" and "C"
        link = _LINK.match(between) or _LINK.match(between.replace("the ", "", 1))
        if s1.start != s2.start or ka != kb and not (
                a.sort == b.sort == "name" and (a.text in guessed or b.text in guessed)) or \
                not link or between.startswith((", ", ",")) and re.match(
                    r"[’']s\b", s1.text[b.end:b.end + 2]):
            close()
            run, joined = [], False
            continue
        if not run:
            run = [(s1.start, a.start)]
        run.append((s2.start, b.start))
        joined = joined or bool(re.search(r"\b(?:and|or)\b|&", between))
    close()
    return out


def sets_of(found: list[tuple[Sentence, Span]], kinds: dict[str, str]
          ) -> list[tuple[int, frozenset[str]]]:
    """The lists of three or more names of one kind the article gives ("Rumi, Mira and Zoey":
    one run of names joined by commas and "and"), each with the start of its sentence."""
    out: list[tuple[int, frozenset[str]]] = []
    run: list[str] = []
    for (s1, a), (s2, b) in zip(found, found[1:], strict=False):
        linked = (s1.start == s2.start and a.sort == b.sort == "name" and
                  kinds.get(a.text, a.kind) == kinds.get(b.text, b.kind) and
                  bool(_LINK.match(s1.text[a.end:b.start])))
        if linked:
            run = run or [a.text]
            run.append(b.text)
        else:
            if len(set(run)) >= 3:
                out.append((s1.start, frozenset(run)))
            run = []
    if len(set(run)) >= 3:
        out.append((found[-1][0].start, frozenset(run)))
    return out


def eliminated(span: Span, sentence: Sentence, sets: list[tuple[int, frozenset[str]]],
                in_list: bool) -> bool:
    """A name a player finds by elimination: the sentence names the others of a set the article
    lists elsewhere ("EJAE sings for ___, Audrey Nuna for Mira, Rei Ami for Zoey"), or one of
    them beside it ("even from Mira and ___")."""
    for at, members in sets:
        if span.text not in members or at == sentence.start:
            continue
        others = sum(1 for m in members - {span.text}
                     if re.search(rf"(?<!\w){re.escape(m)}(?!\w)", sentence.text))
        if others >= len(members) - 1 or in_list and others >= 1:
            return True
    return False


def kinds_of(found: list[tuple[Sentence, Span]]) -> tuple[dict[str, str], set[str]]:
    """One kind per name across the article: the most told one (a kind the words around a
    name tell outweighs a default three to one); and the names nothing classified (guessed:
    persons only by default, "Sony", "Osaka Herald")."""
    votes: dict[str, dict[str, float]] = {}
    told: set[str] = set()
    for _, sp in found:
        if sp.sort in ("name", "title"):
            # A told kind outweighs guesses: "EJAE, who ..." once beats "EJAE" in capitals
            # (an organisation, were it a guess) six times.
            weight = 3.0 if not sp.guess else 1.0 if sp.kind == "person" else 0.5
            votes.setdefault(sp.text, {})
            votes[sp.text][sp.kind] = votes[sp.text].get(sp.kind, 0.0) + weight
            if not sp.guess:
                told.add(sp.text)
    # The most told kind; between equals, the first told (insertion order).
    kinds = {name: max(c, key=c.__getitem__) for name, c in votes.items()}
    charts = {name.split()[0] for name, kind in kinds.items() if kind == "chart" and " " in name}
    guessed = set()
    for name, kind in kinds.items():
        if kind == "person" and " " not in name and name in charts:
            kinds[name] = "chart"  # "on Billboard", where "Billboard 200" is a chart
        elif name not in told and kind != "chart":
            # "Osaka Herald", "Spirit Halloween": a person only by default; "EJAE" an
            # organisation only for its capitals; "in Houdini" a place only for its "in".
            guessed.add(name)
    return kinds, guessed
