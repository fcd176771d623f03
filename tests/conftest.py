"""Shared fixtures: headless Qt, a fresh seeded database per test, isolated settings."""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

# Without a display Qt aborts the whole run unless told to draw offscreen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Nothing a test does may touch the real user's data folder or settings.
_SANDBOX = tempfile.mkdtemp(prefix="quiz-tests-")
os.environ["XDG_DATA_HOME"] = os.path.join(_SANDBOX, "data")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_SANDBOX, "config")
os.environ.pop("QUIZ_DB_URL", None)

import pytest  # noqa: E402

from tests.pgserver import Classroom, Server  # noqa: E402

BACKENDS = ("sqlite", "postgresql")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only(reason): the test is about SQLite files "
                                       "(backups, WAL, damaged files, migration fixtures)")
    config.addinivalue_line("markers", "both_backends: a test outside tests/core that runs on "
                                       "PostgreSQL too (the UI smoke tests)")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every core test on a database runs on SQLite and on PostgreSQL (one fixture: `backend`);
    a test marked `sqlite_only` (with its reason) and tests elsewhere run on SQLite only,
    unless marked `both_backends`."""
    if "backend" not in metafunc.fixturenames:
        return
    path = Path(str(metafunc.definition.path))
    core = "core" in path.parts and "tests" in path.parts
    both = (core and metafunc.definition.get_closest_marker("sqlite_only") is None) or \
        metafunc.definition.get_closest_marker("both_backends") is not None
    metafunc.parametrize("backend", BACKENDS if both else BACKENDS[:1], indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The database backend this test runs on: "sqlite" or "postgresql"."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    """A throwaway PostgreSQL server for the whole run (or QUIZ_TEST_PG_URL's), stopped and
    removed at the end even when tests fail. Its folder is outside pytest's temporary folders,
    whose permissions some tests change."""
    folder = Path(tempfile.mkdtemp(prefix="quiz-pg-"))
    try:
        server = Server.start(folder / "server")
        try:
            yield server
        finally:
            server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_template(pg_server: Server) -> Iterator[str]:
    """A PostgreSQL database seeded with the shipped bank, copied per test (TEMPLATE)."""
    from quiz.core.db import open_database

    name = pg_server.create_database()
    open_database(pg_server.url(name)).dispose()
    try:
        yield name
    finally:
        pg_server.drop_database(name)


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database seeded with the shipped bank, built once per run and copied per test."""
    from quiz.core.db import open_database

    path = tmp_path_factory.mktemp("template") / "quiz.sqlite3"
    open_database(f"sqlite:///{path}").dispose()
    return path


@pytest.fixture
def db_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[str]:
    """URL of a fresh copy of the seeded database, private to this test."""
    if backend == "postgresql":
        server: Server = request.getfixturevalue("pg_server")
        name = server.create_database(template=request.getfixturevalue("pg_template"))
        yield server.url(name)
        server.drop_database(name)
        return
    seeded: Path = request.getfixturevalue("seeded_template")
    target = tmp_path / "quiz.sqlite3"
    with sqlite3.connect(seeded) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    yield f"sqlite:///{target}"


@pytest.fixture
def db(db_url: str) -> Iterator[object]:
    """An open `Database` on a fresh seeded copy."""
    from quiz.core.db import open_database

    database = open_database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def classroom(pg_server: Server, pg_template: str) -> Iterator[Classroom]:
    """A seeded database after `quiz server init`, with a player, a second player and an
    editor role (each granted by `quiz server grant`)."""
    from quiz.core import server

    name = pg_server.create_database(template=pg_template)
    tag = uuid.uuid4().hex[:8]
    room = Classroom(pg_server, name, f"mira_{tag}", f"zoey_{tag}", f"rumi_{tag}")
    pg_server.execute(*(f"CREATE ROLE {r} LOGIN" for r in (room.player, room.editor, room.other)))
    server.init(room.owner_url)
    server.grant(room.owner_url, room.player, "player")
    server.grant(room.owner_url, room.other, "player")
    server.grant(room.owner_url, room.editor, "editor")
    try:
        yield room
    finally:
        pg_server.drop_database(name)
        pg_server.execute(*(f"DROP ROLE {r}" for r in (room.player, room.editor, room.other)))


@pytest.fixture
def settings(tmp_path: Path):
    """QSettings in a temporary INI file, so tests never see each other's window state."""
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
