"""A player's progress page and resetting scores."""

from __future__ import annotations

import pytest
from sqlmodel import col, func, select

from quiz.core import leaderboard, models, progress
from quiz.core.bank import draw
from quiz.core.errors import QuizError
from quiz.core.game import mode
from tests.core.test_leaderboard import add_game


def questions(db, category: str, n: int) -> list[models.Question]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return list(s.exec(select(models.Question).where(models.Question.category == category)
                           .order_by(col(models.Question.id)).limit(n)))


def answer(db, game_id: int, question_id: str, correct: bool) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        position = s.exec(select(func.count()).select_from(models.Answer)
                          .where(models.Answer.game_id == game_id)).one()
        s.add(models.Answer(game_id=game_id, question_id=question_id, position=position,
                            given="x", correct=correct))


def test_games_best_and_average_per_mode(db) -> None:  # type: ignore[no-untyped-def]
    add_game(db, "Mira", "classic", score=1000, correct=8, total=10, minute=1)
    add_game(db, "mira", "classic", score=500, correct=4, total=10, minute=2)
    add_game(db, "Mira", "practice", score=300, correct=3, total=5, minute=3)
    add_game(db, "Mira", "classic", score=9999, status="abandoned", minute=4)
    add_game(db, "Rumi", "classic", score=2000, minute=5)
    page = progress.progress(db, " MIRA ")
    assert page.player == "Mira"
    assert page.games == 3 and page.abandoned == 1
    classic, practice = page.modes
    assert (classic.mode, classic.games, classic.best, classic.average) == ("classic", 2, 1000,
                                                                             750.0)
    assert classic.accuracy == pytest.approx(12 / 20)
    assert (practice.label, practice.games, practice.best) == ("Practice", 1, 300)
    assert [(p.mode, p.score) for p in page.history] == [("classic", 1000), ("classic", 500),
                                                          ("practice", 300)]


def test_accuracy_by_category(db) -> None:  # type: ignore[no-untyped-def]
    music = questions(db, "Music & Charts", 3)
    sequel = questions(db, "Sequel", 2)
    g1 = add_game(db, "Zoey", "classic", minute=1)
    g2 = add_game(db, "Zoey", "practice", minute=2)
    g3 = add_game(db, "Zoey", "classic", status="abandoned", minute=3)
    other = add_game(db, "Rumi", "classic", minute=4)
    answer(db, g1, music[0].id, True)
    answer(db, g1, music[1].id, False)
    answer(db, g2, music[2].id, True)
    answer(db, g3, music[0].id, True)  # unfinished games' answers still count
    answer(db, g1, sequel[0].id, False)
    answer(db, g2, sequel[1].id, False)
    answer(db, other, sequel[0].id, True)  # someone else's
    cats = {c.category: (c.correct, c.answered) for c in progress.progress(db, "zoey").categories}
    assert cats == {"Music & Charts": (3, 4), "Sequel": (0, 2)}
    page = progress.progress(db, "Zoey")
    assert [c.category for c in page.categories] == ["Music & Charts", "Sequel"]
    assert page.categories[0].accuracy == 0.75


