"""Each file format round-trips the bank exactly: export → import into an empty bank → same bank."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from quiz.core import editing, formats, interchange
from quiz.core.db import open_database
from quiz.core.editing import SourceRef
from quiz.core.errors import QuizError
from quiz.core.formats import bank_json, csv_table, opentdb, streaming

QID = "netflix-new-hit-movie/multiple"


def export_text(db, fmt: str) -> str:
    out = io.StringIO(newline="")
    interchange.export(db, out, fmt)
    return out.getvalue()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


@pytest.fixture
def empty(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A second bank with the same articles and facts but no questions."""
    other = open_database(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    with other.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM question")
    yield other
    other.dispose()


def awkward_edits(db) -> None:
    """Give the bank text that trips up careless formats."""
    old = editing.load(db, [QID])[QID]
    quote = "From Seoul to screens everywhere, Netflix’s new hit-movie"
    editing.save(db, QID, replace(
        old.draft(), question='=HYPERLINK("x") & <b>not bold</b> &amp; "quoted", \'single\'',
        correct_answer="-5", incorrect_answers=["+1", "@home", "'=already'"],
        accepted_answers=["minus five", "a|b", "back\\slash", "'plain'"],
        explanation="Line one\nline two\r\nline three, with, commas; ‘curly’ “quotes” ünïcödé 🎤"),
        [old.sources[0], SourceRef(old.sources[1].article, old.sources[1].quote),
         SourceRef(old.sources[0].article, quote)])
    (user_id, _), = editing.add(db, editing.Record(
        id="", type="text", category="Mine", difficulty="hard",
        question="\tTabbed stem?", correct_answer="Tab").draft()).after
    assert user_id


@pytest.mark.parametrize("fmt", formats.ROUND_TRIP)
def test_round_trip_is_exact(db, empty, tmp_path: Path, fmt: str) -> None:
    awkward_edits(db)
    original = export_text(db, "json")
    path = write(tmp_path / f"bank.{fmt}", export_text(db, fmt))
    assert formats.detect(path) == fmt
    plan = interchange.plan_import(empty, path)
    assert (plan.format, plan.rejected, plan.updated) == (fmt, [], 0)
    assert plan.new == json.loads(original)["questions"].__len__()
    report = interchange.import_file(empty, path)
    assert report.added == plan.new
    assert export_text(empty, "json") == original
    # Importing the same file again changes nothing.
    assert interchange.plan_import(empty, path).unchanged == plan.new


@pytest.mark.parametrize("fmt", ["json", "csv", "opentdb"])
def test_export_import_into_the_same_bank_is_a_no_op(db, tmp_path: Path, fmt: str) -> None:
    before = export_text(db, "json")
    path = write(tmp_path / "bank", export_text(db, fmt))
    report = interchange.import_file(db, path, fmt)
    # every question the format holds (Open Trivia DB: multiple choice and true/false)
    assert (report.added, report.updated) == (0, 0) and report.unchanged >= 100
    assert export_text(db, "json") == before


def test_csv_cells_never_run_as_formulas(db) -> None:
    awkward_edits(db)
    rows = list(csv.reader(io.StringIO(export_text(db, "csv").lstrip("\ufeff"))))
    for row in rows:
        for cell in row:
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), cell


@pytest.mark.parametrize("cell", ["", "plain", "-5", "=1+1", "'=x", "''+y", "'quoted'",
                                  "@", "\tx", "'", "x=y"])
def test_csv_protection_is_reversible(cell: str) -> None:
    assert csv_table.unprotect(csv_table.protect(cell)) == cell


@pytest.mark.parametrize("values", [[], ["a"], ["a|b", "c"], ["back\\", "\\|"], ["", "x"]])
def test_csv_lists_are_reversible(values: list[str]) -> None:
    joined = csv_table.join_list(values)
    assert csv_table.split_list(joined) == (values if joined or values != [""] else [])


def test_csv_documented_columns_are_the_ones_written(db) -> None:
    header = export_text(db, "csv").lstrip("\ufeff").splitlines()[0].split(",")
    assert tuple(header) == csv_table.columns(2)
    for name in csv_table.COLUMNS:
        assert f"`{name}`" in csv_table.__doc__ or name.startswith(("incorrect_answer_",
                                                                    "source_"))


