"""The question bank editor: find, fix, add, delete, bulk-change, import and export questions.

`EditorScreen` is the controller over `EditorView`'s widgets. Every change is a
`quiz.core.editing` operation that returns a `Change`; it goes on a `QUndoStack` as one
`ChangeCommand`, whose undo applies the change's `before` states and whose redo its `after`
states. The table and the panel refresh from the ids a change names.

Every read and write goes through the window's `ServerCalls` (quiz/ui/waiting.py): off the GUI
thread on a server, at once on a local file, so on SQLite everything happens as it is asked
for. On a server a change joins the undo stack only once the server has taken it, and undo or
redo moves the stack only once the server has applied it: a change the server refused (or
never saw) leaves the stack, the table and the panel's unsaved edit as they were, with one line
and Retry on the wait bar. One write waits at a time; leaving a question with an unsaved edit
waits for its save (`settle(then)`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import shiboken6
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget
from sqlalchemy.exc import SQLAlchemyError

from quiz.core import editing, search
from quiz.core.db import Database
from quiz.core.errors import QuizError, ServerAway
from quiz.core.formats import EXTENSIONS, FORMATS, LABELS
from quiz.ui import dialogs
from quiz.ui.editor_table import COUNT_CAP, QuestionTableModel
from quiz.ui.editor_view import EditorView
from quiz.ui.export_report import ExportReportDialog
from quiz.ui.import_preview import ImportPreview
from quiz.ui.waiting import Call, ServerCalls, ServerQueue, WaitBar, plain

SEARCH_DELAY_MS = 200
UNDO_LIMIT = 500


class ChangeCommand(QUndoCommand):
    """One undoable change: redo applies its `after` states, undo its `before` states."""

    def __init__(self, screen: EditorScreen, change: editing.Change) -> None:
        super().__init__(change.label)
        self.screen = screen
        self.change = change
        # The database holds the states the stack's next move on this command leads to
        # already: the operation wrote them before the push; the screen's undo and redo write
        # them (off the GUI thread, on a server) before they move the stack.
        self.written = True

    def redo(self) -> None:
        if not self.written:
            editing.apply(self.screen.db, self.change.after)
        self.written = False
        self.screen.changed(self.change, self.change.after)

    def undo(self) -> None:
        if not self.written:
            editing.apply(self.screen.db, self.change.before)
        self.written = False
        self.screen.changed(self.change, self.change.before)


class EditorScreen(EditorView):
    """Browse, search, edit and validate the bank, with undo; import and export it."""

    back = Signal()

    def __init__(self, db: Database, calls: ServerCalls | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        if calls is None:  # on its own (a test): a local file's calls, told at its foot
            bar = WaitBar()
            self.layout().addWidget(bar)
            calls = ServerCalls(ServerQueue(off_thread=False, parent=self), bar)
        self.calls = calls
        self._writing: Call | None = None  # the change the server has not answered yet
        self._after_write: Callable[[], None] | None = None  # a move waiting for that answer
        self._panel_asked = 0  # bumped by each question asked for the panel: older ones drop
        self._typed = 0  # edits made in the panel: one typed while its question loads stays
        self._typed_when_written = 0  # `_typed` when the last write was asked for
        self.model = QuestionTableModel(db)
        self.model.ask = self._read
        self.table.setModel(self.model)
        self.size_columns()
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)  # each step holds whole questions
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self._categories: list[str] = []
        self._shown_once = False
        self._make_actions()
        self._connect()
        self._selection_changed()

    # -- wiring -------------------------------------------------------------------------------

    def _action(self, text: str, keys: list[QKeySequence | str], slot: Callable[[], None],
                context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut
                ) -> QAction:
        action = QAction(text, self)
        sequences: list[QKeySequence] = []
        for key in keys:  # a key bound twice to one action is "ambiguous" and never fires
            for sequence in (QKeySequence.keyBindings(key)
                             if isinstance(key, QKeySequence.StandardKey) else [QKeySequence(key)]):
                if sequence not in sequences:
                    sequences.append(sequence)
        action.setShortcuts(sequences)
        action.setShortcutContext(context)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        self.undo_action = self._action("Undo", [QKeySequence.StandardKey.Undo], self.undo)
        self.redo_action = self._action("Redo", ["Ctrl+Shift+Z", QKeySequence.StandardKey.Redo],
                                        self.redo)
        self.find_action = self._action("Find", [QKeySequence.StandardKey.Find],
                                        self._focus_search)
        self.delete_action = QAction("Delete", self.table)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        self.table.addAction(self.delete_action)
        self.undo_button.setDefaultAction(self.undo_action)
        self.redo_button.setDefaultAction(self.redo_action)
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)

    def _connect(self) -> None:
        self.back_button.clicked.connect(self._leave)
        self.search_edit.textChanged.connect(lambda _t: self.search_timer.start())
        self.search_edit.returnPressed.connect(self.apply_filter)
        self.search_timer.timeout.connect(self.apply_filter)
        for combo in (self.type_filter, self.category_filter, self.difficulty_filter,
                      self.source_filter, self.origin_filter, self.flaw_filter):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.clear_filters.clicked.connect(self.clear_search)
        self.add_button.clicked.connect(self.add_question)
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.bulk_button.clicked.connect(self.bulk_change_selected)
        self.import_button.clicked.connect(self.import_file)
        self.draft_button.clicked.connect(self.draft_from_article)
        self.export_button.clicked.connect(self.export_file)
        self.model.counted.connect(self._show_count)
        self.model.modelReset.connect(self._selection_changed)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_a: self._selection_changed())
        self.panel.save_requested.connect(self.save_current)
        self.panel.edited.connect(self._panel_edited)
        self.panel.restore_requested.connect(self.restore_current)
        for signal in (self.undo_stack.canUndoChanged, self.undo_stack.canRedoChanged,
                       self.undo_stack.undoTextChanged, self.undo_stack.redoTextChanged):
            signal.connect(self._undo_state)

    def _undo_state(self, *_args: object) -> None:
        if not shiboken6.isValid(self.undo_stack):
            return  # the screen is being destroyed
        undo, redo = self.undo_stack.undoText(), self.undo_stack.redoText()
        self.undo_action.setEnabled(self.undo_stack.canUndo())
        self.redo_action.setEnabled(self.undo_stack.canRedo())
        self.undo_action.setText(f"Undo {undo.lower()}" if undo else "Undo")
        self.redo_action.setText(f"Redo {redo.lower()}" if redo else "Redo")
        self.undo_action.setToolTip(f"{self.undo_action.text()} (Ctrl+Z)")
        self.redo_action.setToolTip(f"{self.redo_action.text()} (Ctrl+Shift+Z)")

    # -- showing ------------------------------------------------------------------------------

    def refresh(self, then: Callable[[], None] | None = None, step: bool = False) -> None:
        """Reload everything from the database (each time the screen is shown), then
        `then()`; one read, so a `step` of the window (opening the editor) waits for all of
        it and leaving for another screen drops it."""
        db = self.db
        current = self.panel.record.id if self.panel.record and not self.panel.dirty else None
        read_rows, show_rows, gave_up = self.model.reloading(self.model.rowCount())
        keep = self._keeping()

        def read() -> tuple[Any, ...]:
            record = editing.load(db, [current]).get(current) if current else None
            return (editing.article_texts(db), editing.article_titles(db), search.facets(db),
                    read_rows(), record)

        def show(got: tuple[Any, ...]) -> None:
            texts, titles, facets, rows, record = got
            self.panel.set_articles(texts, titles)
            self._show_facets(facets)
            if show_rows(rows):
                self._kept(*keep)
            if not self.panel.dirty:
                self._panel_asked += 1
                self._fill_panel(record)
            if not self._shown_once:
                self._shown_once = True
                self.search_edit.setFocus()
            if then is not None:
                then()

        self.calls.ask(read, show, on_cancel=gave_up, step=step, doing="open the question bank")

    def _read(self, work: Callable[[], Any], done: Callable[[Any], None],
              gave_up: Callable[[], None] = lambda: None) -> None:
        """A read of the bank: on a slow server the bar offers Cancel (`gave_up()`), and a
        failure is its one line with Retry."""
        self.calls.ask(work, done, on_cancel=gave_up, step=False,
                       doing="read the question bank")

    def _refresh_facets(self) -> None:
        db = self.db
        self._read(lambda: search.facets(db), self._show_facets)

    def _show_facets(self, facets: search.Facets) -> None:
        self._categories = facets.categories
        self.panel.set_categories(facets.categories)
        with self._quietly():
            for combo, items in ((self.category_filter, [(c, c) for c in facets.categories]),
                                 (self.source_filter, [*facets.articles,
                                                       (search.NO_SOURCE, "No source")])):
                current = combo.currentData()
                while combo.count() > 1:
                    combo.removeItem(1)
                for value, label in items:
                    combo.addItem(label, value)
                combo.setCurrentIndex(max(combo.findData(current), 0))

    @contextmanager
    def _quietly(self) -> Iterator[None]:
        combos = (self.category_filter, self.source_filter)
        for c in combos:
            c.blockSignals(True)
        try:
            yield
        finally:
            for c in combos:
                c.blockSignals(False)

    def current_filter(self) -> search.Filter:
        """The search and filters as the widgets have them (the flaw filter's ids are found
        where the search runs: `_flawed`)."""
        return search.Filter(
            text=self.search_edit.text(), type=self.type_filter.currentData(),
            category=self.category_filter.currentData(),
            difficulty=self.difficulty_filter.currentData(),
            article=self.source_filter.currentData(), origin=self.origin_filter.currentData())

    def _flawed(self, which: str | None) -> Callable[[search.Filter], search.Filter] | None:
        """What completes a filter with the ids of the questions the checker flags ("flaws":
        any, "errors": errors only), checked afresh each time the filter applies (the bank may
        have changed); None without the flaw filter."""
        if which is None:
            return None
        db = self.db

        def refine(f: search.Filter) -> search.Filter:
            from quiz.core.audit import audit

            return replace(f, ids=frozenset(found.question for found in audit(db)
                                            if which == "flaws" or found.problem.is_error))

        return refine

    def apply_filter(self) -> None:
        """Show the questions matching the search and filters (now, not after the delay)."""
        self.search_timer.stop()
        self.model.filter = self.current_filter()
        self._reload(0, refine=self._flawed(self.flaw_filter.currentData()))

    def clear_search(self) -> None:
        """Show the whole bank."""
        for combo in (self.type_filter, self.category_filter, self.difficulty_filter,
                      self.source_filter, self.origin_filter, self.flaw_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self.apply_filter()

    def _reload(self, at_least: int, select: list[str] | None = None,
                refine: Callable[[search.Filter], search.Filter] | None = None) -> None:
        """Query the table again, keeping the selection (or selecting `select`, if every one
        of those rows is loaded: a bulk action on part of an import's rows would surprise)."""
        keep = self._keeping(select)
        self.model.reload(at_least, then=lambda: self._kept(*keep), refine=refine)

    def _keeping(self, select: list[str] | None = None
                 ) -> tuple[list[str], str | None, int, bool]:
        """What a reload keeps: the selection (or `select`), the current row, the scroll."""
        keep = select if select is not None else self.selected_ids()
        current = self.panel.record.id if self.panel.record else None
        return keep, current, self.table.verticalScrollBar().value(), select is not None

    def _kept(self, keep: list[str], current: str | None, scroll: int, chosen: bool) -> None:
        """After a reload: select again what `_keeping` noted, where it is still loaded."""
        if chosen and not set(keep) <= {row.id for row in self.model.rows}:
            keep = []
        self._select(keep, current if current in keep or not keep else keep[0])
        self.table.verticalScrollBar().setValue(scroll)
        record = self.panel.record
        if record is not None and not self.panel.dirty and self.model.row_of(record.id) < 0:
            # Filtered out of the table: don't go on editing a question nobody can see
            # (an unsaved edit stays in the panel until it is saved or discarded).
            self._show_in_panel(None)

    def _select(self, ids: list[str], current: str | None) -> None:
        sm = self.table.selectionModel()
        sm.blockSignals(True)
        try:
            selection = QItemSelection()
            rows = {r.id: i for i, r in enumerate(self.model.rows)}
            for qid in ids:
                row = rows.get(qid, -1)
                if row >= 0:
                    selection.select(self.model.index(row, 0),
                                     self.model.index(row, self.model.columnCount() - 1))
            sm.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            row = self.model.row_of(current) if current else -1
            sm.setCurrentIndex(self.model.index(row, 0) if row >= 0 else QModelIndex(),
                               QItemSelectionModel.SelectionFlag.NoUpdate)
        finally:
            sm.blockSignals(False)
        if row >= 0:
            self.table.scrollTo(self.model.index(row, 0))
        self._selection_changed()

    def _show_count(self, matching: int | None) -> None:
        if self.model.filter == search.Filter():  # no filter: that count is the total
            self.count_label.setText(f"{matching:,} question{'s' if matching != 1 else ''}")
        else:
            total = self.model.bank_total
            if matching is None:  # counting stopped there
                self.count_label.setText(f"More than {COUNT_CAP:,} of {total:,} questions match")
            else:
                self.count_label.setText(f"{matching:,} of {total:,} questions match")

    def selected_ids(self) -> list[str]:
        """The ids of the selected rows, top to bottom."""
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [qid for qid in (self.model.id_at(r) for r in rows) if qid is not None]

    def _selection_changed(self) -> None:
        ids = self.selected_ids()
        n = len(ids)
        for button in (self.duplicate_button, self.delete_button, self.bulk_button):
            button.setEnabled(n > 0)
        self.delete_action.setEnabled(n > 0)
        if n == 1 and self.panel.record is None and not self.panel.is_new:
            # One row selected and nothing open (it may be the current row already, after an
            # import selected rows: clicking it changes no current index): open it.
            self._show_in_panel(ids[0])
        else:
            self.panel.show_selected(n)

    def _show_in_panel(self, question_id: str | None) -> None:
        """Open question `question_id` (None: none) in the panel, as stored."""
        self._panel_asked += 1
        asked, typed, db = self._panel_asked, self._typed, self.db
        if question_id is None:
            self._fill_panel(None)
            return

        def show(rec: editing.Record | None) -> None:
            # Only the last question asked for; and what the user typed meanwhile stays.
            if asked == self._panel_asked and typed == self._typed:
                self._fill_panel(rec)

        self._read(lambda: editing.load(db, [question_id]).get(question_id), show)

    def _panel_edited(self) -> None:
        self._typed += 1

    def _fill_panel(self, rec: editing.Record | None) -> None:
        self.panel.show_record(rec)
        if rec is None:
            self.panel.show_selected(len(self.selected_ids()))

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        qid = self.model.id_at(current.row()) if current.isValid() else None
        if self.panel.record is not None and qid == self.panel.record.id:
            return
        if not self.settle(lambda: self._open_row(qid)):
            before = self.model.id_at(previous.row())
            self._select([before] if before else [], before)
            return
        self._open_row(qid)

    def _open_row(self, qid: str | None) -> None:
        if qid is not None:
            if self.selected_ids() != [qid] and self.model.row_of(qid) >= 0 \
                    and not self.table.selectionModel().isRowSelected(self.model.row_of(qid)):
                self._select([qid], qid)  # saving may have reloaded the table
            self._show_in_panel(qid)

    @property
    def writing(self) -> bool:
        """True while a change is on its way to the server (never on a local file)."""
        return self._writing is not None and self._writing.pending

    def settle(self, then: Callable[[], None] | None = None) -> bool:
        """Before leaving a question: save it if valid, or ask to discard it. True: go on now.
        False: stay, because the user chose to, or because a save is on its way to a server
        (then `then()` follows once the server has it; if it refuses, the edit stays)."""
        if self.writing:  # the last change first (it may be this very edit's save)
            self._after_write = then
            return False
        if not self.panel.dirty:
            return True
        if self.panel.valid:
            return self.save_current(then)
        if dialogs.Confirm.ask(self, "Discard changes?",
                               "This question has problems, so it cannot be saved:\n\n"
                               + "\n".join(self.panel.errors[k].text()
                                           for k in self.panel.errors
                                           if self.panel.errors[k].text())
                               + "\n\nDiscard your changes?", yes="Discard"):
            self.panel.revert()
            return True
        return False

    def _leave(self) -> None:
        if self.settle(self.back.emit):
            self.back.emit()

    def _focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    # -- changes ------------------------------------------------------------------------------

    def push(self, change: editing.Change) -> None:
        """Put a change that has been written on the undo stack (and show it)."""
        if change.empty:
            return
        self.undo_stack.push(ChangeCommand(self, change))

    def changed(self, change: editing.Change, now: tuple[editing.State, ...]) -> None:
        """Refresh after `change` was done, undone or redone (`now`: the states it left)."""
        present = [qid for qid, rec in now if rec is not None]
        if change.structural or any(rec and rec.category not in self._categories
                                    for _, rec in now):
            self._refresh_facets()
        if change.structural:
            self._reload(self.model.rowCount(), select=present or self.selected_ids())
        else:
            self.model.refresh_rows(change.ids)
            self.model.counted.emit(self.model.total)
        # The panel shows the question as it now is: the change's own state of it (what was
        # written), unless the user typed in the panel while a server took the change.
        states = dict(now)
        shown = self.panel.record.id if self.panel.record else None
        if self._typed == self._typed_when_written:
            if shown is not None and shown in states:
                self._panel_asked += 1
                self._fill_panel(states[shown])
            elif self.panel.is_new and len(present) == 1:
                self._panel_asked += 1
                self._fill_panel(states[present[0]])  # the new question, as stored
        self.status.setText(self._describe(change, now is change.before))

    @staticmethod
    def _describe(change: editing.Change, undone: bool) -> str:
        return f"Undone: {change.label}." if undone else f"{change.label}: done."

    def _write(self, work: Callable[[], Any], done: Callable[[Any], None], doing: str,
               title: str = "Cannot change the question bank",
               refused: Callable[[QuizError], None] | None = None) -> bool:
        """Run `work`, a write, then `done(value)`; True if it was done at once (a local
        file). One write waits at a time. A server that cannot be reached is one line on the
        wait bar with Retry; any other refusal a message titled `title` (or `refused(error)`).
        Nothing changed either way, so the undo stack and the panel stay as they were."""
        if self._writing is not None and self._writing.pending:
            self.status.setText("Still waiting for the server to take the last change.")
            return False
        now: list[bool] = []
        self._typed_when_written = self._typed

        def finished(value: Any) -> None:
            self._writing = None
            done(value)
            now.append(True)
            after, self._after_write = self._after_write, None
            if after is not None:
                after()

        def failed(error: QuizError) -> None:
            self._writing, self._after_write = None, None  # the user stays where they are
            self.status.clear()  # what it said was of the last change, not of this one
            if isinstance(error, ServerAway):
                self.calls.bar.show_failure(
                    plain(error, doing), lambda: self._write(work, done, doing, title, refused),
                    lambda: None)
            elif refused is not None:
                refused(error)
            else:
                dialogs.Inform.ask(self, title, str(error), error=True)

        self._writing = self.calls.ask(self._busily(_plainly(work)), finished, failed,
                                       write=True, doing=doing)
        return bool(now)

    def _run(self, operation: Callable[[], editing.Change],
             then: Callable[[], None] | None = None, doing: str = "save the change") -> bool:
        """Run an editing operation, push the change it made, then `then()` if it was done
        later (on a server); True if it was done at once. A problem is one plain message."""
        asked: list[bool] = []

        def done(change: editing.Change) -> None:
            self.push(change)
            if asked and then is not None:
                then()

        ok = self._write(operation, done, doing)
        asked.append(True)
        return ok

    def save_current(self, then: Callable[[], None] | None = None) -> bool:
        """Store the question in the panel (a new one is added); True if stored at once, else
        `then()` follows once the server has it (if it refuses, the edit stays in the panel)."""
        panel = self.panel
        if not panel.valid:
            return False
        draft, sources, db = panel.draft(), list(panel.sources), self.db
        if panel.is_new:
            return self._run(lambda: editing.add(db, draft, sources), then,
                             "add the question")
        record = panel.record
        assert record is not None
        return self._run(lambda: editing.save(db, record.id, draft, sources), then,
                         "save the question")

    def restore_current(self) -> None:
        """Put the panel's edited question back to its generated original."""
        record, db = self.panel.record, self.db
        if record is not None:
            self._run(lambda: editing.restore(db, record.id), doing="restore the question")

    def add_question(self) -> None:
        """Start a new question in the panel."""
        if not self.settle(self.add_question):
            return
        self._select([], None)
        category = (self.category_filter.currentData()
                    or (self.panel.record.category if self.panel.record else "")
                    or next(iter(self._categories), ""))
        self.panel.start_new(category, self.difficulty_filter.currentData() or "medium")

    def duplicate_selected(self) -> None:
        """Copy the selected questions."""
        ids, db = self.selected_ids(), self.db
        if ids and self.settle(self.duplicate_selected):
            self._run(lambda: editing.duplicate(db, ids), doing="copy the questions")

    def delete_selected(self) -> None:
        """Delete the selected questions (asking first when there are several)."""
        ids, db = self.selected_ids(), self.db
        if not ids:
            return
        if len(ids) > 1 and not dialogs.Confirm.ask(
                self, "Delete questions",
                f"Delete {len(ids):,} questions? You can undo this with Ctrl+Z.", yes="Delete"):
            return

        def deleted(change: editing.Change) -> None:
            if self.panel.record is not None and self.panel.record.id in ids:
                self.panel.show_record(None)  # its unsaved edits go with it
            self.push(change)

        self._write(lambda: editing.delete_questions(db, ids), deleted,
                    "delete the questions")

    def bulk_change_selected(self) -> None:
        """Set the category and/or difficulty of every selected question."""
        ids, db = self.selected_ids(), self.db
        if not ids or not self.settle(self.bulk_change_selected):
            return
        choice = dialogs.BulkChange.ask(self, self._categories, len(ids))
        if choice is None or choice == (None, None):
            return
        category, difficulty = choice
        self._run(lambda: editing.bulk_change(db, ids, category, difficulty),
                  doing="change the questions")

    def undo(self) -> None:
        """Undo the last change (unsaved edits in the panel are discarded first)."""
        if self.panel.dirty:
            self.panel.revert()
            self.status.setText("Unsaved changes discarded.")
            return
        if self.undo_stack.canUndo():
            self._move(self.undo_stack.index() - 1, undo=True)

    def redo(self) -> None:
        """Redo the last undone change."""
        if not self.panel.dirty and self.undo_stack.canRedo():
            self._move(self.undo_stack.index(), undo=False)

    def _move(self, index: int, undo: bool) -> None:
        """Undo or redo the command at `index`: write its states, then move the stack (so a
        server that refused leaves the stack where it was)."""
        command = self.undo_stack.command(index)
        assert isinstance(command, ChangeCommand)
        states, db = command.change.before if undo else command.change.after, self.db

        def moved(_none: None) -> None:
            if self.undo_stack.index() != (index + 1 if undo else index):
                return  # the stack moved meanwhile (it was cleared): nothing to show
            command.written = True
            (self.undo_stack.undo if undo else self.undo_stack.redo)()

        def refused(error: QuizError) -> None:  # the bank changed under the stack
            dialogs.Inform.ask(self, "Cannot undo" if undo else "Cannot redo",
                               f"{error}".splitlines()[0], error=True)
            self.undo_stack.clear()
            self.refresh()

        self._write(lambda: editing.apply(db, states), moved,
                    "undo the change" if undo else "redo the change", refused=refused)

    # -- files --------------------------------------------------------------------------------

    def _busily(self, work: Callable[[], Any]) -> Callable[[], Any]:
        """`work` under the wait cursor when it runs here, on the GUI thread (a local file);
        a server's runs on the worker, and the wait bar speaks for it."""
        if self.calls.queue.off_thread:
            return work

        def run() -> Any:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                return work()
            finally:
                QGuiApplication.restoreOverrideCursor()

        return run

    def import_file(self) -> None:
        """Choose a file, preview what it would change, and import it (all or nothing)."""
        from quiz.core import interchange

        if not self.settle(self.import_file):
            return
        path = dialogs.OpenFile.ask(self, "Import questions",
                                    "Question files (*.json *.csv *.apkg);;All files (*)")
        if path is None:
            return
        db = self.db

        def planned(plan: interchange.ImportPlan) -> None:
            if not ImportPreview.ask(self, plan) or not plan.ok:
                return
            self._write(lambda: interchange.import_file(db, path, plan.format, undoable=True),
                        imported, "import the questions", "Nothing was imported")

        def imported(report: interchange.ImportReport) -> None:
            summary = (f"Imported {path.name}: {report.added:,} added, "
                       f"{report.updated:,} updated, {report.unchanged:,} unchanged.")
            if report.uncited:
                summary += f" {report.uncited:,} came in uncited."
            if report.change is not None:
                self.push(report.change)
            else:
                self.undo_stack.clear()
                summary += " (Too large to undo.)"
            self.refresh()
            self.status.setText(summary)

        def unreadable(error: QuizError) -> None:
            if isinstance(error, ServerAway):
                self.calls.bar.show_failure(plain(error, "read the file against the bank"),
                                            lambda: planned_again(), lambda: None)
            else:
                dialogs.Inform.ask(self, "Cannot import", str(error), error=True)

        def planned_again() -> None:
            self.calls.ask(self._busily(lambda: interchange.plan_import(db, path)), planned,
                           unreadable, step=False)

        planned_again()

    def draft_from_article(self) -> None:
        """Draft questions from an article, review them, and add the accepted ones (one step
        on the undo stack)."""
        from quiz.core.draft import accept
        from quiz.ui.drafting.dialog import DraftDialog

        if not self.settle(self.draft_from_article):
            return
        chosen = DraftDialog.ask(self)
        if chosen is None:
            return
        articles, questions, db = *chosen, self.db

        def added(change: editing.Change) -> None:
            self.push(change)
            self.status.setText(f"Added {len(questions):,} drafted questions; they are in "
                                f"play from the next game.")

        self._write(lambda: accept.add(db, articles, questions), added,
                    "add the drafted questions")

    def export_file(self) -> None:
        """Write the whole bank to a file, in the format its name says (else the type chosen),
        and say what the format could not hold."""
        from quiz.core import formats, interchange

        choice = dialogs.ExportFile.ask(
            self, "Export questions", "kpop-quiz-bank.json",
            [(f, f"{LABELS[f]} (*{EXTENSIONS[f]})") for f in FORMATS])
        if choice is None:
            return
        path, chosen = choice
        fmt, db = formats.for_name(path, chosen), self.db

        def exported(report: formats.ExportReport) -> None:
            self.status.setText(f"Exported {report.written:,} questions to {path} "
                                f"({LABELS[fmt]})." + (f" Left out {report.left_out_count:,}."
                                                       if report.left_out_count else ""))
            if report.left_out_count:
                ExportReportDialog.ask(self, path, report)

        # A write (of the file): once it has begun, Cancel would not stop the file appearing.
        self._write(lambda: interchange.export_file(db, path, fmt), exported,
                    "export the questions", "Cannot export")


def _plainly(work: Callable[[], Any]) -> Callable[[], Any]:
    """`work`, with a refusal by the database (a constraint, say) as one plain QuizError."""
    def run() -> Any:
        try:
            return work()
        except SQLAlchemyError as exc:
            raise QuizError(f"the database refused the change ({type(exc).__name__})") from None

    return run
