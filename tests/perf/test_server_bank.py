"""PostgreSQL on the million-question bank: its import, the editor's search, the leaderboard.

The server is a throwaway one of this module's own, on loopback (tests/pgserver.py). Its bank
is the suite's cached million-question SQLite bank, exported to JSON and loaded with `quiz
import` (timed: the PostgreSQL import figure, beside SQLite's import floor measured in the same
run); the 5,000 players, 200,000 games and 2,000,000 answers are then copied across with COPY,
and the tables vacuumed and analysed, as autovacuum would leave them on a server.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from quiz.core import bank, leaderboard, search
from quiz.core.content import load_corpus
from quiz.core.db import Database, open_database
from quiz.core.game import MODES
from quiz.core.generate import generate
from quiz.core.paths import questions_dir
from tests.perf import report, synthetic
from tests.perf.harness import ROOT, SANDBOX, run_process, script, timed, url
from tests.perf.report import median
from tests.pgserver import Server

# Copied from the SQLite bank, in this order: what the shipped bank (seeded on both sides) does
# not hold, the source ids left to the server (they would meet the shipped bank's).
COPIED = (("question", "id LIKE 'syn-%'", ()), ("source", "question_id LIKE 'syn-%'", ("id",)),
          ("player", "1", ()), ("game", "1", ()), ("answer", "1", ()))


@dataclass(frozen=True)
class ServerBank:
    url: str
    server: Server
    name: str  # the database's


def _quiz(*args: str) -> float:
    """Wall seconds of `quiz ARGS` (which must succeed)."""
    env = {**os.environ, "XDG_DATA_HOME": str(SANDBOX / "data")}
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "quiz", *args], cwd=ROOT, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.returncode == 0, proc.stderr
    return time.perf_counter() - started


def _copy_bank(big: Path, target: str) -> None:
    """The SQLite bank's questions, sources, players, games and answers into `target`, by
    COPY, with the bank's indexes built once afterwards (as a dump is restored)."""
    import psycopg

    lite = sqlite3.connect(big)
    with psycopg.connect(target.replace("postgresql+psycopg", "postgresql")) as conn:
        conn.execute("SET maintenance_work_mem = '1GB'")
        indexes = [sql for (sql,) in conn.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename IN ('question', 'source', "
            "'game', 'answer') AND indexname NOT IN (SELECT conname FROM pg_constraint)")]
        for statement in indexes:
            conn.execute(f"DROP INDEX {statement.split(' INDEX ', 1)[1].split()[0]}")  # type: ignore[arg-type]
        for table, where, skipped in COPIED:
            columns = [r[1] for r in lite.execute(f"PRAGMA table_info({table})")
                       if r[1] not in skipped]
            names = ", ".join(f'"{c}"' for c in columns)
            with conn.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # type: ignore[arg-type]
                for row in lite.execute(f"SELECT {names} FROM {table} WHERE {where}"):
                    copy.write_row(row)
            if table in ("player", "game", "answer"):  # numbered by the server from here
                conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # type: ignore[arg-type]
                             f"(SELECT max(id) FROM {table}))")
        for statement in indexes:
            conn.execute(statement)  # type: ignore[arg-type]
    lite.close()


@pytest.fixture(scope="module")
def server_bank(big_db: Path) -> Iterator[ServerBank]:
    folder = Path(tempfile.mkdtemp(prefix="quiz-perf-pg-big-"))
    pg = Server.start(folder / "server")
    try:
        name = pg.create_database()
        open_database(pg.url(name)).dispose()  # the shipped bank, as SQLite's side starts
        _copy_bank(big_db, pg.url(name))
        pg.execute("VACUUM (ANALYZE)", database=name)  # as autovacuum leaves a server
        yield ServerBank(pg.url(name), pg, name)
    finally:
        pg.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def pg_db(server_bank: ServerBank) -> Iterator[Database]:
    database = Database(server_bank.url)
    yield database
    database.dispose()


