"""UI fixtures: the whole app on a fresh database, with a clock tests can move."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.pgserver import Server
    from tests.stallproxy import StallProxy


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


# -- the window on a PostgreSQL server behind a proxy that stalls (tests/ui/test_waiting*.py) --


@pytest.fixture
def proxy(pg_server: Server) -> Iterator[StallProxy]:
    """A proxy in front of the test server that a test stalls or cuts (tests/stallproxy.py)."""
    from sqlalchemy.engine import make_url

    from tests.stallproxy import StallProxy

    parsed = make_url(pg_server.admin_url)
    stall = StallProxy(parsed.host or "127.0.0.1", parsed.port or 5432)
    yield stall
    stall.close()


@pytest.fixture
def bank(pg_server: Server, pg_template: str) -> Iterator[str]:
    """A fresh seeded database on the server: its direct URL (the proxy's is derived)."""
    name = pg_server.create_database(template=pg_template)
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture
def win(qtbot, bank: str, proxy: StallProxy, settings, clock) -> Iterator[object]:
    """The whole window on `bank`, through the proxy, with nothing left to wait for."""
    from quiz.ui.main_window import create_main_window

    window = create_main_window(proxy.url(bank), settings=settings, clock=clock)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: not window.calls.queue.busy)
    yield window
    # pytest-qt has closed the window by now (a game still running went to the outbox)
    proxy.resume()
    window.calls.queue.close()
    window.db.dispose()
