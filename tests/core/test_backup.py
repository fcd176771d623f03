"""Backups (SQLite's backup API, 7 kept), restoring them, and damaged files detected on open."""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from quiz import cli
from quiz.core import backup, history, models
from quiz.core.bank import draw
from quiz.core.db import Database, open_database
from quiz.core.errors import DamagedDatabase, QuizError
from quiz.core.game import mode
from tests.core.test_crash import play

pytestmark = [pytest.mark.sqlite_only(
    reason="backups, restores and damaged-file checks are of SQLite files (a server has its own tools)")]



def game_count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM game").fetchone()[0])
    finally:
        conn.close()


def save_games(db: Database, n: int, seed: int = 1) -> list[int]:
    cards = draw(db, mode("practice"), "Backup", count=5, seed=seed)
    rnd = random.Random(seed)
    return [history.save(db, "Backup", play(cards, rnd)) for _ in range(n)]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- taking backups -----------------------------------------------------------------------------


def test_a_backup_is_a_consistent_self_contained_copy(db) -> None:
    save_games(db, 3)
    made = backup.take(db.file, "manual")
    assert made.path.parent == db.file.with_name("quiz.sqlite3.backups")
    assert made.path.name.startswith("quiz-") and made.path.name.endswith("-manual.sqlite3")
    assert not made.path.with_name(made.path.name + "-wal").exists()
    conn = sqlite3.connect(made.path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("SELECT count(*) FROM game").fetchone()[0] == 3
    finally:
        conn.close()
    assert backup.listing(db.file) == [made]


def test_a_backup_holds_only_committed_work(db) -> None:
    save_games(db, 2)
    writer = sqlite3.connect(db.file, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("DELETE FROM answer")
        writer.execute("DELETE FROM game")  # not committed while the backup runs
        made = backup.take(db.file, "manual")
        writer.execute("ROLLBACK")
    finally:
        writer.close()
    assert game_count(made.path) == 2


def test_the_newest_seven_are_kept(db) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for day in range(10):
        backup.take(db.file, "daily", start + timedelta(days=day))
    kept = backup.listing(db.file)
    assert len(kept) == backup.KEEP == 7
    assert [b.taken.day for b in kept] == [10, 9, 8, 7, 6, 5, 4]
    assert all(b.reason == "daily" for b in kept)


def test_two_backups_in_one_second_both_exist(db) -> None:
    now = datetime(2026, 1, 1, 12, tzinfo=UTC)
    first, second = backup.take(db.file, "manual", now), backup.take(db.file, "import", now)
    assert first.path != second.path and first.path.exists() and second.path.exists()


def test_daily_backups_at_most_once_a_day(db) -> None:
    now = datetime(2026, 3, 1, 9, tzinfo=UTC)
    assert backup.daily(db.file, now) is not None
    assert backup.daily(db.file, now + timedelta(hours=23)) is None
    assert backup.daily(db.file, now + timedelta(hours=25)) is not None
    assert len(backup.listing(db.file)) == 2


def test_opening_with_daily_backup(db_url: str) -> None:
    db = open_database(db_url, daily_backup=True)
    open_database(db_url, daily_backup=True).dispose()
    assert [b.reason for b in backup.listing(db.file)] == ["daily"]
    db.dispose()


def test_an_import_backs_up_first_and_a_rejected_one_does_not(db, tmp_path: Path) -> None:
    from quiz.core import interchange

    good = tmp_path / "good.json"
    good.write_text('{"format": "kpop-quiz-bank", "version": 1, "articles": [], "questions": '
                    '[{"id": "user-1", "type": "text", "category": "Mine", "difficulty": "easy",'
                    ' "question": "Who?", "correct_answer": "Rumi"}]}', encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(good.read_text().replace('"Rumi"', '""'), encoding="utf-8")
    with pytest.raises(QuizError):
        interchange.import_file(db, bad)
    assert backup.listing(db.file) == []
    interchange.import_file(db, good)
    [made] = backup.listing(db.file)
    assert made.reason == "import"
    conn = sqlite3.connect(made.path)
    try:  # taken before the import wrote anything
        assert conn.execute("SELECT count(*) FROM question WHERE id = 'user-1'").fetchone()[0] == 0
    finally:
        conn.close()


# -- restoring ----------------------------------------------------------------------------------


def test_restore_puts_the_backup_back_and_keeps_the_current_bank(db) -> None:
    save_games(db, 2)
    made = backup.take(db.file, "manual")
    save_games(db, 3, seed=2)
    previous = backup.restore(db.file, made.path)
    assert previous is not None and "before-restore" in previous.name
    assert game_count(previous) == 5
    db.dispose()
    assert game_count(db.file) == 2
    with db.session() as s:  # the same Database, reconnected, sees the restored bank
        assert len(s.exec(select(models.Game)).all()) == 2


def test_restore_over_a_damaged_bank_sets_it_aside(db) -> None:
    made = backup.take(db.file, "manual")
    db.dispose()
    db.file.write_bytes(b"not a database any more" * 100)
    damaged = digest(db.file)
    previous = backup.restore(db.file, made.path)
    assert previous is not None and ".damaged-" in previous.name
    assert digest(previous) == damaged  # kept, byte for byte
    assert open_database(f"sqlite:///{db.file}").is_empty() is False


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_bytes(b"hello" * 1000)
    db.dispose()
    before = digest(db.file)
    with pytest.raises(QuizError, match=f"{bogus}: not a usable backup"):
        backup.restore(db.file, bogus)
    with pytest.raises(QuizError, match="no such backup file"):
        backup.restore(db.file, tmp_path / "missing.sqlite3")
    assert digest(db.file) == before
    assert backup.listing(db.file) == []


# -- the command line -----------------------------------------------------------------------------


def test_cli_backup_list_and_restore(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(db_url.removeprefix("sqlite:///"))
    assert cli.main(["--db", db_url, "backup", "--list"]) == 0
    assert "no backups" in capsys.readouterr().out
    assert cli.main(["--db", db_url, "backup"]) == 0
    assert "backed up" in capsys.readouterr().out
    db = open_database(db_url)
    save_games(db, 2)
    db.dispose()
    assert cli.main(["--db", db_url, "backup", "--list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert any("(manual)" in line for line in listed)
    assert cli.main(["--db", db_url, "restore"]) == 0  # the newest: the manual one
    out = capsys.readouterr().out
    assert "restored" in out and "kept as" in out
    assert game_count(path) == 0
    older = next(b for b in backup.listing(path) if b.reason == "before-restore")
    assert cli.main(["--db", db_url, "restore", str(older.path)]) == 0
    assert game_count(path) == 2


def test_cli_restore_without_backups_is_one_line(db_url: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--db", db_url, "restore"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("quiz: error: no backups of ")


# -- damaged files ------------------------------------------------------------------------------


def _flip(path: Path, rnd: random.Random, offsets: list[int], count: int) -> None:
    data = bytearray(path.read_bytes())
    for _ in range(count):
        at = rnd.choice(offsets)
        data[at] ^= rnd.randrange(1, 256)
    path.write_bytes(bytes(data))


def _structural_offsets(path: Path) -> list[int]:
    """Byte offsets of every b-tree page header (where damage breaks structure, not text)."""
    size = path.stat().st_size
    return [page + i for page in range(4096, size, 4096) for i in range(0, 8)]


def damage(path: Path, how: str) -> None:
    if how == "zero-length":
        path.write_bytes(b"")
    elif how == "truncated":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])
    elif how == "not a database":
        path.write_bytes(b"PK\x03\x04 a zip file, say" + os.urandom(5000))
    elif how == "header":
        data = bytearray(path.read_bytes())
        data[:16] = b"SQLite format 2\x00"
        path.write_bytes(bytes(data))
    elif how.startswith("flipped"):
        rnd = random.Random(how)
        _flip(path, rnd, _structural_offsets(path), 40)
    else:
        raise AssertionError(how)


DAMAGE = ["zero-length", "truncated", "not a database", "header",
          "flipped bytes 1", "flipped bytes 2", "flipped bytes 3"]


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_file_is_detected_on_open_and_left_as_it_is(db_url: str, how: str) -> None:
    path = Path(db_url.removeprefix("sqlite:///"))
    made = backup.take(path, "daily")
    damage(path, how)
    before = digest(path)
    with pytest.raises(DamagedDatabase) as caught:
        open_database(db_url).dispose()
    error = caught.value
    assert error.path == path and error.backups == [made.path]
    message = str(error)
    assert message.startswith(f"cannot open database {path}: it is damaged")
    assert "quiz restore" in message and "\n" not in message
    assert digest(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["quiz.sqlite3", "quiz.sqlite3.backups"]


def test_cli_on_a_damaged_file_prints_one_line(db_url: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(db_url.removeprefix("sqlite:///"))
    damage(path, "truncated")
    assert cli.main(["--db", db_url, "scores"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("quiz: error: cannot open database")
    assert "no backup exists yet" in err[0]
    # ... and restoring a backup is then the way back
    assert cli.main(["--db", db_url, "restore"]) == 2


def test_random_damage_never_crashes_and_never_passes_silently(db_url: str) -> None:
    """Bytes flipped anywhere: either the file opens and works, or it is reported as damaged."""
    path = Path(db_url.removeprefix("sqlite:///"))
    pristine = path.read_bytes()
    rnd = random.Random(5)
    outcomes = {"damaged": 0, "usable": 0}
    for _ in range(40):
        path.write_bytes(pristine)
        _flip(path, rnd, list(range(len(pristine))), rnd.randint(1, 30))
        try:
            db = open_database(db_url)
        except DamagedDatabase:
            outcomes["damaged"] += 1
            continue
        try:  # damage inside text is undetectable by design (no checksums); it must still work
            with db.session() as s:
                s.exec(select(models.Question)).all()
            outcomes["usable"] += 1
        except QuizError:
            outcomes["damaged"] += 1
        finally:
            db.dispose()
    assert sum(outcomes.values()) == 40
