"""Schema migrations: the baseline matches the models, every revision upgrades the committed
fixture with all rows kept, upgrades are backed up first and all or nothing, and a newer schema
is refused untouched.

`tests/data/quiz-0001.sqlite3` was made by revision 0001 (see tests/data/make_fixture.py).
When a revision is added, make its fixture too; `test_each_fixture_upgrades_to_head` then
upgrades every older fixture through every later migration.
"""

from __future__ import annotations

import hashlib
import sqlite3
import textwrap
from pathlib import Path

import pytest
from sqlmodel import SQLModel

from quiz.core import backup, migrations, models
from quiz.core.db import Database, open_database
from quiz.core.errors import NewerSchema, QuizError

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURES = sorted(DATA.glob("quiz-*.sqlite3"))
TABLES = ("article", "fact", "question", "source", "player", "game", "answer")

pytestmark = [pytest.mark.sqlite_only(
    reason="the migration fixtures are SQLite files of each released schema")]



def copy_of(fixture: Path, tmp_path: Path) -> Path:
    target = tmp_path / "quiz.sqlite3"
    src, dst = sqlite3.connect(fixture), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target


def columns(path: Path) -> dict[str, list[str]]:
    """The columns of every table."""
    conn = sqlite3.connect(path)
    try:
        return {t: [r[1] for r in conn.execute(f"PRAGMA table_info({t})")] for t in TABLES}
    finally:
        conn.close()


