"""The article reader: the whole article as plain text, the quote highlighted and in view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from quiz.core.game import Citation
from quiz.ui import theme


def utf16_offset(text: str, index: int) -> int:
    """Qt counts UTF-16 code units; Python counts code points."""
    return len(text[:index].encode("utf-16-le")) // 2


class ArticleReader(QDialog):
    """Shows one article with the cited passage highlighted and scrolled into view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleReader")
        self.setWindowTitle("Article")
        self.resize(760, 620)
        self.title = QLabel()
        theme.name(self.title, "articleTitle", "Article title")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        theme.scale_font(self.title, 1.3, bold=True)
        self.byline = QLabel()
        theme.name(self.byline, "articleByline", "Publication and author")
        self.byline.setTextFormat(Qt.TextFormat.PlainText)
        self.byline.setWordWrap(True)
        self.body = QTextBrowser()
        theme.name(self.body, "articleText", "Article text")
        self.body.setOpenLinks(False)
        theme.scale_font(self.body, 1.1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.byline)
        layout.addWidget(self.body, 1)
        layout.addWidget(buttons)

    def show_article(self, text: str, citation: Citation, descriptive_title: bool) -> None:
        """Display `text` and highlight `citation`'s quote."""
        self.setWindowTitle(citation.title)
        self.title.setText(citation.title)
        byline = ", ".join(p for p in (citation.publication,
                                         f"by {citation.author}" if citation.author else "") if p)
        parts = [byline or "The article names no publication or author."]
        if descriptive_title:
            parts.append("The title is ours: the article text has none.")
        self.byline.setText("  ".join(parts))
        self.body.setPlainText(text)
        if "\n\n" not in text:  # paragraphs on single lines: space them; else they are
            spacing = QTextBlockFormat()
            spacing.setBottomMargin(self.fontMetrics().height() * 0.6)
            everything = QTextCursor(self.body.document())
            everything.select(QTextCursor.SelectionType.Document)
            everything.mergeBlockFormat(spacing)
        start = utf16_offset(text, citation.start)
        end = utf16_offset(text, citation.end)
        cursor = QTextCursor(self.body.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#ffe066"))
        fmt.setForeground(QColor("#1a1a1a"))
        cursor.mergeCharFormat(fmt)
        # Put the end in view first, then the start, so the whole quote shows where it fits.
        view = QTextCursor(self.body.document())
        view.setPosition(end)
        self.body.setTextCursor(view)
        self.body.ensureCursorVisible()
        view.setPosition(start)
        self.body.setTextCursor(view)
        self.body.ensureCursorVisible()

    def highlighted_text(self) -> str:
        """The text that carries the highlight (for tests and screen readers)."""
        block = self.body.document().begin()
        parts = []
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                if frag.charFormat().background().color() == QColor("#ffe066"):
                    parts.append(frag.text())
                it += 1
            block = block.next()
        return "".join(parts)
