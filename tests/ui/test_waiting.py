"""The window never freezes on the network: work that waits on a server runs off the GUI thread.

The queue itself on real Qt (order, threads, failures, cancel), then the whole window on a real
PostgreSQL server behind a proxy the test stalls (a server that hangs: no timeout ends the wait)
or cuts (a server that went away).
"""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from quiz.core.errors import QuizError
from quiz.ui.waiting import SHOW_AFTER_MS, WAITING, ServerQueue
from tests.dbtools import rows
from tests.stallproxy import StallProxy

# -- the queue ------------------------------------------------------------------------------------


def test_off_thread_work_runs_in_order_on_one_worker_and_answers_on_the_gui_thread(qtbot) -> None:
    queue = ServerQueue(off_thread=True)
    gui = threading.get_ident()
    ran: list[tuple[int, int]] = []
    answered: list[tuple[int, int]] = []
    for n in range(5):
        queue.submit(lambda n=n: ran.append((n, threading.get_ident())) or n,
                     lambda value: answered.append((value, threading.get_ident())))
    qtbot.waitUntil(lambda: len(answered) == 5)
    assert [n for n, _ in ran] == [0, 1, 2, 3, 4] == [v for v, _ in answered]
    assert {t for _, t in ran} != {gui} and len({t for _, t in ran}) == 1
    assert {t for _, t in answered} == {gui} and not queue.busy
    queue.close()


def test_failures_come_back_as_one_plain_line_and_cancelled_work_is_dropped(qtbot) -> None:
    queue = ServerQueue(off_thread=True)
    failures: list[str] = []
    done: list[object] = []
    gate = threading.Event()

    def boom() -> None:
        raise ZeroDivisionError("a bug")

    queue.submit(lambda: gate.wait(5), done.append)  # holds the worker while we cancel
    cancelled = queue.submit(lambda: done.append("ran") or 1, done.append)
    queue.submit(lambda: (_ for _ in ()).throw(QuizError("the server said no")), done.append,
                 lambda error: failures.append(str(error)))
    queue.submit(boom, done.append, lambda error: failures.append(str(error)))
    cancelled.cancel()
    idle: list[bool] = []
    queue.when_idle(lambda: idle.append(True))
    gate.set()
    qtbot.waitUntil(lambda: bool(idle))
    assert done == [True]  # the cancelled work neither ran nor answered
    assert failures == ["the server said no", "unexpected error: ZeroDivisionError"]
    queue.close()


def test_on_a_local_file_work_runs_at_once_inline(qtbot) -> None:
    queue = ServerQueue(off_thread=False)
    got: list[int] = []
    queue.submit(lambda: 7, got.append)
    assert got == [7] and not queue.busy


# -- the window on a stalled server (fixtures `proxy`, `bank`, `win`: tests/ui/conftest.py) -------


class Ticks:
    """A timer on the GUI thread: it only fires while the event loop runs."""

    def __init__(self) -> None:
        self.count = 0
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        self.count += 1


def play_to_the_last_answer(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    """A Sudden death game with two right answers: the next (wrong) one ends it."""
    from quiz.ui.setup import Choices
    from tests.ui.test_play import answer_right_by_keyboard, press

    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    assert win.start_game(Choices("Mira", "sudden_death", None, None, None))
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.play)
    for _ in range(2):
        answer_right_by_keyboard(qtbot, win)
        press(qtbot, win, Qt.Key.Key_Return)