def test_most_missed_facts_group_question_variants(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        fact = s.exec(select(models.Fact).order_by(col(models.Fact.id))).first()
        assert fact is not None
        variants = list(s.exec(select(models.Question.id)
                               .where(models.Question.fact_id == fact.id)))
        other = s.exec(select(models.Question).where(col(models.Question.fact_id).is_not(None),
                                                     models.Question.fact_id != fact.id)).first()
        assert other is not None
        s.add(models.Question(id="user-q1", type="text", category="Sequel", difficulty="easy",
                              question="Who wrote this question?", correct_answer="A fan",
                              origin="user"))
    assert len(variants) >= 2
    g = add_game(db, "Jinu", "classic")
    answer(db, g, variants[0], False)
    answer(db, g, variants[1], False)
    answer(db, g, variants[0], True)
    answer(db, g, other.id, False)
    answer(db, g, "user-q1", False)
    answer(db, g, "user-q1", True)
    missed = progress.progress(db, "Jinu").missed
    assert [(m.key, m.misses, m.attempts) for m in missed] == [
        (fact.id, 2, 3), ("user-q1", 1, 2), (other.fact_id, 1, 1)]  # ties: latest miss first
    assert (missed[0].text, missed[0].answer, missed[0].category) == (fact.quote, fact.answer,
                                                                      fact.category)
    assert (missed[1].text, missed[1].answer) == ("Who wrote this question?", "A fan")
    assert len(progress.progress(db, "Jinu", missed_limit=1).missed) == 1


def test_nothing_missed_and_unknown_player(db) -> None:  # type: ignore[no-untyped-def]
    [q] = questions(db, "Sequel", 1)
    g = add_game(db, "Perfect", "classic")
    answer(db, g, q.id, True)
    page = progress.progress(db, "Perfect")
    assert page.missed == [] and page.categories[0].accuracy == 1.0
    with pytest.raises(QuizError, match="no player called 'Nobody'"):
        progress.progress(db, " Nobody ")


def test_players_with_games_in_alphabetical_order(db) -> None:  # type: ignore[no-untyped-def]
    add_game(db, "zoey")
    add_game(db, "Baby Saja", status="abandoned")
    add_game(db, "<i>Abby</i>")
    add_game(db, "ZOEY")
    assert progress.players_with_games(db) == ["<i>Abby</i>", "Baby Saja", "zoey"]
    assert progress.named_players(db) == [("<i>Abby</i>", "<i>abby</i>"),
                                          ("Baby Saja", "baby saja"), ("zoey", "zoey")]


def _count(db, table) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return s.exec(select(func.count()).select_from(table)).one()


def test_reset_one_player_names_the_loss_and_keeps_others(db) -> None:  # type: ignore[no-untyped-def]
    [q1, q2] = questions(db, "Sequel", 2)
    g1 = add_game(db, "Mira", "classic", score=10)
    g2 = add_game(db, "Mira", "practice", score=20)
    add_game(db, "Mira", "classic", status="abandoned")
    keep = add_game(db, "Rumi", "classic", score=30)
    for g in (g1, g2):
        answer(db, g, q1.id, False)
        answer(db, g, q2.id, True)
    answer(db, keep, q1.id, False)
    loss = progress.loss(db, "mira")
    assert (loss.player, loss.players, loss.games, loss.ranked_games, loss.answers) == (
        "Mira", 1, 3, 1, 4)
    assert "3 games Mira has played (1 of them in the high-score tables)" in loss.describe()
    assert "4 answers" in loss.describe()
    assert progress.reset(db, "MIRA") == loss
    assert [e.player for e in leaderboard.top(db)] == ["Rumi"]
    assert _count(db, models.Answer) == 1
    assert progress.loss(db, "Mira").games == 0
    with pytest.raises(QuizError, match="no missed questions"):
        draw(db, mode("review"), "Mira")
    assert draw(db, mode("review"), "Rumi")  # Rumi's misses are still there to review


def test_reset_everyone(db) -> None:  # type: ignore[no-untyped-def]
    [q] = questions(db, "Sequel", 1)
    answer(db, add_game(db, "Mira"), q.id, True)
    add_game(db, "Rumi", "sudden_death")
    add_game(db, "Zoey", "practice")
    loss = progress.loss(db)
    assert (loss.player, loss.players, loss.games, loss.ranked_games, loss.answers) == (
        None, 3, 3, 2, 1)
    assert loss.describe().startswith("This deletes every game of 3 players: 3 games")
    progress.reset(db)
    assert _count(db, models.Game) == 0 and _count(db, models.Answer) == 0
    assert leaderboard.top(db) == []
    assert _count(db, models.Question) > 0  # the bank is untouched


def test_reset_of_unknown_player_changes_nothing(db) -> None:  # type: ignore[no-untyped-def]
    add_game(db, "Mira")
    with pytest.raises(QuizError, match="no player called"):
        progress.reset(db, "Nobody")
    assert _count(db, models.Game) == 1
