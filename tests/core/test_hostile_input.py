"""Hostile input: generated files for every importer, and generated answers for the matcher.

Every importer (bank JSON, CSV, Open Trivia DB JSON) gets random bytes, random text, random
JSON and near-valid files with hostile values; whatever it is given it either imports or says
no with a QuizError, never another exception, and a refusal never changes the database (the
watcher connection's `PRAGMA data_version` moves only when another connection commits).
The size limits each get a test with the message they give. About 10,600 generated cases in
all (see CASES); `QUIZ_HYPOTHESIS_SCALE` multiplies them.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.core import interchange
from quiz.core.db import Database, open_database
from quiz.core.errors import QuizError
from quiz.core.formats import csv_table
from quiz.core.text import answers_match, contains_phrase, normalise, parse_number

SCALE = float(os.environ.get("QUIZ_HYPOTHESIS_SCALE", "1"))
CASES = {"matcher": 4000, "bank": 2000, "bank_raw": 800, "csv": 1600, "opentdb": 1600,
         "csv_raw": 600}
RUNS: dict[str, int] = {}


def cases(name: str) -> settings:
    return settings(max_examples=int(CASES[name] * SCALE), deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example])


# -- values ---------------------------------------------------------------------------------

HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(["", " ", "\x00", "\ufeff", "=cmd|' /C calc'!A0", "<b>bold</b>",
                     "Robert'); DROP TABLE question;--", "\u202eevil", "é" * 1001, "9" * 5000,
                     "NaN", "1e999", "-0", "\r\n", '"', "'", "\\", "null", "ı̇", "ﬀ"]),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=3), st.integers(1, 1500)),
)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    HOSTILE_TEXT)
JSON_VALUES = st.recursive(SCALARS, lambda kids: st.one_of(
    st.lists(kids, max_size=4), st.dictionaries(st.text(max_size=12), kids, max_size=4)),
    max_leaves=12)
FIELDS = ["id", "type", "category", "difficulty", "question", "correct_answer",
          "incorrect_answers", "accepted_answers", "explanation", "sources", "origin", "fact"]
GOOD = {"type": "multiple", "category": "Music", "difficulty": "easy",
        "question": "Which group sings Golden?", "correct_answer": "Huntr/x",
        "incorrect_answers": ["Saja Boys", "BTS", "Twice"]}


FIELD_VALUES = st.one_of(JSON_VALUES, HOSTILE_TEXT, st.lists(HOSTILE_TEXT, max_size=6))
SOURCES = st.lists(st.fixed_dictionaries(
    {"article": st.sampled_from(["cluster-netflix-hit", "nope", ""]), "quote": HOSTILE_TEXT,
     "start": SCALARS, "end": SCALARS}), max_size=6)
SOME_FIELDS = st.lists(st.sampled_from(FIELDS), max_size=3)
IDS = st.one_of(st.text(max_size=20), st.sampled_from(["q1", "q2"]))


@st.composite
def questions(draw: st.DrawFn) -> object:
    """A question object: mostly valid, with some fields replaced by hostile values."""
    if draw(st.integers(0, 9)) == 0:
        return draw(JSON_VALUES)
    question: dict[str, object] = dict(GOOD)
    question["id"] = draw(IDS)
    for name in draw(SOME_FIELDS):
        question[name] = draw(FIELD_VALUES)
    if draw(st.booleans()):
        question["sources"] = draw(SOURCES)
    for name in draw(SOME_FIELDS):
        if draw(st.booleans()):
            question.pop(name, None)
    return question


QUESTION_LISTS = st.one_of(st.lists(questions(), max_size=5), JSON_VALUES)
ARTICLES = st.one_of(st.lists(st.fixed_dictionaries(
    {"id": HOSTILE_TEXT, "title": HOSTILE_TEXT, "text": HOSTILE_TEXT}), max_size=2), JSON_VALUES)


@st.composite
def bank_files(draw: st.DrawFn) -> bytes:
    body: dict[str, object] = {"format": draw(st.sampled_from(["kpop-quiz-bank", "other", 1])),
                               "version": draw(st.sampled_from([1, 1, 1, 2, "1", None]))}
    if draw(st.booleans()):
        body["articles"] = draw(ARTICLES)
    body["questions"] = draw(QUESTION_LISTS)
    keys = list(body)
    order = draw(st.permutations(keys))
    text = json.dumps({k: body[k] for k in order}, ensure_ascii=draw(st.booleans()))
    return _mangle(draw, text)


@st.composite
def opentdb_files(draw: st.DrawFn) -> bytes:
    body = {"response_code": draw(st.sampled_from([0, 0, 0, 1, "0", None])),
            "results": draw(QUESTION_LISTS)}
    if draw(st.booleans()):
        body = {"results": body["results"], "response_code": body["response_code"]}
    text = json.dumps(body)
    if draw(st.booleans()):  # the API's HTML entities, some broken
        text = text.replace("'", "&#039;").replace("&", draw(st.sampled_from(["&amp;", "&"])))
    return _mangle(draw, text)


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    columns = draw(st.one_of(
        st.just(list(csv_table.columns(1))),
        st.lists(st.sampled_from(list(csv_table.COLUMNS) + ["bogus", ""]), min_size=1,
                 max_size=12)))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for _ in range(draw(st.integers(0, 6))):
        row = [GOOD.get(c, "") if isinstance(GOOD.get(c), str) else "" for c in columns]
        for i in draw(st.lists(st.integers(0, max(0, len(columns) - 1)), max_size=4)):
            row[i] = draw(HOSTILE_TEXT)
        if draw(st.integers(0, 9)) == 0:
            row = row[: draw(st.integers(0, len(row)))] + draw(st.lists(HOSTILE_TEXT, max_size=2))
        writer.writerow(row)
    return _mangle(draw, out.getvalue())


def _mangle(draw: st.DrawFn, text: str) -> bytes:
    """The file's bytes, sometimes cut short, with a BOM, or with a few bytes changed."""
    data = text.encode("utf-8")
    how = draw(st.integers(0, 9))
    if how == 0 and data:
        data = data[: draw(st.integers(0, len(data)))]
    elif how == 1:
        data = b"\xef\xbb\xbf" + data
    elif how == 2 and data:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at + 1:]
    return data


