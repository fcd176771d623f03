"""Baseline for cold start: an empty QMainWindow, timed exactly as `quiz --smoke-test` is."""

import json
import sys

from proc_clock import ms
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()


class FirstPaint(QObject):
    def eventFilter(self, obj, event):  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            print(json.dumps({"startup_ms": round(ms(), 1)}), flush=True)
            QTimer.singleShot(0, app.quit)
        return False


watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
app.exec()
