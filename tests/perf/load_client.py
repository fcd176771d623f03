"""One student's process for tests/perf/test_load.py: play N games against the class server.

`python -m tests.perf.load_client URL OUTBOX LOG GAMES SEED`. Each finished game goes through the
outbox (stored on the server, or kept here while it is away); its key is logged (fsync'ed) once
the save has returned. A restarted client (after a SIGKILL) first sends what its outbox holds and
goes on from the games its log already counts. At the end it sends the outbox until it is empty.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def main(url: str, outbox_path: str, log_path: str, games: int, seed: int) -> int:
    from quiz.core import bank
    from quiz.core.db import Database
    from quiz.core.errors import ServerAway
    from quiz.core.game import Game, mode
    from quiz.core.outbox import Outbox

    log = Path(log_path)
    done = len(log.read_text().splitlines()) if log.exists() else 0
    outbox = Outbox(Path(outbox_path))
    db = Database(url)
    player = None
    while player is None:
        try:
            player = db.rights().player or "load"
        except ServerAway:
            time.sleep(0.5)
    with open(log, "a") as out:
        for n in range(done, games):
            while True:
                try:
                    cards = bank.draw(db, mode("classic"), player, count=5, seed=seed * 1000 + n)
                    break
                except ServerAway:
                    time.sleep(0.3)
            game = Game(cards, mode("classic"))
            card = game.start()
            i = 0
            while card is not None:
                time.sleep(0.1)  # a student reading the question (the server may go away)
                game.answer(card.correct_answer if (seed + n + i) % 3 else "wrong", 1.0 + i)
                card = game.next()
                i += 1
            saved = outbox.save(db, player, game.finish())
            out.write(f"{saved.key} {'kept' if saved.kept else 'stored'}\n")
            out.flush()
            os.fsync(out.fileno())
    deadline = time.monotonic() + 120
    while outbox.pending(url) and time.monotonic() < deadline:
        outbox.send(db)
        if outbox.pending(url):
            time.sleep(0.5)
    db.dispose()
    return 0 if not outbox.pending(url) else 1


if __name__ == "__main__":
    u, o, lg, g, s = sys.argv[1:6]
    sys.exit(main(u, o, lg, int(g), int(s)))
