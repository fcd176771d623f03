"""The benchmark suite's results table: one row per target, printed at the end of the run."""

from __future__ import annotations

import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One target: our figure, the baseline measured in the same run, and the verdict."""

    metric: str
    ours: str
    baseline: str
    ratio: str
    target: str
    passed: bool


ROWS: list[Row] = []


def record(metric: str, ours: str, baseline: str, ratio: str, target: str, passed: bool) -> None:
    """Add a row to the table printed after the run."""
    ROWS.append(Row(metric, ours, baseline, ratio, target, passed))


def median(values: list[float]) -> float:
    """The median, the figure every target is judged on."""
    return statistics.median(values)


def table() -> list[str]:
    """The rows as aligned text."""
    header = ("metric", "ours", "baseline", "ratio", "target", "result")
    cells = [header] + [(r.metric, r.ours, r.baseline, r.ratio, r.target,
                         "pass" if r.passed else "FAIL") for r in ROWS]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines
