"""How much time a player gets per question (WCAG 2.2.1, timing adjustable).

A timed mode (Classic, Sudden death) can be played with its standard time, with more time
(x2, x10) or with no limit. High scores rank each setting apart: a longer limit both avoids
timeouts and makes the speed bonus easier (it is a share of the limit), so games played under
different limits are never compared. Untimed modes are always "standard" (their own rules).
"""

from __future__ import annotations

from dataclasses import dataclass

from quiz.core.errors import QuizError


@dataclass(frozen=True)
class TimeSetting:
    """A time limit rule: the mode's limit times `factor`, or no limit (`factor` None)."""

    key: str
    label: str
    factor: float | None

    def limit(self, standard: float | None) -> float | None:
        """Seconds per question under this setting, for a mode whose limit is `standard`."""
        if standard is None or self.factor is None:
            return None
        return standard * self.factor


TIME_SETTINGS: dict[str, TimeSetting] = {t.key: t for t in (
    TimeSetting("standard", "Standard time", 1.0),
    TimeSetting("x2", "Twice the time", 2.0),
    TimeSetting("x10", "Ten times the time", 10.0),
    TimeSetting("off", "No time limit", None),
)}
STANDARD = "standard"


def time_setting(key: str) -> TimeSetting:
    """The setting called `key` ("standard", "x2", "x10", "off"); a QuizError otherwise."""
    try:
        return TIME_SETTINGS[key.strip().casefold()]
    except KeyError:
        raise QuizError(f"unknown time setting {key!r} "
                        f"(choose from {', '.join(TIME_SETTINGS)})") from None


def table_label(mode_label: str, key: str) -> str:
    """A high-score table's name: "Classic", or "Classic (no time limit)"."""
    return mode_label if key == STANDARD else f"{mode_label} ({TIME_SETTINGS[key].label.lower()})"