def test_a_hand_written_csv(db, tmp_path: Path) -> None:
    path = write(tmp_path / "mine.csv",
                 "question,correct_answer,type,category,difficulty,incorrect_answer_1,"
                 "incorrect_answer_2,source_1_article,source_1_quote\r\n"
                 "Who is Netflix talking to about a sequel?,Sony,multiple,Sequel,easy,Disney,,"
                 "sequel-talks-aria-charts,Netflix is in talks with Sony\r\n"
                 "\r\n"
                 "Who?,,multiple,Sequel,easy,Disney,Hulu,,\r\n"
                 "Only a quote?,Yes,text,Sequel,easy,,,,a quote\r\n")
    plan = interchange.plan_import(db, path)
    assert plan.new == 1
    assert [str(r) for r in plan.rejected] == [
        "row 4: correct_answer: is empty",
        "row 5: source_1_article: is empty but the quote is not"]


@pytest.mark.parametrize(("text", "message"), [
    ("question,correct_answer,type,category\r\n", "missing column 'difficulty'"),
    ("question,correct_answer,type,category,difficulty,colour\r\n", "unknown column 'colour'"),
    ("question,question,correct_answer,type,category,difficulty\r\n", "appears twice"),
])
def test_bad_csv_headers(db, tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / "bad.csv", text)
    with pytest.raises(QuizError, match=message):
        interchange.plan_import(db, path, "csv")


def test_a_csv_row_with_the_wrong_number_of_cells(db, tmp_path: Path) -> None:
    path = write(tmp_path / "bad.csv", "question,correct_answer,type,category,difficulty\r\n"
                                       "a,b,text\r\n")
    plan = interchange.plan_import(db, path)
    assert str(plan.rejected[0]) == "row 2: row: has 3 cells, the header has 5"


OPENTDB = {"response_code": 0, "results": [
    {"type": "multiple", "difficulty": "medium", "category": "Entertainment: Film",
     "question": "Which studio made &quot;KPop Demon Hunters&quot; with Netflix&#039;s money?",
     "correct_answer": "Sony Pictures Animation",
     "incorrect_answers": ["Pixar", "DreamWorks", "Illumination &amp; Friends"]},
    {"type": "boolean", "difficulty": "easy", "category": "Entertainment: Music",
     "question": "Huntr/x is a trio.", "correct_answer": "True", "incorrect_answers": ["False"]},
]}


def test_an_open_trivia_db_response_is_decoded(db, tmp_path: Path) -> None:
    path = write(tmp_path / "api.json", json.dumps(OPENTDB))
    assert formats.detect(path) == "opentdb"
    report = interchange.import_file(db, path)
    assert report.added == 2
    rows = [r for r in editing.load(db, _all_ids(db)).values() if r.category.startswith("Ent")]
    film = next(r for r in rows if r.type == "multiple")
    assert film.question == 'Which studio made "KPop Demon Hunters" with Netflix\'s money?'
    assert "Illumination & Friends" in film.incorrect_answers and film.origin == "user"
    # The same file again updates nothing: ids derive from question and answer.
    assert interchange.plan_import(db, path).unchanged == 2


def _all_ids(db) -> list[str]:
    return [item["id"] for item in formats.items(db)]


def test_open_trivia_db_failure_codes(db, tmp_path: Path) -> None:
    path = write(tmp_path / "api.json", '{"response_code": 1, "results": []}')
    with pytest.raises(QuizError, match="response_code 1"):
        interchange.plan_import(db, path)


def test_opentdb_encoding_is_reversible() -> None:
    value = {"q": "<&>\"'&amp;&#039;", "n": [1, "&"], "start": 3}
    assert opentdb.decode(opentdb.encode(value)) == value


# -- streaming JSON ---------------------------------------------------------------------------


