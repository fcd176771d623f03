"""Build tests/data/quiz-<revision>.sqlite3: a bank made by the schema at that revision, with
players, games, answers, an edited and a user question, for the migration tests.

Run once per schema revision, from the project folder, with the code at that revision:
`python -m tests.data.make_fixture`. Never rebuild an existing fixture: later migrations are
tested by upgrading exactly the file that revision produced.
"""

from __future__ import annotations

import random
import sqlite3
import sys
from dataclasses import replace
from pathlib import Path

from quiz.core import editing, history, migrations
from quiz.core.bank import draw
from quiz.core.db import open_database
from quiz.core.game import mode
from quiz.core.rules import Draft
from tests.core.test_crash import play


def main() -> int:
    target = Path(__file__).resolve().parent / f"quiz-{migrations.head()}.sqlite3"
    if target.exists():
        print(f"{target} exists: fixtures are never rebuilt", file=sys.stderr)
        return 1
    db = open_database(f"sqlite:///{target}")
    rnd = random.Random(2026)
    for player in ("Rumi", "Mira", "Zoey", "Jinu ✨"):
        for game_mode in ("classic", "practice", "sudden_death"):
            cards = draw(db, mode(game_mode), player, seed=rnd.randrange(1000))
            history.save(db, player, play(cards, rnd))
    first = editing.load(db, [cards[0].id])[cards[0].id]
    editing.save(db, first.id, replace(first.draft(), explanation="Edited by a test."),
                 first.sources)
    editing.add(db, Draft(type="text", category="Mine", difficulty="easy",
                          question="Who wrote this fixture?", correct_answer="A test"))
    db.dispose()
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("VACUUM")
    conn.close()
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
