"""What differs between the two database backends, behind one interface.

`for_name(name)` gives the backend of a database URL's scheme: `sqlite` (a file on this computer) or
`postgresql` (a server shared by a class). Each knows how to make its engine (SQLite's PRAGMAs
and BEGIN IMMEDIATE; PostgreSQL's driver, pool and timeouts), how to say in one plain line what
a driver error means, what the connected user may do (`Rights`), and how to make the reads a
new game waits for (`Reads`: the keyed draw and the cards, on the driver's own connection).
Code elsewhere asks the backend instead of testing the dialect's name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.sql.expression import ColumnElement

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


# A question as a card is made of it: id, type, category, difficulty, question, correct answer,
# wrong answers, accepted answers, explanation, fact id.
QuestionRow = tuple[str, str, str, str, str, str, list[str], list[str], str, str | None]
SourceRow = tuple[str, str, str, int, int]  # question id, article id, quote, start, end
Pair = tuple[str, str]  # (category, difficulty)


class Reads(Protocol):
    """The reads a new game waits for, as a backend writes them on its driver's own connection
    (SQLAlchemy's work per statement would be most of their time). Each takes a batch, so a
    server is asked once for it (one round trip), not once per item."""

    def category_names(self) -> list[str]:
        """Every category in the bank, sorted (one index seek each, not a scan)."""

    def player_id(self, key: str) -> int | None:
        """The id of the player with name key `key`, if any."""

    def first_keys(self, pairs: Sequence[Pair], n: int) -> list[list[int]]:
        """For each pair, the `n` smallest draw keys (`question.shuffle`) of its questions."""

    def unseen_runs(self, seeks: Sequence[tuple[int, str, str]], run: int, player_key: str
                    ) -> list[list[str]]:
        """For each (key, category, difficulty), the ids of the first `run` questions of that
        pair at or after `key` in the draw order (`ix_question_draw` alone, no question row),
        less those the player with name key `player_key` has been asked (on a server, the
        seeks and that lookup are one statement)."""

    def seen_counts(self, player_id: int) -> dict[str, int]:
        """How often the player has been asked each question."""

    def matching_ids(self, category: str | None, difficulty: str | None) -> list[str]:
        """Every question id of the category and difficulty (None: any)."""

    def questions(self, ids: Sequence[str]) -> list[QuestionRow]:
        """The questions of `ids` (any order; missing ones left out)."""

    def sources(self, ids: Sequence[str]) -> list[SourceRow]:
        """The sources of questions `ids`, in their order within each question."""

    def bylines(self, article_ids: Sequence[str]) -> list[tuple[str, str, str, str]]:
        """(id, title, publication, author) of the articles `article_ids`."""

    def fact_answers(self, fact_ids: Sequence[str]) -> dict[str, str]:
        """The answer of each fact of `fact_ids`."""


class SearchIndex(Protocol):
    """A backend's text search for the editor (`quiz.core.search` builds pages on it): SQL that
    holds for a `question` row when every word (folded, see `search.fold`) is a substring of
    its stem, an answer or a quote, ignoring case."""

    def condition(self, conn: Connection, words: Sequence[str]) -> ColumnElement[bool]:
        """The words looked up in the index (it may ask `conn` which words are where)."""

    def row_condition(self, words: Sequence[str]) -> ColumnElement[bool]:
        """The words tested on each row alone: for rows read in page order (a walk)."""

    def common(self, conn: Connection, words: Sequence[str], threshold: int) -> bool:
        """Whether every word is common: in some quote, or in at least `threshold` stems and
        answers (one capped index probe a word). Then a walk in page order finds a page
        sooner than the index, which gathers every match first."""


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

    def reads(self, driver: Any) -> Reads:
        """The game's reads on `driver` (a driver connection already in a transaction)."""

    def reading(self, engine: Engine) -> AbstractContextManager[Reads]:
        """The game's reads on a pooled connection of `engine`, in one read transaction of
        their own (on a server: in autocommit), the connection given back at the end."""

    def search_index(self) -> SearchIndex | None:
        """The editor's text search index, if this database keeps one."""


def for_name(name: str) -> Backend:
    """The backend called `name` ("sqlite" or "postgresql")."""
    if name == "sqlite":
        from quiz.core.backends.sqlite import SQLITE

        return SQLITE
    if name == "postgresql":
        from quiz.core.backends.postgres import POSTGRES

        return POSTGRES
    raise ValueError(name)
