"""What makes a question valid: one set of rules for the generator, importers and the editor."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from quiz.core.content import DIFFICULTIES
from quiz.core.text import answer_key, contains_normalised, normalise

TYPES = ("multiple", "boolean", "cloze", "numeric", "text")
TYPED = frozenset({"cloze", "numeric", "text"})

# Caps on each piece of a question (bank files are not capped by size, only by piece).
MAX_STEM = 1000
MAX_ANSWER = 200
MAX_EXPLANATION = 4000
MAX_QUOTE = 4000
MAX_CATEGORY = 60
MAX_ID = 120
MAX_INCORRECT = 3  # four answer buttons at most
MAX_ACCEPTED = 20


@dataclass
class Draft:
    """A question as an editor or a file gives it, before it is stored."""

    type: str
    category: str
    difficulty: str
    question: str
    correct_answer: str
    incorrect_answers: list[str] = field(default_factory=list)
    accepted_answers: list[str] = field(default_factory=list)
    explanation: str = ""
    sources: list[tuple[str, str]] = field(default_factory=list)  # (article id, quote)


@dataclass(frozen=True)
class Problem:
    """A rule a question breaks: the field it concerns and a message for a person, with the
    rule's name and severity when the question checker (`quiz.core.checker`) found it. An
    error is refused; a warning is shown."""

    field: str
    message: str
    rule: str = ""
    severity: str = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        return f"{self.field}: {self.text}"

    @property
    def text(self) -> str:
        """The message, with the checker's rule name when there is one."""
        return f"{self.message} (rule {self.rule})" if self.rule else self.message


def _length(problems: list[Problem], name: str, value: str, cap: int, required: bool) -> None:
    if required and not value.strip():
        problems.append(Problem(name, "is empty"))
    elif len(value) > cap:
        problems.append(Problem(name, f"is {len(value)} characters long (at most {cap})"))


def problems(q: Draft, articles: dict[str, str] | None = None) -> list[Problem]:
    """Every rule `q` breaks; empty when it can be saved. `articles` maps id to text."""
    # Each check costs a comparison when it passes (an import checks a million questions);
    # _length builds the message when one fails.
    out: list[Problem] = []
    if q.type not in TYPES:
        out.append(Problem("type", f"must be one of {', '.join(TYPES)}"))
    if q.difficulty not in DIFFICULTIES:
        out.append(Problem("difficulty", f"must be one of {', '.join(DIFFICULTIES)}"))
    category, stem, correct, wrongs = q.category, q.question, q.correct_answer, \
        q.incorrect_answers
    if len(category) > MAX_CATEGORY or not category.strip():
        _length(out, "category", category, MAX_CATEGORY, True)
    stated = bool(stem.strip())
    if len(stem) > MAX_STEM or not stated:
        _length(out, "question", stem, MAX_STEM, True)
    answered = bool(correct.strip())
    if len(correct) > MAX_ANSWER or not answered:
        _length(out, "correct_answer", correct, MAX_ANSWER, True)
    if len(q.explanation) > MAX_EXPLANATION:
        _length(out, "explanation", q.explanation, MAX_EXPLANATION, False)
    for i, wrong in enumerate(wrongs, 1):
        if len(wrong) > MAX_ANSWER or not wrong.strip():
            _length(out, f"incorrect_answers[{i}]", wrong, MAX_ANSWER, True)
    if len(q.accepted_answers) > MAX_ACCEPTED:
        out.append(Problem("accepted_answers", f"more than {MAX_ACCEPTED}"))
    answer = normalise(correct)
    if len(wrongs) > 1:
        out += _repeated(tuple(wrongs))
    if q.type == "multiple" and not 1 <= len(wrongs) <= MAX_INCORRECT:
        out.append(Problem("incorrect_answers", f"a multiple-choice question needs 1 to "
                                                f"{MAX_INCORRECT} wrong answers"))
    if q.type == "boolean":
        if correct not in ("True", "False"):
            out.append(Problem("correct_answer", "must be True or False"))
        elif wrongs != [("False" if correct == "True" else "True")]:
            out.append(Problem("incorrect_answers", "must be the other of True/False"))
    elif stated and answered and contains_normalised(stem, answer):
        out.append(Problem("question", "gives the answer away"))
    for i, (article, quote) in enumerate(q.sources, 1):
        quoted = bool(quote.strip())
        if len(quote) > MAX_QUOTE or not quoted:
            _length(out, f"sources[{i}].quote", quote, MAX_QUOTE, True)
        if articles is not None and quoted:
            if article not in articles:
                out.append(Problem(f"sources[{i}].article", f"unknown article {article!r}"))
            elif not _verbatim(quote, articles[article]):
                out.append(Problem(f"sources[{i}].quote", "is not found verbatim in the article"))
    return out


@functools.lru_cache(maxsize=4096)
def _repeated(wrongs: tuple[str, ...]) -> tuple[Problem, ...]:
    """The wrong answers that repeat an earlier one once normalised (the matcher's own key:
    for the checker to name when it is the correct answer, here when two wrong ones are
    one). Kept per list: a bank offers the same wrong answers under many stems."""
    out = []
    seen: set[str] = set()
    for i, key in enumerate(map(answer_key, wrongs), 1):
        if key in seen:
            out.append(Problem(f"incorrect_answers[{i}]", "repeats another wrong answer"))
        seen.add(key)
    return tuple(out)


@functools.lru_cache(maxsize=4096)
def _verbatim(quote: str, text: str) -> bool:
    """Whether `quote` is found in `text` as it is (a bank cites the same sentences again
    and again; an article's text hashes once)."""
    return quote in text
