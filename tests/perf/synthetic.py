"""The synthetic big bank: 1,000,000 questions and 200,000 finished games, built once and cached.

Rows are realistic in shape: stems of 8–22 words and answers of 1–4 words drawn from the
articles' own vocabulary, the shipped mix of types, six categories, three difficulties, three
wrong answers for multiple choice, one verbatim article sentence as the source of each question,
5,000 players, ten answers per game. The file is cached under the system temp folder, keyed by
the schema, so a second run of the suite starts at once.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sqlite3
import tempfile
import time
from pathlib import Path

from quiz.core.checker import flaws
from quiz.core.content import CATEGORIES, DIFFICULTIES
from quiz.core.db import open_database
from quiz.core.rules import Draft

BUILDER_VERSION = 7
QUESTIONS = 1_000_000
GAMES = 200_000
PLAYERS = 5_000
ANSWERS_PER_GAME = 10
RARE_WORD = "Xylophonic"  # in one stem in 10,000: a search that must look at every row
RARE_ANSWER = "Quixotry"  # in one answer in 10,000
CACHE = Path(tempfile.gettempdir()) / "kpdh-quiz-perf"


def _schema_key() -> str:
    probe = CACHE / "schema-probe.sqlite3"
    probe.unlink(missing_ok=True)
    db = open_database(f"sqlite:///{probe}", seed=False)
    with db.engine.connect() as conn:
        ddl = sorted(str(r[0]) for r in conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL"))
    db.dispose()
    for p in CACHE.glob("schema-probe.sqlite3*"):
        p.unlink()
    return hashlib.sha256(f"{BUILDER_VERSION}\n{ddl}".encode()).hexdigest()[:12]


def seeded_copy(target: Path) -> str:
    """A fresh database with just the shipped bank; returns its URL."""
    url = f"sqlite:///{target}"
    open_database(url).dispose()
    return url


def big_bank() -> Path:
    """The cached million-question database, built if missing (a few minutes)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"bank-{_schema_key()}.sqlite3"
    if not path.exists():
        partial = path.with_suffix(".building")
        for p in CACHE.glob(partial.name + "*"):
            p.unlink()
        started = time.monotonic()
        _build(partial)
        partial.rename(path)
        print(f"\nbuilt {path} in {time.monotonic() - started:.0f} s")
    return path


def _build(path: Path) -> None:
    url = seeded_copy(path)
    rng = random.Random(20251122)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    articles = dict(conn.execute("SELECT id, text FROM article"))
    sentences = [(aid, m.group(), m.start()) for aid, text in articles.items()
                 for m in re.finditer(r"[^.!?\n]+[.!?]", text)]
    words = sorted({w for t in articles.values() for w in re.findall(r"[A-Za-z][a-z]{2,}", t)})
    types = ["multiple"] * 45 + ["boolean"] * 25 + ["cloze"] * 20 + ["numeric"] * 10

    def phrase(lo: int, hi: int) -> str:
        return " ".join(rng.choice(words) for _ in range(rng.randint(lo, hi)))

    with conn:
        questions, sources = [], []
        for i in range(QUESTIONS):
            kind = "cloze" if i % 10_000 == 5_000 else rng.choice(types)  # RARE_ANSWER's
            stem = phrase(8, 22).capitalize() + "?"
            if i % 10_000 == 0:
                stem = f"{RARE_WORD} {stem}"
            aid, sentence, start = rng.choice(sentences)
            if kind == "boolean":
                answer, wrong = rng.choice(["True", "False"]), []
                if answer == "False" and flaws(Draft(kind, "", "", stem, answer, ["True"],
                                                     sources=[(aid, sentence)]), False):
                    answer = "True"  # the checker refuses it keyed False (the quote holds)
                wrong = ["False" if answer == "True" else "True"]
            elif kind == "numeric":
                answer, wrong = str(rng.randint(100, 2025)), []  # above the number words
            else:
                # Numbered so no answer is a phrase of its stem (which import would reject).
                answer = f"{phrase(1, 3)} {i}"
                wrong = [f"{phrase(1, 3)} {i + n + 1}" for n in range(3)] if kind == "multiple" else []
            if i % 10_000 == 5_000:
                answer = f"{RARE_ANSWER} {answer}"
            questions.append((
                f"syn-{i:07d}", kind, rng.choice(CATEGORIES), rng.choice(DIFFICULTIES), stem,
                answer, json.dumps(wrong), "[]", phrase(15, 35) + ".", rng.choice(["user", "edited"]),
                "2026-01-01 00:00:00", rng.getrandbits(64) - (1 << 63)))
            sources.append((f"syn-{i:07d}", 0, aid, sentence, start, start + len(sentence)))
            if len(questions) == 50_000:
                _insert(conn, questions, sources)
                questions, sources = [], []
        _insert(conn, questions, sources)

        conn.executemany("INSERT INTO player (name, key, created_at) VALUES (?, ?, ?)",
                         [(f"Player {n}", f"player {n}", "2026-01-01 00:00:00")
                          for n in range(PLAYERS)])
        first_player = conn.execute("SELECT min(id) FROM player").fetchone()[0]
        modes = ["classic"] * 6 + ["sudden_death"] * 2 + ["review", "practice"]
        games, answers = [], []
        game_id = conn.execute("SELECT coalesce(max(id), 0) FROM game").fetchone()[0]
        for g in range(GAMES):
            game_id += 1
            correct = rng.randint(0, ANSWERS_PER_GAME)
            day = f"2026-{1 + g % 12:02d}-{1 + g % 28:02d} 12:00:00"
            games.append((game_id, first_player + rng.randrange(PLAYERS), rng.choice(modes),
                          "finished", rng.randint(0, 3000), correct, ANSWERS_PER_GAME,
                          rng.randint(0, correct), rng.uniform(30, 200), day, day))
            for pos in range(ANSWERS_PER_GAME):
                answers.append((game_id, f"syn-{rng.randrange(QUESTIONS):07d}", pos, "x",
                                pos < correct, False, 3.0, 150 if pos < correct else 0))
            if len(answers) >= 200_000:
                _insert_games(conn, games, answers)
                games, answers = [], []
        _insert_games(conn, games, answers)
    conn.close()
    from quiz.core.db import Database
    from quiz.core.search import sync_index

    db = Database(url)
    sync_index(db)
    db.dispose()


def _insert(conn: sqlite3.Connection, questions: list[tuple], sources: list[tuple]) -> None:  # type: ignore[type-arg]
    conn.executemany(
        "INSERT INTO question (id, type, category, difficulty, question, correct_answer, "
        "incorrect_answers, accepted_answers, explanation, origin, updated_at, shuffle) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", questions)
    conn.executemany(
        "INSERT INTO source (question_id, position, article_id, quote, start, \"end\") "
        "VALUES (?, ?, ?, ?, ?, ?)", sources)


def _insert_games(conn: sqlite3.Connection, games: list[tuple], answers: list[tuple]) -> None:  # type: ignore[type-arg]
    conn.executemany(
        "INSERT INTO game (id, player_id, mode, status, score, correct, total, best_streak, "
        "duration_s, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", games)
    conn.executemany(
        "INSERT INTO answer (game_id, question_id, position, given, correct, timed_out, "
        "elapsed_s, points) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", answers)
