"""UI fixtures: the whole app on a fresh database, with a clock tests can move."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


class FakeClock:
    """A monotonic clock that only moves when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def window(qtbot, db_url, settings, clock) -> Iterator[object]:
    """The main window built through the `create_main_window` seam, shown."""
    from quiz.ui.main_window import create_main_window

    win = create_main_window(db_url, settings=settings, clock=clock)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    if win.db is not None:
        win.db.dispose()


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Dialogs never block a test: Confirm says yes, Inform records what it would show."""
    from quiz.ui import dialogs

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs.Confirm, "ask", classmethod(lambda cls, *a, **k: True))
    monkeypatch.setattr(dialogs.Inform, "ask",
                        classmethod(lambda cls, parent, title, text, error=False:
                                    shown.append((title, text))))
    return shown
