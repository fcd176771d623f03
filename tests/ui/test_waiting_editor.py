"""Inside the editor and the scores, and while the app opens its bank, the window never freezes
on the network: the real widgets on a real PostgreSQL server behind a proxy the test stalls (a
server that hangs) or cuts (a server that went away). Fixtures: tests/ui/conftest.py.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from quiz.ui.waiting import SENT, SHOW_AFTER_MS, WAITING
from tests.dbtools import rows
from tests.stallproxy import StallProxy
from tests.ui.test_waiting import Ticks, finish, play_to_the_last_answer

QID = "netflix-new-hit-movie/multiple"


def idle(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not win.calls.queue.busy, timeout=15_000)


def open_editor(qtbot, win):  # type: ignore[no-untyped-def]
    win.show_editor()
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win._editor, timeout=15_000)
    idle(qtbot, win)
    return win._editor


def open_question(qtbot, win, editor, qid: str = QID) -> None:  # type: ignore[no-untyped-def]
    editor.search_edit.setText(qid.split("/")[0].replace("-", " "))
    editor.apply_filter()
    idle(qtbot, win)
    editor.table.selectRow(editor.model.row_of(qid))
    qtbot.waitUntil(lambda: editor.panel.record is not None and editor.panel.record.id == qid,
                    timeout=15_000)


def scores_after_a_game(qtbot, win):  # type: ignore[no-untyped-def]
    """Play a game to its end, wait for it to be saved, and open the scores screen."""
    play_to_the_last_answer(qtbot, win)
    finish(qtbot, win)
    qtbot.waitUntil(lambda: win.summary.standing.text() != "Saving…", timeout=15_000)
    win.show_scores()
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win._scores, timeout=15_000)
    idle(qtbot, win)
    return win._scores


def explanation(bank: str, qid: str = QID) -> str:
    [(text,)] = rows(bank, f"SELECT explanation FROM question WHERE id = '{qid}'")
    return str(text)


def difficulty(bank: str, qid: str = QID) -> str:
    [(level,)] = rows(bank, f"SELECT difficulty FROM question WHERE id = '{qid}'")
    return str(level)


def test_a_search_on_a_stalled_server_keeps_the_window_running_then_fills_in(
        qtbot, win, proxy: StallProxy, bank: str) -> None:
    editor = open_editor(qtbot, win)
    before = editor.model.rowCount()
    ticks = Ticks()
    proxy.stall()
    editor.search_edit.setText("golden")
    editor.apply_filter()
    counted = ticks.count
    bar = win.wait_bar
    qtbot.waitUntil(bar.isVisible, timeout=SHOW_AFTER_MS + 3000)
    assert bar.message.text() == WAITING and bar.cancel_button.isVisible()
    qtbot.waitUntil(lambda: ticks.count >= counted + 10)  # the event loop runs meanwhile
    assert editor.model.rowCount() == before  # the old rows until the server answers
    proxy.resume()
    qtbot.waitUntil(lambda: editor.model.rowCount() < before, timeout=15_000)
    assert not bar.isVisible()
    [(total,)] = rows(bank, "SELECT count(*) FROM question")
    assert editor.count_label.text() == f"{editor.model.rowCount()} of {total:,} questions match"


def test_an_edit_the_server_never_took_stays_in_the_panel_and_retry_saves_it(
        qtbot, win, proxy: StallProxy, bank: str) -> None:
    editor = open_editor(qtbot, win)
    open_question(qtbot, win, editor)
    stored = explanation(bank)
    editor.panel.explanation_edit.setPlainText("Saved once the server is back.")
    proxy.cut()
    qtbot.mouseClick(editor.panel.save_button, Qt.MouseButton.LeftButton)
    bar = win.wait_bar
    qtbot.waitUntil(bar.retry_button.isVisible, timeout=15_000)
    assert bar.message.text() == ("Cannot save the question: the server cannot be reached just "
                                  "now; retry when it is back.")
    assert bar.message.textFormat() == Qt.TextFormat.PlainText
    # nothing changed, nothing lost: the edit is still in the panel, the history as it was
    assert editor.panel.dirty
    assert editor.panel.explanation_edit.toPlainText() == "Saved once the server is back."
    assert editor.undo_stack.count() == 0 and not editor.undo_action.isEnabled()
    assert explanation(bank) == stored
    proxy.resume()
    qtbot.mouseClick(bar.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.panel.dirty, timeout=15_000)
    idle(qtbot, win)
    assert explanation(bank) == "Saved once the server is back."
    assert editor.undo_stack.count() == 1 and not bar.isVisible()
    row = editor.model.row_of(QID)
    assert editor.model.data(editor.model.index(row, 6)) == "Edited"


def test_leaving_a_question_waits_for_its_save_on_a_stalled_server(
        qtbot, win, proxy: StallProxy, bank: str) -> None:
    editor = open_editor(qtbot, win)
    open_question(qtbot, win, editor)
    editor.panel.explanation_edit.setPlainText("Kept until the server answers.")
    ticks = Ticks()
    proxy.stall()
    win.show_home()  # the edit is saved first: the window stays on the editor meanwhile
    counted = ticks.count
    bar = win.wait_bar
    qtbot.waitUntil(bar.isVisible, timeout=SHOW_AFTER_MS + 3000)
    assert bar.message.text() == SENT and not bar.cancel_button.isVisible()  # it was sent
    qtbot.waitUntil(lambda: ticks.count >= counted + 10)
    assert win.stack.currentWidget() is editor and editor.panel.dirty
    proxy.resume()
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.home, timeout=15_000)
    assert explanation(bank) == "Kept until the server answers."


def test_going_home_while_a_save_is_on_its_way_goes_once_the_server_has_it(
        qtbot, win, proxy: StallProxy, bank: str) -> None:
    editor = open_editor(qtbot, win)
    open_question(qtbot, win, editor)
    editor.panel.explanation_edit.setPlainText("Saved, then home.")
    proxy.stall()
    qtbot.mouseClick(editor.panel.save_button, Qt.MouseButton.LeftButton)
    assert editor.writing
    win.show_home()  # twice, impatiently: one save, and home once it is in
    win.show_home()
    assert win.stack.currentWidget() is editor
    proxy.resume()
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.home, timeout=15_000)
    idle(qtbot, win)
    assert explanation(bank) == "Saved, then home." and editor.undo_stack.count() == 1


def test_quitting_while_a_change_is_on_its_way_asks_first(
        qtbot, win, proxy: StallProxy, bank: str, monkeypatch) -> None:
    from quiz.ui import dialogs

    asked: list[str] = []
    monkeypatch.setattr(dialogs.Confirm, "ask",
                        classmethod(lambda cls, parent, title, text, yes="Yes":
                                    asked.append(text) and False))
    editor = open_editor(qtbot, win)
    open_question(qtbot, win, editor)
    editor.panel.explanation_edit.setPlainText("Saved before quitting.")
    proxy.stall()
    editor.save_current()
    win.close()  # the user stays: the change may not be saved yet
    assert win.isVisible() and len(asked) == 1 and "may not be saved" in asked[0]
    proxy.resume()
    qtbot.waitUntil(lambda: not editor.writing, timeout=15_000)
    idle(qtbot, win)
    win.close()
    assert not win.isVisible() and len(asked) == 1
    assert explanation(bank) == "Saved before quitting."


def test_a_write_waiting_behind_a_stalled_read_can_be_cancelled_and_is_never_sent(
        qtbot, win, proxy: StallProxy, bank: str) -> None:
    editor = open_editor(qtbot, win)
    open_question(qtbot, win, editor)
    stored = explanation(bank)
    editor.panel.explanation_edit.setPlainText("Never sent.")
    proxy.stall()
    editor.search_edit.setText("golden")
    editor.apply_filter()  # a read: it holds the worker while the server hangs
    editor.save_current()  # queued behind it, not yet sent
    bar = win.wait_bar
    qtbot.waitUntil(lambda: bar.isVisible() and bar.cancel_button.isVisible(),
                    timeout=SHOW_AFTER_MS + 3000)
    qtbot.mouseClick(bar.cancel_button, Qt.MouseButton.LeftButton)
    proxy.resume()
    idle(qtbot, win)
    assert explanation(bank) == stored and editor.undo_stack.count() == 0
    assert editor.panel.dirty and editor.panel.explanation_edit.toPlainText() == "Never sent."


def test_undo_on_a_server_that_is_away_keeps_the_history_and_retry_undoes(
        qtbot, win, proxy: StallProxy, bank: str, monkeypatch) -> None:
    from quiz.ui import dialogs

    editor = open_editor(qtbot, win)
    open_question(qtbot, win, editor)
    before = difficulty(bank)
    target = "easy" if before != "easy" else "hard"
    monkeypatch.setattr(dialogs.BulkChange, "ask",
                        classmethod(lambda cls, *a, **k: (None, target)))
    editor.bulk_change_selected()
    qtbot.waitUntil(lambda: editor.undo_stack.count() == 1, timeout=15_000)
    idle(qtbot, win)
    assert difficulty(bank) == target
    proxy.cut()
    editor.undo()
    bar = win.wait_bar
    qtbot.waitUntil(bar.retry_button.isVisible, timeout=15_000)
    assert bar.message.text().startswith("Cannot undo the change: the server cannot be reached")
    assert editor.undo_stack.index() == 1 and editor.undo_stack.canUndo()  # not moved
    assert difficulty(bank) == target
    proxy.resume()
    qtbot.mouseClick(bar.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.undo_stack.index() == 0, timeout=15_000)
    idle(qtbot, win)
    assert difficulty(bank) == before and editor.undo_stack.canRedo()
    assert editor.status.text().startswith("Undone:")
    editor.redo()
    qtbot.waitUntil(lambda: editor.undo_stack.index() == 1, timeout=15_000)
    assert difficulty(bank) == target


def test_an_export_on_a_stalled_server_is_written_once_it_answers(
        qtbot, win, proxy: StallProxy, tmp_path: Path, monkeypatch) -> None:
    from quiz.ui import dialogs

    editor = open_editor(qtbot, win)
    target = tmp_path / "bank.json"
    monkeypatch.setattr(dialogs.ExportFile, "ask",
                        classmethod(lambda cls, *a, **k: (target, "json")))
    ticks = Ticks()
    proxy.stall()
    editor.export_file()
    counted = ticks.count
    qtbot.waitUntil(lambda: ticks.count >= counted + 10)
    assert not target.exists()
    proxy.resume()
    qtbot.waitUntil(lambda: editor.status.text().startswith("Exported"), timeout=15_000)
    assert target.stat().st_size > 0


def test_a_score_reset_the_server_never_took_changes_nothing_and_retry_resets(
        qtbot, win, proxy: StallProxy, bank: str, monkeypatch) -> None:
    from quiz.ui import scores as scores_module

    scores = scores_after_a_game(qtbot, win)
    # the loss is counted and confirmed; the server goes away before the games are deleted
    monkeypatch.setattr(scores_module.Confirm, "ask",
                        classmethod(lambda cls, *a, **k: proxy.cut() or True))
    scores.reset_scores(None)
    bar = win.wait_bar
    qtbot.waitUntil(bar.retry_button.isVisible, timeout=15_000)
    assert bar.message.text() == ("Cannot reset the scores: the server cannot be reached just "
                                  "now; retry when it is back.")
    assert len(rows(bank, "SELECT id FROM game")) == 1
    proxy.resume()
    qtbot.mouseClick(bar.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: scores.status.text() == "Deleted 1 game of everyone.",
                    timeout=15_000)
    assert rows(bank, "SELECT id FROM game") == [] and not bar.isVisible()


def test_a_scores_csv_on_a_stalled_server_is_saved_once_it_answers(
        qtbot, win, proxy: StallProxy, tmp_path: Path, monkeypatch) -> None:
    from quiz.ui import scores as scores_module

    scores = scores_after_a_game(qtbot, win)
    scores.mode_combo.setCurrentIndex(scores.mode_combo.findData("sudden_death"))
    idle(qtbot, win)
    target = tmp_path / "scores.csv"
    monkeypatch.setattr(scores_module.SaveFile, "ask", classmethod(lambda cls, *a, **k: target))
    ticks = Ticks()
    proxy.stall()
    scores.export_csv()
    counted = ticks.count
    qtbot.waitUntil(lambda: ticks.count >= counted + 10)
    assert not target.exists()
    proxy.resume()
    qtbot.waitUntil(lambda: scores.status.text().startswith("Saved 1 "), timeout=15_000)
    assert "Mira" in target.read_text(encoding="utf-8")


def test_opening_the_bank_at_start_up_waits_off_the_gui_thread_and_retries(
        qtbot, bank: str, proxy: StallProxy, settings) -> None:
    from quiz.ui.app import open_on_server
    from quiz.ui.main_window import MainWindow

    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    opened: list[object] = []
    refused: list[object] = []
    ticks = Ticks()
    proxy.cut()  # the server is away when the app starts
    open_on_server(window, proxy.url(bank), opened.append, refused.append, lambda: None)
    bar = window.wait_bar
    qtbot.waitUntil(bar.retry_button.isVisible, timeout=15_000)
    assert bar.message.text().startswith("Cannot open the question bank: the server cannot be "
                                         "reached just now")
    assert opened == [] and refused == []
    proxy.resume()
    proxy.stall()  # back, but slow: the window keeps running and says it waits, with Quit
    qtbot.mouseClick(bar.retry_button, Qt.MouseButton.LeftButton)
    counted = ticks.count
    qtbot.waitUntil(lambda: bar.isVisible() and bar.message.text() == WAITING,
                    timeout=SHOW_AFTER_MS + 3000)
    assert bar.cancel_button.text() == "&Quit"
    qtbot.waitUntil(lambda: ticks.count >= counted + 10)
    proxy.resume()
    qtbot.waitUntil(lambda: bool(opened), timeout=20_000)
    assert not bar.isVisible()
    opened[0].dispose()  # type: ignore[attr-defined]
