"""The "New from article" dialog's behaviour: draft off the GUI thread, review, hand back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QListWidgetItem, QTextEdit, QWidget

from quiz.core.errors import QuizError
from quiz.ui import dialogs
from quiz.ui.drafting.view import DraftView
from quiz.ui.drafting.worker import DraftWorker, read_file

SHOW_PROGRESS_AFTER_MS = 300  # a short article is drafted before a bar would be worth showing
_TYPES = {"multiple": "Multiple choice", "boolean": "True or false", "cloze": "Fill the blank",
          "numeric": "Type the number"}


class DraftDialog(DraftView):
    """Drafts from a file or pasted text, then lets the user accept, edit or reject each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: bytes | None = None  # an opened file's bytes (None: the pasted text)
        self._name = "pasted text"
        self.worker: DraftWorker | None = None
        self.articles: dict[str, dict[str, str]] = {}
        self.items: list[dict[str, Any]] = []  # {"question": bank item, "accepted": bool}
        self._loading = False
        self.open_button.clicked.connect(self.open_file)
        self.draft_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.drafts.currentRowChanged.connect(self._show)
        self.drafts.itemChanged.connect(self._checked)
        self.accept_button.clicked.connect(lambda: self._set_accepted(True))
        self.reject_button.clicked.connect(lambda: self._set_accepted(False))
        self.accept_all_button.clicked.connect(self.accept_all)
        self.add_button.clicked.connect(self._add)
        self.close_button.clicked.connect(self.reject)
        self.text_edit.textChanged.connect(self._pasted)
        self.question_edit.textChanged.connect(self._edited)
        for edit in (self.answer_edit, *self.wrong_edits):
            edit.textEdited.connect(self._edited)
        self._update_buttons()

    @classmethod
    def ask(cls, parent: QWidget | None) -> tuple[list[dict[str, str]], list[dict[str, Any]]] | None:
        """The articles and the accepted questions to add, or None if closed without adding."""
        dialog = cls(parent)
        if dialog.exec() != DraftView.DialogCode.Accepted:
            return None
        return dialog.result_to_add()

    # -- the article -----------------------------------------------------------------------

    def open_file(self) -> None:
        path = dialogs.OpenFile.ask(self, "Open an article",
                                    "Articles (*.txt *.md *.markdown *.html *.htm);;"
                                    "All files (*)")
        if path is not None:
            self.load_file(path)

    def load_file(self, path: Path) -> None:
        """Use the article in `path` (its text is shown, and drafted as it is in the file)."""
        try:
            data, _ = read_file(path)
        except QuizError as exc:
            self.message.setText(str(exc))
            return
        self._loading = True
        self.text_edit.setPlainText(data.decode("utf-8", "replace")[:200_000])
        self._loading = False
        self._data, self._name = data, path.name
        self.file_label.setText(path.name)

    def _pasted(self) -> None:
        if not self._loading:  # typing over an opened file drafts what is typed
            self._data, self._name = None, "pasted text"
            self.file_label.setText("pasted text")
        self._update_buttons()

    def start(self) -> None:
        """Draft from the opened file or the pasted text, off the GUI thread."""
        from quiz.core.draft.reader import Meta

        if self.worker is not None:
            return
        data = self._data if self._data is not None else self.text_edit.toPlainText().encode()
        meta = Meta(title=self.title_edit.text().strip(),
                    publication=self.publication_edit.text().strip(),
                    author=self.author_edit.text().strip(), url=self.url_edit.text().strip())
        self.message.setText("Drafting…")
        self.worker = DraftWorker(data, self._name, meta, None, self)
        self.worker.progressed.connect(self._progress)
        self.worker.done.connect(self._done)
        self.worker.failed.connect(self._failed)
        self.worker.cancelled.connect(self._cancelled)
        self.worker.finished.connect(self._finished)
        self.progress.setRange(0, 0)
        QTimer.singleShot(SHOW_PROGRESS_AFTER_MS, self._show_progress)
        self._update_buttons()
        self.worker.start()

    def _show_progress(self) -> None:
        if self.worker is not None:
            self.progress.setVisible(True)
            self.cancel_button.setVisible(True)

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _done(self, result: tuple[Any, list[Any]]) -> None:
        from quiz.core.draft.pipeline import bank

        source, drafts = result
        doc = bank(drafts)
        self.articles = {a["id"]: a for a in doc["articles"]}
        self.items = [{"question": q, "accepted": False} for q in doc["questions"]]
        note = "" if source.encoding == "utf-8" else f" (read as {source.encoding})"
        unnamed = "" if source.meta.title or source.meta.publication else (
            " The article names no title or publication, so questions say \"according to the "
            "article\": fill in Title or Publication and draft again to name it.")
        self.message.setText(f"{len(self.items)} questions drafted{note}. Check each one, "
                             f"edit it if needed, and accept or reject it.{unnamed}")
        for edit, value in ((self.title_edit, source.meta.title),
                            (self.publication_edit, source.meta.publication),
                            (self.author_edit, source.meta.author),
                            (self.url_edit, source.meta.url)):
            if not edit.text() and value:  # what the page says, shown where it can be fixed
                edit.setText(value)
        self._fill()

    def _failed(self, message: str) -> None:
        self.message.setText(message)

    def _cancelled(self) -> None:
        self.message.setText("Drafting cancelled; nothing was drafted.")

    def _finished(self) -> None:
        self.worker = None
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self._update_buttons()

    # -- review ----------------------------------------------------------------------------

    def _fill(self) -> None:
        self.drafts.blockSignals(True)
        self.drafts.clear()
        for item in self.items:
            row = QListWidgetItem()
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            self.drafts.addItem(row)
            self._label(row, item)
        self.drafts.blockSignals(False)
        if self.items:
            self.drafts.setCurrentRow(0)
        self._update_buttons()

    def _label(self, row: QListWidgetItem, item: dict[str, Any]) -> None:
        q = item["question"]
        stem = q["question"]
        if q["type"] == "multiple":  # the other types' stems say what they are
            stem = f"Multiple choice: {stem}"
        row.setText(f"{stem}\n→ {q['correct_answer']}")
        row.setCheckState(Qt.CheckState.Checked if item["accepted"] else
                          Qt.CheckState.Unchecked)

    def problems(self, index: int) -> list[str]:
        """What is wrong with draft `index` as it stands (edited or not)."""
        from quiz.core.content import Quote
        from quiz.core.draft.pipeline import flaws
        from quiz.core.generate import Generated

        q = self.items[index]["question"]
        article = self.articles[q["sources"][0]["article"]]
        g = Generated(q["id"], q["type"], q["category"], q["difficulty"], q["question"],
                      q["correct_answer"], list(q["incorrect_answers"]), q["explanation"], "",
                      [Quote(s["article"], s["quote"], s["start"], s["end"])
                       for s in q["sources"]], list(q["accepted_answers"]))
        return flaws([g], article["text"], article["id"]).get(q["id"], [])

    def _show(self, index: int) -> None:
        self._loading = True
        try:
            if not 0 <= index < len(self.items):
                return
            q = self.items[index]["question"]
            self.type_label.setText(_TYPES.get(q["type"], q["type"]))
            self.question_edit.setPlainText(q["question"])
            self.answer_edit.setText(q["correct_answer"])
            self.answer_edit.setReadOnly(q["type"] == "boolean")
            wrong = list(q["incorrect_answers"])
            for i, edit in enumerate(self.wrong_edits):
                edit.setText(wrong[i] if i < len(wrong) else "")
                self.detail_form.setRowVisible(edit, q["type"] == "multiple")
            src = q["sources"][0]
            self.article_view.setPlainText(self.articles[src["article"]]["text"])
            answer = q["correct_answer"] if q["type"] != "boolean" else ""
            self._highlight(src["start"], src["end"], answer)
            self._warn(index)
        finally:
            self._loading = False
        self._update_buttons()

    def _highlight(self, start: int, end: int, answer: str = "") -> None:
        """Mark the cited sentence (and the answer in it, in bold) in the article view."""
        selections = [self._selection(start, end, bold=False)]
        at = self.article_view.toPlainText().find(answer, start, end) if answer else -1
        if at >= 0:
            selections.append(self._selection(at, at + len(answer), bold=True))
        self.article_view.setExtraSelections(selections)
        place = QTextCursor(self.article_view.document())
        place.setPosition(end)
        self.article_view.setTextCursor(place)
        self.article_view.centerCursor()

    def _selection(self, start: int, end: int, bold: bool) -> QTextEdit.ExtraSelection:
        cursor = QTextCursor(self.article_view.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#ffd23f" if bold else "#ffe58a"))
        fmt.setForeground(QColor("#1a1a1a"))
        if bold:
            fmt.setFontWeight(700)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor  # type: ignore[attr-defined]
        selection.format = fmt  # type: ignore[attr-defined]
        return selection

    def _warn(self, index: int) -> None:
        found = self.problems(index)
        self.warnings.setText("\n".join(found))
        if found and self.items[index]["accepted"]:
            self.items[index]["accepted"] = False
            self._relabel(index)

    def _relabel(self, index: int) -> None:
        self.drafts.blockSignals(True)
        self._label(self.drafts.item(index), self.items[index])
        self.drafts.blockSignals(False)
        self._update_buttons()

    def _edited(self, *_args: object) -> None:
        index = self.drafts.currentRow()
        if self._loading or not 0 <= index < len(self.items):
            return
        q = self.items[index]["question"]
        q["question"] = self.question_edit.toPlainText().strip()
        if q["type"] != "boolean":
            q["correct_answer"] = self.answer_edit.text().strip()
        if q["type"] == "multiple":
            q["incorrect_answers"] = [e.text().strip() for e in self.wrong_edits
                                      if e.text().strip()]
        self._warn(index)
        self._relabel(index)

    def _checked(self, row: QListWidgetItem) -> None:
        index = self.drafts.row(row)
        want = row.checkState() == Qt.CheckState.Checked
        self.items[index]["accepted"] = want and not self.problems(index)
        self._relabel(index)

    def _set_accepted(self, accepted: bool) -> None:
        index = self.drafts.currentRow()
        if not 0 <= index < len(self.items):
            return
        self.items[index]["accepted"] = accepted and not self.problems(index)
        self._relabel(index)
        if index + 1 < len(self.items):
            self.drafts.setCurrentRow(index + 1)

    def accept_all(self) -> None:
        """Accept every draft that breaks no rule."""
        for i, item in enumerate(self.items):
            item["accepted"] = not self.problems(i)
            self._relabel(i)

    def accepted_count(self) -> int:
        return sum(1 for item in self.items if item["accepted"])

    def result_to_add(self) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
        """The articles and the accepted questions, as bank JSON items."""
        chosen = [dict(item["question"]) for item in self.items if item["accepted"]]
        used = {q["sources"][0]["article"] for q in chosen}
        return [a for aid, a in self.articles.items() if aid in used], chosen

    def _add(self) -> None:
        if self.accepted_count():
            self.accept()

    def _update_buttons(self) -> None:
        idle = self.worker is None
        has_text = bool(self._data) or bool(self.text_edit.toPlainText().strip())
        self.draft_button.setEnabled(idle and has_text)
        self.open_button.setEnabled(idle)
        current = 0 <= self.drafts.currentRow() < len(self.items)
        for b in (self.accept_button, self.reject_button):
            b.setEnabled(current)
        self.accept_all_button.setEnabled(bool(self.items))
        n = self.accepted_count()
        self.add_button.setEnabled(n > 0)
        self.add_button.setText(f"Add {n} to the bank" if n else "Add to the bank")

    def done(self, result: int) -> None:  # closing mid-draft stops the worker first
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait()
        super().done(result)
