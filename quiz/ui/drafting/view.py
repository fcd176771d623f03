"""Layout of the "New from article" dialog: the article, then the drafts to review."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from quiz.ui import theme


def _edit(name: str, accessible: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    theme.name(edit, name, accessible)
    edit.setPlaceholderText(placeholder)
    return edit


def _button(text: str, name: str, accessible: str) -> QPushButton:
    button = QPushButton(text)
    theme.name(button, name, accessible)
    return button


class DraftView(QDialog):
    """Every widget of the dialog, laid out; behaviour lives in `DraftDialog`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draftDialog")
        self.setWindowTitle("New questions from an article")
        self.resize(1180, 760)

        self.open_button = _button("&Open file…", "openArticleButton",
                                   "Open an article file (text, Markdown or HTML)")
        self.file_label = QLabel("or paste the article's text below")
        theme.name(self.file_label, "articleFileLabel", "Article file")
        self.text_edit = QPlainTextEdit()
        theme.name(self.text_edit, "articleTextEdit", "Article text")
        self.text_edit.setPlaceholderText("Paste the article here (plain text, Markdown or the "
                                          "HTML of a saved page), or open a file.")
        self.title_edit = _edit("articleTitleEdit", "Article title", "from the page if it says")
        self.publication_edit = _edit("articlePublicationEdit", "Publication",
                                      "from the page if it says")
        self.author_edit = _edit("articleAuthorEdit", "Author", "from the page if it says")
        self.url_edit = _edit("articleUrlEdit", "Address (URL)", "from the page if it says")
        self.draft_button = _button("&Draft questions", "draftButton", "Draft questions")
        self.progress = QProgressBar()
        theme.name(self.progress, "draftProgress", "Drafting progress")
        self.progress.setVisible(False)
        self.cancel_button = _button("Cancel drafting", "cancelDraftButton", "Cancel drafting")
        self.cancel_button.setVisible(False)
        self.message = QLabel()
        theme.name(self.message, "draftMessage", "Drafting message")
        self.message.setWordWrap(True)

        self.drafts = QListWidget()
        theme.name(self.drafts, "draftList", "Drafted questions (checked ones are accepted)")
        self.drafts.setWordWrap(True)
        self.drafts.setAlternatingRowColors(True)
        self.question_edit = QPlainTextEdit()
        theme.name(self.question_edit, "draftQuestionEdit", "Question")
        self.question_edit.setMaximumHeight(90)
        self.answer_edit = _edit("draftAnswerEdit", "Correct answer")
        self.wrong_edits = [_edit(f"draftWrong{i}", f"Wrong answer {i}") for i in (1, 2, 3)]
        self.type_label = QLabel()
        theme.name(self.type_label, "draftTypeLabel", "Question type")
        self.warnings = QLabel()
        theme.name(self.warnings, "draftWarnings", "Problems with this question")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #c0392b;")
        self.article_view = QPlainTextEdit()
        theme.name(self.article_view, "draftArticleView",
                   "The article, with the cited sentence highlighted")
        self.article_view.setReadOnly(True)
        self.accept_button = _button("&Accept", "acceptDraftButton", "Accept this question")
        self.reject_button = _button("&Reject", "rejectDraftButton", "Reject this question")
        self.accept_all_button = _button("Accept a&ll", "acceptAllDraftsButton",
                                         "Accept every drafted question")
        self.add_button = _button("Add to the bank", "addDraftsButton",
                                  "Add the accepted questions to the bank")
        self.add_button.setDefault(True)
        self.close_button = _button("Close", "closeDraftButton", "Close without adding")

        meta = QFormLayout()
        meta.addRow("Title", self.title_edit)
        meta.addRow("Publication", self.publication_edit)
        meta.addRow("Author", self.author_edit)
        meta.addRow("URL", self.url_edit)
        source_row = QHBoxLayout()
        source_row.addWidget(self.open_button)
        source_row.addWidget(self.file_label, 1)
        run_row = QHBoxLayout()
        run_row.addWidget(self.draft_button)
        run_row.addWidget(self.progress, 1)
        run_row.addWidget(self.cancel_button)
        left = QVBoxLayout()
        left.addLayout(source_row)
        left.addWidget(self.text_edit, 1)
        left.addLayout(meta)
        left.addLayout(run_row)
        left.addWidget(self.message)
        left.addWidget(QLabel("Drafts (checked: accepted)"))
        left.addWidget(self.drafts, 2)
        left_box = QWidget()
        left_box.setLayout(left)

        detail = self.detail_form = QFormLayout()
        detail.addRow("Type", self.type_label)
        detail.addRow("Question", self.question_edit)
        detail.addRow("Answer", self.answer_edit)
        for i, edit in enumerate(self.wrong_edits, 1):
            detail.addRow(f"Wrong {i}", edit)
        detail.addRow("", self.warnings)
        choose = QHBoxLayout()
        choose.addWidget(self.accept_button)
        choose.addWidget(self.reject_button)
        choose.addStretch(1)
        right = QVBoxLayout()
        right.addLayout(detail)
        right.addLayout(choose)
        right.addWidget(QLabel("Source in the article"))
        right.addWidget(self.article_view, 1)
        right_box = QWidget()
        right_box.setLayout(right)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left_box)
        split.addWidget(right_box)
        split.setSizes([540, 640])
        split.setChildrenCollapsible(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.accept_all_button)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        bottom.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)
