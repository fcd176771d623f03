"""The editor's export and import in the other tools' formats: the format from the name typed,
what a format leaves out shown to the user, and what an import could not keep."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.core import formats, interchange
from quiz.core.formats import ExportReport
from quiz.ui import dialogs
from quiz.ui.export_report import ExportReportDialog
from quiz.ui.import_preview import ImportPreview


@pytest.fixture
def reports(monkeypatch) -> list[ExportReport]:  # type: ignore[no-untyped-def]
    """The export reports the editor would show (the dialog never blocks a test)."""
    shown: list[ExportReport] = []
    monkeypatch.setattr(ExportReportDialog, "ask",
                        classmethod(lambda cls, parent, path, report: shown.append(report)))
    return shown


@pytest.mark.parametrize("fmt", formats.FORMATS)
def test_export_from_the_menu_in_every_format(qtbot, window, tmp_path: Path, monkeypatch,
                                              reports, fmt: str) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / f"out{formats.EXTENSIONS[fmt]}"
    monkeypatch.setattr(dialogs.ExportFile, "ask", classmethod(lambda cls, *a: (target, fmt)))
    window.export_action.trigger()
    assert target.exists() and not target.with_name(target.name + ".part").exists()
    status = window._editor.status.text()
    assert status.startswith("Exported ") and f"to {target} ({formats.LABELS[fmt]})" in status
    holds_all = fmt in ("json", "csv", "anki", "gift", "moodle", "quizlet")
    assert (reports == []) == holds_all
    if not holds_all:
        (report,) = reports
        assert report.format == fmt and report.left_out_count > 0
        assert f"Left out {report.left_out_count:,}." in status


def test_the_name_typed_wins_over_the_type_left_at_its_default(qtbot, window, tmp_path: Path,
                                                               monkeypatch, reports) -> None:  # type: ignore[no-untyped-def]
    # The bug: export.csv received bank JSON because the type list stayed at "JSON".
    target = tmp_path / "export.csv"
    monkeypatch.setattr(dialogs.ExportFile, "ask", classmethod(lambda cls, *a: (target, "json")))
    window.export_action.trigger()
    assert target.read_bytes().startswith(b"\xef\xbb\xbfid,type,category")
    assert interchange.plan_import(window.db, target).format == "csv"


def test_the_export_report_names_each_question_left_out(qtbot, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = interchange.export_file(db, tmp_path / "quiz.xlsx")
    dialog = ExportReportDialog(tmp_path / "quiz.xlsx", report)
    qtbot.addWidget(dialog)
    lines = [dialog.left_out.item(i).text() for i in range(dialog.left_out.count())]
    assert lines == report.left_out and len(lines) == report.left_out_count > 0
    assert dialog.why.text().endswith(f"(nothing is cut to fit): {report.reasons()}.")
    assert any(line.endswith("(a Kahoot quiz holds multiple choice and true/false)")
               for line in lines)


def test_the_import_preview_says_what_came_in_uncited_and_what_was_not_kept(
        qtbot, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.core.test_anki import anki_made_deck

    plan = interchange.plan_import(db, anki_made_deck(tmp_path, legacy=False))
    dialog = ImportPreview(plan, None)
    qtbot.addWidget(dialog)
    assert dialog.counts["uncited"].text() == "3" and dialog.counts["new"].text() == "3"
    assert not dialog.notes.isHidden()
    assert "media is not imported" in dialog.notes.text()
    assert dialog.import_button.isEnabled()
