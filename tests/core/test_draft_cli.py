"""`quiz draft`: a bank JSON that `quiz import` takes, no database touched, and one plain line
for each kind of bad input, with nothing written."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from quiz.cli import main
from quiz.core.draft.reader import MAX_INPUT_BYTES
from tests.core.test_cli import _digest, _one_plain_line

ARTICLES = Path(__file__).parent.parent / "data" / "articles"
GERMAN = ("Der Film wurde im Juni auf Netflix veröffentlicht und ist seitdem der meistgesehene "
          "Film der Plattform. Die Musik der Band stand wochenlang an der Spitze der Charts, "
          "und die Fortsetzung wird bereits geplant. Viele Fans sahen den Film mehrmals im "
          "Kino, wo er an einem Wochenende mehr als zwanzig Millionen Dollar einspielte. ")
PLAIN = ("the film is about a group of singers who fight demons at night and sing songs by "
         "day. the songs are catchy and the story is warm. people liked it a lot and many "
         "watched it more than once with their friends and family at home or in the cinema. ")


def test_draft_writes_a_bank_that_import_adds_as_drafted(db_url, tmp_path, capsys) -> None:
    out = tmp_path / "drafts.json"
    before = _digest(db_url)
    assert main(["--db", db_url, "draft", str(ARTICLES / "news-page.html"), "--max", "8",
                 "-o", str(out)]) == 0
    assert _digest(db_url) == before  # drafting changes no database
    assert "quiz import" in capsys.readouterr().err
    bank = json.loads(out.read_text())
    assert (bank["format"], bank["version"]) == ("kpop-quiz-bank", 1)
    assert len(bank["questions"]) == 8 and {q["origin"] for q in bank["questions"]} == {
        "drafted"}
    assert main(["--db", db_url, "import", str(out)]) == 0
    assert "8 added" in capsys.readouterr().out
    assert main(["--db", db_url, "generate"]) == 0  # keeps drafted questions like the user's
    capsys.readouterr()
    assert main(["--db", db_url, "export"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert sum(q["origin"] == "drafted" for q in exported["questions"]) == 8


def test_draft_reads_standard_input(monkeypatch, capsys) -> None:
    data = (ARTICLES / "interview.txt").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["draft", "-", "--title", "Kang talks", "--max", "3"]) == 0
    bank = json.loads(capsys.readouterr().out)
    assert bank["articles"][0]["title"] == "Kang talks" and len(bank["questions"]) == 3


def test_text_in_another_encoding_is_read_and_the_encoding_named(tmp_path, capsys) -> None:
    src = tmp_path / "latin.txt"
    src.write_bytes((ARTICLES / "review.txt").read_text().replace("Three", "Tr\u00e8s")
                    .encode("cp1252"))
    out = tmp_path / "o.json"
    assert main(["draft", str(src), "-o", str(out)]) == 0
    assert "cp1252" in capsys.readouterr().err
    assert "Très" in json.loads(out.read_text())["articles"][0]["text"]


def test_utf16_with_its_byte_order_mark_is_read(tmp_path, capsys) -> None:
    src = tmp_path / "wide.txt"
    src.write_bytes((ARTICLES / "chart-report.txt").read_text().encode("utf-16"))
    assert main(["draft", str(src), "--max", "2"]) == 0
    assert "utf-16" in capsys.readouterr().err


def _bad(tmp_path: Path, name: str, data: bytes) -> tuple[int, str, Path]:
    path = tmp_path / name
    path.write_bytes(data)
    out = tmp_path / "out.json"
    return main(["draft", str(path), "-o", str(out)]), str(path), out


@pytest.mark.parametrize(("name", "data", "says"), [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"\n \n", "empty"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)) * 8, "binary"),
    ("menu.html", (ARTICLES / "no-body.html").read_bytes(), "no article text"),
    ("german.txt", GERMAN.encode() * 3, "English"),
    ("plain.txt", PLAIN.encode() * 2, "no answerable fact"),
    ("short.txt", b"Netflix said so.", "no article text"),
    ("korean.txt", ("넷플릭스 애니메이션 케이팝 데몬 헌터스는 역대 가장 많이 본 영화가 되었다. " * 20)
     .encode(), "English"),
    ("bank.json", b'{"format": "kpop-quiz-bank", "version": 1, "questions": []}', "JSON"),
])
def test_bad_input_is_one_plain_line_and_writes_nothing(tmp_path, capsys, name, data,
                                                       says) -> None:
    code, path, out = _bad(tmp_path, name, data)
    line = _one_plain_line(capsys.readouterr().err)
    assert code != 0 and line.startswith("quiz: error: ") and says in line
    assert not out.exists() and not Path(f"{out}.part").exists()


def test_a_file_over_the_size_limit_is_refused(tmp_path, capsys) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(MAX_INPUT_BYTES + 1)
    assert main(["draft", str(path)]) != 0
    line = _one_plain_line(capsys.readouterr().err)
    assert f"{MAX_INPUT_BYTES:,}" in line and path.name in line


def test_a_missing_file_and_a_bad_max_are_named(tmp_path, capsys) -> None:
    assert main(["draft", str(tmp_path / "nope.txt")]) != 0
    assert "nope.txt" in _one_plain_line(capsys.readouterr().err)
    assert main(["draft", str(ARTICLES / "review.txt"), "--max", "-1"]) != 0
    assert "--max" in _one_plain_line(capsys.readouterr().err)


def test_accepted_drafts_join_in_one_change_and_stay_drafted_when_edited(db_url) -> None:
    from dataclasses import replace

    from quiz.core import editing
    from quiz.core.db import open_database
    from quiz.core.draft import accept, pipeline
    from quiz.core.draft.reader import read

    d = pipeline.draft(read((ARTICLES / "review.txt").read_bytes(), "review.txt"))
    doc = pipeline.bank([d])
    db = open_database(db_url)
    try:
        change = accept.add(db, doc["articles"], doc["questions"][:4])
        ids = [q["id"] for q in doc["questions"][:4]]
        assert sorted(change.ids) == sorted(ids) and change.label == "Add 4 drafted questions"
        rec = editing.load(db, [ids[0]])[ids[0]]
        editing.save(db, rec.id, replace(rec.draft(), question=rec.question + " (edited)"),
                     rec.sources)
        assert editing.load(db, [ids[0]])[ids[0]].origin == "drafted"
        editing.apply(db, change.before)  # undo: all four go
        assert editing.load(db, ids) == {}
    finally:
        db.dispose()
