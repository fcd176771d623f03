"""The main window: menus, the stack of screens, and the wiring between screens and core.

`create_main_window(db_url)` is the seam tests and tools use to build the whole app.
The window paints its home screen before the database layer is even imported; `attach`
then hands it the database. Every other screen is built the first time it is shown, so
starting on one screen pays for no other. What a screen waits for on the database goes
through `self.calls` (quiz/ui/waiting.py): off the GUI thread on a server, inline on a file;
on a server a screen is shown once its data is in.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from quiz import __version__
from quiz.ui import theme
from quiz.ui.home import HomeScreen
from quiz.ui.waiting import ServerCalls, ServerQueue, WaitBar, plain

if TYPE_CHECKING:
    from quiz.core.backends import Rights
    from quiz.core.db import Database
    from quiz.core.errors import QuizError
    from quiz.core.game import Citation, Summary
    from quiz.core.outbox import Outbox
    from quiz.ui.play import PlayScreen
    from quiz.ui.setup import Choices, SetupScreen
    from quiz.ui.summary import SummaryScreen


def default_settings() -> QSettings:
    """Where window size and the last player's name are remembered."""
    return QSettings("kpop-demon-hunters-quiz", "quiz")


class MainWindow(QMainWindow):
    """Home, setup, play, summary, editor and scores screens in one window."""

    def __init__(self, settings: QSettings | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        theme.name(self, "mainWindow", "KPop Demon Hunters Quiz")
        self.setWindowTitle("KPop Demon Hunters Quiz")
        self.setWindowIcon(theme.icon("app"))
        self.settings = settings or default_settings()
        self.clock = clock
        self.db: Database | None = None
        self.outbox: Outbox | None = None
        self.lock: object | None = None  # the WindowLock, held while this window is open
        self.choices: Choices | None = None
        self._setup: SetupScreen | None = None
        self._play: PlayScreen | None = None
        self._summary: SummaryScreen | None = None
        self._editor: QWidget | None = None
        self._scores: QWidget | None = None
        self.stack = QStackedWidget()
        self.wait_bar = WaitBar()  # "Waiting for the server…", or what failed, with Retry
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.wait_bar)
        self.setCentralWidget(central)
        self.calls: ServerCalls | None = None
        self.home = HomeScreen()
        self.stack.addWidget(self.home)
        self._build_menus()
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1000, 760)

    # -- composition --------------------------------------------------------------------------

    def attach(self, db: Database) -> None:
        """Open for business on `db`; then show a screen (`show_home` fills in the bank size)."""
        from quiz.core.outbox import Outbox

        self.db = db
        self.outbox = outbox = Outbox()
        # A server's answers come on a worker thread; a local file answers at once, inline.
        self.calls = ServerCalls(ServerQueue(off_thread=db.file is None, parent=self),
                                 self.wait_bar)
        if outbox.pending(db.url):  # games that ended while the server was away
            # still refused: they wait for the next game's save or the next start
            self.calls.ask(lambda: outbox.send(db), lambda _sent: None,
                           lambda _error: None, step=False)
        self.home.play.connect(self.show_setup)
        self.home.editor.connect(self.show_editor)
        self.home.scores.connect(self.show_scores)
        for action in self._data_actions:
            action.setEnabled(True)

    @property
    def setup(self) -> SetupScreen:
        """The setup screen (built on first use)."""
        if self._setup is None:
            from quiz.ui.setup import SetupScreen

            self._setup = SetupScreen()
            self._setup.back.connect(self.show_home)
            self._setup.start.connect(self.start_game)
            self.stack.addWidget(self._setup)
        return self._setup

    @property
    def play(self) -> PlayScreen:
        """The play screen (built on first use)."""
        if self._play is None:
            from quiz.ui.play import PlayScreen

            self._play = PlayScreen(self.clock)
            self._play.finished.connect(self._game_finished)
            self._play.abandoned.connect(self._game_abandoned)
            self._play.open_article.connect(self.open_article)
            self.stack.addWidget(self._play)
        return self._play

    @property
    def summary(self) -> SummaryScreen:
        """The end-of-game screen (built on first use)."""
        if self._summary is None:
            from quiz.ui.summary import SummaryScreen

            self._summary = SummaryScreen()
            self._summary.play_again.connect(lambda: self.start_game(self.choices))
            self._summary.home.connect(self.show_home)
            self.stack.addWidget(self._summary)
        return self._summary

    @property
    def playing(self) -> bool:
        """True while a game is under way."""
        return self._play is not None and self._play.playing

    def refresh_home(self) -> None:
        """Show the bank's size on the home screen (plain counts: no ORM on the way in; on a
        server, off the GUI thread)."""
        assert self.db is not None and self.calls is not None
        db = self.db

        def sizes() -> tuple[int, int, Rights]:
            questions, articles = db.bank_size()
            return questions, articles, db.rights()

        self.calls.ask(sizes, lambda got: self.home.set_ready(*got),
                       doing="count the questions")

    def _build_menus(self) -> None:
        bar = self.menuBar()
        game = bar.addMenu("&Game")
        self.new_action = self._action(game, "&New quiz…", QKeySequence.StandardKey.New,
                                       lambda: self.show_setup())
        self.bank_action = self._action(game, "&Question bank", QKeySequence("Ctrl+E"),
                                        lambda: self.show_editor())
        self.scores_action = self._action(game, "&High scores", QKeySequence("Ctrl+H"),
                                          lambda: self.show_scores())
        # Alt+Home, as in browsers: Ctrl+Home belongs to text fields (start of the text).
        self.home_action = self._action(game, "Ho&me", QKeySequence("Alt+Home"),
                                        lambda: self.show_home())
        game.addSeparator()
        self.import_action = self._action(game, "&Import questions…", QKeySequence("Ctrl+I"),
                                          lambda: self._editor_do("import_file"))
        self.export_action = self._action(game, "E&xport questions…",
                                          QKeySequence("Ctrl+Shift+E"),
                                          lambda: self._editor_do("export_file"))
        game.addSeparator()
        self.restore_action = self._action(game, "&Restore from backup…", None,
                                           self.restore_backup)
        self._data_actions = [self.new_action, self.bank_action, self.scores_action,
                              self.import_action, self.export_action, self.restore_action]
        for action in self._data_actions:
            action.setEnabled(False)
        game.addSeparator()
        self.file_menu = game
        self.quit_action = self._action(game, "&Quit", QKeySequence("Ctrl+Q"), self.close)
        view = bar.addMenu("&View")
        self.fullscreen_action = self._action(view, "&Full screen", QKeySequence("F11"),
                                              self.toggle_fullscreen)
        self.fullscreen_action.setCheckable(True)
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&Keyboard shortcuts", QKeySequence.StandardKey.HelpContents,
                     self.show_shortcuts)
        self._action(help_menu, "&About", None, self.show_about)

    def _action(self, menu, text: str, shortcut, slot) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # -- navigation ---------------------------------------------------------------------------

    def _leave_game(self, again: Callable[[], None]) -> bool:
        """Leave the current screen: an open edit is saved (or discarded after asking), a
        running game is abandoned after asking. False: the user chose to stay, or the edit's
        save is on its way to a server (then `again()` follows once it is stored)."""
        editor = self._editor
        if editor is not None and self.stack.currentWidget() is editor and \
                not editor.settle(again):  # type: ignore[attr-defined]
            return False
        return not self.playing or self.play.leave()

    def show_home(self) -> None:
        """The home screen (leaving a running game only after asking)."""
        if not self._leave_game(self.show_home):
            return
        self.stack.setCurrentWidget(self.home)
        if self.db is not None:
            self.refresh_home()

    def show_setup(self) -> None:
        """The setup screen for a new game."""
        if self.db is None or self.calls is None or not self._leave_game(self.show_setup):
            return
        from quiz.core.bank import categories

        db = self.db

        def prepare(got: tuple[list[str], Rights]) -> None:
            found, rights = got
            last = str(self.settings.value("player/last", "") or "")
            self.setup.prepare(found, last)
            if rights.player is not None:  # the server records games under the role's name
                self.setup.fix_player(rights.player, rights.reason)
            self.stack.setCurrentWidget(self.setup)
            self.setup.focus_name()  # again: switching pages may have moved focus

        self.calls.ask(lambda: (categories(db), db.rights()), prepare,
                       doing="open a new quiz")

    def show_editor(self, then: Callable[[], None] | None = None) -> None:
        """The question bank editor (then `then()`, once it is shown).

        It is shown once its data is in: on a server the editor reads off the GUI thread,
        so a server that is away or hung shows the wait bar, not a frozen window.
        """
        if self.db is None or self.calls is None or \
                not self._leave_game(lambda: self.show_editor(then)):
            return
        if self._editor is None:
            from quiz.ui.editor import EditorScreen

            self._editor = EditorScreen(self.db, self.calls)
            self._editor.back.connect(self.show_home)  # type: ignore[attr-defined]
            self.stack.addWidget(self._editor)
        editor = self._editor

        def shown() -> None:
            self.stack.setCurrentWidget(editor)
            if then is not None:
                then()

        editor.refresh(shown, step=True)  # type: ignore[attr-defined]

    def _editor_do(self, method: str) -> None:
        """Open the editor and run its import or export."""
        def run() -> None:
            if self._editor is not None and self.stack.currentWidget() is self._editor:
                getattr(self._editor, method)()

        self.show_editor(run)

    def show_scores(self) -> None:
        """The high-score table."""
        if self.db is None or not self._leave_game(self.show_scores):
            return
        if self._scores is None:
            from quiz.ui.scores import ScoresScreen

            self._scores = ScoresScreen(self.db)
            calls = self.calls
            assert calls is not None
            self._scores.ask = lambda work, done, failed, doing="show the high scores", \
                **how: calls.ask(work, done, failed, doing=doing, **how)  # type: ignore[attr-defined]
            self._scores.back.connect(self.show_home)  # type: ignore[attr-defined]
            self._scores.review.connect(self.start_review)  # type: ignore[attr-defined]
            self.stack.addWidget(self._scores)
        assert self.calls is not None
        scores, db = self._scores, self.db
        last = str(self.settings.value("player/last", "") or "") or None
        load = scores.loader(last)  # type: ignore[attr-defined]

        def show(got: tuple[object, Rights]) -> None:
            loaded, rights = got
            scores.limit_to(rights)  # type: ignore[attr-defined]
            scores.show_loaded(loaded, last)  # type: ignore[attr-defined]
            self.stack.setCurrentWidget(scores)

        # the role's rights too: read once per process, but maybe not yet (a first screen)
        self.calls.ask(lambda: (load(), db.rights()), show, doing="show the high scores")

    # -- playing ------------------------------------------------------------------------------

    def start_game(self, choices: Choices | None) -> bool:
        """Draw questions for `choices` and start playing; False (with a message) if none."""
        from quiz.core.bank import draw_game
        from quiz.core.errors import ServerAway
        from quiz.core.game import Game, mode

        if choices is None or self.db is None or self.calls is None:
            return False
        db = self.db
        started: list[bool] = []

        def draw() -> tuple[Game, str]:
            game_mode = mode(choices.mode)
            drawn = draw_game(db, game_mode, choices.player, choices.category,
                              choices.difficulty, choices.count)
            return Game(drawn.cards, game_mode, choices.time), drawn.note

        def play(got: tuple[Game, str]) -> None:
            self.choices = choices
            self.settings.setValue("player/last", choices.player)
            self.stack.setCurrentWidget(self.play)
            self.play.start(*got)
            started.append(True)

        def refused(error: QuizError) -> None:
            if isinstance(error, ServerAway):  # worth trying again: the bar offers it
                self.wait_bar.show_failure(plain(error, "start the game"),
                                           lambda: self.start_game(choices), lambda: None)
                return
            self.stack.setCurrentWidget(self.setup)
            self.setup.show_error(str(error))

        self.calls.ask(draw, play, refused)
        return bool(started) or self.calls.queue.off_thread

    def start_review(self, player: str) -> None:
        """A Review game of what `player` missed before."""
        from quiz.ui.setup import Choices

        if self._leave_game(lambda: self.start_review(player)):
            self.start_game(Choices(player, "review", None, None, None))

    def _game_finished(self, summary: Summary) -> None:
        from quiz.ui.saving import finish_game

        assert self.db is not None and self.outbox is not None and self.calls is not None
        assert self.choices is not None
        finish_game(self.calls, self.db, self.outbox, self.choices, summary, self.summary)
        self.stack.setCurrentWidget(self.summary)

    def _game_abandoned(self, summary: Summary) -> None:
        from quiz.ui.saving import save_game

        assert self.db is not None and self.outbox is not None and self.calls is not None
        assert self.choices is not None
        save_game(self.calls, self.db, self.outbox, self.choices, summary,
                  lambda _saved, _rank: None, lambda _error: None)
        self.stack.setCurrentWidget(self.home)
        self.refresh_home()

    def open_article(self, citation: Citation) -> None:
        """Show the cited article with the quote highlighted."""
        from quiz.core.bank import article
        from quiz.ui.reader import ArticleReader

        assert self.db is not None and self.calls is not None
        db = self.db

        def show(found: Any) -> None:
            if found is None:
                return
            reader = ArticleReader(self)
            reader.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            reader.show_article(found.text, citation, found.title_is_descriptive)
            reader.show()
            self.reader = reader

        self.calls.ask(lambda: article(db, citation.article_id), show, step=False,
                       doing="open the article")

    def restore_backup(self) -> None:
        """Game > Restore from backup…: close the bank, put a backup in its place, reopen."""
        from quiz.core import backup
        from quiz.core.db import open_database
        from quiz.core.errors import QuizError
        from quiz.ui.dialogs import ChooseBackup, Inform

        title = "Restore from backup"
        if self.db is None or not self._leave_game(self.restore_backup):
            return
        path = self.db.file
        found = backup.listing(path) if path is not None else []
        if path is None or not found:
            Inform.ask(self, title, "There are no backups of this question bank yet."
                       if path else "Backups are kept only for SQLite files.")
            return
        chosen = ChooseBackup.ask(self, [(b.label(), b.path) for b in found])
        if chosen is None:
            return
        self.db.dispose()  # no connection of ours stays open across the swap
        try:
            previous = backup.restore(path, chosen)
            reopened = open_database(self.db.url)
        except QuizError as exc:
            Inform.ask(self, title, str(exc)[:1].upper() + str(exc)[1:] + ".", error=True)
            return
        for screen in (self._editor, self._scores):  # built again, on the restored bank
            if screen is not None:
                self.stack.removeWidget(screen)
                screen.deleteLater()
        self._editor = self._scores = None
        self.db = reopened
        self.stack.setCurrentWidget(self.home)
        self.refresh_home()
        kept = f"\n\nThe bank it replaced is kept as {previous}." if previous else ""
        label = next((b.label() for b in found if b.path == chosen), chosen.name)
        Inform.ask(self, title, f"Restored the backup of {label}.{kept}")

    # -- window -------------------------------------------------------------------------------

    def toggle_fullscreen(self) -> None:
        """F11: full screen on and off."""
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        self.fullscreen_action.setChecked(self.isFullScreen())

    def show_about(self) -> None:
        """Help > About."""
        from quiz.ui.dialogs import Inform

        Inform.ask(self, "About KPop Demon Hunters Quiz",
                   f"KPop Demon Hunters Quiz {__version__}\n\n"
                   "A trivia game built from two news articles about the animated film "
                   "\"KPop Demon Hunters\". After every answer the game quotes the sentence "
                   "it comes from, so you can check it yourself.")

    def show_shortcuts(self) -> None:
        """Help > Keyboard shortcuts."""
        from quiz.ui.dialogs import Inform

        Inform.ask(self, "Keyboard shortcuts",
                   "1–4: choose an answer\nEnter: submit / next question\n"
                   "Esc: leave the quiz (asks first)\nCtrl+N: new quiz\nCtrl+E: question bank\n"
                   "Ctrl+H: high scores\nAlt+Home: home screen\nTab / Shift+Tab: next / "
                   "previous control (arrows move inside a table)\nAlt + underlined letter: "
                   "that control\nF11: full screen\nCtrl+Q: quit")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        """Remember the window size; a game still running is saved as abandoned; an open
        edit is saved if valid, else the user is asked whether to discard it."""
        editor = self._editor
        if editor is not None and editor.writing:  # type: ignore[attr-defined]
            from quiz.ui.dialogs import Confirm

            if not Confirm.ask(self, "Quit now?", "The server has not answered the last change "
                               "to the question bank yet. If you quit now, it may not be "
                               "saved.", yes="Quit"):
                event.ignore()
                return
        elif editor is not None and self.stack.currentWidget() is editor and \
                not editor.settle(self.close):  # type: ignore[attr-defined]
            event.ignore()  # the user stays, or the edit's save goes first (then it closes)
            return
        if self.playing:
            self.play.leave(ask=False)
        if self.calls is not None:  # its worker ends after what was asked (a game in the outbox)
            self.calls.queue.close()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.sync()
        super().closeEvent(event)


def create_main_window(db_url: str, settings: QSettings | None = None,
                       clock: Callable[[], float] = time.monotonic) -> MainWindow:
    """The whole app against the database at `db_url` (a QApplication must exist)."""
    from quiz.core.db import open_database

    window = MainWindow(settings, clock)
    window.attach(open_database(db_url))
    window.show_home()
    return window
