"""Target 6: export and import of a million-question bank JSON, rate and peak memory.

The import is judged against its floor measured in the same run on the same rows
(`scripts/import_floor.py`: the import's SQLite side alone, rows already in memory), on both
shapes of bank: the synthetic one (short stems, one source) and the realistic one
(`realistic.py`: the shipped questions repeated with varied stems, explanations, accepted
answers, one or two sources). Imports and floors take turns, `IMPORT_RUNS` times each, and
the medians are compared.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from quiz.core.content import load_corpus
from quiz.core.generate import generate
from quiz.core.paths import questions_dir
from tests.perf import realistic, report, synthetic
from tests.perf.harness import ROOT, SANDBOX, run_process, script, url, watch_peak
from tests.perf.report import median

MIN_EXPORT_RATE = 25_000  # questions per second
MIN_IMPORT_RATIO = 0.85  # of the import floor's rate, same rows, same run
MAX_PEAK_MIB = 1024
IMPORT_RUNS = int(os.environ.get("QUIZ_PERF_IMPORT_RUNS", "3"))  # each takes minutes


def _run(*args: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of `quiz ARGS`."""
    env = {**os.environ, "XDG_DATA_HOME": str(SANDBOX / "data")}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "quiz", *args], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = watch_peak(proc)
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    assert os.waitstatus_to_exitcode(status) == 0, proc.stderr.read() if proc.stderr else ""
    # The process's own peak (getrusage's carries over across exec from this test process).
    return seconds, (peak[0] or usage.ru_maxrss) / 1024


def _count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM question").fetchone()[0])


def _import_against_floor(label: str, bank_file: Path, rows: Path | None, count: int,
                          stored: int, tmp_path: Path) -> bool:
    """Import `bank_file` (`count` questions) into fresh seeded banks (`stored` questions
    after) and run the floor on the same new rows (those of `rows`, or of the first import
    when None), taking turns; records two rows, returns whether the ratio and memory targets
    hold."""
    imports: list[float] = []
    peaks: list[float] = []
    floors: list[float] = []
    stored_rows = 0
    for n in range(IMPORT_RUNS):
        fresh = tmp_path / f"{label}-import-{n}.sqlite3"
        synthetic.seeded_copy(fresh)
        seconds, mib = _run("--db", url(fresh), "import", str(bank_file))
        assert _count(fresh) == stored
        imports.append(seconds)
        peaks.append(mib)
        if rows is None:
            rows = fresh  # its new rows are the file's, in the file's order
        floor_db = tmp_path / f"{label}-floor-{n}.sqlite3"
        synthetic.seeded_copy(floor_db)
        floor, _kib = run_process(script("import_floor.py", str(rows), str(floor_db)))
        floors.append(floor["seconds"])
        stored_rows = floor["questions"]
        for p in tmp_path.glob(f"{label}-floor-{n}.sqlite3*"):
            p.unlink()
        if n:  # the first stays: the floor reads its rows
            for p in tmp_path.glob(f"{label}-import-{n}.sqlite3*"):
                if p.is_file():
                    p.unlink()
    import_s, floor_s, mib = median(imports), median(floors), median(peaks)
    rate, floor_rate = count / import_s, stored_rows / floor_s
    ratio = rate / floor_rate
    passed = ratio >= MIN_IMPORT_RATIO and mib <= MAX_PEAK_MIB
    report.record(f"6 import of the {label} 1M-question JSON",
                  f"{rate:,.0f} q/s, peak {mib:.0f} MiB",
                  f"{floor_rate:,.0f} q/s (import floor, same rows)", f"{ratio:.2f}x",
                  f">= {MIN_IMPORT_RATIO}x, <= {MAX_PEAK_MIB} MiB", passed)
    report.record(f"6' {label}: import, floor (median of {IMPORT_RUNS})",
                  f"{import_s:.1f} s for {count:,}", f"{floor_s:.1f} s for {stored_rows:,}",
                  "-", "(info)", True)
    return passed


def test_export_and_import_a_million_questions(big_db: Path, tmp_path: Path) -> None:
    bank_file = tmp_path / "bank.json"
    export_s, export_mib = _run("--db", url(big_db), "export", "--format", "json", "-o",
                                str(bank_file))
    with bank_file.open(encoding="utf-8") as fh:
        head = fh.read(200)
    assert head.startswith('{"format": "kpop-quiz-bank"')
    count = synthetic.QUESTIONS + len(generate(load_corpus(questions_dir())))
    rate = count / export_s
    exported = rate >= MIN_EXPORT_RATE and export_mib <= MAX_PEAK_MIB
    report.record("6 export of the 1M-question bank JSON",
                  f"{rate:,.0f} q/s, peak {export_mib:.0f} MiB",
                  f"{export_s:.1f} s for {count:,}", "-",
                  f">= {MIN_EXPORT_RATE:,} q/s, <= {MAX_PEAK_MIB} MiB", exported)
    # The floor stores the synthetic bank's own rows (every question past the shipped ones).
    imported = _import_against_floor("synthetic", bank_file, big_db, count, count, tmp_path)
    assert exported and imported


def test_import_of_the_realistic_million_is_close_to_its_floor(realistic_bank: Path,
                                                                tmp_path: Path) -> None:
    stored = realistic.QUESTIONS + len(generate(load_corpus(questions_dir())))
    assert _import_against_floor("realistic", realistic_bank, None, realistic.QUESTIONS, stored,
                                 tmp_path)
