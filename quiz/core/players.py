"""Players: names as typed, identity by trimmed case-folded name."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from quiz.core.errors import QuizError

if TYPE_CHECKING:  # the ORM is imported where it is used (a game's draw needs only name_key)
    from sqlmodel import Session

    from quiz.core import models

MAX_NAME = 32


def clean_name(name: str) -> str:
    """The name trimmed; a QuizError if it is empty, too long or holds control characters."""
    name = unicodedata.normalize("NFC", name).strip()
    if not name:
        raise QuizError("player name is empty")
    if len(name) > MAX_NAME:
        raise QuizError(f"player name is {len(name)} characters long (at most {MAX_NAME})")
    if any(unicodedata.category(ch) == "Cc" for ch in name):
        raise QuizError("player name contains control characters")
    return name


def name_key(name: str) -> str:
    """What makes two names the same player: " Mira" and "MIRA" share a key."""
    return clean_name(name).casefold()


def find(s: Session, name: str) -> models.Player | None:
    """The player called `name` (ignoring case and surrounding spaces), if any."""
    from sqlmodel import select

    from quiz.core import models

    return s.exec(select(models.Player).where(models.Player.key == name_key(name))).first()


def get_or_create(s: Session, name: str) -> models.Player:
    """The player called `name`, created on first use (keeping the first spelling)."""
    from quiz.core import models

    player = find(s, name)
    if player is None:
        player = models.Player(name=clean_name(name), key=name_key(name))
        s.add(player)
        s.flush()
    return player
