"""Alembic's entry point, run by `quiz.core.migrations.upgrade` on a connection it provides.

There is no alembic.ini: the runner builds the configuration in code and passes the open
connection (already in its transaction, foreign keys off on SQLite) in `config.attributes`.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from quiz.core import models  # noqa: F401 - registers the tables on SQLModel.metadata

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("quiz migrations run through quiz.core.migrations.upgrade, not the "
                       "alembic command line")
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move the table instead
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
