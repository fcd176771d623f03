"""A game as a pure state machine: start, answer(given, elapsed), next, finish.

No clock and no window: the caller measures elapsed time and passes it in, so tests play whole
games instantly. Persisting the result is `quiz.core.history`'s job.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from quiz.core import timing
from quiz.core.errors import QuizError
from quiz.core.scoring import points
from quiz.core.text import answers_match


@dataclass(frozen=True)
class Mode:
    """How a mode plays: how many questions, how long per question, whether it is ranked."""

    key: str
    label: str
    questions: int | None  # None: until the first miss (or the bank runs out)
    time_limit: float | None  # seconds per question; None: untimed
    ranked: bool
    choose_count: bool
    description: str


MODES: dict[str, Mode] = {m.key: m for m in (
    Mode("classic", "Classic", 10, 20.0, True, False,
         "10 questions, 20 seconds each. Faster answers score more."),
    Mode("sudden_death", "Sudden death", None, 15.0, True, False,
         "15 seconds a question, as many as you can: the first miss ends the game."),
    Mode("practice", "Practice", 10, None, False, True,
         "Untimed, pick a topic and level. Not counted in high scores."),
    Mode("review", "Review", 10, None, True, True,
         "Untimed: the questions you have missed before."),
)}


def mode(key: str) -> Mode:
    """The mode called `key`; a QuizError naming the known ones otherwise."""
    try:
        return MODES[key]
    except KeyError:
        raise QuizError(f"unknown mode {key!r} (choose from {', '.join(MODES)})") from None


@dataclass(frozen=True)
class Citation:
    """Where an answer comes from: the article and the verbatim quote, with offsets."""

    article_id: str
    title: str
    publication: str
    author: str
    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class Card:
    """A question as played: its stem, the choices to show (none for typed answers), its sources."""

    id: str
    type: str
    category: str
    difficulty: str
    question: str
    choices: tuple[str, ...]
    correct_answer: str
    accepted_answers: tuple[str, ...]
    explanation: str
    citations: tuple[Citation, ...]
    key_phrase: str = ""  # the fact's answer: what to highlight in the quotes
    fact: str | None = None  # the fact it asks about (a game asks each fact once)

    @property
    def typed(self) -> bool:
        """True when the player types the answer instead of choosing it."""
        return not self.choices

    def is_correct(self, given: str) -> bool:
        """Whether `given` answers this question (tolerant matching for typed answers)."""
        if self.choices:
            return given == self.correct_answer
        return answers_match(given, self.correct_answer, list(self.accepted_answers))


@dataclass(frozen=True)
class Result:
    """The outcome of one answer."""

    card: Card
    given: str | None  # None: time ran out
    correct: bool
    points: int
    streak: int
    elapsed: float

    @property
    def timed_out(self) -> bool:
        """True when the player did not answer in time."""
        return self.given is None


class State(enum.Enum):
    """Where a game is: before the first question, asking, showing feedback, or over."""

    READY = "ready"
    ASKING = "asking"
    ANSWERED = "answered"
    FINISHED = "finished"


@dataclass
class Summary:
    """A finished (or abandoned) game's result."""

    mode: Mode
    status: str  # finished | abandoned
    score: int
    correct: int
    total: int
    best_streak: int
    duration_s: float
    results: list[Result] = field(default_factory=list)
    time_setting: str = "standard"  # quiz.core.timing: standard | x2 | x10 | off


class Game:
    """Plays `cards` in order under `mode`'s rules."""

    def __init__(self, cards: list[Card], game_mode: Mode, time_setting: str = "standard") -> None:
        if not cards:
            raise QuizError("no questions match these settings")
        self.mode = game_mode
        # An untimed mode has no limit to stretch: its games are always "standard".
        self.time_setting = (timing.time_setting(time_setting).key if game_mode.time_limit
                             else timing.STANDARD)
        self.time_limit = timing.time_setting(self.time_setting).limit(game_mode.time_limit)
        # A mode with a chosen count (Practice, Review) plays what was drawn for that count.
        fixed = game_mode.questions is not None and not game_mode.choose_count
        self.cards = list(cards[: game_mode.questions] if fixed else cards)
        self.state = State.READY
        self.index = -1
        self.score = 0
        self.streak = 0
        self.best_streak = 0
        self.results: list[Result] = []
        self.status = "in_progress"

    @property
    def current(self) -> Card:
        """The question being asked (or just answered)."""
        return self.cards[self.index]

    @property
    def position(self) -> tuple[int, int | None]:
        """(1-based number of the current question, total or None when open-ended)."""
        return self.index + 1, (None if self.mode.questions is None else len(self.cards))

    def _expect(self, *states: State) -> None:
        if self.state not in states:
            raise RuntimeError(f"game is {self.state.value}, expected {[s.value for s in states]}")

    def start(self) -> Card:
        """Ask the first question."""
        self._expect(State.READY)
        self.index = 0
        self.state = State.ASKING
        return self.current

    def answer(self, given: str | None, elapsed: float) -> Result:
        """Answer the current question; `None` means the time ran out."""
        self._expect(State.ASKING)
        card = self.current
        limit = self.time_limit
        if limit is not None and elapsed > limit:
            given = None
        correct = given is not None and card.is_correct(given)
        self.streak = self.streak + 1 if correct else 0
        self.best_streak = max(self.best_streak, self.streak)
        earned = points(correct, card.difficulty, elapsed, limit, self.streak)
        self.score += earned
        result = Result(card, given, correct, earned, self.streak,
                        min(elapsed, limit) if limit else elapsed)
        self.results.append(result)
        self.state = State.ANSWERED
        return result

    @property
    def over(self) -> bool:
        """True when no further question will be asked."""
        if self.state is State.FINISHED:
            return True
        missed = self.mode.questions is None and bool(self.results) and not self.results[-1].correct
        return missed or self.index + 1 >= len(self.cards)

    def next(self) -> Card | None:
        """Move on: the next question, or None when the game is over (then call finish)."""
        self._expect(State.ANSWERED)
        if self.over:
            return None
        self.index += 1
        self.state = State.ASKING
        return self.current

    def finish(self) -> Summary:
        """End the game after its last answer."""
        self._expect(State.ANSWERED)
        if not self.over:
            raise RuntimeError("questions remain; call abandon() to stop early")
        return self._close("finished")

    def abandon(self) -> Summary:
        """Leave the game early; it is recorded as abandoned and not scored."""
        self._expect(State.READY, State.ASKING, State.ANSWERED)
        return self._close("abandoned")

    def _close(self, status: str) -> Summary:
        self.state = State.FINISHED
        self.status = status
        return Summary(
            mode=self.mode, status=status, score=self.score,
            correct=sum(r.correct for r in self.results), total=len(self.results),
            best_streak=self.best_streak,
            duration_s=round(sum(r.elapsed for r in self.results), 3), results=list(self.results),
            time_setting=self.time_setting,
        )
