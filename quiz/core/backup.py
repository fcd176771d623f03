"""Backups of a SQLite bank, made with SQLite's online backup API (never a plain file copy).

A file copy of a live database in WAL mode can miss committed pages still in the `-wal` file, or
catch a page half written; the backup API copies a consistent snapshot, even while another
process writes. Backups live next to the database, in `<database name>.backups/`, named
`quiz-YYYYmmdd-HHMMSS-<reason>.sqlite3` (UTC), so names sort by age; the newest `KEEP` are
kept. Each is written to a `.partial` file first and renamed when complete, so a crash or a
full disk never leaves a half backup under a real name.

Taken before every migration and every import, and at most daily on start (`daily`).
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from quiz.core.errors import QuizError

KEEP = 7
DAILY = timedelta(days=1)
_NAME = re.compile(r"^quiz-(\d{8}-\d{6})(?:-(\d+))?-([a-z-]+)\.sqlite3$")


@dataclass(frozen=True)
class Backup:
    """One backup file: where it is, when it was taken (UTC) and why."""

    path: Path
    taken: datetime
    reason: str

    def label(self) -> str:
        """E.g. "2026-11-22 14:05 (before import)", in local time, for menus and messages."""
        local = self.taken.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        return f"{local} ({self.reason.replace('-', ' ')})"


def sqlite_file(url: str) -> Path | None:
    """The file behind a `sqlite:///` URL; None for memory and server databases."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    name = parsed.database
    if not name or name == ":memory:" or name.startswith("file:") or parsed.query.get("mode"):
        return None
    return Path(name).expanduser().resolve()


def folder(db_file: Path) -> Path:
    """Where the backups of `db_file` go."""
    return db_file.with_name(db_file.name + ".backups")


def listing(db_file: Path) -> list[Backup]:
    """The backups of `db_file`, newest first."""
    try:
        names = os.listdir(folder(db_file))
    except OSError:
        return []
    found = []
    for name in names:
        match = _NAME.match(name)
        if match:
            taken = datetime.strptime(match[1], "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
            order = (match[1], int(match[2] or 1))  # a second backup in one second is "-2"
            found.append((order, Backup(folder(db_file) / name, taken, match[3])))
    return [b for _order, b in sorted(found, key=lambda f: f[0], reverse=True)]


def latest(db_file: Path) -> Backup | None:
    """The newest backup of `db_file`, if any."""
    backups = listing(db_file)
    return backups[0] if backups else None


def _open(path: Path, read_only: bool) -> sqlite3.Connection:
    # A read-only connection to a WAL database cannot tidy its -wal/-shm files away on close,
    # so the live bank is opened normally (and only read); other files strictly read-only.
    if read_only:
        return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=10)
    return sqlite3.connect(path, timeout=10)


def _copy(source: Path, target: Path, *, wal: bool, live_source: bool = False) -> None:
    """A consistent copy of database `source` at `target`, through the backup API."""
    src = _open(source, read_only=not live_source)
    try:
        dst = sqlite3.connect(target, timeout=10)
        try:
            src.backup(dst)
            # A backup is one self-contained file; a live bank runs in WAL mode.
            dst.execute(f"PRAGMA journal_mode={'WAL' if wal else 'DELETE'}")
            dst.commit()
        finally:
            dst.close()
    finally:
        src.close()


def _problem(exc: BaseException) -> str:
    code = getattr(exc, "sqlite_errorcode", None)
    errno = getattr(exc, "errno", None)
    if code == sqlite3.SQLITE_FULL or errno == 28:  # ENOSPC
        return "the disk is full"
    return getattr(exc, "strerror", None) or str(exc)


