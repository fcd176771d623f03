"""Waiting on the database without freezing the window.

`ServerQueue` runs database work for one window. On a server (PostgreSQL) each piece of work
runs on one worker thread of its own, in the order it was asked for (so a game's save comes
before the next game's draw, which counts what was played), and its result comes back to the
GUI thread by a queued signal; the window keeps running meanwhile, whatever the network does.
On a local SQLite file the work runs at once, inline: it answers in milliseconds, and an
answer that never arrives a frame later cannot flicker.

The worker touches no widget: it only calls the work (which opens its own session, from the
engine's pool, on that thread) and hands the result to a relay that lives on the GUI thread.
Work still waiting when the window closes is dropped; what must not be lost (a finished game)
is in the outbox before it is handed to the queue. The thread is a daemon: a call stuck on a
silent server never keeps the app from quitting.

`ServerCalls` ties the two together for a window: one screen change waits at a time (asking
for another drops the first), and the bar tells the user. A write (an edit, a reset, a file
exported) is never dropped that way; the user may cancel it only until the worker has begun it
(`Call.withdraw`), since once sent the server may have taken it.

`WaitBar` is the plain line that says so: "Waiting for the server…" once a call has taken
longer than `SHOW_AFTER_MS` (with Cancel, or for a write already sent, `SENT` without it), and
on failure the one-line reason with Retry and Cancel.
"""

from __future__ import annotations

import queue
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from quiz.core.errors import QuizError, ServerAway
from quiz.ui import a11y, theme

SHOW_AFTER_MS = 400  # a server that answers sooner never shows the waiting line
WAITING = "Waiting for the server…"
SENT = "Waiting for the server… (already sent, so it cannot be cancelled now)"  # a write


class Call:
    """One piece of work asked of the queue: `done(value)` or `failed(QuizError)` follow on
    the GUI thread, unless it was cancelled first."""

    def __init__(self, work: Callable[[], Any], done: Callable[[Any], None],
                 failed: Callable[[QuizError], None] | None,
                 waiting: Callable[[], None] | None) -> None:
        self.work, self.done, self.failed, self.waiting = work, done, failed, waiting
        self.cancelled = False
        self.finished = False
        self.started = False  # the worker has begun it (a write may have reached the server)
        self._lock = threading.Lock()

    def cancel(self) -> None:
        """Forget it: not run if it has not started, its result ignored if it has."""
        self.cancelled = True

    def withdraw(self) -> bool:
        """Cancel it only if the worker has not begun it (a write not yet sent): True if so."""
        with self._lock:
            if self.started:
                return False
            self.cancelled = True
            return True

    def begin(self) -> bool:
        """On the worker: mark it begun, unless it was cancelled first (then False)."""
        with self._lock:
            if self.cancelled:
                return False
            self.started = True
            return True

    @property
    def pending(self) -> bool:
        """True until its result arrived or it was cancelled."""
        return not (self.finished or self.cancelled)


def outcome(work: Callable[[], Any]) -> tuple[bool, Any]:
    """(True, value) or (False, QuizError): a problem the user can act on as it is, anything
    else (a bug) as one plain line, with the traceback on stderr for the bug report."""
    try:
        return True, work()
    except QuizError as exc:
        return False, exc
    except Exception as exc:  # noqa: BLE001 - one plain line, never a traceback on screen
        traceback.print_exc(file=sys.stderr)
        return False, QuizError(f"unexpected error: {type(exc).__name__}")


