"""Nothing lost when the server is away: the outbox keeps the game and sends it exactly once.

A server of this module's own is stopped and started again (the session's server goes on
serving the other tests).
"""

from __future__ import annotations

import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from quiz.core import history, leaderboard
from quiz.core.backends import postgres
from quiz.core.db import Database, open_database
from quiz.core.errors import ServerAway
from quiz.core.game import Game, mode
from quiz.core.outbox import Outbox
from tests.dbtools import rows
from tests.pgserver import Server


@pytest.fixture(scope="module")
def own_server() -> Iterator[Server]:
    folder = Path(tempfile.mkdtemp(prefix="quiz-pg-outbox-"))
    server = Server.start(folder / "server")
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def bank(own_server: Server) -> Iterator[str]:
    name = own_server.create_database()
    url = own_server.url(name)
    open_database(url).dispose()
    yield url
    own_server.drop_database(name)


def _summary(db: Database):  # type: ignore[no-untyped-def]
    from quiz.core import bank

    game = Game(bank.draw(db, mode("classic"), "Mira", count=3, seed=4), mode("classic"))
    card = game.start()
    while card is not None:
        game.answer(card.correct_answer, 1.5)
        card = game.next()
    return game.finish()


def _games(url: str) -> int:
    return int(rows(url, "SELECT count(*) FROM game")[0][0])


def test_a_game_ending_while_the_server_is_away_is_sent_once_when_it_is_back(
        own_server: Server, bank: str, tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    db = open_database(bank)
    summary = _summary(db)
    own_server.halt()
    try:
        saved = outbox.save(db, "Mira", summary)
        assert saved.kept and saved.game_id is None and "cannot reach" in saved.reason
        assert outbox.send(db) == 0  # still away: nothing sent, nothing lost
        assert len(outbox.pending(bank)) == 1
    finally:
        own_server.restart()
    assert outbox.send(db) == 1
    assert outbox.pending(bank) == [] and outbox.send(db) == 0
    board = leaderboard.top(db, "classic")
    assert [(e.player, e.score) for e in board] == [("Mira", summary.score)]
    db.dispose()


def test_a_draw_on_a_connection_the_restart_killed_reconnects_without_an_error(
        own_server: Server, bank: str) -> None:
    """The game's reads take a pooled connection without the pool's ping (a round trip): one
    that died while the server restarted is replaced at the first read, so starting a game
    costs a reconnect, never an error; other work is pinged as before; a server still away is
    one plain error."""
    from sqlalchemy import event

    from quiz.core import bank as drawing

    db = open_database(bank)
    opened: list[object] = []
    dropped: list[object] = []
    event.listen(db.engine, "connect", lambda conn, _record: opened.append(conn))
    event.listen(db.engine, "invalidate", lambda conn, _record, _exc: dropped.append(conn))
    first = drawing.draw_ids(db, mode("classic"), "Mira", seed=1)
    assert opened == [] and dropped == []  # the connection opening the bank left in the pool
    own_server.halt()
    own_server.restart()
    assert drawing.draw_ids(db, mode("classic"), "Mira", seed=1) == first
    assert dropped and opened  # the dead one found by the first read, and replaced
    assert all(conn.closed for conn in dropped)  # type: ignore[attr-defined]
    again = len(opened)
    assert drawing.draw_ids(db, mode("classic"), "Mira", seed=2)
    assert len(opened) == again  # the new one, back from the pool
    own_server.halt()
    own_server.restart()
    assert leaderboard.top(db, "classic") == []  # a session: pinged, reconnected first
    own_server.halt()
    try:
        with pytest.raises(ServerAway, match="cannot reach"):
            drawing.draw_ids(db, mode("classic"), "Mira", seed=1)
    finally:
        own_server.restart()
    assert drawing.draw_ids(db, mode("classic"), "Mira", seed=1) == first
    db.dispose()


def test_a_read_cut_off_mid_statement_is_one_plain_error_and_leaves_the_pool_sound(
        own_server: Server, bank: str) -> None:
    """The server ends a game's read while it runs (as a shutdown does): the read fails with
    one plain line, its connection is closed rather than given back half-way through a
    statement, and the next draw works."""
    import threading

    from quiz.core import bank as drawing
    from tests.dbtools import rows as sql_rows

    db = open_database(bank)
    name = bank.rsplit("/", 1)[1]

    def cut_off() -> None:
        for _ in range(200):
            if sql_rows(own_server.url("postgres"), "SELECT pg_terminate_backend(pid) FROM "
                        "pg_stat_activity WHERE datname = :name AND query = :sleep",
                        name=name, sleep="SELECT pg_sleep(10)"):
                return
            threading.Event().wait(0.05)

    killer = threading.Thread(target=cut_off)
    killer.start()
    with pytest.raises(ServerAway, match="cannot reach"), db.reads() as reads:
        reads._rows("SELECT 1")  # type: ignore[attr-defined]
        reads._rows("SELECT pg_sleep(10)")  # type: ignore[attr-defined]  (the first one
        # found the connection alive: this one is not tried again)
    killer.join()
    assert drawing.draw_ids(db, mode("classic"), "Mira", seed=1)
    db.dispose()


def test_a_game_sent_twice_is_stored_once(bank: str, tmp_path: Path) -> None:
    """The server committed, then the client crashed before it took the game out of its
    outbox: the next start sends it again, and the key keeps the copy out."""
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    db = open_database(bank)
    game = history.record("Mira", _summary(db))
    outbox.keep(bank, game, "k-1")
    first = history.save_record(db, game, "k-1")  # arrived; the acknowledgement did not
    assert outbox.send(db) == 1 and outbox.pending(bank) == []
    assert _games(bank) == 1
    assert history.save_record(db, game, "k-1") == first
    assert _games(bank) == 1
    db.dispose()


def test_games_wait_for_their_own_server(bank: str, tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    outbox.keep("postgresql://someone@127.0.0.1:1/other", {"player": "Zoey"}, "elsewhere")
    db = open_database(bank)
    assert outbox.send(db) == 0 and _games(bank) == 0
    db.dispose()


def test_a_server_that_never_answers_is_given_up_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """A port that accepts the connection but never speaks: the connect timeout ends the
    wait with one plain line instead of a hung window."""
    monkeypatch.setattr(postgres, "CONNECT_TIMEOUT_S", 1)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        with pytest.raises(ServerAway, match="cannot reach the server"):
            open_database(f"postgresql://quiz@127.0.0.1:{port}/quiz")
