"""How games are composed: over many deals of the shipped bank, no fact, sentence or answer
twice in a game, no category above 40 %; relaxed rules are said; Practice asks its count."""

from __future__ import annotations

from collections import Counter

from quiz.core.bank import draw_game
from quiz.core.compose import compose
from quiz.core.game import Card, Citation, Game, mode
from quiz.core.text import contains_phrase

DEALS = 1000


def _reveals(a: Card, b: Card) -> bool:
    answer = b.key_phrase if b.type == "boolean" else b.correct_answer
    shown = " ".join((a.question, *(c for c in a.choices if c not in ("True", "False"))))
    return contains_phrase(shown, answer)


def test_a_thousand_classic_deals_never_repeat_or_reveal(db) -> None:
    repeated = revealing = crowded = mixed = 0
    for seed in range(DEALS):
        deal = draw_game(db, mode("classic"), "Mira", seed=seed)
        cards = deal.cards
        assert len(cards) == 10 and deal.note == ""
        facts = [c.fact for c in cards]
        sentences = [(s.article_id, s.quote) for c in cards for s in c.citations]
        repeated += len(set(facts)) < len(facts) or len(set(sentences)) < len(sentences)
        revealing += any(_reveals(a, b) for a in cards for b in cards if a is not b)
        crowded += max(Counter(c.category for c in cards).values()) > 4
        mixed += max(Counter(c.type for c in cards).values()) > 5
    assert (repeated, revealing, crowded, mixed) == (0, 0, 0, 0)


def test_the_same_seed_gives_the_same_deal(db) -> None:
    one = draw_game(db, mode("classic"), "Mira", seed=7)
    two = draw_game(db, mode("classic"), "Mira", seed=7)
    assert [c.id for c in one.cards] == [c.id for c in two.cards]
    assert [c.choices for c in one.cards] == [c.choices for c in two.cards]


def test_practice_asks_the_number_chosen(db) -> None:
    for count in (30, 35):
        deal = draw_game(db, mode("practice"), "Mira", count=count, seed=1)
        game = Game(deal.cards, mode("practice"))
        game.start()
        asked = 1
        while True:
            game.answer("nothing", 1.0)
            if game.next() is None:
                break
            asked += 1
        assert asked == count


def test_a_narrow_pool_relaxes_a_rule_and_says_so(db) -> None:
    deal = draw_game(db, mode("practice"), "Mira", category="Sequel", count=12, seed=3)
    assert len(deal.cards) == 12
    assert deal.note.startswith("Few questions to choose from")


def _card(qid: str, fact: str, category: str, quote: str, answer: str, stem: str) -> Card:
    return Card(qid, "multiple", category, "easy", stem, (answer, "x", "y", "z"), answer, (),
                "", (Citation("a", "t", "", "", quote, 0, len(quote)),), fact=fact)


def test_relaxing_follows_the_stated_order() -> None:
    cards = [_card(f"q{i}", f"f{i % 3}", "C", f"sentence {i % 3}", f"answer {i}", f"stem {i}")
             for i in range(9)]
    # Three facts only: a game of five must ask some fact twice, and says so.
    game = compose(cards, 5, all_categories=True)
    assert len(game.cards) == 5 and "same fact" in game.note
    assert len({c.fact for c in game.cards[:3]}) == 3  # the strict ones come first
