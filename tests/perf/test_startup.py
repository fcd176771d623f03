"""Targets 1–3: start-up, first question, and size not mattering (whole-process runs)."""

from __future__ import annotations

from pathlib import Path

from tests.perf import report
from tests.perf.harness import interleaved, quiz, script, url
from tests.perf.report import median


def _ms(runs, key: str) -> float:  # type: ignore[no-untyped-def]
    return median([float(timings[key]) for timings, _rss in runs])


def _rss_mb(runs) -> float:  # type: ignore[no-untyped-def]
    return median([rss / 1024 for _timings, rss in runs])


def test_cold_start_is_close_to_an_empty_window(shipped_db: Path) -> None:
    runs = interleaved({"bare": script("bare_window.py"),
                        "quiz": quiz("--db", url(shipped_db), "--smoke-test", "home")})
    ours, bare = _ms(runs["quiz"], "startup_ms"), _ms(runs["bare"], "startup_ms")
    ratio = ours / bare
    report.record("1 cold start, first paint (home)", f"{ours:.0f} ms", f"{bare:.0f} ms (empty "
                  "QMainWindow)", f"{ratio:.2f}x", "<= 1.5x", ratio <= 1.5)
    assert ratio <= 1.5


def test_first_question_is_close_to_the_floor(shipped_db: Path) -> None:
    runs = interleaved({"floor": script("floor_play.py", url(shipped_db)),
                        "quiz": quiz("--db", url(shipped_db), "--smoke-test", "play")})
    ours, floor = _ms(runs["quiz"], "ready_ms"), _ms(runs["floor"], "ready_ms")
    ratio = ours / floor
    report.record("2 first question painted (play)", f"{ours:.0f} ms", f"{floor:.0f} ms (window "
                  "+ sqlmodel + one select)", f"{ratio:.2f}x", "<= 1.25x", ratio <= 1.25)
    assert ratio <= 1.25


def test_size_does_not_matter(shipped_db: Path, big_db: Path) -> None:
    failures = []
    for screen in ("play", "editor", "scores"):
        runs = interleaved({"small": quiz("--db", url(shipped_db), "--smoke-test", screen),
                            "big": quiz("--db", url(big_db), "--smoke-test", screen)}, runs=5)
        small, big = _ms(runs["small"], "ready_ms"), _ms(runs["big"], "ready_ms")
        ratio = big / small
        report.record(f"3 {screen} ready, 1M vs shipped bank", f"{big:.0f} ms", f"{small:.0f} ms",
                      f"{ratio:.2f}x", "<= 1.15x", ratio <= 1.15)
        small_rss, big_rss = _rss_mb(runs["small"]), _rss_mb(runs["big"])
        rss_ratio = big_rss / small_rss
        report.record(f"3 {screen} memory (peak RSS), 1M vs shipped", f"{big_rss:.0f} MiB",
                      f"{small_rss:.0f} MiB", f"{rss_ratio:.2f}x", "<= 1.15x", rss_ratio <= 1.15)
        if ratio > 1.15 or rss_ratio > 1.15:
            failures.append(screen)
    assert failures == []


def test_home_data_is_ready_no_later_than_the_floor(shipped_db: Path, big_db: Path) -> None:
    """Home's bank size (plain counts, no ORM) against the first-question floor script."""
    failures = []
    for label, db in (("shipped bank", shipped_db), ("1M bank", big_db)):
        runs = interleaved({"floor": script("floor_play.py", url(db)),
                            "quiz": quiz("--db", url(db), "--smoke-test", "home")})
        ours, floor = _ms(runs["quiz"], "ready_ms"), _ms(runs["floor"], "ready_ms")
        ratio = ours / floor
        report.record(f"2' home data ready vs floor script, {label}", f"{ours:.0f} ms",
                      f"{floor:.0f} ms (window + sqlmodel + one select)", f"{ratio:.2f}x",
                      "<= 1.0x", ratio <= 1.0)
        if ratio > 1.0:
            failures.append(label)
    assert failures == []
