"""Schema migrations (Alembic), run in code: there is no alembic.ini.

Revision ids are the number their file name starts with (`versions/0001_baseline.py` is
"0001"), so the app knows which revisions it has without importing Alembic: opening a database
that is already at the head costs one query. `upgrade` runs the missing revisions in one
transaction, with foreign keys off on SQLite (batch migrations copy tables), and checks
integrity and foreign keys before it commits: a migration that breaks either is rolled back.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from quiz.core.errors import QuizError

VERSIONS = Path(__file__).resolve().parent / "versions"
VERSION_TABLE = "alembic_version"
BASELINE = "0001"
# A folder of further revisions, tried as if shipped (tests set it; the app never does).
EXTRA: Path | None = None


def known_revisions(extra: Path | None = None) -> list[str]:
    """Every revision this app can migrate to, oldest first."""
    extra = extra or EXTRA
    folders = [VERSIONS] + ([extra] if extra else [])
    return sorted(p.name.split("_", 1)[0] for folder in folders for p in folder.glob("[0-9]*_*.py"))


def head(extra: Path | None = None) -> str:
    """The newest revision: what a database must be at to be used."""
    return known_revisions(extra)[-1]


def current(conn: Connection) -> str | None:
    """The revision the database is at; None if it has never been migrated (or is empty)."""
    if not inspect(conn).has_table(VERSION_TABLE):
        return None
    return conn.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}").scalar()


def _config(conn: Connection | None, extra: Path | None):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    extra = extra or EXTRA
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).resolve().parent))
    locations = [str(VERSIONS)] + ([str(extra)] if extra else [])
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_locations", os.pathsep.join(locations))
    cfg.attributes["connection"] = conn
    return cfg


def upgrade(engine: Engine, stamp_baseline: bool = False, extra: Path | None = None) -> None:
    """Bring the database to the head revision, all or nothing.

    `stamp_baseline` first records that an unversioned database already has the baseline
    schema (it was made before migrations existed). `extra` adds a folder of revisions
    (tests use it to try a migration the app does not ship yet).
    """
    from alembic import command

    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        if sqlite:
            # Must be set outside a transaction; a batch migration copies and drops tables.
            # The old ALTER TABLE ... RENAME does not re-read other tables' triggers, which
            # name the table a batch migration has just dropped (see _restore_derived).
            raw.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
            raw.execute("PRAGMA legacy_alter_table=ON")  # type: ignore[union-attr]
        try:
            with conn.begin():
                cfg = _config(conn, extra)
                if stamp_baseline:
                    command.stamp(cfg, BASELINE)
                command.upgrade(cfg, "head")
                if sqlite:
                    _restore_derived(conn)
                    _check(conn)
        except DBAPIError as exc:
            raise QuizError(f"the database could not be upgraded ({exc.orig}); it was not "
                            f"changed") from None
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]
                raw.execute("PRAGMA legacy_alter_table=OFF")  # type: ignore[union-attr]


def _restore_derived(conn: Connection) -> None:
    """Put back the triggers a batch migration dropped with the table it copied (the live
    definitions in `quiz.core.models`), and refill the `asked` table if its were gone. (The
    search index's triggers come back too; a migration that copies `question` or `source`
    must also rebuild the index, whose rows follow the question rowids.)"""
    from quiz.core import models

    names = {str(name) for (name,) in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
    asked_gone = not {"asked_ai", "asked_ad", "asked_au", "asked_gd", "asked_gu"} <= names
    search = models.SEARCH_DDL if models.has_search_index("sqlite") else ()
    # A bank made where SQLite had no trigram tokenizer gets its search indexes here: filled.
    search_new = bool(search) and not {models.SEARCH_TABLE, models.QUOTE_SEARCH} <= names
    for statement in models.SHUFFLE_DDL + models.ASKED_DDL + search:
        conn.exec_driver_sql(statement)
    if search_new:
        for statement in models.SEARCH_REBUILD:
            conn.exec_driver_sql(statement)
    if asked_gone:
        conn.exec_driver_sql(f"DELETE FROM {models.ASKED_TABLE}")
        conn.exec_driver_sql(models.ASKED_FILL)


def _check(conn: Connection) -> None:
    """Refuse (roll back) a migration that left broken rows or a damaged file."""
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").first()
    if broken is not None:
        raise QuizError(f"the database upgrade left a row of table {broken[0]!r} pointing at a "
                        f"missing {broken[2]!r} row; the upgrade was undone")
    check = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
    if check != "ok":
        raise QuizError(f"the database upgrade failed its integrity check ({check}); the "
                        f"upgrade was undone")
