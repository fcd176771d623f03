"""High-score ranking: order, tie-breaks, modes, player filter, CSV."""

from __future__ import annotations

import csv
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quiz.core import leaderboard, models, players
from quiz.core.errors import QuizError

T0 = datetime(2025, 9, 1, 12, 0, tzinfo=UTC)


def add_game(db, player: str, mode: str = "classic", score: int = 0, correct: int = 5,  # type: ignore[no-untyped-def]
             total: int = 10, duration: float = 60.0, minute: int = 0,
             status: str = "finished", best_streak: int = 0) -> int:
    """Store a game with exactly these figures (finished `minute` minutes after T0)."""
    with db.session() as s:
        who = players.get_or_create(s, player)
        at = T0 + timedelta(minutes=minute)
        game = models.Game(player_id=who.id, mode=mode, status=status, score=score,
                           correct=correct, total=total, best_streak=best_streak,
                           duration_s=duration, started_at=at - timedelta(seconds=duration),
                           finished_at=at)
        s.add(game)
        s.flush()
        assert game.id is not None
        return game.id


def names(entries: list[leaderboard.Entry]) -> list[str]:
    return [e.player for e in entries]


def test_best_score_first_with_consecutive_ranks(db) -> None:  # type: ignore[no-untyped-def]
    add_game(db, "Rumi", score=900)
    add_game(db, "Mira", score=1500)
    add_game(db, "Zoey", score=1200)
    entries = leaderboard.top(db, "classic")
    assert names(entries) == ["Mira", "Zoey", "Rumi"]
    assert [e.rank for e in entries] == [1, 2, 3]
    assert [e.score for e in entries] == [1500, 1200, 900]


def test_equal_scores_are_split_by_accuracy(db) -> None:  # type: ignore[no-untyped-def]
    add_game(db, "Sloppy", score=1000, correct=5, total=10, minute=0)
    add_game(db, "Careful", score=1000, correct=5, total=6, minute=1)
    assert names(leaderboard.top(db, "classic")) == ["Careful", "Sloppy"]


def test_equal_score_and_accuracy_are_split_by_time(db) -> None:  # type: ignore[no-untyped-def]
    # 2/3 and 4/6 are the same accuracy: the faster game wins, although it finished later.
    add_game(db, "Slow", score=800, correct=2, total=3, duration=90.0, minute=0)
    add_game(db, "Quick", score=800, correct=4, total=6, duration=45.5, minute=5)
    assert names(leaderboard.top(db, "classic")) == ["Quick", "Slow"]


def test_full_tie_goes_to_who_got_there_first(db) -> None:  # type: ignore[no-untyped-def]
    add_game(db, "Second", score=700, duration=60.0, minute=10)
    add_game(db, "First", score=700, duration=60.0, minute=3)
    add_game(db, "Third", score=700, duration=60.0, minute=10)  # same moment: stored later
    entries = leaderboard.top(db, "classic")
    assert names(entries) == ["First", "Second", "Third"]
    assert [e.rank for e in entries] == [1, 2, 3]


def test_game_without_answers_counts_as_no_accuracy(db) -> None:  # type: ignore[no-untyped-def]
    add_game(db, "Nothing", score=100, correct=0, total=0, duration=0.0)
    add_game(db, "Scored", score=100, correct=1, total=4, duration=50.0, minute=2)
    entries = leaderboard.top(db, "classic")
    assert names(entries) == ["Scored", "Nothing"]
    assert entries[1].accuracy == 0.0


def test_practice_and_abandoned_games_are_not_ranked(db) -> None:  # type: ignore[no-untyped-def]
    add_game(db, "Practiser", mode="practice", score=5000)
    add_game(db, "Quitter", score=4000, status="abandoned")
    add_game(db, "Player", score=10)
    assert names(leaderboard.top(db)) == ["Player"]
    assert leaderboard.count(db, "classic") == 1
    with pytest.raises(QuizError, match="no high scores for mode 'practice'"):
        leaderboard.top(db, "practice")


def test_each_mode_has_its_own_ranks(db) -> None:  # type: ignore[no-untyped-def]
    add_game(db, "A", mode="classic", score=100)
    add_game(db, "B", mode="sudden_death", score=50)
    add_game(db, "C", mode="sudden_death", score=300)
    add_game(db, "D", mode="review", score=10)
    by_mode = {(e.mode, e.rank): e.player for e in leaderboard.top(db)}
    assert by_mode == {("classic", 1): "A", ("sudden_death", 1): "C", ("sudden_death", 2): "B",
                       ("review", 1): "D"}
    assert names(leaderboard.top(db, "Sudden death")) == ["C", "B"]
    assert names(leaderboard.top(db, "sudden-death")) == ["C", "B"]


