"""Tolerant answer matching: case, punctuation, number words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.core.text import answers_match, normalise, parse_number


@pytest.mark.parametrize(("given", "correct"), [
    ("golden", "Golden"), ("  GOLDEN!  ", "Golden"), ("eight", "8"), ("No. 8", "8"),
    ("8", "No. 8"), ("huntrx", "Huntr/x"), ("huntr x", "Huntr/x"), ("sixth", "6"),
    ("twenty-one", "21"), ("240", "240 million"), ("240,000,000", "240 million"),
    ("the saja boys", "Saja Boys"), ("didn’t think it would land", "didn't think it would land"),
])
def test_equivalent_answers_match(given: str, correct: str) -> None:
    assert answers_match(given, correct)


@pytest.mark.parametrize(("given", "correct"), [
    ("Soda Pop", "Golden"), ("9", "8"), ("", "Golden"), ("   ", "8"), ("236", "240 million"),
    ("80", "8"),
])
def test_different_answers_do_not_match(given: str, correct: str) -> None:
    assert not answers_match(given, correct)


def test_accepted_spellings_match() -> None:
    assert answers_match("Huntrix", "Huntr/x", ["Huntrix"])


def test_parse_number() -> None:
    assert parse_number("No. 3") == 3
    assert parse_number("over 20 million") == 20_000_000
    assert parse_number("eighty-five") == 85
    assert parse_number("Golden") is None


@given(st.text(max_size=60), st.text(max_size=60))
def test_matching_never_raises_and_is_reflexive(a: str, b: str) -> None:
    answers_match(a, b)
    if normalise(a):
        assert answers_match(a, a)
