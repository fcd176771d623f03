"""A class on one PostgreSQL server: the schema and who may do what, by the server's own roles.

`init(url)` is run once by the database's owner (the teacher): it builds or upgrades the schema
(the same migrations as SQLite), seeds the bank, and turns on the rules below. `grant(url,
role, as_)` gives an existing PostgreSQL role (a student's login) its rights. There are no
passwords of our own: logins, passwords and `pg_hba.conf` are the server's business.

The rules (row-level security on the score tables, plain grants elsewhere):
- a player reads the bank and every score, and records games under their own name only: a
  `player` row whose key is their role's name, games of that player, and answers only to a game
  recorded in the same transaction (so no answers are added to an old game);
- nobody but the owner updates or deletes a player, a game or an answer (no resets, no edits);
- an editor is a player who may also change the bank (articles, facts, questions, sources).
Scores are computed by the client: the server guards whose name a game is under, not whether
its score was earned (a determined student with `psql` could record a game with any score).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quiz.core.errors import QuizError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from quiz.core.db import Database

BANK = ("article", "fact", "question", "source")
SCORES = ("player", "game", "answer", "game_key")
READ_ONLY = ("alembic_version",)
ROLES = ("player", "editor")

_ME = "lower(current_user::text)"
# The id of the current transaction, as a row's xmin shows it (xid wraps at 2^32).
_THIS_XACT = "mod(pg_current_xact_id()::text::bigint, 4294967296)::text"
# The player's own games recorded in this very transaction.
_MINE_NOW = ("(SELECT g.id FROM game AS g JOIN player AS p ON p.id = g.player_id "
             f"WHERE p.key = {_ME} AND g.xmin::text = {_THIS_XACT})")
POLICIES = {
    "player": (
        "FOR SELECT USING (true)",
        f"FOR INSERT WITH CHECK (key = {_ME})",
    ),
    "game": (
        "FOR SELECT USING (true)",
        f"FOR INSERT WITH CHECK (player_id IN (SELECT id FROM player WHERE key = {_ME}))",
    ),
    "answer": (
        "FOR SELECT USING (true)",
        f"FOR INSERT WITH CHECK (game_id IN {_MINE_NOW})",
    ),
    "game_key": (
        "FOR SELECT USING (true)",
        f"FOR INSERT WITH CHECK (game_id IN {_MINE_NOW})",
    ),
}


def _require_server(db: Database) -> None:
    if db.backend.name != "postgresql":
        raise QuizError(f"`quiz server` works on a PostgreSQL database (--db "
                        f"postgresql://...); {db.name} is a file on this computer, whose "
                        f"owner may do everything")


def _owner_only(conn: Connection, what: str) -> None:
    owns = conn.exec_driver_sql(
        "SELECT pg_has_role(d.datdba, 'MEMBER') OR r.rolsuper FROM pg_database AS d, "
        "pg_roles AS r WHERE d.datname = current_database() AND r.rolname = current_user"
    ).scalar()
    if not owns:
        user = conn.exec_driver_sql("SELECT current_user").scalar()
        raise QuizError(f"{what} is for the database's owner; the role {user!r} does not own "
                        f"it (connect as the owner, e.g. the teacher's role)")


def _quote(conn: Connection, name: str) -> str:
    return str(conn.dialect.identifier_preparer.quote_identifier(name))


def init(url: str) -> str:
    """Build or upgrade the schema, seed the bank, and turn on the permission rules; what was
    done, in one line. For the database's owner."""
    from quiz.core.db import Database, open_database

    probe = Database(url)
    try:
        _require_server(probe)
        with probe.connect(what="server set-up") as conn:
            _owner_only(conn, "`quiz server init`")
    finally:
        probe.dispose()
    db = open_database(url)  # migrations (0007: the trigram indexes) and the seeded bank
    try:
        with db.connect(write=True, what="server set-up") as conn, conn.begin():
            for table in SCORES:
                conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
                for i, rule in enumerate(POLICIES[table]):
                    name = f"quiz_{table}_{i}"
                    conn.exec_driver_sql(f"DROP POLICY IF EXISTS {name} ON {table}")
                    conn.exec_driver_sql(f"CREATE POLICY {name} ON {table} {rule}")
            tables = ", ".join(BANK + SCORES + READ_ONLY)
            conn.exec_driver_sql(f"REVOKE ALL ON {tables} FROM PUBLIC")
            count = conn.exec_driver_sql("SELECT count(*) FROM question").scalar()
        return (f"{db.name} is ready: schema at the newest revision, {count} questions, "
                f"row-level security on {', '.join(SCORES)}")
    finally:
        db.dispose()


def grant(url: str, role: str, as_: str) -> str:
    """Give the existing PostgreSQL `role` the rights of a player or an editor (replacing what
    it had on the quiz's tables); what was done, in one line. For the database's owner."""
    from quiz.core.db import open_database

    if as_ not in ROLES:
        raise QuizError(f"--as must be one of {', '.join(ROLES)}, not {as_!r}")
    db = open_database(url, seed=False)
    try:
        _require_server(db)
        with db.connect(write=True, what="grant") as conn, conn.begin():
            _owner_only(conn, "`quiz server grant`")
            if conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %(r)s",
                                    {"r": role}).first() is None:
                raise QuizError(f"the server has no role named {role!r}: create it first "
                                f"(CREATE ROLE {role} LOGIN PASSWORD '...')")
            secure = conn.exec_driver_sql(
                "SELECT bool_and(relrowsecurity) FROM pg_class WHERE oid IN "
                "('player'::regclass, 'game'::regclass, 'answer'::regclass, "
                "'game_key'::regclass)").scalar()
            if not secure:
                raise QuizError("run `quiz server init` first: the score tables are not "
                                "guarded yet")
            who = _quote(conn, role)
            everything = ", ".join(BANK + SCORES + READ_ONLY)
            conn.exec_driver_sql(f"REVOKE ALL ON {everything} FROM {who}")
            conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {who}")
            conn.exec_driver_sql(f"GRANT SELECT ON {everything} TO {who}")
            conn.exec_driver_sql(f"GRANT INSERT ON {', '.join(SCORES)} TO {who}")
            sequences = ["player_id_seq", "game_id_seq", "answer_id_seq"]
            if as_ == "editor":
                conn.exec_driver_sql(f"GRANT INSERT, UPDATE, DELETE ON {', '.join(BANK)} "
                                     f"TO {who}")
                sequences.append("source_id_seq")
            conn.exec_driver_sql(f"GRANT USAGE ON SEQUENCE {', '.join(sequences)} TO {who}")
        may = "read the bank and the scores and record their own games" + (
            ", and change the bank" if as_ == "editor" else "")
        article = "an" if as_ == "editor" else "a"
        return f"{role} is now {article} {as_} on {db.name}: may {may}"
    finally:
        db.dispose()
