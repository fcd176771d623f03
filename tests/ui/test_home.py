"""The home screen: the bank's size as the player reads it, kept current."""

from __future__ import annotations

import pytest


@pytest.mark.both_backends
def test_home_shows_the_bank_size_and_follows_changes(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    db = window.db
    with db.connect() as conn:
        questions = conn.exec_driver_sql("SELECT count(*) FROM question").scalar_one()
        articles = conn.exec_driver_sql("SELECT count(*) FROM article").scalar_one()
    # On a server the counts arrive off the GUI thread (quiz/ui/waiting.py): wait for them.
    qtbot.waitUntil(lambda: window.home.stats.text() ==
                    f"{questions:,} questions from {articles} articles", timeout=10_000)
    assert window.home.play_button.isEnabled()
    with db.connect(write=True) as conn, conn.begin():
        conn.exec_driver_sql("DELETE FROM source")
        conn.exec_driver_sql("DELETE FROM question WHERE id IN "
                             "(SELECT id FROM question ORDER BY id LIMIT 5)")
    window.show_setup()
    window.show_home()
    qtbot.waitUntil(lambda: window.home.stats.text() ==
                    f"{questions - 5:,} questions from {articles} articles", timeout=10_000)
