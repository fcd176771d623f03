"""Playing through the real window: keyboard, mouse, timeouts, feedback, citations, leaving."""

from __future__ import annotations

import html

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QWidget
from sqlmodel import select

from quiz.core import models

HOSTILE = "<b>x</b><img src=y>"


def press(qtbot, window, key: Qt.Key, text: str = "") -> None:
    """Press a key where the keyboard focus is, as a person would."""
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, key)


def type_text(qtbot, window, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget() or window, text)


def start_by_keyboard(qtbot, window, name: str = "Mira") -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.setup
    edit = window.findChild(QLineEdit, "playerNameEdit")
    edit.setFocus()
    edit.selectAll()
    if name.isascii():
        type_text(qtbot, window, name)
    else:  # QTest can only synthesise Latin-1 key presses
        edit.setText(name)
    press(qtbot, window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.play)


def answer_right_by_keyboard(qtbot, window) -> None:
    card = window.play.game.current
    if card.typed:
        assert QApplication.focusWidget() is window.findChild(QLineEdit, "answerInput")
        type_text(qtbot, window, card.correct_answer)
        press(qtbot, window, Qt.Key.Key_Return)
    else:
        number = card.choices.index(card.correct_answer) + 1
        press(qtbot, window, Qt.Key(Qt.Key.Key_0 + number))


def feedback_visible(window) -> bool:
    return window.findChild(QWidget, "feedbackPanel").isVisible()


def saved_games(window):
    with window.db.session() as s:
        return list(s.exec(select(models.Game)))


def test_whole_classic_game_by_keyboard(qtbot, window, clock) -> None:
    start_by_keyboard(qtbot, window)
    progress = window.findChild(QLabel, "progressLabel")
    score = window.findChild(QLabel, "scoreLabel")
    for n in range(1, 11):
        assert progress.text() == f"Question {n} / 10"
        clock.advance(2.0)
        answer_right_by_keyboard(qtbot, window)
        assert feedback_visible(window)
        assert window.findChild(QLabel, "feedbackLabel").text().startswith("Correct!")
        press(qtbot, window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.summary)
    [game] = saved_games(window)
    assert (game.status, game.correct, game.total, game.best_streak) == ("finished", 10, 10, 10)
    assert game.duration_s == pytest.approx(20.0)
    assert window.findChild(QLabel, "titleLabel", Qt.FindChildOption.FindChildrenRecursively)
    assert f"{game.score:,} points" == window.summary.headline.text()
    assert "10 of 10 correct" in window.summary.figures.text()
    assert "#1" in window.summary.standing.text()
    assert score.text().startswith(f"Score {game.score:,}")


