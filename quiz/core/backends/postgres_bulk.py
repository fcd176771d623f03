"""An import's new rows on PostgreSQL: one COPY a table a batch, in the import's transaction.

SQLAlchemy's executemany sends an INSERT a row (pipelined): the server plans and runs each
statement and the client dumps each row's parameters. COPY streams the rows as the driver's
own rows (`bulk.row`: JSON as text, the time as UTC without a zone, as the import's rows carry
it). COPY FROM STDIN needs only the INSERT right; the bank's tables have no row-level security
(which COPY would refuse).

The planner's idea of a table's size is what the last ANALYZE saw: a few hundred questions
for a freshly seeded bank. Each batch of an import first looks up which of its questions are
stored already (`editing.load_in`); believing the tables tiny, the planner reads them whole
for it, every batch, as they grow: four fifths of the server's time on 100,000 questions.
So the loader analyses the two tables whenever they have doubled since (inside the
transaction ANALYZE counts its own new rows; a role that may not analyse gets a warning).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

FIRST_ANALYZE = 5_000  # questions: below this a scan costs next to nothing


def copy_rows(driver: Any, table: str, columns: Sequence[str],
              rows: Sequence[Sequence[Any]]) -> None:
    """Add `rows` (values in `columns` order) to `table` on the psycopg connection `driver`."""
    if not rows:
        return
    names = ", ".join(f'"{c}"' for c in columns)
    with driver.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for values in rows:
            copy.write_row(values)


class Loader:
    """An import's COPYs on `driver`, the planner kept up to date (see the module's doc)."""

    def __init__(self, driver: Any, bank_size: int) -> None:
        self.driver = driver
        self.size = bank_size  # questions now, near enough
        self.analysed = max(bank_size, FIRST_ANALYZE // 2)  # what the planner believes

    def put(self, questions: tuple[str, Sequence[str], Sequence[Sequence[Any]]],
            sources: tuple[str, Sequence[str], Sequence[Sequence[Any]]]) -> None:
        """COPY each (table, columns, rows)."""
        copy_rows(self.driver, *questions)
        copy_rows(self.driver, *sources)
        self.size += len(questions[2])
        if self.size > 2 * self.analysed:
            self.driver.execute(f"ANALYZE {questions[0]}, {sources[0]}")
            self.analysed = self.size
