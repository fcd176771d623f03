"""The edit panel beside the editor's table: one question's fields, checked as they are typed.

Validation is `quiz.core.validation.check`, the same rules `quiz import` applies; each problem
is shown in plain text under its field, and Save stays disabled while there is any. Quotes are
never typed: the editor selects the passage in the article text and the offsets follow.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from quiz.core.content import DIFFICULTIES
from quiz.core.editing import Record, SourceRef
from quiz.core.rules import MAX_INCORRECT, TYPED, TYPES, Draft, Problem
from quiz.core.validation import check
from quiz.ui import a11y, theme
from quiz.ui.editor_table import ORIGIN_LABELS, TYPE_LABELS
from quiz.ui.quote_picker import QuotePicker

_FIELD = re.compile(r"(\w+)(?:\[(\d+)\])?(?:\.(\w+))?")
_LABELS = {"question": "The question", "correct_answer": "The correct answer",
           "explanation": "The explanation", "category": "The category", "type": "The type",
           "difficulty": "The difficulty", "incorrect_answers": "Wrong answer",
           "accepted_answers": "Accepted answer", "sources": "Source", "row": "The row"}
_PLURALS = {"incorrect_answers": "Wrong answers", "accepted_answers": "Accepted answers",
            "sources": "Sources"}
# Which message label under which field shows a problem with a given field.
_WHERE = {"question": "question", "correct_answer": "answer", "incorrect_answers": "wrong",
          "accepted_answers": "accepted", "explanation": "explanation", "sources": "sources",
          "category": "category", "type": "type", "difficulty": "difficulty"}


_NEEDS = {"type": "a type", "category": "a category", "question": "the question",
          "answer": "the answer", "wrong": "wrong answers", "accepted": "accepted answers",
          "explanation": "the explanation", "sources": "a quote", "difficulty": "a difficulty"}


def describe(p: Problem) -> str:
    """A problem as a sentence for a person: "Wrong answer 2 is the same as the answer."."""
    m = _FIELD.fullmatch(p.field)
    name, index, part = (m.group(1), m.group(2), m.group(3)) if m else (p.field, None, None)
    if index and part:
        label = f"The {part} of source {index}"
    elif index:
        label = f"{_LABELS.get(name, name)} {index}"
    elif name in _PLURALS:
        return f"{_PLURALS[name]}: {p.message}."
    else:
        label = _LABELS.get(name, name)
    # A checker's warning is said as one, with its rule: Save stays possible.
    return f"Warning ({p.rule}): {label} {p.message}." if not p.is_error else \
        f"{label} {p.message}."


def where(p: Problem) -> str:
    """The key of the message label that shows `p`."""
    m = _FIELD.fullmatch(p.field)
    return _WHERE.get(m.group(1) if m else p.field, "question")


class EditPanel(QWidget):
    """Every field of one question, with live validation, Save, Revert and Restore original."""

    save_requested = Signal()
    restore_requested = Signal()
    edited = Signal()  # any field changed (validity or dirtiness may have changed)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editPanel")
        self.record: Record | None = None
        self.texts: dict[str, str] = {}
        self._baseline: tuple[Draft, tuple[SourceRef, ...]] | None = None
        self._loading = False
        self._touched: set[str] | None = None  # new question: the fields edited so far
        self.problems: list[Problem] = []
        self._build()
        self.show_record(None)

    # -- layout -------------------------------------------------------------------------------

    def _error_label(self, key: str, field_name: str) -> QLabel:
        label = QLabel()
        theme.name(label, "errorLabel", f"Problem with the {field_name}")
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setStyleSheet("color: #d64545;")
        label.hide()
        self.errors[key] = label
        return label

    def _build(self) -> None:  # noqa: PLR0915 - one form, built top to bottom
        self.errors: dict[str, QLabel] = {}
        self.heading = QLabel("No question selected")
        theme.name(self.heading, "editHeading", "Question being edited")
        theme.scale_font(self.heading, 1.2, bold=True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.origin_label = QLabel()
        theme.name(self.origin_label, "hintLabel", "Where this question comes from")
        self.origin_label.setTextFormat(Qt.TextFormat.PlainText)
        self.origin_label.setWordWrap(True)

        self.type_combo = QComboBox()
        theme.name(self.type_combo, "typeCombo", "Question type")
        for t in TYPES:
            self.type_combo.addItem(TYPE_LABELS[t], t)
        self.difficulty_combo = QComboBox()
        theme.name(self.difficulty_combo, "difficultyEdit", "Difficulty")
        for d in DIFFICULTIES:
            self.difficulty_combo.addItem(d.capitalize(), d)
        self.category_combo = QComboBox()
        theme.name(self.category_combo, "categoryEdit", "Category")
        self.category_combo.setEditable(True)
        self.category_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line = self.category_combo.lineEdit()
        line.setAccessibleName("Category")
        line.setAccessibleDescription("Pick a category or type a new one")
        for combo in (self.type_combo, self.difficulty_combo, self.category_combo):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)

        self.stem_edit = QPlainTextEdit()
        theme.name(self.stem_edit, "stemEdit", "Question")
        self.stem_edit.setTabChangesFocus(True)
        self.stem_edit.setFixedHeight(72)
        self.answer_edit = QLineEdit()
        theme.name(self.answer_edit, "answerEdit", "Correct answer")
        self.truth_combo = QComboBox()
        theme.name(self.truth_combo, "truthCombo", "Correct answer (true or false)")
        self.truth_combo.addItems(["True", "False"])
        self.answer_stack = QStackedWidget()
        self.answer_stack.addWidget(self.answer_edit)
        self.answer_stack.addWidget(self.truth_combo)
        self.answer_stack.setFixedHeight(self.answer_edit.sizeHint().height())

        self.wrong_list = QListWidget()
        theme.name(self.wrong_list, "distractorList", "Wrong answers")
        self.wrong_list.setFixedHeight(86)
        self.wrong_list.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                        | QAbstractItemView.EditTrigger.EditKeyPressed
                                        | QAbstractItemView.EditTrigger.SelectedClicked)
        self.add_wrong = self._small_button("Add", "addDistractorButton", "Add a wrong answer")
        self.remove_wrong = self._small_button("Remove", "removeDistractorButton",
                                               "Remove the selected wrong answer")
        self.up_wrong = self._small_button("Up", "distractorUpButton", "Move wrong answer up")
        self.down_wrong = self._small_button("Down", "distractorDownButton",
                                             "Move wrong answer down")
        wrong_buttons = QVBoxLayout()
        for b in (self.add_wrong, self.remove_wrong, self.up_wrong, self.down_wrong):
            wrong_buttons.addWidget(b)
        wrong_buttons.addStretch(1)
        wrong_row = QHBoxLayout()
        wrong_row.addWidget(self.wrong_list, 1)
        wrong_row.addLayout(wrong_buttons)
        self.wrong_box = QWidget()
        wrong_box_layout = QVBoxLayout(self.wrong_box)
        wrong_box_layout.setContentsMargins(0, 0, 0, 0)
        wrong_box_layout.addLayout(wrong_row)
        wrong_box_layout.addWidget(self._error_label("wrong", "wrong answers"))

        self.accepted_edit = QPlainTextEdit()
        theme.name(self.accepted_edit, "acceptedEdit", "Other accepted answers, one per line")
        self.accepted_edit.setTabChangesFocus(True)
        self.accepted_edit.setFixedHeight(48)
        self.accepted_edit.setPlaceholderText("Other spellings to accept, one per line")
        self.accepted_box = QWidget()
        accepted_layout = QVBoxLayout(self.accepted_box)
        accepted_layout.setContentsMargins(0, 0, 0, 0)
        accepted_layout.addWidget(self.accepted_edit)
        accepted_layout.addWidget(self._error_label("accepted", "accepted answers"))

        self.explanation_edit = QPlainTextEdit()
        theme.name(self.explanation_edit, "explanationEdit", "Explanation")
        self.explanation_edit.setTabChangesFocus(True)
        self.explanation_edit.setFixedHeight(64)

        self.quotes = QuotePicker()
        # The picker's parts, as the panel's own (tests and the controller reach them here).
        self.source_list = self.quotes.source_list
        self.article_combo = self.quotes.article_combo
        self.use_selection = self.quotes.use_selection
        self.add_source = self.quotes.add_source
        self.remove_source = self.quotes.remove_source
        self.select_in_article = self.quotes.select_in_article

        self.restore_button = QPushButton("Restore original")
        theme.name(self.restore_button, "restoreButton", "Restore the generated original")
        self.revert_button = QPushButton("Revert")
        theme.name(self.revert_button, "revertButton", "Undo unsaved changes to this question")
        self.save_button = QPushButton("&Save")
        theme.name(self.save_button, "saveButton", "Save this question")
        self.save_button.setDefault(True)
        # Ctrl+S as an action of its own: setShortcut would replace the button's Alt+S.
        save_key = QAction("Save", self)
        save_key.setShortcut(QKeySequence.StandardKey.Save)
        save_key.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_key.triggered.connect(lambda: self.save_button.isEnabled() and self.save_button.click())
        self.addAction(save_key)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        top = QHBoxLayout()
        top.addWidget(self.type_combo, 3)
        # Mnemonics differ from the editor's buttons above (Add, Delete, Import, Export).
        difficulty_label = QLabel("Di&fficulty")
        difficulty_label.setBuddy(self.difficulty_combo)
        top.addWidget(difficulty_label)
        top.addWidget(self.difficulty_combo, 2)
        form.addRow(self._buddy("T&ype", self.type_combo), top)
        form.addRow("", self._error_label("type", "type"))
        form.addRow("Ca&tegory", self.category_combo)
        form.addRow("", self._error_label("category", "category"))
        form.addRow("&Question", self.stem_edit)
        form.addRow("", self._error_label("question", "question"))
        self.answer_label = self._buddy("A&nswer", self.answer_edit)
        form.addRow(self.answer_label, self.answer_stack)
        form.addRow("", self._error_label("answer", "correct answer"))
        self.wrong_label = QLabel("&Wrong answers")
        self.wrong_label.setBuddy(self.wrong_list)
        form.addRow(self.wrong_label, self.wrong_box)
        self.accepted_label = QLabel("Also a&ccept")
        self.accepted_label.setBuddy(self.accepted_edit)
        form.addRow(self.accepted_label, self.accepted_box)
        form.addRow("Ex&planation", self.explanation_edit)
        form.addRow("", self._error_label("explanation", "explanation"))
        form.addRow(self._buddy("S&ources", self.source_list), self.quotes)
        form.addRow("", self._error_label("sources", "sources"))

        self.needs_label = QLabel()
        theme.name(self.needs_label, "hintLabel", "What the new question still needs")
        self.needs_label.setTextFormat(Qt.TextFormat.PlainText)
        self.needs_label.setWordWrap(True)
        self.needs_label.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        fields = QWidget()
        fields.setLayout(form)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("editPanelScroll")
        self.scroll.setWidget(fields)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setAccessibleName("Fields of the question")
        # Not a Tab stop of its own: it scrolls to whichever field gets focus.
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.form_box = QWidget()  # the fields and the buttons under them, always in view
        box = QVBoxLayout(self.form_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.scroll, 1)
        box.addWidget(self.needs_label)
        box.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.origin_label)
        layout.addWidget(self.form_box, 1)
        self.placeholder = QWidget()
        layout.addWidget(self.placeholder, 1)
        self._connect()

    def _fields(self) -> dict[str, QWidget]:
        """The field each error label is about (errors are told to screen readers there)."""
        boolean = self.type_combo.currentData() == "boolean"
        return {"type": self.type_combo, "category": self.category_combo.lineEdit(),
                "question": self.stem_edit,
                "answer": self.truth_combo if boolean else self.answer_edit,
                "wrong": self.wrong_list, "accepted": self.accepted_edit,
                "explanation": self.explanation_edit, "sources": self.source_list}

    @staticmethod
    def _buddy(text: str, widget: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(widget)
        return label

    def _small_button(self, text: str, name: str, accessible: str) -> QPushButton:
        button = QPushButton(text)
        theme.name(button, name, accessible)
        return button

    def _connect(self) -> None:
        for signal, key in ((self.type_combo.currentIndexChanged, "type"),
                            (self.difficulty_combo.currentIndexChanged, "difficulty"),
                            (self.category_combo.editTextChanged, "category"),
                            (self.stem_edit.textChanged, "question"),
                            (self.answer_edit.textChanged, "answer"),
                            (self.truth_combo.currentIndexChanged, "answer"),
                            (self.accepted_edit.textChanged, "accepted"),
                            (self.explanation_edit.textChanged, "explanation"),
                            (self.wrong_list.itemChanged, "wrong")):
            signal.connect(lambda *_a, k=key: self._changed(k))
        self.type_combo.currentIndexChanged.connect(self._type_changed)
        self.add_wrong.clicked.connect(self._add_wrong)
        self.remove_wrong.clicked.connect(self._remove_wrong)
        self.up_wrong.clicked.connect(lambda: self._move_wrong(-1))
        self.down_wrong.clicked.connect(lambda: self._move_wrong(1))
        self.wrong_list.currentRowChanged.connect(lambda _r: self._wrong_buttons())
        self.quotes.changed.connect(lambda: self._changed("sources"))
        self.save_button.clicked.connect(self.save_requested)
        self.restore_button.clicked.connect(self.restore_requested)
        self.revert_button.clicked.connect(self.revert)

    # -- what the controller calls ------------------------------------------------------------

    def set_articles(self, texts: dict[str, str], titles: dict[str, str]) -> None:
        """The articles quotes can come from."""
        self.texts = texts
        self.quotes.set_articles(texts, titles)

    @property
    def sources(self) -> list[SourceRef]:
        """The question's sources as the picker has them."""
        return self.quotes.sources

    def set_categories(self, categories: list[str]) -> None:
        """The categories offered (any other can be typed)."""
        text = self.category_combo.currentText()
        self._loading, was = True, self._loading
        self.category_combo.clear()
        self.category_combo.addItems(categories)
        self.category_combo.setEditText(text)
        self._loading = was

    def show_record(self, rec: Record | None) -> None:
        """Edit `rec` (None: nothing selected, the panel is disabled)."""
        self.record = rec
        self._fill(rec.draft() if rec else None, list(rec.sources) if rec else [])
        if rec is None:
            self.heading.setText("No question selected")
            self.origin_label.setText("Select a question in the table to edit it, or press Add "
                                      "to write a new one. Every change can be undone with "
                                      "Ctrl+Z.")
        else:
            self.heading.setText("Edit question")
            self.origin_label.setText(self._origin_text(rec))

    def show_selected(self, count: int) -> None:
        """With no question in the panel, say how many rows are selected (an import selects
        what it added, for instance)."""
        if self.record is not None or self.is_new:
            return
        if count > 1:
            self.heading.setText(f"{count:,} questions selected")
            self.origin_label.setText("Delete them, or change their category or difficulty, "
                                      "with the buttons above the table. Click one to edit "
                                      "it on its own.")
        else:
            self.show_record(None)

    def start_new(self, category: str, difficulty: str) -> None:
        """Edit a new, empty multiple-choice question (stored only when saved)."""
        self.record = None
        draft = Draft(type="multiple", category=category, difficulty=difficulty, question="",
                      correct_answer="", incorrect_answers=[])
        self._fill(draft, [], new=True)
        self.heading.setText("New question")
        self.origin_label.setText("Yours: written here, never changed by quiz generate.")
        self.stem_edit.setFocus()

    @property
    def is_new(self) -> bool:
        """True while editing a question that is not stored yet."""
        return self.record is None and self._baseline is not None

    @property
    def dirty(self) -> bool:
        """True when the fields differ from what is stored."""
        if self._baseline is None:
            return False
        return self.is_new or (self.draft(), tuple(self.sources)) != self._baseline

    @property
    def valid(self) -> bool:
        """True when the question breaks no rule that refuses it (warnings are only shown)."""
        return self._baseline is not None and not any(p.is_error for p in self.problems)

    def draft(self) -> Draft:
        """The question as the fields have it."""
        qtype = self.type_combo.currentData()
        if qtype == "boolean":
            answer = self.truth_combo.currentText()
            wrong = ["False" if answer == "True" else "True"]
        else:
            answer = self.answer_edit.text()
            wrong = [self.wrong_list.item(i).text() for i in range(self.wrong_list.count())]
        accepted = [line.strip() for line in self.accepted_edit.toPlainText().splitlines()
                    if line.strip()]
        return Draft(type=qtype, category=self.category_combo.currentText().strip(),
                     difficulty=self.difficulty_combo.currentData(),
                     question=self.stem_edit.toPlainText().strip(), correct_answer=answer.strip(),
                     incorrect_answers=[w.strip() for w in wrong], accepted_answers=accepted,
                     explanation=self.explanation_edit.toPlainText().strip(),
                     sources=[(s.article, s.quote) for s in self.sources])

    def revert(self) -> None:
        """Throw away unsaved changes."""
        if self.is_new:
            self.show_record(None)
        else:
            self.show_record(self.record)

    # -- filling and validating ---------------------------------------------------------------

    @staticmethod
    def _origin_text(rec: Record) -> str:
        if rec.origin == "generated":
            return f"Generated from fact {rec.fact_id or '?'}; editing marks it edited."
        if rec.origin == "edited":
            return ("Edited: a generated question changed by hand. quiz generate keeps it; "
                    "Restore original puts the generated version back.")
        return f"{ORIGIN_LABELS.get(rec.origin, rec.origin)}: never changed by quiz generate."

    def _fill(self, draft: Draft | None, sources: list[SourceRef], new: bool = False) -> None:
        self._loading = True
        try:
            d = draft or Draft(type="multiple", category="", difficulty="medium", question="",
                               correct_answer="")
            self.type_combo.setCurrentIndex(max(self.type_combo.findData(d.type), 0))
            self.difficulty_combo.setCurrentIndex(max(self.difficulty_combo.findData(
                d.difficulty), 0))
            self.category_combo.setEditText(d.category)
            self.stem_edit.setPlainText(d.question)
            self.answer_edit.setText(d.correct_answer)
            self.truth_combo.setCurrentIndex(1 if d.correct_answer == "False" else 0)
            self.wrong_list.clear()
            for w in d.incorrect_answers:
                self._append_wrong(w)
            self.accepted_edit.setPlainText("\n".join(d.accepted_answers))
            self.explanation_edit.setPlainText(d.explanation)
            self.quotes.set_sources(sources)
        finally:
            self._loading = False
        self.form_box.setVisible(draft is not None)
        self.placeholder.setVisible(draft is None)
        self._baseline = (self.draft(), tuple(self.sources)) if draft is not None else None
        self._touched = set() if new else None
        self._type_changed()
        self._changed()

    def _changed(self, touched: str | None = None) -> None:
        if self._loading:
            return
        if touched is not None and self._touched is not None:
            self._touched.add(touched)
        self.problems = check(self.draft(), self.texts) if self._baseline is not None else []
        shown: dict[str, list[str]] = {}
        for p in self.problems:
            # A new question does not nag about fields nobody has filled in yet.
            if self._touched is None or where(p) in self._touched:
                shown.setdefault(where(p), []).append(describe(p))
        for key, label in self.errors.items():
            label.setText("\n".join(shown.get(key, [])))
            label.setVisible(key in shown)
            field = self._fields().get(key)
            if field is not None:
                a11y.tell_field(field, label.text())
        waiting = sorted({where(p) for p in self.problems if p.is_error} - set(shown),
                         key=list(_NEEDS).index)
        self.needs_label.setText("Still needed before saving: " + ", ".join(
            _NEEDS[k] for k in waiting) + "." if waiting else "")
        self.needs_label.setVisible(bool(waiting))
        self.save_button.setEnabled(self.dirty and self.valid)
        self.revert_button.setEnabled(self.dirty)
        rec = self.record
        self.restore_button.setVisible(rec is not None and rec.origin == "edited")
        self._wrong_buttons()
        self.edited.emit()

    def _type_changed(self) -> None:
        qtype = self.type_combo.currentData()
        self.answer_stack.setCurrentIndex(1 if qtype == "boolean" else 0)
        self.answer_label.setBuddy(self.truth_combo if qtype == "boolean" else self.answer_edit)
        self.wrong_box.setVisible(qtype == "multiple")
        self.wrong_label.setVisible(qtype == "multiple")
        self.accepted_box.setVisible(qtype in TYPED)
        self.accepted_label.setVisible(qtype in TYPED)

    # -- wrong answers ------------------------------------------------------------------------

    def _append_wrong(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.wrong_list.addItem(item)
        return item

    def _add_wrong(self) -> None:
        item = self._append_wrong("")
        self.wrong_list.setCurrentItem(item)
        self.wrong_list.editItem(item)
        self._changed("wrong")

    def _remove_wrong(self) -> None:
        row = self.wrong_list.currentRow()
        if row >= 0:
            self.wrong_list.takeItem(row)
            self._changed("wrong")

    def _move_wrong(self, step: int) -> None:
        row = self.wrong_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.wrong_list.count():
            return
        item = self.wrong_list.takeItem(row)
        self.wrong_list.insertItem(target, item)
        self.wrong_list.setCurrentRow(target)
        self._changed("wrong")

    def _wrong_buttons(self) -> None:
        row, count = self.wrong_list.currentRow(), self.wrong_list.count()
        enabled = self._baseline is not None
        self.add_wrong.setEnabled(enabled and count < MAX_INCORRECT)
        self.remove_wrong.setEnabled(enabled and row >= 0)
        self.up_wrong.setEnabled(enabled and row > 0)
        self.down_wrong.setEnabled(enabled and 0 <= row < count - 1)
