"""Small modal questions. Each has a classmethod `ask` so tests can replace it (never exec())."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


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