def test_drawing_a_filtered_game_on_the_server(pg_db: Database) -> None:
    """SQLite's target 4 on the server: which 20 questions, by the keyed draw, against
    ORDER BY random(); and a composed Classic game as cards."""
    seeds = iter(range(10**9))
    player = "Player 7"  # has played: the draw also reads what they were asked

    def draw() -> list[str]:
        return bank.draw_ids(pg_db, MODES["practice"], player, "Sequel", "hard", count=20,
                             seed=next(seeds))

    for _ in range(200):  # the index pages into the server's cache, as a few games would
        draw()
    assert len(set(draw())) == 20
    ours = median(timed(draw, 301))

    def order_by_random() -> None:
        with pg_db.engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT id FROM question WHERE category = %s AND difficulty = %s "
                "ORDER BY random() LIMIT 20", ("Sequel", "hard")).all()
        assert len(rows) == 20

    order_by_random()
    baseline = median(timed(order_by_random, 9))
    speedup = baseline / ours
    ok = ours <= 2.0 and speedup >= 40
    report.record("PG draw 20 filtered questions (ids), 1M", f"{ours:.2f} ms",
                  f"{baseline:.1f} ms (ORDER BY random())", f"{speedup:.0f}x faster",
                  "<= 2 ms, >= 40x", ok)
    composed = median(timed(lambda: bank.draw_game(pg_db, MODES["classic"], player), 25))
    report.record("PG a composed Classic game (40 candidates to 10), 1M", f"{composed:.1f} ms",
                  "-", "-", "(info)", True)
    assert ok


@pytest.mark.parametrize("word", [synthetic.RARE_WORD.lower(), synthetic.RARE_ANSWER.lower()])
def test_editor_search_first_page_on_the_server(pg_db: Database, word: str) -> None:
    ours = median(timed(lambda: search.page(pg_db, search.Filter(text=word)), 21))
    rows = search.page(pg_db, search.Filter(text=word))
    assert len(rows) == 100 and all(word in (r.question + " " + r.answer).lower() for r in rows)

    def ilike_scan() -> None:
        pattern = f"%{word}%"
        with pg_db.engine.connect() as conn:  # SQLite's LIKE ignores case; ILIKE does here
            found = conn.exec_driver_sql(
                "SELECT q.id FROM question q WHERE q.question ILIKE %s OR q.correct_answer "
                "ILIKE %s OR q.incorrect_answers::text ILIKE %s OR EXISTS (SELECT 1 FROM "
                "source s WHERE s.question_id = q.id AND s.quote ILIKE %s) ORDER BY q.id "
                "LIMIT 100", (pattern,) * 4).all()
        assert len(found) == 100

    baseline = median(timed(ilike_scan, 5))
    speedup = baseline / ours
    ok = ours <= 50 and speedup >= 20
    report.record(f"PG editor search '{word}', first page, 1M", f"{ours:.1f} ms",
                  f"{baseline:.0f} ms (ILIKE '%word%' scan)", f"{speedup:.0f}x faster",
                  "<= 50 ms, >= 20x", ok)
    assert ok


def test_leaderboard_top_10_of_200000_games_on_the_server(pg_db: Database,
                                                          big_db: Path) -> None:
    """The Classic table's top 10 against the same query with the server's indexes turned off
    (a sort of every finished game), and beside SQLite's top 10 of the same games."""
    board = leaderboard.top(pg_db, "classic", 10)
    assert len(board) == 10 and [e.rank for e in board] == list(range(1, 11))
    ours = median(timed(lambda: leaderboard.top(pg_db, "classic", 10), 51))

    def without_indexes() -> None:
        from sqlalchemy import event

        def no_index(conn, *_args) -> None:  # type: ignore[no-untyped-def]
            conn.exec_driver_sql("SET LOCAL enable_indexscan = off")
            conn.exec_driver_sql("SET LOCAL enable_indexonlyscan = off")
            conn.exec_driver_sql("SET LOCAL enable_bitmapscan = off")

        event.listen(pg_db.engine, "begin", no_index)
        try:
            assert leaderboard.top(pg_db, "classic", 10) == board
        finally:
            event.remove(pg_db.engine, "begin", no_index)

    baseline = median(timed(without_indexes, 5))
    lite = Database(url(big_db))
    try:
        assert [(e.game_id, e.score) for e in leaderboard.top(lite, "classic", 10)] == \
            [(e.game_id, e.score) for e in board]
        lite_ms = median(timed(lambda: leaderboard.top(lite, "classic", 10), 51))
    finally:
        lite.dispose()
    speedup = baseline / ours
    ok = ours <= 50 and speedup >= 20
    report.record("PG leaderboard top 10 (Classic), 200,000 games", f"{ours:.2f} ms",
                  f"{baseline:.0f} ms (no index); SQLite {lite_ms:.2f} ms",
                  f"{speedup:.0f}x faster", "<= 50 ms, >= 20x", ok)
    assert ok


