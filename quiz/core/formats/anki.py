"""Anki decks (`.apkg`): export writes one, import reads Basic and Cloze notes from one.

Export (with genanki, the maintained writer of Anki's package format) makes a deck "KPop Demon
Hunters Quiz" with two note types of our own:

- "KPop Demon Hunters Quiz": fields Question, Choices, Answer, Explanation, Source — every
  multiple-choice, true/false and typed-answer question, one note and one card each;
- "KPop Demon Hunters Quiz (cloze)": fields Text, Explanation, Source — each fill-in-the-blank
  question, its blank as the cloze deletion `{{c1::answer}}`.

Source is the article's title (and publication) and the quoted sentence. Tags are
`category::<category>`, `difficulty::<difficulty>` and `type::<type>` (spaces as `_`, since an
Anki tag has none). Each note's GUID comes from the question id and the note types' and deck's
ids are fixed, so importing a later export updates the notes instead of adding copies (Anki
updates a note when the incoming one is newer; each export is stamped with its time). Fields are
HTML built from escaped text (`<` as `&lt;`, a line break as `<br>`, braces as `&#123;`
`&#125;` so no text ever reads as a cloze or a template field).

Import (the standard library's zipfile and sqlite3) reads the collection inside the package,
in any of its three forms (`collection.anki2`, `.anki21`, and the zstd-compressed `.anki21b`
of Anki 2.1.50 and later). A Basic-style note (first field the front, second the back) becomes
a typed-answer question; a Cloze note one fill-in-the-blank question per deletion number. The
category is the deck's name (its last part), the difficulty medium; HTML is reduced to its text.
Images and sounds are dropped (the report counts the notes that had any), as are notes of other
kinds (image occlusion) and notes whose answer is empty.
"""

from __future__ import annotations

import hashlib
import html
import re
import time
from pathlib import Path
from typing import Any

from quiz.core.db import Database
from quiz.core.formats import ExportReport, citations, items, titles
from quiz.core.formats.gift import BLANK

DECK_ID = 1_743_201_517_001
MODEL_ID = 1_743_201_517_002
CLOZE_MODEL_ID = 1_743_201_517_003
DECK = "KPop Demon Hunters Quiz"
FIELDS = ("Question", "Choices", "Answer", "Explanation", "Source")
CLOZE_FIELDS = ("Text", "Explanation", "Source")
CSS = """.card { font-family: sans-serif; font-size: 20px; text-align: left; }
.choices ol { margin: .5em 0; } .answer { font-weight: bold; }
.explanation { margin-top: .8em; } .source { margin-top: .8em; font-size: 15px; color: #666; }
"""
_EXTRA = ('{{#Explanation}}<div class="explanation">{{Explanation}}</div>{{/Explanation}}'
          '{{#Source}}<div class="source">{{Source}}</div>{{/Source}}')
clock = time.time  # when an export says its notes were changed (tests move it on)


def field(text: str) -> str:
    """`text` as an Anki field that shows exactly it."""
    escaped = html.escape(text, quote=False).replace("{", "&#123;").replace("}", "&#125;")
    return escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def tag(kind: str, value: str) -> str:
    """One tag: `kind::value`, with no spaces (Anki splits tags on them)."""
    return f"{kind}::" + re.sub(r"\s+", "_", value.strip())


def _models() -> tuple[Any, Any]:
    import genanki

    basic = genanki.Model(
        MODEL_ID, DECK, fields=[{"name": f} for f in FIELDS], css=CSS,
        templates=[{"name": "Question",
                    "qfmt": '<div class="question">{{Question}}</div>{{#Choices}}'
                            '<div class="choices">{{Choices}}</div>{{/Choices}}',
                    "afmt": '{{FrontSide}}<hr id="answer"><div class="answer">{{Answer}}</div>'
                            + _EXTRA}])
    cloze = genanki.Model(
        CLOZE_MODEL_ID, f"{DECK} (cloze)", fields=[{"name": f} for f in CLOZE_FIELDS], css=CSS,
        model_type=genanki.Model.CLOZE,
        templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}",
                    "afmt": "{{cloze:Text}}<hr id=\"answer\">" + _EXTRA}])
    return basic, cloze


def note_fields(item: dict[str, Any], named: dict[str, str]) -> tuple[bool, list[str]]:
    """(is a cloze note, its fields) for one question."""
    source = "<br>".join(field(c) for c in citations(item, named))
    explanation = field(item["explanation"])
    stem = item["question"]
    if item["type"] == "cloze" and BLANK in stem:
        before, after = stem.split(BLANK, 1)
        answer = field(item["correct_answer"]).replace(":", "&#58;")  # `::` starts a hint
        return True, [f"{field(before)}{{{{c1::{answer}}}}}{field(after)}", explanation, source]
    choices = ""
    if item["type"] == "multiple":
        options = sorted([item["correct_answer"], *item["incorrect_answers"]],
                         key=lambda a: (a.casefold(), a))
        choices = "<ol>" + "".join(f"<li>{field(o)}</li>" for o in options) + "</ol>"
    elif item["type"] == "boolean":
        choices = "True / False"
    return False, [field(stem), choices, field(item["correct_answer"]), explanation, source]


def write(db: Database, path: Path, report: ExportReport) -> None:
    """Write the whole bank as an Anki deck package to `path`; every question fits."""
    import genanki

    basic, cloze = _models()
    deck = genanki.Deck(DECK_ID, DECK)
    named = titles(db)
    for item in items(db):
        is_cloze, fields = note_fields(item, named)
        deck.add_note(genanki.Note(
            model=cloze if is_cloze else basic, fields=fields, guid=genanki.guid_for(item["id"]),
            tags=[tag("category", item["category"]), tag("difficulty", item["difficulty"]),
                  tag("type", item["type"])]))
        report.written += 1
    genanki.Package(deck).write_to_file(str(path), timestamp=clock())


def note_id(guid: str, number: int = 0) -> str:
    """The id an imported note's question gets: the same for the same note every time."""
    digest = hashlib.sha1(f"{guid}\0{number}".encode()).hexdigest()[:16]
    return f"anki-{digest}" if not number else f"anki-{digest}-c{number}"
