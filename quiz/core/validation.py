"""Every check a question must pass before it is stored: `quiz.core.rules` plus the caps on
counts and on accepted answers that rules.problems does not check itself, then the question
checker (`quiz.core.checker`).

One function for the editor and every importer, so a question the editor refuses is refused
by `quiz import` too, with the same words. Problems whose severity is "warning" are shown and
never refused: `errors` keeps the rest.
"""

from __future__ import annotations

from collections.abc import Iterable

from quiz.core.checker import flaws
from quiz.core.rules import MAX_ANSWER, MAX_INCORRECT, Draft, Problem, problems

MAX_SOURCES = 5


def check(q: Draft, articles: dict[str, str] | None = None,
          warnings: bool = True) -> list[Problem]:
    """Every rule `q` breaks, errors first (no errors: it can be saved). `articles` maps id to
    text. `warnings=False` leaves the checker's warnings out (an import only refuses)."""
    out = problems(q, articles)
    if len(q.incorrect_answers) > MAX_INCORRECT and not any(
            p.field == "incorrect_answers" for p in out):
        out.append(Problem("incorrect_answers", f"at most {MAX_INCORRECT} wrong answers"))
    for i, accepted in enumerate(q.accepted_answers, 1):
        if not accepted.strip():
            out.append(Problem(f"accepted_answers[{i}]", "is empty"))
        elif len(accepted) > MAX_ANSWER:
            out.append(Problem(f"accepted_answers[{i}]",
                               f"is {len(accepted)} characters long (at most {MAX_ANSWER})"))
    if len(q.sources) > MAX_SOURCES:
        out.append(Problem("sources", f"at most {MAX_SOURCES} sources"))
    for i, (article, _quote) in enumerate(q.sources, 1):
        if not article.strip():  # rules would call it "unknown article ''"
            name = f"sources[{i}].article"
            out = [p for p in out if p.field != name] + [Problem(name, "is empty")]
    if q.question.strip() and q.correct_answer.strip():
        found = flaws(q, warnings)
        if found:
            out += [f for f in found if f.is_error] + [f for f in found if not f.is_error]
    return out


def errors(found: Iterable[Problem]) -> list[Problem]:
    """The problems that refuse a question (not the checker's warnings)."""
    return [p for p in found if p.is_error]
