"""SQLite settings, write transactions, a full disk, and folders the quiz cannot write.

Items 1, 3 and 10 of "never lose a score": every write begins IMMEDIATE (a deferred
read-then-write fails at once with "database is locked"), a full disk is one plain message with
every earlier commit kept, and a read-only or missing folder is named, leaving no partial file.
"""

from __future__ import annotations

import ast
import contextlib
import os
import random
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from quiz.core import backup, history, models
from quiz.core.bank import draw
from quiz.core.db import Database, open_database
from quiz.core.errors import QuizError
from quiz.core.game import mode
from tests.core.test_crash import play

CORE = Path(__file__).resolve().parents[2] / "quiz" / "core"

pytestmark = [pytest.mark.sqlite_only(
    reason="SQLite's file locks, PRAGMAs, full disks and read-only files")]



def games(db: Database) -> dict[int, int]:
    """Every stored game id with its number of answers."""
    with db.session() as s:
        rows = s.exec(select(models.Answer.game_id)).all()
        ids = s.exec(select(models.Game.id)).all()
    return {gid: sum(1 for r in rows if r == gid) for gid in ids if gid is not None}


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


# -- 1. settings and write transactions --------------------------------------------------------


def test_sqlite_settings(db) -> None:
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 10_000


def test_a_write_session_takes_the_write_lock_at_begin(db) -> None:
    other = sqlite3.connect(db.file, timeout=0, isolation_level=None)
    try:
        with db.session(write=True) as s:
            s.connection()  # the transaction has begun; nothing written yet
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        with db.session() as s:  # a read session takes no write lock
            s.connection()
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
    finally:
        other.close()


