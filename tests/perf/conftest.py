"""Benchmark suite fixtures: the shipped bank and the million-question bank; the results table.

Run with `python -m pytest tests/perf` (see the README). Every target is a ratio against a
baseline measured in the same run, because absolute times drift on shared machines; the table
of results is printed at the end.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.perf import realistic, report, synthetic


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    if not report.ROWS:
        return
    terminalreporter.section("performance targets")
    for line in report.table():
        terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def shipped_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding only the shipped bank."""
    path = tmp_path_factory.mktemp("shipped") / "quiz.sqlite3"
    synthetic.seeded_copy(path)
    return path


@pytest.fixture(scope="session")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the cached million-question bank (runs may write to it)."""
    cached = synthetic.big_bank()
    path = tmp_path_factory.mktemp("big") / "quiz.sqlite3"
    with sqlite3.connect(cached) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    return path


@pytest.fixture(scope="session")
def realistic_bank() -> Path:
    """The cached realistic-shape million-question bank JSON file (read only)."""
    return realistic.bank_file()
