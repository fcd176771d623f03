"""The play screen: a question, its answer input, then feedback with the cited source.

It renders a `quiz.core.game.Game` and forwards input to it; scoring and rules live in core.
The clock is injected so tests can run out the timer without waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from quiz.core.game import Card, Game, Result, State
from quiz.ui import a11y, theme
from quiz.ui.citation import citation_html

TICK_MS = 100
_VERDICT_WORDS = {"correct": "Right", "wrong": "Wrong", "timeout": "Time's up"}
_PLACEHOLDER = {"numeric": "Type a number, e.g. 8 or eight", "cloze": "Type the missing words",
                "text": "Type your answer"}


class PlayScreen(QWidget):
    """Question, answer input, feedback; emits `finished` or `abandoned` with the game's Summary."""

    finished = Signal(object)  # Summary
    abandoned = Signal(object)  # Summary
    open_article = Signal(object)  # Citation

    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("playScreen")
        self.clock = clock
        self.game: Game | None = None
        self.asked_at = 0.0
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)

        self.progress = QLabel()
        theme.name(self.progress, "progressLabel", "Progress")
        self.score = QLabel()
        theme.name(self.score, "scoreLabel", "Score and streak")
        self.meta = QLabel()
        theme.name(self.meta, "hintLabel", "Category and difficulty")
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        for label in (self.progress, self.score):
            theme.scale_font(label, 1.1, bold=True)
        self.timer_bar = QProgressBar()
        theme.name(self.timer_bar, "timerBar", "Time left")
        self.timer_bar.setTextVisible(False)
        self.time_left = QLabel()
        theme.name(self.time_left, "timeLeftLabel", "Seconds left")

        self.question = QLabel()
        theme.name(self.question, "questionText", "Question")
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        self.question.setWordWrap(True)
        self.question.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        theme.scale_font(self.question, 1.45, bold=True)

        self.answer_buttons: list[QPushButton] = []
        choices = QWidget()
        grid = QVBoxLayout(choices)
        grid.setContentsMargins(0, 0, 0, 0)
        for i in range(1, 5):
            button = QPushButton()
            theme.name(button, f"answerButton{i}", f"Answer {i}")
            button.setProperty("answerButton", True)
            button.setIconSize(QSize(22, 22))
            theme.scale_font(button, 1.15)
            button.clicked.connect(lambda _checked=False, n=i: self.choose(n))
            grid.addWidget(button)
            self.answer_buttons.append(button)
        typed = QWidget()
        row = QHBoxLayout(typed)
        row.setContentsMargins(0, 0, 0, 0)
        self.answer_input = QLineEdit()
        theme.name(self.answer_input, "answerInput", "Your answer")
        self.answer_input.setMaxLength(200)
        theme.scale_font(self.answer_input, 1.15)
        # Enter in the box is handled by keyPressEvent (QLineEdit passes it on after
        # returnPressed), so one key press never both submits and moves on.
        self.submit_button = QPushButton("Submit")
        theme.name(self.submit_button, "submitButton", "Submit your answer")
        self.submit_button.clicked.connect(self.submit_typed)
        row.addWidget(self.answer_input, 1)
        row.addWidget(self.submit_button)
        self.inputs = QStackedWidget()
        self.inputs.addWidget(choices)
        self.inputs.addWidget(typed)
        self.input_hint = QLabel()
        theme.name(self.input_hint, "hintLabel", "How to answer")
        self.input_hint.setWordWrap(True)

        self.feedback_panel = self._build_feedback()
        # Said when the draw had to relax a rule of a game's composition (quiz.core.compose).
        self.game_note = QLabel()
        theme.name(self.game_note, "gameNote", "About this game")
        self.game_note.setTextFormat(Qt.TextFormat.PlainText)
        self.game_note.setWordWrap(True)
        self.game_note.hide()

        header = QHBoxLayout()
        header.addWidget(self.progress)
        header.addStretch(1)
        header.addWidget(self.meta)
        header.addStretch(1)
        header.addWidget(self.score)
        timer_row = QHBoxLayout()
        timer_row.addWidget(self.timer_bar, 1)
        timer_row.addWidget(self.time_left)
        card = QFrame()
        card.setObjectName("questionCard")
        card_layout = QVBoxLayout(card)
        card_layout.addWidget(self.question)
        card_layout.addSpacing(8)
        card_layout.addWidget(self.inputs)
        card_layout.addWidget(self.input_hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(header)
        layout.addWidget(self.game_note)
        layout.addLayout(timer_row)
        layout.addWidget(card)
        layout.addWidget(self.feedback_panel)
        layout.addStretch(1)

    def _build_feedback(self) -> QFrame:
        panel = QFrame()
        panel.setObjectName("feedbackPanel")
        self.verdict_icon = QLabel()
        theme.name(self.verdict_icon, "verdictIcon", "Verdict icon")
        self.feedback = QLabel()
        theme.name(self.feedback, "feedbackLabel", "Verdict")
        self.feedback.setTextFormat(Qt.TextFormat.PlainText)
        self.feedback.setWordWrap(True)
        theme.scale_font(self.feedback, 1.25, bold=True)
        self.explanation = QLabel()
        theme.name(self.explanation, "explanationView", "Explanation")
        self.explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        theme.scale_font(self.explanation, 1.05)
        self.citation = QTextBrowser()
        theme.name(self.citation, "citationView", "Source quote")
        self.citation.setOpenLinks(False)
        self.citation.setOpenExternalLinks(False)
        self.citation.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.citation.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        # As tall as its text (two quotes where the articles disagree), no empty acreage.
        self.citation.document().documentLayout().documentSizeChanged.connect(
            lambda size: self.citation.setFixedHeight(min(int(size.height()) + 8, 320)))
        self.open_article_button = QPushButton("Open &article")
        theme.name(self.open_article_button, "openArticleButton", "Open the article")
        self.open_article_button.clicked.connect(self._open_article)
        self.next_button = QPushButton("&Next question")
        theme.name(self.next_button, "nextButton", "Next question")
        self.next_button.clicked.connect(self.go_on)
        verdict = QHBoxLayout()
        verdict.addWidget(self.verdict_icon)
        verdict.addWidget(self.feedback, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_article_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(panel)
        layout.addLayout(verdict)
        layout.addWidget(self.explanation)
        layout.addWidget(self.citation)
        layout.addLayout(buttons)
        panel.hide()
        return panel

    # -- flow ---------------------------------------------------------------------------------

    def start(self, game: Game, note: str = "") -> None:
        """Play `game` from its first question; `note` says what its draw had to relax."""
        self.game = game
        self.game_note.setText(note)
        self.game_note.setVisible(bool(note))
        self.show_card(game.start())

    def show_card(self, card: Card) -> None:
        """Ask `card`: fill the question and its input, start the countdown if timed."""
        assert self.game is not None
        number, total = self.game.position
        self.progress.setText(f"Question {number} / {total}" if total else f"Question {number}")
        self._show_score()
        self.meta.setText(f"{card.category} · {card.difficulty}")
        self.question.setText(card.question)
        self.feedback_panel.hide()
        if card.typed:
            self.inputs.setCurrentIndex(1)
            self.answer_input.clear()
            self.answer_input.setEnabled(True)
            self.submit_button.setEnabled(True)
            self.answer_input.setPlaceholderText(_PLACEHOLDER.get(card.type, "Type your answer"))
            self.input_hint.setText("Type your answer and press Enter. Case, punctuation and "
                                    "numbers as words don't matter.")
            self.answer_input.setFocus()
        else:
            self.inputs.setCurrentIndex(0)
            for i, button in enumerate(self.answer_buttons):
                visible = i < len(card.choices)
                button.setVisible(visible)
                button.setEnabled(visible)
                button.setIcon(QIcon())
                self._set_outcome(button, "")
                if visible:
                    button.setText(f"{i + 1}   {_literal(card.choices[i])}")
                    button.setAccessibleName(f"Answer {i + 1}: {card.choices[i]}")
            self.input_hint.setText(f"Press 1–{len(card.choices)} or click an answer.")
            self.answer_buttons[0].setFocus()
        limit = self.game.time_limit
        self.timer_bar.setVisible(limit is not None)
        self.time_left.setVisible(limit is not None)
        self.asked_at = self.clock()
        if limit is not None:
            self.timer_bar.setRange(0, int(limit * 1000))
            self.tick()
            self.timer.start()

    def tick(self) -> None:
        """Update the countdown; when it runs out, the question counts as missed."""
        game = self.game
        if game is None or game.state is not State.ASKING or game.time_limit is None:
            self.timer.stop()
            return
        left = game.time_limit - (self.clock() - self.asked_at)
        self.timer_bar.setValue(max(0, int(left * 1000)))
        seconds = max(0, int(left + 0.999))
        words = seconds_left(seconds)
        self.time_left.setText(words)
        self.timer_bar.setAccessibleDescription(words)
        if left <= 0:
            self._answer(None)

    def choose(self, number: int) -> None:
        """Pick answer button `number` (1-based)."""
        game = self.game
        if game is None or game.state is not State.ASKING or game.current.typed:
            return
        if number > len(game.current.choices):
            return
        self._answer(game.current.choices[number - 1], self.answer_buttons[number - 1])

    def submit_typed(self) -> None:
        """Submit what is in the answer box (an empty box is not an answer)."""
        game = self.game
        if game is None or game.state is not State.ASKING or not game.current.typed:
            return
        text = self.answer_input.text().strip()
        if not text:
            message = "Type an answer first, then press Enter."
            self.input_hint.setText(message)
            a11y.tell_field(self.answer_input, message)
            return
        a11y.tell_field(self.answer_input, "")
        self._answer(text)

    def _answer(self, given: str | None, chosen: QPushButton | None = None) -> None:
        assert self.game is not None
        self.timer.stop()
        result = self.game.answer(given, self.clock() - self.asked_at)
        self._show_feedback(result, chosen)

    def _show_feedback(self, result: Result, chosen: QPushButton | None) -> None:
        assert self.game is not None
        card = result.card
        if result.correct:
            verdict, icon = f"Correct! +{result.points} points", "correct"
            if result.streak > 1:
                verdict += f" — {result.streak} in a row"
        elif result.timed_out:
            verdict, icon = f"Time's up. The answer is: {card.correct_answer}", "timeout"
        else:
            verdict, icon = f"Not quite. The answer is: {card.correct_answer}", "wrong"
        self.feedback.setText(verdict)
        self.verdict_icon.setPixmap(theme.icon(icon).pixmap(QSize(32, 32)))
        self.verdict_icon.setAccessibleName(_VERDICT_WORDS[icon])
        self.explanation.setText(card.explanation)
        self.citation.setHtml(citation_html(card))
        self.open_article_button.setEnabled(bool(card.citations))
        self.next_button.setText("See &results" if self.game.over else "&Next question")
        self.next_button.setAccessibleName(self.next_button.text().replace("&", ""))
        # Heard with the button when focus lands on it, and announced at once where Qt can.
        heard = f"{verdict}. {card.explanation}".strip()
        self.next_button.setAccessibleDescription(heard)
        self.feedback_panel.show()
        # Focus moves before the answer buttons are disabled: a focused button that is
        # disabled hands focus on to its neighbour, and each of those would be announced.
        self.next_button.setFocus()
        for i, button in enumerate(self.answer_buttons[: len(card.choices)]):
            button.setEnabled(False)
            if card.choices[i] == card.correct_answer:
                self._mark(button, i, card.choices[i], "right", "right answer")
            elif button is chosen:
                self._mark(button, i, card.choices[i], "wrong", "your answer")
        self.answer_input.setEnabled(False)
        self.submit_button.setEnabled(False)
        self._show_score()
        self.input_hint.setText("")
        a11y.announce(self.feedback, heard, assertive=True)

    def go_on(self) -> None:
        """After feedback: the next question, or the end of the game."""
        game = self.game
        if game is None or game.state is not State.ANSWERED:
            return
        card = game.next()
        if card is None:
            summary = game.finish()
            self.game = None
            self.finished.emit(summary)
        else:
            self.show_card(card)

    def leave(self, ask: bool = True) -> bool:
        """Stop the game (after confirming when `ask`); it is recorded as abandoned."""
        game = self.game
        if game is None:
            return True
        if ask:
            from quiz.ui.dialogs import Confirm

            if not Confirm.ask(self, "Leave this quiz?",
                               "Leave this quiz? It will be saved as abandoned and will not "
                               "count for high scores.", "Leave quiz"):
                return False
        self.timer.stop()
        self.game = None
        self.abandoned.emit(game.abandon())
        return True

    @property
    def playing(self) -> bool:
        """True while a game is under way."""
        return self.game is not None

    # -- helpers ------------------------------------------------------------------------------

    def _show_score(self) -> None:
        assert self.game is not None
        self.score.setText(f"Score {self.game.score:,}   Streak {self.game.streak}")

    def _open_article(self) -> None:
        if self.game is not None and self.game.current.citations:
            self.open_article.emit(self.game.current.citations[0])

    def _mark(self, button: QPushButton, index: int, choice: str, outcome: str, words: str) -> None:
        """Say the outcome in words and an icon, not by colour alone."""
        self._set_outcome(button, outcome)
        button.setIcon(theme.icon("correct" if outcome == "right" else "wrong", 22))
        button.setText(f"{index + 1}   {_literal(choice)}   — {words}")
        button.setAccessibleName(f"Answer {index + 1}: {choice} ({words})")

    @staticmethod
    def _set_outcome(button: QPushButton, outcome: str) -> None:
        button.setProperty("outcome", outcome)
        button.style().unpolish(button)
        button.style().polish(button)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        """1–4 choose, Enter submits or goes on, Esc asks before leaving."""
        key = event.key()
        game = self.game
        if game is None:
            super().keyPressEvent(event)
            return
        if key == Qt.Key.Key_Escape:
            self.leave()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if game.state is State.ANSWERED:
                self.go_on()
            elif game.current.typed:
                self.submit_typed()
            elif self.focusWidget() in self.answer_buttons:
                self.focusWidget().click()  # type: ignore[union-attr]
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_4 and game.state is State.ASKING:
            self.choose(key - Qt.Key.Key_0)
        else:
            super().keyPressEvent(event)


def seconds_left(seconds: int) -> str:
    """The countdown in words: "1 second left", "12 seconds left"."""
    return f"{seconds} second{'' if seconds == 1 else 's'} left"


def _literal(text: str) -> str:
    # QPushButton treats "&" as a mnemonic marker; double it so the text shows as written.
    return text.replace("&", "&&")