def test_bank_json_streams_across_tiny_chunks(db, empty, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(streaming, "CHUNK", 7)
    path = write(tmp_path / "bank.json", export_text(db, "json"))
    interchange.import_file(empty, path)
    assert export_text(empty, "json") == export_text(db, "json")


def _layouts(text: str) -> list[str]:
    """The exported bank `text` written other ways a file may come: pretty-printed, on one
    line, with Windows line ends, with spaces before each comma."""
    bank = json.loads(text)
    return [json.dumps(bank, indent=2), json.dumps(bank, separators=(",", ":")),
            text.replace("\n", "\r\n"), text.replace("},\n", "}  , \t\n")]


def test_a_bank_file_reads_the_same_in_any_layout(db, tmp_path: Path) -> None:
    """Questions alone on their lines come typed (msgspec's fast path), any other layout as
    the standard library reads them: the same import either way."""
    exported = export_text(db, "json")
    reader = bank_json.BankJsonFile(write(tmp_path / "bank.json", exported))
    kinds = [type(obj).__name__ for _where, obj in reader.questions()]
    assert set(kinds[:-1]) == {"Question"} and kinds[-1] == "dict"  # the last: no comma
    for n, text in enumerate(_layouts(exported)):
        target = open_database(f"sqlite:///{tmp_path / f'layout-{n}.sqlite3'}")
        try:
            with target.engine.begin() as conn:
                conn.exec_driver_sql("DELETE FROM question")
            interchange.import_file(target, write(tmp_path / f"layout-{n}.json", text))
            assert export_text(target, "json") == exported
        finally:
            target.dispose()


def test_after_a_question_read_by_value_the_next_come_typed_again(db, tmp_path: Path) -> None:
    head, questions = export_text(db, "json").split('\n "questions": [', 1)
    lines = questions.split(",\n  ")
    lines[1] = lines[1][:-1] + ', "notes": "kept out of the typed path"}'
    path = write(tmp_path / "bank.json", head + '\n "questions": [' + ",\n  ".join(lines))
    kinds = [type(obj).__name__ for _where, obj in bank_json.BankJsonFile(path).questions()]
    assert kinds[:4] == ["Question", "dict", "Question", "Question"]


def test_a_line_too_long_is_read_by_value(db, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(bank_json, "MAX_QUESTION_CHARS", 300)  # shorter than a line
    exported = export_text(db, "json")
    reader = bank_json.BankJsonFile(write(tmp_path / "bank.json", exported))
    with pytest.raises(QuizError, match="question 1: larger than 300 characters"):
        list(reader.questions())


def test_questions_before_articles_are_read_in_two_passes(db, empty, tmp_path: Path) -> None:
    bank = json.loads(export_text(db, "json"))
    reordered = {"questions": bank["questions"], "version": 1, "format": "kpop-quiz-bank",
                 "articles": bank["articles"]}
    path = write(tmp_path / "bank.json", json.dumps(reordered, indent=2))
    interchange.import_file(empty, path)
    assert export_text(empty, "json") == export_text(db, "json")


@pytest.mark.parametrize(("text", "message"), [
    ('{"format": "kpop-quiz-bank", "version": 1, "questions": [{}] ', "expected ',' or '}'"),
    ('{"format": "kpop-quiz-bank", "version": 1, "questions": [1, 2}', "not valid JSON"),
    ('{"format": "kpop-quiz-bank", "format": "kpop-quiz-bank"}', "appears twice"),
    ('{"format": "kpop-quiz-bank", "version": 1, "questions": []} trailing', "text after"),
    ('{"format": "kpop-quiz-bank", "version": 1, "questions": {}}', "must be a list"),
    ('{"format": "kpop-quiz-bank", "version": 1, "articles": []}', '"questions" is missing'),
    ('{"format": "kpop-quiz-bank", "version": 1, "questions": [' + "[" * 50 + "]" * 50 + "]}",
     "nested deeper"),
])
def test_broken_json_files(db, tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / "bad.json", text)
    with pytest.raises(QuizError, match=message):
        interchange.plan_import(db, path, "json")


def test_a_question_too_big_to_be_real_is_refused_early(db, tmp_path: Path) -> None:
    huge = '{"format": "kpop-quiz-bank", "version": 1, "questions": [{"question": "' + \
        "x" * 500_000 + '"}]}'
    path = write(tmp_path / "huge.json", huge)
    with pytest.raises(QuizError, match="question 1: larger than"):
        interchange.plan_import(db, path)


@pytest.mark.parametrize(("text", "message"), [
    ("[1, 2]", "JSON list"),
    ("hello,world\n", "not a bank JSON, CSV or Open Trivia Database file"),
    ("", "not a bank JSON"),
])
def test_detect_refuses_other_files(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(QuizError, match=message):
        formats.detect(write(tmp_path / "x", text))


def test_unknown_format_name(db) -> None:
    with pytest.raises(QuizError, match="unknown format 'docx'"):
        interchange.export(db, io.StringIO(), "docx")


def test_bank_json_questions_are_the_items_as_json(db) -> None:
    """The writer reads SQLite directly; each line must still be `json.dumps` of its item."""
    awkward_edits(db)
    with db.engine.begin() as conn:  # a question without sources, and one without a fact
        conn.exec_driver_sql("DELETE FROM source WHERE question_id = (SELECT min(id) FROM "
                             "question)")
        conn.exec_driver_sql("UPDATE question SET fact_id = NULL WHERE id = (SELECT max(id) "
                             "FROM question)")
    text = export_text(db, "json")
    head, questions = text.split('\n "questions": [', 1)
    expected = [json.dumps(item, ensure_ascii=False) for item in formats.items(db)]
    assert questions == ",".join("\n  " + line for line in expected) + "]}\n"
    assert any('"sources": []' in line for line in expected)
    assert any('"fact": null' in line for line in expected)
    assert head.startswith('{"format": "kpop-quiz-bank", "version": 1,\n "articles": [')
