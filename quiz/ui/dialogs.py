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

_ICON_NAMES = {QMessageBox.Icon.Question: "Question", QMessageBox.Icon.Warning: "Warning",
               QMessageBox.Icon.Information: "Information", QMessageBox.Icon.Critical: "Error"}


def message_box(parent: QWidget | None, icon: QMessageBox.Icon, title: str,
                text: str) -> QMessageBox:
    """A message box showing `text` as plain text, its icon named for screen readers."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    picture = box.findChild(QLabel, "qt_msgboxex_icon_label")
    if picture is not None:  # Qt's own label: a picture with no name
        picture.setAccessibleName(_ICON_NAMES.get(icon, "Message"))
    return box


class Confirm:
    """A yes/no question with a default of No."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str, yes: str = "Yes") -> bool:
        """True if the user chose `yes`."""
        box = message_box(parent, QMessageBox.Icon.Question, title, text)
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
        icon = QMessageBox.Icon.Warning if error else QMessageBox.Icon.Information
        message_box(parent, icon, title, text).exec()


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


class RecoverDatabase:
    """The bank is damaged: restore the newest backup, start a fresh bank, or quit."""

    RESTORE = "restore"
    FRESH = "fresh"

    @classmethod
    def ask(cls, parent: QWidget | None, problem: str, latest: str | None) -> str | None:
        """RESTORE, FRESH, or None to quit and change nothing. `latest` labels the newest
        backup (None when there is none, and restoring is not offered)."""
        box = message_box(parent, QMessageBox.Icon.Warning, "The question bank is damaged",
                          problem[:1].upper() + problem[1:] + ".")
        box.setInformativeText(
            "The damaged file will be kept aside, never deleted. "
            + (f"The newest backup is from {latest}." if latest else "There is no backup yet."))
        restore = box.addButton("Restore the newest backup",
                                QMessageBox.ButtonRole.AcceptRole) if latest else None
        fresh = box.addButton("Start a fresh bank", QMessageBox.ButtonRole.DestructiveRole)
        quit_button = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore or quit_button)
        box.setEscapeButton(quit_button)
        box.exec()
        clicked = box.clickedButton()
        if restore is not None and clicked is restore:
            return cls.RESTORE
        return cls.FRESH if clicked is fresh else None


class ChooseBackup:
    """Pick one of the bank's backups to restore."""

    @classmethod
    def ask(cls, parent: QWidget | None, backups: list[tuple[str, Path]]) -> Path | None:
        """The chosen backup file from (label, path) pairs, newest first; None if cancelled."""
        from PySide6.QtWidgets import QInputDialog

        labels = [label for label, _path in backups]
        label, ok = QInputDialog.getItem(
            parent, "Restore from backup",
            "Replace the question bank and scores with the backup from:\n"
            "(the current bank is backed up first)", labels, 0, False)
        if not ok or label not in labels:
            return None
        return backups[labels.index(label)][1]
