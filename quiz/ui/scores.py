"""The high-scores screen: a table per ranked mode, and each player's progress page.

`ScoresModel` is a thin table model over `quiz.core.leaderboard.top`; `ScoresScreen` is the
controller: it asks core for rows, progress, CSV files and resets, and repaints from the result.
Everything that waits on the database goes through `ask` (the window's: off the GUI thread on a
server; without one, or on a local file, at once, so the data is on screen when a call
returns); the Progress tab (widgets, player list and page) is built and loaded when it is first
shown. A reset is sent once the user has confirmed the loss counted for them; the CSV file is
written on the same worker, after its rows are read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from quiz.core import leaderboard, players, progress
from quiz.core.backends import Rights
from quiz.core.db import Database
from quiz.core.errors import QuizError
from quiz.core.game import MODES
from quiz.core.leaderboard import Entry
from quiz.core.timing import STANDARD, TIME_SETTINGS, table_label
from quiz.ui import theme
from quiz.ui.dialogs import Confirm, Inform, SaveFile

if TYPE_CHECKING:
    from quiz.core.progress import Progress
    from quiz.ui.player_page import PlayerPage

PAGE = 10  # rows shown at first ("top 10")
MORE = 25  # rows added by "Show more"
# Player combos are as wide as this many characters, not as their widest entry: measuring every
# name of thousands of players costs ~10 µs each (50 ms for 5,000) on every refresh.
NAME_CHARS = 24

_Index = QModelIndex | QPersistentModelIndex


class ScoresModel(QAbstractTableModel):
    """High-score entries as rows; the current player's rows are bold and tinted."""

    COL_RANK, COL_PLAYER, COL_SCORE, COL_CORRECT, COL_ACCURACY, COL_STREAK, COL_DURATION, \
        COL_DATE = range(8)
    HEADERS = ("#", "Player", "Score", "Correct", "Accuracy", "Best streak", "Time", "Date")
    ENTRY_ROLE = Qt.ItemDataRole.UserRole
    CURRENT_ROLE = Qt.ItemDataRole.UserRole + 1
    _NUMERIC = frozenset({COL_RANK, COL_SCORE, COL_CORRECT, COL_ACCURACY, COL_STREAK,
                          COL_DURATION})

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[Entry] = []
        self.current_key: str | None = None

    def set_entries(self, entries: list[Entry], current_key: str | None) -> None:
        """Show `entries`; rows of the player whose name key is `current_key` stand out."""
        self.beginResetModel()
        self.entries = list(entries)
        self.current_key = current_key
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self.HEADERS)

    def is_current(self, row: int) -> bool:
        """True when row `row` is a game of the current player."""
        return self.current_key is not None and self.entries[row].player_key == self.current_key

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        e = self.entries[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.AccessibleTextRole):
            text = self._text(e, column)
            if role != Qt.ItemDataRole.DisplayRole and self.is_current(index.row()):
                text = f"{text} (your game)"  # the tint and bold, in words
            return theme.tooltip(text) if role == Qt.ItemDataRole.ToolTipRole else text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in self._NUMERIC:
                return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.FontRole and self.is_current(index.row()):
            font = QFont(QApplication.font())
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and self.is_current(index.row()):
            tint = QColor(QApplication.palette().color(QPalette.ColorRole.Highlight))
            tint.setAlpha(48)
            return QBrush(tint)
        if role == self.ENTRY_ROLE:
            return e
        if role == self.CURRENT_ROLE:
            return self.is_current(index.row())
        return None

    @classmethod
    def _text(cls, e: Entry, column: int) -> str:
        return (str(e.rank), e.player, f"{e.score:,}", f"{e.correct} / {e.total}",
                f"{e.accuracy:.0%}", str(e.best_streak), leaderboard.duration_text(e.duration_s),
                leaderboard.local_text(e.finished_at))[column]

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt API)
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self._NUMERIC:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _key(name: str | None) -> str | None:
    try:
        return players.name_key(name) if name else None
    except QuizError:
        return None


# work, what to do with its answer, and with a failure (None: the window's wait bar says it);
# keywords: `write=True` (Cancel only until it is sent), `doing` (what the bar says failed),
# `refused` (failures other than an unreachable server, which the bar offers to retry)
Asker = Callable[..., object]


