"""Running and timing things for the benchmark suite."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from quiz.ui.app import peak_rss_kib

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = Path(__file__).resolve().parent / "scripts"
RUNS = int(os.environ.get("QUIZ_PERF_RUNS", "11"))  # whole-process runs per figure (>= 5)
SANDBOX = Path(tempfile.mkdtemp(prefix="quiz-perf-"))  # settings and data of the runs


def url(path: Path) -> str:
    return f"sqlite:///{path}"


def run_process(args: list[str], env_extra: dict[str, str] | None = None) -> tuple[dict, int]:  # type: ignore[type-arg]
    """Run a command; (its JSON line, its peak RSS in KiB)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(SANDBOX / "config"),
           "XDG_DATA_HOME": str(SANDBOX / "data"), **(env_extra or {})}
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            cwd=ROOT, text=True)
    _pid, status, usage = os.wait4(proc.pid, 0)
    out = proc.stdout.read() if proc.stdout else ""
    err = proc.stderr.read() if proc.stderr else ""
    assert os.waitstatus_to_exitcode(status) == 0, err
    lines = [line for line in out.splitlines() if line.startswith("{")]
    assert lines, out + err
    timings = json.loads(lines[-1])
    # The app's own figure when it gives one: getrusage's peak carries over across exec from
    # this (big) test process on Linux.
    return timings, int(timings.get("peak_rss_kib", usage.ru_maxrss))


def quiz(*args: str) -> list[str]:
    """The command line for `quiz ARGS` with this interpreter."""
    return [sys.executable, "-m", "quiz", *args]


def script(name: str, *args: str) -> list[str]:
    """The command line for a baseline script."""
    return [sys.executable, str(SCRIPTS / name), *args]


def interleaved(commands: dict[str, list[str]], runs: int = RUNS) -> dict[str, list[tuple[dict, int]]]:  # type: ignore[type-arg]
    """Run each command `runs` times, taking turns, so drift hits all of them alike."""
    results: dict[str, list[tuple[dict, int]]] = {name: [] for name in commands}  # type: ignore[type-arg]
    for name in commands:  # one warm-up each: the first run pays for a cold file cache
        run_process(commands[name])
    for _ in range(runs):
        for name, command in commands.items():
            results[name].append(run_process(command))
    return results


def watch_peak(proc: subprocess.Popen) -> list[int]:  # type: ignore[type-arg]
    """Sample `proc`'s peak memory every 20 ms in a thread until it exits (Popen returns once
    the child has exec'd, so every sample is the new program's); the list holds the highest
    seen: VmHWM only grows, so the last sample before exit is close to the peak. The caller
    reaps the child (a zombie has no VmHWM, which ends the sampling)."""
    seen = [0]

    def sample() -> None:
        while (value := peak_rss_kib(proc.pid)) is not None:
            seen[0] = max(seen[0], value)
            time.sleep(0.02)

    threading.Thread(target=sample, daemon=True).start()
    return seen


def timed(fn, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    """Wall times in ms of `repeat` calls."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out

