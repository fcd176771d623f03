"""Choosing a question's sources: the quotes are selected in the article text, never typed.

The selected passage becomes the quote verbatim (white space at its ends trimmed), and its
offsets come from the selection; the current quote is highlighted in its article.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from quiz.core.editing import SourceRef, located
from quiz.core.validation import MAX_SOURCES
from quiz.ui import theme

HIGHLIGHT = QColor("#ffe066")


def utf16_to_index(text: str, position: int) -> int:
    """Qt counts UTF-16 code units; Python counts code points."""
    return len(text.encode("utf-16-le")[: position * 2].decode("utf-16-le", errors="ignore"))


def index_to_utf16(text: str, index: int) -> int:
    """A Python index in `text` as a Qt (UTF-16) position."""
    return len(text[:index].encode("utf-16-le")) // 2


class QuotePicker(QWidget):
    """A question's sources: a list of quotes, and the article text to select them in."""

    changed = Signal()  # a source was added, removed or given another article or quote

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.texts: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        self.sources: list[SourceRef] = []
        self.source_list = QListWidget()
        theme.name(self.source_list, "sourceList", "Sources")
        self.source_list.setFixedHeight(52)
        self.source_list.setWordWrap(False)
        self.source_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.source_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.add_source = QPushButton("Add")
        theme.name(self.add_source, "addSourceButton", "Add a source")
        self.remove_source = QPushButton("Remove")
        theme.name(self.remove_source, "removeSourceButton", "Remove the selected source")
        self.article_combo = QComboBox()
        theme.name(self.article_combo, "articleCombo", "Article of the selected source")
        self.article_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.article_combo.setMinimumContentsLength(20)
        self.article_view = QPlainTextEdit()
        theme.name(self.article_view, "articleText", "Article text: select the quote here")
        self.article_view.setReadOnly(True)
        self.article_view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.article_view.setMinimumHeight(140)
        self.use_selection = QPushButton("Use selected text as the quote")
        theme.name(self.use_selection, "useSelectionButton", "Use the selected text as the quote")
        self.use_selection.setEnabled(False)
        hint = QLabel("Select the passage in the article, then use it as the quote.")
        theme.name(hint, "hintLabel", "How to choose a quote")
        hint.setWordWrap(True)
        article_label = QLabel("A&rticle")  # Alt+I is the editor's Import
        article_label.setBuddy(self.article_combo)

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.source_list, 0, 0, 2, 2)
        grid.addWidget(self.add_source, 0, 2)
        grid.addWidget(self.remove_source, 1, 2)
        grid.addWidget(article_label, 2, 0)
        grid.addWidget(self.article_combo, 2, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(hint)
        layout.addWidget(self.article_view, 1)
        layout.addWidget(self.use_selection)

        self.source_list.currentRowChanged.connect(lambda _r: self._show_source())
        self.add_source.clicked.connect(self._add_source)
        self.remove_source.clicked.connect(self._remove_source)
        self.article_combo.activated.connect(self._article_chosen)
        self.article_view.selectionChanged.connect(
            lambda: self.use_selection.setEnabled(self.article_view.textCursor().hasSelection()))
        self.use_selection.clicked.connect(self.use_selected_text)

    def set_articles(self, texts: dict[str, str], titles: dict[str, str]) -> None:
        """The articles quotes can come from."""
        self.texts, self.titles = texts, titles
        self.article_combo.clear()
        for aid, title in titles.items():
            self.article_combo.addItem(title, aid)

    def set_sources(self, sources: list[SourceRef]) -> None:
        """Show `sources` (without announcing a change)."""
        self.sources = list(sources)
        self._fill(0 if sources else -1)

    def _fill(self, current: int) -> None:
        self.source_list.blockSignals(True)
        self.source_list.clear()
        for i, s in enumerate(self.sources, 1):
            quote = " ".join(s.quote.split()) or "(no quote yet: select it in the article)"
            item = QListWidgetItem(f"{i}. {quote}")
            item.setToolTip(theme.tooltip(f"{self.titles.get(s.article, s.article)}\n\n{s.quote}"))
            self.source_list.addItem(item)
        self.source_list.setCurrentRow(current)
        self.source_list.blockSignals(False)
        self._show_source()

    def _changed(self, current: int) -> None:
        self._fill(current)
        self.changed.emit()

    def _show_source(self) -> None:
        row = self.source_list.currentRow()
        source = self.sources[row] if 0 <= row < len(self.sources) else None
        if source is not None:
            self.article_combo.setCurrentIndex(self.article_combo.findData(source.article))
        aid = self.article_combo.currentData()
        text = self.texts.get(aid, "") if aid else ""
        if self.article_view.toPlainText() != text:
            self.article_view.setPlainText(text)
        selections = []
        if source is not None and source.article == aid and source.quote:
            found = located([source], self.texts)[0]
            if found.start >= 0:
                cursor = QTextCursor(self.article_view.document())
                cursor.setPosition(index_to_utf16(text, found.start))
                cursor.setPosition(index_to_utf16(text, found.end),
                                   QTextCursor.MoveMode.KeepAnchor)
                sel = QTextEdit.ExtraSelection()
                sel.cursor = cursor  # type: ignore[attr-defined]
                fmt = QTextCharFormat()
                fmt.setBackground(HIGHLIGHT)
                fmt.setForeground(QColor("#1a1a1a"))
                sel.format = fmt  # type: ignore[attr-defined]
                selections.append(sel)
        self.article_view.setExtraSelections(selections)
        # Scroll once the view has its size (it may not be laid out yet).
        QTimer.singleShot(0, self._scroll_to_quote)
        self.remove_source.setEnabled(source is not None)
        self.add_source.setEnabled(len(self.sources) < MAX_SOURCES)

    def _scroll_to_quote(self) -> None:
        selections = self.article_view.extraSelections()
        if not selections:
            return
        quote = selections[0].cursor  # type: ignore[attr-defined]
        view = QTextCursor(self.article_view.document())
        view.setPosition(quote.selectionEnd())
        self.article_view.setTextCursor(view)
        self.article_view.ensureCursorVisible()
        view.setPosition(quote.selectionStart())
        self.article_view.setTextCursor(view)
        self.article_view.ensureCursorVisible()

    def _add_source(self) -> None:
        aid = self.article_combo.currentData() or next(iter(self.titles), "")
        self.sources.append(SourceRef(aid, ""))
        self._changed(len(self.sources) - 1)

    def _remove_source(self) -> None:
        row = self.source_list.currentRow()
        if row >= 0:
            del self.sources[row]
            self._changed(min(row, len(self.sources) - 1))

    def _article_chosen(self) -> None:
        row = self.source_list.currentRow()
        aid = self.article_combo.currentData()
        if 0 <= row < len(self.sources) and aid and self.sources[row].article != aid:
            self.sources[row] = SourceRef(aid, self.sources[row].quote)
            self._changed(row)
        else:
            self._show_source()

    def select_in_article(self, start: int, end: int) -> None:
        """Select characters `start:end` of the shown article (as a mouse would)."""
        text = self.article_view.toPlainText()
        cursor = QTextCursor(self.article_view.document())
        cursor.setPosition(index_to_utf16(text, start))
        cursor.setPosition(index_to_utf16(text, end), QTextCursor.MoveMode.KeepAnchor)
        self.article_view.setTextCursor(cursor)

    def use_selected_text(self) -> None:
        """Make the selected passage the current source's quote (a new source if none)."""
        cursor = self.article_view.textCursor()
        aid = self.article_combo.currentData()
        if not cursor.hasSelection() or not aid:
            return
        text = self.texts.get(aid, "")
        start = utf16_to_index(text, cursor.selectionStart())
        end = utf16_to_index(text, cursor.selectionEnd())
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            return
        quote = SourceRef(aid, text[start:end], start, end)
        row = self.source_list.currentRow()
        if 0 <= row < len(self.sources):
            self.sources[row] = quote
        else:
            self.sources.append(quote)
            row = len(self.sources) - 1
        self._changed(row)
