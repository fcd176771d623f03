"""A class on one PostgreSQL server: `quiz server init` / `grant`, and what each role may do.

Runs against the real throwaway server of tests/conftest.py. A player role tries every write it
must not make, in SQL and through the app; each is refused by the server and changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from quiz.cli import main
from quiz.core import history, leaderboard, progress
from quiz.core.db import open_database
from quiz.core.errors import QuizError
from quiz.core.game import Card, Game, mode
from tests.dbtools import bank_digest, rows
from tests.pgserver import Classroom


def _game(db, player: str, seed: int = 1) -> int:  # type: ignore[no-untyped-def]
    from quiz.core import bank

    cards: list[Card] = bank.draw(db, mode("classic"), player, count=5, seed=seed)
    game = Game(cards, mode("classic"))
    card = game.start()
    while card is not None:
        game.answer(card.correct_answer, 2.0)
        card = game.next()
    return history.save(db, player, game.finish())


def _counts(room: Classroom) -> tuple:
    return tuple(rows(room.owner_url, f"SELECT count(*) FROM {t}")[0][0]
                 for t in ("player", "game", "answer", "question", "source", "article"))


def test_each_role_reads_what_it_may_do(classroom: Classroom) -> None:
    for role, edit in ((classroom.player, False), (classroom.editor, True)):
        db = open_database(classroom.url(role))
        try:
            rights = db.rights()
            assert rights.edit_bank is edit and rights.record_games
            assert not rights.reset_scores
            assert rights.player == role  # games go under the role's own name
            assert ("may not change the question bank" in rights.reason) is not edit
        finally:
            db.dispose()
    owner = open_database(classroom.owner_url)
    try:
        assert owner.rights().everything and owner.rights().player is None
    finally:
        owner.dispose()


def test_two_students_games_meet_in_one_leaderboard(classroom: Classroom) -> None:
    first = open_database(classroom.url(classroom.player))
    second = open_database(classroom.url(classroom.other))
    try:
        _game(first, classroom.player)
        _game(second, classroom.other, seed=2)
        board = leaderboard.top(first, "classic")
        assert {e.player for e in board} == {classroom.player, classroom.other}
        assert [e.rank for e in board] == [1, 2]
    finally:
        first.dispose()
        second.dispose()


FORBIDDEN = [
    "INSERT INTO article (id, title, publication, author, url, title_is_descriptive, text) "
    "VALUES ('x', 'x', '', '', '', false, 'x')",
    "UPDATE question SET question = 'changed?'",
    "DELETE FROM question",
    "DELETE FROM source",
    "UPDATE article SET text = ''",
    "DELETE FROM fact",
    "UPDATE game SET score = score + 1000",
    "DELETE FROM game",
    "TRUNCATE game CASCADE",
    "UPDATE answer SET correct = true",
    "DELETE FROM answer",
    "UPDATE player SET name = 'someone'",
    "DELETE FROM player",
    "INSERT INTO player (name, key, created_at) VALUES ('Teacher', 'teacher', now())",
    # a game under another player's name, and answers added to someone else's game
    "INSERT INTO game (player_id, mode, status, score, correct, total, best_streak, "
    "duration_s, started_at, finished_at) SELECT id, 'classic', 'finished', 99999, 5, 5, 5, "
    "1, now(), now() FROM player WHERE key = '{other}'",
    "INSERT INTO answer (game_id, position, given, correct, timed_out, elapsed_s, points) "
    "SELECT g.id, 9, 'x', true, false, 1, 5000 FROM game g JOIN player p ON p.id = g.player_id "
    "WHERE p.key = '{other}'",
    # answers added later to one's own finished game (editing a game)
    "INSERT INTO answer (game_id, position, given, correct, timed_out, elapsed_s, points) "
    "SELECT g.id, 9, 'x', true, false, 1, 5000 FROM game g JOIN player p ON p.id = g.player_id "
    "WHERE p.key = '{me}'",
    "UPDATE alembic_version SET version_num = '9999'",
    "CREATE TABLE mine (id int)",
    "DROP TABLE question CASCADE",
    "ALTER TABLE game DISABLE ROW LEVEL SECURITY",
]


def test_a_player_is_refused_every_forbidden_write_in_sql(classroom: Classroom) -> None:
    for role in (classroom.player, classroom.other):
        db = open_database(classroom.url(role))
        _game(db, role)
        db.dispose()
    before, digest = _counts(classroom), bank_digest(classroom.owner_url)
    with classroom.sql(classroom.player) as conn:
        for statement in FORBIDDEN:
            sql = statement.format(other=classroom.other, me=classroom.player)
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)  # type: ignore[arg-type]
    assert _counts(classroom) == before and bank_digest(classroom.owner_url) == digest


def test_an_editor_changes_the_bank_but_not_the_scores(classroom: Classroom,
                                                       tmp_path: Path, capsys) -> None:
    out = tmp_path / "bank.json"
    assert main(["--db", classroom.url(classroom.editor), "export", "-o", str(out)]) == 0
    bank = json.loads(out.read_text())
    bank["questions"][0]["question"] = "Which group sings Golden, as the editor puts it?"
    out.write_text(json.dumps(bank))
    assert main(["--db", classroom.url(classroom.editor), "import", str(out)]) == 0
    assert rows(classroom.owner_url, "SELECT question FROM question WHERE id = :i",
                i=bank["questions"][0]["id"]) == [(bank["questions"][0]["question"],)]
    with classroom.sql(classroom.editor) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("DELETE FROM game")


def test_the_app_refuses_a_players_writes_in_one_line(classroom: Classroom, tmp_path: Path,
                                                      capsys) -> None:
    url = classroom.url(classroom.player)
    db = open_database(url)
    _game(db, classroom.player)
    before, digest = _counts(classroom), bank_digest(classroom.owner_url)
    out = tmp_path / "bank.json"
    assert main(["--db", url, "export", "-o", str(out)]) == 0
    bank = json.loads(out.read_text())
    bank["questions"][0]["question"] = "A student's own version of the question?"
    out.write_text(json.dumps(bank))
    capsys.readouterr()
    assert main(["--db", url, "import", str(out)]) != 0
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(err) == 1 and "may not" in err[0] and "Traceback" not in err[0], err
    assert main(["--db", url, "server", "init"]) != 0
    assert main(["--db", url, "server", "grant", classroom.player, "--as", "editor"]) != 0
    with pytest.raises(QuizError, match="may not"):
        _game(db, classroom.other)  # a game under another player's name
    with pytest.raises(QuizError, match="may not"):
        progress.reset(db)
    with pytest.raises(QuizError, match="may not"):
        progress.reset(db, classroom.player)
    db.dispose()
    assert _counts(classroom) == before and bank_digest(classroom.owner_url) == digest


def test_a_big_import_keeps_the_servers_planner_up_to_date(classroom: Classroom,
                                                            tmp_path: Path, monkeypatch) -> None:
    """The planner's table sizes are the last ANALYZE's: an import analyses the question and
    source tables in its transaction whenever they have doubled, so each batch's lookup of
    stored questions goes by index instead of reading the growing tables whole. An editor,
    who may not analyse, imports all the same."""
    import io

    from quiz.core import interchange
    from quiz.core.backends import postgres_bulk

    monkeypatch.setattr(postgres_bulk, "FIRST_ANALYZE", 10)
    db = open_database(classroom.owner_url)
    out = io.StringIO()
    interchange.export_bank(db, out)
    data = json.loads(out.getvalue())
    shipped = data["questions"]

    def copies(tag: str) -> Path:
        data["questions"] = [dict(q, id=f"{tag}-{i}-{q['id']}")
                             for i in range(3) for q in shipped]
        path = tmp_path / f"{tag}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        return path

    interchange.import_file(db, copies("owner"))
    estimate = rows(classroom.owner_url,
                    "SELECT reltuples FROM pg_class WHERE relname = 'question'")[0][0]
    assert estimate > 2.5 * len(shipped)  # autovacuum waits a minute: this was the import's
    db.dispose()
    editor = open_database(classroom.url(classroom.editor))
    interchange.import_file(editor, copies("editor"))
    editor.dispose()
    assert rows(classroom.owner_url, "SELECT count(*) FROM question")[0][0] == 7 * len(shipped)


def test_a_text_with_a_nul_character_is_refused_in_one_line(classroom: Classroom,
                                                           tmp_path: Path, capsys) -> None:
    """PostgreSQL stores no NUL in text: the import names it and changes nothing."""
    import io

    from quiz.core import interchange

    db = open_database(classroom.owner_url)
    out = io.StringIO()
    interchange.export_bank(db, out)
    db.dispose()
    data = json.loads(out.getvalue())
    data["questions"] = [dict(data["questions"][0], id="nul-1",
                              explanation="Before\u0000after")]
    path = tmp_path / "nul.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = rows(classroom.owner_url, "SELECT count(*) FROM question")[0][0]
    assert main(["--db", classroom.owner_url, "import", str(path)]) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "NUL character" in err[0] and "Traceback" not in err[0], err
    assert rows(classroom.owner_url, "SELECT count(*) FROM question")[0][0] == before


def test_server_commands_name_what_is_wrong(classroom: Classroom, tmp_path: Path,
                                            capsys) -> None:
    owner = classroom.owner_url
    assert main(["--db", owner, "server", "grant", "nobody_here", "--as", "player"]) != 0
    assert "no role named 'nobody_here'" in capsys.readouterr().err
    assert main(["--db", f"sqlite:///{tmp_path / 'q.sqlite3'}", "server", "init"]) != 0
    assert "works on a PostgreSQL database" in capsys.readouterr().err
    assert main(["--db", owner, "server", "init"]) == 0  # again: nothing breaks
    assert "is ready" in capsys.readouterr().out
