"""The home screen: what the app is, and the three ways in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from quiz.ui import theme

if TYPE_CHECKING:
    from quiz.core.backends import Rights


class HomeScreen(QWidget):
    """Title, bank size and the Play / Question bank / High scores buttons."""

    play = Signal()
    editor = Signal()
    scores = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("homeScreen")
        title = QLabel("KPop Demon Hunters Quiz")
        theme.name(title, "titleLabel", "KPop Demon Hunters Quiz")
        theme.scale_font(title, 2.2, bold=True)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        subtitle = QLabel("How well do you know Huntr/x, the Saja Boys and the film's record run?\n"
                          "Every answer is explained and quoted from its news article.")
        theme.name(subtitle, "subtitleLabel", "About the quiz")
        subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        subtitle.setWordWrap(True)
        theme.scale_font(subtitle, 1.1)
        self.stats = QLabel("Loading the question bank…")
        theme.name(self.stats, "bankStatsLabel", "Question bank size")
        self.stats.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.rights = QLabel()  # what this database role may not do, when it is limited
        theme.name(self.rights, "rightsLabel", "What you may do on this server")
        self.rights.setTextFormat(Qt.TextFormat.PlainText)
        self.rights.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.rights.setWordWrap(True)
        self.rights.hide()

        self.play_button = QPushButton("&Play")
        theme.name(self.play_button, "playButton", "Play a quiz")
        self.editor_button = QPushButton("&Question bank")
        theme.name(self.editor_button, "editorButton", "Question bank editor")
        self.scores_button = QPushButton("High &scores")  # Alt+H is the Help menu
        theme.name(self.scores_button, "scoresButton", "High scores")
        for button, signal in ((self.play_button, self.play), (self.editor_button, self.editor),
                               (self.scores_button, self.scores)):
            theme.scale_font(button, 1.25, bold=button is self.play_button)
            button.setMinimumWidth(260)
            button.setEnabled(False)  # until the bank is loaded
            button.clicked.connect(signal)

        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(24)
        for button in (self.play_button, self.editor_button, self.scores_button):
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
            layout.addSpacing(6)
        layout.addSpacing(12)
        layout.addWidget(self.stats)
        layout.addWidget(self.rights)
        layout.addStretch(3)

    def set_ready(self, questions: int, articles: int, rights: Rights | None = None) -> None:
        """Show the bank's size and enable the buttons this database role may use."""
        from quiz.core.backends import EVERYTHING

        rights = rights or EVERYTHING
        self.stats.setText(f"{questions:,} questions from {articles} articles")
        for button in (self.play_button, self.editor_button, self.scores_button):
            button.setEnabled(True)
        self.editor_button.setEnabled(rights.edit_bank)
        self.play_button.setEnabled(rights.record_games)
        self.editor_button.setToolTip("" if rights.edit_bank else rights.reason)
        self.rights.setText(rights.reason[:1].upper() + rights.reason[1:] + "."
                            if rights.reason else "")
        self.rights.setVisible(bool(rights.reason))
        self.play_button.setFocus()
