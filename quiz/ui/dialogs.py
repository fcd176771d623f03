"""Small modal questions. Each has a classmethod `ask` so tests can replace it (never exec())."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


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
