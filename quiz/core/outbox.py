"""Games that end while the server is away wait in a local outbox and are sent when it is back.

The outbox is a small SQLite file in the user's data folder (never the bank itself). Each game
gets a random key when it ends; `send` stores it on the server under that key and only then
takes it out of the outbox, so a crash in between sends it again, and the server's `game_key`
table keeps the second copy out (exactly once). Games are kept per database URL (without its
password): a game for one server is never sent to another.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import make_url

from quiz.core import paths
from quiz.core.db import Database
from quiz.core.errors import QuizError, ServerAway

if TYPE_CHECKING:  # the ORM is imported when a game is sent, not when the window starts
    from quiz.core.game import Summary

FILE = "outbox.sqlite3"


@dataclass(frozen=True)
class Saved:
    """Where a finished game went: stored on the database (`game_id`), or kept in the outbox."""

    game_id: int | None
    kept: bool = False
    reason: str = ""  # why it was kept (the server's plain message)
    key: str = ""  # the game's key (the server stores a game once under it)


def _where(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


class Outbox:
    """The local outbox file (`path`; default: in the user's data folder)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.user_data_dir() / FILE

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("CREATE TABLE IF NOT EXISTS pending (key TEXT PRIMARY KEY, "
                         "url TEXT NOT NULL, game TEXT NOT NULL)")
        except (OSError, sqlite3.Error) as exc:
            raise QuizError(f"cannot keep the game on this computer ({self.path}: {exc}); "
                            f"it was not saved") from None
        return conn

    def keep(self, url: str, game: dict[str, Any], key: str) -> None:
        """Keep `game` to send to `url` later."""
        conn = self._open()
        try:
            conn.execute("INSERT OR IGNORE INTO pending VALUES (?, ?, ?)",
                         (key, _where(url), json.dumps(game)))
        finally:
            conn.close()

    def pending(self, url: str) -> list[tuple[str, dict[str, Any]]]:
        """The (key, game) pairs waiting for `url`, oldest first."""
        if not self.path.exists():
            return []
        conn = self._open()
        try:
            return [(k, json.loads(g)) for k, g in conn.execute(
                "SELECT key, game FROM pending WHERE url = ? ORDER BY rowid", (_where(url),))]
        finally:
            conn.close()

    def _done(self, key: str) -> None:
        conn = self._open()
        try:
            conn.execute("DELETE FROM pending WHERE key = ?", (key,))
        finally:
            conn.close()

    def send(self, db: Database) -> int:
        """Send every game waiting for `db`; the number sent. Stops quietly at the first
        ServerAway (they wait for the next try); another QuizError is raised."""
        from quiz.core import history

        sent = 0
        for key, game in self.pending(db.url):
            try:
                history.save_record(db, game, key)
            except ServerAway:
                break
            self._done(key)
            sent += 1
        return sent

    def prepare(self, db: Database, player: str, summary: Summary, category: str | None = None,
                difficulty: str | None = None, keep: bool = False) -> tuple[str, dict[str, Any]]:
        """A game that just ended as (key, record) for `deliver`; with `keep` it is in the
        outbox already, so nothing is lost if the app ends before the server answers."""
        from quiz.core import history

        game = history.record(player, summary, category, difficulty)
        key = uuid.uuid4().hex
        if keep:
            self.keep(db.url, game, key)
        return key, game

    def deliver(self, db: Database, key: str, game: dict[str, Any]) -> Saved:
        """Store a prepared game on `db` (any thread): out of the outbox once stored, kept in
        it if the server cannot be reached; then anything else waiting goes too."""
        from quiz.core import history

        try:
            game_id = history.save_record(db, game, key)
        except ServerAway as away:
            self.keep(db.url, game, key)
            return Saved(None, kept=True, reason=str(away), key=key)
        if self.path.exists():
            self._done(key)
        self.send(db)  # the server is here: anything waiting goes too
        return Saved(game_id, key=key)

    def save(self, db: Database, player: str, summary: Summary, category: str | None = None,
             difficulty: str | None = None) -> Saved:
        """Store a game that just ended; kept here if the server cannot be reached."""
        return self.deliver(db, *self.prepare(db, player, summary, category, difficulty))
