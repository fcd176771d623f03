"""Load: 30 student processes each finish 20 games against one PostgreSQL server at once.

Some clients are killed with SIGKILL in the middle of their run (and started again, as a student
would reopen the app), and the server is stopped and started again mid-run. Afterwards: every
game a client logged as finished is on the server exactly once (the outbox and `game_key`), no
game is partial (all its answers or none of it), and the leaderboard's ranks agree with the
stored scores. `QUIZ_LOAD_CLIENTS` / `QUIZ_LOAD_GAMES` change the size (default 30 x 20).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from quiz.core import leaderboard, server
from quiz.core.db import open_database
from tests.dbtools import rows
from tests.pgserver import Server

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = int(os.environ.get("QUIZ_LOAD_CLIENTS", "30"))
GAMES = int(os.environ.get("QUIZ_LOAD_GAMES", "20"))
KILLED = max(1, CLIENTS // 6)


def _start(url: str, folder: Path, i: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.perf.load_client", url, str(folder / f"outbox{i}.sqlite3"),
         str(folder / f"log{i}.txt"), str(GAMES), str(i)], cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=open(folder / f"err{i}.txt", "ab"))  # noqa: SIM115


def _logged(folder: Path, i: int) -> int:
    log = folder / f"log{i}.txt"
    return len(log.read_text().splitlines()) if log.exists() else 0


def test_thirty_students_at_once_lose_and_double_nothing() -> None:
    folder = Path(tempfile.mkdtemp(prefix="quiz-load-"))
    pg = Server.start(folder / "server")
    try:
        name = pg.create_database()
        owner = pg.url(name)
        server.init(owner)
        roles = [f"student{i}" for i in range(CLIENTS)]
        pg.execute(*(f"CREATE ROLE {r} LOGIN" for r in roles))
        for r in roles:
            server.grant(owner, r, "player")
        rnd = random.Random(5)
        began = time.monotonic()
        procs = {i: _start(pg.url(name, user=r), folder, i) for i, r in enumerate(roles)}
        victims = rnd.sample(range(CLIENTS), KILLED)
        restarted = False
        kills = 0
        outage = 0.0
        while any(p.poll() is None for p in procs.values()):
            done = {i: _logged(folder, i) for i in range(CLIENTS)}
            for i in list(victims):  # killed once each in the middle of its games, restarted
                if done[i] >= 1 + victims.index(i) % (GAMES - 1) and procs[i].poll() is None:
                    time.sleep(rnd.uniform(0, 0.4))  # at a random moment of its next game
                    procs[i].send_signal(signal.SIGKILL)
                    procs[i].wait()
                    kills += 1
                    victims.remove(i)
                    procs[i] = _start(pg.url(name, user=roles[i]), folder, i)
            if not restarted and sum(done.values()) >= CLIENTS * GAMES // 3:
                down = time.monotonic()
                pg.halt()  # mid-run: games end while it is away
                time.sleep(3)
                pg.restart()
                outage = time.monotonic() - down
                restarted = True
            time.sleep(0.1)
        wall = time.monotonic() - began
        failed = {i: (folder / f"err{i}.txt").read_text()[-500:] for i, p in procs.items()
                  if p.returncode != 0}
        assert not failed, failed
        logged = [line.split() for i in range(CLIENTS)
                  for line in (folder / f"log{i}.txt").read_text().splitlines()]
        keys = [k for k, _ in logged]
        kept = sum(1 for _, how in logged if how == "kept")
        stored = dict(rows(owner, "SELECT key, game_id FROM game_key"))
        games = rows(owner, "SELECT g.id, g.total, count(a.id) FROM game g LEFT JOIN answer a "
                            "ON a.game_id = g.id GROUP BY g.id, g.total")
        assert restarted and kills == KILLED
        assert len(keys) == len(set(keys)) == CLIENTS * GAMES  # every client finished them all
        assert set(keys) <= set(stored), "a finished game was lost"
        assert len(games) == len(stored), "a game was stored without its key"
        # A client killed after its save returned but before it logged it plays that game
        # again when restarted: at most one more game on the server per kill.
        assert len(stored) - len(keys) <= kills
        assert all(total == answers for _id, total, answers in games), "a partial game"
        db = open_database(owner)
        board = leaderboard.top(db, "classic", limit=None)
        db.dispose()
        scores = sorted((s for (s,) in rows(owner, "SELECT score FROM game WHERE status = "
                                                   "'finished' AND mode = 'classic'")),
                        reverse=True)
        assert [e.score for e in board] == scores
        assert [e.rank for e in board] == list(range(1, len(board) + 1))
        print(f"\nload: {CLIENTS} clients x {GAMES} games in {wall:.1f} s "
              f"({CLIENTS * GAMES / wall:.1f} games/s); {kills} clients killed with SIGKILL; "
              f"server away {outage:.1f} s once; {kept} games kept in an outbox and sent later; "
              f"0 lost, 0 doubled, 0 partial")
    finally:
        pg.stop()
        shutil.rmtree(folder, ignore_errors=True)
