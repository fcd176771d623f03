"""The app's side of "never lose a score": a damaged bank on start, Game > Restore from backup,
and a database error while playing shown as one message with the app still running."""

from __future__ import annotations

import hashlib
import random
import sqlite3
import sys
from pathlib import Path

import pytest
from sqlalchemy import event

from quiz.core import backup, history
from quiz.core.bank import draw
from quiz.core.db import open_database
from quiz.core.errors import DamagedDatabase
from quiz.core.game import mode
from quiz.ui import dialogs
from quiz.ui.app import open_with_recovery, report_errors_in_dialogs
from tests.core.test_crash import play


def games(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM game").fetchone()[0])
    finally:
        conn.close()


def save_games(url: str, n: int) -> None:
    db = open_database(url)
    cards = draw(db, mode("practice"), "Recovery", count=4, seed=1)
    rnd = random.Random(1)
    for _ in range(n):
        history.save(db, "Recovery", play(cards, rnd))
    db.dispose()


def damage(path: Path) -> str:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])
    return hashlib.sha256(path.read_bytes()).hexdigest()


def set_aside_files(path: Path) -> list[Path]:
    return sorted(path.parent.glob(path.name + ".damaged-*"))


class Answers:
    """Stands in for RecoverDatabase.ask: gives `choice`, records what it was shown."""

    def __init__(self) -> None:
        self.choice: str | None = None
        self.asked: list[tuple[str, str | None]] = []


@pytest.fixture
def answer(monkeypatch: pytest.MonkeyPatch) -> Answers:
    answers = Answers()

    def ask(cls, parent, problem, latest):  # type: ignore[no-untyped-def]
        answers.asked.append((problem, latest))
        return answers.choice

    monkeypatch.setattr(dialogs.RecoverDatabase, "ask", classmethod(ask))
    return answers


def test_a_damaged_bank_is_restored_from_the_newest_backup(
        qtbot, db_url: str, answer, no_modal_dialogs) -> None:
    path = Path(db_url.removeprefix("sqlite:///"))
    save_games(db_url, 3)
    made = backup.take(path, "daily")
    save_games(db_url, 1)  # played after the backup: lost with the damaged file
    damaged = damage(path)
    answer.choice = dialogs.RecoverDatabase.RESTORE
    db = open_with_recovery(None, db_url)
    assert db is not None
    [(problem, latest)] = answer.asked
    assert problem.startswith(f"cannot open database {path}: it is damaged")
    assert latest == made.label()
    assert games(path) == 3
    [aside] = set_aside_files(path)
    assert hashlib.sha256(aside.read_bytes()).hexdigest() == damaged  # kept, never deleted
    [(_title, text)] = no_modal_dialogs
    assert "restored from the backup" in text and str(aside) in text
    db.dispose()


def test_a_damaged_bank_without_backups_can_start_fresh(
        qtbot, db_url: str, answer, no_modal_dialogs) -> None:
    path = Path(db_url.removeprefix("sqlite:///"))
    save_games(db_url, 2)
    damaged = damage(path)
    answer.choice = dialogs.RecoverDatabase.FRESH
    db = open_with_recovery(None, db_url)
    assert db is not None and not db.is_empty()
    assert answer.asked[0][1] is None  # no backup: restoring is not offered
    assert games(path) == 0
    [aside] = set_aside_files(path)
    assert hashlib.sha256(aside.read_bytes()).hexdigest() == damaged
    assert "fresh question bank" in no_modal_dialogs[0][1]
    db.dispose()


def test_quitting_at_the_question_changes_nothing(qtbot, db_url: str, answer) -> None:
    path = Path(db_url.removeprefix("sqlite:///"))
    backup.take(path, "daily")
    damaged = damage(path)
    answer.choice = None
    assert open_with_recovery(None, db_url) is None
    assert hashlib.sha256(path.read_bytes()).hexdigest() == damaged
    assert set_aside_files(path) == []


