"""The import preview: what a file would add, update and reject (with each reason), before
anything is written. Import is all or nothing, so it is offered only when nothing is rejected."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from quiz.core.formats import LABELS
from quiz.core.interchange import MAX_UNDO, ImportPlan
from quiz.ui import theme


class ImportPreview(QDialog):
    """Counts of new, updated, unchanged and rejected questions, and why each was rejected."""

    def __init__(self, plan: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importPreview")
        self.setWindowTitle(f"Import {plan.path.name}")
        self.resize(640, 420)
        self.plan = plan
        heading = QLabel(f"{plan.path.name} — {LABELS.get(plan.format, plan.format)}, "
                         f"{plan.total:,} question{'s' if plan.total != 1 else ''}")
        theme.name(heading, "importHeading", "File to import")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        theme.scale_font(heading, 1.1, bold=True)

        grid = QGridLayout()
        self.counts: dict[str, QLabel] = {}
        rows = [("new", "New questions", plan.new), ("updated", "Updated", plan.updated),
                ("unchanged", "Unchanged", plan.unchanged),
                ("rejected", "Rejected", plan.rejected_count),
                ("articles", "New articles", plan.articles_new),
                ("uncited", "Coming in uncited (no source)", plan.uncited)]
        for i, (key, text, value) in enumerate(rows):
            label = QLabel(text)
            number = QLabel(f"{value:,}")
            theme.name(number, f"{key}Count", text)
            number.setAlignment(Qt.AlignmentFlag.AlignRight)
            if key == "rejected" and value:
                number.setStyleSheet("color: #d64545; font-weight: bold;")
            grid.addWidget(label, i, 0)
            grid.addWidget(number, i, 1)
            self.counts[key] = number
        grid.setColumnStretch(2, 1)
        # What the file held that an import does not keep (an Anki deck's images and sounds).
        self.notes = QLabel("\n".join(plan.notes))
        theme.name(self.notes, "importNotes", "What the import does not keep")
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.notes.setWordWrap(True)
        self.notes.setVisible(bool(plan.notes))

        self.reasons_label = QLabel("Rejected questions, and why:")
        self.reasons_label.setVisible(bool(plan.rejected_count))
        self.reasons = QListWidget()
        theme.name(self.reasons, "rejectionList", "Why questions were rejected")
        for r in plan.rejected:
            self.reasons.addItem(str(r))  # plain text: a list item never renders markup
        if plan.rejected_count > len(plan.rejected):
            self.reasons.addItem(f"… and {plan.rejected_count - len(plan.rejected):,} more")
        self.reasons.setVisible(bool(plan.rejected_count))

        self.verdict = QLabel()
        theme.name(self.verdict, "importVerdict", "What happens on import")
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = QPushButton("Import")
        theme.name(self.import_button, "importButton", "Import the file")
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        changes = plan.new + plan.updated + plan.articles_new
        if not plan.ok:
            self.verdict.setText("Nothing can be imported while any question is rejected "
                                 "(an import is all or nothing). Fix the rejected questions in "
                                 "the file and import it again.")
            self.import_button.setEnabled(False)
        elif not changes:
            self.verdict.setText("Everything in this file is already in the bank.")
            self.import_button.setEnabled(False)
        else:
            undo = ("You can undo it with Ctrl+Z." if plan.new + plan.updated <= MAX_UNDO
                    else "It is too large to undo.")
            self.verdict.setText(f"Import adds {plan.new:,} and updates {plan.updated:,} "
                                 f"question{'s' if plan.updated != 1 else ''}. {undo}")
            self.import_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(grid)
        layout.addWidget(self.notes)
        layout.addWidget(self.reasons_label)
        layout.addWidget(self.reasons, 1)
        layout.addWidget(self.verdict)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, plan: ImportPlan) -> bool:
        """True if the user chose to import."""
        return cls(plan, parent).exec() == QDialog.DialogCode.Accepted
