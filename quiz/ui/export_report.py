"""After an export that left questions out: how many were written, and which were not and why
(a format such as Kahoot's spreadsheet cannot hold every question, and never cuts one to fit)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from quiz.core.formats import LABELS, ExportReport
from quiz.ui import theme


class ExportReportDialog(QDialog):
    """The export's summary, and the questions it left out, each with the reason."""

    def __init__(self, path: Path, report: ExportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportReport")
        self.setWindowTitle(f"Exported {path.name}")
        self.resize(680, 420)
        label = LABELS[report.format]
        heading = QLabel(f"{report.written:,} question{'s' if report.written != 1 else ''} "
                         f"written to {path.name} ({label}).")
        theme.name(heading, "exportHeading", "What was exported")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        theme.scale_font(heading, 1.1, bold=True)
        count = report.left_out_count
        why = QLabel(f"{count:,} question{'s' if count != 1 else ''} left out, because {label} "
                     f"cannot hold them (nothing is cut to fit): {report.reasons()}.")
        why.setTextFormat(Qt.TextFormat.PlainText)
        why.setWordWrap(True)
        self.why = why
        self.left_out = QListWidget()
        self.left_out.setWordWrap(True)
        theme.name(self.left_out, "leftOutList", "Questions left out, and why")
        for line in report.left_out:
            self.left_out.addItem(line)  # plain text: a list item never renders markup
        if report.left_out_count > len(report.left_out):
            self.left_out.addItem(f"… and {report.left_out_count - len(report.left_out):,} more")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(why)
        layout.addWidget(self.left_out, 1)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, path: Path, report: ExportReport) -> None:
        """Show the report until dismissed."""
        cls(path, report, parent).exec()