def take(db_file: Path, reason: str, now: datetime | None = None) -> Backup:
    """Back `db_file` up now; returns the backup. Keeps the newest KEEP.

    A QuizError (naming the folder) if the backup cannot be written; then nothing is left
    behind and the database is untouched.
    """
    when = (now or datetime.now(UTC)).astimezone(UTC)
    where = folder(db_file)
    stamp = when.strftime("%Y%m%d-%H%M%S")
    # A second backup within the same second is numbered, so names still sort by age.
    n = len(list(where.glob(f"quiz-{stamp}-*.sqlite3"))) + 1 if where.is_dir() else 1
    target = where / (f"quiz-{stamp}-{reason}.sqlite3" if n == 1 else
                      f"quiz-{stamp}-{n}-{reason}.sqlite3")
    partial = target.with_name(target.name + ".partial")
    try:
        where.mkdir(parents=True, exist_ok=True)
        _copy(db_file, partial, wal=False, live_source=True)
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise QuizError(f"cannot back up the database to {where}: {_problem(exc)}; nothing "
                        f"was changed") from None
    prune(db_file)
    return Backup(target, when.replace(microsecond=0), reason)


def prune(db_file: Path, keep: int = KEEP) -> None:
    """Delete all but the newest `keep` backups (and any partial one a crash left)."""
    for old in listing(db_file)[keep:]:
        old.path.unlink(missing_ok=True)
    for partial in folder(db_file).glob("*.partial"):
        partial.unlink(missing_ok=True)


def daily(db_file: Path, now: datetime | None = None) -> Backup | None:
    """Back up unless the newest backup is less than a day old; returns the new one."""
    now = now or datetime.now(UTC)
    newest = latest(db_file)
    if newest is not None and now - newest.taken < DAILY:
        return None
    return take(db_file, "daily", now)


def set_aside(db_file: Path, now: datetime | None = None) -> Path:
    """Move a damaged database (and its -wal/-shm files) out of the way, never deleting it.

    Returns the new name, `<name>.damaged-YYYYmmdd-HHMMSS`.
    """
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    target = db_file.with_name(f"{db_file.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = db_file.with_name(f"{db_file.name}.damaged-{stamp}-{n}")
    try:
        os.replace(db_file, target)
        for suffix in ("-wal", "-shm"):
            side = db_file.with_name(db_file.name + suffix)
            if side.exists():
                os.replace(side, target.with_name(target.name + suffix))
    except OSError as exc:
        raise QuizError(f"cannot move the damaged database {db_file} aside: "
                        f"{exc.strerror}") from None
    return target


def check_file(path: Path, live: bool = False) -> None:
    """A QuizError naming `path` unless it is an intact quiz database (`live`: the bank)."""
    if not path.is_file():
        raise QuizError(f"{path}: no such backup file")
    try:
        conn = _open(path, read_only=not live)
        try:
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise QuizError(f"{path}: not a usable backup ({exc})") from None
    if check != "ok":
        raise QuizError(f"{path}: the backup is damaged ({check})")
    if "question" not in tables:
        raise QuizError(f"{path}: not a quiz database")


def healthy(db_file: Path) -> bool:
    """Whether `db_file` opens and passes SQLite's quick check."""
    try:
        check_file(db_file, live=True)
    except QuizError:
        return False
    return True


def restore(db_file: Path, source: Path) -> Path | None:
    """Replace the bank in `db_file` with the backup `source`; returns where the old one went.

    A healthy current bank is backed up first (reason "before-restore"), so a restore can be
    undone; a damaged one is moved aside (see `set_aside`). The copy goes through the backup
    API into the live file, so a process that has the bank open sees the restored one.
    A QuizError if `source` is not an intact quiz database; then nothing is changed.
    """
    source = source.expanduser().resolve()
    check_file(source)
    previous: Path | None = None
    if db_file.exists() and db_file.stat().st_size > 0 and healthy(db_file):
        previous = take(db_file, "before-restore").path
        try:
            _copy(source, db_file, wal=True)
        except sqlite3.Error as exc:
            raise QuizError(f"cannot restore {source} into {db_file}: {_problem(exc)}") from None
        return previous
    if db_file.exists():
        previous = set_aside(db_file)
    partial = db_file.with_name(db_file.name + ".restoring")
    try:
        db_file.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        _copy(source, partial, wal=False)
        os.replace(partial, db_file)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise QuizError(f"cannot restore {source} into {db_file}: {_problem(exc)}") from None
    return previous
