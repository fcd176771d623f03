"""`quiz check` and `quiz deal` from the command line."""

from __future__ import annotations

import json

import pytest

from quiz.cli import main
from tests.dbtools import rows


def test_check_finds_nothing_in_the_shipped_bank(db_url: str, capsys) -> None:
    assert main(["--db", db_url, "check"]) == 0
    out = capsys.readouterr()
    assert out.out == "" and out.err.strip() == "0 errors, 0 warnings"
    assert main(["--db", db_url, "check", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def _write(db_url: str, *statements: str) -> None:
    """Change the test's bank past the app (on either backend), as an old bank might be."""
    from sqlalchemy import text

    from quiz.core.db import make_engine

    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()


def test_check_names_each_flaw_and_fails_on_an_error(db_url: str, capsys) -> None:
    _write(db_url,  # flaws written past the app, as an old bank has them
         "UPDATE question SET incorrect_answers = '[\"the huntrx\", \"TXT\", \"BTS\"]' "
         "WHERE id = 'golden-sung-by-huntrx/multiple'",
         "UPDATE question SET question = 'According to the second article, in which month "
         "was it released?' WHERE id = 'released-in-june/multiple'")
    assert main(["--db", db_url, "check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert ("golden-sung-by-huntrx/multiple: error: answer-among-wrong: incorrect_answers[1]: "
            "is the same as the correct answer 'Huntr/x' once normalised") in lines
    assert any(line.startswith("released-in-june/multiple: warning: unresolvable-reference: "
                               "question:") for line in lines)
    assert main(["--db", db_url, "check", "--json"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert {(f["question"], f["rule"], f["severity"]) for f in found} >= {
        ("golden-sung-by-huntrx/multiple", "answer-among-wrong", "error"),
        ("released-in-june/multiple", "unresolvable-reference", "warning")}


def test_deal_prints_a_game_with_its_answers_and_saves_nothing(db_url: str, capsys) -> None:
    games = rows(db_url, "SELECT count(*) FROM game")
    assert main(["--db", db_url, "deal", "--seed", "4", "--format", "json"]) == 0
    deal = json.loads(capsys.readouterr().out)
    assert len(deal) == 10
    for q in deal:
        assert {"id", "fact", "type", "category", "difficulty", "question", "choices",
                "correct_answer", "sources"} <= set(q)
        assert q["sources"] and all(s["quote"] and s["article"] for s in q["sources"])
        assert q["type"] in ("cloze", "numeric") or q["correct_answer"] in q["choices"]
    assert len({q["fact"] for q in deal}) == 10
    assert main(["--db", db_url, "deal", "--seed", "4", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == deal
    assert main(["--db", db_url, "deal", "--seed", "4", "--format", "md"]) == 0
    md = capsys.readouterr().out
    assert "## Answer key" in md and deal[0]["question"] in md
    assert rows(db_url, "SELECT count(*) FROM game") == games


def test_deal_of_practice_asks_the_count(db_url: str, capsys) -> None:
    assert main(["--db", db_url, "deal", "--mode", "practice", "--count", "30", "--seed", "1",
                 "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 30


@pytest.mark.parametrize("args, message", [
    (["--mode", "nope"], "unknown mode 'nope'"),
    (["--count", "5"], "--count is for Practice, Review"),
    (["--mode", "practice", "--count", "0"], "--count must be 1 to 50 (got 0)"),
    (["--category", "Cooking"], "no category 'Cooking'"),
    (["--player", "   "], "player name is empty"),
])
def test_deal_refuses_bad_input_in_one_line(db_url: str, capsys, args, message) -> None:
    assert main(["--db", db_url, "deal", *args]) == 2
    out = capsys.readouterr()
    assert out.out == "" and len(out.err.strip().splitlines()) == 1
    assert message in out.err


def test_an_import_bringing_an_error_flaw_is_refused_whole(db_url: str, tmp_path, capsys) -> None:
    from tests.core.test_cli import _export, _one_plain_line
    from tests.dbtools import bank_digest as _digest

    bank = _export(db_url, capsys)
    fine = {"id": "user-fine", "type": "multiple", "category": "Music & Charts",
            "difficulty": "easy", "question": "Which song topped the Billboard Hot 100?",
            "correct_answer": "Golden", "incorrect_answers": ["Soda Pop", "Takedown", "Free"],
            "origin": "user", "fact": None, "explanation": "",
            "sources": [{"article": "cluster-netflix-hit",
                         "quote": "hit No. 1 on the Billboard Hot 100"}]}
    flawed = {**fine, "id": "user-flawed", "question": "Which group sings Golden?",
              "correct_answer": "Huntr/x", "incorrect_answers": ["the huntrx", "TXT", "BTS"]}
    bank["questions"] = [fine, flawed]
    path = tmp_path / "flawed.json"
    path.write_text(json.dumps(bank), encoding="utf-8")
    before = _digest(db_url)
    assert main(["--db", db_url, "import", str(path)]) == 2
    line = _one_plain_line(capsys.readouterr().err)
    assert "user-flawed" in line and "incorrect_answers[1]" in line
    assert "(rule answer-among-wrong)" in line
    assert _digest(db_url) == before
