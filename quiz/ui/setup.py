"""Game setup: who is playing, which mode, which questions."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from quiz.core.content import DIFFICULTIES
from quiz.core.errors import QuizError
from quiz.core.game import MODES
from quiz.core.players import MAX_NAME, clean_name
from quiz.core.timing import STANDARD, TIME_SETTINGS
from quiz.ui import a11y, theme


@dataclass(frozen=True)
class Choices:
    """What the player picked on the setup screen."""

    player: str
    mode: str
    category: str | None
    difficulty: str | None
    count: int | None
    time: str = STANDARD  # quiz.core.timing: standard | x2 | x10 | off (timed modes only)


class SetupScreen(QWidget):
    """Name, mode, category, difficulty and (where the mode allows) number of questions."""

    start = Signal(object)  # Choices
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupScreen")
        heading = QLabel("New quiz")
        theme.name(heading, "titleLabel", "New quiz")
        theme.scale_font(heading, 1.6, bold=True)

        self.name_edit = QLineEdit()
        theme.name(self.name_edit, "playerNameEdit", "Player name")
        self.name_edit.setMaxLength(MAX_NAME + 32)  # room to paste; the rule is checked below
        self.name_edit.setPlaceholderText(f"Your name (up to {MAX_NAME} characters)")
        self.mode_combo = QComboBox()
        theme.name(self.mode_combo, "modeCombo", "Mode")
        for m in MODES.values():
            self.mode_combo.addItem(m.label, m.key)
        self.mode_help = QLabel()
        theme.name(self.mode_help, "hintLabel", "About this mode")
        self.mode_help.setWordWrap(True)
        self.mode_help.setTextFormat(Qt.TextFormat.PlainText)
        self.category_combo = QComboBox()
        theme.name(self.category_combo, "categoryCombo", "Category")
        self.difficulty_combo = QComboBox()
        theme.name(self.difficulty_combo, "difficultyCombo", "Difficulty")
        self.difficulty_combo.addItem("Any difficulty", None)
        for d in DIFFICULTIES:
            self.difficulty_combo.addItem(d.capitalize(), d)
        self.count_spin = QSpinBox()
        theme.name(self.count_spin, "countSpin", "Number of questions")
        self.count_spin.setRange(1, 50)
        self.count_spin.setValue(10)
        self.time_combo = QComboBox()
        theme.name(self.time_combo, "timeCombo", "Time per question")
        for setting in TIME_SETTINGS.values():
            self.time_combo.addItem(setting.label, setting.key)
        self.error = QLabel()
        theme.name(self.error, "errorLabel", "Problem with the setup")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)

        self.start_button = QPushButton("&Start")
        theme.name(self.start_button, "startButton", "Start the quiz")
        self.start_button.setDefault(True)
        back = QPushButton("Back")
        theme.name(back, "backButton", "Back to the home screen")
        back.clicked.connect(self.back)
        self.start_button.clicked.connect(self._start)
        # Enter anywhere on the form (name, a combo, the Questions box) starts: keyPressEvent.
        self.name_edit.textEdited.connect(lambda _t: self._clear_error())
        self.mode_combo.currentIndexChanged.connect(self._mode_changed)

        form = QFormLayout()
        form.addRow("&Name", self.name_edit)
        form.addRow("&Mode", self.mode_combo)
        form.addRow("", self.mode_help)
        form.addRow("&Category", self.category_combo)
        form.addRow("&Difficulty", self.difficulty_combo)
        self.count_label = QLabel("&Questions")
        self.count_label.setBuddy(self.count_spin)
        form.addRow(self.count_label, self.count_spin)
        self.time_label = QLabel("&Time")
        self.time_label.setBuddy(self.time_combo)
        form.addRow(self.time_label, self.time_combo)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        box = QWidget()
        box.setMaximumWidth(560)
        inner = QVBoxLayout(box)
        inner.addWidget(heading)
        inner.addLayout(form)
        inner.addWidget(self.error)
        inner.addLayout(buttons)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.setTabOrder(self.name_edit, self.mode_combo)
        self.setTabOrder(self.mode_combo, self.category_combo)
        self.setTabOrder(self.category_combo, self.difficulty_combo)
        self.setTabOrder(self.difficulty_combo, self.count_spin)
        self.setTabOrder(self.count_spin, self.time_combo)
        self.setTabOrder(self.time_combo, back)  # Back sits left of Start
        self.setTabOrder(back, self.start_button)
        self._mode_changed()

    def prepare(self, categories: list[str], last_player: str) -> None:
        """Fill the category list and the remembered name; focus the first empty field."""
        current = self.category_combo.currentData()
        self.category_combo.clear()
        self.category_combo.addItem("All categories", None)
        for c in categories:
            self.category_combo.addItem(c, c)
        index = self.category_combo.findData(current)
        self.category_combo.setCurrentIndex(max(index, 0))
        if not self.name_edit.text():
            self.name_edit.setText(last_player)
        self._clear_error()
        self.focus_name()

    def focus_name(self) -> None:
        """Focus the name with its text selected: typing replaces it, Enter keeps it."""
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    def fix_player(self, name: str, reason: str) -> None:
        """Games can only be recorded under `name` (a server's role): show it, unchangeable."""
        self.name_edit.setText(name)
        self.name_edit.setReadOnly(True)
        self.name_edit.setEnabled(False)  # greyed: plainly not for typing in
        self.name_edit.setToolTip(reason)
        self.start_button.setFocus()

    def _mode_changed(self) -> None:
        m = MODES[self.mode_combo.currentData()]
        self.mode_help.setText(m.description)
        self.count_spin.setVisible(m.choose_count)
        self.count_label.setVisible(m.choose_count)
        timed = m.time_limit is not None
        self.time_combo.setVisible(timed)
        self.time_label.setVisible(timed)
        if timed:  # the choices say how long each really is: "Standard time (20 s)"
            for i, setting in enumerate(TIME_SETTINGS.values()):
                limit = setting.limit(m.time_limit)
                self.time_combo.setItemText(
                    i, setting.label + (f" ({limit:g} s)" if limit is not None else ""))

    def choices(self) -> Choices:
        """The current choices; a QuizError if the name is not acceptable."""
        m = MODES[self.mode_combo.currentData()]
        return Choices(
            player=clean_name(self.name_edit.text()), mode=m.key,
            category=self.category_combo.currentData(),
            difficulty=self.difficulty_combo.currentData(),
            count=self.count_spin.value() if m.choose_count else None,
            time=self.time_combo.currentData() if m.time_limit is not None else STANDARD,
        )

    def show_error(self, message: str) -> None:
        """Say what is wrong next to the form (plain text), and to screen readers on the name
        field, where focus goes."""
        text = message[:1].upper() + message[1:] + "."
        self.error.setText(text)
        a11y.tell_field(self.name_edit, text)

    def _clear_error(self) -> None:
        self.error.clear()
        a11y.tell_field(self.name_edit, "")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        """Enter in any field starts the quiz (a focused button takes Enter itself)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._start()
        else:
            super().keyPressEvent(event)

    def _start(self) -> None:
        try:
            choices = self.choices()
        except QuizError as exc:
            self.show_error(str(exc))
            self.focus_name()
            return
        self._clear_error()
        self.start.emit(choices)