def finish(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    """End the Sudden death game with a wrong answer; the summary shows."""
    from tests.ui.test_play import press

    card = win.play.game.current
    wrong = next(n for n, c in enumerate(card.choices, 1) if c != card.correct_answer) \
        if not card.typed else None
    if wrong is None:
        win.play.answer_input.setText("certainly not this")
        press(qtbot, win, Qt.Key.Key_Return)
    else:
        press(qtbot, win, Qt.Key(Qt.Key.Key_0 + wrong))
    press(qtbot, win, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.summary)


def games(url: str) -> list[tuple]:
    return rows(url, "SELECT g.id, k.key FROM game g JOIN game_key k ON k.game_id = g.id")


def test_a_save_on_a_stalled_server_leaves_the_window_running_and_arrives_once(
        qtbot, win, proxy: StallProxy, bank: str) -> None:
    play_to_the_last_answer(qtbot, win)
    ticks = Ticks()
    proxy.stall()
    finish(qtbot, win)
    standing, bar = win.summary.standing, win.wait_bar
    assert standing.text() == "Saving…"
    assert len(win.outbox.pending(win.db.url)) == 1  # kept before the server was asked
    before = ticks.count
    qtbot.waitUntil(lambda: bar.isVisible(), timeout=SHOW_AFTER_MS + 3000)
    assert bar.message.text() == WAITING and bar.message.textFormat() == Qt.TextFormat.PlainText
    assert bar.cancel_button.isVisible() and not bar.retry_button.isVisible()
    qtbot.waitUntil(lambda: ticks.count >= before + 10)  # the event loop runs meanwhile
    assert standing.text() == "Saving…" and games(bank) == []
    proxy.resume()
    qtbot.waitUntil(lambda: standing.text() != "Saving…", timeout=15_000)
    assert "Mira" in standing.text() and not bar.isVisible()
    assert len(games(bank)) == 1 and win.outbox.pending(win.db.url) == []


def test_keep_it_on_this_computer_then_the_server_returns_still_one_game(
        qtbot, win, proxy: StallProxy, bank: str) -> None:
    play_to_the_last_answer(qtbot, win)
    proxy.stall()
    finish(qtbot, win)
    bar = win.wait_bar
    qtbot.waitUntil(lambda: bar.isVisible(), timeout=SHOW_AFTER_MS + 3000)
    bar.cancel_button.setFocus()
    qtbot.keyClick(bar.cancel_button, Qt.Key.Key_Space)  # "Keep it on this computer"
    assert QApplication.focusWidget() is win.summary.play_again_button  # where it was
    text = win.summary.standing.text()
    assert "saved on this computer" in text and not bar.isVisible()
    [(key, _game)] = win.outbox.pending(win.db.url)
    proxy.resume()  # the save asked for before still arrives; the outbox may send it again
    qtbot.waitUntil(lambda: not win.calls.queue.busy, timeout=15_000)
    assert win.outbox.pending(win.db.url) == []  # the late answer took it out
    assert [k for _id, k in games(bank)] == [key]
    win.outbox.keep(win.db.url, _game, key)  # as if the app had crashed before that
    assert win.outbox.send(win.db) == 1 and [k for _id, k in games(bank)] == [key]
    assert win.summary.standing.text() == text  # what the player was told stays true


def test_a_server_that_is_away_keeps_the_game_and_retry_draws_the_next_one(
        qtbot, win, proxy: StallProxy, bank: str) -> None:
    from quiz.ui.setup import Choices

    play_to_the_last_answer(qtbot, win)
    proxy.cut()
    finish(qtbot, win)
    qtbot.waitUntil(lambda: "saved on this computer" in win.summary.standing.text(),
                    timeout=15_000)
    assert len(win.outbox.pending(win.db.url)) == 1 and games(bank) == []
    bar = win.wait_bar
    win.start_game(Choices("Mira", "classic", None, None, None))  # Play again, server away
    qtbot.waitUntil(lambda: bar.retry_button.isVisible(), timeout=15_000)
    assert bar.message.text() == ("Cannot start the game: the server cannot be reached just "
                                  "now; retry when it is back.")
    assert "Traceback" not in bar.message.text() and win.stack.currentWidget() is win.summary
    assert QApplication.focusWidget() is bar.retry_button  # Enter retries
    proxy.resume()
    qtbot.mouseClick(bar.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.play, timeout=15_000)
    assert not bar.isVisible()


def test_scores_on_a_stalled_server_can_be_cancelled(qtbot, win, proxy: StallProxy) -> None:
    proxy.stall()
    win.show_scores()
    bar = win.wait_bar
    assert win.stack.currentWidget() is win.home  # the screen changes when its data is in
    qtbot.waitUntil(lambda: bar.isVisible(), timeout=SHOW_AFTER_MS + 3000)
    qtbot.mouseClick(bar.cancel_button, Qt.MouseButton.LeftButton)
    assert not bar.isVisible()
    proxy.resume()
    qtbot.waitUntil(lambda: not win.calls.queue.busy, timeout=15_000)
    assert win.stack.currentWidget() is win.home  # cancelled: the answer is not shown
    win.show_scores()
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win._scores, timeout=15_000)
    assert not bar.isVisible()


