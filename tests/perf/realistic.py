"""The realistic-shape benchmark bank: a bank JSON file of 1,000,000 questions shaped like the
shipped bank's, built once and cached beside the synthetic bank.

The synthetic bank (`synthetic.py`) has short stems drawn from the articles' vocabulary, an
empty list of accepted answers and one source each. Real questions are longer: a stem, an
explanation of a sentence or two, accepted answers for typed questions, one or two verbatim
sources. This file takes every shipped question (as `quiz export` writes it) and repeats it
with a varied stem (one of a few hundred lead-ins before the shipped stem), under ids rising
with file order, with its own type, answers, explanation, accepted answers, sources and fact;
the origin varies as in a bank people have edited. Every question passes the import's checks.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import time
from pathlib import Path
from typing import Any

from quiz.core.interchange import export_bank
from quiz.core.rules import Draft
from quiz.core.validation import check
from tests.perf import synthetic

BUILDER_VERSION = 1
QUESTIONS = 1_000_000
# Lead-ins before the shipped stem: words only (a digit could give a numeric answer away).
_OPENERS = ("Fan quiz:", "Quick one:", "For the fans:", "Test yourself:", "From the news:",
            "Film trivia:", "Music trivia:", "Box office round:", "Backstage round:",
            "Bonus question:", "Warm-up:", "Tie-breaker:", "Lightning round:", "Final round:",
            "Sing-along round:", "Premiere night:", "Studio notes:", "Chart watch:",
            "Red carpet round:", "Deep cut:")
_ROUNDS = ("", "Round one.", "Round two.", "Round three.", "Round four.", "Round five.",
           "Round six.", "Round seven.", "Round eight.", "Round nine.", "Round ten.",
           "Part A.", "Part B.", "Part C.", "Level up.", "Stage two.", "Encore.",
           "Second half.", "Extra time.", "Last call.")
_ORIGINS = ("generated", "generated", "edited", "user")


def shipped_file() -> dict[str, Any]:
    """The shipped bank as `quiz export` writes it (parsed)."""
    path = synthetic.CACHE / "shipped-for-realistic.sqlite3"
    for p in synthetic.CACHE.glob(path.name + "*"):
        p.unlink()
    synthetic.CACHE.mkdir(parents=True, exist_ok=True)
    url = synthetic.seeded_copy(path)
    from quiz.core.db import Database

    db = Database(url)
    out = io.StringIO()
    try:
        export_bank(db, out)
    finally:
        db.dispose()
        for p in synthetic.CACHE.glob(path.name + "*"):
            p.unlink()
    parsed: dict[str, Any] = json.loads(out.getvalue())
    return parsed


def bank_file() -> Path:
    """The cached realistic bank file (about 1 GB), built if missing (a minute or two)."""
    shipped = shipped_file()
    key = hashlib.sha256(f"{BUILDER_VERSION}\n{QUESTIONS}\n".encode()
                         + json.dumps(shipped, sort_keys=True).encode()).hexdigest()[:12]
    path = synthetic.CACHE / f"realistic-{key}.json"
    if not path.exists():
        partial = path.with_suffix(".building")
        started = time.monotonic()
        _build(shipped, partial)
        partial.rename(path)
        print(f"\nbuilt {path} in {time.monotonic() - started:.0f} s")
    return path


def _variants(question: dict[str, Any], texts: dict[str, str]) -> list[str]:
    """The lead-ins that keep `question` valid (all of them, in practice)."""
    out = []
    for opener in _OPENERS:
        for round_ in _ROUNDS:
            lead = f"{opener} {round_}".strip()
            stem = f"{lead} {question['question']}"
            draft = Draft(question["type"], question["category"], question["difficulty"], stem,
                          question["correct_answer"], list(question["incorrect_answers"]),
                          list(question["accepted_answers"]), question["explanation"],
                          [(s["article"], s["quote"]) for s in question["sources"]])
            if not check(draft, texts, warnings=False):
                out.append(lead)
    assert out, question["id"]
    return out


def _build(shipped: dict[str, Any], path: Path) -> None:
    rng = random.Random(20261203)
    texts = {a["id"]: a["text"] for a in shipped["articles"]}
    base = shipped["questions"]
    leads = [_variants(q, texts) for q in base]
    line = json.JSONEncoder(ensure_ascii=False).encode
    with path.open("w", encoding="utf-8") as out:
        out.write('{"format": "kpop-quiz-bank", "version": 1,\n "articles": [')
        out.write(",".join("\n  " + line(a) for a in shipped["articles"]))
        out.write('],\n "questions": [')
        chunk: list[str] = []
        for i in range(QUESTIONS):
            k = i % len(base)
            q = dict(base[k])
            q["id"] = f"bank-{i:07d}-{q['id']}"  # rising with file order, as export writes
            q["question"] = f"{rng.choice(leads[k])} {q['question']}"
            q["origin"] = rng.choice(_ORIGINS)
            chunk.append(("," if i else "") + "\n  " + line(q))
            if len(chunk) == 10_000:
                out.write("".join(chunk))
                chunk.clear()
        out.write("".join(chunk))
        out.write("]}\n")
