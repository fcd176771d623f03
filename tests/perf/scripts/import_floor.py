"""The import's SQLite side alone: how fast `quiz.core.bulk.Writer` stores a million-question
bank's rows when nothing reads, parses or checks a file.

Usage: import_floor.py BANK TARGET. BANK is the synthetic bank, or a bank an import of the
realistic file has filled (its rows are then the file's, as the import stored them). The
rows of BANK (every question past the shipped bank's, with its sources) are read straight
off SQLite in batches of the import's size and handed to the writer thread, in one
transaction on TARGET (a freshly seeded bank) set up as `quiz import` sets it up: the same
settings, the same search index kept batch by batch, the same indexes set aside and
rebuilt, the same commit. Prints {"seconds": s, "questions": n}.
An import of the same rows from a file cannot be faster than this.
"""

import json
import sqlite3
import sys
import time

from quiz.core import bulk, models
from quiz.core.db import open_database
from quiz.core.interchange import BATCH

_COLUMNS = ", ".join(f'"{c}"' for c in bulk._QUESTION_COLUMNS)
_ROWS = f"SELECT {_COLUMNS} FROM question WHERE rowid > ? ORDER BY rowid"
_SOURCES = ('SELECT question_id, position, article_id, quote, start, "end" FROM source '
            "WHERE question_id >= ? AND question_id <= ? ORDER BY question_id, position")

bank, target = sys.argv[1], sys.argv[2]
db = open_database(f"sqlite:///{target}")
source = sqlite3.connect(bank)
started = time.perf_counter()
with db.connect(write=True, what="import") as conn, bulk.bulk_pragmas(conn), conn.begin():
    skip = conn.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM question").scalar_one()
    rows_cursor = source.execute(_ROWS, (skip,))
    stored = 0
    with bulk.search_bulk(conn), bulk.switch_interval(bulk.SWITCH_INTERVAL_S):
        writer = bulk.Writer(conn, lambda: None, threaded=True, bank_size=skip)
        try:
            while rows := rows_cursor.fetchmany(BATCH):
                ids = {row[0] for row in rows}
                sources = [s for s in source.execute(_SOURCES, (min(ids), max(ids)))
                           if s[0] in ids]
                writer.put(rows, sources, [])
                stored += len(rows)
            writer.finish()
            writer.restore()
        finally:
            writer.stop()
    for statement in models.SEARCH_SYNC:
        conn.exec_driver_sql(statement)
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "questions": stored}), flush=True)
