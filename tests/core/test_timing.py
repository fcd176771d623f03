"""Time settings per game (WCAG 2.2.1): more time or none, saved, and ranked apart."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlmodel import select

from quiz.core import history, leaderboard, models
from quiz.core.errors import QuizError
from quiz.core.game import MODES, Game
from quiz.core.timing import TIME_SETTINGS, table_label, time_setting
from tests.core.test_game import _card, _play


def test_more_time_stretches_the_limit_and_off_removes_it() -> None:
    classic = MODES["classic"]
    assert Game([_card(1)], classic).time_limit == 20.0
    assert Game([_card(1)], classic, "x2").time_limit == 40.0
    assert Game([_card(1)], classic, "x10").time_limit == 200.0
    assert Game([_card(1)], classic, "off").time_limit is None
    slow = Game([_card(1)], classic, "x2")
    slow.start()
    assert slow.answer("right", 35.0).correct  # over 20 s, inside 40 s
    untimed = Game([_card(1)], classic, "off")
    untimed.start()
    result = untimed.answer("right", 900.0)
    assert result.correct and result.points == 150  # the base: no speed bonus without a limit


def test_untimed_modes_stay_standard_and_bad_keys_are_refused() -> None:
    assert Game([_card(1)], MODES["practice"], "x10").time_setting == "standard"
    assert Game([_card(1)], MODES["practice"], "x10").time_limit is None
    with pytest.raises(QuizError, match="unknown time setting 'slow'"):
        time_setting("slow")
    assert set(TIME_SETTINGS) == {"standard", "x2", "x10", "off"}
    assert table_label("Classic", "standard") == "Classic"
    assert table_label("Classic", "off") == "Classic (no time limit)"


def test_games_are_saved_with_their_setting_and_ranked_apart(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        one, two = s.exec(select(models.Question.id).limit(2)).all()
    standard = _play(Game([replace(_card(1), id=one)], MODES["classic"]), ["right"], elapsed=15.0)
    relaxed = _play(Game([replace(_card(2), id=two)], MODES["classic"], "x10"), ["right"],
                    elapsed=15.0)
    assert relaxed.score > standard.score  # 15 s of 200 leaves more speed bonus than of 20
    history.save(db, "Mira", standard)
    history.save(db, "Rumi", relaxed)
    with db.session() as s:
        stored = {g.score: g.time_setting for g in s.exec(select(models.Game))}
    assert stored == {standard.score: "standard", relaxed.score: "x10"}
    [only] = leaderboard.top(db, "classic")  # Rumi's higher score is not in this table
    assert only.player == "Mira" and only.rank == 1 and only.time_setting == "standard"
    [apart] = leaderboard.top(db, "classic", time="x10")
    assert apart.player == "Rumi" and apart.rank == 1
    assert apart.as_json()["time_setting"] == "x10"
    assert leaderboard.count(db, "classic") == 1 == leaderboard.count(db, "classic", time="x10")
    assert leaderboard.count(db, "classic", "Rumi", time="x10") == 1
    [mine] = leaderboard.top(db, "classic", 10, "Rumi", time="x10")
    assert mine.rank == 1
    assert leaderboard.top(db, "classic", time="off") == []