def rows(path: Path, only: dict[str, list[str]] | None = None) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, sorted (what a migration must keep); `only` names the columns
    to read (a migration may add columns, never change what was there)."""
    names = only or columns(path)
    conn = sqlite3.connect(path)
    try:
        return {t: sorted(conn.execute(
            f"SELECT {', '.join(f'[{c}]' for c in names[t])} FROM {t}").fetchall(), key=repr)
                for t in TABLES}
    finally:
        conn.close()


def revision(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        conn.close()


def checks(path: Path) -> tuple[str, list[object]]:
    conn = sqlite3.connect(path)
    try:
        return (conn.execute("PRAGMA integrity_check").fetchone()[0],
                conn.execute("PRAGMA foreign_key_check").fetchall())
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_revision_ids_are_file_numbers_in_one_line_of_history() -> None:
    from alembic.script import ScriptDirectory

    from quiz.core.migrations import _config

    script = ScriptDirectory.from_config(_config(None, None))  # type: ignore[arg-type]
    chain = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    assert chain == migrations.known_revisions()
    assert script.get_current_head() == migrations.head()
    assert chain[0] == migrations.BASELINE


def test_a_fixture_exists_for_the_head_revision() -> None:
    assert DATA / f"quiz-{migrations.head()}.sqlite3" in FIXTURES


def test_a_new_database_matches_the_models(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    db = open_database(f"sqlite:///{tmp_path / 'new.sqlite3'}", seed=False)
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                SQLModel.metadata)
    db.dispose()
    # Not in the models: Alembic's own table, the search index and its quote index (SQLite DDL
    # in models.py) and the editor's sort indexes (models.SORT_INDEXES).
    extras = {"alembic_version", models.SEARCH_PENDING, models.ASKED_TABLE, "ix_source_quote",
              models.QUOTE_SEEN,
              "ix_question_type",
              "ix_question_difficulty", "ix_question_origin", "ix_question_category_id"}
    left = [d for d in diff if not (d[0] in ("remove_table", "remove_index")
                                    and (d[1].name in extras
                                         or d[1].name.startswith((models.SEARCH_TABLE,
                                                                  models.QUOTE_SEARCH))))]
    assert left == []
    assert len(diff) > len(left)  # the filter above is not vacuous


def _search_schema(path: Path) -> dict[str, str]:
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE name LIKE "
                                 "'%search%' OR name LIKE 'ix_question_%'").fetchall())
    finally:
        conn.close()


def test_the_baseline_search_index_is_what_the_models_create(tmp_path: Path) -> None:
    """models.SEARCH_DDL changing without a migration fails here."""
    migrated = tmp_path / "migrated.sqlite3"
    open_database(f"sqlite:///{migrated}", seed=False).dispose()
    created = tmp_path / "created.sqlite3"
    db = Database(f"sqlite:///{created}")
    SQLModel.metadata.create_all(db.engine)  # fires models' after_create DDL
    db.dispose()
    assert _search_schema(migrated) == _search_schema(created)
    assert models.SEARCH_TABLE in _search_schema(migrated)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_each_fixture_upgrades_to_head_with_all_rows_kept(fixture: Path, tmp_path: Path) -> None:
    path = copy_of(fixture, tmp_path)
    before, old_columns = rows(path), columns(path)
    assert sum(map(len, before.values())) > 300
    db = open_database(f"sqlite:///{path}")
    assert not db.is_empty()
    db.dispose()
    assert revision(path) == migrations.head()
    assert rows(path, old_columns) == before
    assert checks(path) == ("ok", [])


def test_upgrading_to_0002_gives_every_question_its_own_draw_key(tmp_path: Path) -> None:
    path = copy_of(DATA / "quiz-0001.sqlite3", tmp_path)
    open_database(f"sqlite:///{path}").dispose()
    conn = sqlite3.connect(path)
    try:
        total, keyed, distinct = conn.execute(
            "SELECT count(*), count(shuffle), count(DISTINCT shuffle) FROM question").fetchone()
        assert total > 200 and keyed == distinct == total
        plan = " ".join(r[3] for r in conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM question WHERE category = 'Sequel' AND "
            "difficulty = 'hard' AND shuffle >= 0 ORDER BY shuffle LIMIT 1"))
        assert "COVERING INDEX ix_question_draw" in plan
        # A row stored by hand, without a key, gets one from the trigger.
        conn.execute("INSERT INTO question (id, type, category, difficulty, question, "
                     "correct_answer, incorrect_answers, accepted_answers, explanation, origin, "
                     "updated_at) VALUES ('by-hand', 'text', 'Mine', 'easy', 'Q?', 'A', '[]', "
                     "'[]', '', 'user', '2026-01-01')")
        assert conn.execute("SELECT shuffle FROM question WHERE id = 'by-hand'").fetchone()[0] \
            is not None
    finally:
        conn.close()


def test_a_database_from_before_migrations_is_stamped_and_backed_up(tmp_path: Path) -> None:
    path = copy_of(FIXTURES[0], tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE alembic_version")
    conn.commit()
    conn.close()
    before, old_columns = rows(path), columns(path)
    open_database(f"sqlite:///{path}").dispose()
    assert revision(path) == migrations.head()
    assert rows(path, old_columns) == before
    [made] = backup.listing(path)
    assert made.reason == "migration"


# -- a later revision, tried from a folder of its own ---------------------------------------------

BATCH_REVISION = '''
    """Test revision: a column on game, added the SQLite way (batch: copy the table)."""
    import sqlalchemy as sa
    from alembic import op

    revision = "{rev}"
    down_revision = "{down}"
    branch_labels = None
    depends_on = None


    def upgrade() -> None:
        with op.batch_alter_table("game", recreate="always") as batch:
            batch.add_column(sa.Column("device", sa.String(), nullable=False,
                                       server_default="desktop"))
        {extra}


    def downgrade() -> None:
        raise NotImplementedError
'''


def later_revision(tmp_path: Path, extra: str = "") -> Path:
    folder = tmp_path / "versions"
    folder.mkdir()
    head = migrations.head()
    rev = f"{int(head) + 1:04d}"
    (folder / f"{rev}_test.py").write_text(
        textwrap.dedent(BATCH_REVISION).format(rev=rev, down=head, extra=extra or "pass"),
        encoding="utf-8")
    return folder


def test_a_batch_migration_keeps_every_row_and_is_backed_up_first(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(migrations, "EXTRA", later_revision(tmp_path))
    path = copy_of(FIXTURES[-1], tmp_path)
    before = rows(path)
    open_database(f"sqlite:///{path}").dispose()
    assert revision(path) == migrations.head()
    after = rows(path)
    # The game table was copied and dropped: with foreign keys on, ON DELETE CASCADE would
    # have emptied `answer`. Every answer is still there.
    assert after["answer"] == before["answer"] and before["answer"]
    assert [r[:-1] for r in after["game"]] == before["game"]
    assert {r[-1] for r in after["game"]} == {"desktop"}
    assert checks(path) == ("ok", [])
    conn = sqlite3.connect(path)
    fks = conn.execute("PRAGMA foreign_key_list(answer)").fetchall()
    triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = "
                                           "'trigger' AND tbl_name = 'game'")}
    conn.close()
    assert {fk[2] for fk in fks} == {"game", "question"}  # constraints survive the copy
    assert triggers == {"asked_gd", "asked_gu"}  # dropped with the old table, put back
    [made] = backup.listing(path)
    assert made.reason == "migration" and revision(made.path) == FIXTURES[-1].stem[5:]


def test_a_migration_that_breaks_a_foreign_key_is_undone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    orphan = ('op.execute("INSERT INTO answer (game_id, position, given, correct, timed_out, '
              'elapsed_s, points) VALUES (999999, 0, \'x\', 0, 0, 0, 0)")')
    monkeypatch.setattr(migrations, "EXTRA", later_revision(tmp_path, orphan))
    path = copy_of(FIXTURES[-1], tmp_path)
    before = rows(path)
    with pytest.raises(QuizError, match="upgrade was undone"):
        open_database(f"sqlite:///{path}")
    assert revision(path) == FIXTURES[-1].stem[5:]
    assert rows(path) == before
    assert checks(path) == ("ok", [])


def test_a_newer_schema_is_refused_without_being_touched(tmp_path: Path) -> None:
    path = copy_of(FIXTURES[-1], tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(NewerSchema) as caught:
        open_database(f"sqlite:///{path}")
    message = str(caught.value)
    assert message.startswith(f"database {path} was made by a newer version of the quiz")
    assert "9999" in message and "not changed" in message and "\n" not in message
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["quiz.sqlite3"]  # not even a backup


def test_cli_on_a_newer_schema_prints_one_line(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from quiz import cli

    path = copy_of(FIXTURES[-1], tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    assert cli.main(["--db", f"sqlite:///{path}", "scores"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("quiz: error: database ") and "newer version" in line


def test_upgrading_to_0003_fills_what_each_player_was_asked(tmp_path: Path) -> None:
    path = copy_of(DATA / "quiz-0002.sqlite3", tmp_path)
    open_database(f"sqlite:///{path}").dispose()
    conn = sqlite3.connect(path)
    try:
        truth = conn.execute(
            "SELECT g.player_id, a.question_id, count(*) FROM answer a JOIN game g "
            "ON g.id = a.game_id WHERE a.question_id IS NOT NULL "
            "GROUP BY g.player_id, a.question_id ORDER BY 1, 2").fetchall()
        asked = conn.execute("SELECT player_id, question_id, times FROM asked "
                             "ORDER BY 1, 2").fetchall()
    finally:
        conn.close()
    assert len(truth) > 50 and asked == truth


def test_a_bank_made_without_a_search_index_gets_one_filled(tmp_path: Path) -> None:
    """A bank made where SQLite had no trigram tokenizer, opened where it has one."""
    from quiz.core import search

    path = copy_of(DATA / "quiz-0004.sqlite3", tmp_path)
    conn = sqlite3.connect(path)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                "AND name LIKE '%search%'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("DROP TABLE question_search")
    conn.execute("DROP TABLE question_search_pending")
    conn.commit()
    conn.close()
    db = open_database(f"sqlite:///{path}")
    try:
        assert search.count(db, search.Filter(text="netflix")) > 10
        assert search.count(db, search.Filter(text="screens everywhere")) > 0  # a quote
    finally:
        db.dispose()
