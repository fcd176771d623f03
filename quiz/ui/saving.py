"""Saving a game that ended, and telling the summary where it went.

On a server the game is put in the outbox before anything is asked of the server (nothing is
lost if the app ends while the server is slow), then sent off the GUI thread through the
window's `ServerCalls`; the summary shows "Saving…" until the answer, then the rank, or that
the game waits on this computer. On a local file it is written at once, as ever, and the
summary shows the result straight away.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from quiz.ui.summary import Standing, SummaryScreen
from quiz.ui.waiting import ServerCalls

if TYPE_CHECKING:
    from quiz.core.db import Database
    from quiz.core.errors import QuizError
    from quiz.core.game import Summary
    from quiz.core.outbox import Outbox, Saved
    from quiz.ui.setup import Choices

TOP = 10  # the summary says where a game ranks in its table's top ten


def save_game(calls: ServerCalls, db: Database, outbox: Outbox, choices: Choices,
              summary: Summary, shown: Callable[[Saved, int | None], None],
              told: Callable[[QuizError], None] | None = None,
              on_cancel: Callable[[], None] | None = None) -> None:
    """Store a game that ended, then `shown(saved, its rank in its top ten or None)`.

    On a server a failure is `told` and put on the wait bar with Retry (the same game, under
    the same key: stored once however often it is sent), and "Keep it on this computer"
    (`on_cancel`) stops waiting, leaving it in the outbox. On a local file a failure (the
    disk is full) is raised, for the app's one-line dialog.
    """
    from quiz.core.leaderboard import top

    remote = calls.queue.off_thread
    key, game = outbox.prepare(db, choices.player, summary, choices.category,
                               choices.difficulty, keep=remote)

    def deliver() -> tuple[Saved, int | None]:
        saved = outbox.deliver(db, key, game)
        if summary.mode.ranked and saved.game_id is not None:
            for entry in top(db, summary.mode.key, TOP, time=summary.time_setting):
                if entry.game_id == saved.game_id:
                    return saved, entry.rank
        return saved, None

    def raised(error: QuizError) -> None:
        raise error

    calls.ask(deliver, lambda got: shown(*got), None if remote else raised, on_cancel,
              step=False, cancel_text="&Keep it on this computer", told=told)


def finish_game(calls: ServerCalls, db: Database, outbox: Outbox, choices: Choices,
                summary: Summary, screen: SummaryScreen) -> None:
    """Save a finished game and fill the summary `screen` (its standing follows the save)."""
    player = choices.player
    known: list[Standing] = []  # the standing, if it came before the summary was shown

    def stand(standing: Standing) -> None:
        if known:
            screen.show_standing(summary, player, standing)
        else:
            known.append(standing)

    def kept() -> None:  # the game waits in the outbox (it is there already)
        stand(Standing(None, TOP, kept=True))

    save_game(calls, db, outbox, choices, summary,
              lambda saved, rank: stand(Standing(rank, TOP, saved.kept)),
              lambda error: stand(Standing(None, TOP, kept=True, problem=str(error))), kept)
    screen.show_summary(summary, player, known[0] if known else
                        Standing(None, TOP, saving=True))
    known.append(Standing(None, TOP))  # from now on, an answer updates the screen
