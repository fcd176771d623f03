"""Small helpers tests use to look at a database on either backend, outside the app's code."""

from __future__ import annotations

import hashlib

from sqlalchemy import text


def rows(url: str, sql: str, **params: object) -> list[tuple]:
    """The rows of one query (named parameters, `:name`), on a connection of its own."""
    from quiz.core.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


def bank_digest(url: str) -> str:
    """A fingerprint of the bank's content, to prove a rejected command changed nothing."""
    found = rows(url, "SELECT * FROM question ORDER BY id")
    found += rows(url, "SELECT question_id, quote FROM source ORDER BY id")
    found += rows(url, "SELECT id, text FROM article ORDER BY id")
    return hashlib.sha256(repr(found).encode()).hexdigest()
