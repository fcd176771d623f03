"""The main window: menus, the stack of screens, and the wiring between screens and core.

`create_main_window(db_url)` is the seam tests and tools use to build the whole app.
The window paints its home screen before the database layer is even imported; `attach`
then hands it the database. Every other screen is built the first time it is shown, so
starting on one screen pays for no other.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from quiz import __version__
from quiz.ui import theme
from quiz.ui.home import HomeScreen

if TYPE_CHECKING:
    from quiz.core.db import Database
    from quiz.core.game import Citation, Summary
    from quiz.core.outbox import Outbox, Saved
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
        self.setCentralWidget(self.stack)
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
        from quiz.core.errors import QuizError
        from quiz.core.outbox import Outbox

        self.db = db
        self.outbox = Outbox()
        if self.outbox.pending(db.url):  # games that ended while the server was away
            # still refused: they wait for the next game's save or the next start
            with suppress(QuizError):
                self.outbox.send(db)
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
        """Show the bank's size on the home screen (plain counts: no ORM on the way in)."""
        assert self.db is not None
        questions, articles = self.db.bank_size()
        self.home.set_ready(questions, articles, self.db.rights())

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

    def _leave_game(self) -> bool:
        """Leave the current screen: an open edit is saved (or discarded after asking), a
        running game is abandoned after asking. False: the user chose to stay."""
        editor = self._editor
        if editor is not None and self.stack.currentWidget() is editor and not editor.settle():
            return False
        return not self.playing or self.play.leave()

    def show_home(self) -> None:
        """The home screen (leaving a running game only after asking)."""
        if not self._leave_game():
            return
        self.stack.setCurrentWidget(self.home)
        if self.db is not None:
            self.refresh_home()

    def show_setup(self) -> None:
        """The setup screen for a new game."""
        if self.db is None or not self._leave_game():
            return
        from quiz.core.bank import categories

        last = str(self.settings.value("player/last", "") or "")
        self.setup.prepare(categories(self.db), last)
        rights = self.db.rights()
        if rights.player is not None:  # the server records games under the role's name
            self.setup.fix_player(rights.player, rights.reason)
        self.stack.setCurrentWidget(self.setup)
        self.setup.focus_name()  # again: switching pages may have moved focus

    def show_editor(self) -> None:
        """The question bank editor."""
        if self.db is None or not self._leave_game():
            return
        if self._editor is None:
            from quiz.ui.editor import EditorScreen

            self._editor = EditorScreen(self.db)
            self._editor.back.connect(self.show_home)  # type: ignore[attr-defined]
            self.stack.addWidget(self._editor)
        self._editor.refresh()  # type: ignore[attr-defined]
        self.stack.setCurrentWidget(self._editor)

    def _editor_do(self, method: str) -> None:
        """Open the editor and run its import or export."""
        self.show_editor()
        if self._editor is not None and self.stack.currentWidget() is self._editor:
            getattr(self._editor, method)()

    def show_scores(self) -> None:
        """The high-score table."""
        if self.db is None or not self._leave_game():
            return
        if self._scores is None:
            from quiz.ui.scores import ScoresScreen

            self._scores = ScoresScreen(self.db)
            self._scores.limit_to(self.db.rights())  # type: ignore[attr-defined]
            self._scores.back.connect(self.show_home)  # type: ignore[attr-defined]
            self._scores.review.connect(self.start_review)  # type: ignore[attr-defined]
            self.stack.addWidget(self._scores)
        last = str(self.settings.value("player/last", "") or "")
        self._scores.refresh(last or None)  # type: ignore[attr-defined]
        self.stack.setCurrentWidget(self._scores)

    # -- playing ------------------------------------------------------------------------------

    def start_game(self, choices: Choices | None) -> bool:
        """Draw questions for `choices` and start playing; False (with a message) if none."""
        from quiz.core.bank import draw_game
        from quiz.core.errors import QuizError
        from quiz.core.game import Game, mode

        if choices is None or self.db is None:
            return False
        try:
            game_mode = mode(choices.mode)
            drawn = draw_game(self.db, game_mode, choices.player, choices.category,
                              choices.difficulty, choices.count)
            game = Game(drawn.cards, game_mode, choices.time)
        except QuizError as exc:
            self.stack.setCurrentWidget(self.setup)
            self.setup.show_error(str(exc))
            return False
        self.choices = choices
        self.settings.setValue("player/last", choices.player)
        self.stack.setCurrentWidget(self.play)
        self.play.start(game, drawn.note)
        return True

    def start_review(self, player: str) -> None:
        """A Review game of what `player` missed before."""
        from quiz.ui.setup import Choices

        if self._leave_game():
            self.start_game(Choices(player, "review", None, None, None))

    def _save(self, summary: Summary) -> Saved:
        assert self.db is not None and self.choices is not None and self.outbox is not None
        return self.outbox.save(self.db, self.choices.player, summary, self.choices.category,
                                self.choices.difficulty)

    def _game_finished(self, summary: Summary) -> None:
        from quiz.core.leaderboard import top
        from quiz.ui.summary import Standing

        assert self.db is not None and self.choices is not None
        saved = self._save(summary)
        rank = None
        if summary.mode.ranked and saved.game_id is not None:
            for entry in top(self.db, summary.mode.key, 10, time=summary.time_setting):
                if entry.game_id == saved.game_id:
                    rank = entry.rank
        self.summary.show_summary(summary, self.choices.player, Standing(rank, 10, saved.kept))
        self.stack.setCurrentWidget(self.summary)

    def _game_abandoned(self, summary: Summary) -> None:
        self._save(summary)
        self.stack.setCurrentWidget(self.home)
        self.refresh_home()

    def open_article(self, citation: Citation) -> None:
        """Show the cited article with the quote highlighted."""
        from quiz.core.bank import article
        from quiz.ui.reader import ArticleReader

        assert self.db is not None
        found = article(self.db, citation.article_id)
        if found is None:
            return
        reader = ArticleReader(self)
        reader.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        reader.show_article(found.text, citation, found.title_is_descriptive)
        reader.show()
        self.reader = reader

    def restore_backup(self) -> None:
        """Game > Restore from backup…: close the bank, put a backup in its place, reopen."""
        from quiz.core import backup
        from quiz.core.db import open_database
        from quiz.core.errors import QuizError
        from quiz.ui.dialogs import ChooseBackup, Inform

        title = "Restore from backup"
        if self.db is None or not self._leave_game():
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
        if editor is not None and self.stack.currentWidget() is editor and not editor.settle():
            event.ignore()
            return
        if self.playing:
            self.play.leave(ask=False)
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
