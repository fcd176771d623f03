"""Question bank -> "New from article…": draft off the GUI thread, review, add in one undo step."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from quiz.core import editing
from quiz.core.bank import draw_ids
from quiz.core.game import MODES
from quiz.ui.drafting.dialog import DraftDialog

ARTICLES = Path(__file__).parent.parent / "data" / "articles"


def _drafted(qtbot, dialog: DraftDialog) -> None:  # type: ignore[no-untyped-def]
    """Until the drafting thread has finished and the dialog has taken its result."""
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=60_000)


def test_drafts_from_a_file_are_reviewed_and_added_in_one_undoable_step(
        qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window.show_editor()
    editor = window._editor
    before = editor.model.total
    chosen: dict[str, object] = {}

    def review(cls, parent):  # type: ignore[no-untyped-def]
        dialog = DraftDialog(parent)
        qtbot.addWidget(dialog)
        dialog.load_file(ARTICLES / "news-page.html")
        dialog.draft_button.click()
        _drafted(qtbot, dialog)
        assert dialog.drafts.count() >= 8
        assert dialog.publication_edit.text() == "The Daily Reel"  # from the page's meta tags
        assert dialog.title_edit.text() == "Sing-along screenings of KPop Demon Hunters sell out"
        # The cited sentence is highlighted in the article.
        dialog.drafts.setCurrentRow(0)
        selection = dialog.article_view.extraSelections()[0]
        q = dialog.items[0]["question"]
        assert selection.cursor.selectedText() == q["sources"][0]["quote"]
        # Accept the first, reject the second, break and mend the third by editing it.
        dialog.accept_button.click()
        assert dialog.drafts.currentRow() == 1
        dialog.reject_button.click()
        dialog.drafts.setCurrentRow(2)
        dialog.question_edit.setPlainText("")
        assert "question: is empty" in dialog.warnings.text()
        dialog.drafts.item(2).setCheckState(Qt.CheckState.Checked)
        assert not dialog.items[2]["accepted"]  # a broken draft cannot be accepted
        dialog.question_edit.setPlainText("Edited: " + dialog.items[3]["question"]["question"])
        assert dialog.warnings.text() == ""
        dialog.accept_button.click()
        assert dialog.accepted_count() == 2
        assert dialog.add_button.text() == "Add 2 to the bank"
        chosen["ids"] = [i["question"]["id"] for i in dialog.items if i["accepted"]]
        return dialog.result_to_add()

    monkeypatch.setattr(DraftDialog, "ask", classmethod(review))
    editor.draft_button.click()
    ids = chosen["ids"]
    stored = editing.load(editor.db, ids)
    assert editor.model.total == before + 2 and set(stored) == set(ids)
    assert {r.origin for r in stored.values()} == {"drafted"}
    assert any(r.question.startswith("Edited: ") for r in stored.values())
    assert set(ids) <= set(draw_ids(editor.db, MODES["practice"], "Fan", count=300))
    assert "drafted" in editor.status.text()
    editor.undo()  # one step takes all of them back
    assert editor.model.total == before and editing.load(editor.db, ids) == {}


def test_pasted_text_accept_all_and_bad_input_named_in_the_dialog(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = DraftDialog()
    qtbot.addWidget(dialog)
    assert not dialog.draft_button.isEnabled()
    dialog.text_edit.setPlainText("Menu Home News")
    dialog.draft_button.click()
    _drafted(qtbot, dialog)
    assert "no article text" in dialog.message.text() and dialog.drafts.count() == 0
    dialog.text_edit.setPlainText((ARTICLES / "chart-report.txt").read_text())
    dialog.publication_edit.setText("Chart Weekly")
    dialog.draft_button.click()
    _drafted(qtbot, dialog)
    dialog.accept_all_button.click()
    assert dialog.accepted_count() == dialog.drafts.count() > 5
    articles, questions = dialog.result_to_add()
    assert articles[0]["publication"] == "Chart Weekly" and len(questions) == dialog.drafts.count()


def test_a_long_draft_shows_progress_keeps_the_window_live_and_can_be_cancelled(
        qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = DraftDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    # Long, and every sentence its own (a text repeated over and over is drafted quickly: its
    # facts are asked once).
    lines = [f"On night {i} of the tour, {1000 + 7 * i:,} fans filled the arena in Seoul, and "
             f"the encore ran {3 + i % 9} minutes, the organisers said." for i in range(3000)]
    dialog.text_edit.setPlainText((ARTICLES / "review.txt").read_text() + "\n" + "\n".join(lines))
    dialog.draft_button.click()
    assert not dialog.draft_button.isEnabled()  # one draft at a time
    # The event loop runs meanwhile: the timer that shows the bar fires, the bar moves.
    qtbot.waitUntil(lambda: dialog.progress.isVisible() and dialog.progress.value() > 0,
                    timeout=20_000)
    assert dialog.cancel_button.isVisible()
    dialog.cancel_button.click()
    _drafted(qtbot, dialog)
    assert "cancelled" in dialog.message.text() and dialog.drafts.count() == 0
    assert not dialog.progress.isVisible() and dialog.draft_button.isEnabled()
