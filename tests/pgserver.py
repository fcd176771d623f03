"""A throwaway PostgreSQL server for the tests (and the load test), or the one QUIZ_TEST_PG_URL names.

`Server.start(folder)` runs `initdb` into `folder` and `pg_ctl start` on a free loopback port,
as the unprivileged `postgres` user when run as root (the server refuses root); `stop()` stops
it. Without the server binaries (and without QUIZ_TEST_PG_URL) `start` raises RuntimeError:
.ci/postgres-packages installs them. Per-test databases are copies of a seeded template
(`CREATE DATABASE ... TEMPLATE`), about 30 ms each.
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import shutil
import socket
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    import psycopg

ENV_URL = "QUIZ_TEST_PG_URL"  # an existing server: a superuser URL (to create roles, databases)


def _bindir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                      key=lambda p: int(Path(p).parts[-3]))
    return Path(versions[-1]).parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """One PostgreSQL server: its superuser URL, and databases made on it."""

    def __init__(self, admin_url: str, folder: Path | None = None, port: int = 0,
                 user: str | None = None) -> None:
        self.admin_url = admin_url
        self.folder = folder
        self.port = port
        self._user = user

    # -- lifetime -----------------------------------------------------------------------------

    @classmethod
    def start(cls, folder: Path) -> Server:
        """The server QUIZ_TEST_PG_URL names, or a new one initialised in `folder`."""
        if os.environ.get(ENV_URL):
            return cls(os.environ[ENV_URL])
        bindir = _bindir()
        if bindir is None:
            raise RuntimeError("PostgreSQL is not installed (run .ci/postgres-packages) and "
                               f"{ENV_URL} is not set")
        user = "postgres" if os.geteuid() == 0 else None
        folder.mkdir(parents=True, exist_ok=True)
        if user:
            entry = pwd.getpwnam(user)
            os.chown(folder, entry.pw_uid, entry.pw_gid)
            for parent in folder.parents:  # the server must reach its folder
                if parent == Path("/"):
                    break
                os.chmod(parent, os.stat(parent).st_mode | 0o011)
        server = cls("", folder, _free_port(), user)
        data = folder / "data"
        server._run(bindir / "initdb", "-D", str(data), "-A", "trust", "-U", "postgres",
                    "-E", "UTF8", "--no-sync", "--no-instructions")
        server.restart(bindir)
        atexit.register(server.stop)  # also when the run is interrupted past its fixtures
        server.admin_url = f"postgresql+psycopg://postgres@127.0.0.1:{server.port}/postgres"
        return server

    def _run(self, *argv: object) -> None:
        command = [str(a) for a in argv]
        if self._user:
            command = ["runuser", "-u", self._user, "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def restart(self, bindir: Path | None = None) -> None:
        """Start the server again (after `halt`) on the same port."""
        assert self.folder is not None, "an external server is not ours to start"
        bindir = bindir or _bindir()
        assert bindir is not None
        # fsync off: the data is thrown away; the load test's crashes are of clients.
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} "
                   f"-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                   f"-c max_connections=200")
        self._run(bindir / "pg_ctl", "-D", self.folder / "data", "-o", options,
                  "-l", self.folder / "server.log", "-w", "-t", "60", "start")

    def halt(self) -> None:
        """Stop the server (fast shutdown: clients are disconnected)."""
        if self.folder is None:
            return
        bindir = _bindir()
        assert bindir is not None
        self._run(bindir / "pg_ctl", "-D", self.folder / "data", "-m", "fast", "-w", "stop")

    def stop(self) -> None:
        """Stop a server we started (and leave an external one running)."""
        if self.folder is not None and (self.folder / "data" / "postmaster.pid").exists():
            self.halt()

    # -- databases and roles ------------------------------------------------------------------

    def url(self, database: str, user: str | None = None) -> str:
        """The URL of `database` on this server (as `user`, default the superuser)."""
        parsed = make_url(self.admin_url).set(database=database)
        if user is not None:
            parsed = parsed.set(username=user, password=None)
        return parsed.render_as_string(hide_password=False)

    def execute(self, *statements: str, database: str | None = None) -> None:
        """Run statements as the superuser, each in autocommit (CREATE DATABASE needs it)."""
        import psycopg

        parsed = make_url(self.url(database) if database else self.admin_url)
        with psycopg.connect(host=parsed.host, port=parsed.port, user=parsed.username,
                             password=parsed.password, dbname=parsed.database,
                             autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)  # type: ignore[arg-type]

    def create_database(self, template: str | None = None, owner: str | None = None) -> str:
        """A new database (a copy of `template` if given); its name."""
        name = f"quiz_{uuid.uuid4().hex[:12]}"
        clause = f" TEMPLATE {template}" if template else ""
        clause += f" OWNER {owner}" if owner else ""
        self.execute(f"CREATE DATABASE {name}{clause}")
        return name

    def drop_database(self, name: str) -> None:
        self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@dataclass
class Classroom:
    """A class's database on the server and its roles (see the `classroom` fixture)."""

    server: Server
    database: str
    player: str  # role names
    editor: str
    other: str  # a second player

    @property
    def owner_url(self) -> str:
        return self.server.url(self.database)

    def url(self, role: str) -> str:
        return self.server.url(self.database, user=role)

    def sql(self, role: str) -> psycopg.Connection:
        import psycopg

        parsed = make_url(self.url(role))
        return psycopg.connect(host=parsed.host, port=parsed.port, user=role,
                               dbname=self.database, autocommit=True)
