"""Editing operations: each returns what changed, and applying `before` undoes it exactly."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlmodel import select

from quiz.core import editing, models, search
from quiz.core.bank import cards as make_cards
from quiz.core.editing import SourceRef
from quiz.core.errors import QuizError
from quiz.core.game import MODES, Game
from quiz.core.generate import regenerate
from quiz.core.history import save as save_game

QID = "netflix-new-hit-movie/multiple"


def snapshot(db) -> dict[str, editing.Record]:
    """Every question as stored, to compare whole banks."""
    with db.session() as s:
        ids = list(s.exec(select(models.Question.id)))
    return editing.load(db, ids)


def test_saving_a_generated_question_marks_it_edited(db) -> None:
    old = editing.load(db, [QID])[QID]
    draft = replace(old.draft(), question="Which streaming service is KPop Demon Hunters on?")
    change = editing.save(db, QID, draft, old.sources)
    new = editing.load(db, [QID])[QID]
    assert new.origin == "edited" and new.question.startswith("Which streaming")
    assert change.before == ((QID, old),) and change.after[0][1] == new
    assert not change.structural and change.ids == [QID]


def test_saving_it_back_to_the_original_makes_it_generated_again(db) -> None:
    old = editing.load(db, [QID])[QID]
    editing.save(db, QID, replace(old.draft(), difficulty="hard"), old.sources)
    editing.save(db, QID, old.draft(), old.sources)
    assert editing.load(db, [QID])[QID].origin == "generated"


def test_saving_nothing_new_is_an_empty_change(db) -> None:
    old = editing.load(db, [QID])[QID]
    assert editing.save(db, QID, old.draft(), old.sources).empty


def test_an_invalid_edit_is_refused_and_changes_nothing(db) -> None:
    before = snapshot(db)
    old = before[QID]
    with pytest.raises(QuizError, match="correct_answer: is empty"):
        editing.save(db, QID, replace(old.draft(), correct_answer=""), old.sources)
    with pytest.raises(QuizError, match="not found verbatim"):
        editing.save(db, QID, old.draft(), [SourceRef(old.sources[0].article, "made up")])
    assert snapshot(db) == before


def test_quote_offsets_are_computed_from_the_article(db) -> None:
    old = editing.load(db, [QID])[QID]
    text = editing.article_texts(db)[old.sources[0].article]
    quote = old.sources[0].quote[:30]
    editing.save(db, QID, old.draft(), [SourceRef(old.sources[0].article, quote, 999, 5)])
    src = editing.load(db, [QID])[QID].sources[0]
    assert text[src.start:src.end] == quote


def test_undo_and_redo_of_an_edit(db) -> None:
    before = snapshot(db)
    old = before[QID]
    change = editing.save(db, QID, replace(old.draft(), category="Fans & Culture"), old.sources)
    after = snapshot(db)
    editing.apply(db, change.before)
    assert snapshot(db) == before
    editing.apply(db, change.after)
    assert snapshot(db) == after


def test_add_a_question(db) -> None:
    draft = editing.Record(id="", type="text", category="Sequel", difficulty="easy",
                           question="Which company is Netflix talking to about a sequel?",
                           correct_answer="Sony").draft()
    quote = "Netflix is in talks with Sony to create a sequel"
    change = editing.add(db, draft, [SourceRef("sequel-talks-aria-charts", quote)])
    (qid, rec), = change.after
    assert change.structural and change.before == ((qid, None),)
    stored = editing.load(db, [qid])[qid]
    assert stored.origin == "user" and stored.sources[0].start == 0
    editing.apply(db, change.before)
    assert editing.load(db, [qid]) == {}


def test_add_refuses_an_invalid_question(db) -> None:
    draft = editing.Record(id="", type="multiple", category="Sequel", difficulty="easy",
                           question="Who?", correct_answer="Sony").draft()
    with pytest.raises(QuizError, match="incorrect_answers"):
        editing.add(db, draft)


def test_duplicate_makes_user_copies(db) -> None:
    change = editing.duplicate(db, [QID, "no-such-question"])
    (copy_id, copy), = change.after
    assert copy is not None and copy_id != QID
    assert copy.origin == "user" and copy.generated is None
    assert editing.content(copy) == editing.content(editing.load(db, [QID])[QID])


def _play_one_game(db) -> None:
    with db.session() as s:
        cards = make_cards(s, [QID])
    game = Game(cards, MODES["practice"])
    game.start()
    game.answer(cards[0].correct_answer, 1.0)
    game.next()
    save_game(db, "Mira", game.finish())


def test_delete_and_undo_keep_players_answers(db) -> None:
    _play_one_game(db)
    before = snapshot(db)
    change = editing.delete_questions(db, [QID, "netflix-new-hit-movie/boolean"])
    assert change.label == "Delete 2 questions" and change.structural
    assert QID not in editing.load(db, [QID])
    with db.session() as s:
        linked = s.exec(select(models.Answer).where(models.Answer.question_id == QID)).all()
    assert linked == []
    editing.apply(db, change.before)
    assert snapshot(db) == before
    assert search.rows(db, [QID])[QID].played == 1


def test_bulk_change_of_category_and_difficulty(db) -> None:
    ids = [QID, "netflix-new-hit-movie/boolean"]
    change = editing.bulk_change(db, ids, category="Fans & Culture", difficulty="hard")
    rows = editing.load(db, ids)
    assert {(r.category, r.difficulty, r.origin) for r in rows.values()} == {
        ("Fans & Culture", "hard", "edited")}
    assert change.label == "Change category and difficulty of 2 questions"
    editing.apply(db, change.before)
    assert {r.origin for r in editing.load(db, ids).values()} == {"generated"}


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"category": "  "}, "category: is empty"),
    ({"category": "c" * 61}, "at most 60"),
    ({"difficulty": "brutal"}, "difficulty: must be one of"),
])
def test_bulk_change_refuses_bad_values(db, kwargs, message) -> None:
    before = snapshot(db)
    with pytest.raises(QuizError, match=message):
        editing.bulk_change(db, [QID], **kwargs)
    assert snapshot(db) == before


def test_restore_original_and_undo_it(db) -> None:
    old = editing.load(db, [QID])[QID]
    editing.save(db, QID, replace(old.draft(), explanation="Mine."), old.sources)
    edited = editing.load(db, [QID])[QID]
    change = editing.restore(db, QID)
    assert editing.content(editing.load(db, [QID])[QID]) == editing.content(old)
    assert editing.load(db, [QID])[QID].origin == "generated"
    editing.apply(db, change.before)
    assert editing.load(db, [QID])[QID] == edited


def test_a_user_question_has_no_original(db) -> None:
    (qid, _), = editing.duplicate(db, [QID]).after
    with pytest.raises(QuizError, match="no generated original"):
        editing.restore(db, qid)


def test_generate_keeps_edits_and_can_restore(db) -> None:
    old = editing.load(db, [QID])[QID]
    editing.save(db, QID, replace(old.draft(), explanation="Mine."), old.sources)
    regenerate(db)
    assert editing.load(db, [QID])[QID].explanation == "Mine."
    editing.restore(db, QID)
    assert editing.load(db, [QID])[QID].explanation == old.explanation


def test_search_follows_every_change(db) -> None:
    old = editing.load(db, [QID])[QID]
    word = "zebracorn"
    assert search.count(db, search.Filter(word)) == 0
    change = editing.save(db, QID, replace(old.draft(), explanation="x",
                                           incorrect_answers=["Hulu", "Max", word]),
                          old.sources)
    assert [r.id for r in search.page(db, search.Filter(word))] == [QID]
    editing.apply(db, change.before)
    assert search.count(db, search.Filter(word)) == 0
    deleted = editing.delete_questions(db, [QID])
    assert search.count(db, search.Filter("new hit movie")) >= 0
    assert QID not in {r.id for r in search.page(db, search.Filter("captivated"), limit=1000)}
    editing.apply(db, deleted.before)
    assert QID in {r.id for r in search.page(db, search.Filter("captivated"), limit=1000)}


def test_an_imported_record_is_the_record_the_dataclass_builds() -> None:
    values = dict(id="q1", type="multiple", category="Music", difficulty="easy",
                  question="Which song?", correct_answer="Golden",
                  incorrect_answers=("Soda Pop",), accepted_answers=(), explanation="",
                  origin="user", fact_id=None, sources=(SourceRef("a", "Golden", 0, 6),))
    fast, plain = editing.imported_record(**values), editing.Record(**values)
    assert vars(fast) == vars(plain)  # every field, those left out of == as well
    assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
    assert replace(fast, origin="edited") == replace(plain, origin="edited")
    with pytest.raises(AttributeError):
        fast.origin = "edited"  # type: ignore[misc]


def test_located_keeps_right_offsets_and_finds_wrong_ones() -> None:
    texts = {"a": "Huntr/x sang Golden. Golden topped the charts."}
    right, wrong = SourceRef("a", "Golden", 21, 27), SourceRef("a", "Golden", 0, 6)
    assert editing.located([right, wrong, SourceRef("b", "Golden")], texts) == (
        right, SourceRef("a", "Golden", 13, 19), SourceRef("b", "Golden", -1, -1))
