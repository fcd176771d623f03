"""What screen readers and keyboard users need beyond what Qt does by default.

- `announce` speaks a message without moving focus (Qt's announcement event, Qt 6.8 and
  later; on older Qt the callers also put the message where focus lands).
- `tell_field` ties an error message to the field it is about: the field's description
  carries it, so it is heard when the field is focused, and it is announced once.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLineEdit, QToolButton, QWidget

try:  # Qt 6.8+
    from PySide6.QtGui import QAccessibleAnnouncementEvent
except ImportError:  # pragma: no cover - older Qt: focus carries the message instead
    QAccessibleAnnouncementEvent = None  # type: ignore[assignment, misc]

_PLAIN_DESCRIPTION = "a11yPlainDescription"


def announce(source: QObject, message: str, assertive: bool = False) -> bool:
    """Ask screen readers to speak `message` (from `source`'s place in the tree).

    Returns False when this Qt cannot announce (then the caller's focus move must carry it).
    """
    if QAccessibleAnnouncementEvent is None or not message:
        return False
    event = QAccessibleAnnouncementEvent(source, message)
    if assertive:
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
    QAccessible.updateAccessibility(event)
    return True


def tell_field(field: QWidget, message: str) -> None:
    """Tie `message` (an error about `field`, or "" once fixed) to the field for screen readers.

    The field's own description is kept and the message put before it; a new message is also
    announced, so a problem found while typing is heard without leaving the field.
    """
    plain = field.property(_PLAIN_DESCRIPTION)
    if plain is None:
        plain = field.accessibleDescription()
        field.setProperty(_PLAIN_DESCRIPTION, plain)
    before = field.accessibleDescription()
    now = f"{message} {plain}".strip() if message else str(plain)
    if now != before:
        field.setAccessibleDescription(now)
        if message:
            announce(field, message)


def name_clear_button(edit: QLineEdit, name: str) -> None:
    """Give the clear icon Qt draws in a line edit (setClearButtonEnabled) a name."""
    for button in edit.findChildren(QToolButton):
        button.setAccessibleName(name)
        button.setToolTip(name)
