"""A player's page: games per mode, score over time, accuracy by category, most-missed facts.

A view only: it shows a `quiz.core.progress.Progress` and asks for a Review game or a reset
through its signals; the scores screen does the work.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from quiz.core.progress import Progress
from quiz.ui import theme
from quiz.ui.score_chart import ScoreChart

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _plain_label(text: str = "", object_name: str = "", accessible: str = "") -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    if object_name:
        theme.name(label, object_name, accessible or text)
    return label


def _section(title: str) -> QLabel:
    label = _plain_label(title, "sectionLabel", title)
    theme.scale_font(label, 1.1, bold=True)
    return label


def _table(object_name: str, accessible: str, headers: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    theme.name(table, object_name, accessible)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table


def _item(text: str, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(theme.tooltip(text))
    if right:
        item.setTextAlignment(_RIGHT)
    return item


class AccuracyBar(QStyledItemDelegate):
    """Paints a cell's VALUE_ROLE (0..1) as a bar; the cell's accessible text says it."""

    VALUE_ROLE = Qt.ItemDataRole.UserRole + 7

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:  # type: ignore[no-untyped-def]
        super().paint(painter, option, index)
        value = index.data(self.VALUE_ROLE)
        if value is None:
            return
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(4, option.rect.height() // 2 - 5, -6,
                                        -(option.rect.height() // 2 - 5))
        bar.minimum, bar.maximum, bar.progress = 0, 100, round(float(value) * 100)
        bar.textVisible = False
        bar.state = (option.state | QStyle.StateFlag.State_Enabled
                     | QStyle.StateFlag.State_Horizontal)
        bar.palette = option.palette
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, option.widget)


class PlayerPage(QWidget):
    """One player's progress; `review` and `reset` carry the player's name."""

    review = Signal(str)
    reset = Signal(str)

    MODE_HEADERS = ("Mode", "Games", "Best", "Average", "Accuracy")
    CATEGORY_HEADERS = ("Category", "Right", "Accuracy", "Chart")
    MISSED_HEADERS = ("Fact", "Answer", "Missed", "Review")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.player: str | None = None
        self.name_label = _plain_label("", "playerNameLabel", "Player")
        theme.scale_font(self.name_label, 1.5, bold=True)
        self.totals = _plain_label("", "playerTotalsLabel", "Games played")
        self.review_button = QPushButton("&Review missed questions")
        theme.name(self.review_button, "reviewButton", "Play a Review game of missed questions")
        self.review_button.clicked.connect(self._review)
        self.reset_button = QPushButton("Reset this player's scores…")
        theme.name(self.reset_button, "resetPlayerButton", "Reset this player's scores")
        self.reset_button.clicked.connect(lambda: self.player and self.reset.emit(self.player))

        self.modes = _table("modeStatsTable", "Best and average score per mode",
                            self.MODE_HEADERS)
        self.chart = ScoreChart()
        theme.name(self.chart, "scoreChart", "Score over time")
        self.categories = _table("categoryTable", "Accuracy by category", self.CATEGORY_HEADERS)
        self.categories.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Fixed)
        self.categories.setColumnWidth(3, 80)
        self.categories.setItemDelegateForColumn(3, AccuracyBar(self.categories))
        self.missed = _table("missedTable", "Facts most often missed", self.MISSED_HEADERS)
        self.missed.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.missed.setToolTip("Enter or double-click a row: play a Review game of the "
                               "questions you missed")
        self.missed.activated.connect(lambda _index: self._review())
        self.missed_empty = _plain_label("Nothing missed yet.", "hintLabel", "Missed facts")
        self.missed_empty.setWordWrap(True)

        head = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.name_label)
        names.addWidget(self.totals)
        head.addLayout(names, 1)
        head.addWidget(self.review_button, 0, Qt.AlignmentFlag.AlignBottom)
        head.addWidget(self.reset_button, 0, Qt.AlignmentFlag.AlignBottom)
        grid = QGridLayout()
        grid.addWidget(_section("By mode"), 0, 0)
        grid.addWidget(self.modes, 1, 0)
        grid.addWidget(_section("Score over time"), 0, 1)
        grid.addWidget(self.chart, 1, 1)
        grid.addWidget(_section("Accuracy by category"), 2, 0)
        grid.addWidget(self.categories, 3, 0)
        grid.addWidget(_section("Facts you miss most"), 2, 1)
        missed_box = QVBoxLayout()
        missed_box.addWidget(self.missed_empty)
        missed_box.addWidget(self.missed, 1)
        grid.addLayout(missed_box, 3, 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        grid.setRowStretch(1, 1)
        grid.setRowStretch(3, 1)
        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(head)
        body.addLayout(grid, 1)

        self.empty = _plain_label("", "emptyProgressLabel", "No progress to show")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.show_progress(None)

    def show_progress(self, page: Progress | None) -> None:
        """Fill the page from `page`; None shows the empty state."""
        if page is None:
            self.player = None
            self.empty.setText("No games played yet.\nPlay a quiz and your progress shows here.")
            self.pages.setCurrentIndex(0)
            return
        self.player = page.player
        self.name_label.setText(page.player)
        played = f"{page.games:,} finished game{'s' if page.games != 1 else ''}"
        if page.abandoned:
            played += f" · {page.abandoned:,} left unfinished"
        self.totals.setText(played)
        self._fill_modes(page)
        self._fill_categories(page)
        self._fill_missed(page)
        self.chart.set_history(page.history)
        self.pages.setCurrentIndex(1)

    def _fill_modes(self, page: Progress) -> None:
        self.modes.setRowCount(len(page.modes))
        for row, m in enumerate(page.modes):
            cells = (_item(m.label), _item(f"{m.games:,}", True), _item(f"{m.best:,}", True),
                     _item(f"{m.average:,.0f}", True), _item(f"{m.accuracy:.0%}", True))
            for col, item in enumerate(cells):
                self.modes.setItem(row, col, item)

    def _fill_categories(self, page: Progress) -> None:
        # Rows are dropped first: a cell widget replaced in place stays visible until deleted.
        self.categories.setRowCount(0)
        self.categories.setRowCount(len(page.categories))
        for row, c in enumerate(page.categories):
            self.categories.setItem(row, 0, _item(c.category))
            self.categories.setItem(row, 1, _item(f"{c.correct} / {c.answered}", True))
            self.categories.setItem(row, 2, _item(f"{c.accuracy:.0%}", True))
            # A cell, painted as a bar: a widget in a cell is outside the accessible tree.
            bar = QTableWidgetItem()
            bar.setData(AccuracyBar.VALUE_ROLE, c.accuracy)
            bar.setData(Qt.ItemDataRole.AccessibleTextRole,
                        f"{c.category}: {c.accuracy:.0%} right")
            bar.setToolTip(theme.tooltip(f"{c.accuracy:.0%} right"))
            self.categories.setItem(row, 3, bar)

    def _fill_missed(self, page: Progress) -> None:
        self.missed.setRowCount(0)
        self.missed.setRowCount(len(page.missed))
        for row, m in enumerate(page.missed):
            fact = _item(m.text)
            fact.setToolTip(theme.tooltip(f"{m.text}\n\nAnswer: {m.answer} · {m.category}"))
            self.missed.setItem(row, 0, fact)
            self.missed.setItem(row, 1, _item(m.answer))
            self.missed.setItem(row, 2, _item(f"{m.misses} of {m.attempts}", True))
            # A cell, not a button widget in the cell (outside the accessible tree and the
            # Tab order): Enter or a double-click on the row starts the Review game.
            review = _item("Review")
            review.setData(Qt.ItemDataRole.AccessibleTextRole,
                           f"Review: press Enter to play the questions you missed, "
                           f"starting with {m.answer}")
            self.missed.setItem(row, 3, review)
        has_missed = bool(page.missed)
        self.missed.setVisible(has_missed)
        self.missed_empty.setVisible(not has_missed)
        self.missed_empty.setText("Nothing missed yet." if page.games or page.abandoned
                                  else "")
        self.review_button.setEnabled(has_missed)

    def _review(self) -> None:
        if self.player:
            self.review.emit(self.player)