def plain(error: QuizError, doing: str = "") -> str:
    """The line the wait bar shows for `error`: an unreachable server said shortly (its
    message is about saving: reads save nothing), anything else as it is."""
    if isinstance(error, ServerAway) and doing:
        return f"cannot {doing}: the server cannot be reached just now; retry when it is back"
    return str(error)


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits here and Qt queues the call across."""

    arrived = Signal(object, bool, object)


class ServerQueue(QObject):
    """Database work for one window, off the GUI thread when `off_thread` (see the module)."""

    def __init__(self, off_thread: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.off_thread = off_thread
        self._relay = _Relay(self)
        self._relay.arrived.connect(self._arrived, Qt.ConnectionType.QueuedConnection)
        self._inbox: queue.Queue[Call | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._open: list[Call] = []  # asked for and not yet answered, oldest first
        self._when_idle: list[Callable[[], None]] = []

    def submit(self, work: Callable[[], Any], done: Callable[[Any], None],
               failed: Callable[[QuizError], None] | None = None,
               waiting: Callable[[], None] | None = None) -> Call:
        """Run `work()` (on the worker thread when off the GUI thread); then `done(value)`, or
        `failed(error)` with a QuizError; `waiting()` once it takes longer than SHOW_AFTER_MS.
        Without `failed` a QuizError is raised on the GUI thread (the app's dialog hook)."""
        call = Call(work, done, failed, waiting)
        if not self.off_thread:
            call.started = True
            self._finish(call, *outcome(work))
            return call
        self._open.append(call)
        if waiting is not None:
            QTimer.singleShot(SHOW_AFTER_MS, self, lambda: self._late(call))
        if self._thread is None:
            self._thread = threading.Thread(target=self._serve, name="quiz-server-queue",
                                            daemon=True)
            self._thread.start()
        self._inbox.put(call)
        return call

    @property
    def busy(self) -> bool:
        """True while any call has not been answered (cancelled ones included: they may be
        running still)."""
        return bool(self._open)

    def when_idle(self, callback: Callable[[], None]) -> None:
        """Call `callback` on the GUI thread once every call asked for so far is answered."""
        if self.busy:
            self._when_idle.append(callback)
        else:
            callback()

    def close(self) -> None:
        """Let the worker end once the calls asked for so far are done."""
        self._inbox.put(None)

    # -- the worker thread -------------------------------------------------------------------

    def _serve(self) -> None:
        relay = self._relay
        while True:
            call = self._inbox.get()
            if call is None:
                return
            ok, value = outcome(call.work) if call.begin() else (True, None)
            try:
                relay.arrived.emit(call, ok, value)
            except RuntimeError:  # the window is gone: nobody is waiting for the answer
                return

    # -- back on the GUI thread --------------------------------------------------------------

    def _late(self, call: Call) -> None:
        if call.pending and call.waiting is not None:
            call.waiting()

    def _arrived(self, call: Call, ok: bool, value: Any) -> None:
        if call in self._open:
            self._open.remove(call)
        self._finish(call, ok, value)
        if not self._open:
            callbacks, self._when_idle = self._when_idle, []
            for callback in callbacks:
                callback()

    @staticmethod
    def _finish(call: Call, ok: bool, value: Any) -> None:
        if call.cancelled:
            return
        call.finished = True
        if ok:
            call.done(value)
        elif call.failed is not None:
            call.failed(value)
        else:
            raise value


class WaitBar(QFrame):
    """A plain line at the foot of the window: waiting, or what failed, with Retry/Cancel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        theme.name(self, "waitBar", "Server status")
        # set apart from the screen above it, in the palette's colours (light and dark)
        self.setStyleSheet("#waitBar { border-top: 1px solid palette(mid); "
                           "background: palette(alternate-base); }")
        self.message = QLabel()
        theme.name(self.message, "waitMessage", "Server status")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.retry_button = QPushButton("&Retry")
        theme.name(self.retry_button, "retryButton", "Retry")
        self.cancel_button = QPushButton("Ca&ncel")
        theme.name(self.cancel_button, "cancelWaitButton", "Cancel")
        self.retry_button.clicked.connect(lambda: self._press(self._on_retry))
        self.cancel_button.clicked.connect(lambda: self._press(self._on_cancel))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 6, 24, 6)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.retry_button)
        layout.addWidget(self.cancel_button)
        self._on_retry: Callable[[], None] | None = None
        self._on_cancel: Callable[[], None] | None = None
        self._before: QWidget | None = None
        self.hide()

    def show_waiting(self, on_cancel: Callable[[], None] | None,
                     cancel_text: str = "Ca&ncel", text: str = WAITING) -> None:
        """Say that the server is slow to answer; Cancel (if given) stops waiting."""
        self._show(text, None, on_cancel, cancel_text)

    def show_failure(self, message: str, on_retry: Callable[[], None] | None,
                     on_cancel: Callable[[], None] | None,
                     cancel_text: str = "Ca&ncel") -> None:
        """Say what went wrong in one line; Retry tries the same work again."""
        self._show(message[:1].upper() + message[1:] + ".", on_retry, on_cancel, cancel_text,
                   assertive=True)
        if on_retry is not None:
            self.retry_button.setFocus()

    def clear(self) -> None:
        """Nothing to say: hidden (focus, if it was here, goes back to the window)."""
        self._on_retry = self._on_cancel = None
        self.message.clear()
        self.hide()

    def _show(self, text: str, on_retry: Callable[[], None] | None,
              on_cancel: Callable[[], None] | None, cancel_text: str,
              assertive: bool = False) -> None:
        self._on_retry, self._on_cancel = on_retry, on_cancel
        focused = QApplication.focusWidget()
        if focused is not None and not self.isAncestorOf(focused):
            self._before = focused  # where focus goes back to once a button here is pressed
        self.message.setText(text)
        self.retry_button.setVisible(on_retry is not None)
        self.cancel_button.setVisible(on_cancel is not None)
        self.cancel_button.setText(cancel_text)
        self.cancel_button.setAccessibleName(cancel_text.replace("&", ""))
        self.show()
        a11y.announce(self.message, text, assertive)

    def _press(self, action: Callable[[], None] | None) -> None:
        had_focus = self.isAncestorOf(QApplication.focusWidget())
        self.clear()
        if had_focus and self._before is not None:
            try:
                if self._before.isVisible():
                    self._before.setFocus()
            except RuntimeError:  # that widget is gone
                pass
        if action is not None:
            action()


class ServerCalls:
    """A window's database work through its queue, told on its wait bar (see the module)."""

    def __init__(self, queue: ServerQueue, bar: WaitBar) -> None:
        self.queue, self.bar = queue, bar
        self._step: Call | None = None  # the screen change being waited for
        self._step_dropped: Callable[[], None] | None = None  # its `on_cancel`

    def ask(self, work: Callable[[], Any], done: Callable[[Any], None],
            failed: Callable[[QuizError], None] | None = None,
            on_cancel: Callable[[], None] | None = None, step: bool = True,
            cancel_text: str = "Ca&ncel",
            told: Callable[[QuizError], None] | None = None, doing: str = "",
            write: bool = False, refused: Callable[[QuizError], None] | None = None) -> Call:
        """Run `work`, then `done(value)`. While the server is slow the bar says so, with
        Cancel (which drops the call, then `on_cancel()`); a failure goes to `failed`, or else
        to the bar with Retry (and `told(error)` first), as one line saying what could not
        be done (`doing`, e.g. "show the high scores"). A `step` (a screen change) replaces
        the step waited for. A `write` is never a step, and Cancel is offered only until it
        has been sent: once the worker has begun it, the server may have taken it, so the bar
        only says that it waits for the answer. With `refused`, only a server that cannot be
        reached goes to the bar: any other failure (the server said no) goes to `refused`."""
        step = step and not write
        if step:  # a new screen change: the last one's wait or failure is old news
            self.cancel_step()
        asked: list[Call] = []  # empty while an inline call answers within `submit`

        def cancel() -> None:
            if write and not all(call.withdraw() for call in asked):
                self.bar.show_waiting(None, text=SENT)  # too late: it went to the server
                return
            for call in asked:
                call.cancel()
            if on_cancel is not None:
                on_cancel()

        def waiting() -> None:
            sent = write and any(call.started for call in asked)
            self.bar.show_waiting(None if sent else cancel, cancel_text,
                                  SENT if sent else WAITING)

        def finished(value: Any) -> None:
            self._settle(asked)
            done(value)

        def gave(error: QuizError) -> None:
            self._settle(asked)
            if failed is not None:
                failed(error)
                return
            if refused is not None and not isinstance(error, ServerAway):
                refused(error)
                return
            if told is not None:
                told(error)
            self.bar.show_failure(plain(error, doing), retry, cancel, cancel_text)

        def retry() -> None:
            self.ask(work, done, failed, on_cancel, step, cancel_text, told, doing, write,
                     refused)

        call = self.queue.submit(work, finished, gave, waiting)
        asked.append(call)
        if step and call.pending:
            self._step, self._step_dropped = call, on_cancel
        return call

    def _settle(self, asked: list[Call]) -> None:
        """A call is answered: the bar stops saying it is waiting (if nothing else is)."""
        if asked and self._step is asked[0]:
            self._step = None
        waiting = self.bar.isVisible() and self.bar.retry_button.isHidden()
        if waiting and not self.queue.busy:
            self.bar.clear()

    def cancel_step(self) -> None:
        """Drop the screen change being waited for (the user went elsewhere)."""
        if self._step is not None and self._step.pending:
            self._step.cancel()
            if self._step_dropped is not None:
                self._step_dropped()
        self.bar.clear()
        self._step, self._step_dropped = None, None
