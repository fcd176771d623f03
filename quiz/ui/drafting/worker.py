"""Drafting off the GUI thread: reads the file or pasted text, drafts, reports progress."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QThread, Signal

from quiz.core.errors import QuizError


class DraftWorker(QThread):
    """Reads and drafts one article; `done(list[Draft])`, `failed(str)` or `cancelled()`."""

    progressed = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, data: bytes, name: str, meta: object,
                 others: dict[str, list[str]] | None, parent: object = None) -> None:
        """`others`: same-kind answers of other articles (None: the shipped bank's)."""
        super().__init__(parent)  # type: ignore[arg-type]
        self.data, self.name, self.meta, self.others = data, name, meta, others
        self._stop = threading.Event()

    def cancel(self) -> None:
        """Ask the drafting to stop at its next progress step."""
        self._stop.set()

    def run(self) -> None:
        from quiz.core.draft.pipeline import Cancelled, draft_all, shipped_answers
        from quiz.core.draft.reader import read

        def step(done: int, total: int) -> bool:
            self.progressed.emit(done, total)
            return not self._stop.is_set()

        try:
            source = read(self.data, self.name, self.meta)  # type: ignore[arg-type]
            if self._stop.is_set():
                raise Cancelled
            others = self.others if self.others is not None else shipped_answers()
            self.done.emit((source, draft_all(source, others, progress=step)))
        except Cancelled:
            self.cancelled.emit()
        except QuizError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - one plain line in a dialog, never a traceback
            self.failed.emit(f"{self.name}: cannot draft from it ({type(exc).__name__})")


def read_file(path: Path) -> tuple[bytes, str]:
    """The bytes of an article file; QuizError (size, unreadable) in one line."""
    from quiz.core.draft.command import read_input

    return read_input(str(path))
