"""The exception types whose message is shown to a user as it is."""

from __future__ import annotations

from pathlib import Path


class QuizError(Exception):
    """A problem the user can act on; its message is one plain line naming what is wrong."""


class DamagedDatabase(QuizError):
    """The database file is damaged or not a database; it was not changed.

    `path` is the file; `backups` its backups, newest first (may be empty).
    """

    def __init__(self, message: str, path: Path, backups: list[Path]) -> None:
        super().__init__(message)
        self.path = path
        self.backups = backups


class NewerSchema(QuizError):
    """The database was made by a newer version of the app; it was not changed."""


class ServerAway(QuizError):
    """The database server could not be reached (down, restarting, network lost); nothing was
    saved. Work that can wait (a finished game) goes to the outbox and is sent later."""
