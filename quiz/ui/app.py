"""Starting the app: paint the window first, then load the database, then (smoke test) report.

Order matters for start-up time: Qt and the home screen come up before SQLModel is imported
(about 430 ms on its own), so the first paint is not kept waiting for the database layer.
A server's bank is opened off the GUI thread (`open_on_server`): the window paints and says
that it waits, with Quit, and a server that cannot be reached is one line with Retry.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from collections.abc import Callable

    from quiz.core.db import Database
    from quiz.core.errors import QuizError
    from quiz.ui.main_window import MainWindow


def _ms_since_process_start() -> float:
    """Milliseconds since this process started (Linux: from /proc; elsewhere: since import)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return (time.clock_gettime(time.CLOCK_BOOTTIME) - started) * 1000
    except (OSError, ValueError, IndexError, AttributeError):
        return (time.perf_counter() - _IMPORTED) * 1000


_IMPORTED = time.perf_counter()


class _FirstPaint(QObject):
    """Calls back once, right after `widget` has painted for the first time."""

    def __init__(self, widget: QWidget, callback) -> None:  # type: ignore[no-untyped-def]
        super().__init__(widget)
        self.callback = callback
        self.done = False
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            QTimer.singleShot(0, self.callback)
        return False


def _qt_messages(kind: QtMsgType, _context: object, message: str) -> None:
    # The offscreen platform warns about every window it cannot resize; that is not news.
    if "propagateSizeHints" in message:
        return
    if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
        print(f"qt: {message}", file=sys.stderr)


def open_with_recovery(parent: QWidget | None, url: str,
                       interactive: bool = True) -> Database | None:
    """The Database at `url`; if it is damaged, offer the newest backup or a fresh bank.

    Returns None when the user chose to quit (nothing changed). Without `interactive` (smoke
    tests) a damaged file raises its QuizError like any other. The damaged file is moved
    aside (`<name>.damaged-<time>`), never deleted, and the user is told where it went.
    """
    from quiz.core import backup
    from quiz.core.db import open_database
    from quiz.core.errors import DamagedDatabase

    try:
        return open_database(url, daily_backup=True)
    except DamagedDatabase as exc:
        if not interactive:
            raise
        damaged = exc
    from quiz.ui.dialogs import Inform, RecoverDatabase

    newest = backup.latest(damaged.path)
    choice = RecoverDatabase.ask(parent, str(damaged), newest.label() if newest else None)
    if choice is None:
        return None
    if choice == RecoverDatabase.RESTORE and newest is not None:
        aside = backup.restore(damaged.path, newest.path)
        done = f"The question bank was restored from the backup of {newest.label()}."
    else:
        aside = backup.set_aside(damaged.path)
        done = "A fresh question bank was started; earlier scores are not in it."
    db = open_database(url, daily_backup=True)
    Inform.ask(parent, "KPop Demon Hunters Quiz",
               f"{done}\n\nThe damaged file is kept as {aside}.")
    return db


def on_server(url: str) -> bool:
    """True for a database URL on a server (PostgreSQL), whose opening may wait on a network."""
    return url.split(":", 1)[0].split("+", 1)[0] == "postgresql"


def open_on_server(window: MainWindow, url: str, opened: Callable[[Database], None],
                   refused: Callable[[QuizError], None], quit_: Callable[[], None],
                   retry: bool = True) -> None:
    """Open the bank at the server `url` off the GUI thread, then `opened(db)` on it.

    Past a moment the window's wait bar says it waits, with Quit (`quit_()`); a server that
    cannot be reached is one line there with Retry and Quit; any other problem (a refused
    login, a database that does not exist) goes to `refused(error)`, as does every problem
    without `retry` (a smoke test: nobody is there to press it).
    """
    from quiz.ui.waiting import ServerCalls, ServerQueue

    queue = ServerQueue(off_thread=True, parent=window)

    def done(db: Database) -> None:
        queue.close()
        opened(db)

    def open_bank() -> Database:
        from quiz.core.db import open_database

        return open_database(url, daily_backup=True)

    ServerCalls(queue, window.wait_bar).ask(open_bank, done, None if retry else refused,
                                            on_cancel=quit_,
                                            cancel_text="&Quit", doing="open the question bank",
                                            refused=refused)


