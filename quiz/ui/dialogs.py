"""Small modal questions. Each has a classmethod `ask` so tests can replace it (never exec())."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QWidget,
)


class Confirm:
    """A yes/no question with a default of No."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str, yes: str = "Yes") -> bool:
        """True if the user chose `yes`."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(title)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(text)
        yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        no_button = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no_button)
        box.setEscapeButton(no_button)
        box.exec()
        return box.clickedButton() is yes_button


class Inform:
    """A message the user acknowledges (errors named in one plain line)."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str, error: bool = False) -> None:
        """Show `text` as plain text until dismissed."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning if error else QMessageBox.Icon.Information)
        box.setWindowTitle(title)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(text)
        box.exec()


class SaveFile:
    """Where to save a file (the platform's save dialog, which asks before overwriting)."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, suggested: str, name_filter: str,
            suffix: str = "") -> Path | None:
        """The chosen path (with `suffix` added if the user typed none), or None if cancelled."""
        dialog = QFileDialog(parent, title, suggested, name_filter)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        if suffix:
            dialog.setDefaultSuffix(suffix)
        if not dialog.exec() or not dialog.selectedFiles():
            return None
        return Path(dialog.selectedFiles()[0])


class OpenFile:
    """Choose a file to read."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, filters: str) -> Path | None:
        """The chosen file, or None if the user cancelled."""
        name, _chosen = QFileDialog.getOpenFileName(parent, title, "", filters)
        return Path(name) if name else None


class ExportFile:
    """Choose where to write a file, and in which of several formats."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, suggested: str,
            formats: list[tuple[str, str]]) -> tuple[Path, str] | None:
        """(path, format key) for `formats` given as (key, "Label (*.ext)"); None if cancelled.

        The format's extension is added when the name has none.
        """
        filters = ";;".join(label for _key, label in formats)
        name, chosen = QFileDialog.getSaveFileName(parent, title, suggested, filters)
        if not name:
            return None
        key = next((k for k, label in formats if label == chosen), formats[0][0])
        path = Path(name)
        if not path.suffix:
            label = dict(formats)[key]
            path = path.with_suffix(label[label.rfind("*.") + 1:].rstrip(")"))
        return path, key


class BulkChange(QDialog):
    """Pick a new category and/or difficulty for several questions at once."""

    KEEP = "(keep as is)"

    def __init__(self, parent: QWidget | None, categories: list[str], count: int) -> None:
        super().__init__(parent)
        self.setWindowTitle("Change category or difficulty")
        intro = QLabel(f"Change {count} selected question{'s' if count != 1 else ''}:")
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.setObjectName("bulkCategoryCombo")
        self.category.setAccessibleName("New category")
        self.category.addItem(self.KEEP)
        self.category.addItems(categories)
        self.difficulty = QComboBox()
        self.difficulty.setObjectName("bulkDifficultyCombo")
        self.difficulty.setAccessibleName("New difficulty")
        self.difficulty.addItem(self.KEEP, None)
        for d in ("easy", "medium", "hard"):
            self.difficulty.addItem(d.capitalize(), d)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(intro)
        form.addRow("&Category", self.category)
        form.addRow("&Difficulty", self.difficulty)
        form.addRow(buttons)

    def choice(self) -> tuple[str | None, str | None]:
        """(category, difficulty); None for what stays as it is."""
        category = self.category.currentText().strip()
        return (None if category in ("", self.KEEP) else category,
                self.difficulty.currentData())

    @classmethod
    def ask(cls, parent: QWidget | None, categories: list[str],
            count: int) -> tuple[str | None, str | None] | None:
        """The chosen (category, difficulty), or None if cancelled."""
        dialog = cls(parent, categories, count)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
