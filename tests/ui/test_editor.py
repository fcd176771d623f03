"""The question bank editor: search, edit and validate, save, undo/redo, delete, import preview."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLabel, QWidget

from quiz.core import editing, interchange, search
from quiz.core.content import load_corpus
from quiz.core.editing import SourceRef
from quiz.core.generate import generate
from quiz.core.paths import questions_dir
from quiz.ui import dialogs
from quiz.ui.editor import EditorScreen
from quiz.ui.editor_table import COL_ANSWER, COL_QUESTION, QuestionTableModel
from quiz.ui.import_preview import ImportPreview

QID = "netflix-new-hit-movie/multiple"
SHIPPED = len(generate(load_corpus(questions_dir())))  # questions in the seeded bank


@pytest.fixture
def editor(window) -> EditorScreen:  # type: ignore[no-untyped-def]
    """The editor screen of the whole app, as the Game menu opens it."""
    window.show_editor()
    return window._editor


def row_of(editor: EditorScreen, qid: str) -> int:
    editor.search_edit.setText(qid.split("/")[0].replace("-", " "))
    editor.apply_filter()
    row = editor.model.row_of(qid)
    assert row >= 0, qid
    return row


def open_question(qtbot, editor: EditorScreen, qid: str = QID) -> None:  # type: ignore[no-untyped-def]
    row = row_of(editor, qid)
    editor.table.selectRow(row)
    qtbot.waitUntil(lambda: editor.panel.record is not None and editor.panel.record.id == qid)


def stored(editor: EditorScreen, qid: str = QID) -> editing.Record | None:
    return editing.load(editor.db, [qid]).get(qid)


def visible_errors(editor: EditorScreen) -> dict[str, str]:
    return {k: label.text() for k, label in editor.panel.errors.items() if label.isVisibleTo(
        editor.panel) and label.text()}


# -- the screen -------------------------------------------------------------------------------


def test_object_names_and_accessible_names(editor: EditorScreen) -> None:
    for name in ("questionTable", "searchEdit", "addQuestionButton", "deleteQuestionButton"):
        widget = editor.findChild(QWidget, name)
        assert widget is not None, name
        assert widget.accessibleName(), name


def test_first_rows_are_there_when_show_editor_returns(window) -> None:  # type: ignore[no-untyped-def]
    window.show_editor()
    assert window.stack.currentWidget() is window._editor
    assert window._editor.model.rowCount() > 0
    assert window._editor.count_label.text() == f"{SHIPPED} questions"


@pytest.mark.parametrize("force_py", [False, True])
def test_table_model_is_a_well_behaved_model(qtmodeltester, db, force_py: bool) -> None:  # type: ignore[no-untyped-def]
    model = QuestionTableModel(db, page_size=50)
    model.reload()
    qtmodeltester.check(model, force_py=force_py)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == model.total == SHIPPED
    assert len({r.id for r in model.rows}) == SHIPPED
    model.sort(COL_ANSWER, Qt.SortOrder.DescendingOrder)
    model.set_filter(search.Filter("sequel"))
    model.refresh_rows([r.id for r in model.rows[:3]])


def test_cells_are_plain_text(qtbot, editor: EditorScreen) -> None:  # type: ignore[no-untyped-def]
    old = stored(editor)
    assert old is not None
    editing.save(editor.db, QID, old.draft().__class__(**{
        **old.draft().__dict__, "question": "<b>Bold?</b> <img src=x> On which service?"}),
        old.sources)
    editor.refresh()
    row = row_of(editor, QID)
    text = editor.model.data(editor.model.index(row, COL_QUESTION))
    assert text == "<b>Bold?</b> <img src=x> On which service?"
    open_question(qtbot, editor)
    assert editor.panel.stem_edit.toPlainText().startswith("<b>Bold?</b>")
    for label in editor.findChildren(QLabel):
        assert label.textFormat() != Qt.TextFormat.RichText or "<" not in label.text()


# -- search -----------------------------------------------------------------------------------


def test_search_is_debounced_and_matches_quotes(qtbot, editor: EditorScreen) -> None:  # type: ignore[no-untyped-def]
    before = editor.model.rowCount()
    qtbot.keyClicks(editor.search_edit, "screens everyw")
    assert editor.model.rowCount() == before  # nothing ran per keystroke
    with qtbot.waitSignal(editor.model.modelReset, timeout=2000):
        pass
    ids = [r.id for r in editor.model.rows]
    assert QID in ids and len(ids) < before
    assert f"of {SHIPPED} questions match" in editor.count_label.text()


def test_a_common_word_is_counted_up_to_a_cap(qtbot, editor: EditorScreen, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """On a huge bank a common word's matches are counted up to COUNT_CAP, then "more than"
    (a cap of 5 here, on the shipped bank); the table still pages through all of them."""
    from quiz.core import search
    from quiz.ui import editor as editor_module
    from quiz.ui import editor_table

    monkeypatch.setattr(editor_table, "COUNT_CAP", 5)
    monkeypatch.setattr(editor_module, "COUNT_CAP", 5)
    monkeypatch.setattr(search, "COMMON", 2)
    exact = search.count(editor.db, search.Filter("the"))
    assert exact > 5
    with qtbot.waitSignal(editor.model.modelReset, timeout=2000):
        qtbot.keyClicks(editor.search_edit, "the")
    assert editor.count_label.text() == f"More than 5 of {SHIPPED} questions match"
    while editor.model.canFetchMore():
        editor.model.fetchMore()
    assert editor.model.rowCount() == exact
    editor.search_edit.clear()
    with qtbot.waitSignal(editor.model.modelReset, timeout=2000):
        qtbot.keyClicks(editor.search_edit, "zzzqqq")
    assert editor.count_label.text() == f"0 of {SHIPPED} questions match"


def test_filters_narrow_the_table(qtbot, editor: EditorScreen) -> None:  # type: ignore[no-untyped-def]
    editor.type_filter.setCurrentIndex(editor.type_filter.findData("boolean"))
    editor.difficulty_filter.setCurrentIndex(editor.difficulty_filter.findData("easy"))
    assert editor.model.rows and all(r.type == "boolean" and r.difficulty == "easy"
                                     for r in editor.model.rows)
    editor.source_filter.setCurrentIndex(editor.source_filter.findData(
        "sequel-talks-aria-charts"))
    narrowed = editor.model.total
    editor.category_filter.setCurrentIndex(editor.category_filter.findData("Sequel"))
    assert editor.model.total <= narrowed
    editor.clear_search()
    assert editor.model.total == SHIPPED


def test_clicking_a_header_sorts(qtbot, editor: EditorScreen) -> None:  # type: ignore[no-untyped-def]
    header = editor.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=_section_centre(header, COL_ANSWER))
    assert editor.model.order.column == "answer"
    answers = [r.answer.lower() for r in editor.model.rows]
    assert answers == sorted(answers, reverse=editor.model.order.descending)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=_section_centre(header, COL_ANSWER))
    again = [r.answer.lower() for r in editor.model.rows]
    assert again == sorted(again, reverse=editor.model.order.descending) and again != answers


def _section_centre(header, column):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint

    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    return QPoint(x, header.height() // 2)


# -- edit, validate, save ---------------------------------------------------------------------


def test_live_validation_blocks_saving(qtbot, editor: EditorScreen) -> None:  # type: ignore[no-untyped-def]
    open_question(qtbot, editor)
    panel = editor.panel
    assert not panel.save_button.isEnabled()  # nothing changed yet
    panel.answer_edit.clear()
    assert visible_errors(editor) == {"answer": "The correct answer is empty."}
    assert not panel.save_button.isEnabled()
    qtbot.keyClicks(panel.answer_edit, "Hulu")  # also one of the wrong answers
    assert "Wrong answer 3 is the same as the correct answer 'Hulu' once normalised." in \
        visible_errors(editor)["wrong"]
    panel.answer_edit.setText("Netflix")
    panel.stem_edit.setPlainText("")
    assert visible_errors(editor) == {"question": "The question is empty."}
    panel.stem_edit.setPlainText("Which streaming service has the film?")
    assert visible_errors(editor) == {} and panel.save_button.isEnabled()


def test_too_few_choices_and_duplicates(qtbot, editor: EditorScreen) -> None:  # type: ignore[no-untyped-def]
    open_question(qtbot, editor)
    panel = editor.panel
    panel.wrong_list.item(1).setText("disney+")
    assert "repeats another wrong answer" in visible_errors(editor)["wrong"]
    for _ in range(3):
        panel.wrong_list.setCurrentRow(0)
        panel.remove_wrong.click()
    assert panel.wrong_list.count() == 0
    assert "needs 1 to 3 wrong answers" in visible_errors(editor)["wrong"]
    panel.add_wrong.click()
    panel.wrong_list.item(0).setText("Max")
    assert visible_errors(editor) == {} and panel.save_button.isEnabled()


def test_reordering_wrong_answers(qtbot, editor: EditorScreen) -> None:  # type: ignore[no-untyped-def]
    open_question(qtbot, editor)
    panel = editor.panel
    first = panel.wrong_list.item(0).text()
    panel.wrong_list.setCurrentRow(0)
    panel.down_wrong.click()
    assert panel.wrong_list.item(1).text() == first
    panel.save_button.click()
    assert stored(editor).incorrect_answers[1] == first


def test_save_marks_edited_and_updates_the_row(qtbot, editor: EditorScreen) -> None:  # type: ignore[no-untyped-def]
    open_question(qtbot, editor)
    editor.panel.explanation_edit.setPlainText("Netflix, says the first article.")
    qtbot.mouseClick(editor.panel.save_button, Qt.MouseButton.LeftButton)
    rec = stored(editor)
    assert rec is not None and rec.origin == "edited"
    assert rec.explanation == "Netflix, says the first article."
    row = editor.model.row_of(QID)
    assert editor.model.data(editor.model.index(row, 6)) == "Edited"
    assert editor.panel.restore_button.isVisibleTo(editor.panel)
    editor.panel.restore_button.click()
    assert stored(editor).origin == "generated"
    assert not editor.panel.restore_button.isVisibleTo(editor.panel)


def test_choosing_a_quote_by_selecting_article_text(qtbot, editor: EditorScreen) -> None:  # type: ignore[no-untyped-def]
    open_question(qtbot, editor)
    panel = editor.panel
    panel.source_list.setCurrentRow(0)
    text = panel.texts[panel.sources[0].article]
    wanted = "Sony didn’t expect the film to become a breakout hit."
    start = text.index(wanted)
    panel.select_in_article(start - 1, start + len(wanted) + 1)  # with spaces around it
    assert panel.use_selection.isEnabled()
    panel.use_selection.click()
    assert panel.sources[0] == SourceRef(panel.sources[0].article, wanted, start,
                                         start + len(wanted))
    panel.save_button.click()
    src = stored(editor).sources[0]
    assert (src.quote, src.start, src.end) == (wanted, start, start + len(wanted))


def test_a_quote_not_in_its_article_cannot_be_saved(qtbot, editor: EditorScreen) -> None:  # type: ignore[no-untyped-def]
    open_question(qtbot, editor)
    panel = editor.panel
    panel.source_list.setCurrentRow(0)
    other = panel.article_combo.findData("sequel-talks-aria-charts")
    if panel.sources[0].article == "sequel-talks-aria-charts":
        other = panel.article_combo.findData("cluster-netflix-hit")
    panel.article_combo.setCurrentIndex(other)
    panel.article_combo.activated.emit(other)
    assert visible_errors(editor)["sources"] == (
        "The quote of source 1 is not found verbatim in the article.")
    assert not panel.save_button.isEnabled()
    assert not editor.save_current()


def test_add_a_question(qtbot, editor: EditorScreen) -> None:  # type: ignore[no-untyped-def]
    editor.add_button.click()
    panel = editor.panel
    assert panel.is_new and panel.heading.text() == "New question"
    assert not panel.save_button.isEnabled()
    panel.category_combo.setEditText("Sequel")
    panel.type_combo.setCurrentIndex(panel.type_combo.findData("text"))
    qtbot.keyClicks(panel.stem_edit, "Which company is Netflix in talks with about a sequel?")
    qtbot.keyClicks(panel.answer_edit, "Sony")
    panel.add_source.click()
    panel.article_combo.setCurrentIndex(panel.article_combo.findData("sequel-talks-aria-charts"))
    panel.article_combo.activated.emit(panel.article_combo.currentIndex())
    text = panel.texts["sequel-talks-aria-charts"]
    panel.select_in_article(0, text.index(",") if "," in text[:80] else 40)
    panel.use_selection.click()
    assert visible_errors(editor) == {} and panel.save_button.isEnabled()
    panel.save_button.click()
    assert not panel.is_new and panel.record is not None
    rec = stored(editor, panel.record.id)
    assert rec is not None and rec.origin == "user" and rec.sources[0].start == 0
    assert editor.model.total == SHIPPED + 1


def test_switching_rows_saves_a_valid_edit_and_asks_about_an_invalid_one(
        qtbot, editor: EditorScreen, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    open_question(qtbot, editor)
    editor.panel.explanation_edit.setPlainText("Saved on the way out.")
    other = "netflix-new-hit-movie/boolean"
    editor.table.selectRow(editor.model.row_of(other))
    qtbot.waitUntil(lambda: editor.panel.record is not None and editor.panel.record.id == other)
    assert stored(editor).explanation == "Saved on the way out."
    editor.panel.stem_edit.setPlainText("")  # now it cannot be saved
    asked: list[str] = []
    monkeypatch.setattr(dialogs.Confirm, "ask", classmethod(
        lambda cls, parent, title, text, yes="Yes": asked.append(text) is not None))
    editor.table.selectRow(editor.model.row_of(QID))
    assert asked and "cannot be saved" in asked[0]
    assert editor.panel.record.id == other and editor.panel.dirty  # stayed, edit kept


# -- undo / redo ------------------------------------------------------------------------------


def test_undo_and_redo_with_the_keyboard(qtbot, editor: EditorScreen) -> None:  # type: ignore[no-untyped-def]
    open_question(qtbot, editor)
    original = stored(editor)
    editor.panel.explanation_edit.setPlainText("First change.")
    editor.panel.save_button.click()
    editor.panel.difficulty_combo.setCurrentIndex(2)
    editor.panel.save_button.click()
    assert editor.undo_action.text() == "Undo edit question"
    editor.table.setFocus()
    qtbot.keyClick(editor.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(editor).explanation == "First change."
    qtbot.keyClick(editor.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(editor) == original
    assert editor.panel.explanation_edit.toPlainText() == original.explanation
    assert not editor.undo_action.isEnabled()
    qtbot.keyClick(editor.table, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert stored(editor).explanation == "First change."
    assert editor.panel.explanation_edit.toPlainText() == "First change."


def test_undo_discards_unsaved_panel_edits_first(qtbot, editor: EditorScreen) -> None:  # type: ignore[no-untyped-def]
    open_question(qtbot, editor)
    editor.panel.explanation_edit.setPlainText("Saved.")
    editor.panel.save_button.click()
    editor.panel.explanation_edit.setPlainText("Not saved.")
    editor.undo()
    assert editor.panel.explanation_edit.toPlainText() == "Saved." and not editor.panel.dirty
    editor.undo()
    assert stored(editor).explanation != "Saved."


# -- delete, duplicate, bulk change -----------------------------------------------------------


def select_rows(editor: EditorScreen, rows: list[int]) -> list[str]:
    from PySide6.QtCore import QItemSelectionModel

    sm = editor.table.selectionModel()
    sm.clearSelection()
    sm.setCurrentIndex(editor.model.index(rows[0], 0),
                       QItemSelectionModel.SelectionFlag.NoUpdate)
    for r in rows:
        sm.select(editor.model.index(r, 0), QItemSelectionModel.SelectionFlag.Select
                  | QItemSelectionModel.SelectionFlag.Rows)
    return editor.selected_ids()


def test_delete_many_asks_and_can_be_undone(qtbot, editor: EditorScreen,
                                            monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ids = select_rows(editor, [0, 1, 2])
    asked: list[str] = []
    monkeypatch.setattr(dialogs.Confirm, "ask", classmethod(
        lambda cls, parent, title, text, yes="Yes": asked.append(text) is None and False))
    editor.delete_button.click()
    assert asked == ["Delete 3 questions? You can undo this with Ctrl+Z."]
    assert editor.model.total == SHIPPED  # cancelled
    monkeypatch.setattr(dialogs.Confirm, "ask", classmethod(lambda cls, *a, **k: True))
    editor.delete_button.click()
    assert editor.model.total == SHIPPED - 3 and editing.load(editor.db, ids) == {}
    assert editor.count_label.text() == f"{SHIPPED - 3} questions"
    editor.undo()
    assert editor.model.total == SHIPPED and set(editing.load(editor.db, ids)) == set(ids)
    assert editor.selected_ids() == ids


def test_delete_one_with_the_delete_key_needs_no_confirmation(
        qtbot, editor: EditorScreen, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(dialogs.Confirm, "ask", classmethod(
        lambda cls, *a, **k: pytest.fail("asked")))
    (qid,) = select_rows(editor, [4])
    editor.table.setFocus()
    qtbot.keyClick(editor.table, Qt.Key.Key_Delete)
    assert stored(editor, qid) is None and editor.model.total == SHIPPED - 1


def test_duplicate_and_bulk_change(qtbot, editor: EditorScreen, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ids = select_rows(editor, [0, 1])
    editor.duplicate_button.click()
    assert editor.model.total == SHIPPED + 2
    monkeypatch.setattr(dialogs.BulkChange, "ask", classmethod(
        lambda cls, parent, categories, count: ("Fans & Culture", "hard")))
    select_rows(editor, [editor.model.row_of(i) for i in ids])
    editor.bulk_button.click()
    for rec in editing.load(editor.db, ids).values():
        assert (rec.category, rec.difficulty) == ("Fans & Culture", "hard")
    editor.undo()
    assert {r.difficulty for r in editing.load(editor.db, ids).values()} != {"hard"}
    editor.undo()
    assert editor.model.total == SHIPPED


# -- import and export ------------------------------------------------------------------------


def bank_file(editor: EditorScreen, tmp_path: Path, bad: bool = False) -> Path:
    path = tmp_path / "bank.json"
    with path.open("w", encoding="utf-8") as fh:
        interchange.export_bank(editor.db, fh)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["questions"].append(dict(data["questions"][0], id="imported-1",
                                  question="A question that came from a file?"))
    data["questions"][1]["explanation"] = "Updated by the file."
    if bad:
        data["questions"].append(dict(data["questions"][0], id="broken", correct_answer=""))
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_import_preview_shows_counts_and_reasons(qtbot, editor: EditorScreen,
                                                 tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = interchange.plan_import(editor.db, bank_file(editor, tmp_path, bad=True))
    dialog = ImportPreview(plan, editor)
    qtbot.addWidget(dialog)
    assert (dialog.counts["new"].text(), dialog.counts["updated"].text(),
            dialog.counts["rejected"].text()) == ("1", "1", "1")
    assert dialog.reasons.item(0).text() == "question broken: correct_answer: is empty"
    assert not dialog.import_button.isEnabled()
    assert "all or nothing" in dialog.verdict.text()
    good = ImportPreview(interchange.plan_import(editor.db, bank_file(editor, tmp_path)), editor)
    qtbot.addWidget(good)
    assert good.import_button.isEnabled() and good.reasons.isHidden()


def test_import_from_the_menu_previews_then_applies_and_undoes(
        qtbot, window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window.show_editor()
    editor = window._editor
    path = bank_file(editor, tmp_path)
    shown: list[interchange.ImportPlan] = []
    monkeypatch.setattr(dialogs.OpenFile, "ask", classmethod(lambda cls, *a: path))
    monkeypatch.setattr(ImportPreview, "ask", classmethod(
        lambda cls, parent, plan: shown.append(plan) is None))
    window.import_action.trigger()
    assert (shown[0].new, shown[0].updated, shown[0].rejected_count) == (1, 1, 0)
    assert editor.model.total == SHIPPED + 1 and stored(editor, "imported-1") is not None
    assert editor.status.text().startswith("Imported bank.json: 1 added, 1 updated")
    selected = editor.selected_ids()  # what the import touched, ready to act on
    assert len(selected) == 2 and "imported-1" in selected
    assert editor.panel.heading.text() == "2 questions selected"
    editor.table.selectRow(editor.model.row_of("imported-1"))
    assert editor.panel.heading.text() == "Edit question"
    editor.undo()
    assert editor.model.total == SHIPPED and stored(editor, "imported-1") is None


def test_an_import_beyond_the_loaded_rows_selects_none_of_them(
        qtbot, window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The table holds the first pages only: selecting the part of an import that happens to
    be loaded would let Delete take some of its questions and not the others."""
    window.show_editor()
    editor = window._editor
    path = bank_file(editor, tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["questions"] = [dict(data["questions"][0], id=f"a-{i:04d}",  # first in the table
                              question=f"Imported question number {i}?") for i in range(700)]
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(dialogs.OpenFile, "ask", classmethod(lambda cls, *a: path))
    monkeypatch.setattr(ImportPreview, "ask", classmethod(lambda cls, parent, plan: True))
    window.import_action.trigger()
    assert editor.model.total == SHIPPED + 700 and editor.model.rowCount() < SHIPPED + 700
    assert editor.selected_ids() == [] and not editor.delete_button.isEnabled()
    assert editor.panel.heading.text() == "No question selected"
    assert editor.status.text().startswith("Imported bank.json: 700 added")


def test_a_rejected_import_changes_nothing(qtbot, editor: EditorScreen, tmp_path: Path,
                                          monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = bank_file(editor, tmp_path, bad=True)
    monkeypatch.setattr(dialogs.OpenFile, "ask", classmethod(lambda cls, *a: path))
    monkeypatch.setattr(ImportPreview, "ask", classmethod(lambda cls, parent, plan: True))
    editor.import_file()
    assert editor.model.total == SHIPPED and stored(editor, "imported-1") is None


def test_an_unreadable_file_is_one_plain_message(qtbot, editor: EditorScreen, tmp_path: Path,
                                                 monkeypatch, no_modal_dialogs) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "nope.json"
    path.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(dialogs.OpenFile, "ask", classmethod(lambda cls, *a: path))
    editor.import_file()
    (title, text), = no_modal_dialogs
    assert title == "Cannot import" and str(path) in text and "\n" not in text


@pytest.mark.parametrize("fmt", ["json", "csv"])  # every other format: test_exchange.py
def test_export_from_the_menu(qtbot, window, tmp_path: Path, monkeypatch, fmt: str) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / f"out.{fmt}"
    monkeypatch.setattr(dialogs.ExportFile, "ask", classmethod(lambda cls, *a: (target, fmt)))
    window.export_action.trigger()
    assert target.exists() and not (tmp_path / f"out.{fmt}.part").exists()
    plan = interchange.plan_import(window.db, target)
    assert (plan.format, plan.unchanged, plan.rejected_count) == (fmt, SHIPPED, 0)
    assert f"Exported {SHIPPED} questions to {target}" in window._editor.status.text()


# -- a bank of 100,000 questions --------------------------------------------------------------


@pytest.fixture
def big_editor(qtbot, tmp_path: Path, tmp_path_factory) -> EditorScreen:  # type: ignore[no-untyped-def]
    from quiz.core.db import open_database
    from tests.core.test_search import big_bank_template

    target = tmp_path / "big.sqlite3"
    with sqlite3.connect(big_bank_template(tmp_path_factory)) as src, \
            sqlite3.connect(target) as dst:
        src.backup(dst)
    db = open_database(f"sqlite:///{target}")
    screen = EditorScreen(db)
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.show()
    screen.refresh()
    yield screen
    db.dispose()


def test_find_fix_and_undo_in_100000_questions(qtbot, big_editor: EditorScreen) -> None:  # type: ignore[no-untyped-def]
    editor = big_editor
    assert editor.model.rowCount() == search.PAGE and editor.model.total >= 100_000
    qtbot.keyClicks(editor.search_edit, "zq77777x")
    qtbot.waitUntil(lambda: [r.id for r in editor.model.rows] == ["bulk-077777"], timeout=3000)
    editor.table.selectRow(0)
    qtbot.waitUntil(lambda: editor.panel.record is not None)
    before = stored(editor, "bulk-077777")
    editor.panel.answer_edit.setText("the fixed answer")
    editor.panel.save_button.click()
    assert stored(editor, "bulk-077777").correct_answer == "the fixed answer"
    assert editor.model.data(editor.model.index(0, COL_ANSWER)) == "the fixed answer"
    editor.undo()
    assert stored(editor, "bulk-077777") == before


def test_going_home_saves_a_valid_open_edit(qtbot, window, editor: EditorScreen) -> None:  # type: ignore[no-untyped-def]
    open_question(qtbot, editor)
    editor.panel.stem_edit.setPlainText("Which streaming service made the film a hit?")
    window.show_home()
    assert window.stack.currentWidget() is window.home
    assert stored(editor).question == "Which streaming service made the film a hit?"


def test_closing_with_an_invalid_edit_asks_and_can_stay(qtbot, window, editor: EditorScreen,  # type: ignore[no-untyped-def]
                                                       monkeypatch) -> None:
    open_question(qtbot, editor)
    before = stored(editor).question
    editor.panel.stem_edit.setPlainText("")  # cannot be saved
    asked: list[str] = []
    monkeypatch.setattr(dialogs.Confirm, "ask", classmethod(
        lambda cls, parent, title, text, yes="Yes": asked.append(title) is not None))
    assert not window.close()  # "Discard changes?" -> no: the window stays open
    assert asked == ["Discard changes?"] and window.isVisible()
    assert stored(editor).question == before
    monkeypatch.setattr(dialogs.Confirm, "ask", classmethod(lambda cls, *a, **k: True))
    assert window.close()
    assert stored(editor).question == before


def test_a_question_searched_out_of_the_table_leaves_the_panel(qtbot, editor: EditorScreen) -> None:  # type: ignore[no-untyped-def]
    open_question(qtbot, editor)
    editor.search_edit.setText("zzzz nothing matches this")
    editor.apply_filter()
    assert editor.model.rowCount() == 0
    assert editor.panel.record is None