def _write_from_another_process_meanwhile(path: Path) -> tuple[threading.Thread, threading.Event]:
    """A writer (its own connection, 10 s busy timeout) that inserts a player and commits."""
    done = threading.Event()

    def write() -> None:
        conn = sqlite3.connect(path, timeout=10, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO player (name, key, created_at) VALUES ('B', 'b', '2026-01-01')")
        conn.execute("COMMIT")
        conn.close()
        done.set()

    return threading.Thread(target=write), done


def test_a_deferred_read_then_write_fails_at_once_whatever_the_timeout(db) -> None:
    """The failure BEGIN IMMEDIATE exists to avoid, shown on our own engine."""
    started = 0.0
    with pytest.raises(QuizError, match="changed while") as caught, db.session() as s:
        s.exec(select(models.Player)).all()  # the read fixes this transaction's snapshot
        writer, done = _write_from_another_process_meanwhile(db.file)
        writer.start()
        assert done.wait(10)  # not blocked: nobody holds the write lock yet
        writer.join()
        started = time.monotonic()
        s.add(models.Player(name="A", key="a"))
        s.flush()
    assert time.monotonic() - started < 5  # at once: well before the 10 s busy timeout
    assert isinstance(caught.value.__context__, OperationalError)
    assert "database is locked" in str(caught.value.__context__)


def test_our_write_session_reads_then_writes_while_another_writer_waits(db) -> None:
    with db.session(write=True) as s:
        before = len(s.exec(select(models.Player)).all())
        writer, done = _write_from_another_process_meanwhile(db.file)
        writer.start()
        assert not done.wait(0.3)  # the other writer queues behind our write lock
        s.add(models.Player(name="A", key="a"))
    writer.join(10)
    assert done.is_set()
    with db.session() as s:
        assert len(s.exec(select(models.Player)).all()) == before + 2


def _writes_in(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            target = ast.unparse(node.func.value)
            if node.func.attr == "begin" and target.endswith("engine"):
                found.append(ast.unparse(node))
            if node.func.attr == "session" and target == "db":
                write = [k for k in node.keywords if k.arg == "write"]
                if write and not (isinstance(write[0].value, ast.Constant)
                                  and write[0].value.value is True):
                    found.append(ast.unparse(node))
    return found


# Modules allowed to begin a deferred write transaction on the engine directly: none.
KNOWN_DEFERRED: dict[str, int] = {}


def test_audit_no_core_write_bypasses_begin_immediate() -> None:
    """Every transaction begun on the engine directly would be deferred: only the listed one."""
    offenders = {}
    for path in CORE.rglob("*.py"):
        found = _writes_in(ast.parse(path.read_text(encoding="utf-8")))
        if found and path.name != "db.py":
            offenders[path.name] = len(found)
    assert offenders == KNOWN_DEFERRED


def test_audit_every_core_write_statement_runs_in_an_immediate_transaction(db, tmp_path) -> None:
    """Run the core's write operations and check each INSERT/UPDATE/DELETE's transaction."""
    from quiz.core import editing, generate, interchange, progress

    immediate: dict[int, bool] = {}
    wrong: list[str] = []

    @event.listens_for(db.engine, "begin")
    def began(conn) -> None:  # type: ignore[no-untyped-def]
        immediate[id(conn.connection.dbapi_connection)] = bool(
            conn.get_execution_options().get("quiz_write"))

    @event.listens_for(db.engine, "before_cursor_execute")
    def statement(conn, _cursor, sql, *_args) -> None:  # type: ignore[no-untyped-def]
        verb = sql.lstrip().split(None, 1)[0].upper()
        if verb in ("INSERT", "UPDATE", "DELETE", "REPLACE") and \
                not immediate.get(id(conn.connection.dbapi_connection)):
            wrong.append(sql[:80])

    cards = draw(db, mode("practice"), "Audit", count=5, seed=1)
    history.save(db, "Audit", play(cards, random.Random(1)))
    generate.regenerate(db)
    rec = editing.load(db, [cards[0].id])[cards[0].id]
    change = editing.save(db, rec.id, replace(rec.draft(), explanation="edited"), rec.sources)
    editing.apply(db, change.before)  # undo
    editing.delete_questions(db, [cards[1].id])
    generate.restore(db, cards[0].id)
    out = tmp_path / "bank.json"
    with out.open("w", encoding="utf-8") as fh:
        interchange.export(db, fh)
    interchange.import_file(db, out)
    progress.reset(db, "Audit")
    assert wrong == []
    assert any(immediate.values())


# -- 3. a full disk -----------------------------------------------------------------------------


@contextlib.contextmanager
def page_limit(db: Database, extra_pages: int) -> Iterator[None]:
    """Let the file grow by only `extra_pages` pages (SQLite's max_page_count)."""
    with db.engine.connect() as conn:
        limit = conn.exec_driver_sql("PRAGMA page_count").scalar() + extra_pages

    def cap(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_conn.execute(f"PRAGMA max_page_count={limit}")

    db.dispose()
    event.listen(db.engine, "connect", cap)
    try:
        yield
    finally:
        event.remove(db.engine, "connect", cap)
        db.dispose()


def _fill_with_games(db: Database, seed: int = 3) -> tuple[dict[int, int], QuizError]:
    cards = draw(db, mode("practice"), "Full", count=12, seed=seed)
    rnd = random.Random(seed)
    saved = {}
    for _ in range(5000):
        summary = play(cards, rnd)
        summary.results[0] = summary.results[0].__class__(
            summary.results[0].card, "x" * 3000, False, 0, 0, 1.0)  # big rows fill pages fast
        try:
            saved[history.save(db, "Full", summary)] = summary.total
        except QuizError as exc:
            return saved, exc
    raise AssertionError("the disk never filled")


def test_a_full_disk_is_one_message_and_every_earlier_game_is_kept(db) -> None:
    before = games(db)
    with page_limit(db, 40):
        saved, error = _fill_with_games(db)
    message = str(error)
    assert message.startswith("the disk is full")
    assert "nothing was saved from this game" in message and "\n" not in message
    assert saved, "some games fit before the disk filled"
    stored = games(db)
    for gid, total in saved.items():
        assert stored[gid] == total
    assert len(stored) == len(before) + len(saved)  # the failed game left nothing behind
    assert integrity(db.file) == "ok"
    cards = draw(db, mode("practice"), "Full", count=3, seed=9)
    assert history.save(db, "Full", play(cards, random.Random(2)))  # space again: it works


def test_an_import_on_a_full_disk_changes_nothing(db, tmp_path: Path) -> None:
    from quiz.core import interchange

    big = tmp_path / "big.json"
    items = [{"id": f"user-{i}", "type": "text", "category": "Filler", "difficulty": "easy",
              "question": f"Question {i} " + "y" * 900, "correct_answer": f"answer {i}",
              "incorrect_answers": [], "explanation": "z" * 3000} for i in range(600)]
    import json

    big.write_text(json.dumps({"format": "kpop-quiz-bank", "version": 1, "articles": [],
                               "questions": items}), encoding="utf-8")
    with db.session() as s:
        count = len(s.exec(select(models.Question.id)).all())
    with page_limit(db, 60), pytest.raises(QuizError, match="^the disk is full.*import"):
        interchange.import_file(db, big)
    with db.session() as s:
        assert len(s.exec(select(models.Question.id)).all()) == count
    assert integrity(db.file) == "ok"


def _mount_tmpfs(where: Path, size: str) -> bool:
    if os.geteuid() != 0:
        return False
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True)
    return done.returncode == 0


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs (needs root and mount); skipped where that is not available."""
    where = tmp_path / "tiny"
    if not _mount_tmpfs(where, "1m"):
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_really_full_disk(tiny_disk: Path, seeded_template: Path) -> None:
    path = tiny_disk / "quiz.sqlite3"
    copy_database(seeded_template, path)
    db = open_database(f"sqlite:///{path}")
    try:
        saved, error = _fill_with_games(db)
        assert str(error).startswith("the disk is full")
        stored = games(db)
        assert all(stored[gid] == total for gid, total in saved.items())
    finally:
        db.dispose()
    assert integrity(path) == "ok"
    # A backup that does not fit leaves no partial file behind.
    with pytest.raises(QuizError, match="the disk is full"):
        for _ in range(3):
            backup.take(path, "manual")
    assert not list(backup.folder(path).glob("*.partial"))


def test_a_new_bank_on_a_full_disk_leaves_no_file(tiny_disk: Path) -> None:
    (tiny_disk / "filler").write_bytes(b"\0" * (1024 * 1024 - 64 * 1024))
    with pytest.raises(QuizError, match="disk is full|cannot"):
        open_database(f"sqlite:///{tiny_disk / 'quiz.sqlite3'}")
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["filler"]


# -- 10. folders the quiz cannot write ----------------------------------------------------------


def test_a_data_folder_that_cannot_be_created_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be")
    target = blocker / "quiz" / "quiz.sqlite3"
    with pytest.raises(QuizError, match=f"cannot create data folder {blocker / 'quiz'}"):
        open_database(f"sqlite:///{target}")
    assert blocker.read_text() == "a file where the folder should be"


def copy_database(source: Path, target: Path) -> None:
    """Copy a database with SQLite's backup API, closing both connections."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


@pytest.fixture
def read_only_folder(tmp_path: Path, seeded_template: Path) -> Iterator[Path]:
    """A folder holding a quiz database, read-only (for root: a read-only bind mount)."""
    writable, where = tmp_path / "rw", tmp_path / "ro"
    writable.mkdir()
    copy_database(seeded_template, writable / "quiz.sqlite3")
    if os.geteuid() == 0:
        where.mkdir()
        done = subprocess.run(["mount", "--bind", "-o", "ro", str(writable), str(where)],
                              capture_output=True)
        if done.returncode != 0:
            pytest.skip("cannot make a read-only mount here")
    else:
        writable.chmod(0o555)
        where = writable
    try:
        yield where
    finally:
        if os.geteuid() == 0:
            subprocess.run(["umount", "-l", str(where)], check=False)
        else:
            where.chmod(0o755)


def test_an_existing_bank_in_a_read_only_folder_is_named(read_only_folder: Path) -> None:
    before = sorted(p.name for p in read_only_folder.iterdir())
    path = read_only_folder / "quiz.sqlite3"
    with pytest.raises(QuizError, match=f"its folder {read_only_folder} is read-only"):
        open_database(f"sqlite:///{path}")
    assert sorted(p.name for p in read_only_folder.iterdir()) == before


def test_a_new_bank_in_a_read_only_folder_is_named(read_only_folder: Path) -> None:
    before = sorted(p.name for p in read_only_folder.iterdir())
    path = read_only_folder / "new.sqlite3"
    with pytest.raises(QuizError, match=f"cannot create database {path}: its folder"):
        open_database(f"sqlite:///{path}")
    assert sorted(p.name for p in read_only_folder.iterdir()) == before


def test_a_read_only_bank_file_is_named(tmp_path: Path, seeded_template: Path) -> None:
    path = tmp_path / "quiz.sqlite3"
    copy_database(seeded_template, path)
    before = path.read_bytes()
    path.chmod(0o444)
    mounted = False
    if os.geteuid() == 0:  # root writes through mode bits: bind-mount the file read-only
        for args in (["mount", "--bind", str(path), str(path)],
                     ["mount", "-o", "remount,bind,ro", str(path)]):
            done = subprocess.run(args, capture_output=True)
            if done.returncode != 0:
                if mounted:
                    subprocess.run(["umount", "-l", str(path)], check=False)
                pytest.skip("cannot make a read-only bind mount here")
            mounted = True
    try:
        with pytest.raises(QuizError, match="the file is read-only"):
            open_database(f"sqlite:///{path}")
        assert path.read_bytes() == before
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(path)], check=False)


def test_a_failed_first_run_leaves_no_partial_file(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import quiz.core.generate as generate

    def broken(_db):  # type: ignore[no-untyped-def]
        raise QuizError("questions/facts.toml: cannot read")

    monkeypatch.setattr(generate, "regenerate", broken)
    folder = tmp_path / "data"
    with pytest.raises(QuizError, match="facts.toml"):
        open_database(f"sqlite:///{folder / 'quiz.sqlite3'}")
    assert list(folder.iterdir()) == []
