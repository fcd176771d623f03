"""Where the shipped data lives and where the user's database goes."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def _data_dir(name: str) -> Path:
    # An installed wheel carries the folders inside the package; a checkout has them at the top.
    bundled = _PACKAGE / "_data" / name
    return bundled if bundled.is_dir() else _PACKAGE.parent / name


def questions_dir() -> Path:
    """The folder holding `articles/` and `facts.toml`."""
    return _data_dir("questions")


def resources_dir() -> Path:
    """The folder holding icons and style sheets."""
    return _data_dir("resources")


def user_data_dir() -> Path:
    """The per-user data folder (platformdirs), e.g. ~/.local/share/kpop-demon-hunters-quiz."""
    from platformdirs import user_data_path

    return user_data_path("kpop-demon-hunters-quiz", appauthor=False)


def default_db_url() -> str:
    """`QUIZ_DB_URL` if set, else a SQLite file in the user data folder."""
    env = os.environ.get("QUIZ_DB_URL")
    if env:
        return env
    return f"sqlite:///{user_data_dir() / 'quiz.sqlite3'}"
