"""What a screen reader gets from Qt's accessibility layer: the text a sighted player reads,
labels for every field, names for every control, errors on the field they are about."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QMessageBox, QToolButton, QWidget

from quiz.ui import dialogs
from tests.ui.test_editor import open_question
from tests.ui.test_keyboard import finish_a_game
from tests.ui.test_play import answer_right_by_keyboard, play_only, press, start_by_keyboard

NAME = QAccessible.Text.Name
DESCRIPTION = QAccessible.Text.Description


def heard(widget: QWidget, what: QAccessible.Text = NAME) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(what)


def label_of(widget: QWidget) -> str | None:
    """The text of the label a screen reader names `widget` by (its buddy label)."""
    iface = QAccessible.queryAccessibleInterface(widget)
    found = iface.relations(QAccessible.Relation.Label)
    return found[0][0].text(NAME) if found else None


def test_question_verdict_and_explanation_are_heard(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    start_by_keyboard(qtbot, window)
    play = window.play
    card = play.game.current
    assert heard(play.question) == card.question
    assert heard(play.question, DESCRIPTION) == "Question"
    assert heard(play.progress) == play.progress.text() != ""
    answer_right_by_keyboard(qtbot, window)
    assert heard(play.feedback).startswith("Correct! +")
    assert heard(play.feedback, DESCRIPTION) == "Verdict"
    assert heard(play.explanation) == card.explanation != ""
    assert heard(play.verdict_icon) == "Right"


def test_summary_lines_and_counts_are_heard(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    assert heard(window.home.stats).endswith("questions from 2 articles")
    finish_a_game(qtbot, window)
    summary = window.summary
    for label in (summary.headline, summary.figures, summary.standing):
        assert heard(label) == label.text() != ""
    assert heard(summary.headline).endswith(" points")
    assert "of 10 correct" in heard(summary.figures)
    header = summary.review.horizontalHeaderItem(0)
    assert header.text() == "Result"
    assert summary.review.item(0, 0).text() in ("Right", "Wrong", "Time out")
    assert not summary.review.item(0, 0).icon().isNull()  # an icon, not a glyph


def test_every_field_is_labelled_and_every_control_named(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.show_setup()
    assert heard(window.setup.mode_help) == window.setup.mode_help.text() != ""
    for combo in window.setup.findChildren(QComboBox):
        assert label_of(combo), combo.objectName()
    window.show_editor()
    editor = window._editor
    open_question(qtbot, editor)
    assert heard(editor.count_label) == editor.count_label.text() != ""
    for combo in editor.findChildren(QComboBox):
        if combo.isVisible():
            assert label_of(combo), combo.objectName()  # on Linux a combo's name is its value
    editor.panel.type_combo.setCurrentIndex(editor.panel.type_combo.findData("boolean"))
    assert label_of(editor.panel.truth_combo) == "Answer"
    clear = [b for b in editor.search_edit.findChildren(QToolButton)]
    assert clear and all(heard(b) == "Clear the search" for b in clear)
    assert heard(editor.panel.category_combo.lineEdit()) == "Category"
    scroll = editor.panel.scroll
    assert heard(scroll) and scroll.focusPolicy() == Qt.FocusPolicy.NoFocus
    for widget in editor.findChildren(QWidget):
        if widget.isVisible() and widget.focusPolicy() != Qt.FocusPolicy.NoFocus \
                and not isinstance(widget, QLabel):
            assert heard(widget) or label_of(widget), widget.objectName() or type(widget)


def test_progress_cells_are_named(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    finish_a_game(qtbot, window)
    window.show_scores()
    page = window._scores.page
    window._scores.show_player("Mira")
    assert page.categories.horizontalHeaderItem(3).text() == "Chart"
    bar = page.categories.item(0, 3).data(Qt.ItemDataRole.AccessibleTextRole)
    assert bar.endswith("% right")
    assert page.missed.horizontalHeaderItem(3).text() == "Review"
    assert page.missed.item(0, 3).data(Qt.ItemDataRole.AccessibleTextRole).startswith("Review")
    assert page.categories.cellWidget(0, 3) is None and page.missed.cellWidget(0, 3) is None


def test_errors_are_told_on_their_field(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.show_setup()
    setup = window.setup
    setup.name_edit.clear()
    qtbot.keyClick(setup.name_edit, Qt.Key.Key_Return)
    assert setup.error.text() == "Player name is empty."
    assert heard(setup.name_edit, DESCRIPTION).startswith("Player name is empty.")
    qtbot.keyClicks(setup.name_edit, "Mira")
    assert "empty" not in heard(setup.name_edit, DESCRIPTION)
    window.show_editor()
    editor = window._editor
    open_question(qtbot, editor)
    editor.panel.stem_edit.setPlainText("")
    problem = editor.panel.errors["question"].text()
    assert problem and heard(editor.panel.stem_edit, DESCRIPTION).startswith(problem)


def test_typed_answer_error_is_told_on_the_answer_box(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    play_only(window, "cloze")
    answer = window.findChild(QLineEdit, "answerInput")
    press(qtbot, window, Qt.Key.Key_Return)
    assert heard(answer, DESCRIPTION).startswith("Type an answer first")


def test_message_box_icons_are_named(qtbot) -> None:  # type: ignore[no-untyped-def]
    box = dialogs.message_box(None, QMessageBox.Icon.Warning, "Title", "<b>plain</b>")
    qtbot.addWidget(box)
    picture = box.findChild(QLabel, "qt_msgboxex_icon_label")
    assert picture is not None and heard(picture) == "Warning"
    assert box.textFormat() == Qt.TextFormat.PlainText
