"""Soak: 1,000 SIGKILLs of a process saving games (see tests/core/test_crash.py).

Part of the benchmark suite (`python -m pytest tests/perf`), not of the default run, which
does 200. `QUIZ_SOAK_KILLS` changes the count.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from tests.core.test_crash import run_kills

KILLS = int(os.environ.get("QUIZ_SOAK_KILLS", "1000"))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork (POSIX)")
def test_soak_a_thousand_kills(tmp_path: Path, shipped_db: Path) -> None:
    path = tmp_path / "quiz.sqlite3"
    with sqlite3.connect(shipped_db) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    report = run_kills(path, KILLS, seed=11)
    print(f"\nsoak: {report.kills} kills in {report.seconds:.1f} s; {report.logged} games "
          f"logged and all present, {report.games} stored, integrity ok after every kill")
    assert report.kills == KILLS
    assert report.logged >= KILLS // 5
