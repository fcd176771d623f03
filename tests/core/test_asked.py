"""What each player has been asked (the `asked` table, kept by triggers) always equals what
their recorded answers say, whatever happens to games, answers and questions."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from quiz.core import bank, editing, history, progress
from quiz.core.game import MODES, Game

pytestmark = [pytest.mark.sqlite_only(
    reason="the `asked` table and its triggers are SQLite's fast path for the draw")]



def truth(db) -> dict[tuple[int, str], int]:
    with db.engine.connect() as conn:
        return {(p, q): n for p, q, n in conn.exec_driver_sql(
            "SELECT g.player_id, a.question_id, count(*) FROM answer a JOIN game g "
            "ON g.id = a.game_id WHERE a.question_id IS NOT NULL "
            "GROUP BY g.player_id, a.question_id")}


def asked(db) -> dict[tuple[int, str], int]:
    with db.engine.connect() as conn:
        return {(p, q): n for p, q, n in conn.exec_driver_sql(
            "SELECT player_id, question_id, times FROM asked")}


def play(db, player: str, seed: int, abandon: bool = False) -> list[str]:
    cards = bank.draw(db, replace(MODES["practice"], questions=15), player, count=15, seed=seed)
    game = Game(cards, replace(MODES["practice"], questions=15))
    game.start()
    rnd = random.Random(seed)
    for i, card in enumerate(cards):
        game.answer(rnd.choice([card.correct_answer, "wrong"]), 1.0)
        if abandon and i == 4:
            history.save(db, player, game.abandon())
            return [c.id for c in cards[:5]]
        game.next()
    history.save(db, player, game.finish())
    return [c.id for c in cards]


def replay(db, player: str, seed: int) -> None:
    """The player's first game's questions once more (as Review would ask them again)."""
    with db.engine.connect() as conn:
        first = [q for (q,) in conn.exec_driver_sql(
            "SELECT a.question_id FROM answer a JOIN game g ON g.id = a.game_id JOIN player p "
            "ON p.id = g.player_id WHERE p.name = ? AND g.id = (SELECT min(g2.id) FROM game g2 "
            "WHERE g2.player_id = p.id) ORDER BY a.position", (player,))]
    with db.session() as s:
        cards = bank.cards(s, first, random.Random(seed))
    game = Game(cards, replace(MODES["practice"], questions=len(cards)))
    game.start()
    for card in cards:
        game.answer(card.correct_answer, 1.0)
        game.next()
    history.save(db, player, game.finish())


def test_asked_follows_every_change_to_answers(db) -> None:
    for seed in range(4):
        play(db, "Rumi", seed)
        play(db, "Mira", 10 + seed, abandon=seed == 2)
    replay(db, "Rumi", 99)  # asked twice: counted twice
    assert asked(db) == truth(db) and len(truth(db)) > 60
    assert max(asked(db).values()) == 2
    # A deleted question unlinks its answers (they stop counting); undo re-links them.
    some = next(iter(truth(db)))[1]
    change = editing.delete_questions(db, [some])
    assert asked(db) == truth(db) and all(q != some for _p, q in asked(db))
    editing.apply(db, change.before)
    assert asked(db) == truth(db) and any(q == some for _p, q in asked(db))
    progress.reset(db, "Rumi")
    assert asked(db) == truth(db) and asked(db)
    progress.reset(db)
    assert asked(db) == truth(db) == {}


def test_a_game_deleted_with_its_answers_takes_them_off(db) -> None:
    play(db, "Zoey", 1)
    play(db, "Zoey", 2)
    with db.engine.begin() as conn:  # a cascade: the answers go after the game
        conn.exec_driver_sql("DELETE FROM game WHERE id = (SELECT min(id) FROM game)")
    assert asked(db) == truth(db) and asked(db)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM player")  # and a player with all their games
    assert asked(db) == truth(db) == {}


def test_a_game_moved_to_another_player_moves_what_it_asked(db) -> None:
    play(db, "Zoey", 1)
    play(db, "Zoey", 2)
    play(db, "Mira", 3)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE game SET player_id = (SELECT id FROM player WHERE "
                             "name = 'Mira') WHERE id = (SELECT min(id) FROM game)")
    assert asked(db) == truth(db)
    with db.engine.begin() as conn:  # a reset of many games at once stays right (and quick)
        conn.exec_driver_sql("DELETE FROM game")
    assert asked(db) == truth(db) == {}
