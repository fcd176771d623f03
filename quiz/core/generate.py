"""Facts to questions: multiple choice, true/false, fill-the-blank and typed numbers.

Deterministic for a seed. Question ids are `<fact id>/<variant>`, so regenerating keeps players'
history and never touches questions an editor changed (origin "edited") or wrote ("user").
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, delete, select

from quiz.core import models
from quiz.core.checker import flaws
from quiz.core.content import NUMERIC_KINDS, Corpus, Fact, Quote, load_corpus
from quiz.core.db import Database
from quiz.core.errors import QuizError
from quiz.core.paths import questions_dir
from quiz.core.rules import Draft
from quiz.core.text import answer_key, contains_phrase, normalise, whole_word_pattern
from quiz.core.validation import check, errors

DEFAULT_SEED = 2025
BLANK = "_____"
_EASIER = {"easy": "easy", "medium": "easy", "hard": "medium"}
_HARDER = {"easy": "medium", "medium": "hard", "hard": "hard"}
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass
class Generated:
    """One generated question, ready to store."""

    id: str
    type: str
    category: str
    difficulty: str
    question: str
    correct_answer: str
    incorrect_answers: list[str]
    explanation: str
    fact_id: str
    sources: list[Quote]
    accepted_answers: list[str] = field(default_factory=list)

    def draft(self) -> Draft:
        """The question in the form the validation rules take."""
        return Draft(
            type=self.type, category=self.category, difficulty=self.difficulty,
            question=self.question, correct_answer=self.correct_answer,
            incorrect_answers=list(self.incorrect_answers),
            accepted_answers=list(self.accepted_answers), explanation=self.explanation,
            sources=[(s.article, s.text) for s in self.sources],
        )

    def snapshot(self) -> dict[str, Any]:
        """What `restore` puts back when an edited question is reset to its original."""
        return {
            "type": self.type, "category": self.category, "difficulty": self.difficulty,
            "question": self.question, "correct_answer": self.correct_answer,
            "incorrect_answers": self.incorrect_answers,
            "accepted_answers": self.accepted_answers, "explanation": self.explanation,
            "sources": [{"article": q.article, "quote": q.text, "start": q.start, "end": q.end}
                        for q in self.sources],
        }


def _perturbations(answer: str, value: float | None, kind: str) -> list[str]:
    """Plausible wrong numbers written like the answer: "No. 8" -> "No. 5", "No. 10" ..."""
    match = _NUMBER.search(answer)
    if match is None or value is None:
        return []
    n = float(match.group().replace(",", ""))
    if kind == "year":
        steps = [n - 2, n + 1, n - 4, n + 3, n - 1]
    elif n < 15:
        steps = [n + 2, n - 2, n + 1, n - 1, n + 4, n * 2]
    else:
        steps = [n * 0.75, n * 1.25, n * 0.5, n * 1.5, n * 2]
    out = []
    for s in steps:
        if s <= 0 or s == n:
            continue
        text = str(int(round(s))) if float(s).is_integer() or s > 15 else f"{s:g}"
        out.append(answer[: match.start()] + text + answer[match.end() :])
    return out


def _distractors(fact: Fact, by_kind: dict[str, list[str]], stem: str, rng: random.Random,
                 want: int = 3) -> list[str]:
    """Wrong answers: the curated ones first, then same-kind answers elsewhere, then numbers."""
    taken = {normalise(fact.answer), *(normalise(a) for a in fact.accept)}
    quotes = " ".join(q.text for q in fact.quotes)
    pool = [a for a in by_kind.get(fact.kind, []) if not contains_phrase(quotes, a)]
    rng.shuffle(pool)
    chosen: list[str] = []
    for candidate in [*fact.distractors, *pool, *_perturbations(fact.answer, fact.number,
                                                                 fact.kind)]:
        key = normalise(candidate)
        if not key or key in taken or contains_phrase(stem, candidate):
            continue
        taken.add(key)
        chosen.append(candidate)
        if len(chosen) == want:
            break
    return chosen


def _explanation(fact: Fact) -> str:
    text = fact.explanation
    if fact.disagreement:
        text += f" Another report differs: {fact.disagreement}"
    return text


_SENTENCE_END = re.compile(r"[.!?][\"”’)]*(?=\s|$)")
_SCALE_WORDS = ("thousand", "million", "billion")
_SCALE_LETTERS = {"thousand": "K", "million": "M", "billion": "B"}
_ORG_TAILS = ("Animation", "Studios", "Studio", "Entertainment", "Pictures", "Inc.", "Inc",
              "Ltd", "Group", "Records", "Company", "Corporation", "Media")


def accepted_variants(answer: str, kind: str) -> list[str]:
    """Other spellings a person would count as the answer, from its kind: "20M" and "$20
    million" for an amount, the surname for a person, the short name of an organisation."""
    out: list[str] = []
    words = answer.split()
    if kind in NUMERIC_KINDS and len(words) == 2 and words[1] in _SCALE_WORDS:
        short = f"{words[0]}{_SCALE_LETTERS[words[1]]}"
        out += [short, f"${answer}", f"${short}"]
    elif kind == "person" and len(words) >= 2:
        out.append(words[-1])
    elif kind == "organisation" and len(words) >= 2:
        trimmed = list(words)
        while len(trimmed) > 1 and trimmed[-1] in _ORG_TAILS:
            trimmed.pop()
            out.append(" ".join(trimmed))
    return out


