"""Crash safety: a process saving games is killed with SIGKILL at random moments, again and again.

The child logs a game's id only after `history.save` has returned (its commit is durable), so
after every kill each logged game must be in the database with all its answers, no game may be
half written, and `PRAGMA integrity_check` must say "ok". Children are forked from this
process, which has already imported everything, so a kill cycle costs milliseconds, not a
Python start-up. `QUIZ_CRASH_KILLS` sets the number of kills (default 200; the soak test in
tests/perf runs 1,000).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from quiz.core.game import Card, Game, Summary, mode

KILLS = int(os.environ.get("QUIZ_CRASH_KILLS", "200"))

pytestmark = [pytest.mark.sqlite_only(
    reason="a killed writer against SQLite's journal (the server's side: tests/perf/test_load.py)"),
    pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork (POSIX)")]


def play(cards: list[Card], rnd: random.Random) -> Summary:
    """A whole Practice game over `cards`, answered at random, abandoned now and then."""
    game = Game(cards[: rnd.randint(1, len(cards))], mode("practice"))
    card: Card | None = game.start()
    while card is not None:
        given = rnd.choice([card.correct_answer, "wrong", *card.choices])
        game.answer(given, rnd.uniform(0.5, 9.0))
        if rnd.random() < 0.05:
            return game.abandon()
        card = game.next()
    return game.finish()


def _child(url: str, cards: list[Card], log: Path, ready_fd: int, seed: int) -> None:
    from quiz.core import history
    from quiz.core.db import Database

    db = Database(url)  # the parent made and checked the file; no seeding, no backup
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    rnd = random.Random(seed)
    os.write(ready_fd, b"r")
    while True:
        summary = play(cards, rnd)
        player = rnd.choice(["Rumi", "Mira", "Zoey", "Jinu"])
        game_id = history.save(db, player, summary)
        # Only now is the game promised: its commit has returned.
        os.write(fd, f"{game_id} {summary.total}\n".encode())


@dataclass
class KillReport:
    kills: int
    logged: int
    games: int
    seconds: float


def check(path: Path, log: Path) -> tuple[int, int]:
    """Integrity, every logged game complete, no half-written game: (logged, games in db)."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = {gid: (total, answers) for gid, total, answers in conn.execute(
            "SELECT g.id, g.total, (SELECT count(*) FROM answer a WHERE a.game_id = g.id) "
            "FROM game g")}
    finally:
        conn.close()
    logged = {}
    for line in log.read_text().splitlines():
        if line.count(" ") == 1 and line.endswith(tuple("0123456789")):  # a torn last line
            gid, total = map(int, line.split())
            logged[gid] = total
    for gid, total in logged.items():
        assert gid in stored, f"game {gid} was committed and logged, then lost"
        assert stored[gid] == (total, total), f"game {gid} is incomplete: {stored[gid]}"
    half = [gid for gid, (total, answers) in stored.items() if total != answers]
    assert not half, f"half-written games: {half}"
    return len(logged), len(stored)


def run_kills(path: Path, kills: int, seed: int = 7) -> KillReport:
    """Fork a game-saving child `kills` times, SIGKILL it at a random moment, check each time."""
    from quiz.core.bank import draw
    from quiz.core.db import open_database

    db = open_database(f"sqlite:///{path}")
    cards = draw(db, mode("practice"), "Crash", count=12, seed=seed)
    db.dispose()  # no connection of the parent is open across a fork
    url = f"sqlite:///{path}"
    log = path.with_name("committed.log")
    rnd = random.Random(seed)
    started = time.perf_counter()
    logged = games = 0
    # Kills should land mostly mid-save. On a loaded machine a save takes longer than the
    # usual window, so the window widens while too few games get committed between kills.
    window = 0.025
    for n in range(kills):
        ready_r, ready_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns
            code = 0
            try:
                os.close(ready_r)
                _child(url, cards, log, ready_w, seed * 100_003 + n)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        os.close(ready_w)
        assert os.read(ready_r, 1) == b"r"  # the child has opened the database
        os.close(ready_r)
        # Mostly mid-save (a save takes a few ms with synchronous=FULL), sometimes between.
        time.sleep(rnd.uniform(0.0, window))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status), "the child stopped on its own: it hit an error"
        logged, games = check(path, log)
        if n >= 10 and logged < (n + 1) // 4:
            window = min(window * 1.25, 0.5)
    return KillReport(kills, logged, games, time.perf_counter() - started)


def test_killing_a_saving_process_never_loses_or_tears_a_game(tmp_path: Path,
                                                              db_url: str) -> None:
    path = Path(db_url.removeprefix("sqlite:///"))
    report = run_kills(path, KILLS)
    print(f"\n{report.kills} kills in {report.seconds:.1f} s: {report.logged} games logged, "
          f"{report.games} stored")
    assert report.logged >= report.kills // 5  # kills landed among the saves
    assert report.games >= report.logged