def test_a_high_score_filter_on_a_stalled_server_fills_in_when_it_answers(
        qtbot, win, proxy: StallProxy) -> None:
    from quiz.core.game import MODES

    win.show_scores()
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win._scores, timeout=15_000)
    scores = win._scores
    first = scores.empty.text()
    ticks = Ticks()
    proxy.stall()
    scores.mode_combo.setCurrentIndex(1)  # another mode's table
    before = ticks.count
    qtbot.waitUntil(lambda: ticks.count >= before + 10)  # the event loop runs meanwhile
    assert scores.empty.text() == first
    proxy.resume()
    qtbot.waitUntil(lambda: scores.empty.text() != first, timeout=15_000)
    assert MODES[scores.mode].label in scores.empty.text()


def test_a_game_whose_save_was_pending_when_the_window_closed_arrives_at_the_next_start(
        qtbot, win, proxy: StallProxy, bank: str, settings, clock) -> None:
    from quiz.ui.main_window import create_main_window

    play_to_the_last_answer(qtbot, win)
    proxy.stall()
    finish(qtbot, win)
    [(key, _game)] = win.outbox.pending(win.db.url)
    win.close()  # the player quits while the server hangs
    win.calls.queue.close()
    proxy.cut()  # and the hung connection dies with the old process
    worker = win.calls.queue._thread
    qtbot.waitUntil(lambda: not worker.is_alive(), timeout=15_000)
    assert games(bank) == [] and len(win.outbox.pending(win.db.url)) == 1
    proxy.resume()
    again = create_main_window(proxy.url(bank), settings=settings, clock=clock)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: not again.calls.queue.busy, timeout=15_000)
    assert [k for _id, k in games(bank)] == [key] and again.outbox.pending(again.db.url) == []
    again.calls.queue.close()
    again.db.dispose()


def test_the_editor_opens_once_a_stalled_server_answers(qtbot, win, proxy: StallProxy) -> None:
    ticks = Ticks()
    proxy.stall()
    win.show_editor()
    before = ticks.count
    qtbot.waitUntil(lambda: win.wait_bar.isVisible(), timeout=SHOW_AFTER_MS + 3000)
    qtbot.waitUntil(lambda: ticks.count >= before + 10)
    assert win.stack.currentWidget() is win.home
    proxy.resume()
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win._editor, timeout=15_000)
    assert win._editor.model.rowCount() > 0 and not win.wait_bar.isVisible()


def test_a_players_progress_on_a_stalled_server_fills_in_when_it_answers(
        qtbot, win, proxy: StallProxy) -> None:
    play_to_the_last_answer(qtbot, win)
    finish(qtbot, win)
    qtbot.waitUntil(lambda: win.summary.standing.text() != "Saving…", timeout=15_000)
    win.show_scores()
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win._scores, timeout=15_000)
    scores = win._scores
    ticks = Ticks()
    proxy.stall()
    scores.tabs.setCurrentIndex(1)  # the Progress tab: Mira's page
    before = ticks.count
    qtbot.waitUntil(lambda: ticks.count >= before + 10)  # the event loop runs meanwhile
    assert scores.page.player is None
    proxy.resume()
    qtbot.waitUntil(lambda: scores.page.player == "Mira", timeout=15_000)