def test_editor_count_and_pages_on_the_server(pg_db: Database) -> None:
    """The editor's counts and keyset pages on the server (figures for the README)."""
    whole = search.Filter()
    count_ms = median(timed(lambda: search.count_upto(pg_db, whole, 1000), 9))
    assert search.count_upto(pg_db, whole, 1000) is not None
    hard = search.Filter(category="Sequel", difficulty="hard")
    filtered_ms = median(timed(lambda: search.count_upto(pg_db, hard, 1000), 9))
    first = search.page(pg_db, whole)
    rows = first
    for _ in range(20):  # 20 pages on, each from the last row of the one before
        rows = search.page(pg_db, whole, after=rows[-1])
    assert len(rows) == search.PAGE and rows[0].id > first[-1].id
    deep_ms = median(timed(lambda: search.page(pg_db, whole, after=rows[-1]), 21))
    games_ms = median(timed(lambda: leaderboard.count(pg_db, "classic"), 9))
    report.record("PG editor count / keyset page, 1M",
                  f"count {count_ms:.0f} ms (all), {filtered_ms:.0f} ms (Sequel, hard); "
                  f"page 21 {deep_ms:.1f} ms; games count {games_ms:.1f} ms",
                  "-", "-", "(info)", True)


COMMON_WORDS = ("demon", "the", "lineage", "golden", "huntr lineage")


@pytest.mark.parametrize("words", COMMON_WORDS)
def test_common_words_on_the_server(pg_db: Database, big_db: Path,
                                    monkeypatch: pytest.MonkeyPatch, words: str) -> None:
    """A search for words in tens of thousands of questions (a third of the bank for "demon"):
    the first page and the capped count walk the bank in page order, as on SQLite; the page is
    the index's, row for row, and both are beside SQLite's on the same bank."""
    f = search.Filter(text=words)
    page = search.page(pg_db, f)
    assert len(page) == search.PAGE
    page_ms = median(timed(lambda: search.page(pg_db, f), 11))
    count_ms = median(timed(lambda: search.count_upto(pg_db, f, 1000), 11))
    assert search.count_upto(pg_db, f, 1000) is None  # more than 1,000
    lite = Database(url(big_db))
    try:
        search.page(lite, f)
        lite_page = median(timed(lambda: search.page(lite, f), 11))
        lite_count = median(timed(lambda: search.count_upto(lite, f, 1000), 11))
    finally:
        lite.dispose()
    with monkeypatch.context() as m:  # the index's way: every match gathered, then sorted
        m.setattr(search, "_common", lambda _conn, _words: False)
        assert [r.id for r in search.page(pg_db, f)] == [r.id for r in page]
    ok = page_ms <= 50
    report.record(f"PG editor search '{words}' (common), 1M: page / count",
                  f"{page_ms:.1f} ms / {count_ms:.1f} ms",
                  f"SQLite {lite_page:.1f} ms / {lite_count:.1f} ms", "-",
                  "page <= 50 ms", ok)
    assert ok


def test_import_of_the_million_question_json_into_the_server(server_bank: ServerBank,
                                                             big_db: Path,
                                                             tmp_path: Path) -> None:
    """`quiz import` of the bank's JSON export into a fresh database on the same server,
    beside SQLite's import floor measured in this run."""
    bank_file = tmp_path / "bank.json"
    _quiz("--db", url(big_db), "export", "--format", "json", "-o", str(bank_file))
    fresh = server_bank.server.create_database()
    try:
        open_database(server_bank.server.url(fresh)).dispose()
        seconds = _quiz("--db", server_bank.server.url(fresh), "import", str(bank_file))
        count = synthetic.QUESTIONS + len(generate(load_corpus(questions_dir())))
        stored = Database(server_bank.server.url(fresh))
        with stored.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM question").scalar_one() == count
        stored.dispose()
    finally:
        server_bank.server.drop_database(fresh)
    floor_db = tmp_path / "floor.sqlite3"
    synthetic.seeded_copy(floor_db)
    floor, _kib = run_process(script("import_floor.py", str(big_db), str(floor_db)))
    floor_rate = floor["questions"] / floor["seconds"]
    rate = count / seconds
    report.record("PG import of the 1M-question bank JSON (quiz import)", f"{rate:,.0f} q/s",
                  f"{floor_rate:,.0f} q/s (SQLite import floor, this run)",
                  f"{rate / floor_rate:.2f}x", "(info)", True)