def test_without_a_user_to_ask_the_damage_is_an_error(qtbot, db_url: str, answer) -> None:
    path = Path(db_url.removeprefix("sqlite:///"))
    damage(path)
    with pytest.raises(DamagedDatabase):
        open_with_recovery(None, db_url, interactive=False)
    assert answer.asked == [] and set_aside_files(path) == []


# -- Game > Restore from backup… ---------------------------------------------------------------


def test_restore_from_backup_in_the_game_menu(qtbot, window, monkeypatch, no_modal_dialogs) -> None:
    path = window.db.file
    made = backup.take(path, "manual")
    save_games(window.db.url, 2)
    offered: list[list[tuple[str, Path]]] = []

    def choose(cls, parent, choices):  # type: ignore[no-untyped-def]
        offered.append(choices)
        return choices[0][1]

    monkeypatch.setattr(dialogs.ChooseBackup, "ask", classmethod(choose))
    window.show_scores()
    assert window.restore_action in window.file_menu.actions()
    assert window.restore_action.isEnabled()
    window.restore_action.trigger()
    assert offered == [[(made.label(), made.path)]]
    assert games(path) == 0
    assert [b.reason for b in backup.listing(path)] == ["before-restore", "manual"]
    assert window.stack.currentWidget() is window.home
    title, text = no_modal_dialogs[-1]
    assert title == "Restore from backup" and "before-restore" in text
    window.show_scores()  # rebuilt on the restored bank
    assert window.stack.currentWidget() is window._scores


def test_restore_with_no_backups_says_so(qtbot, window, monkeypatch, no_modal_dialogs) -> None:
    monkeypatch.setattr(dialogs.ChooseBackup, "ask",
                        classmethod(lambda *a: pytest.fail("nothing to choose from")))
    window.restore_action.trigger()
    assert no_modal_dialogs == [("Restore from backup",
                                 "There are no backups of this question bank yet.")]


# -- errors while playing -------------------------------------------------------------------------


def test_a_full_disk_while_saving_a_game_is_one_message_and_the_app_goes_on(
        qtbot, window, monkeypatch, no_modal_dialogs) -> None:
    from quiz.ui.setup import Choices

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    report_errors_in_dialogs(window)
    db = window.db
    assert window.start_game(Choices("Disk", "practice", None, None, 3))
    filler = sqlite3.connect(db.file)  # then use up every free page the file still has
    filler.execute("CREATE TABLE filler (x BLOB)")
    filler.commit()
    limit = filler.execute("PRAGMA page_count").fetchone()[0]

    def cap(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_conn.execute(f"PRAGMA max_page_count={limit}")

    cap(filler, None)
    rows = ("INSERT INTO filler VALUES (zeroblob(500))",  # free pages, then room left in pages
            "INSERT INTO player (name, key, created_at) VALUES ('f', 'f' || random(), 0)",
            "INSERT INTO game (player_id, mode, status, score, correct, total, best_streak, "
            "duration_s, started_at, finished_at) VALUES (1, 'x', 'x', 0, 0, 0, 0, 0, 0, 0)")
    for row in rows:
        with pytest.raises(sqlite3.OperationalError, match="full"):
            while True:
                filler.execute(row)
                filler.commit()
    filler.close()
    db.dispose()
    event.listen(db.engine, "connect", cap)
    before = games(db.file)
    window.play.leave(ask=False)  # saves the game as abandoned: the disk is full
    qtbot.waitUntil(lambda: bool(no_modal_dialogs))
    [(_title, text)] = no_modal_dialogs
    assert text.startswith("The disk is full") and "nothing was saved from this game" in text
    assert games(db.file) == before
    event.remove(db.engine, "connect", cap)
    db.dispose()
    assert window.start_game(Choices("Disk", "practice", None, None, 3))  # still running
    window.play.leave(ask=False)
    assert games(db.file) == before + 1
