"""The Qt binding itself must not corrupt the interpreter over a long session."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_calls_keep_the_reference_to_none(qtbot) -> None:
    # PySide6 6.12.0 on Python 3.11 decremented None's reference count on every call of a
    # void method; after some tens of thousands of calls the process aborted. (pyproject pins
    # below it.) Python 3.12+ makes None immortal, where this check cannot fail.
    label = QLabel("x")
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("y")
        label.update()
    assert sys.getrefcount(None) >= before - 50
