"""The real process: smoke tests print their timings, bad databases get one line, doctor works."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quiz.doctor import missing_libraries, packages_for


def run_quiz(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "quiz", *args], capture_output=True, text=True,
                          env=env, timeout=120, cwd=Path(__file__).resolve().parents[2])


@pytest.mark.both_backends
@pytest.mark.parametrize("screen", ["home", "play"])
def test_smoke_test_prints_one_json_line(screen: str, db_url: str) -> None:
    done = run_quiz("--db", db_url, "--smoke-test", screen)
    assert done.returncode == 0, done.stderr
    [line] = done.stdout.splitlines()
    timings = json.loads(line)
    assert timings["screen"] == screen
    assert 0 < timings["startup_ms"] <= timings["ready_ms"]
    if sys.platform.startswith("linux"):  # the app's own peak memory: a Qt app's tens of MiB
        assert 20_000 < timings["peak_rss_kib"] < 1_000_000


def test_first_run_creates_and_seeds_the_default_database(tmp_path: Path) -> None:
    done = run_quiz("--smoke-test", "home", env_extra={"XDG_DATA_HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "kpop-demon-hunters-quiz" / "quiz.sqlite3").stat().st_size > 0


def test_app_on_a_corrupt_database_says_so_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "quiz.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00\x13" * 4000)
    done = run_quiz("--db", f"sqlite:///{bad}", "--smoke-test", "home")
    assert done.returncode != 0
    lines = [x for x in done.stderr.splitlines() if x.startswith("quiz:")]
    assert len(lines) == 1 and str(bad) in lines[0]
    assert "Traceback" not in done.stderr
    assert bad.read_bytes()[16:20] == b"\x00\x13\x00\x13"


def test_doctor_names_the_missing_packages() -> None:
    ldd = ("\tlibQt6Gui.so.6 => /x/libQt6Gui.so.6 (0x1)\n"
           "\tlibxcb-icccm.so.4 => not found\n\tlibxcb-keysyms.so.1 => not found\n")
    assert missing_libraries(ldd) == {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    assert packages_for(missing_libraries(ldd)) == ["libxcb-icccm4", "libxcb-keysyms1"]


def test_doctor_runs_here() -> None:
    done = run_quiz("doctor")
    assert "offscreen (tests, smoke tests): ok" in done.stdout


def test_a_second_window_on_the_same_bank_is_refused(db_url: str) -> None:
    import signal
    import time

    from quiz.ui.instance import lock_path

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    first = subprocess.Popen([sys.executable, "-m", "quiz", "--db", db_url], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not lock_path(db_url).exists():  # the first copy is up once it holds the lock
            assert time.monotonic() < deadline and first.poll() is None
            time.sleep(0.05)
        second = run_quiz("--db", db_url, "--smoke-test", "home")
        assert second.returncode != 0
        assert f"already open (process {first.pid})" in _one_line(second.stderr)
        # The command line keeps working beside the window.
        assert run_quiz("--db", db_url, "scores").returncode == 0
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    # A copy that died leaves a stale lock, which does not keep the next one out.
    assert lock_path(db_url).exists()
    third = run_quiz("--db", db_url, "--smoke-test", "home")
    assert third.returncode == 0, third.stderr


def _one_line(stderr: str) -> str:
    lines = [x for x in stderr.splitlines() if x.startswith("quiz:")]
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


def test_no_display_is_one_plain_line_not_an_abort() -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "-m", "quiz"], capture_output=True, text=True, env=env,
                          timeout=60, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 2  # not -6 (SIGABRT)
    [line] = done.stderr.splitlines()
    assert line.startswith("quiz: error: no display") and "xvfb-run" in line


def test_doctor_reports_a_missing_display() -> None:
    from quiz.doctor import display_problem

    assert display_problem({}, "linux") is not None
    assert display_problem({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "w"}, "linux")
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({"DISPLAY": ":1"}, "linux") is None
    done = run_quiz("doctor", env_extra={"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""})
    assert done.stdout.startswith("display: no display") and done.returncode == 1
