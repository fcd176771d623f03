"""PostgreSQL: a server shared by a class, reached through psycopg 3 (the `[server]` extra).

Every wait on the network is bounded: connecting gives up after `CONNECT_TIMEOUT_S`, a statement
after `STATEMENT_TIMEOUT_MS`, a connection whose server went away silently is noticed by TCP
keepalives within about half a minute, and a pooled connection is checked before use (a server
restarted meanwhile costs a reconnect, not an error) — except for the reads a new game waits
for, which save that round trip and reconnect when they find their connection dead
(`postgres_reads.checked_out`). What a user may do is the server's own
business: `rights` reads the grants `quiz server grant` gave the connected role.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.engine import URL, Connection, Engine

from quiz.core.backends import Reads, Rights, SearchIndex
from quiz.core.errors import QuizError, ServerAway

DRIVER = "psycopg"
CONNECT_TIMEOUT_S = 5
STATEMENT_TIMEOUT_MS = 30_000
POOL_SIZE = 4  # a desktop client: a reader, a writer and a little room
POOL_OVERFLOW = 4
POOL_WAIT_S = 10

_AWAY = ("08", "57P")  # connection exceptions; the server shutting down or starting up
# What a refused connection says when it is worth trying again (a connection error has no
# SQLSTATE): a restart, a database closed for maintenance, a full server.
_TRANSIENT = ("shutting down", "starting up", "not currently accepting connections",
              "recovery mode", "too many clients", "remaining connection slots")


# Set while the game's reads check a connection out: they reconnect on their own (see `prepare`).
UNPINGED: ContextVar[bool] = ContextVar("quiz_unpinged_checkout", default=False)


def _first_line(orig: BaseException) -> str:
    diag = getattr(orig, "diag", None)
    primary = getattr(diag, "message_primary", None)
    text = primary or str(orig)
    return text.strip().splitlines()[0] if text.strip() else type(orig).__name__


class Postgres:
    name = "postgresql"

    def url(self, url: URL) -> URL:
        # `postgresql://` means whatever driver SQLAlchemy prefers; ours is psycopg 3.
        return url.set(drivername=f"postgresql+{DRIVER}") if url.drivername == "postgresql" \
            else url

    def engine_options(self, url: URL) -> dict[str, Any]:
        return {
            "pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW, "pool_timeout": POOL_WAIT_S,
            "pool_pre_ping": False,  # our own, in `prepare`
            "connect_args": {
                "connect_timeout": CONNECT_TIMEOUT_S,
                "options": f"-c statement_timeout={STATEMENT_TIMEOUT_MS}",
                "application_name": "kpop-quiz",
                "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5,
                "keepalives_count": 3,
            },
        }

    def prepare(self, engine: Engine) -> None:
        # SQLAlchemy's pool_pre_ping, but left out where UNPINGED says the caller reconnects
        # itself: each checkout is otherwise one more round trip before any work. (READ
        # COMMITTED and row locks need nothing per connection.)
        dialect = engine.dialect

        def ping(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
            if UNPINGED.get():
                return
            try:
                dialect.do_ping(dbapi_conn)
            except dialect.loaded_dbapi.Error as error:
                if dialect.is_disconnect(error, dbapi_conn, None):
                    # as pre-ping does: every connection older than this one is stale too
                    raise exc.InvalidatePoolError(str(error)) from error
                raise

        event.listen(engine, "checkout", ping)

    def failure(self, orig: BaseException, where: str, what: str) -> QuizError | None:
        import psycopg

        if not isinstance(orig, psycopg.Error):
            return None
        state = orig.sqlstate or ""
        detail = _first_line(orig)
        if state == "42501":
            return QuizError(f"{where} refused this {what}: your database role may not do it "
                             f"({detail}); nothing was changed (the owner gives rights with "
                             f"`quiz server grant ROLE --as player|editor`)")
        if state == "57014":
            return QuizError(f"{where} took longer than {STATEMENT_TIMEOUT_MS // 1000} s to "
                             f"answer, so the {what} was stopped; nothing was saved from it: "
                             f"try again")
        if state in ("40001", "40P01"):
            return QuizError(f"{where} was busy with another change to the same rows; nothing "
                             f"was saved from this {what}: try again")
        if state.startswith("53"):
            return QuizError(f"{where} is out of room ({detail}); nothing was saved from this "
                             f"{what}")
        if state.startswith("28"):
            return QuizError(f"{where} refused the login ({detail}); check the user name and "
                             f"password in the URL")
        if state == "3D000":
            return QuizError(f"{where} does not exist on the server ({detail})")
        if "NUL (0x00)" in detail or state == "22021" and "0x00" in detail:
            return QuizError(f"{where} cannot store a text that holds a NUL character "
                             f"(\\u0000 in a bank file); nothing was saved from this {what}: "
                             f"take the character out and try again")
        transient = any(t in detail for t in _TRANSIENT)
        if isinstance(orig, psycopg.OperationalError) and not state and "FATAL:" in detail \
                and not transient:
            refusal = detail.split("FATAL:", 1)[1].strip()  # no such role, database, password
            return QuizError(f"the server of {where} refused the connection ({refusal}); check "
                             f"the user name, password and database name in the URL")
        if state.startswith(_AWAY) or transient or \
                isinstance(orig, psycopg.OperationalError) and not state:
            return ServerAway(f"cannot reach the server of {where} ({detail}); nothing was "
                             f"saved from this {what}: try again when it is back")
        return None

    def rights(self, connect: Callable[[], AbstractContextManager[Connection]]) -> Rights:
        with connect() as conn:
            row = conn.exec_driver_sql(
                "SELECT current_user, "
                "has_table_privilege('question', 'INSERT') AND has_table_privilege('question', "
                "'UPDATE') AND has_table_privilege('question', 'DELETE'), "
                "has_table_privilege('game', 'INSERT'), has_table_privilege('game', 'DELETE'), "
                "(SELECT relrowsecurity FROM pg_class WHERE oid = 'game'::regclass) AND NOT "
                "(pg_has_role((SELECT relowner FROM pg_class WHERE oid = 'game'::regclass), "
                "'MEMBER') OR (SELECT rolsuper OR rolbypassrls FROM pg_roles "
                "WHERE rolname = current_user))").one()
        user, edit, record, reset, own_only = row
        reasons = []
        if not edit:
            reasons.append(f"the role {user!r} may not change the question bank (its owner "
                           f"can make you an editor)")
        if not record:
            reasons.append(f"the database role {user!r} may not record games")
        elif own_only:
            reasons.append(f"your games are recorded as {user!r}")
        return Rights(edit_bank=bool(edit), record_games=bool(record), reset_scores=bool(reset),
                      player=str(user) if own_only else None, reason="; ".join(reasons))

    def size(self, conn: Connection) -> int:
        # The planner's estimate: a count of a big table reads all of it.
        estimate = conn.exec_driver_sql(
            "SELECT reltuples FROM pg_class WHERE oid = 'question'::regclass").scalar()
        return max(int(estimate or 0), 0)

    def reads(self, driver: Any) -> Reads:
        from quiz.core.backends.postgres_reads import PostgresReads

        return PostgresReads(driver)

    def reading(self, engine: Engine) -> AbstractContextManager[Reads]:
        from quiz.core.backends.postgres_reads import checked_out

        return checked_out(engine)

    def search_index(self) -> SearchIndex | None:
        from quiz.core.backends.postgres_search import TRIGRAM

        return TRIGRAM


POSTGRES = Postgres()