def is_sentence(text: str) -> bool:
    """Whether `text` starts like a sentence and ends like one (a quote to blank as it is)."""
    return re.match(r"[\"“‘(]?[A-Z0-9]", text) is not None and re.search(
        r"[.!?][\"”’)]?$", text) is not None


def sentence_of(text: str, start: int, end: int) -> tuple[int, int]:
    """The offsets of the whole sentence of `text` around `text[start:end]`."""
    begin = 0
    for ended in _SENTENCE_END.finditer(text, 0, start):
        begin = ended.end()
    if (nl := text.rfind("\n", 0, start)) >= begin:
        begin = nl + 1
    m = _SENTENCE_END.search(text, max(end - 1, start))
    stop = m.end() if m else len(text)
    if (nl := text.find("\n", end)) != -1 and nl < stop:
        stop = nl
    while begin < start and text[begin].isspace():
        begin += 1
    return begin, stop


def _boolean(fact: Fact, wrong: list[str], explanation: str, rng: random.Random,
             common: dict[str, Any]) -> Generated | None:
    """The statement, true, or false with a wrong answer swapped in when the quote does not
    still support the swapped version (the checker says)."""
    pattern = whole_word_pattern(fact.answer)
    if len(pattern.findall(fact.statement)) != 1 or not wrong:
        return None

    def made(stem: str, correct: str, why: str) -> Generated:
        return Generated(f"{fact.id}/boolean", "boolean", difficulty=_EASIER[fact.difficulty],
                         question=f"True or false? {stem}", correct_answer=correct,
                         incorrect_answers=["False" if correct == "True" else "True"],
                         explanation=why, **common)

    if rng.random() >= 0.5:
        swapped = pattern.sub(lambda _m: wrong[0], fact.statement)
        false = made(swapped, "False",
                     f"False: the answer is {fact.answer}, not {wrong[0]}. {explanation}")
        if not flaws(false.draft()):
            return false
    return made(fact.statement, "True", f"True. {explanation}")


def _cloze(fact: Fact, texts: dict[str, str], common: dict[str, Any]) -> Generated | None:
    """The quote's whole sentence with the answer blanked, when it reads as a sentence."""
    text = texts.get(fact.quote.article, "")
    if is_sentence(fact.quote.text):  # already one (or two) whole: the drafter's, say
        begin, stop = fact.quote.start, fact.quote.end
    else:
        begin, stop = sentence_of(text, fact.quote.start, fact.quote.end)
    sentence = text[begin:stop]
    pattern = whole_word_pattern(fact.answer)
    if not sentence or len(pattern.findall(sentence)) != 1:
        return None
    stem = f"Fill in the blank: {pattern.sub(BLANK, sentence)}"
    if contains_phrase(stem, fact.answer):
        return None
    source = Quote(fact.quote.article, sentence, begin, stop)
    cloze = Generated(f"{fact.id}/cloze", "cloze", difficulty=_HARDER[fact.difficulty],
                      question=stem, correct_answer=fact.answer, incorrect_answers=[],
                      explanation=_explanation(fact), accepted_answers=_accepted(fact),
                      **{**common, "sources": [source, *fact.also]})
    return None if flaws(cloze.draft()) else cloze


def _accepted(fact: Fact) -> list[str]:
    taken = {answer_key(fact.answer)}
    out = []
    for a in [*fact.accept, *accepted_variants(fact.answer, fact.kind)]:
        if answer_key(a) not in taken:
            taken.add(answer_key(a))
            out.append(a)
    return out


def questions_for(fact: Fact, by_kind: dict[str, list[str]], seed: int,
                  texts: dict[str, str] | None = None) -> list[Generated]:
    """Every variant that `fact` supports: multiple choice, true/false, and one typed
    question: a typed number for a numeric fact (the statement with the number blanked),
    else the quote's sentence blanked when `texts` (article id to text) is given and the
    fact allows it."""
    rng = random.Random(f"{seed}:{fact.id}")
    sources = list(fact.quotes)
    explanation = _explanation(fact)
    common: dict[str, Any] = {"category": fact.category, "fact_id": fact.id, "sources": sources}
    out: list[Generated] = []

    wrong = _distractors(fact, by_kind, fact.question, rng)
    if len(wrong) >= 3:
        out.append(Generated(f"{fact.id}/multiple", "multiple", difficulty=fact.difficulty,
                             question=fact.question, correct_answer=fact.answer,
                             incorrect_answers=wrong, explanation=explanation,
                             accepted_answers=_accepted(fact), **common))

    boolean = _boolean(fact, wrong, explanation, rng, common)
    if boolean is not None:
        out.append(boolean)

    pattern = whole_word_pattern(fact.answer)
    if fact.kind in NUMERIC_KINDS and fact.number is not None:
        if len(pattern.findall(fact.statement)) == 1:
            out.append(Generated(
                f"{fact.id}/numeric", "numeric", difficulty=_HARDER[fact.difficulty],
                question=f"Type the number: {pattern.sub(BLANK, fact.statement)}",
                correct_answer=fact.answer, incorrect_answers=[], explanation=explanation,
                accepted_answers=_accepted(fact), **common))
    elif fact.cloze and texts is not None:
        cloze = _cloze(fact, texts, common)
        if cloze is not None:
            out.append(cloze)
    return out


