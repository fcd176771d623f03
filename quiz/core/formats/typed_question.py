"""A bank JSON question decoded straight into typed fields, by msgspec's compiled decoder.

The import's fast path (`BankJsonFile.questions`): a question written as `quiz export` writes
it (alone on its line, every field of its type, no field the format does not know) is
decoded and type-checked in one step, in a fifth of the time the standard library's decoder
and the field-by-field checks take. Anything else (a missing or mistyped field, an unknown
one, an escape that is not valid Unicode, JSON the standard library reads differently) makes
`decode` return None, and the question is read the ordinary way, so every message about a
malformed question is the ordinary one.
"""

from __future__ import annotations

import msgspec


class Source(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """One cited quote."""

    article: str
    quote: str
    start: int = -1
    end: int = -1


class Question(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """One question of a bank file, each field of the type the format gives it."""

    type: str
    category: str
    difficulty: str
    question: str
    correct_answer: str
    id: str | None = None
    incorrect_answers: list[str] = []
    accepted_answers: list[str] = []
    explanation: str = ""
    sources: list[Source] = []
    origin: str = "user"
    fact: str | None = None

    def as_dict(self) -> dict[str, object]:
        """The question as the standard library's decoder gives it (absent fields as their
        defaults, which the importer reads the same way)."""
        out = msgspec.structs.asdict(self)
        out["sources"] = [msgspec.structs.asdict(s) for s in self.sources]
        return out


_decode = msgspec.json.Decoder(Question).decode


def decode(text: str) -> Question | None:
    """The question whose JSON object is `text`, or None if it is not one as described."""
    try:
        return _decode(text)
    except (msgspec.MsgspecError, UnicodeEncodeError):  # (text can hold no lone surrogate)
        return None