def test_whole_classic_game_by_mouse(qtbot, window, clock) -> None:
    qtbot.mouseClick(window.findChild(QPushButton, "playButton"), Qt.MouseButton.LeftButton)
    window.findChild(QLineEdit, "playerNameEdit").setText("Zoey")
    qtbot.mouseClick(window.findChild(QPushButton, "startButton"), Qt.MouseButton.LeftButton)
    wrong = 0
    for _ in range(10):
        card = window.play.game.current
        clock.advance(5.0)
        if card.typed:
            window.findChild(QLineEdit, "answerInput").setText("not it at all")
            qtbot.mouseClick(window.findChild(QPushButton, "submitButton"),
                             Qt.MouseButton.LeftButton)
            wrong += 1
        else:
            number = card.choices.index(card.correct_answer) + 1
            button = window.findChild(QPushButton, f"answerButton{number}")
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            assert "right answer" in button.text()
        qtbot.mouseClick(window.findChild(QPushButton, "nextButton"), Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.summary
    [game] = saved_games(window)
    assert (game.correct, game.total) == (10 - wrong, 10)
    review = window.summary.review
    assert review.rowCount() == 10
    assert sum(review.item(r, 0).text() == "Right" for r in range(10)) == 10 - wrong


def test_wrong_answer_says_so_and_marks_both_buttons(qtbot, window) -> None:
    start_by_keyboard(qtbot, window)
    while window.play.game.current.typed:  # find a multiple-choice question
        answer_right_by_keyboard(qtbot, window)
        press(qtbot, window, Qt.Key.Key_Return)
    card = window.play.game.current
    wrong = next(i for i, c in enumerate(card.choices) if c != card.correct_answer) + 1
    press(qtbot, window, Qt.Key(Qt.Key.Key_0 + wrong))
    verdict = window.findChild(QLabel, "feedbackLabel").text()
    assert verdict == f"Not quite. The answer is: {card.correct_answer}"
    assert "your answer" in window.findChild(QPushButton, f"answerButton{wrong}").text()
    assert not window.findChild(QPushButton, "answerButton1").isEnabled()


def test_timeout_counts_as_missed_and_still_explains(qtbot, window, clock) -> None:
    start_by_keyboard(qtbot, window)
    card = window.play.game.current
    clock.advance(21.0)
    qtbot.waitUntil(lambda: feedback_visible(window), timeout=3000)
    assert window.findChild(QLabel, "feedbackLabel").text() == \
        f"Time's up. The answer is: {card.correct_answer}"
    assert window.findChild(QLabel, "explanationView").text() == card.explanation
    result = window.play.game.results[-1]
    assert result.timed_out and result.points == 0


def test_explanation_and_citation_match_the_source_for_every_question(qtbot, window) -> None:
    start_by_keyboard(qtbot, window)
    for _ in range(10):
        card = window.play.game.current
        answer_right_by_keyboard(qtbot, window)
        explanation = window.findChild(QLabel, "explanationView")
        citation = window.findChild(QWidget, "citationView")
        assert explanation.text() == card.explanation
        assert explanation.textFormat() == Qt.TextFormat.PlainText
        shown = citation.toPlainText()
        assert card.citations
        with window.db.session() as s:
            for c in card.citations:
                article = s.get(models.Article, c.article_id)
                assert article.text[c.start : c.end] == c.quote
                assert c.quote in shown
                assert c.title in shown
        press(qtbot, window, Qt.Key.Key_Return)


def test_answer_words_are_highlighted_in_the_quote(qtbot, window) -> None:
    start_by_keyboard(qtbot, window)
    card = window.play.game.current
    answer_right_by_keyboard(qtbot, window)
    rich = window.findChild(QWidget, "citationView").toHtml()
    phrase = card.key_phrase
    if phrase and phrase.lower() in card.citations[0].quote.lower():
        assert "background-color:#ffe066" in rich


def test_open_article_highlights_the_quote(qtbot, window) -> None:
    start_by_keyboard(qtbot, window)
    card = window.play.game.current
    answer_right_by_keyboard(qtbot, window)
    qtbot.mouseClick(window.findChild(QPushButton, "openArticleButton"), Qt.MouseButton.LeftButton)
    reader = window.reader
    qtbot.waitExposed(reader)
    assert reader.highlighted_text() == card.citations[0].quote
    with window.db.session() as s:
        assert reader.body.toPlainText() == s.get(models.Article, card.citations[0].article_id).text
    cursor_rect = reader.body.cursorRect()
    assert reader.body.viewport().rect().intersects(cursor_rect)
    reader.close()


def test_escape_asks_and_abandons(qtbot, window, monkeypatch) -> None:
    from quiz.ui import dialogs

    asked: list[str] = []
    answers = iter([False, True])
    monkeypatch.setattr(dialogs.Confirm, "ask",
                        classmethod(lambda cls, parent, title, text, yes="Yes":
                                    asked.append(title) or next(answers)))
    start_by_keyboard(qtbot, window)
    answer_right_by_keyboard(qtbot, window)
    press(qtbot, window, Qt.Key.Key_Escape)
    assert asked == ["Leave this quiz?"]
    assert window.stack.currentWidget() is window.play and window.play.playing
    assert saved_games(window) == []
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.home
    [game] = saved_games(window)
    assert (game.status, game.score, game.total) == ("abandoned", 0, 1)


def play_only(window, question_type: str):
    """Start a one-question Practice game on a question of `question_type`."""
    from quiz.core import bank
    from quiz.core.game import MODES, Game
    from quiz.ui.setup import Choices

    with window.db.session() as s:
        qid = s.exec(select(models.Question.id).where(models.Question.type == question_type)).first()
        [card] = bank.cards(s, [qid])
    window.choices = Choices("Mira", "practice", None, None, 1)
    window.stack.setCurrentWidget(window.play)
    window.play.start(Game([card], MODES["practice"]))
    return card


def test_empty_typed_answer_is_not_submitted(qtbot, window) -> None:
    card = play_only(window, "cloze")
    press(qtbot, window, Qt.Key.Key_Return)
    assert not feedback_visible(window)
    assert "Type an answer first" in window.play.input_hint.text()
    type_text(qtbot, window, card.correct_answer.upper() + "!")
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.findChild(QLabel, "feedbackLabel").text().startswith("Correct!")
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.summary


def test_numbers_as_words_are_accepted(qtbot, window) -> None:
    from quiz.core.text import parse_number

    card = play_only(window, "numeric")
    value = parse_number(card.correct_answer)
    words = {1: "one", 2: "two", 3: "three", 5: "five", 6: "six", 8: "eight", 9: "nine"}
    typed = words.get(int(value), card.correct_answer) if value is not None else card.correct_answer
    type_text(qtbot, window, typed)
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.findChild(QLabel, "feedbackLabel").text().startswith("Correct!")


@pytest.mark.parametrize(("name", "message"), [
    ("", "Player name is empty."), ("   ", "Player name is empty."),
    ("x" * 33, "Player name is 33 characters long (at most 32)."),
])
def test_bad_player_names_are_refused_plainly(qtbot, window, name: str, message: str) -> None:
    window.show_setup()
    window.findChild(QLineEdit, "playerNameEdit").setText(name)
    qtbot.mouseClick(window.findChild(QPushButton, "startButton"), Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.setup
    assert window.setup.error.text() == message
    assert saved_games(window) == []


def test_hostile_player_name_is_shown_literally(qtbot, window) -> None:
    start_by_keyboard(qtbot, window, HOSTILE)
    for _ in range(10):
        answer_right_by_keyboard(qtbot, window)
        press(qtbot, window, Qt.Key.Key_Return)
    standing = window.summary.standing
    assert HOSTILE in standing.text()
    assert standing.textFormat() == Qt.TextFormat.PlainText
    for label in window.findChildren(QLabel):
        if HOSTILE in label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
    window.show_setup()
    assert window.findChild(QLineEdit, "playerNameEdit").text() == HOSTILE
    assert html.escape(HOSTILE) not in window.findChild(QLineEdit, "playerNameEdit").text()


def test_unicode_names_and_same_player_ignoring_case(qtbot, window) -> None:
    start_by_keyboard(qtbot, window, "  미라 Mira ")
    window.play.leave(ask=False)
    start_by_keyboard(qtbot, window, "미라 MIRA")
    window.play.leave(ask=False)
    with window.db.session() as s:
        assert [p.name for p in s.exec(select(models.Player))] == ["미라 Mira"]


def test_window_remembers_size_and_player(qtbot, db_url, settings, clock) -> None:
    from quiz.ui.main_window import create_main_window

    first = create_main_window(db_url, settings=settings, clock=clock)
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 540)  # within the offscreen screen (800x600)
    start_by_keyboard(qtbot, first, "Rumi")
    first.close()
    second = create_main_window(db_url, settings=settings, clock=clock)
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (700, 540)
    second.show_setup()
    assert second.findChild(QLineEdit, "playerNameEdit").text() == "Rumi"
    with first.db.session() as s:  # closing mid-game saved it as abandoned
        assert [g.status for g in s.exec(select(models.Game))] == ["abandoned"]
    first.db.dispose()
    second.db.dispose()


def test_every_control_has_an_accessible_name(qtbot, window) -> None:
    start_by_keyboard(qtbot, window)
    answer_right_by_keyboard(qtbot, window)
    for widget in window.findChildren(QWidget):
        if isinstance(widget, (QPushButton, QLineEdit)) and widget.isVisible():
            assert widget.accessibleName(), widget.objectName() or widget.text()


def test_screens_are_built_when_first_shown(window) -> None:  # type: ignore[no-untyped-def]
    assert (window._setup, window._play, window._summary) == (None, None, None)
    window.show_setup()
    assert window.stack.currentWidget() is window._setup is not None
    assert window._play is None and window._summary is None
