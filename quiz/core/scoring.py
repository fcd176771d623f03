"""Points for an answer: harder questions count more, faster answers earn more, streaks add a bonus.

    points = round((base + speed) * streak_multiplier)     (0 for a wrong or timed-out answer)

    base              easy 100, medium 150, hard 200
    speed             timed modes only: base * 0.5 * (1 - elapsed / time_limit), at least 0
    streak_multiplier 1 + 0.1 * min(streak - 1, 5), where streak counts this answer:
                      the 2nd correct answer in a row earns +10%, the 6th and later +50%
"""

from __future__ import annotations

BASE_POINTS = {"easy": 100, "medium": 150, "hard": 200}
SPEED_SHARE = 0.5
STREAK_STEP = 0.1
STREAK_CAP = 5


def points(correct: bool, difficulty: str, elapsed: float, time_limit: float | None,
           streak: int) -> int:
    """Points earned by one answer; `streak` is the run of correct answers including this one."""
    if not correct:
        return 0
    base = BASE_POINTS.get(difficulty, BASE_POINTS["medium"])
    speed = 0.0
    if time_limit:
        speed = base * SPEED_SHARE * max(0.0, 1.0 - max(elapsed, 0.0) / time_limit)
    multiplier = 1.0 + STREAK_STEP * min(max(streak - 1, 0), STREAK_CAP)
    return round((base + speed) * multiplier)
