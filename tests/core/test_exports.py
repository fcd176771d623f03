"""Exports to the tools people already use, each read back the way that tool reads it:
Quizlet's import box, Moodle's GIFT and XML importers, Kahoot's spreadsheet, Open Trivia DB;
and the format chosen from the file name. (Anki, read by Anki itself: test_anki.py.)"""

from __future__ import annotations

import html
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from quiz.cli import main
from quiz.core import editing, formats, interchange
from quiz.core.errors import QuizError
from quiz.core.formats import gift, kahoot, opentdb
from tests.core import gift_grammar

# Text that trips up careless writers: markup, formulas, GIFT's control characters, a cloze
# marker, Moodle's wildcard and weight syntax, a format marker.
HOSTILE = "[html]<b>Bold</b> & {c1::x} ~ = # : \\ * %50% =SUM(A1)?"


def add(db, **fields) -> str:  # type: ignore[no-untyped-def]
    draft = editing.Record(id="", category="Hostile & <Odd>", difficulty="hard", origin="user",
                           **fields).draft()
    (qid, _), = editing.add(db, draft).after
    return qid


@pytest.fixture
def hostile(db) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Questions of each kind with hostile text, by kind."""
    return {
        "multiple": add(db, type="multiple", question=HOSTILE, correct_answer="=1+1",
                        incorrect_answers=("<i>it</i>", "{{c2::no}}", "%50% off"),
                        explanation="Line one <script>alert(1)</script>\nline two: ~{}#="),
        "text": add(db, type="text", question="Tab\there,\nnew line: what is ~=#{}:\\?",
                    correct_answer="a*b", accepted_answers=("a times b",),
                    explanation="[plain] <u>kept</u>"),
        "cloze": add(db, type="cloze", question="Fill in the blank: the {{c1::trap}} _____ "
                                                "ends here.", correct_answer="x::y & z"),
        "long": add(db, type="multiple", question="Why? " + "Very long stem. " * 60,
                    correct_answer="Because", incorrect_answers=("No", "A" * 190)),
    }


def export(db, fmt: str) -> tuple[str, formats.ExportReport]:  # type: ignore[no-untyped-def]
    out = io.StringIO(newline="")
    report = interchange.export_text(db, out, fmt)
    return out.getvalue(), report


def by_id(db) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    return {item["id"]: item for item in formats.items(db)}


# -- the format from the file name ------------------------------------------------------------


@pytest.mark.parametrize(("name", "given", "fmt"), [
    ("bank.json", None, "json"), ("bank.CSV", None, "csv"), ("deck.apkg", None, "anki"),
    ("quiz.xlsx", None, "kahoot"), ("quiz.gift", None, "gift"), ("quiz.xml", None, "moodle"),
    ("cards.txt", None, "quizlet"), ("api.json", "opentdb", "opentdb"),
    ("bank.dat", "csv", "csv"), ("noext", "json", "json")])
def test_the_format_comes_from_the_name_unless_given(name: str, given, fmt: str) -> None:  # type: ignore[no-untyped-def]
    assert formats.from_name(Path(name), given) == fmt


@pytest.mark.parametrize(("name", "given", "message"), [
    ("x.csv", "json", "the name says CSV spreadsheet"),
    ("x.json", "anki", "the name says Question bank JSON"),
    ("x.dat", None, "cannot tell the format from the name"),
    ("x", None, "no extension")])
def test_a_clash_of_name_and_format_is_refused(name: str, given, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QuizError, match=message):
        formats.from_name(Path(name), given)


def test_the_save_dialog_goes_by_the_name_typed() -> None:
    # The bug: export.csv written as bank JSON because the type list stayed at its default.
    assert formats.for_name(Path("export.csv"), "json") == "csv"
    assert formats.for_name(Path("api.json"), "opentdb") == "opentdb"
    assert formats.for_name(Path("bank.json"), "csv") == "json"
    assert formats.for_name(Path("bank.dat"), "gift") == "gift"


def test_cli_refuses_a_clash_with_one_line_and_writes_nothing(db_url: str, tmp_path: Path,
                                                               capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "x.csv"
    assert main(["--db", db_url, "export", "-o", str(target), "--format", "json"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("quiz: error: ") and "Traceback" not in err
    assert list(target.parent.iterdir()) == []


def test_cli_refuses_a_binary_format_on_stdout(db_url: str, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--db", db_url, "export", "--format", "kahoot"]) == 2
    assert "give a file to write" in capsys.readouterr().err


@pytest.mark.parametrize(("ext", "starts"), [
    ("json", b'{"format": "kpop-quiz-bank"'), ("csv", b"\xef\xbb\xbfid,type"),
    ("apkg", b"PK\x03\x04"), ("xlsx", b"PK\x03\x04"), ("gift", b"// KPop"),
    ("xml", b"<?xml"), ("txt", b"According to")])
def test_cli_writes_the_format_its_extension_names(db_url: str, tmp_path: Path, capsys,
                                                   ext: str, starts: bytes) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / f"bank.{ext}"
    assert main(["--db", db_url, "export", "-o", str(target)]) == 0
    assert target.read_bytes().startswith(starts) or ext == "txt"
    err = capsys.readouterr().err
    label = formats.LABELS[formats.BY_EXTENSION["." + ext]]
    assert err.startswith("exported ") and f"to {target} ({label})" in err
    assert [p.name for p in target.parent.iterdir()] == [target.name]


# -- Open Trivia DB ---------------------------------------------------------------------------


def test_opentdb_export_holds_only_what_the_api_holds(db, empty_bank, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    qid = add(db, type="multiple", question="Which café's \"crème\" won?", correct_answer="Rumi's",
              incorrect_answers=("Zoey's", "Mira's"))
    text, report = export(db, "opentdb")
    results = json.loads(text)["results"]
    kinds = [i["type"] for i in by_id(db).values()]
    assert {r["type"] for r in results} == {"multiple", "boolean"}
    assert report.written == len(results) == kinds.count("multiple") + kinds.count("boolean")
    assert report.left_out_count == kinds.count("cloze") + kinds.count("numeric") > 0
    assert any(line.endswith("a fill-in-the-blank question (Open Trivia DB holds only multiple "
                             "choice and true/false)") for line in report.left_out)
    mine = next(r for r in results if r["id"] == qid)
    # As the API writes them: &#039; for the apostrophe, &quot;, named entities for letters.
    assert mine["question"] == "Which caf&eacute;&#039;s &quot;cr&egrave;me&quot; won?"
    assert mine["correct_answer"] == "Rumi&#039;s" and "&#x27;" not in text
    assert opentdb.entities("<a&b>") == "&lt;a&amp;b&gt;"
    # Every question it wrote comes back the same.
    path = tmp_path / "api.json"
    path.write_text(text, encoding="utf-8")
    assert interchange.import_file(empty_bank, path).added == report.written
    again = by_id(empty_bank)
    assert all(again[r["id"]] == by_id(db)[r["id"]] for r in results)


@pytest.fixture
def empty_bank(tmp_path: Path):  # type: ignore[no-untyped-def]
    from quiz.core.db import open_database

    other = open_database(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    with other.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM question")
    yield other
    other.dispose()


def test_an_import_without_sources_says_how_many_came_in_uncited(db, db_url: str, tmp_path: Path,
                                                                 capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "api.json"
    path.write_text(json.dumps({"response_code": 0, "results": [
        {"type": "boolean", "difficulty": "easy", "category": "Film", "question": "Rumi sings.",
         "correct_answer": "True", "incorrect_answers": ["False"]},
        {"type": "boolean", "difficulty": "easy", "category": "Film", "question": "Zoey raps.",
         "correct_answer": "True", "incorrect_answers": ["False"]}]}), encoding="utf-8")
    assert interchange.plan_import(db, path).uncited == 2
    assert main(["--db", db_url, "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "2 of the questions added or updated came in uncited" in out
    # A bank export carries its sources: none uncited.
    bank = tmp_path / "bank.json"
    assert main(["--db", db_url, "export", "-o", str(bank)]) == 0
    assert interchange.plan_import(db, bank).uncited == 0


# -- Quizlet ----------------------------------------------------------------------------------


def test_quizlet_is_one_card_a_line_with_one_tab(db, hostile) -> None:  # type: ignore[no-untyped-def]
    text, report = export(db, "quizlet")
    lines = text.split("\n")
    assert lines.pop() == "" and len(lines) == report.written == len(by_id(db))
    assert all(line.count("\t") == 1 for line in lines)
    cards = dict(line.split("\t") for line in lines)
    assert cards[f"{HOSTILE} (%50% off / <i>it</i> / =1+1 / {{{{c2::no}}}})"].startswith(
        "=1+1 — Line one <script>alert(1)</script> line two: ~{}#=")
    assert cards["Tab here, new line: what is ~=#{}:\\?"] == "a*b — [plain] <u>kept</u>"
    film = next(i for i in by_id(db).values() if i["sources"] and i["type"] == "numeric")
    back = cards[film["question"]]
    assert film["explanation"] in back and film["sources"][0]["quote"] in back


# -- Moodle GIFT ------------------------------------------------------------------------------


def _gift_answers(item: dict) -> set[str]:
    return {a.strip() for a in [item["correct_answer"], *item["accepted_answers"]] if a.strip()}


def test_gift_reads_back_through_moodles_grammar(db, hostile) -> None:  # type: ignore[no-untyped-def]
    text, report = export(db, "gift")
    parsed = [gift_grammar.parse(b) for b in gift_grammar.blocks(text)]
    questions = [q for q in parsed if q.qtype != "category"]
    items = by_id(db)
    assert len(questions) == report.written == len(items) and report.left_out_count == 0
    expected = {"multiple": "multichoice", "boolean": "truefalse", "cloze": "shortanswer",
                "text": "shortanswer"}
    category = None
    for q in parsed:
        if q.qtype == "category":
            category = q.text
            continue
        item = items[q.name]
        assert category == f"{gift.ROOT}/{item['category']}"
        assert q.format == "plain"
        assert q.text == item["question"].strip(), q.name
        if item["type"] == "numeric":
            assert q.qtype == ("numerical" if gift.number(item) else "shortanswer")
        else:
            assert q.qtype == expected[item["type"]], q.name
        if q.qtype == "multichoice":
            assert q.answers == [(item["correct_answer"], 1.0),
                                 *((w, 0.0) for w in item["incorrect_answers"])]
        elif q.qtype == "truefalse":
            assert q.answers == [("true", float(item["correct_answer"] == "True"))]
        elif q.qtype == "shortanswer":
            assert {a.replace("\\*", "*") for a, _w in q.answers} == _gift_answers(item)
        if item["explanation"].strip():
            assert q.general_feedback.startswith(item["explanation"].strip())
        for source in item["sources"]:
            assert source["quote"] in q.general_feedback
    # The hostile ones, exactly.
    mine = {q.name: q for q in questions}
    assert mine[hostile["multiple"]].text == HOSTILE
    assert mine[hostile["text"]].text == "Tab\there,\nnew line: what is ~=#{}:\\?"
    assert mine[hostile["text"]].answers == [("a\\*b", 1.0), ("a times b", 1.0)]
    assert mine[hostile["cloze"]].text == "Fill in the blank: the {{c1::trap}} _____ ends here."
    assert mine[hostile["text"]].general_feedback == "[plain] <u>kept</u>"


@pytest.mark.parametrize(("raw", "written"), [
    ("a~b", "a\\~b"), ("=x", "\\=x"), ("#1", "\\#1"), ("{}", "\\{\\}"), ("a:b", "a\\:b"),
    ("back\\slash", "back\\\\slash"), ("two\nlines", "two\\nlines"), ("\\n", "\\\\n")])
def test_gift_escapes_each_control_character(raw: str, written: str) -> None:
    assert gift.escape(raw) == written
    assert gift_grammar.post(gift_grammar.pre(written)) == raw


# -- Moodle XML -------------------------------------------------------------------------------


def shown(element: ET.Element | None) -> str:
    """What Moodle shows for an HTML text: the markup is ours, the text unescaped."""
    assert element is not None
    return html.unescape(re.sub(r"<br>", "\n", element.findtext("text") or ""))


def test_moodle_xml_has_the_structure_moodles_importer_reads(db, hostile) -> None:  # type: ignore[no-untyped-def]
    text, report = export(db, "moodle")
    root = ET.fromstring(text)
    assert root.tag == "quiz"
    items = by_id(db)
    questions = [q for q in root if q.get("type") != "category"]
    assert len(questions) == report.written == len(items)
    category = None
    for q in root:
        assert q.tag == "question"
        kind = q.get("type")
        if kind == "category":
            category = q.findtext("category/text")
            continue
        item = items[q.findtext("name/text") or ""]
        assert category == f"{gift.ROOT}/{item['category']}"
        assert q.findtext("idnumber") == item["id"]
        assert q.find("questiontext").get("format") == "html"  # type: ignore[union-attr]
        assert shown(q.find("questiontext")) == item["question"]
        feedback = shown(q.find("generalfeedback"))
        assert all(s["quote"] in feedback for s in item["sources"])
        answers = [(a.get("fraction"), a.findtext("text")) for a in q.findall("answer")]
        if item["type"] == "multiple":
            assert kind == "multichoice" and q.findtext("single") == "true"
            assert [(f, html.unescape(t or "")) for f, t in answers] == [
                ("100", item["correct_answer"]), *(("0", w) for w in item["incorrect_answers"])]
        elif item["type"] == "boolean":
            right = item["correct_answer"] == "True"
            assert kind == "truefalse" and answers == [("100" if right else "0", "true"),
                                                       ("0" if right else "100", "false")]
        elif kind == "numerical":
            assert item["type"] == "numeric" and answers == [("100", gift.number(item))]
            assert float(answers[0][1] or "") and q.findtext("answer/tolerance") == "0"
        else:
            assert kind == "shortanswer" and q.findtext("usecase") == "0"
            assert {t.replace("\\*", "*") for _f, t in answers if t} == _gift_answers(item)
            assert {f for f, _t in answers} == {"100"}
    mine = {q.findtext("name/text"): q for q in questions}
    assert shown(mine[hostile["multiple"]].find("generalfeedback")) == (
        "<p>Line one <script>alert(1)</script>\nline two: ~{}#=</p>")


def test_moodle_xml_leaves_out_what_xml_cannot_hold(db) -> None:  # type: ignore[no-untyped-def]
    qid = add(db, type="text", question="A bell \x07 rings?", correct_answer="Yes")
    text, report = export(db, "moodle")
    ET.fromstring(text)  # still well formed
    assert report.left_out == [f"{qid}: question holds the control character U+0007, which an "
                               f"XML file cannot hold"]


# -- Kahoot -----------------------------------------------------------------------------------


def test_kahoot_sheet_is_the_template_and_honours_its_limits(db, hostile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    report = interchange.export_file(db, tmp_path / "quiz.xlsx")
    sheet = load_workbook(tmp_path / "quiz.xlsx", read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1] == "Quiz template"
    assert tuple(c or "" for c in rows[kahoot.HEADER_ROW - 1]) == kahoot.HEADER
    body = rows[kahoot.HEADER_ROW:]
    assert [r[0] for r in body] == list(range(1, report.written + 1))
    items = by_id(db)
    fitting = [i for i in items.values() if i["type"] in ("multiple", "boolean")
               and len(i["question"]) <= 120]
    assert report.written == len(body) == len(fitting)
    for _number, stem, a1, a2, a3, a4, limit, correct in body:
        assert len(stem) <= kahoot.MAX_QUESTION and limit in kahoot.TIME_LIMITS
        answers = [a for a in (a1, a2, a3, a4) if a]
        assert all(len(a) <= kahoot.MAX_ANSWER for a in answers) and len(answers) >= 2
        assert 1 <= correct <= len(answers)
    # The question starting with "[" and the answer "=1+1": text, never a formula.
    mine = next(r for r in body if r[1] == HOSTILE)
    assert sorted(a for a in mine[2:6] if a) == sorted(["=1+1", "<i>it</i>", "{{c2::no}}",
                                                        "%50% off"])
    assert mine[2 + mine[7] - 1] == "=1+1"
    full = load_workbook(tmp_path / "quiz.xlsx").active
    cells = [c for row in full.iter_rows() for c in row if c.value == "=1+1"]
    assert cells and all(c.data_type == "s" for c in cells)
    # Left out, and named with the reason, never cut.
    why = {line.split(": ", 1)[0]: line.split(": ", 1)[1] for line in report.left_out}
    assert why[hostile["long"]].startswith("the question is 965 characters long")
    assert why[hostile["text"]].startswith("a typed-answer question")
    assert report.left_out_count == len(items) - len(fitting)
    kinds = [i["type"] for i in items.values()]
    assert report.groups["fill-in-the-blank questions"] == kinds.count("cloze")
    assert report.groups["typed-answer questions"] == kinds.count("text")
    assert sum(report.groups.values()) == report.left_out_count
    assert "questions over 120 characters" in report.summary("quiz.xlsx")
    assert not any(r[1].startswith("Why?") for r in body)


def test_cli_stdout_export_stays_quiet_unless_something_was_left_out(db_url: str, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--db", db_url, "export", "--format", "gift"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("// KPop") and err == ""
    assert main(["--db", db_url, "export", "--format", "opentdb"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["results"] and err.startswith("exported ")
    assert "typed-number questions" in err and "  left out " in err
