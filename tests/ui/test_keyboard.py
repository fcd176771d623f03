"""Keyboard alone: Tab leaves tables, shortcuts never clash, Enter presses, focus lands right."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QPlainTextEdit,
    QTabBar,
    QTableView,
    QWidget,
)

from tests.core.test_leaderboard import add_game
from tests.ui.test_editor import open_question, stored
from tests.ui.test_play import answer_right_by_keyboard, press, start_by_keyboard

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def activate(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Shortcuts and mnemonics only reach the active window."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def finish_a_game(qtbot, window, miss_first: bool = True) -> None:  # type: ignore[no-untyped-def]
    """A whole Classic game by keyboard as Mira, missing the first question (so the Progress
    tab has a missed fact to review)."""
    start_by_keyboard(qtbot, window)
    if miss_first:
        card = window.play.game.current
        if card.typed:
            qtbot.keyClicks(focused(), "no idea")
            press(qtbot, window, Qt.Key.Key_Return)
        else:
            wrong = next(i for i, c in enumerate(card.choices) if c != card.correct_answer)
            press(qtbot, window, Qt.Key(Qt.Key.Key_1 + wrong))
        press(qtbot, window, Qt.Key.Key_Return)
    while window.stack.currentWidget() is window.play:
        answer_right_by_keyboard(qtbot, window)
        press(qtbot, window, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.summary


def mnemonics(window) -> list[str]:  # type: ignore[no-untyped-def]
    """Every Alt+letter shown on the current screen (menu titles included)."""
    found = [_MNEMONIC.search(a.text()) for a in window.menuBar().actions()]
    screen = window.stack.currentWidget()
    for widget in screen.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel)
                                                   and widget.buddy() is not None):
            found.append(_MNEMONIC.search(widget.text()))
        elif isinstance(widget, QTabBar):
            found += [_MNEMONIC.search(widget.tabText(i)) for i in range(widget.count())]
    return [m.group(1).lower() for m in found if m]


def assert_unique(letters: list[str]) -> None:
    clashes = sorted({x for x in letters if letters.count(x) > 1})
    assert not clashes, f"Alt+{clashes} means more than one thing here"


def assert_tab_leaves(qtbot, table: QTableView) -> None:  # type: ignore[no-untyped-def]
    table.setFocus()
    assert table.hasFocus()
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert not table.hasFocus(), f"Tab is trapped in {table.objectName()}"
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Backtab)
    assert not table.hasFocus(), f"Shift+Tab is trapped in {table.objectName()}"


# -- tables -----------------------------------------------------------------------------------


def test_tab_leaves_every_table(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    finish_a_game(qtbot, window)
    assert_tab_leaves(qtbot, window.summary.review)
    add_game(window.db, "Mira", score=900)
    window.show_scores()
    scores = window._scores
    assert_tab_leaves(qtbot, scores.table)
    scores.show_player("Mira")
    assert_tab_leaves(qtbot, scores.page.modes)
    assert_tab_leaves(qtbot, scores.page.categories)
    window.show_editor()
    table = window._editor.table
    assert_tab_leaves(qtbot, table)
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Down)  # arrows still move inside
    assert table.currentIndex().row() == 1


# -- shortcuts and mnemonics ------------------------------------------------------------------


def test_no_screen_has_two_controls_on_one_alt_letter(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    assert_unique(mnemonics(window))  # home
    window.show_setup()
    assert_unique(mnemonics(window))
    start_by_keyboard(qtbot, window)
    assert_unique(mnemonics(window))
    answer_right_by_keyboard(qtbot, window)
    assert_unique(mnemonics(window))
    while window.stack.currentWidget() is window.play:
        press(qtbot, window, Qt.Key.Key_Return)
        if window.stack.currentWidget() is window.play:
            answer_right_by_keyboard(qtbot, window)
    assert_unique(mnemonics(window))  # summary
    window.show_editor()
    open_question(qtbot, window._editor)
    assert_unique(mnemonics(window))
    window.show_scores()
    assert_unique(mnemonics(window))
    window._scores.show_player("Mira")
    assert_unique(mnemonics(window))


def test_alt_letters_do_what_they_say(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    finish_a_game(qtbot, window)
    qtbot.keyClick(window.summary, Qt.Key.Key_O, ALT)  # H&ome (Alt+H is the Help menu)
    # A mnemonic presses its button as a click would look: released a moment later.
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home)
    window.show_scores()
    scores = window._scores
    scores.show_player("Mira")
    assert scores.page.review_button.isEnabled()
    with qtbot.waitSignal(scores.review):
        qtbot.keyClick(scores, Qt.Key.Key_R, ALT)  # &Review missed questions
    assert window.stack.currentWidget() is window.play


def test_save_by_alt_s_and_ctrl_s(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    activate(qtbot, window)
    window.show_editor()
    editor = window._editor
    open_question(qtbot, editor)
    editor.panel.explanation_edit.setFocus()
    editor.panel.explanation_edit.setPlainText("Saved with Alt+S.")
    qtbot.keyClick(editor.panel.explanation_edit, Qt.Key.Key_S, ALT)
    qtbot.waitUntil(lambda: stored(editor).explanation == "Saved with Alt+S.")
    editor.panel.explanation_edit.setPlainText("Saved with Ctrl+S.")
    qtbot.keyClick(editor.panel.explanation_edit, Qt.Key.Key_S, CTRL)
    assert stored(editor).explanation == "Saved with Ctrl+S."


def test_a_key_is_bound_once_per_action(window) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+Shift+Z listed for Redo and again by the platform's Redo keys made it ambiguous."""
    window.show_editor()
    editor = window._editor
    action = editor._action("Twice", ["Ctrl+Shift+Z", "Ctrl+Shift+Z",
                                      QKeySequence.StandardKey.Redo], lambda: None)
    keys = [k.toString() for k in action.shortcuts()]
    assert keys.count("Ctrl+Shift+Z") == 1
    for act in editor.actions():
        keys = [k.toString() for k in act.shortcuts()]
        assert len(keys) == len(set(keys)), act.text()
    assert "Ctrl+Shift+Z" in [k.toString() for k in editor.redo_action.shortcuts()]