def report_errors_in_dialogs(window: QWidget) -> None:
    """A QuizError escaping a Qt slot (say, the disk filled while saving a game) is shown as one
    plain message and the app keeps running; anything else keeps Python's usual report."""
    previous = sys.excepthook

    def hook(kind, exc, tb) -> None:  # type: ignore[no-untyped-def]
        from quiz.core.errors import QuizError

        if not isinstance(exc, QuizError):
            previous(kind, exc, tb)
            return
        from quiz.ui.dialogs import Inform

        message = str(exc)
        print(f"quiz: error: {message}", file=sys.stderr, flush=True)
        Inform.ask(window, "KPop Demon Hunters Quiz", message[:1].upper() + message[1:] + ".",
                   error=True)

    sys.excepthook = hook


def peak_rss_kib(pid: int | str = "self") -> int | None:
    """A process's own peak resident memory (Linux: VmHWM), for the smoke test's report and
    the benchmarks; None elsewhere, or once the process has exited.

    Not getrusage: on Linux its peak carries over from before `exec`, i.e. from the
    (possibly much bigger) process that started this one.
    """
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


def run(db_url: str | None, smoke: str | None = None) -> int:
    """Open the app (on `smoke`'s screen for a smoke test); returns the exit code."""
    from quiz.ui import theme

    qInstallMessageHandler(_qt_messages)
    from quiz.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("KPop Demon Hunters Quiz")
    app.setOrganizationName("kpop-demon-hunters-quiz")
    theme.apply(app)
    window = MainWindow()
    timings: dict[str, object] = {"screen": smoke}
    status = {"code": 0}

    def fail(message: str) -> None:
        print(f"quiz: error: {message}", file=sys.stderr, flush=True)
        if smoke is None:
            from quiz.ui.dialogs import Inform

            Inform.ask(window, "KPop Demon Hunters Quiz", message[:1].upper() + message[1:] + ".",
                       error=True)
        status["code"] = 2
        app.exit(2)

    def load() -> None:
        timings["startup_ms"] = round(_ms_since_process_start(), 1)
        from quiz.core.errors import QuizError
        from quiz.core.paths import default_db_url
        from quiz.ui.instance import WindowLock

        try:
            url = db_url or default_db_url()
            lock = WindowLock(url)
            refused = lock.acquire()
            if refused:
                fail(refused)
                return
            window.lock = lock  # held for as long as the window lives
            app.aboutToQuit.connect(lock.release)
            if on_server(url):
                open_on_server(window, url, opened,
                               lambda error: fail(str(error)), lambda: quit_now(0),
                               retry=smoke is None)
                return
            db = open_with_recovery(window, url, interactive=smoke is None)
        except QuizError as exc:
            fail(str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - shown as one line, never a traceback
            fail(f"unexpected error: {type(exc).__name__}: {exc}")
            return
        opened(db)

    def quit_now(code: int) -> None:
        window.close()
        app.exit(code)

    def opened(db: Database | None) -> None:
        if db is None:
            quit_now(0)
            return
        try:
            window.attach(db)
            if smoke in (None, "home"):
                window.show_home()  # any other screen of a smoke test is shown in its place
        except Exception as exc:  # noqa: BLE001 - shown as one line, never a traceback
            fail(f"unexpected error: {type(exc).__name__}: {exc}")
            return
        if smoke is not None:
            QTimer.singleShot(0, show_smoke_screen)

    def show_smoke_screen() -> None:
        try:
            paint_smoke_screen()
        except Exception as exc:  # noqa: BLE001 - one line, never a traceback
            fail(f"unexpected error: {type(exc).__name__}: {exc}")

    def paint_smoke_screen() -> None:
        if smoke == "play":
            from quiz.ui.setup import Choices

            player = str(window.settings.value("player/last", "") or "") or "Player"
            if not window.start_game(Choices(player, "classic", None, None, None)):
                fail("no questions to play")
                return
        elif smoke == "editor":
            window.show_editor()
        elif smoke == "scores":
            window.show_scores()
        assert window.calls is not None
        window.calls.queue.when_idle(show_ready)  # a server's data comes off the GUI thread

    def show_ready() -> None:
        try:
            report_ready()
        except Exception as exc:  # noqa: BLE001 - one line, never a traceback
            fail(f"unexpected error: {type(exc).__name__}: {exc}")

    def report_ready() -> None:
        if smoke == "play" and not window.playing:  # the draw failed (a server's, later)
            fail("no questions to play")
            return
        screen = window.stack.currentWidget()
        screen.repaint()  # synchronous: the data is on screen when this returns
        timings["ready_ms"] = round(_ms_since_process_start(), 1)
        peak = peak_rss_kib()
        if peak is not None:
            timings["peak_rss_kib"] = peak
        print(json.dumps(timings), flush=True)
        window.close()
        app.quit()

    report_errors_in_dialogs(window)
    _FirstPaint(window, load)
    window.show()
    code = app.exec()
    return status["code"] or code
