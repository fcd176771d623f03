"""The whole generated bank obeys the distractor and citation rules (every question, no sample)."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlmodel import select

from quiz.core import models
from quiz.core.content import load_corpus
from quiz.core.generate import BLANK, generate, regenerate, restore
from quiz.core.paths import questions_dir
from quiz.core.rules import problems
from quiz.core.text import contains_phrase, normalise


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(questions_dir())


@pytest.fixture(scope="module")
def bank(corpus):
    return generate(corpus)


def test_bank_size_and_mix(bank, corpus) -> None:
    assert 140 <= len(bank) <= 600
    types = Counter(q.type for q in bank)
    assert set(types) == {"multiple", "boolean", "cloze", "numeric"}
    assert {q.difficulty for q in bank} == {"easy", "medium", "hard"}
    assert len({q.fact_id for q in bank}) == len(corpus.facts)


def test_no_distractor_equals_the_answer(bank) -> None:
    for q in bank:
        answer = normalise(q.correct_answer)
        assert all(normalise(w) != answer for w in q.incorrect_answers), q.id
        for accepted in q.accepted_answers:
            assert all(normalise(w) != normalise(accepted) for w in q.incorrect_answers), q.id


def test_no_duplicate_choices(bank) -> None:
    for q in bank:
        choices = [normalise(c) for c in (q.correct_answer, *q.incorrect_answers)]
        assert len(choices) == len(set(choices)), q.id
        if q.type == "multiple":
            assert len(choices) == 4, q.id


def test_answer_never_leaks_into_the_stem(bank) -> None:
    for q in bank:
        if q.type != "boolean":
            assert not contains_phrase(q.question, q.correct_answer), q.id


def test_no_two_questions_share_stem_and_answer(bank) -> None:
    keys = Counter((normalise(q.question), normalise(q.correct_answer)) for q in bank)
    assert [k for k, n in keys.items() if n > 1] == []
    assert len({q.id for q in bank}) == len(bank)


def test_every_question_passes_the_rules_and_cites_verbatim(bank, corpus) -> None:
    texts = {a.id: a.text for a in corpus.articles.values()}
    for q in bank:
        assert problems(q.draft(), texts) == [], q.id
        assert q.sources, q.id
        for src in q.sources:
            assert texts[src.article][src.start : src.end] == src.text, q.id
        assert q.explanation.strip().endswith((".", "!", "?", "\"", "”")), q.id


def test_cloze_blanks_the_answer_in_the_real_quote(bank) -> None:
    for q in (q for q in bank if q.type == "cloze"):
        assert BLANK in q.question
        filled = q.question.removeprefix("Fill in the blank: ").replace(BLANK, q.correct_answer)
        assert filled == q.sources[0].text, q.id


def test_false_statements_swap_in_a_real_distractor(bank, corpus) -> None:
    facts = {f.id: f for f in corpus.facts}
    booleans = [q for q in bank if q.type == "boolean"]
    assert {q.correct_answer for q in booleans} == {"True", "False"}
    for q in booleans:
        fact = facts[q.fact_id]
        if q.correct_answer == "True":
            assert q.question == f"True or false? {fact.statement}"
        else:
            assert q.question != f"True or false? {fact.statement}"
            assert fact.answer in q.explanation


def test_disagreements_are_said_and_both_sources_cited(bank, corpus) -> None:
    disputed = {f.id for f in corpus.facts if f.disagreement}
    for q in (q for q in bank if q.fact_id in disputed):
        assert "Another report differs:" in q.explanation, q.id
        assert {s.article for s in q.sources} == set(corpus.articles), q.id


def test_generation_is_deterministic_for_a_seed(corpus) -> None:
    assert [q.snapshot() for q in generate(corpus, 7)] == [q.snapshot() for q in generate(corpus, 7)]


def test_regenerate_keeps_edited_and_user_questions(db) -> None:
    with db.session() as s:
        q = s.get(models.Question, "golden-hot-100/multiple") or s.exec(
            select(models.Question).where(models.Question.type == "multiple")).first()
        qid = q.id
        original = q.question
        q.question = "An editor's better wording?"
        q.origin = "edited"
        s.add(models.Question(id="user-1", type="text", category="Mine", difficulty="easy",
                              question="Who wrote this?", correct_answer="Me", origin="user"))
    report = regenerate(db)
    assert report.kept_edited == 1 and report.added == 0
    with db.session() as s:
        assert s.get(models.Question, qid).question == "An editor's better wording?"
        assert s.get(models.Question, "user-1").question == "Who wrote this?"
    assert restore(db, qid)
    with db.session() as s:
        back = s.get(models.Question, qid)
        assert (back.question, back.origin) == (original, "generated")
