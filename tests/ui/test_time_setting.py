"""Timing adjustable (WCAG 2.2.1): chosen on setup, kept by the game, ranked apart."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.test_play import answer_right_by_keyboard, press


def start_classic(qtbot, window, time: str) -> None:  # type: ignore[no-untyped-def]
    window.show_setup()
    setup = window.setup
    setup.name_edit.setText("Mira")
    setup.mode_combo.setCurrentIndex(setup.mode_combo.findData("classic"))
    setup.time_combo.setCurrentIndex(setup.time_combo.findData(time))
    qtbot.mouseClick(setup.start_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.play


def test_time_is_offered_for_timed_modes_in_seconds(window) -> None:  # type: ignore[no-untyped-def]
    window.show_setup()
    setup = window.setup
    setup.mode_combo.setCurrentIndex(setup.mode_combo.findData("classic"))
    assert setup.time_combo.isVisible()
    items = [setup.time_combo.itemText(i) for i in range(setup.time_combo.count())]
    assert items == ["Standard time (20 s)", "Twice the time (40 s)",
                     "Ten times the time (200 s)", "No time limit"]
    setup.mode_combo.setCurrentIndex(setup.mode_combo.findData("sudden_death"))
    assert setup.time_combo.itemText(1) == "Twice the time (30 s)"
    setup.time_combo.setCurrentIndex(setup.time_combo.findData("x10"))
    setup.name_edit.setText("Mira")
    assert setup.choices().time == "x10"
    setup.mode_combo.setCurrentIndex(setup.mode_combo.findData("practice"))
    assert not setup.time_combo.isVisible()
    assert setup.choices().time == "standard"  # an untimed mode has nothing to stretch


def test_countdown_says_seconds_in_words(qtbot, window, clock) -> None:  # type: ignore[no-untyped-def]
    start_classic(qtbot, window, "standard")
    play = window.play
    clock.advance(18.5)
    play.tick()
    assert play.time_left.text() == "2 seconds left"
    clock.advance(0.7)
    play.tick()
    assert play.time_left.text() == "1 second left"
    assert play.timer_bar.accessibleDescription() == "1 second left"


def test_more_time_and_no_limit(qtbot, window, clock) -> None:  # type: ignore[no-untyped-def]
    start_classic(qtbot, window, "x2")
    play = window.play
    clock.advance(30)
    play.tick()
    assert play.time_left.text() == "10 seconds left" and not play.feedback_panel.isVisible()
    window.play.leave(ask=False)
    start_classic(qtbot, window, "off")
    assert not play.timer_bar.isVisible() and not play.time_left.isVisible()
    clock.advance(600)
    play.tick()
    assert not play.feedback_panel.isVisible()  # ten minutes later, still asking
    while window.stack.currentWidget() is play:
        answer_right_by_keyboard(qtbot, window)
        assert window.play.feedback.text().startswith("Correct!")
        press(qtbot, window, Qt.Key.Key_Return)
    summary = window.summary
    assert "Classic (no time limit)" in summary.figures.text()
    assert "#1 in the Classic (no time limit) high scores" in summary.standing.text()
    window.show_scores()
    scores = window._scores
    assert scores.model.rowCount() == 0  # the standard table: this game is not in it
    scores.time_combo.setCurrentIndex(scores.time_combo.findData("off"))
    assert scores.model.rowCount() == 1
    assert scores.model.entries[0].time_setting == "off"
    scores.mode_combo.setCurrentIndex(scores.mode_combo.findData("review"))
    assert not scores.time_combo.isVisible()  # Review is untimed: one table