def test_top_ten_by_default_more_on_request(db) -> None:  # type: ignore[no-untyped-def]
    for i in range(15):
        add_game(db, f"P{i:02d}", score=i * 10, minute=i)
    assert [e.score for e in leaderboard.top(db, "classic")] == [140 - 10 * i for i in range(10)]
    assert len(leaderboard.top(db, "classic", 12)) == 12
    assert len(leaderboard.top(db, "classic", None)) == 15
    assert leaderboard.count(db, "classic") == 15
    with pytest.raises(QuizError, match="at least 1"):
        leaderboard.top(db, "classic", 0)


def test_player_filter_keeps_global_ranks_and_ignores_case_and_spaces(db) -> None:  # type: ignore[no-untyped-def]
    add_game(db, "Mira", score=900, minute=0)
    add_game(db, "Rumi", score=800, minute=1)
    add_game(db, "  MIRA ", score=700, minute=2)  # the same player, first spelling kept
    add_game(db, "Zoey", score=600, minute=3)
    mine = leaderboard.top(db, "classic", player=" mira")
    assert [(e.rank, e.player, e.score) for e in mine] == [(1, "Mira", 900), (3, "Mira", 700)]
    assert leaderboard.count(db, "classic", "MIRA") == 2
    assert [e.rank for e in leaderboard.top(db, "classic", 1, player="mira")] == [1]
    assert leaderboard.top(db, "classic", player="nobody") == []


def test_names_are_kept_literally(db) -> None:  # type: ignore[no-untyped-def]
    add_game(db, "<b>Jinu</b> & co", score=100)
    [entry] = leaderboard.top(db, "classic")
    assert entry.player == "<b>Jinu</b> & co"
    assert entry.player_key == "<b>jinu</b> & co"


def test_json_has_the_documented_fields(db) -> None:  # type: ignore[no-untyped-def]
    add_game(db, "Mira", score=1234, correct=7, total=10, duration=83.25, best_streak=4)
    [entry] = leaderboard.top(db, "classic")
    data = entry.as_json()
    assert {"player", "mode", "score", "correct", "total", "best_streak", "duration_s",
            "finished_at"} <= set(data)
    assert data["player"] == "Mira" and data["score"] == 1234 and data["best_streak"] == 4
    assert data["duration_s"] == 83.25
    assert data["finished_at"] == "2025-09-01T12:00:00Z"


def test_csv_rows_and_file(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_game(db, "=HYPERLINK(\"x\")", score=300, correct=3, total=4, duration=61.5)
    add_game(db, "<b>Jinu</b>", score=200, correct=1, total=3)
    rows = leaderboard.csv_rows(leaderboard.top(db, "classic"))
    assert rows[0] == list(leaderboard.CSV_HEADER)
    assert rows[1][:7] == ["1", "'=HYPERLINK(\"x\")", "classic", "300", "3", "4", "75.0"]
    assert rows[2][1] == "<b>Jinu</b>"
    target = tmp_path / "scores.csv"
    leaderboard.write_csv(target, leaderboard.top(db, "classic"))
    with target.open(encoding="utf-8-sig", newline="") as fh:
        assert list(csv.reader(fh)) == rows
    assert not list(tmp_path.glob("*.part"))


def test_csv_to_an_unwritable_place_is_one_plain_error(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "missing-folder" / "scores.csv"
    with pytest.raises(QuizError, match="cannot write") as caught:
        leaderboard.write_csv(target, [])
    assert "\n" not in str(caught.value)
    assert not target.parent.exists()


def test_text_helpers() -> None:
    assert leaderboard.duration_text(0) == "0:00"
    assert leaderboard.duration_text(83.4) == "1:23"
    assert leaderboard.duration_text(3725) == "1:02:05"
    naive = datetime(2025, 9, 1, 12, 0)
    assert leaderboard.utc_text(naive) == "2025-09-01T12:00:00Z"
    assert leaderboard.local_text(naive) == naive.replace(tzinfo=UTC).astimezone().strftime(
        "%Y-%m-%d %H:%M")


def test_one_players_ranks_agree_with_the_whole_table(db) -> None:  # type: ignore[no-untyped-def]
    # Many ties on every key, so each tie-break decides somewhere.

    rng = random.Random(7)
    people = ["Mira", "Rumi", "Zoey"]
    for _ in range(60):
        add_game(db, rng.choice(people), rng.choice(["classic", "sudden_death"]),
                 score=rng.choice([100, 200, 300]), correct=rng.choice([2, 4]),
                 total=rng.choice([4, 8]), duration=rng.choice([30.0, 45.0]),
                 minute=rng.choice([0, 1, 2]))
    everyone = leaderboard.top(db, None, None)
    assert sorted(e.rank for e in everyone if e.mode == "classic") == list(
        range(1, 1 + sum(e.mode == "classic" for e in everyone)))
    for who in people:
        expected = [e for e in everyone if e.player == who]
        assert leaderboard.top(db, None, None, who) == expected
        assert leaderboard.top(db, None, 1000, who) == expected
        first_two = [e for m in ("classic", "sudden_death")
                     for e in [x for x in expected if x.mode == m][:2]]
        assert leaderboard.top(db, None, 2, who) == first_two
        assert leaderboard.count(db, "classic", who) == sum(e.mode == "classic"
                                                            for e in expected)
