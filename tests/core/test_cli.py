"""The command line contract of DESIGN.md: generate, export, import, and plain one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quiz.cli import main
from quiz.core.content import load_corpus
from quiz.core.generate import generate
from quiz.core.paths import questions_dir
from tests.dbtools import bank_digest

_digest = bank_digest


def _export(db_url: str, capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(["--db", db_url, "export", "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def _one_plain_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_export_prints_a_bank_with_verbatim_quotes(db_url: str, capsys) -> None:
    bank = _export(db_url, capsys)
    assert (bank["format"], bank["version"]) == ("kpop-quiz-bank", 1)
    texts = {a["id"]: a["text"] for a in bank["articles"]}
    assert len(texts) == 2 and len(bank["questions"]) == len(generate(load_corpus(questions_dir())))
    for q in bank["questions"]:
        assert q["type"] in {"multiple", "boolean", "cloze", "numeric", "text"}
        assert q["sources"]
        for src in q["sources"]:
            assert src["quote"] in texts[src["article"]]
            assert texts[src["article"]][src["start"] : src["end"]] == src["quote"]


def test_export_to_file_then_import_is_a_no_op(db_url: str, tmp_path: Path, capsys) -> None:
    out = tmp_path / "bank.json"
    assert main(["--db", db_url, "export", "--format", "json", "-o", str(out)]) == 0
    before = _digest(db_url)
    assert main(["--db", db_url, "import", str(out)]) == 0
    assert _digest(db_url) == before
    assert "0 added" in capsys.readouterr().out


def test_import_adds_to_a_fresh_bank(db_url: str, tmp_path: Path, capsys) -> None:
    bank = _export(db_url, capsys)
    bank["questions"] = [{
        "id": "user-golden", "type": "multiple", "category": "Music & Charts",
        "difficulty": "easy", "question": "Which song topped the Billboard Hot 100?",
        "correct_answer": "Golden", "incorrect_answers": ["Soda Pop", "Takedown", "Free"],
        "explanation": "It did.", "origin": "user", "fact": None,
        "sources": [{"article": "cluster-netflix-hit", "quote": "hit No. 1 on the Billboard Hot 100"}],
    }]
    path = tmp_path / "one.json"
    path.write_text(json.dumps(bank), encoding="utf-8")
    assert main(["--db", db_url, "import", str(path)]) == 0
    assert "1 added" in capsys.readouterr().out
    after = _export(db_url, capsys)
    added = next(q for q in after["questions"] if q["id"] == "user-golden")
    text = next(a["text"] for a in after["articles"] if a["id"] == "cluster-netflix-hit")
    assert text[added["sources"][0]["start"] : added["sources"][0]["end"]] == \
        "hit No. 1 on the Billboard Hot 100"


def test_generate_reports_counts(db_url: str, capsys) -> None:
    assert main(["--db", db_url, "generate"]) == 0
    shipped = len(generate(load_corpus(questions_dir())))
    assert f"0 added, 0 updated, {shipped} unchanged" in capsys.readouterr().out


def test_generate_refuses_an_unknown_restore_before_changing_anything(db_url: str, capsys) -> None:
    before = _digest(db_url)
    assert main(["--db", db_url, "generate", "--restore", "nope"]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert _one_plain_line(out.err) == "quiz: error: no generated original for question 'nope'"
    assert _digest(db_url) == before


BAD_QUESTIONS = {
    "no correct answer": (lambda q: q.update(correct_answer=""), "correct_answer"),
    "quote not in article": (lambda q: q["sources"][0].update(quote="Not in any article."),
                             "quote"),
    "distractor equals answer": (lambda q: q.update(incorrect_answers=[q["correct_answer"].upper()]),
                                 "incorrect_answers"),
    "unknown type": (lambda q: q.update(type="essay"), "type"),
    "stem too long": (lambda q: q.update(question="x" * 20_000), "question"),
    "answer not a string": (lambda q: q.update(correct_answer=8), "correct_answer"),
}


@pytest.mark.parametrize("case", sorted(BAD_QUESTIONS))
def test_bad_question_rejects_the_whole_file(case: str, db_url: str, tmp_path: Path, capsys) -> None:
    change, field = BAD_QUESTIONS[case]
    bank = _export(db_url, capsys)
    for q in bank["questions"][1:]:
        q["question"] += " (changed)"  # would be updates, if the file were accepted
    change(bank["questions"][0])
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bank), encoding="utf-8")
    before = _digest(db_url)
    assert main(["--db", db_url, "import", str(path)]) != 0
    line = _one_plain_line(capsys.readouterr().err)
    assert str(path) in line and field in line
    assert _digest(db_url) == before


@pytest.mark.parametrize(("content", "problem"), [
    (None, "no such file"),
    (b"{not json", "not valid JSON"),
    (b"\xff\xfe\x00garbage", "UTF-8"),
    (b'{"format": "something-else", "version": 1, "questions": []}', "kpop-quiz-bank"),
    (b'{"format": "kpop-quiz-bank", "version": 99, "questions": []}', "version"),
    (b"[" * 100_000 + b"]" * 100_000, "JSON"),
])
def test_bad_files_get_one_plain_line(content: bytes | None, problem: str, db_url: str,
                                      tmp_path: Path, capsys) -> None:
    path = tmp_path / "input.json"
    if content is not None:
        path.write_bytes(content)
    before = _digest(db_url)
    assert main(["--db", db_url, "import", str(path)]) != 0
    line = _one_plain_line(capsys.readouterr().err)
    assert problem in line and str(path) in line
    assert _digest(db_url) == before


@pytest.mark.parametrize("command", [["scores"], ["export"], ["generate"]])
def test_bad_database_url(command: list[str], capsys) -> None:
    assert main(["--db", "oracle://nowhere/quiz", *command]) != 0
    assert "unsupported scheme 'oracle'" in _one_plain_line(capsys.readouterr().err)


def test_corrupt_database(tmp_path: Path, capsys) -> None:
    path = tmp_path / "quiz.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\x13" * 8000)
    assert main(["--db", f"sqlite:///{path}", "scores"]) != 0
    assert str(path) in _one_plain_line(capsys.readouterr().err)
    assert path.read_bytes().startswith(b"SQLite format 3\x00\x13\x13")
