"""The end of a game: the result, where it ranks, and a review of every question."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from quiz.core.game import Summary
from quiz.core.timing import table_label
from quiz.ui import a11y, theme

REVIEW_COLUMNS = ("Result", "Question", "Your answer", "Right answer", "Source")


@dataclass(frozen=True)
class Standing:
    """Where the saved game ranks: its rank in its mode's table, or None if not in the top."""

    rank: int | None
    table_size: int
    kept: bool = False  # the server was away: the game waits in the outbox on this computer
    saving: bool = False  # the server has not answered yet
    problem: str = ""  # why the server did not take it (it is kept on this computer meanwhile)


class SummaryScreen(QWidget):
    """Score, correct/total, best streak, time, high-score standing and the review list."""

    play_again = Signal()
    home = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summaryScreen")
        view = QWidget()
        theme.name(view, "summaryView", "Game summary")
        self.headline = QLabel()
        theme.name(self.headline, "titleLabel", "Result")
        theme.scale_font(self.headline, 1.7, bold=True)
        self.figures = QLabel()
        theme.name(self.figures, "summaryFigures", "Score details")
        theme.scale_font(self.figures, 1.15)
        self.standing = QLabel()
        theme.name(self.standing, "standingLabel", "High-score standing")
        self.standing.setWordWrap(True)
        self.review = QTableWidget(0, len(REVIEW_COLUMNS))
        theme.name(self.review, "reviewTable", "Review of each question")
        self.review.setHorizontalHeaderLabels(REVIEW_COLUMNS)
        self.review.verticalHeader().setVisible(False)
        self.review.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.review.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.review.setWordWrap(True)
        self.review.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        header = self.review.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for col in (1, 4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        for col in (2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        # Row heights depend on column widths, which settle only once the table is laid out.
        header.sectionResized.connect(lambda *_: self.review.resizeRowsToContents())
        view_layout = QVBoxLayout(view)
        view_layout.setContentsMargins(0, 0, 0, 0)
        view_layout.addWidget(self.headline)
        view_layout.addWidget(self.figures)
        view_layout.addWidget(self.standing)
        view_layout.addWidget(self.review, 1)

        self.play_again_button = QPushButton("&Play again")
        theme.name(self.play_again_button, "playAgainButton", "Play again")
        self.play_again_button.clicked.connect(self.play_again)
        home = QPushButton("H&ome")  # Alt+H is the Help menu
        theme.name(home, "homeButton", "Back to the home screen")
        home.clicked.connect(self.home)
        buttons = QHBoxLayout()
        buttons.addWidget(home)
        buttons.addStretch(1)
        buttons.addWidget(self.play_again_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(view, 1)
        layout.addLayout(buttons)
        self.setTabOrder(self.review, home)  # Home sits left of Play again
        self.setTabOrder(home, self.play_again_button)

    def show_summary(self, summary: Summary, player: str, standing: Standing) -> None:
        """Fill the screen from a finished game."""
        self.headline.setText(f"{summary.score:,} points")
        minutes, seconds = divmod(round(summary.duration_s), 60)
        table = table_label(summary.mode.label, summary.time_setting)
        self.figures.setText(
            f"{summary.correct} of {summary.total} correct   ·   best streak "
            f"{summary.best_streak}   ·   time {minutes}:{seconds:02d}   ·   {table}")
        self.figures.setTextFormat(Qt.TextFormat.PlainText)
        self.standing.setTextFormat(Qt.TextFormat.PlainText)
        self.standing.setText(self._standing_text(summary, player, standing))
        self.review.setRowCount(len(summary.results))
        for row, r in enumerate(summary.results):
            # An icon, not a glyph (a font may lack "⏱"), and the outcome in words.
            mark, icon = (("Right", "correct") if r.correct else
                          ("Time out", "timeout") if r.timed_out else ("Wrong", "wrong"))
            sources = "\n".join(f"{c.quote} ({c.publication or c.title})" for c in r.card.citations)
            cells = (mark, r.card.question, r.given or "(no answer)", r.card.correct_answer,
                     sources)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(theme.tooltip(text))
                if col == 0:
                    item.setIcon(theme.icon(icon, 16))
                self.review.setItem(row, col, item)
        self.review.resizeRowsToContents()
        heard = f"{self.headline.text()}. {self.figures.text()}. {self.standing.text()}"
        self.play_again_button.setAccessibleDescription(heard)
        self.play_again_button.setFocus()
        a11y.announce(self.headline, heard)

    def show_standing(self, summary: Summary, player: str, standing: Standing) -> None:
        """The server answered (or did not): say where the game went, and tell screen
        readers, without moving focus."""
        text = self._standing_text(summary, player, standing)
        self.standing.setText(text)
        self.play_again_button.setAccessibleDescription(
            f"{self.headline.text()}. {self.figures.text()}. {text}")
        a11y.announce(self.standing, text)

    @staticmethod
    def _standing_text(summary: Summary, player: str, standing: Standing) -> str:
        table = table_label(summary.mode.label, summary.time_setting)
        if standing.saving:
            return "Saving…"
        if standing.problem:
            return ("The server has not taken this game yet, so it is saved on this computer "
                    "and will be sent later.")
        if standing.kept:
            return ("The server cannot be reached just now, so this game is saved on this "
                    "computer and will be sent when the server is back.")
        if not summary.mode.ranked:
            return "Practice games are not counted in the high scores."
        if standing.rank is not None:
            return f"Well played, {player}! This game is #{standing.rank} in the {table} " \
                   f"high scores."
        return f"Not in the {table} top {standing.table_size} this time, {player}."
