"""`quiz scores`: the high-score table on the command line, as text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quiz.cli import main
from quiz.core import leaderboard
from tests.core.test_leaderboard import add_game

FIELDS = {"player", "mode", "score", "correct", "total", "best_streak", "duration_s",
          "finished_at"}


@pytest.fixture
def games(db):  # type: ignore[no-untyped-def]
    add_game(db, "Mira", "classic", score=1500, correct=9, total=10, duration=75.0,
             best_streak=6)
    add_game(db, "<b>Rumi</b>", "classic", score=1500, correct=8, total=10, minute=1)
    add_game(db, "  mira ", "classic", score=900, minute=2)
    add_game(db, "Zoey", "sudden_death", score=450, correct=3, total=4, minute=3)
    add_game(db, "Jinu", "practice", score=9000, minute=4)
    return db


def run(capsys, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_table_per_mode_practice_left_out(games, db_url, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, "--db", db_url, "scores")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Classic"
    assert lines[1].split() == ["#", "player", "score", "correct", "acc", "streak", "time",
                                "date"]
    assert lines[2].split()[:7] == ["1", "Mira", "1,500", "9/10", "90%", "6", "1:15"]
    assert lines[3].split()[:2] == ["2", "<b>Rumi</b>"]  # literally, and below on accuracy
    assert lines[4].split()[:2] == ["3", "Mira"]
    assert "Sudden death" in lines and "Practice" not in out and "Jinu" not in out


def test_mode_and_limit(games, db_url, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "--db", db_url, "scores", "--mode", "classic", "--limit", "2")
    assert code == 0
    rows = out.splitlines()[2:]
    assert [r.split()[1] for r in rows] == ["Mira", "<b>Rumi</b>"]
    code, out, _ = run(capsys, "--db", db_url, "scores", "--mode", "review")
    assert (code, out) == (0, "no Review high scores yet\n")


def test_json(games, db, db_url, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, "--db", db_url, "scores", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert isinstance(data, list) and len(data) == 4
    assert all(set(row) >= FIELDS for row in data)
    assert data == [e.as_json() for e in leaderboard.top(db)]
    first = data[0]
    assert (first["player"], first["mode"], first["score"], first["correct"], first["total"],
            first["best_streak"], first["duration_s"]) == ("Mira", "classic", 1500, 9, 10, 6, 75.0)
    assert first["finished_at"] == "2025-09-01T12:00:00Z"
    assert data[1]["player"] == "<b>Rumi</b>"
    code, out, _ = run(capsys, "--db", db_url, "scores", "--json", "--mode", "sudden-death",
                       "--limit", "1")
    assert [row["player"] for row in json.loads(out)] == ["Zoey"]


def test_player_filter_ignores_case_and_spaces(games, db_url, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "--db", db_url, "scores", "--json", "--player", " MIRA ")
    assert code == 0
    assert [(r["player"], r["rank"], r["score"]) for r in json.loads(out)] == [
        ("Mira", 1, 1500), ("Mira", 3, 900)]


def test_empty(db_url, capsys) -> None:  # type: ignore[no-untyped-def]
    assert run(capsys, "--db", db_url, "scores") == (0, "no high scores yet\n", "")
    assert run(capsys, "--db", db_url, "scores", "--json") == (0, "[]\n", "")


@pytest.mark.parametrize(("args", "message"), [
    (["--mode", "practice"], "no high scores for mode 'practice': Practice games are never"),
    (["--mode", "nope"], "unknown mode 'nope' (choose from classic"),
    (["--mode", "nonsense"], "choose from classic, sudden_death, review"),
    (["--limit", "0"], "--limit must be at least 1"),
    (["--player", "x" * 40], "player name is 40 characters long"),
])
def test_bad_arguments_are_one_line_and_touch_nothing(tmp_path: Path, capsys, args: list[str],  # type: ignore[no-untyped-def]
                                                      message: str) -> None:
    path = tmp_path / "never-created.sqlite3"
    code, out, err = run(capsys, "--db", f"sqlite:///{path}", "scores", *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err and "Traceback" not in err
    assert not path.exists()



def test_scores_per_time_setting(games, db, db_url, capsys) -> None:  # type: ignore[no-untyped-def]
    from quiz.core import models, players

    with db.session(write=True) as s:
        who = players.get_or_create(s, "Slow")
        s.add(models.Game(player_id=who.id, mode="classic", time_setting="x10", score=9900,
                          correct=10, total=10))
    code, out, _ = run(capsys, "--db", db_url, "scores", "--mode", "classic")
    assert code == 0 and "Slow" not in out  # not ranked against the standard time
    code, out, _ = run(capsys, "--db", db_url, "scores", "--mode", "classic", "--time", "x10")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "Classic (ten times the time)"
    assert lines[2].split()[:3] == ["1", "Slow", "9,900"]
    code, out, _ = run(capsys, "--db", db_url, "scores", "--time", "x10", "--json")
    assert [(r["player"], r["time_setting"]) for r in json.loads(out)] == [("Slow", "x10")]
    code, _, err = run(capsys, "--db", db_url, "scores", "--time", "slowly")
    assert code == 2 and err.startswith("quiz: error: unknown time setting 'slowly'")
