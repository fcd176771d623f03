"""Shared fixtures: headless Qt, a fresh seeded database per test, isolated settings."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

# Without a display Qt aborts the whole run unless told to draw offscreen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Nothing a test does may touch the real user's data folder or settings.
_SANDBOX = tempfile.mkdtemp(prefix="quiz-tests-")
os.environ["XDG_DATA_HOME"] = os.path.join(_SANDBOX, "data")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_SANDBOX, "config")
os.environ.pop("QUIZ_DB_URL", None)

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database seeded with the shipped bank, built once per run and copied per test."""
    from quiz.core.db import open_database

    path = tmp_path_factory.mktemp("template") / "quiz.sqlite3"
    open_database(f"sqlite:///{path}").dispose()
    return path


@pytest.fixture
def db_url(tmp_path: Path, seeded_template: Path) -> str:
    """URL of a fresh copy of the seeded database, private to this test."""
    target = tmp_path / "quiz.sqlite3"
    with sqlite3.connect(seeded_template) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return f"sqlite:///{target}"


@pytest.fixture
def db(db_url: str) -> Iterator[object]:
    """An open `Database` on a fresh seeded copy."""
    from quiz.core.db import open_database

    database = open_database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def settings(tmp_path: Path):
    """QSettings in a temporary INI file, so tests never see each other's window state."""
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