def generate(corpus: Corpus, seed: int = DEFAULT_SEED) -> list[Generated]:
    """The whole generated bank; a QuizError if a curated fact yields an invalid question."""
    by_kind: dict[str, list[str]] = {}
    for fact in corpus.facts:
        by_kind.setdefault(fact.kind, [])
        if normalise(fact.answer) not in {normalise(a) for a in by_kind[fact.kind]}:
            by_kind[fact.kind].append(fact.answer)
    texts = {a.id: a.text for a in corpus.articles.values()}
    bank: list[Generated] = []
    seen: set[tuple[str, str]] = set()
    blanked: set[str] = set()
    for fact in corpus.facts:
        for q in questions_for(fact, by_kind, seed, texts):
            found = errors(check(q.draft(), texts))
            if found:
                raise QuizError(f"facts: {fact.id}: {q.type} question: {found[0]}")
            key = (normalise(q.question), normalise(q.correct_answer))
            if key in seen:
                raise QuizError(f"facts: {fact.id}: repeats the question {q.question!r}")
            if q.type == "cloze":  # one blank a sentence: the first fact listed keeps it
                if q.sources[0].text in blanked:
                    continue
                blanked.add(q.sources[0].text)
            seen.add(key)
            bank.append(q)
    return bank


@dataclass(frozen=True)
class GenerateReport:
    """What `regenerate` changed."""

    added: int
    updated: int
    kept_edited: int
    removed: int
    unchanged: int = 0


def regenerate(db: Database, corpus: Corpus | None = None, seed: int = DEFAULT_SEED) -> GenerateReport:
    """(Re)build generated questions in `db`, keeping edited and user questions untouched."""
    corpus = corpus or load_corpus(questions_dir())
    bank = generate(corpus, seed)
    added = updated = kept = unchanged = 0
    with db.session(write=True) as s:
        for a in corpus.articles.values():
            s.merge(models.Article(id=a.id, title=a.title, publication=a.publication,
                                   author=a.author, url=a.url, text=a.text,
                                   title_is_descriptive=a.title_is_descriptive))
        for f in corpus.facts:
            s.merge(models.Fact(id=f.id, article_id=f.article, quote=f.quote.text,
                                answer=f.answer, kind=f.kind, category=f.category,
                                difficulty=f.difficulty))
        s.flush()
        existing = {q.id: q for q in s.exec(
            select(models.Question).where(col(models.Question.origin) != "user"))}
        for g in bank:
            row = existing.pop(g.id, None)
            if row is not None and row.origin == "edited":
                row.generated = g.snapshot()
                kept += 1
                continue
            if row is None:
                row = models.Question(id=g.id, origin="generated", fact_id=g.fact_id, type=g.type,
                                      category=g.category, difficulty=g.difficulty,
                                      question=g.question, correct_answer=g.correct_answer)
                s.add(row)
                added += 1
            elif row.generated == g.snapshot() and all(
                    getattr(row, k) == v for k, v in g.snapshot().items() if k != "sources"):
                unchanged += 1
                continue
            else:
                updated += 1
            _apply(s, row, g.snapshot())
        removed = 0
        for stale in existing.values():
            if stale.origin == "generated":
                s.delete(stale)
                removed += 1
    return GenerateReport(added, updated, kept, removed, unchanged)


def _apply(s: Session, row: models.Question, snap: dict[str, Any]) -> None:
    """Set `row` to a generated snapshot, sources included."""
    for name, value in snap.items():
        if name != "sources":
            setattr(row, name, value)
    row.generated = snap
    s.flush()
    s.exec(delete(models.Source).where(col(models.Source.question_id) == row.id))
    for i, src in enumerate(snap["sources"]):
        s.add(models.Source(question_id=row.id, position=i, article_id=src["article"],
                            quote=src["quote"], start=src["start"], end=src["end"]))


def can_restore(db: Database, question_id: str) -> bool:
    """Whether `question_id` exists and has a generated original to go back to."""
    with db.session() as s:
        row = s.get(models.Question, question_id)
        return row is not None and row.generated is not None


def restore(db: Database, question_id: str) -> bool:
    """Put an edited generated question back to its original; False if there is none."""
    with db.session(write=True) as s:
        row = s.get(models.Question, question_id)
        if row is None or row.generated is None:
            return False
        _apply(s, row, row.generated)
        row.origin = "generated"
        row.updated_at = models.utcnow()
        return True
