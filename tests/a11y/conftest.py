"""The real accessibility bus: one desktop (Xvfb, openbox, D-Bus, AT-SPI) for the whole run,
and the quiz running in it for each test module. Missing tools fail the tests, naming the
Debian packages to install; nothing is skipped."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.a11y.session import App, Desktop, missing


@pytest.fixture(scope="session")
def desktop() -> Iterator[Desktop]:
    problem = missing()
    if problem:
        pytest.fail(problem, pytrace=False)
    started = Desktop().start()
    yield started
    started.stop()


@pytest.fixture(scope="module")
def app(desktop: Desktop, seeded_template: Path,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """The quiz on a fresh copy of the seeded bank, with Qt's accessibility on."""
    home = tmp_path_factory.mktemp("a11y-app")
    target = home / "quiz.sqlite3"
    with sqlite3.connect(seeded_template) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    running = App(desktop, f"sqlite:///{target}", home)
    yield running
    running.stop()
