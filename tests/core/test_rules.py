"""Every validation rule a question must pass (quiz.core.rules + quiz.core.validation.check)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from quiz.core.rules import MAX_ANSWER, MAX_CATEGORY, MAX_EXPLANATION, MAX_QUOTE, MAX_STEM, Draft, problems
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
        "same as the correct answer"),
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