# -- the harness ----------------------------------------------------------------------------


class Target:
    """One database and a watcher that tells whether anything was committed."""

    def __init__(self, db: Database, folder: Path) -> None:
        self.db = db
        self.file = folder / "input"
        assert db.file is not None
        self.watcher = sqlite3.connect(db.file)
        self.imported = self.refused = 0

    def version(self) -> int:
        return int(self.watcher.execute("PRAGMA data_version").fetchone()[0])

    def feed(self, data: bytes, fmt: str | None) -> None:
        self.file.write_bytes(data)
        before = self.version()
        with contextlib.suppress(QuizError):
            interchange.plan_import(self.db, self.file, fmt)
        assert self.version() == before, "planning an import changed the database"
        try:
            interchange.import_file(self.db, self.file, fmt)
        except QuizError as exc:
            message = str(exc)
            assert message and "\n" not in message and "Traceback" not in message
            assert self.version() == before, f"a refused import changed the database: {exc}"
            self.refused += 1
            return
        self.imported += 1


@pytest.fixture
def target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Target]:
    """An empty bank; imports here skip their backup (tests/core/test_backup.py covers it)."""
    from quiz.core import backup

    monkeypatch.setattr(backup, "take", lambda *_a, **_k: None)
    db = open_database(f"sqlite:///{tmp_path / 'quiz.sqlite3'}", seed=False)
    assert db.is_empty()  # connected once: the switch to WAL mode is not an import's doing
    t = Target(db, tmp_path)
    yield t
    t.watcher.close()
    db.dispose()


def run(name: str) -> Callable[[], None]:
    RUNS[name] = RUNS.get(name, 0) + 1
    return lambda: None


def _check_count(name: str, t: Target | None = None) -> None:
    assert RUNS.get(name, 0) >= int(CASES[name] * SCALE), RUNS
    if t is not None:
        assert t.refused > 0  # the generators do reach the refusals


# -- importers ----------------------------------------------------------------------------------


def test_bank_json_importer(target: Target) -> None:
    @cases("bank")
    @given(bank_files(), st.sampled_from([None, "json"]))
    def check(data: bytes, fmt: str | None) -> None:
        run("bank")
        target.feed(data, fmt)

    check()
    _check_count("bank", target)
    assert target.imported > 0  # and the imports that should work, do


def test_any_bytes_in_any_format(target: Target) -> None:
    @cases("bank_raw")
    @given(st.one_of(st.binary(max_size=400), st.text(max_size=200).map(str.encode)),
           st.sampled_from([None, "json", "csv", "opentdb"]))
    def check(data: bytes, fmt: str | None) -> None:
        run("bank_raw")
        target.feed(data, fmt)

    check()
    _check_count("bank_raw", target)


def test_csv_importer(target: Target) -> None:
    @cases("csv")
    @given(csv_files(), st.sampled_from([None, "csv"]))
    def check(data: bytes, fmt: str | None) -> None:
        run("csv")
        target.feed(data, fmt)

    check()
    _check_count("csv", target)


def test_csv_raw_text(target: Target) -> None:
    header = ",".join(csv_table.columns(1)).encode()

    @cases("csv_raw")
    @given(st.binary(max_size=300))
    def check(tail: bytes) -> None:
        run("csv_raw")
        target.feed(header + b"\r\n" + tail, "csv")

    check()
    _check_count("csv_raw", target)


def test_open_trivia_db_importer(target: Target) -> None:
    @cases("opentdb")
    @given(opentdb_files(), st.sampled_from([None, "opentdb"]))
    def check(data: bytes, fmt: str | None) -> None:
        run("opentdb")
        target.feed(data, fmt)

    check()
    _check_count("opentdb", target)


