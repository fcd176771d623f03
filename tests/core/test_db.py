"""Opening databases: safe SQLite settings, and plain errors for bad URLs and bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from quiz.core.db import open_database
from quiz.core.errors import QuizError


@pytest.mark.sqlite_only(reason="SQLite's PRAGMAs")
def test_sqlite_runs_in_wal_with_foreign_keys(db) -> None:
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_first_open_seeds_the_bank(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'new' / 'quiz.sqlite3'}")
    assert not db.is_empty()
    db.dispose()


def test_bank_size_counts_the_questions_and_articles_the_home_screen_shows(db) -> None:
    from sqlalchemy import func
    from sqlmodel import select

    from quiz.core import models

    with db.session() as s:
        questions = s.exec(select(func.count()).select_from(models.Question)).one()
        articles = s.exec(select(func.count()).select_from(models.Article)).one()
    assert questions > 100 and articles >= 2
    assert db.bank_size() == (questions, articles)
    with db.connect(write=True) as conn, conn.begin():
        conn.exec_driver_sql("DELETE FROM source")
        conn.exec_driver_sql("DELETE FROM question WHERE id IN "
                             "(SELECT id FROM question ORDER BY id LIMIT 3)")
    assert db.bank_size() == (questions - 3, articles)


@pytest.mark.parametrize(("url", "message"), [
    ("mysql://localhost/quiz", "unsupported scheme 'mysql'"),
    ("not a url", "not a valid URL"),
])
def test_bad_urls_are_named(url: str, message: str) -> None:
    with pytest.raises(QuizError, match=message):
        open_database(url)


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.sqlite3"
    bogus.write_bytes(b"these are my notes, not a database" * 100)
    with pytest.raises(QuizError, match="cannot open database"):
        open_database(f"sqlite:///{bogus}")
    assert bogus.read_bytes().startswith(b"these are my notes")


def test_someone_elses_database_is_left_alone(tmp_path: Path) -> None:
    import sqlite3

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(QuizError, match="not a quiz database"):
        open_database(f"sqlite:///{other}")
    with sqlite3.connect(other) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert tables == {"invoices"}


def test_the_search_table_name_is_the_same_in_db_and_models() -> None:
    from quiz.core import db as db_module
    from quiz.core import models

    assert db_module.SEARCH_TABLE == models.SEARCH_TABLE
