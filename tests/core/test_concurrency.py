"""Two processes writing at once, and the command line working beside them.

Two forked processes (each what a running window does when a game ends: `history.save`)
save 500 games each into one bank while `quiz import`, `quiz export` and `quiz scores` run as
real commands beside them. Nobody may see "database is locked": writers queue on BEGIN
IMMEDIATE and the busy timeout instead of failing.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quiz.core.game import Card, mode
from tests.core.test_crash import play

WRITES = int(os.environ.get("QUIZ_CONCURRENT_WRITES", "500"))
ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.sqlite_only(
    reason="SQLite's write lock and busy timeout (two server clients: tests/core/test_postgres.py)"),
    pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork (POSIX)")]


def _writer(url: str, cards: list[Card], seed: int, out: int) -> None:
    from quiz.core import history
    from quiz.core.db import Database
    from quiz.core.leaderboard import top

    db = Database(url)
    rnd = random.Random(seed)
    saved, errors = 0, []
    for i in range(WRITES):
        try:
            history.save(db, f"Writer {seed}", play(cards, rnd))
            saved += 1
            if i % 50 == 0:
                top(db, "classic", 10)
        except Exception as exc:  # noqa: BLE001 - reported to the parent, which fails the test
            errors.append(f"{type(exc).__name__}: {exc}")
    os.write(out, json.dumps({"saved": saved, "errors": errors[:5],
                              "finished": time.time()}).encode())


def _fork_writer(url: str, cards: list[Card], seed: int) -> tuple[int, int]:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        code = 0
        try:
            os.close(read)
            _writer(url, cards, seed, write)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    return pid, read


def _collect(pid: int, read: int) -> dict[str, object]:
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    return dict(json.loads(b"".join(chunks)))


def quiz(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "quiz", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)


def test_two_writers_and_the_command_line_never_see_a_locked_database(db_url: str,
                                                                      tmp_path: Path) -> None:
    from quiz.core.bank import draw
    from quiz.core.db import open_database

    db = open_database(db_url)
    cards = draw(db, mode("practice"), "Concurrency", count=10, seed=3)
    db.dispose()
    path = Path(db_url.removeprefix("sqlite:///"))
    bank = tmp_path / "bank.csv"
    assert quiz("--db", db_url, "export", "--format", "csv", "-o", str(bank)).wait(120) == 0
    started, launched = time.perf_counter(), time.time()
    commands = [quiz("--db", db_url, "import", str(bank)),
                quiz("--db", db_url, "export", "-o", str(tmp_path / "out.json")),
                quiz("--db", db_url, "scores", "--json")]
    writers = [_fork_writer(db_url, cards, seed) for seed in (1, 2)]
    try:
        outputs = [c.communicate(timeout=120) for c in commands]
        commands_done = time.time()
    finally:
        results = [_collect(pid, read) for pid, read in writers]
    elapsed = time.perf_counter() - started
    for command, (_out, err) in zip(commands, outputs, strict=True):
        assert command.returncode == 0, err
        assert "locked" not in err and "busy" not in err
    for result in results:
        assert (result["saved"], result["errors"]) == (WRITES, [])
    # Side by side: the commands ran while the writers were still saving (not before, not after).
    last_writer = max(float(str(r["finished"])) for r in results)
    print(f"\ncommands done {commands_done - launched:.2f} s after launch, writers "
          f"{last_writer - launched:.2f} s")
    assert last_writer - launched > 1.0 and commands_done > launched + 0.3
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        counts = dict(conn.execute("SELECT p.name, count(*) FROM game g JOIN player p "
                                   "ON p.id = g.player_id GROUP BY p.name").fetchall())
    finally:
        conn.close()
    assert counts == {"Writer 1": WRITES, "Writer 2": WRITES}
    print(f"\n{2 * WRITES} concurrent game saves beside 3 commands in {elapsed:.1f} s")
