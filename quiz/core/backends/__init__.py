"""What differs between the two database backends, behind one interface.

`for_name(name)` gives the backend of a database URL's scheme: `sqlite` (a file on this computer) or
`postgresql` (a server shared by a class). Each knows how to make its engine (SQLite's PRAGMAs
and BEGIN IMMEDIATE; PostgreSQL's driver, pool and timeouts), how to say in one plain line what
a driver error means, and what the connected user may do (`Rights`). Code elsewhere asks the
backend instead of testing the dialect's name.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.engine import URL, Connection, Engine

from quiz.core.errors import QuizError


@dataclass(frozen=True)
class Rights:
    """What the connected database user may do; `reason` says why not, in plain words."""

    edit_bank: bool = True
    record_games: bool = True
    reset_scores: bool = True
    player: str | None = None  # the one player name games may be recorded under, if limited
    reason: str = ""

    @property
    def everything(self) -> bool:
        return self.edit_bank and self.record_games and self.reset_scores


EVERYTHING = Rights()


class Backend(Protocol):
    """One database backend's own parts."""

    name: str

    def url(self, url: URL) -> URL:
        """The URL with this backend's driver named."""

    def engine_options(self, url: URL) -> dict[str, Any]:
        """Keyword arguments for `create_engine`."""

    def prepare(self, engine: Engine) -> None:
        """Attach what every connection of `engine` needs (event listeners)."""

    def failure(self, orig: BaseException, where: str, what: str) -> QuizError | None:
        """The plain message for a driver error the user can act on; None for a bug."""

    def rights(self, connect: Callable[[], AbstractContextManager[Connection]]) -> Rights:
        """What the connected user may do (`connect` opens a connection if one is needed)."""

    def size(self, conn: Connection) -> int:
        """The number of questions, near enough and cheaply (for sizing a big import)."""


def for_name(name: str) -> Backend:
    """The backend called `name` ("sqlite" or "postgresql")."""
    if name == "sqlite":
        from quiz.core.backends.sqlite import SQLITE

        return SQLITE
    if name == "postgresql":
        from quiz.core.backends.postgres import POSTGRES

        return POSTGRES
    raise ValueError(name)
