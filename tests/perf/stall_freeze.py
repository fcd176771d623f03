"""How long the window freezes while its PostgreSQL server stalls (the README's figures).

    .venv/bin/python -m tests.perf.stall_freeze [SECONDS]

Starts a throwaway server (tests/pgserver.py) behind a proxy that holds every byte
(tests/stallproxy.py), builds the whole window on it (offscreen), and for each action stalls
the server for SECONDS (default 4), runs the action, and prints the longest gap between the
ticks of a 10 ms timer on the GUI thread while the server was stalled: the time the window
could not repaint or take input. A measurement, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path


def main(stall: float) -> None:
    sandbox = tempfile.mkdtemp(prefix="quiz-stall-")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["XDG_DATA_HOME"] = f"{sandbox}/data"  # the outbox, not the user's
    os.environ["XDG_CONFIG_HOME"] = f"{sandbox}/config"
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from quiz.core.bank import draw_game
    from quiz.core.db import open_database
    from quiz.core.game import Game, mode
    from quiz.ui import app as app_module
    from quiz.ui import dialogs
    from quiz.ui.main_window import create_main_window
    from quiz.ui.setup import Choices
    from tests.pgserver import Server
    from tests.stallproxy import StallProxy

    dialogs.Confirm.ask = classmethod(lambda cls, *a, **k: True)  # type: ignore[method-assign]
    app = QApplication.instance() or QApplication([])
    server = Server.start(Path(sandbox) / "pg")
    try:
        name = server.create_database()
        open_database(server.url(name)).dispose()
        proxy = StallProxy("127.0.0.1", server.port)
        settings = QSettings(f"{sandbox}/settings.ini", QSettings.Format.IniFormat)
        win = create_main_window(proxy.url(server.url(name)), settings=settings)
        win.show()
        ticks: list[float] = []
        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(lambda: ticks.append(time.monotonic()))
        timer.start()

        def spin(seconds: float) -> None:
            loop = QEventLoop()
            QTimer.singleShot(int(seconds * 1000), loop.quit)
            loop.exec()

        def measure(label: str, action: Callable[[], object]) -> None:
            spin(0.3)
            ticks.clear()
            proxy.stall(at_most=stall + 30)
            threading.Timer(stall, proxy.resume).start()  # not a Qt timer: it may be frozen
            start = time.monotonic()
            action()
            spin(stall + 1.5)
            while win.calls is not None and win.calls.queue.busy:
                spin(0.2)
            pairs = zip([start, *ticks], ticks, strict=False)
            gaps = [b - a for a, b in pairs if a < start + stall]
            print(f"{label:22s} longest freeze {max(gaps, default=0):6.2f} s of a {stall:g} s "
                  f"stall", flush=True)

        def opening(window: object, url: str) -> None:
            """What the app does at start-up once the window has painted: open the bank."""
            start = getattr(app_module, "open_on_server", None)
            if start is None:  # before it was moved off the GUI thread
                app_module.open_with_recovery(None, url).dispose()  # type: ignore[union-attr]
                return
            opened: list[object] = []
            start(window, url, lambda db: (db.dispose(), opened.append(db)),
                  lambda error: opened.append(error), lambda: None)
            while not opened:
                spin(0.1)

        choices = Choices("Mira", "classic", None, None, None)
        drawn = draw_game(win.db, mode("classic"), "Mira", None, None, None)
        game = Game(drawn.cards, mode("classic"), "standard")
        game.start()
        for card in drawn.cards:
            game.answer(card.correct_answer, 1.0)
            game.next()
        summary = game.finish()
        measure("start a game", lambda: win.start_game(choices))
        measure("finish a game (save)", lambda: win._game_finished(summary))
        measure("open the high scores", win.show_scores)
        measure("home screen", win.show_home)
        measure("new quiz (setup)", win.show_setup)
        measure("open the editor", win.show_editor)
        editor = win._editor
        assert editor is not None
        measure("editor search", lambda: (editor.search_edit.setText("golden"),
                                          editor.apply_filter()))
        editor.model.page_size = 50  # the seeded bank is a few pages of 50
        measure("editor clear search", editor.clear_search)
        measure("editor next page", editor.model.fetchMore)
        measure("editor select a row", lambda: editor.table.selectRow(3))
        measure("editor save an edit", lambda: (
            editor.panel.explanation_edit.setPlainText("Stalled, then saved."),
            editor.save_current()))
        measure("editor undo", editor.undo)
        measure("editor redo", editor.redo)
        dialogs.BulkChange.ask = classmethod(  # type: ignore[method-assign]
            lambda cls, *a, **k: (None, "hard"))
        measure("editor bulk change", editor.bulk_change_selected)
        measure("editor delete", editor.delete_selected)
        bank_file = Path(sandbox) / "bank.json"
        dialogs.ExportFile.ask = classmethod(  # type: ignore[method-assign]
            lambda cls, *a, **k: (bank_file, "json"))
        measure("editor export", editor.export_file)
        from quiz.ui.import_preview import ImportPreview

        dialogs.OpenFile.ask = classmethod(  # type: ignore[method-assign]
            lambda cls, *a, **k: bank_file)
        ImportPreview.ask = classmethod(lambda cls, *a, **k: True)  # type: ignore[method-assign]
        measure("editor import", editor.import_file)
        win.show_scores()
        spin(1.0)
        scores = win._scores
        assert scores is not None
        from quiz.ui import scores as scores_module

        scores_module.SaveFile.ask = classmethod(  # type: ignore[method-assign]
            lambda cls, *a, **k: Path(sandbox) / "scores.csv")
        scores_module.Confirm.ask = classmethod(  # type: ignore[method-assign]
            lambda cls, *a, **k: True)
        measure("scores CSV export", scores.export_csv)
        measure("scores reset", lambda: scores.reset_scores(None))
        measure("start-up (open the bank)", lambda: opening(win, proxy.url(server.url(name))))
        win.close()
        win.db.dispose()
        proxy.close()
        del app
    finally:
        server.stop()


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 4.0)
