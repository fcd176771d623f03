"""The editor's layout: search and filters above, the table and the edit panel side by side.

Layout only; `quiz.ui.editor.EditorScreen` gives it behaviour.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from quiz.core.content import DIFFICULTIES
from quiz.core.rules import TYPES
from quiz.ui import a11y, theme
from quiz.ui.edit_panel import EditPanel
from quiz.ui.editor_table import (
    COL_ANSWER,
    COL_CATEGORY,
    COL_CORRECT,
    COL_DIFFICULTY,
    COL_ORIGIN,
    COL_PLAYED,
    COL_QUESTION,
    COL_SOURCE,
    COL_TYPE,
    ORIGIN_LABELS,
    TYPE_LABELS,
)

WIDTHS = {COL_QUESTION: 330, COL_ANSWER: 130, COL_TYPE: 110, COL_CATEGORY: 140,
          COL_DIFFICULTY: 75, COL_SOURCE: 160, COL_ORIGIN: 80, COL_PLAYED: 60, COL_CORRECT: 75}


def _combo(name: str, accessible: str, anything: str,
           items: list[tuple[str, str]]) -> QComboBox:
    combo = QComboBox()
    theme.name(combo, name, accessible)
    combo.addItem(anything, None)
    for value, label in items:
        combo.addItem(label, value)
    # Long article titles must not push the search box off the row.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(min(max(len(anything), 10), 14))
    return combo


class EditorView(QWidget):
    """The widgets of the question bank editor, laid out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editorScreen")
        self.back_button = QPushButton("Back")
        theme.name(self.back_button, "backButton", "Back to the home screen")
        title = QLabel("Question bank")
        theme.name(title, "titleLabel", "Question bank")
        theme.scale_font(title, 1.4, bold=True)
        self.count_label = QLabel()
        theme.name(self.count_label, "bankStatsLabel", "How many questions match")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)

        self.search_edit = QLineEdit()
        theme.name(self.search_edit, "searchEdit", "Search questions, answers and quotes")
        self.search_edit.setPlaceholderText("Search questions, answers and quotes  (Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        a11y.name_clear_button(self.search_edit, "Clear the search")
        self.type_filter = _combo("typeFilter", "Filter by type", "Any type",
                                  [(t, TYPE_LABELS[t]) for t in TYPES])
        self.category_filter = _combo("categoryFilter", "Filter by category", "Any category", [])
        self.difficulty_filter = _combo("difficultyFilter", "Filter by difficulty",
                                        "Any difficulty",
                                        [(d, d.capitalize()) for d in DIFFICULTIES])
        self.source_filter = _combo("sourceFilter", "Filter by source article", "Any source", [])
        self.origin_filter = _combo("originFilter", "Filter by origin", "Any origin",
                                    list(ORIGIN_LABELS.items()))
        self.flaw_filter = _combo("flawFilter", "Filter by the question checker's findings",
                                  "Any flaws", [("flaws", "With flaws"),
                                                   ("errors", "With errors")])
        self.clear_filters = QToolButton()
        self.clear_filters.setText("Clear")
        theme.name(self.clear_filters, "clearFiltersButton", "Clear the search and filters")

        # Mnemonics are unique on the screen, the edit panel's included (see edit_panel).
        self.add_button = self._button("&Add", "addQuestionButton", "Add a question")
        self.duplicate_button = self._button("D&uplicate", "duplicateQuestionButton",
                                             "Duplicate the selected questions")
        self.delete_button = self._button("De&lete", "deleteQuestionButton",
                                          "Delete the selected questions")
        self.bulk_button = self._button("Category / difficulty…", "bulkChangeButton",
                                        "Change category or difficulty of the selection")
        self.undo_button = QToolButton()
        theme.name(self.undo_button, "undoButton", "Undo")
        self.redo_button = QToolButton()
        theme.name(self.redo_button, "redoButton", "Redo")
        self.draft_button = self._button("N&ew from article…", "draftFromArticleButton",
                                         "Draft questions from an article")
        self.import_button = self._button("&Import…", "importQuestionsButton",
                                          "Import questions from a file")
        self.export_button = self._button("E&xport…", "exportQuestionsButton",
                                          "Export the question bank to a file")

        self.table = QTableView()
        theme.name(self.table, "questionTable", "Questions")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 10)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

        self.panel = EditPanel()
        self.panel.setMinimumWidth(440)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("editorSplitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([820, 400])

        self.status = QLabel()
        theme.name(self.status, "editorStatus", "Last action")
        self.status.setTextFormat(Qt.TextFormat.PlainText)

        head = QHBoxLayout()
        head.addWidget(self.back_button)
        head.addSpacing(8)
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.count_label)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_edit, 1)
        search_row.addWidget(self.clear_filters)
        filters = QHBoxLayout()
        # A combo's name on Linux is its current value ("Any type"); what it is comes from
        # the label it is the buddy of, so each filter has a short visible one.
        for i, (text, combo) in enumerate((
                ("Type", self.type_filter), ("Category", self.category_filter),
                ("Difficulty", self.difficulty_filter), ("Source", self.source_filter),
                ("Origin", self.origin_filter), ("Flaws", self.flaw_filter))):
            label = QLabel(text)
            label.setBuddy(combo)
            if i:
                filters.addSpacing(8)
            filters.addWidget(label)
            filters.addWidget(combo, 1)
        tools = QHBoxLayout()
        for w in (self.add_button, self.duplicate_button, self.delete_button,
                  self.bulk_button):
            tools.addWidget(w)
        tools.addSpacing(12)
        tools.addWidget(self.undo_button)
        tools.addWidget(self.redo_button)
        tools.addStretch(1)
        tools.addWidget(self.draft_button)
        tools.addWidget(self.import_button)
        tools.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(search_row)
        layout.addLayout(filters)
        layout.addLayout(tools)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status)
        QWidget.setTabOrder(self.search_edit, self.clear_filters)  # Clear sits beside it
        QWidget.setTabOrder(self.clear_filters, self.type_filter)

    @staticmethod
    def _button(text: str, name: str, accessible: str) -> QPushButton:
        button = QPushButton(text)
        theme.name(button, name, accessible)
        return button

    def size_columns(self) -> None:
        """Starting widths (the user can drag them)."""
        header = self.table.horizontalHeader()
        for column, width in WIDTHS.items():
            header.resizeSection(column, width)
