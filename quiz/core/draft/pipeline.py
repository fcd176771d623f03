"""Article -> sentences -> spans -> facts -> questions, ranked and checked; and the bank file."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from quiz.core.checker import MAX_BLANKS, Checked, bank_flaws
from quiz.core.content import Fact
from quiz.core.draft import facts as wording
from quiz.core.draft import fair
from quiz.core.draft import wrong as wrongs
from quiz.core.draft.reader import Source
from quiz.core.draft.sentences import Sentence, sentences
from quiz.core.draft.spans import COMMON, SERVICES, Span, find, title_kinds
from quiz.core.errors import QuizError
from quiz.core.generate import BLANK, Generated, questions_for
from quiz.core.text import normalise
from quiz.core.validation import check

MAX_TEXT = 200_000  # an article's stored text, as for imported articles
ORIGIN = "drafted"
MIN_SCORE = 0.5  # below: the article's subject once more, in a sentence too long or too short
_BASE = {"person": 3.0, "group": 3.0, "organisation": 2.8, "place": 2.6, "chart": 3.0,
         "song": 3.2, "film": 3.2, "platform": 1.5, "year": 2.6, "ordinal": 3.0,
         "number": 3.0, "phrase": 2.0}
Progress = Callable[[int, int], bool]  # (done, total) -> False to cancel


class Cancelled(Exception):
    """The user stopped drafting."""


@dataclass
class Drafted:
    """One drafted question with the fact it asks about and the rank it got."""

    question: Generated
    fact: Fact
    score: float
    warnings: list[str] = field(default_factory=list)


@dataclass
class Draft:
    """What drafting one article gave: its stored form and its questions, best first."""

    article: dict[str, str]
    questions: list[Drafted]
    sentences: int


def article_id(source: Source) -> str:
    """A stable id from the title (or the first words) and a digest of the text."""
    digest = hashlib.sha1(source.text.encode()).hexdigest()[:8]
    words = re.findall(r"[a-z0-9]+", (source.meta.title or source.text[:80]).lower())
    slug = "-".join(words)[:40].strip("-") or "article"
    return f"draft-{slug}-{digest}"


def flaws(questions: list[Generated], article_text: str, article: str) -> dict[str, list[str]]:
    """Every flaw of each question, by id: the question checker's (its warnings too: a draft is
    offered only when it passes every rule) plus the drafter's precautions.

    The one place a draft is checked on its own; `_between` checks the drafts against each
    other once drafting is done.
    """
    out: dict[str, list[str]] = {}
    stems: set[str] = set()
    for q in questions:
        found = [str(p) for p in check(q.draft(), {article: article_text})]
        for s in q.sources:
            if article_text[s.start:s.end] != s.text:
                found.append("sources: the quote is not at its offsets")
        stem = _stem_key(q.question)
        if stem in stems:
            found.append("question: the same stem as another question")
        stems.add(stem)
        if q.type == "cloze" and not wording.is_whole(q.sources[0].text):
            found.append("question: the blank is in a sentence fragment")
        if q.type == "multiple" and len(q.incorrect_answers) < 3:
            found.append("incorrect_answers: fewer than three")
        if found:
            out[q.id] = found
    return out


def _between(chosen: list[Drafted]) -> list[Drafted]:
    """The drafts without those the checker's rules between questions flag (the same claim
    as an earlier, better-ranked draft; a sentence blanked twice; the same stem)."""
    flagged = bank_flaws(Checked(d.question.id, d.fact.id, d.question.draft()) for d in chosen)
    return [d for d in chosen if d.question.id not in flagged]


def _stem_key(stem: str) -> str:
    return normalise(stem.replace(BLANK, " blank "))


def _same_claim(a: Fact, b: Fact) -> bool:
    """Two facts asking for the same answer in sentences that say nearly the same thing."""
    if normalise(a.answer) != normalise(b.answer):
        return False
    wa, wb = set(normalise(a.quote.text).split()), set(normalise(b.quote.text).split())
    return a.quote.start == b.quote.start or len(wa & wb) / max(len(wa | wb), 1) > 0.6


def _score(span: Span, sentence: Sentence, mentions: int, n_wrong: int) -> float:
    score = _BASE.get(span.kind, 2.0)
    words = len(sentence.text.split())
    if words > 45:
        score -= 1.0
    if words < 7:
        score -= 1.0
    if mentions > 3:
        score -= 1.0  # the article's subject: everybody knows it
    if n_wrong < 3:
        score -= 0.7
    if sentence.text.lstrip().startswith(("“", '"')):
        score -= 0.3
    return score


def _pick(options: list[Generated], rank: int) -> list[Generated]:
    """The variants in the order to try: mostly multiple choice, some true/false and blanks."""
    order = {0: ("multiple", "boolean", "cloze", "numeric"),
             1: ("numeric", "multiple", "cloze", "boolean"),
             2: ("boolean", "multiple", "cloze", "numeric"),
             3: ("cloze", "multiple", "boolean", "numeric")}[rank % 4]
    return sorted(options, key=lambda q: order.index(q.type))


@dataclass(frozen=True)
class _Pool:
    """What an article offers as wrong answers for a name it classified: its names by kind, its
    people's surnames and trades, the outlets it shows, the bank's other answers."""

    by_kind: dict[str, dict[str, None]]
    surnames: list[str]
    trades: dict[str, str]
    credits: set[str]
    elsewhere: dict[str, list[str]]
    outlets: frozenset[str]


def _of_its_sort(sp: Span, sentence: str, pool: _Pool) -> list[str]:
    """Wrong answers for name `sp` of `sentence`: of its kind and sort (venues against venues,
    a director against directors), from the article first, then from the bank's others."""
    size = len(sp.text.split())  # "Maggie Kang" against names of two words first
    # Venues against venues, cities against cities; names of as many words first.
    sort = fair.sort_of(sp.kind, sp.text, pool.outlets)
    # A guessed place of no known sort ("in Houdini": software?) gets no choices.
    same = [] if sort == "unknown" else sorted((
        a for a in pool.by_kind.get(sp.kind, {}) if a != sp.text and not (
            sp.kind == "person" and (a in pool.surnames or (" " in a) != (size > 1))) and
        fair.sort_of(sp.kind, a, pool.outlets) == sort), key=lambda a: abs(len(a.split()) - size))
    if sp.kind == "person" and sp.text in pool.surnames:  # "Kang" against "Appelhans"
        same = [a for a in pool.surnames if a != sp.text]
    trade = pool.trades.get(sp.text)
    if sp.kind == "person" and trade is not None:  # a director against directors
        same = [a for a in same if pool.trades.get(a, trade) == trade]
    if sp.kind == "person" and trade not in ("makers", "performers"):
        # The film's directors and singers are no wrong answer for a librarian.
        same = [a for a in same if normalise(a) not in pool.credits]
    if sp.kind == "chart" and " " in sp.text:  # Billboard's against Billboard's
        same = [a for a in same if a.split()[0] == sp.text.split()[0]]
    elif sp.kind == "chart":
        same = []  # "the Top 10": no other chart is of its family
    # Not people of other articles: nothing tells their trade (a tennis player is no
    # wrong answer for a chief executive).
    far = [] if sp.kind in ("chart", "person") or sort == "unknown" else [
        a for a in pool.elsewhere.get(sp.kind, [])
        if fair.sort_of(sp.kind, a, pool.outlets) == sort]
    return wrongs.choose(sp, sentence, same, far)