def test_ctrl_home_stays_in_a_text_field_and_alt_home_goes_home(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    activate(qtbot, window)
    window.show_editor()
    editor = window._editor
    open_question(qtbot, editor)
    article = editor.findChild(QPlainTextEdit, "articleText")
    article.setFocus()
    cursor = article.textCursor()
    cursor.setPosition(200)
    article.setTextCursor(cursor)
    qtbot.keyClick(article, Qt.Key.Key_Home, CTRL)
    assert window.stack.currentWidget() is editor
    assert article.textCursor().position() == 0
    editor.table.setFocus()
    qtbot.keyClick(editor.table, Qt.Key.Key_Home, ALT)
    assert window.stack.currentWidget() is window.home


# -- Enter ------------------------------------------------------------------------------------


def test_enter_presses_the_focused_button(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    activate(qtbot, window)
    assert focused() is window.home.play_button
    qtbot.keyClick(window.home.play_button, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.setup
    back = window.setup.findChild(QWidget, "backButton")
    back.setFocus()
    qtbot.keyClick(back, Qt.Key.Key_Return)  # Back, not the default Start
    assert window.stack.currentWidget() is window.home


def test_enter_in_the_questions_box_starts_practice(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.show_setup()
    setup = window.setup
    setup.name_edit.setText("Mira")
    setup.mode_combo.setCurrentIndex(setup.mode_combo.findData("practice"))
    setup.count_spin.setFocus()
    setup.count_spin.lineEdit().selectAll()
    qtbot.keyClicks(setup.count_spin, "3")
    qtbot.keyClick(setup.count_spin, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.play
    assert window.play.game.position == (1, 3)


# -- focus ------------------------------------------------------------------------------------


def test_new_quiz_from_the_summary_types_into_the_name(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    finish_a_game(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    assert window.stack.currentWidget() is window.setup
    name = window.setup.name_edit
    assert focused() is name and name.selectedText() == "Mira"
    qtbot.keyClicks(name, "Zoe")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.play
    assert window.choices.player == "Zoe"


def test_tab_order_follows_the_screen(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.show_setup()
    setup = window.setup
    setup.mode_combo.setCurrentIndex(setup.mode_combo.findData("practice"))
    order = [setup.name_edit]
    for _ in range(6):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        order.append(focused())
    assert [w.objectName() for w in order] == [
        "playerNameEdit", "modeCombo", "categoryCombo", "difficultyCombo", "countSpin",
        "backButton", "startButton"]
    finish_a_game(qtbot, window)
    summary = window.summary
    summary.review.setFocus()
    qtbot.keyClick(summary.review, Qt.Key.Key_Tab)
    assert focused().objectName() == "homeButton"  # left of Play again
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is summary.play_again_button
    window.show_scores()
    scores = window._scores
    scores.show_player("Mira")
    scores.page.missed.setFocus()
    qtbot.keyClick(scores.page.missed, Qt.Key.Key_Tab)
    assert focused() is scores.home_button  # Home, under the tab, comes after it


def test_answering_hands_focus_straight_to_next(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    start_by_keyboard(qtbot, window)
    while window.play.game.current.typed:
        answer_right_by_keyboard(qtbot, window)
        press(qtbot, window, Qt.Key.Key_Return)
    went: list[QWidget] = []
    QApplication.instance().focusChanged.connect(lambda _old, new: went.append(new))
    answer_right_by_keyboard(qtbot, window)
    assert went == [window.play.next_button]
    words = window.play.next_button.accessibleDescription()
    assert window.play.feedback.text() in words and window.play.explanation.text() in words


@pytest.mark.parametrize("screen", ["scores", "editor"])
def test_focus_on_entry_where_the_screen_is_used(qtbot, window, screen: str) -> None:  # type: ignore[no-untyped-def]
    activate(qtbot, window)
    if screen == "scores":
        window.show_scores()
        assert focused() is window._scores.table
    else:
        window.show_editor()
        assert focused() is window._editor.search_edit


def test_alt_p_goes_into_the_progress_tab(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    finish_a_game(qtbot, window)
    window.show_scores()
    scores = window._scores
    assert focused() is scores.table
    qtbot.keyClick(scores.table, Qt.Key.Key_P, ALT)
    qtbot.waitUntil(lambda: scores.tabs.currentIndex() == 1)
    assert focused() is scores.progress_combo  # not Home, the next control left showing
    qtbot.keyClick(focused(), Qt.Key.Key_T, ALT)
    qtbot.waitUntil(lambda: scores.tabs.currentIndex() == 0)
    assert focused() is scores.table


def test_editor_tab_order_reads_the_rows(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    activate(qtbot, window)
    window.show_editor()
    editor = window._editor
    assert focused() is editor.search_edit
    order = []
    for _ in range(6):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        order.append(focused().objectName())
    assert order == ["clearFiltersButton", "typeFilter", "categoryFilter", "difficultyFilter",
                     "sourceFilter", "originFilter"]
