"""Import plans (new / updated / unchanged / rejected with reasons), all-or-nothing imports,
undoable imports, and the `quiz export` / `quiz import` commands for every format."""

from __future__ import annotations

import dataclasses
import gc
import io
import json
from pathlib import Path

import pytest

from quiz.cli import main
from quiz.core import editing, interchange
from quiz.core.errors import QuizError

QID = "netflix-new-hit-movie/multiple"


def bank(db) -> dict:
    out = io.StringIO()
    interchange.export_bank(db, out)
    return json.loads(out.getvalue())


def save(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def mixed_file(db, tmp_path: Path) -> Path:
    """2 new, 1 updated, the rest unchanged, 3 rejected for different reasons."""
    data = bank(db)
    qs = data["questions"]
    first = dict(qs[0], id="new-one", question="A brand new question about the film?")
    second = dict(first, id="new-two", question="Another new question about the film?")
    qs[1]["explanation"] = "Changed."
    bad_answer = dict(first, id="bad-answer", correct_answer="")
    bad_quote = dict(first, id="bad-quote",
                     sources=[{"article": "cluster-netflix-hit", "quote": "not in there"}])
    twice = dict(first, id=qs[5]["id"])
    data["questions"] = [first, second, bad_answer, *qs, bad_quote, twice]
    return save(tmp_path / "mixed.json", data)


@pytest.fixture(params=["ids read once", "ids probed per batch"])
def known_ids(request, monkeypatch) -> None:
    """Both ways an import finds which questions are stored: a small bank's ids read at the
    start, a big bank's asked for batch by batch."""
    if request.param == "ids probed per batch":
        monkeypatch.setattr(interchange, "KNOWN_IDS", 10)


def test_plan_counts_everything_and_gives_each_reason(db, tmp_path: Path, known_ids) -> None:
    before = bank(db)
    plan = interchange.plan_import(db, mixed_file(db, tmp_path))
    n = len(before["questions"])
    assert (plan.new, plan.updated, plan.unchanged) == (2, 1, n - 1)
    assert plan.rejected_count == 3 and not plan.ok and plan.total == n + 5
    reasons = [str(r) for r in plan.rejected]
    assert reasons[0] == "question bad-answer: correct_answer: is empty"
    assert reasons[1] == "question bad-quote: sources[1].quote: is not found verbatim in the article"
    assert "appears twice in the file" in reasons[2]
    assert bank(db) == before  # a plan writes nothing


def test_import_is_all_or_nothing(db, tmp_path: Path) -> None:
    before = bank(db)
    with pytest.raises(QuizError, match=r"mixed\.json: question bad-answer: correct_answer"):
        interchange.import_file(db, mixed_file(db, tmp_path))
    assert bank(db) == before


def test_updating_a_generated_question_marks_it_edited(db, tmp_path: Path, known_ids) -> None:
    data = bank(db)
    target = next(q for q in data["questions"] if q["id"] == QID)
    target["explanation"] = "Changed by a file."
    report = interchange.import_file(db, save(tmp_path / "b.json", data))
    assert (report.added, report.updated) == (0, 1)
    rec = editing.load(db, [QID])[QID]
    assert (rec.origin, rec.explanation) == ("edited", "Changed by a file.")
    editing.restore(db, QID)  # the original is still known
    assert editing.load(db, [QID])[QID].origin == "generated"


def test_an_import_can_be_undone(db, tmp_path: Path) -> None:
    before = bank(db)
    report = interchange.import_file(db, mixed_file_valid(db, tmp_path), undoable=True)
    assert report.change is not None and report.change.structural
    editing.apply(db, report.change.before)
    assert bank(db) == before


def mixed_file_valid(db, tmp_path: Path) -> Path:
    data = bank(db)
    data["questions"][0]["category"] = "Imported"
    data["questions"].append(dict(data["questions"][1], id="copy",
                                  question="A new question from a file?"))
    return save(tmp_path / "valid.json", data)


def test_an_article_that_differs_rejects_the_file(db, tmp_path: Path) -> None:
    data = bank(db)
    data["articles"][0]["text"] += " Extra."
    with pytest.raises(QuizError, match="text differs from the article already in the bank"):
        interchange.plan_import(db, save(tmp_path / "a.json", data))


def test_new_articles_come_with_their_questions(db, tmp_path: Path) -> None:
    data = bank(db)
    data["articles"].append({"id": "fan-blog", "title": "A fan blog", "text": "Rumi rules."})
    data["questions"] = [{"type": "text", "category": "Fans", "difficulty": "easy",
                          "question": "Who rules, says the fan blog?", "correct_answer": "Rumi",
                          "sources": [{"article": "fan-blog", "quote": "Rumi rules."}]}]
    path = save(tmp_path / "blog.json", data)
    plan = interchange.plan_import(db, path)
    assert (plan.articles_new, plan.new) == (1, 1)
    report = interchange.import_file(db, path)
    assert report.articles_added == 1
    assert editing.article_texts(db)["fan-blog"] == "Rumi rules."


@pytest.mark.parametrize(("change", "reason"), [
    ({"type": 3}, "type: must be a string"),
    ({"incorrect_answers": "Hulu"}, "incorrect_answers: must be a list of strings"),
    ({"sources": [{"article": "cluster-netflix-hit"}]}, "quote: is missing"),
    ({"sources": [1]}, "sources[1]: must be an object"),
    ({"origin": "stolen"}, "origin: must be one of"),
    ({"id": ""}, "id: must be a string of 1 to"),
    ({"fact": 7}, "fact: must be a string or null"),
    ({"type": "text", "incorrect_answers": ["a", "b", "c", "d"]}, "incorrect_answers: at most 3"),
    ({"sources": [{"article": "cluster-netflix-hit", "quote": "Netflix", "start": "0"}]},
     "sources[1]: start and end must be whole numbers"),
    ({"question": "Who sang \ud800?"}, "question: is not valid Unicode"),
    ({"id": "bad\ud800id"}, "id: is not valid Unicode"),
    ({"accepted_answers": ["ok", "\udfff"]}, "accepted_answers: is not valid Unicode"),
])
def test_malformed_questions_are_rejected_with_the_field(db, tmp_path: Path, change: dict,
                                                          reason: str) -> None:
    data = bank(db)
    next(q for q in data["questions"] if q["id"] == QID).update(change)
    plan = interchange.plan_import(db, save(tmp_path / "m.json", data))
    assert plan.rejected_count == 1 and reason in str(plan.rejected[0])


@pytest.mark.sqlite_only(reason="PostgreSQL text cannot hold NUL: test_postgres.py checks the refusal")
def test_text_with_nul_characters_is_stored_whole(db, tmp_path: Path) -> None:
    data = bank(db)
    odd = dict(next(q for q in data["questions"] if q["id"] == QID), id="odd",
               question="A question with a \x00 NUL inside?")
    data["questions"] = [odd]
    interchange.import_file(db, save(tmp_path / "nul.json", data))
    assert editing.load(db, ["odd"])["odd"].question == "A question with a \x00 NUL inside?"


def test_text_that_copy_must_escape_is_stored_as_written(db, tmp_path: Path) -> None:
    """On a server the rows go in by COPY, whose text format gives tabs, newlines, backslashes
    and a lone \\N meanings of their own: each must come back as written."""
    data = bank(db)
    base = next(q for q in data["questions"] if q["id"] == QID)
    odd = dict(base, id="odd\\N", question="Tab\there, a\\backslash and \\N — “quoted”?",
               incorrect_answers=["\\N", "c\\d\tx", "\\."],
               accepted_answers=["é\\u00e9"], explanation="Line one.\nLine two\\.")
    data["questions"] = [odd]
    interchange.import_file(db, save(tmp_path / "odd.json", data))
    got = editing.load(db, [odd["id"]])[odd["id"]]
    assert (got.question, got.correct_answer, list(got.incorrect_answers),
            list(got.accepted_answers), got.explanation) == (
        odd["question"], odd["correct_answer"], odd["incorrect_answers"],
        odd["accepted_answers"], odd["explanation"])
    assert [(s.quote, s.start, s.end) for s in got.sources] == [
        (s["quote"], s["start"], s["end"]) for s in base["sources"]]


def test_deep_nesting_anywhere_in_a_question_refuses_the_file(db, tmp_path: Path) -> None:
    data = bank(db)
    data["questions"][3]["extra"] = {"a": [[[[[[[[["deep"]]]]]]]]]}
    with pytest.raises(QuizError, match=r"field extra: JSON nested deeper than 8 levels"):
        interchange.plan_import(db, save(tmp_path / "deep.json", data))
    data["questions"][3]["extra"] = {"harmless": ["unknown fields are ignored"]}
    assert interchange.plan_import(db, save(tmp_path / "ok.json", data)).ok


def test_the_first_bad_question_in_the_file_is_named(db, tmp_path: Path) -> None:
    data = bank(db)
    data["questions"][2]["correct_answer"] = ""  # breaks a rule (checked in batches)
    data["questions"][5]["type"] = 7  # malformed (checked at once)
    with pytest.raises(QuizError, match=rf"question {data['questions'][2]['id']}: correct_"):
        interchange.import_file(db, save(tmp_path / "two.json", data))


def test_reading_pauses_the_cycle_collector_and_leaves_it_as_it_was(db, tmp_path: Path,
                                                                   monkeypatch) -> None:
    states: list[bool] = []  # the collector's, as each question is read
    parse = interchange._parse

    def spy(*args: object) -> object:
        states.append(gc.isenabled())
        return parse(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(interchange, "_parse", spy)
    assert interchange.plan_import(db, mixed_file(db, tmp_path)).new == 2
    assert gc.isenabled() and states and not any(states)
    with pytest.raises(QuizError):
        interchange.import_file(db, mixed_file(db, tmp_path))
    assert gc.isenabled()  # after a refusal too
    gc.disable()
    try:
        interchange.plan_import(db, mixed_file(db, tmp_path))
        assert not gc.isenabled()  # not switched on by an import that found it off
    finally:
        gc.enable()


# -- the command line -------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv", "opentdb"])
def test_cli_export_and_import_each_format(db_url: str, tmp_path: Path, fmt: str,
                                           capsys) -> None:
    out = tmp_path / f"bank.{fmt}"
    assert main(["--db", db_url, "export", "--format", fmt, "-o", str(out)]) == 0
    assert "exported" in capsys.readouterr().err and out.exists()
    assert not (tmp_path / f"bank.{fmt}.part").exists()
    assert main(["--db", db_url, "import", str(out)]) == 0  # format detected
    assert "0 added, 0 updated" in capsys.readouterr().out
    assert main(["--db", db_url, "import", "--format", fmt, str(out)]) == 0


def test_cli_export_csv_to_stdout(db_url: str, capsys) -> None:
    assert main(["--db", db_url, "export", "--format", "csv"]) == 0
    assert capsys.readouterr().out.lstrip("\ufeff").startswith("id,type,category")


def test_cli_import_with_the_wrong_format_says_so(db_url: str, tmp_path: Path, capsys) -> None:
    out = tmp_path / "bank.json"
    assert main(["--db", db_url, "export", "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["--db", db_url, "import", "--format", "csv", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "unknown column" in err


def test_cli_import_names_the_rejected_row(db_url: str, tmp_path: Path, capsys) -> None:
    path = tmp_path / "q.csv"
    path.write_text("type,category,difficulty,question,correct_answer\n"
                    "text,Sequel,easy,Who makes the sequel?,\n", encoding="utf-8")
    assert main(["--db", db_url, "import", str(path)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"quiz: error: {path}: row 2: correct_answer: is empty")


@pytest.mark.sqlite_only(reason="SQLite's bulk-import settings and FTS5 index tables")
def test_an_import_leaves_the_pooled_connections_as_it_found_them(db, tmp_path: Path) -> None:
    data = bank(db)
    data["questions"] = [dict(data["questions"][0], id=f"copy-{i}",
                              question=f"Copy number {i} of a question about the film?")
                         for i in range(5)]
    interchange.import_file(db, save(tmp_path / "copies.json", data))
    with db.reader() as first, db.reader() as second:  # the writer's and the reader's
        for raw in (first, second):
            assert raw.execute("PRAGMA temp_store").fetchone()[0] == 0
            assert raw.execute("PRAGMA cache_size").fetchone()[0] == -2000


@pytest.mark.sqlite_only(reason="SQLite's bulk-import settings and FTS5 index tables")
def test_an_import_is_searchable_at_once_and_leaves_the_index_settings(db, tmp_path: Path
                                                                       ) -> None:
    from quiz.core import search

    with db.engine.begin() as conn:  # a setting of the user's own survives the import
        conn.exec_driver_sql("INSERT INTO question_search(question_search, rank) "
                             "VALUES ('automerge', 8)")
    data = bank(db)
    data["questions"] = [dict(data["questions"][0], id=f"zany-{i}",
                              question=f"Which zanyword question is number {i}?")
                         for i in range(30)]
    interchange.import_file(db, save(tmp_path / "zany.json", data))
    with db.engine.connect() as conn:
        settings = dict(conn.exec_driver_sql("SELECT k, v FROM question_search_config "
                                             "WHERE k IN ('automerge', 'hashsize')").all())
        pending = conn.exec_driver_sql("SELECT count(*) FROM question_search_pending").scalar()
    assert settings["automerge"] == 8 and settings.get("hashsize", 1 << 20) == 1 << 20
    assert pending == 0  # indexed by the import itself
    assert len(search.page(db, search.Filter(text="zanyword"))) == 30


def test_an_in_memory_bank_imports_too(tmp_path: Path) -> None:
    from quiz.core.db import open_database

    memory = open_database("sqlite://")
    try:
        data = bank(memory)
        data["questions"] = [dict(data["questions"][0], id="in-memory",
                                  question="A question kept only in memory?")]
        report = interchange.import_file(memory, save(tmp_path / "one.json", data))
        assert report.added == 1 and "in-memory" in editing.load(memory, ["in-memory"])
    finally:
        memory.dispose()


def _search_state(db) -> tuple[dict, int, int]:
    with db.engine.connect() as conn:
        return (dict(conn.exec_driver_sql("SELECT k, v FROM question_search_config").all()),
                conn.exec_driver_sql("SELECT count(*) FROM question_search_pending").scalar(),
                conn.exec_driver_sql("SELECT count(*) FROM question_search").scalar())


@pytest.mark.sqlite_only(reason="SQLite's bulk-import settings and FTS5 index tables")
def test_a_failed_import_leaves_the_index_settings_and_the_bank(db, tmp_path: Path) -> None:
    before, index_before = bank(db), _search_state(db)
    data = bank(db)
    good = [dict(data["questions"][0], id=f"fine-{i}",
                 question=f"A fine question number {i} about the film?") for i in range(4500)]
    data["questions"] = [*good, dict(good[0], id="last-one", correct_answer="")]  # 3rd batch
    with pytest.raises(QuizError, match="last-one: correct_answer"):
        interchange.import_file(db, save(tmp_path / "late.json", data))
    assert _search_state(db) == index_before  # settings, pending rows and index rows
    assert bank(db) == before


def _schema(db) -> list[tuple[str, str]]:
    with db.engine.connect() as conn:
        return sorted(conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL").all())


def _index_matches_the_bank(db) -> None:
    """Every question's row in the search index holds what a rebuild would put there."""
    from quiz.core import models

    with db.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT rowid, body FROM question_search").all()
        expected = conn.exec_driver_sql(
            f"SELECT {models.search_values('question')} FROM question").all()
    assert sorted(stored) == sorted(expected)
    with db.engine.connect() as conn:
        indexed = {q for (q,) in conn.exec_driver_sql("SELECT quote FROM quote_search")}
        quotes = {q for (q,) in conn.exec_driver_sql("SELECT DISTINCT quote FROM source")}
    assert quotes <= indexed


@pytest.mark.sqlite_only(reason="SQLite's bulk-import settings and FTS5 index tables")
@pytest.mark.parametrize("big", [False, True], ids=["small", "bigger-than-the-bank"])
def test_an_import_puts_back_the_indexes_and_triggers_it_set_aside(
        db, tmp_path: Path, monkeypatch, big: bool) -> None:
    from quiz.core import bulk, search

    if big:  # the bank holds ~250 questions: sort its indexes once, at the end
        monkeypatch.setattr(bulk, "BIG_IMPORT", 100)
    schema = _schema(db)
    data = bank(db)
    changed = next(q for q in data["questions"] if q["type"] == "multiple")
    changed["correct_answer"] = "Quibbleflux"  # an update, indexed too
    fragment = changed["sources"][0]["quote"][:-9]  # a quote no question had (verbatim)
    data["questions"] = [changed, *(dict(changed, id=f"many-{i}", correct_answer="Lineage",
                                       question=f"Which mumblecore question is number {i}?",
                                       sources=[{"article": changed["sources"][0]["article"],
                                                 "quote": fragment}])
                                  for i in range(2600))]
    report = interchange.import_file(db, save(tmp_path / "many.json", data))
    assert (report.added, report.updated) == (2600, 1)
    assert _schema(db) == schema
    _index_matches_the_bank(db)
    assert search.count(db, search.Filter(text="mumblecore")) == 2600
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM quote_search WHERE quote = ?",
                                    (fragment,)).scalar() == 1
    assert [r.id for r in search.page(db, search.Filter(text="quibbleflux"))] == [changed["id"]]
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        plan = " ".join(str(r) for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM question WHERE category = 'Music' "
            "AND difficulty = 'easy' ORDER BY shuffle").all())
    assert "ix_question_draw" in plan
    # the triggers are back: an edit after the import is found by the next search
    rec = editing.load(db, ["many-7"])["many-7"]
    editing.apply(db, [("many-7", dataclasses.replace(rec, question="Which zorbleflap one?"))])
    assert [r.id for r in search.page(db, search.Filter(text="zorbleflap"))] == ["many-7"]


@pytest.mark.sqlite_only(reason="SQLite's bulk-import settings and FTS5 index tables")
def test_a_big_import_that_fails_late_leaves_the_schema(db, tmp_path: Path, monkeypatch
                                                        ) -> None:
    from quiz.core import bulk

    monkeypatch.setattr(bulk, "BIG_IMPORT", 100)
    schema, before, index_before = _schema(db), bank(db), _search_state(db)
    data = bank(db)
    good = [dict(data["questions"][0], id=f"fine-{i}",
                 question=f"A fine question number {i} about the film?") for i in range(4500)]
    data["questions"] = [*good, dict(good[0], id="last-one", correct_answer="")]
    with pytest.raises(QuizError, match="last-one: correct_answer"):
        interchange.import_file(db, save(tmp_path / "late.json", data))
    assert _schema(db) == schema
    assert _search_state(db) == index_before
    assert bank(db) == before


@pytest.mark.sqlite_only(reason="SQLite's bulk-import settings and FTS5 index tables")
def test_an_import_after_the_newest_questions_were_deleted(db, tmp_path: Path) -> None:
    """New rows take the rowids of questions deleted since the last search; their stale index
    entries are gone first (the command line never searches in between)."""
    from quiz.core import search

    search.sync_index(db)  # every question indexed, the newest ones too
    with db.engine.connect() as conn:
        newest = conn.exec_driver_sql(
            "SELECT id FROM question ORDER BY rowid DESC LIMIT 3").scalars().all()
    editing.delete_questions(db, newest)
    data = bank(db)
    data["questions"] = [dict(data["questions"][0], id=f"after-{i}",
                              question=f"Which glimmerwave question is number {i}?")
                         for i in range(5)]
    assert interchange.import_file(db, save(tmp_path / "after.json", data)).added == 5
    _index_matches_the_bank(db)


@pytest.mark.sqlite_only(reason="SQLite's bulk-import settings and FTS5 index tables")
def test_a_new_quote_is_indexed_where_the_newest_sources_were_replaced(db, tmp_path: Path
                                                                       ) -> None:
    """An import writes a changed question's sources again; when they were the newest rows,
    the new ones take their numbers. Their quotes are noted all the same."""
    from quiz.core import search

    some = next(q for q in bank(db)["questions"] if q["type"] == "multiple")
    rec = editing.load(db, [some["id"]])[some["id"]]
    editing.save(db, rec.id, dataclasses.replace(rec.draft(), explanation="Newest."),
                 rec.sources)  # its sources are now the newest rows
    fragment = rec.sources[0].quote[:-7]  # verbatim, and no question's quote yet
    data = bank(db)
    data["questions"] = [dict(some, explanation="Newest.", sources=[
        {"article": rec.sources[0].article, "quote": fragment}])]
    assert interchange.import_file(db, save(tmp_path / "newest.json", data)).updated == 1
    _index_matches_the_bank(db)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM quote_search WHERE quote = ?",
                                    (fragment,)).scalar() == 1
    assert rec.id in {r.id for r in search.page(db, search.Filter(text=fragment[-12:]),
                                                limit=1000)}


@pytest.mark.sqlite_only(reason="SQLite's bulk-import settings and FTS5 index tables")
def test_saving_and_reimporting_does_not_repeat_quotes_in_the_quote_index(db, tmp_path: Path
                                                                           ) -> None:
    def quote_rows() -> tuple[int, int]:
        with db.engine.connect() as conn:
            return conn.exec_driver_sql(
                "SELECT count(*), count(DISTINCT quote) FROM quote_search").one()

    before = quote_rows()
    assert before[0] == before[1]
    some = next(q for q in bank(db)["questions"] if q["type"] == "multiple")
    rec = editing.load(db, [some["id"]])[some["id"]]
    for n in range(3):  # every save writes the question's sources again
        editing.save(db, rec.id, dataclasses.replace(rec.draft(), explanation=f"Take {n}."),
                     rec.sources)
    data = bank(db)
    for q in data["questions"]:
        q["explanation"] = "Changed by a re-import."
    interchange.import_file(db, save(tmp_path / "again.json", data))
    assert quote_rows() == before


@pytest.mark.sqlite_only(reason="PostgreSQL text cannot hold NUL: test_postgres.py checks the refusal")
def test_a_quote_holding_a_nul_character_is_found_by_its_words(db, tmp_path: Path) -> None:
    from quiz.core import search

    data = bank(db)
    article = {"id": "nul-article", "title": "Nul",
               "text": "Snorkelwave begins here\x00 and ends. Other text."}
    data["articles"].append(article)
    data["questions"] = [dict(data["questions"][0], id="nul-quote", origin="user",
                              sources=[{"article": "nul-article",
                                        "quote": "Snorkelwave begins here\x00 and ends."}])]
    interchange.import_file(db, save(tmp_path / "nul.json", data))
    assert [r.id for r in search.page(db, search.Filter(text="snorkelwave"))] == ["nul-quote"]


def test_rows_go_in_under_a_small_limit_on_statement_parameters() -> None:
    import sqlite3

    from quiz.core import bulk

    conn = sqlite3.connect(":memory:")
    conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)  # SQLite before 3.32
    conn.execute(f"CREATE TABLE t ({', '.join(f'c{i}' for i in range(14))})")
    rows = [tuple(f"{r}-{i}" for i in range(14)) for r in range(500)]
    bulk._insert_many(conn, "t", tuple(f"c{i}" for i in range(14)), rows)
    assert conn.execute("SELECT * FROM t ORDER BY rowid").fetchall() == rows
