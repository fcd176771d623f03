"""Target 6: export and import of the million-question bank JSON, rate and peak memory."""

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
from tests.perf import report, synthetic
from tests.perf.harness import ROOT, SANDBOX, run_process, script, url, watch_peak

MIN_RATE = 25_000  # questions per second
MAX_PEAK_MIB = 1024


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


def test_export_and_import_a_million_questions(big_db: Path, tmp_path: Path) -> None:
    bank_file = tmp_path / "bank.json"
    export_s, export_mib = _run("--db", url(big_db), "export", "--format", "json", "-o",
                                str(bank_file))
    with bank_file.open(encoding="utf-8") as fh:
        head = fh.read(200)
    assert head.startswith('{"format": "kpop-quiz-bank"')
    count = synthetic.QUESTIONS + len(generate(load_corpus(questions_dir())))
    fresh = tmp_path / "fresh.sqlite3"
    synthetic.seeded_copy(fresh)
    import_s, import_mib = _run("--db", url(fresh), "import", str(bank_file))
    with sqlite3.connect(fresh) as conn:
        stored = conn.execute("SELECT count(*) FROM question").fetchone()[0]
    assert stored == count
    ok = True
    for label, seconds, mib in (("export", export_s, export_mib), ("import", import_s, import_mib)):
        rate = count / seconds
        passed = rate >= MIN_RATE and mib <= MAX_PEAK_MIB
        ok = ok and passed
        report.record(f"6 {label} 1M-question bank JSON", f"{rate:,.0f} q/s, peak {mib:.0f} MiB",
                      f"{seconds:.1f} s for {count:,}", "-",
                      f">= {MIN_RATE:,} q/s, <= {MAX_PEAK_MIB} MiB", passed)
    # What the SQLite side alone allows: the same rows stored by the import's writer, with
    # no file read, parsed or checked (the import cannot beat it on this machine).
    floor_db = tmp_path / "floor.sqlite3"
    synthetic.seeded_copy(floor_db)
    floor, _kib = run_process(script("import_floor.py", str(big_db), str(floor_db)))
    assert floor["questions"] == synthetic.QUESTIONS
    report.record("6' import floor: its SQLite side alone, rows pre-read",
                  f"{floor['questions'] / floor['seconds']:,.0f} q/s",
                  f"{floor['seconds']:.1f} s for {floor['questions']:,}", "-", "(info)", True)
    assert ok
