"""The question checker in the editor: warnings shown without blocking Save, errors refused,
and the filter to the questions with flaws."""

from __future__ import annotations

import pytest

from quiz.core import editing
from quiz.ui.editor import EditorScreen
from tests.ui.test_editor import SHIPPED, open_question, stored, visible_errors


@pytest.fixture
def editor(window) -> EditorScreen:  # type: ignore[no-untyped-def]
    window.show_editor()
    return window._editor


def test_a_warning_is_shown_and_save_stays_possible(qtbot, editor: EditorScreen) -> None:  # type: ignore[no-untyped-def]
    open_question(qtbot, editor)
    panel = editor.panel
    panel.stem_edit.setPlainText("According to the second article, which service has the film?")
    shown = visible_errors(editor)
    assert shown == {"question": "Warning (unresolvable-reference): The question says 'the "
                                 "second article': name the publication or the source."}
    assert panel.save_button.isEnabled()
    panel.save_button.click()
    assert stored(editor).question.startswith("According to the second article")


def test_an_error_of_the_checker_blocks_saving(qtbot, editor: EditorScreen) -> None:  # type: ignore[no-untyped-def]
    open_question(qtbot, editor)
    panel = editor.panel
    before = stored(editor)
    panel.wrong_list.item(0).setText("the netflix")  # the answer, as the game would match it
    assert "is the same as the correct answer 'Netflix'" in visible_errors(editor)["wrong"]
    assert not panel.save_button.isEnabled()
    assert stored(editor) == before


def test_the_flaw_filter_lists_only_flawed_questions(qtbot, editor: EditorScreen) -> None:  # type: ignore[no-untyped-def]
    with_flaw = "released-in-june/multiple"
    rec = editing.load(editor.db, [with_flaw])[with_flaw]
    from dataclasses import replace

    editing.save(editor.db, with_flaw, replace(
        rec.draft(), question="Currently, in which month was it released?"), rec.sources)
    editor.flaw_filter.setCurrentIndex(editor.flaw_filter.findData("flaws"))
    qtbot.waitUntil(lambda: editor.model.rowCount() == 1)
    assert [r.id for r in editor.model.rows] == [with_flaw]
    assert editor.count_label.text() == f"1 of {SHIPPED} questions match"
    editor.flaw_filter.setCurrentIndex(editor.flaw_filter.findData("errors"))
    qtbot.waitUntil(lambda: editor.model.rowCount() == 0)
