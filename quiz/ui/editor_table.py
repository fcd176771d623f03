"""The editor's table model: a thin adapter over `quiz.core.search`, one keyset page at a time.

Only the rows the view has scrolled to are loaded (`canFetchMore`/`fetchMore`), so a bank of
100,000 questions costs what a bank of 200 does. Data is plain text, never markup.

Every read goes through `ask` (the editor's: off the GUI thread on a server, at once on a local
file), as work that reads the database and a step that shows what it read. Each reload starts a
new generation: an answer of an older one (a page of the last search, say) is dropped, and no
page is fetched while a reload is on its way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from quiz.core import search
from quiz.core.db import Database
from quiz.ui import theme

COL_QUESTION, COL_ANSWER, COL_TYPE, COL_CATEGORY, COL_DIFFICULTY, COL_SOURCE, COL_ORIGIN, \
    COL_PLAYED, COL_CORRECT = range(9)
HEADERS = ("Question", "Answer", "Type", "Category", "Difficulty", "Source", "Origin", "Played",
           "% correct")
TYPE_LABELS = {"multiple": "Multiple choice", "boolean": "True / false",
               "cloze": "Fill the blank", "numeric": "Number", "text": "Typed answer"}
ORIGIN_LABELS = {"generated": "Generated", "edited": "Edited", "user": "Yours",
                 "drafted": "Drafted"}
ID_ROLE = Qt.ItemDataRole.UserRole
# A search counts its matches up to this many: past it, "more than" (on a huge bank a common
# word's page is there at once, while counting all of its matches would take seconds).
COUNT_CAP = 1000

Index = QModelIndex | QPersistentModelIndex
# work to run (reading the database), what to do with its answer, and what to do if the user
# stops waiting for it
Ask = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[], None]], object]


# What a reload read: the filter as completed, the rows, whether there are more, how many match
# (None: more than COUNT_CAP), and how many questions the bank holds.
Loaded = tuple[search.Filter, list[search.Row], bool, "int | None", int]


def _now(work: Callable[[], Any], done: Callable[[Any], None], _gave_up: Callable[[], None]
         ) -> None:
    done(work())


def _one_line(text: str) -> str:
    return " ".join(text.split())


def cell(row: search.Row, column: int) -> str:
    """What a column shows for `row`, as plain text."""
    if column == COL_QUESTION:
        return _one_line(row.question)
    if column == COL_ANSWER:
        return _one_line(row.answer)
    if column == COL_TYPE:
        return TYPE_LABELS.get(row.type, row.type)
    if column == COL_CATEGORY:
        return row.category
    if column == COL_DIFFICULTY:
        return row.difficulty.capitalize()
    if column == COL_SOURCE:
        return row.source or "—"
    if column == COL_ORIGIN:
        return ORIGIN_LABELS.get(row.origin, row.origin)
    if column == COL_PLAYED:
        return f"{row.played:,}"
    if column == COL_CORRECT:
        return "—" if row.correct is None else f"{row.correct:.0%}"
    return ""


class QuestionTableModel(QAbstractTableModel):
    """Questions matching a filter, in a sort order, loaded a page at a time."""

    # How many questions match, after every reload; None: more than COUNT_CAP (a search).
    counted = Signal(object)

    def __init__(self, db: Database, page_size: int = search.PAGE) -> None:
        super().__init__()
        self.db = db
        self.page_size = page_size
        self.filter = search.Filter()
        self.order = search.Sort()
        self.rows: list[search.Row] = []
        self.total: int | None = 0
        self.bank_total = 0  # every question, whatever the filter (as of the last reload)
        self.ask: Ask = _now
        self._more = False
        self._fetching = False
        self._loaded = False
        self._generation = 0  # bumped by each reload: older answers are dropped

    # -- Qt model interface -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (COL_QUESTION, COL_ANSWER):
            return theme.tooltip(row.question if index.column() == COL_QUESTION else row.answer)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (COL_PLAYED,
                                                                            COL_CORRECT):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return row.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(HEADERS)):
            return HEADERS[section]
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and self._more and not self._fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid() or not self._more or self._fetching:
            return
        # Views (and model testers) may ask for more while rows are being inserted; and no
        # other page is asked for until this one is in.
        self._fetching = True
        db, f, order, size = self.db, self.filter, self.order, self.page_size
        after, generation = (self.rows[-1] if self.rows else None), self._generation

        def show(page: list[search.Row]) -> None:
            if generation != self._generation:
                return  # a reload came meanwhile: this page is of the rows it replaced
            try:
                self._more = len(page) == size
                if page:
                    first = len(self.rows)
                    self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
                    self.rows.extend(page)
                    self.endInsertRows()
            finally:
                self._fetching = False

        def gave_up() -> None:
            if generation == self._generation:
                self._fetching = False

        try:
            self.ask(lambda: search.page(db, f, order, after, size), show, gave_up)
        except BaseException:
            self._fetching = False
            raise

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = search.COLUMNS[column] if 0 <= column < len(search.COLUMNS) else None
        self.order = search.Sort(key, order == Qt.SortOrder.DescendingOrder)
        if self._loaded:  # a view turning sorting on before the first load costs no query
            self.reload()

    # -- ours ---------------------------------------------------------------------------------

    def set_filter(self, f: search.Filter) -> None:
        """Show the questions matching `f`."""
        self.filter = f
        self.reload()

    def reload(self, at_least: int = 0, then: Callable[[], None] | None = None,
               refine: Callable[[search.Filter], search.Filter] | None = None) -> None:
        """Query again from the first row, loading at least `at_least` rows if there are;
        `then()` once they are shown. `refine` completes the filter where the work runs
        (the checker's flagged ids, say: reading them is a query of its own)."""
        read, show, gave_up = self.reloading(at_least, refine)

        def shown(got: Loaded) -> None:
            if show(got) and then is not None:
                then()

        self.ask(read, shown, gave_up)

    def reloading(self, at_least: int = 0,
                  refine: Callable[[search.Filter], search.Filter] | None = None
                  ) -> tuple[Callable[[], Loaded], Callable[[Loaded], bool], Callable[[], None]]:
        """A reload as (work for any thread, its answer's display on the GUI thread: False if
        a newer reload was asked for meanwhile, and its answer comes after this one; what to do
        if nobody waits for it any more)."""
        self._loaded = True
        self._generation += 1
        generation = self._generation
        self._fetching = True  # no page of the old rows from now on
        db, f, order, size = self.db, self.filter, self.order, self.page_size

        def read() -> Loaded:
            wanted = refine(f) if refine is not None else f
            rows = search.page(db, wanted, order, None, size)
            more = len(rows) == size
            while more and len(rows) < at_least:
                page = search.page(db, wanted, order, rows[-1], size)
                more = len(page) == size
                rows.extend(page)
            matching = search.count_upto(db, wanted, COUNT_CAP)
            every = matching if wanted == search.Filter() else search.count(db, search.Filter())
            return wanted, rows, more, matching, every or 0

        def show(got: Loaded) -> bool:
            if generation != self._generation:
                return False
            self.beginResetModel()
            self.filter, self.rows, self._more, self.total, self.bank_total = got
            # Nothing may fetch more while the reset is being announced: listeners would see
            # rows inserted before they heard that the reset had ended.
            try:
                self.endResetModel()
            finally:
                self._fetching = False
            self.counted.emit(self.total)
            return True

        def gave_up() -> None:
            if generation == self._generation:
                self._fetching = False  # the old rows stay, and may fetch more again

        return read, show, gave_up

    def refresh_rows(self, ids: Sequence[str]) -> None:
        """Show the current state of questions `ids` where they are loaded (rows stay put)."""
        wanted = set(ids)
        positions = [i for i, r in enumerate(self.rows) if r.id in wanted]
        if not positions:
            return
        db, generation = self.db, self._generation
        shown = [self.rows[i].id for i in positions]

        def show(fresh: dict[str, search.Row]) -> None:
            if generation != self._generation:
                return  # reloaded meanwhile: the rows are fresh already
            for i in positions:
                new = fresh.get(self.rows[i].id)
                if new is not None:
                    # Keep the old sort key: the next page continues from where the list was.
                    self.rows[i] = replace(new, key=self.rows[i].key)
            self.dataChanged.emit(self.index(min(positions), 0),
                                  self.index(max(positions), len(HEADERS) - 1))

        self.ask(lambda: search.rows(db, shown), show, lambda: None)

    def id_at(self, row: int) -> str | None:
        """The question id shown in `row`."""
        return self.rows[row].id if 0 <= row < len(self.rows) else None

    def row_of(self, question_id: str) -> int:
        """The row showing `question_id`, or -1 if it is not loaded."""
        for i, r in enumerate(self.rows):
            if r.id == question_id:
                return i
        return -1
