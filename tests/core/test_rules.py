"""Every validation rule a question must pass (quiz.core.rules + quiz.core.validation.check)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.core.content import DIFFICULTIES
from quiz.core.rules import (
    MAX_ACCEPTED,
    MAX_ANSWER,
    MAX_CATEGORY,
    MAX_EXPLANATION,
    MAX_INCORRECT,
    MAX_QUOTE,
    MAX_STEM,
    TYPES,
    Draft,
    Problem,
    problems,
)
from quiz.core.text import contains_phrase, normalise
from quiz.core.validation import MAX_SOURCES, check

ARTICLE = "Huntr/x sang Golden. Golden topped the charts in July."
ARTICLES = {"art": ARTICLE}


def good(**changes: object) -> Draft:
    base = Draft(type="multiple", category="Music & Charts", difficulty="easy",
                 question="Which song topped the charts in July?", correct_answer="Golden",
                 incorrect_answers=["Soda Pop", "Takedown", "Your Idol"],
                 accepted_answers=["Golden (song)"], explanation="It did.",
                 sources=[("art", "Golden topped the charts in July.")])
    return replace(base, **changes)  # type: ignore[arg-type]


def fields(q: Draft) -> set[str]:
    return {p.field for p in check(q, ARTICLES)}


def test_a_good_question_has_no_problems() -> None:
    assert check(good(), ARTICLES) == []
    assert problems(good(), ARTICLES) == []


CASES: dict[str, tuple[Callable[[], Draft], str, str]] = {
    "empty stem": (lambda: good(question="  "), "question", "is empty"),
    "stem too long": (lambda: good(question="x" * (MAX_STEM + 1)), "question", "at most"),
    "no correct answer": (lambda: good(correct_answer=""), "correct_answer", "is empty"),
    "answer too long": (lambda: good(correct_answer="x" * (MAX_ANSWER + 1)), "correct_answer",
                        "at most"),
    "unknown type": (lambda: good(type="essay"), "type", "must be one of"),
    "unknown difficulty": (lambda: good(difficulty="brutal"), "difficulty", "must be one of"),
    "empty category": (lambda: good(category=""), "category", "is empty"),
    "category too long": (lambda: good(category="c" * (MAX_CATEGORY + 1)), "category",
                          "at most"),
    "explanation too long": (lambda: good(explanation="e" * (MAX_EXPLANATION + 1)),
                             "explanation", "at most"),
    "distractor equal to the answer": (
        lambda: good(incorrect_answers=["Soda Pop", "golden!"]), "incorrect_answers[2]",
        "is the same as the correct answer 'Golden' once normalised"),
    "duplicate distractors": (lambda: good(incorrect_answers=["Soda Pop", "soda pop"]),
                              "incorrect_answers[2]", "repeats"),
    "empty distractor": (lambda: good(incorrect_answers=["Soda Pop", " "]),
                         "incorrect_answers[2]", "is empty"),
    "distractor too long": (lambda: good(incorrect_answers=["x" * (MAX_ANSWER + 1)]),
                            "incorrect_answers[1]", "at most"),
    "multiple choice without wrong answers": (lambda: good(incorrect_answers=[]),
                                              "incorrect_answers", "1 to 3"),
    "multiple choice with five choices": (
        lambda: good(incorrect_answers=["A1", "B2", "C3", "D4"]), "incorrect_answers", "1 to 3"),
    "typed question with too many wrong answers": (
        lambda: good(type="text", incorrect_answers=["A1", "B2", "C3", "D4"]),
        "incorrect_answers", "at most 3"),
    "true/false answer not True or False": (
        lambda: good(type="boolean", correct_answer="Yes", incorrect_answers=["No"]),
        "correct_answer", "True or False"),
    "true/false without the other choice": (
        lambda: good(type="boolean", correct_answer="True", incorrect_answers=["True"]),
        "incorrect_answers", "other of True/False"),
    "answer given away in the stem": (
        lambda: good(question="Did Golden top the charts in July?"), "question",
        "gives the answer away"),
    "empty accepted answer": (lambda: good(accepted_answers=[""]), "accepted_answers[1]",
                              "is empty"),
    "accepted answer too long": (lambda: good(accepted_answers=["a" * (MAX_ANSWER + 1)]),
                                 "accepted_answers[1]", "at most"),
    "too many accepted answers": (lambda: good(accepted_answers=[f"a{i}" for i in range(21)]),
                                  "accepted_answers", "more than 20"),
    "quote not in the article": (lambda: good(sources=[("art", "Golden topped the charts.")]),
                                 "sources[1].quote", "not found verbatim"),
    "quote differs only in quotes style": (
        lambda: good(sources=[("art", "Huntr/x sang “Golden”.")]), "sources[1].quote",
        "not found verbatim"),
    "empty quote": (lambda: good(sources=[("art", "")]), "sources[1].quote", "is empty"),
    "quote too long": (lambda: good(sources=[("art", "q" * (MAX_QUOTE + 1))]),
                       "sources[1].quote", "at most"),
    "unknown article": (lambda: good(sources=[("nope", "Golden")]), "sources[1].article",
                        "unknown article"),
    "source without an article": (lambda: good(sources=[("", "Golden")]), "sources[1].article",
                                  "is empty"),
    "too many sources": (lambda: good(sources=[("art", "Golden")] * (MAX_SOURCES + 1)),
                         "sources", f"at most {MAX_SOURCES}"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_rule_names_its_field(case: str) -> None:
    make, field, words = CASES[case]
    found = [p for p in check(make(), ARTICLES) if p.field == field]
    assert found, f"{case}: expected a problem with {field}, got {check(make(), ARTICLES)}"
    assert words in found[0].message
    assert str(found[0]).startswith(f"{field}: ")


def test_answers_are_compared_as_a_person_would() -> None:
    # "8" and "eight", case and punctuation do not make two answers different.
    q = good(question="How many weeks at number one?", correct_answer="8",
             incorrect_answers=["Eight", "6"], sources=[])
    assert fields(q) == {"incorrect_answers[1]"}


def test_typed_questions_need_no_wrong_answers() -> None:
    assert check(good(type="cloze", incorrect_answers=[]), ARTICLES) == []
    assert check(good(type="numeric", question="How many?", correct_answer="8",
                      incorrect_answers=[]), ARTICLES) == []


def test_a_true_false_question_is_valid_with_the_other_choice() -> None:
    q = good(type="boolean", question="True or false? Golden topped the charts.",
             correct_answer="True", incorrect_answers=["False"])
    assert check(q, ARTICLES) == []


def test_quotes_are_not_checked_without_article_texts() -> None:
    assert check(good(sources=[("elsewhere", "anything")])) == []


def test_every_problem_is_reported_not_just_the_first() -> None:
    q = good(question="", correct_answer="", difficulty="?", sources=[("art", "nope")])
    assert {"question", "correct_answer", "difficulty", "sources[1].quote"} <= fields(q)


# -- problems() and check() give what the plain implementation gives ----------------------------
# problems() builds a message only for a rule that fails and normalises the answer once; both
# functions are held to the implementation they replaced, kept here as it was.


def _plain_length(out: list[Problem], name: str, value: str, cap: int, required: bool) -> None:
    if required and not value.strip():
        out.append(Problem(name, "is empty"))
    elif len(value) > cap:
        out.append(Problem(name, f"is {len(value)} characters long (at most {cap})"))


def plain_problems(q: Draft, articles: dict[str, str] | None = None) -> list[Problem]:
    out: list[Problem] = []
    if q.type not in TYPES:
        out.append(Problem("type", f"must be one of {', '.join(TYPES)}"))
    if q.difficulty not in DIFFICULTIES:
        out.append(Problem("difficulty", f"must be one of {', '.join(DIFFICULTIES)}"))
    _plain_length(out, "category", q.category, MAX_CATEGORY, True)
    _plain_length(out, "question", q.question, MAX_STEM, True)
    _plain_length(out, "correct_answer", q.correct_answer, MAX_ANSWER, True)
    _plain_length(out, "explanation", q.explanation, MAX_EXPLANATION, False)
    for i, wrong in enumerate(q.incorrect_answers, 1):
        _plain_length(out, f"incorrect_answers[{i}]", wrong, MAX_ANSWER, True)
    if len(q.accepted_answers) > MAX_ACCEPTED:
        out.append(Problem("accepted_answers", f"more than {MAX_ACCEPTED}"))
    # A wrong answer equal to the answer is the question checker's rule (answer-among-wrong);
    # two wrong answers are one when the matcher's key (normalised, no spaces) is.
    seen: set[str] = set()
    for i, wrong in enumerate(q.incorrect_answers, 1):
        key = normalise(wrong).replace(" ", "")
        if key in seen:
            out.append(Problem(f"incorrect_answers[{i}]", "repeats another wrong answer"))
        seen.add(key)
    if q.type == "multiple" and not 1 <= len(q.incorrect_answers) <= MAX_INCORRECT:
        out.append(Problem("incorrect_answers", f"a multiple-choice question needs 1 to "
                                                f"{MAX_INCORRECT} wrong answers"))
    if q.type == "boolean":
        if q.correct_answer not in ("True", "False"):
            out.append(Problem("correct_answer", "must be True or False"))
        elif q.incorrect_answers != [("False" if q.correct_answer == "True" else "True")]:
            out.append(Problem("incorrect_answers", "must be the other of True/False"))
    elif q.question.strip() and q.correct_answer.strip() and contains_phrase(q.question,
                                                                              q.correct_answer):
        out.append(Problem("question", "gives the answer away"))
    for i, (article, quote) in enumerate(q.sources, 1):
        _plain_length(out, f"sources[{i}].quote", quote, MAX_QUOTE, True)
        if articles is not None and quote.strip():
            if article not in articles:
                out.append(Problem(f"sources[{i}].article", f"unknown article {article!r}"))
            elif quote not in articles[article]:
                out.append(Problem(f"sources[{i}].quote", "is not found verbatim in the article"))
    return out


def plain_check(q: Draft, articles: dict[str, str] | None = None) -> list[Problem]:
    out = plain_problems(q, articles)
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
        if not article.strip():
            name = f"sources[{i}].article"
            out = [p for p in out if p.field != name] + [Problem(name, "is empty")]
    return out


def _sized(cap: int) -> st.SearchStrategy[str]:
    """Texts around `cap` characters (and blank ones), where the length rules turn."""
    return st.sampled_from(["", " ", "\t\n", "x" * cap, "x" * (cap + 1), " " * (cap + 1)])


ANSWERS = st.one_of(st.sampled_from(["Golden", "golden!", "GOLDEN", "the Golden", "8", "eight",
                                     "No. 8", "Eight", "True", "False", "true", "Soda Pop",
                                     "soda pop", "", " ", "July", "charts", "Huntr/x",
                                     "&", "and"]), _sized(MAX_ANSWER), st.text(max_size=12))
DRAFTS = st.builds(
    Draft,
    type=st.sampled_from([*TYPES, "essay", ""]),
    category=st.one_of(st.sampled_from(["Music & Charts", "Story"]), _sized(MAX_CATEGORY)),
    difficulty=st.sampled_from([*DIFFICULTIES, "brutal", ""]),
    question=st.one_of(st.sampled_from(["Which song topped the charts in July?",
                                        "Did Golden top the charts in July?",
                                        "How many weeks at number eight?",
                                        "True or false? Golden topped the charts."]),
                       _sized(MAX_STEM), st.text(max_size=40)),
    correct_answer=ANSWERS,
    incorrect_answers=st.lists(ANSWERS, max_size=5),
    accepted_answers=st.one_of(st.lists(ANSWERS, max_size=3),
                               st.lists(st.just("a"), min_size=20, max_size=22)),
    explanation=st.one_of(st.just("It did."), _sized(MAX_EXPLANATION)),
    sources=st.lists(st.tuples(st.sampled_from(["art", "nope", "", " "]),
                               st.one_of(st.sampled_from(["Golden topped the charts in July.",
                                                          "Golden", "not there", "", " "]),
                                         _sized(MAX_QUOTE))), max_size=MAX_SOURCES + 1),
)


@settings(max_examples=3000, deadline=None, database=None)
@given(DRAFTS, st.sampled_from([ARTICLES, None, {}]))
def test_problems_and_check_are_the_plain_implementation(
        q: Draft, articles: dict[str, str] | None) -> None:
    assert problems(q, articles) == plain_problems(q, articles)
    # check() adds the question checker's findings (each with its rule) to what it checked.
    assert [p for p in check(q, articles) if not p.rule] == plain_check(q, articles)