def draft(source: Source, others: dict[str, list[str]] | None = None, max_questions: int = 0,
          progress: Progress | None = None, seed: int = 2025) -> Draft:
    """Drafted questions from `source`; `others` gives same-kind answers from other articles.

    QuizError when the text is too long or has no answerable fact; Cancelled if `progress`
    returns False.
    """
    text = source.text
    if len(text) > MAX_TEXT:
        raise QuizError(f"the article text is {len(text):,} characters; at most {MAX_TEXT:,} "
                        f"can be stored (draft_all splits it into parts)")
    aid = article_id(source)
    where = wording.source_name(source.meta.publication, source.meta.title)
    when = wording.dated(source.meta.date)
    all_sentences = list(sentences(text))
    caps = frozenset(re.findall(r"(?<=[a-z0-9,;] )[A-Z][\w’'/+-]+", text))
    lower = frozenset(re.findall(r"(?<![\w-])[a-z][\w-]+", text))
    # Titles quoted in the headline too ('KPop Demon Hunters' sequel ...), single quotes included.
    headline = re.sub(r"(?<!\w)['‘]([A-Z][^'’]{1,60})['’](?!\w)", r"“\1”", source.meta.title)
    titles = title_kinds(f"{text}\n{headline}")
    for kind in ("song", "film"):  # the bank's other articles know "Soda Pop" is a song
        for title in (others or {}).get(kind, []):
            if title in titles and not titles[title]:
                titles[title] = kind
    found: list[tuple[Sentence, Span]] = []
    total = len(all_sentences)
    # Each sentence's predecessor: what "It ..." or "They ..." points at.
    previous = {b.start: a for a, b in zip(all_sentences, all_sentences[1:], strict=False)}

    def tick(phase: int, done: int, of: int) -> bool:
        """Progress in three equal phases: spans, facts, checked questions."""
        assert progress is not None
        return progress(phase * 1000 + done * 1000 // max(of, 1), 3000) is not False

    for i, s in enumerate(all_sentences):
        if progress is not None and i % 8 == 0 and not tick(0, i, total):
            raise Cancelled
        if not re.search(r"[.!][\"”’)]?$", s.text) or re.match(r"(?:[-*•>]|\d+\.)\s", s.text):
            continue  # a headline, a byline, a caption, a question, a list item: no claim
        found.extend((s, span) for span in find(s.text, caps, lower, titles))
    kinds, guessed = fair.kinds_of(found)
    outlets = fair.outlets_of(text) | {source.meta.publication}
    for name in outlets & kinds.keys():  # "the Osaka Herald reported": no person
        kinds[name] = "organisation"
        guessed.discard(name)
    # Names found keep their capital after "According to X, " ("Hasbro secured ...").
    named = caps | {w for _, sp in found if sp.sort == "name" and sp.text
                    for w in sp.text.split()[:1] if w.lower() not in COMMON}
    named |= {name.split()[0] for name in fair.FILM_WORLD}
    mentions = Counter(normalise(sp.text) for _, sp in found)
    subject = fair.subject_of(found, mentions)
    # The film's own characters and groups, which the bank's articles name: every fan knows
    # "the demon king ___" and "the girl group ___".
    # Nor are they wrong answers: "the Saja Boys" sing for no heroine, as any fan knows.
    known = {normalise(a) for kind in ("character", "group") for a in (others or {}).get(kind, [])}
    known |= {normalise(a) for a in fair.FILM_WORLD}
    credits = {normalise(a) for a in fair.FILM_CREDITS}  # asked of no article; wrong answers yes
    by_kind: dict[str, dict[str, None]] = {}  # insertion-ordered sets
    together: dict[str, dict[str, None]] = {}  # guessed names: those met in one sentence
    for _, sp in found:
        kind = kinds.get(sp.text, sp.kind)
        if sp.text not in guessed and normalise(sp.text) not in known:
            by_kind.setdefault(kind, {})[sp.text] = None
    by_sentence: dict[int, list[str]] = {}
    for s, sp in found:
        if sp.text in guessed:
            by_sentence.setdefault(s.start, []).append(sp.text)
    for names in by_sentence.values():
        for a in names:
            for b in names:
                if a != b:
                    together.setdefault(a, {})[b] = None
    # Answers of other articles, of none that this one mentions (it may state them as true).
    elsewhere = {kind: [a for a in answers if a not in text and normalise(a) not in known]
                 for kind, answers in (others or {}).items() if kind != "platform"}
    listed = fair.listed(found, kinds, guessed)
    # "Cho" of "Dani Cho": a surname is no wrong answer for a person of one name or two.
    surnames = list(dict.fromkeys(name.split()[-1] for name, kind in kinds.items()
                                  if kind == "person" and " " in name))  # in the article's order
    sets = fair.sets_of(found, kinds)
    trades = fair.trades_of(found, kinds)
    # What the stem shows as its source: "According to “... lifts Sony's profits”" gives Sony.
    shown = " " + normalise(re.sub(r"['’]s\b", "", where)) + " "
    pool = _Pool(by_kind, surnames, trades, credits, elsewhere, outlets)
    candidates: list[tuple[float, Fact]] = []
    for n, (s, sp) in enumerate(found):
        if progress is not None and n % 16 == 0 and not tick(1, n, len(found)):
            raise Cancelled
        sp = Span(sp.start, sp.end, sp.text, kinds.get(sp.text, sp.kind), sp.sort,
                  sp.qualifier, sp.unit, sp.value, guess=sp.text in guessed)
        count = mentions[normalise(sp.text)]
        if fair.eliminated(sp, s, sets, (s.start, sp.start) in listed) or fair.obvious(
                sp, s.text, count, source.meta.title, subject) or normalise(sp.text) in known or \
                normalise(sp.text) in credits:
            continue
        if sp.sort in ("name", "title") and (f" {normalise(sp.text)} " in shown or any(
                f" {normalise(w)} " in shown for w in sp.text.split()
                if len(w) > 2 and w[:1].isupper() and w.lower() not in COMMON)):
            continue  # the source the question names names the answer too ("Annie" of it)
        if sp.sort == "name" and fair.named_around(sp, s.text):
            continue  # "___ Animation made it ... Sony does not share": one word tells
        if sp.kind == "place" and (s.start, sp.start) in listed and (
                re.search(r"\band\s(?:the\s)?$", s.text[:sp.start]) or
                re.match(r"\sand\s", s.text[sp.end:])):
            continue  # "the United States and ___": Canada, whoever asks
        if (s.start, sp.start) in listed and not fair.EXHAUSTIVE.search(s.text[:sp.start]):
            # One of a list ("Rumi, Mira and Zoey", "the Hot 100, Global 200 and ..."): any
            # other name of its kind may belong in the list too, told elsewhere, so no blank
            # has one answer. (Not when the list is whole: "made up of Rumi, Mira and ___".)
            continue
        elif sp.kind == "platform":
            family = next((f for f in SERVICES if sp.text in f), ())
            wrong = wrongs.choose(sp, s.text, [a for a in family if a not in text], [])
        elif sp.text in guessed:
            # A lone name nothing around it classified ("Sony", "Rumi"): its wrong answers are
            # names met beside it in some sentence, most likely of the same sort.
            near = [a for a in together.get(sp.text, {}) if normalise(a) not in known]
            if (s.start, sp.start) in listed:  # a whole list: names met beside its others
                members = next((m for at, m in sets if at == s.start and sp.text in m), ())
                near += [g for m in sorted(members) for g in together.get(m, {})
                         if g not in near and g not in members]
            # Only one: enough for a true/false, too few to pass for three choices of its sort.
            wrong = wrongs.choose(sp, s.text, near, [], want=1)
        else:
            wrong = _of_its_sort(sp, s.text, pool)
        # An interview's answers are the speaker's words: "According to Rei Ami, ...".
        fact = wording.make(f"{aid}/f{n}", aid, s, sp, s.speaker or where, wrong, count, lower,
                            named, previous.get(s.start), text, when)
        score = _score(sp, s, count, len(wrong))
        if fact is not None and score >= MIN_SCORE:
            candidates.append((score, fact))
    candidates.sort(key=lambda c: -c[0])
    chosen: list[Drafted] = []
    kept: dict[str, list[Fact]] = {}  # by answer: a claim repeats only with the same answer
    stems: set[str] = set()
    blanked: Counter[str] = Counter()
    for n, (score, fact) in enumerate(candidates):
        if progress is not None and n % 16 == 0 and not tick(2, n, len(candidates)):
            raise Cancelled
        same_answer = kept.setdefault(normalise(fact.answer), [])
        if any(_same_claim(fact, k) for k in same_answer):
            continue
        spoken = wording.FIRST_PERSON.search(fact.quote.text) is not None
        options = [q for q in questions_for(fact, {}, seed, {aid: text}) if (
            q.type != "multiple" or len(q.incorrect_answers) == 3) and (
            q.type != "boolean" or wording.states_plainly(fact)) and not (
            spoken and q.type in ("boolean", "numeric"))]  # quoted, never restated
        cited = re.match(r"According to (.+?), which ", fact.question)
        for q in options:
            # A blank names its source too ("Fill in the blank, according to Variety: ...";
            # a title with a colon of its own before it: "According to “Rhythm Hunt: ...”, fill
            # in the blank: ...").
            if q.type == "cloze" and cited:
                q.question = q.question.replace("Fill in the blank: ", (
                    f"Fill in the blank, according to {cited.group(1)}: "
                    if ":" not in cited.group(1) else
                    f"According to {cited.group(1)}, fill in the blank: "), 1)
        for q in _pick(options, len(chosen)):
            # MAX_BLANKS a sentence (the checker's sentence-blanked-again): another variant.
            if q.type == "cloze" and blanked[q.sources[0].text] >= MAX_BLANKS:
                continue
            q.id = f"{fact.id}/{q.type}"
            stem = _stem_key(q.question)
            if stem not in stems and not flaws([q], text, aid):
                stems.add(stem)
                if q.type == "cloze":
                    blanked[q.sources[0].text] += 1
                chosen.append(Drafted(q, fact, score))
                same_answer.append(fact)
                break
        if max_questions and len(chosen) >= max_questions:
            break
    chosen = _between(chosen)
    if not chosen:
        raise QuizError("no answerable fact found in the text (no names, numbers, dates or "
                        "titles to ask about)")
    if progress is not None:
        progress(3000, 3000)
    meta = source.meta
    article = {"id": aid, "title": meta.title, "publication": meta.publication,
               "author": meta.author, "url": meta.url, "text": text}
    return Draft(article, chosen, total)


def parts(source: Source) -> list[Source]:
    """`source` as articles of at most MAX_TEXT characters each, cut between paragraphs (or,
    for one paragraph longer than that, after a sentence); each part's text is verbatim."""
    text = source.text
    if len(text) <= MAX_TEXT:
        return [source]
    pieces: list[str] = []
    start = 0
    while len(text) - start > MAX_TEXT:
        cut = text.rfind("\n", start, start + MAX_TEXT)
        if cut <= start:
            cut = max(text.rfind(". ", start, start + MAX_TEXT - 1) + 1, start + MAX_TEXT)
            cut = min(cut, start + MAX_TEXT)
        pieces.append(text[start:cut].strip("\n"))
        start = cut
    pieces.append(text[start:].strip("\n"))
    pieces = [p for p in pieces if p.strip()]
    title = source.meta.title
    return [replace(source, text=p, meta=replace(source.meta, title=(
        f"{title} (part {i} of {len(pieces)})" if title else ""))) for i, p in enumerate(pieces, 1)]


def draft_all(source: Source, others: dict[str, list[str]] | None = None,
              max_questions: int = 0, progress: Progress | None = None) -> list[Draft]:
    """Drafts of every part of `source` (one unless it is longer than MAX_TEXT), keeping the
    `max_questions` best ranked overall; QuizError if no part has an answerable fact."""
    pieces = parts(source)
    out: list[Draft] = []
    for i, piece in enumerate(pieces):
        def step(done: int, total: int, i: int = i) -> bool:
            if progress is None:
                return True
            return progress(i * 1000 + done * 1000 // max(total, 1), len(pieces) * 1000)
        try:
            out.append(draft(piece, others, 0, step))
        except QuizError:
            if len(pieces) == 1:
                raise
    if not out:
        raise QuizError("no answerable fact found in the text (no names, numbers, dates or "
                        "titles to ask about)")
    if max_questions:
        best = sorted((q.score for d in out for q in d.questions), reverse=True)
        floor = best[min(max_questions, len(best)) - 1]
        budget = max_questions
        for d in out:
            keep = []
            for q in d.questions:
                if q.score >= floor and budget > 0:
                    keep.append(q)
                    budget -= 1
            d.questions = keep
        out = [d for d in out if d.questions]
    return out


def shipped_answers() -> dict[str, list[str]]:
    """Same-kind answers of the shipped bank's curated facts: wrong answers from other articles."""
    from quiz.core.content import load_corpus
    from quiz.core.paths import questions_dir

    out: dict[str, list[str]] = {}
    for fact in load_corpus(questions_dir()).facts:
        bucket = out.setdefault(fact.kind, [])
        if fact.answer not in bucket:
            bucket.append(fact.answer)
    return out


def bank(drafts: list[Draft]) -> dict[str, Any]:
    """The bank JSON document (the existing format) holding the articles and their drafts."""
    questions = []
    for d in drafts:
        for item in d.questions:
            q = item.question
            questions.append({
                "id": q.id, "type": q.type, "category": q.category,
                "difficulty": q.difficulty, "question": q.question,
                "correct_answer": q.correct_answer, "incorrect_answers": q.incorrect_answers,
                "accepted_answers": q.accepted_answers, "explanation": q.explanation,
                "sources": [{"article": s.article, "quote": s.text, "start": s.start,
                             "end": s.end} for s in q.sources],
                "origin": ORIGIN, "fact": None})
    return {"format": "kpop-quiz-bank", "version": 1,
            "articles": [d.article for d in drafts], "questions": questions}
