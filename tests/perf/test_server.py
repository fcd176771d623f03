"""PostgreSQL against SQLite, same shipped bank, same machine: screens ready (ratios in one run).

The server is a throwaway one of this module's own, on loopback (tests/pgserver.py).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from quiz.core.db import open_database
from tests.perf import report
from tests.perf.harness import interleaved, quiz, url
from tests.perf.report import median
from tests.pgserver import Server

TARGET = 1.5


@pytest.fixture(scope="module")
def pg_bank() -> Iterator[str]:
    folder = Path(tempfile.mkdtemp(prefix="quiz-perf-pg-"))
    pg = Server.start(folder / "server")
    try:
        name = pg.create_database()
        open_database(pg.url(name)).dispose()
        yield pg.url(name)
    finally:
        pg.stop()
        shutil.rmtree(folder, ignore_errors=True)


def test_screens_on_the_server_are_ready_within_1_5x_of_sqlite(shipped_db: Path,
                                                               pg_bank: str) -> None:
    failures = []
    for screen in ("home", "play", "editor", "scores"):
        runs = interleaved({"sqlite": quiz("--db", url(shipped_db), "--smoke-test", screen),
                            "pg": quiz("--db", pg_bank, "--smoke-test", screen)}, runs=5)
        lite = median([float(t["ready_ms"]) for t, _ in runs["sqlite"]])
        pg = median([float(t["ready_ms"]) for t, _ in runs["pg"]])
        ratio = pg / lite
        report.record(f"PG {screen} ready, PostgreSQL vs SQLite", f"{pg:.0f} ms",
                      f"{lite:.0f} ms", f"{ratio:.2f}x", f"<= {TARGET}x", ratio <= TARGET)
        if ratio > TARGET:
            failures.append(screen)
    assert failures == []
