"""Look and feel: the style sheet, icons and fonts that scale with the system font."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from quiz.core.paths import resources_dir


def icon(name: str, size: int = 32) -> QIcon:
    """An icon from resources/icons by file stem (e.g. "correct"), in colour even when disabled."""
    result = QIcon(str(resources_dir() / "icons" / f"{name}.svg"))
    # A disabled button would grey its icon out; the verdict must stay readable.
    result.addPixmap(result.pixmap(size, size), QIcon.Mode.Disabled)
    return result


def apply(app: QApplication) -> None:
    """Fusion style (it follows the system's light/dark palette) plus our style sheet."""
    app.setStyle("Fusion")
    app.setWindowIcon(icon("app"))
    app.setStyleSheet((resources_dir() / "style.qss").read_text(encoding="utf-8"))


def scale_font(widget: QWidget, factor: float, bold: bool = False) -> None:
    """Make `widget`'s font `factor` times the application font (so it follows system scaling)."""
    font = QFont(QApplication.font())
    size = font.pointSizeF()
    if size > 0:
        font.setPointSizeF(size * factor)
    else:
        font.setPixelSize(round(font.pixelSize() * factor))
    font.setBold(bold)
    widget.setFont(font)


def tooltip(text: str) -> str:
    """A tooltip that shows `text` literally.

    Qt renders a tooltip as rich text whenever it looks like HTML, so a question or player
    name such as "<b>x</b><img src=y>" would be interpreted; this escapes it into rich text
    of our own making, keeping its line breaks.
    """
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"


def name(widget: QWidget, object_name: str, accessible: str) -> None:
    """Give a widget the objectName tests address and the name screen readers speak.

    A label's visible text is what a screen reader must say (the question, the verdict, a
    count), so a label keeps its text as its name and `accessible` becomes its description
    (what the label is). Labels are switched to plain text here, once for all: Qt's default
    (AutoText) would render any string that looks like HTML, such as a player called "<b>x</b>".
    A push button is pressed by Enter as well as Space when it has focus (outside dialogs Qt
    only takes Space).
    """
    widget.setObjectName(object_name)
    if isinstance(widget, QLabel):
        if accessible != widget.text():  # a title needs no description repeating it
            widget.setAccessibleDescription(accessible)
        widget.setTextFormat(Qt.TextFormat.PlainText)
    else:
        widget.setAccessibleName(accessible)
    if isinstance(widget, QPushButton):
        widget.setAutoDefault(True)