def _at_once(work: Callable[[], Any], done: Callable[[Any], None],
             failed: Callable[[QuizError], None] | None, write: bool = False, doing: str = "",
             refused: Callable[[QuizError], None] | None = None) -> None:
    """How the screen waits on its own (no window): here, at once."""
    try:
        value = work()
    except QuizError as exc:
        handler = failed or refused
        if handler is None:
            raise
        handler(exc)
        return
    done(value)


@dataclass(frozen=True)
class Loaded:
    """What the screen shows first, read in one go (see `ScoresScreen.loader`)."""

    names: list[tuple[str, str]]  # (name, key) of everyone who has played
    who: str | None  # the player filter still in force (None: everyone)
    entries: list[Entry]
    total: int
    table: tuple[str, str]  # the (mode, time setting) they are of


class ScoresScreen(QWidget):
    """High-score tables (filter by mode and player, export, reset) and the player pages."""

    back = Signal()
    review = Signal(str)  # a player's name: start a Review game for them

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scoresScreen")
        self.db = db
        self.current: str | None = None
        self.limit = PAGE
        self._progress_stale = True
        self._names: list[tuple[str, str]] = []  # (name, key) of everyone who has played
        self._names_stale = True  # the Progress tab's player list, filled when it is shown
        self._progress_page: PlayerPage | None = None
        self._reset_refused = ""  # why this database role may not reset scores, if it may not
        # How to wait on the database (the window's: off the GUI thread on a server); None: here
        self.ask: Asker | None = None

        title = QLabel("High scores")
        theme.name(title, "titleLabel", "High scores")
        theme.scale_font(title, 1.6, bold=True)
        self.tabs = QTabWidget()
        theme.name(self.tabs, "scoresTabs", "High scores and progress")
        self.tabs.addTab(self._build_table_tab(), "&Tables")
        self._progress_tab = QWidget()
        self.tabs.addTab(self._progress_tab, "&Progress")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.status = QLabel()
        theme.name(self.status, "statusLabel", "Last action")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        home = QPushButton("H&ome")  # Alt+H is the Help menu
        self.home_button = home
        theme.name(home, "homeButton", "Back to the home screen")
        home.clicked.connect(self.back)
        bottom = QHBoxLayout()
        bottom.addWidget(home)
        bottom.addSpacing(12)
        bottom.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

    def limit_to(self, rights: Rights) -> None:
        """Disable what this database role may not do, saying why."""
        if not rights.reset_scores:
            why = "Only the database's owner may reset scores on this server"
            self.reset_all_button.setEnabled(False)
            self.reset_all_button.setToolTip(why)
            self._reset_refused = why

    # -- layout -------------------------------------------------------------------------------

    def _build_table_tab(self) -> QWidget:
        tab = QWidget()
        self.mode_combo = QComboBox()
        theme.name(self.mode_combo, "scoresModeCombo", "Mode")
        for key in leaderboard.RANKED_MODES:
            self.mode_combo.addItem(MODES[key].label, key)
        # Each time setting has a table of its own (quiz.core.timing): more time never
        # competes with the standard time.
        self.time_combo = QComboBox()
        theme.name(self.time_combo, "scoresTimeCombo", "Time setting")
        for setting in TIME_SETTINGS.values():
            self.time_combo.addItem(setting.label, setting.key)
        time_label = QLabel("T&ime")
        time_label.setBuddy(self.time_combo)
        self.time_label = time_label
        self.player_combo = QComboBox()
        theme.name(self.player_combo, "scoresPlayerCombo", "Show games of")
        _name_width(self.player_combo)
        mode_label = QLabel("&Mode")
        mode_label.setBuddy(self.mode_combo)
        player_label = QLabel("Pla&yer")
        player_label.setBuddy(self.player_combo)
        self.export_button = QPushButton("&Export CSV…")
        theme.name(self.export_button, "exportScoresButton", "Export this table as CSV")
        self.export_button.setToolTip("Save every ranked game of this mode (and player) as CSV")
        self.reset_all_button = QPushButton("Reset all scores…")
        theme.name(self.reset_all_button, "resetAllButton", "Reset all scores")

        self.model = ScoresModel(self)
        self.table = QTableView()
        theme.name(self.table, "scoresTable", "High scores")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.table.setToolTip("Double-click or press Enter on a row to see that player's "
                              "progress")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ScoresModel.COL_PLAYER, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._open_row)
        self.empty = QLabel(self.table.viewport())
        theme.name(self.empty, "emptyScoresLabel", "No high scores")
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        empty_layout = QVBoxLayout(self.table.viewport())
        empty_layout.addWidget(self.empty)

        self.shown = QLabel()
        theme.name(self.shown, "shownLabel", "Rows shown")
        self.more_button = QPushButton(f"Sho&w {MORE} more")  # Alt+M is Mode
        theme.name(self.more_button, "showMoreButton", "Show more rows")
        self.more_button.clicked.connect(self.show_more)

        self.mode_combo.currentIndexChanged.connect(self._filter_changed)
        self.time_combo.currentIndexChanged.connect(self._filter_changed)
        self.player_combo.currentIndexChanged.connect(self._filter_changed)
        self.export_button.clicked.connect(self.export_csv)
        self.reset_all_button.clicked.connect(lambda: self.reset_scores(None))

        filters = QHBoxLayout()
        filters.addWidget(mode_label)
        filters.addWidget(self.mode_combo)
        filters.addSpacing(16)
        filters.addWidget(time_label)
        filters.addWidget(self.time_combo)
        filters.addSpacing(16)
        filters.addWidget(player_label)
        filters.addWidget(self.player_combo)
        filters.addStretch(1)
        filters.addWidget(self.export_button)
        filters.addWidget(self.reset_all_button)
        footer = QHBoxLayout()
        footer.addWidget(self.shown, 1)
        footer.addWidget(self.more_button)
        layout = QVBoxLayout(tab)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)
        return tab

    @property
    def page(self) -> PlayerPage:
        """The Progress tab's player page (built on first use)."""
        if self._progress_page is None:
            self._build_progress_tab()
        assert self._progress_page is not None
        return self._progress_page

    def _build_progress_tab(self) -> None:
        from quiz.ui.player_page import PlayerPage

        self.progress_combo = QComboBox()
        theme.name(self.progress_combo, "progressPlayerCombo", "Player")
        _name_width(self.progress_combo)
        self.progress_combo.currentIndexChanged.connect(lambda _i: self._load_progress())
        label = QLabel("Pla&yer")
        label.setBuddy(self.progress_combo)
        page = PlayerPage()
        page.review.connect(self.review)
        page.reset.connect(self.reset_scores)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.progress_combo)
        row.addStretch(1)
        layout = QVBoxLayout(self._progress_tab)
        layout.addLayout(row)
        layout.addWidget(page, 1)
        for widget in (label, self.progress_combo, page):
            widget.show()  # at once: a layout would only show them after the next paint
        if self._reset_refused:
            page.reset_button.setEnabled(False)
            page.reset_button.setToolTip(self._reset_refused)
        # Built after Home, so they would come after it in the Tab order; Home is last.
        QWidget.setTabOrder(page.missed, self.home_button)
        self._progress_page = page

    # -- data ---------------------------------------------------------------------------------

    @property
    def mode(self) -> str:
        """The ranked mode whose table is shown."""
        return str(self.mode_combo.currentData())

    @property
    def time(self) -> str:
        """The time setting whose table is shown (untimed modes have only the standard one)."""
        if MODES[self.mode].time_limit is None:
            return STANDARD
        return str(self.time_combo.currentData())

    @property
    def player_filter(self) -> str | None:
        """The player whose games the table is limited to (None: everyone)."""
        return self.player_combo.currentText() if self.player_combo.currentIndex() > 0 else None

    def _progress_player(self) -> str | None:
        combo = self.progress_combo
        return combo.currentText() if combo.currentIndex() >= 0 else None

    def refresh(self, current_player: str | None = None,
                then: Callable[[], None] | None = None) -> None:
        """Reload everything; `current_player`'s rows are highlighted and their page shown;
        then `then()`."""
        def show(loaded: Loaded) -> None:
            self.show_loaded(loaded, current_player)
            if then is not None:
                then()

        self._ask(self.loader(current_player), show, None)

    def _ask(self, work: Callable[[], Any], done: Callable[[Any], None],
             failed: Callable[[QuizError], None] | None, **how: Any) -> None:
        (self.ask or _at_once)(work, done, failed, **how)

    def loader(self, current_player: str | None = None) -> Callable[[], Loaded]:
        """What `refresh` reads, as work for any thread: the filters are read now, on the
        GUI thread, and the database later, wherever the work runs."""
        db, mode, time, wanted = self.db, self.mode, self.time, self.player_filter

        def load() -> Loaded:
            names = progress.named_players(db)
            who = wanted if _key(wanted) in {key for _name, key in names} else None
            return Loaded(names, who, leaderboard.top(db, mode, PAGE, who, time),
                          leaderboard.count(db, mode, who, time), (mode, time))

        return load

    def show_loaded(self, loaded: Loaded, current_player: str | None = None) -> None:
        """Show what `loader` read (on the GUI thread)."""
        self.current = current_player or None
        self.status.clear()
        self._names = loaded.names
        self._fill_players(self.player_combo, self._names, "All players", loaded.who)
        self.limit = PAGE
        if (self.mode, self.time) == loaded.table and \
                _key(self.player_filter) == _key(loaded.who):
            self._show_table(loaded.entries, loaded.total)
        else:  # the filters changed meanwhile
            self.load_table()
        if self.tabs.currentIndex() == 0:
            self.table.setFocus()  # what the screen is for: arrows read the rows
        self._names_stale = self._progress_stale = True
        if self.tabs.currentIndex() == 1:
            self._load_progress()

    def _fill_progress_players(self) -> None:
        """List the players on the Progress tab, as of the last `refresh`."""
        self.page  # noqa: B018 - builds the tab
        self._names_stale = False
        # The page opens on whoever is playing now, else stays on the player last looked at.
        self._fill_players(self.progress_combo, self._names, None, self.current,
                           self._progress_player())
        self.progress_combo.setEnabled(bool(self._names))

    @staticmethod
    def _fill_players(combo: QComboBox, names: list[tuple[str, str]], everyone: str | None,
                      *wanted: str | None) -> None:
        """List `names` (after an `everyone` item, if given); select the first `wanted` found."""
        combo.blockSignals(True)
        combo.clear()
        if everyone:
            combo.addItem(everyone)
        first = 1 if everyone else 0
        combo.addItems([name for name, _key in names])
        rows: dict[str, int] = {}
        for row, (_name, key) in enumerate(names, first):
            rows.setdefault(key, row)
        found = [rows[k] for k in map(_key, wanted) if k is not None and k in rows]
        combo.setCurrentIndex(found[0] if found else 0)
        combo.blockSignals(False)

    def load_table(self) -> None:
        """Query the shown mode's table (top `limit` rows) and repaint it (through `ask`, if
        the window gave one: then a server answers off the GUI thread)."""
        db, mode, who, time, limit = self.db, self.mode, self.player_filter, self.time, self.limit

        def read() -> tuple[list[Entry], int]:
            return leaderboard.top(db, mode, limit, who, time), leaderboard.count(db, mode, who,
                                                                                  time)

        def show(got: tuple[list[Entry], int]) -> None:
            if (self.mode, self.player_filter, self.time, self.limit) == (mode, who, time, limit):
                self._show_table(*got)  # else the filters changed meanwhile: a newer read comes

        self._ask(read, show, None)

    def _show_table(self, entries: list[Entry], total: int) -> None:
        mode, who, time = self.mode, self.player_filter, self.time
        timed = MODES[mode].time_limit is not None
        self.time_combo.setVisible(timed)
        self.time_label.setVisible(timed)
        self.model.set_entries(entries, _key(self.current))
        label = table_label(MODES[mode].label, time)
        if entries:
            self.empty.hide()
        elif who:
            self.empty.setText(f"{who} has no {label} games in the high scores yet.")
            self.empty.show()
        else:
            self.empty.setText(f"No {label} games yet.\nPlay one and it will appear here.")
            self.empty.show()
        # The empty-table message sits in the table's viewport, outside the accessible tree.
        self.table.setAccessibleDescription(self.empty.text() if not entries else
                                            self.table.toolTip())
        if len(entries) < total:
            self.shown.setText(f"Top {len(entries)} of {total:,} games")
        else:
            self.shown.setText({0: "", 1: "1 game"}.get(total, f"All {total:,} games"))
        self.more_button.setVisible(len(entries) < total)
        self.more_button.setText(f"Sho&w {min(MORE, total - len(entries))} more")
        self.export_button.setEnabled(total > 0)

    def show_more(self) -> None:
        """Add more rows to the table."""
        self.limit += MORE
        self.load_table()

    def _filter_changed(self) -> None:
        self.limit = PAGE
        self.load_table()

    def _tab_changed(self, index: int) -> None:
        if index == 1 and (self._progress_stale or self._names_stale):
            self._load_progress()
        # Alt+T / Alt+P: focus goes into the page shown (it would fall to Home, the next
        # control left showing); from the tab bar itself it stays on the tabs.
        if not self.tabs.tabBar().hasFocus():
            (self.progress_combo if index == 1 else self.table).setFocus()

    def _load_progress(self) -> None:
        if self._names_stale:
            self._fill_progress_players()
        self._progress_stale = False
        name, db = self._progress_player(), self.db

        def show(found: Progress | None) -> None:
            if self._progress_player() == name:  # else another player was picked meanwhile
                self.page.show_progress(found)

        def failed(exc: QuizError) -> None:
            self.page.show_progress(None)
            self.status.setText(str(exc))

        def read() -> Progress | None:
            return progress.progress(db, name) if name else None

        self._ask(read, show, failed)

    def show_player(self, name: str) -> None:
        """Open `name`'s progress page."""
        if self._names_stale:
            self._fill_progress_players()
        index = self.progress_combo.findText(name)
        if index >= 0:
            self.progress_combo.setCurrentIndex(index)
        self.tabs.setCurrentIndex(1)
        self._load_progress()

    def _open_row(self, index: QModelIndex) -> None:
        entry = self.model.data(index, ScoresModel.ENTRY_ROLE)
        if isinstance(entry, Entry):
            self.show_player(entry.player)

    # -- actions ------------------------------------------------------------------------------

    def export_csv(self) -> None:
        """Save every ranked game of the shown mode (and player filter) as a CSV file."""
        mode, who, time, db = self.mode, self.player_filter, self.time, self.db
        tail = "" if time == STANDARD else f"-{time}"
        suggested = str(Path.home() / f"kpop-quiz-{mode.replace('_', '-')}{tail}-scores.csv")
        path = SaveFile.ask(self, "Export high scores", suggested, "CSV files (*.csv)", "csv")
        if path is None:
            return

        def write() -> int:
            entries = leaderboard.top(db, mode, None, who, time)
            leaderboard.write_csv(path, entries)
            return len(entries)

        def saved(count: int) -> None:
            self.status.setText(f"Saved {count:,} {table_label(MODES[mode].label, time)} "
                                f"games to {path}")

        # A write (of the file): Cancel only until it has begun, or the file would appear
        # after the user was told it would not.
        self._ask(write, saved, None, write=True, doing="export the high scores",
                  refused=lambda exc: Inform.ask(self, "Could not export the high scores",
                                                 str(exc), error=True))

    def reset_scores(self, player: str | None) -> None:
        """Delete one player's games (or everyone's) after a confirmation naming the loss."""
        db = self.db

        def refused(exc: QuizError) -> None:
            Inform.ask(self, "Cannot reset scores", str(exc), error=True)

        def counted(loss: progress.Loss) -> None:
            if loss.games == 0:
                self.status.setText("There are no scores to reset.")
                return
            title = f"Reset {loss.player}'s scores?" if loss.player else "Reset all scores?"
            yes = "Delete their games" if loss.player else "Delete all games"
            if Confirm.ask(self, title, loss.describe(), yes):
                self._ask(lambda: progress.reset(db, player), deleted, None, write=True,
                          doing="reset the scores", refused=refused)

        def deleted(done: progress.Loss) -> None:
            whose = f"of {done.player}" if done.player else "of everyone"
            said = (f"Deleted {done.games:,} game{'s' if done.games != 1 else ''} "
                    f"{whose}.")
            self.refresh(self.current, lambda: self.status.setText(said))

        self._ask(lambda: progress.loss(db, player), counted, None, doing="count the scores",
                  refused=refused)


def _name_width(combo: QComboBox) -> None:
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(NAME_CHARS)
