"""One app window per question bank: a second copy is refused, a crashed copy's lock is stale.

The command line does not take this lock: `quiz scores`, `quiz export` and `quiz import` work
beside a running window (SQLite's WAL and BEGIN IMMEDIATE keep them out of each other's way).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile

from quiz.core.paths import user_data_dir


def lock_path(db_url: str) -> Path:
    """`<database file>.lock` for a SQLite file; a lock in the data folder for other databases."""
    prefix = "sqlite:///"
    if db_url.startswith(prefix) and ":memory:" not in db_url:
        db_file = Path(db_url[len(prefix):].split("?", 1)[0]).expanduser()
        return db_file.with_name(db_file.name + ".lock")
    return user_data_dir() / "window.lock"


class WindowLock:
    """Held while the window is open; released (and the file removed) on exit."""

    def __init__(self, db_url: str) -> None:
        self.path = lock_path(db_url)
        self.lock = QLockFile(str(self.path))
        self.lock.setStaleLockTime(0)  # stale only if its process is gone, however old

    def acquire(self) -> str | None:
        """None when this copy may open the bank; otherwise why not, in one plain sentence."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return f"cannot create the folder {self.path.parent}: {exc.strerror}"
        if self.lock.tryLock(200):
            return None
        if self.lock.error() == QLockFile.LockError.LockFailedError:
            info = self.lock.getLockInfo()  # PySide6: (pid, hostname, appname) when readable
            pid = info[0] if isinstance(info, tuple) and info and isinstance(info[0], int) else 0
            who = f" (process {pid})" if pid else ""
            return (f"the quiz is already open{who} on this question bank; switch to that "
                    f"window or close it first")
        return f"cannot create the lock file {self.path} (permission denied or disk full)"

    def release(self) -> None:
        """Let the next copy in."""
        self.lock.unlock()