# -- the answer matcher ---------------------------------------------------------------------------

ANSWERS = st.one_of(HOSTILE_TEXT, st.from_regex(r"\A(the |No\. )?[0-9,]{1,12}( million)?\Z"),
                    st.sampled_from(["eight", "No. 8", "240 million", "Huntr/x", "huntrx",
                                     "twenty one", "1st", "٣", "Ⅷ", "0" * 5000 + "1"]))


def test_the_answer_matcher_never_raises() -> None:
    @cases("matcher")
    @given(ANSWERS, ANSWERS, st.lists(ANSWERS, max_size=3))
    def check(typed: str, correct: str, accepted: list[str]) -> None:
        run("matcher")
        assert isinstance(answers_match(typed, correct, accepted), bool)
        assert isinstance(normalise(typed), str)
        value = parse_number(typed)
        assert value is None or isinstance(value, float)
        assert isinstance(contains_phrase(correct, typed), bool)
        if normalise(correct):
            assert answers_match(correct, correct)  # an answer always matches itself

    check()
    _check_count("matcher")


# -- size limits ----------------------------------------------------------------------------------


def _bank(questions: list[object]) -> str:
    return json.dumps({"format": "kpop-quiz-bank", "version": 1, "articles": [],
                       "questions": questions})


def _question(i: int, **changes: object) -> dict[str, object]:
    return {**GOOD, "id": f"user-limit-{i}", **changes}


@pytest.fixture
def fresh(db, tmp_path: Path) -> Iterator[tuple[Target, Path]]:
    t = Target(db, tmp_path)
    yield t, tmp_path / "limits.json"
    t.watcher.close()


def _refused(t: Target, path: Path, match: str) -> str:
    before = t.version()
    with pytest.raises(QuizError, match=match) as caught:
        interchange.import_file(t.db, path)
    assert t.version() == before
    return str(caught.value)


@pytest.mark.sqlite_only(reason="watches SQLite's data_version to prove nothing was committed")
def test_a_field_too_long_is_named(fresh: tuple[Target, Path]) -> None:
    t, path = fresh
    path.write_text(_bank([_question(1), _question(2, question="Why? " * 300)]))
    message = _refused(t, path, "question user-limit-2: question: .*at most 1,?000")
    assert message.startswith(str(path))


@pytest.mark.sqlite_only(reason="watches SQLite's data_version to prove nothing was committed")
def test_too_deep_nesting_is_named(fresh: tuple[Target, Path]) -> None:
    t, path = fresh
    deep: object = "x"
    for _ in range(40):
        deep = [deep]
    path.write_text(_bank([_question(1, explanation=deep)]))
    _refused(t, path, "question user-limit-1: explanation: must be a string")
    body = json.loads(_bank([_question(1)]))
    body["notes"] = deep
    path.write_text(json.dumps(body))
    _refused(t, path, "field 'notes': JSON nested deeper than 8 levels")
    path.write_text('{"format": "kpop-quiz-bank", "version": 1, "notes": '
                    + "[" * 100_000 + "]" * 100_000 + ', "questions": []}')
    _refused(t, path, "nested")


@pytest.mark.sqlite_only(reason="watches SQLite's data_version to prove nothing was committed")
def test_too_many_questions_is_named(fresh: tuple[Target, Path],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    t, path = fresh
    monkeypatch.setattr(interchange, "MAX_QUESTIONS", 3)
    path.write_text(_bank([_question(i) for i in range(4)]))
    _refused(t, path, "more than 3 questions .*nothing was imported")


@pytest.mark.sqlite_only(reason="watches SQLite's data_version to prove nothing was committed")
def test_too_big_a_file_is_named(fresh: tuple[Target, Path],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    t, path = fresh
    monkeypatch.setattr(interchange, "MAX_FILE_BYTES", 1000)
    path.write_text(_bank([_question(i) for i in range(20)]))
    _refused(t, path, "the file is .* bytes; one import reads at most 1,000 bytes")


@pytest.mark.sqlite_only(reason="watches SQLite's data_version to prove nothing was committed")
def test_a_huge_single_piece_is_refused(fresh: tuple[Target, Path]) -> None:
    t, path = fresh
    path.write_text(_bank([_question(1, explanation="z" * 500_000)]))
    _refused(t, path, "larger than")


def test_the_cli_says_one_line_for_a_hostile_file(db_url: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from quiz import cli

    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"format": "kpop-quiz-bank", "version": 1, "questions": [\xff\xfe')
    assert cli.main(["--db", db_url, "import", str(bad)]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"quiz: error: {bad}")


def test_open_database_module_is_reusable_after_hostile_imports(db_url: str) -> None:
    """Belt and braces: the bank still opens cleanly after a refused import."""
    db = open_database(db_url)
    assert not db.is_empty()
    db.dispose()
