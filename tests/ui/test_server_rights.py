"""On a class's server the window shows what the student's database role may do, and a game
that ends while the server is away is saved on this computer (the summary says so)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from tests.dbtools import rows
from tests.pgserver import Classroom


def settled(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    """Wait until the server has answered everything the window asked (off the GUI thread)."""
    qtbot.waitUntil(lambda: not win.calls.queue.busy)


@pytest.fixture
def student_window(qtbot, classroom: Classroom, settings, clock) -> Iterator[object]:
    from quiz.ui.main_window import create_main_window

    win = create_main_window(classroom.url(classroom.player), settings=settings, clock=clock)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    settled(qtbot, win)
    yield win
    win.db.dispose()


def test_a_player_sees_the_editor_disabled_with_the_reason(student_window,
                                                            classroom: Classroom) -> None:
    home = student_window.home
    assert home.play_button.isEnabled() and home.scores_button.isEnabled()
    assert not home.editor_button.isEnabled()
    assert "may not change the question bank" in home.editor_button.toolTip()
    assert home.rights.isVisibleTo(student_window)
    assert home.rights.textFormat() == Qt.TextFormat.PlainText
    assert classroom.player in home.rights.text()


def test_a_players_games_go_under_the_role_name(student_window, classroom: Classroom,
                                                qtbot) -> None:
    student_window.show_setup()
    settled(qtbot, student_window)
    name = student_window.setup.name_edit
    assert name.text() == classroom.player and name.isReadOnly()


def test_a_player_cannot_reset_scores(student_window, qtbot) -> None:
    student_window.show_scores()
    settled(qtbot, student_window)
    button = student_window._scores.reset_all_button
    assert not button.isEnabled() and "owner" in button.toolTip()


def test_the_summary_says_a_game_waits_on_this_computer(qtbot, student_window, clock,
                                                       classroom: Classroom) -> None:
    from tests.ui.test_play import answer_right_by_keyboard, press

    win = student_window
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    win.show_setup()
    settled(qtbot, win)
    press(qtbot, win, Qt.Key.Key_Return)  # the name is the role's: Enter starts the game
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.play)
    for n in range(10):
        if n == 9:  # the server goes away before the last answer: connections cut, refused
            classroom.server.execute(
                f"ALTER DATABASE {classroom.database} WITH ALLOW_CONNECTIONS false",
                f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                f"WHERE datname = '{classroom.database}'")
        clock.advance(2.0)
        answer_right_by_keyboard(qtbot, win)
        press(qtbot, win, Qt.Key.Key_Return)
    try:
        qtbot.waitUntil(lambda: win.stack.currentWidget() is win.summary)
        settled(qtbot, win)  # "Saving…" until the server's refusal comes back
        text = win.summary.standing.text()
        assert "saved on this computer" in text and "will be sent" in text
        assert len(win.outbox.pending(win.db.url)) == 1
    finally:
        classroom.server.execute(
            f"ALTER DATABASE {classroom.database} WITH ALLOW_CONNECTIONS true")
    assert win.outbox.send(win.db) == 1 and win.outbox.pending(win.db.url) == []
    assert len(rows(classroom.owner_url, "SELECT id FROM game")) == 1
