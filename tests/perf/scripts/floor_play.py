"""Baseline for the first question: a bare window, then import sqlmodel, open the same
database, run one select and paint the result. Timed as `quiz --smoke-test play` is."""

import json
import sys

from proc_clock import ms
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
label = QLabel("…")
window.setCentralWidget(label)
timings = {}


def load() -> None:
    timings["startup_ms"] = round(ms(), 1)
    from sqlmodel import create_engine

    engine = create_engine(sys.argv[1])
    with engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT question FROM question LIMIT 1").first()
    label.setText(row[0])
    label.repaint()
    timings["ready_ms"] = round(ms(), 1)
    print(json.dumps(timings), flush=True)
    app.quit()


class FirstPaint(QObject):
    done = False

    def eventFilter(self, obj, event):  # noqa: N802
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            QTimer.singleShot(0, load)
        return False


watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
app.exec()
