"""Reading an Anki deck package (`.apkg`) as questions: see `quiz.core.formats.anki`.

A package is a zip holding an SQLite collection: `collection.anki21b` (zstd-compressed, schema
18, what Anki 2.1.50 and later export by default; such a package also holds a stub
`collection.anki2` saying "please update Anki"), else `collection.anki21` or `collection.anki2`
(schema 11, where note types are JSON in the `col` table). The collection is copied to a
temporary file and read with sqlite3, one note at a time.
"""

from __future__ import annotations

import json
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from quiz.core.errors import QuizError
from quiz.core.formats.anki import CLOZE_MODEL_ID, FIELDS, MODEL_ID, note_id

MAX_COLLECTION_BYTES = 1 << 30
_MEDIA = re.compile(r"<img\b|<audio\b|<video\b|\[sound:", re.IGNORECASE)
_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
_BREAKS = frozenset({"br", "div", "p", "li", "tr"})


_LI = re.compile(r"<li>(.*?)</li>", re.DOTALL)
_KINDS = ("multiple", "boolean", "numeric", "text", "cloze")


def ours(item: dict[str, Any], tags: str, choices: str) -> None:
    """A note of our own note types: its type, category and difficulty from its tags, and a
    multiple-choice question's wrong answers from its Choices field (in place)."""
    for tag in tags.split():
        kind, _, value = tag.partition("::")
        if kind == "category" and value:
            item["category"] = value.replace("_", " ")
        elif kind == "difficulty" and value:
            item["difficulty"] = value
        elif kind == "type" and value in _KINDS and item["type"] != "cloze":
            item["type"] = value
    answer = item["correct_answer"]
    if item["type"] == "multiple":
        item["incorrect_answers"] = [c for c in map(text, _LI.findall(choices)) if c != answer]
    elif item["type"] == "boolean":
        item["incorrect_answers"] = ["False" if answer == "True" else "True"]


def _fill_in(stem: str) -> str:
    """A cloze stem as this app words one (our own cloze notes already are)."""
    return stem if stem.startswith("Fill in the blank: ") else "Fill in the blank: " + stem


class _Text(HTMLParser):
    """An HTML field's text: tags dropped (a line break for <br>, <div>, <p>), entities
    decoded, scripts, styles and media left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in _BREAKS and self.parts:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def text(field: str) -> str:
    """The plain text of an Anki field (HTML), sound tags dropped, spaces tidied."""
    parser = _Text()
    parser.feed(re.sub(r"\[sound:[^\]]*\]", "", field))
    parser.close()
    lines = ("".join(parser.parts).replace("\xa0", " ")).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines).strip()


def clozes(field: str) -> dict[int, str]:
    """Each cloze number in the field and the text of its first deletion."""
    found: dict[int, str] = {}
    for m in _CLOZE.finditer(field):
        found.setdefault(int(m.group(1)), m.group(2))
    return found


def blanked(field: str, number: int) -> str:
    """The field with deletion `number` as a blank and every other one shown."""
    def show(m: re.Match[str]) -> str:
        return "_____" if int(m.group(1)) == number else m.group(2)

    return _CLOZE.sub(show, field)


def _copy(src: Any, dst: Any, path: Path) -> None:
    """Copy an unpacked collection, refusing one bigger than MAX_COLLECTION_BYTES."""
    size = 0
    while chunk := src.read(1 << 20):
        size += len(chunk)
        if size > MAX_COLLECTION_BYTES:
            raise QuizError(f"{path}: the collection inside is larger than "
                            f"{MAX_COLLECTION_BYTES:,} bytes")
        dst.write(chunk)


_FRONT = ("front", "question", "text")
_BACK = ("back", "answer")
_NOT_EXTRA = ("choices", "source")  # our own note type's fields that are no explanation


def _roles(names: list[str]) -> tuple[int, int, list[int]]:
    """(front field, back field, extra fields) of a note type, by the fields' names: Front /
    Question / Text, Back / Answer, else the first two; the others (but Choices and Source,
    our own) are read as the explanation."""
    lower = [n.strip().lower() for n in names]
    front = next((i for i, n in enumerate(lower) if n in _FRONT), 0)
    back = next((i for i, n in enumerate(lower) if n in _BACK and i != front),
                1 if front != 1 else 0)
    extra = [i for i, n in enumerate(lower) if i not in (front, back) and n not in _NOT_EXTRA]
    return front, back, extra


class AnkiFile:
    """The notes of an Anki package, as questions."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.media_notes = 0
        self.skipped: dict[str, int] = {}
        self.roles: dict[int, tuple[int, int, list[int]]] = {}
        self.folder = tempfile.TemporaryDirectory(prefix="quiz-apkg-")
        self.conn: sqlite3.Connection | None = None
        try:
            self.conn = sqlite3.connect(self._extract())
            self.conn.execute("PRAGMA query_only = ON")
            self.kinds, self.decks = self._schema()
        except (sqlite3.Error, ValueError, KeyError, TypeError, AttributeError) as exc:
            self.close()
            raise QuizError(f"{path}: not a readable Anki collection inside ({exc})") from None
        except BaseException:
            self.close()
            raise

    def _extract(self) -> Path:
        try:
            archive = zipfile.ZipFile(self.path)
        except FileNotFoundError:
            raise QuizError(f"{self.path}: no such file") from None
        except (zipfile.BadZipFile, OSError) as exc:
            raise QuizError(f"{self.path}: not an Anki package (.apkg): {exc}") from None
        with archive:
            names = set(archive.namelist())
            name = next((n for n in ("collection.anki21b", "collection.anki21",
                                     "collection.anki2") if n in names), None)
            if name is None:
                raise QuizError(f"{self.path}: not an Anki package (no collection inside)")
            target = Path(self.folder.name) / "collection.sqlite3"
            try:
                with archive.open(name) as src, target.open("wb") as dst:
                    if name.endswith("b"):
                        import zstandard

                        with zstandard.ZstdDecompressor().stream_reader(src) as reader:
                            _copy(reader, dst, self.path)
                    else:
                        _copy(src, dst, self.path)
            except QuizError:
                raise
            except Exception as exc:  # noqa: BLE001 - zlib, zstd, zipfile: all one plain line
                raise QuizError(f"{self.path}: the collection inside cannot be unpacked "
                                f"({type(exc).__name__}: {exc})") from None
        return target

    def _schema(self) -> tuple[dict[int, str], dict[int, str]]:
        """Each note type's kind ("basic", "cloze" or "other") and each deck's name."""
        assert self.conn is not None
        tables = {n for (n,) in self.conn.execute("SELECT name FROM sqlite_master")}
        if "notetypes" in tables:  # schema 18
            templates: dict[int, bytes] = {}
            for ntid, config in self.conn.execute("SELECT ntid, config FROM templates"):
                templates[ntid] = templates.get(ntid, b"") + bytes(config or b"")
            kinds = {}
            for ntid, config in self.conn.execute("SELECT id, config FROM notetypes"):
                # NotetypeConfig field 1 is the kind (1 = cloze); protobuf leaves out a 0.
                cloze = bytes(config or b"")[:2] == b"\x08\x01"
                occlusion = b"image-occlusion" in templates.get(ntid, b"")
                kinds[ntid] = "other" if occlusion else "cloze" if cloze else "basic"
            names: dict[int, list[str]] = {}
            for ntid, name in self.conn.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
                names.setdefault(ntid, []).append(name)
            self.roles = {ntid: _roles(n) for ntid, n in names.items()}
            decks = {i: n.replace("\x1f", "::") for i, n in
                     self.conn.execute("SELECT id, name FROM decks")}
            return kinds, decks
        models_json, decks_json = self.conn.execute("SELECT models, decks FROM col").fetchone()
        models: dict[str, Any] = json.loads(models_json)
        kinds = {int(i): ("cloze" if m.get("type") == 1 else "basic") for i, m in models.items()}
        for i, m in models.items():
            self.roles[int(i)] = _roles([f.get("name", "") for f in m.get("flds", [])])
        decks = {int(i): d.get("name", "") for i, d in json.loads(decks_json).items()}
        return kinds, decks

    def articles(self) -> list[Any]:
        """Anki decks carry no articles."""
        return []

    def questions(self) -> Iterator[tuple[str, Any]]:
        """Each Basic-style note as a typed question, each cloze of a Cloze note as a
        fill-in-the-blank question."""
        try:
            yield from self._questions()
        except (sqlite3.Error, AttributeError, TypeError) as exc:
            raise QuizError(f"{self.path}: the Anki collection inside is damaged "
                            f"({exc})") from None

    def _questions(self) -> Iterator[tuple[str, Any]]:
        assert self.conn is not None
        rows = self.conn.execute(
            "SELECT n.id, n.guid, n.mid, n.flds, n.tags, (SELECT did FROM cards c WHERE "
            "c.nid = n.id ORDER BY c.ord LIMIT 1) FROM notes n ORDER BY n.id")
        for number, (nid, guid, mid, flds, tags, did) in enumerate(rows, 1):
            fields = flds.split("\x1f")
            if _MEDIA.search(flds):
                self.media_notes += 1
            deck = self.decks.get(did, "") or "Anki"
            category = deck.split("::")[-1].strip() or "Anki"
            kind = self.kinds.get(mid, "other")
            where = f"note {number} (id {nid})"
            if kind == "other":
                self._skip("of a kind other than Basic and Cloze (image occlusion)")
                continue
            front, back, extras = self.roles.get(mid, (0, 1, []))
            if kind == "cloze":
                deletions = clozes(fields[front] if front < len(fields) else "")
                if not deletions:
                    self._skip("of the Cloze kind without a deletion")
                    continue
                extra = "\n".join(t for t in (text(fields[i]) for i in [back, *extras]
                                              if i < len(fields)) if t)
                for n in sorted(deletions):
                    item = {
                        "id": note_id(guid, n), "type": "cloze", "category": category,
                        "difficulty": "medium",
                        "question": _fill_in(text(blanked(fields[front], n))),
                        "correct_answer": text(deletions[n]), "explanation": extra,
                        "origin": "user"}
                    if mid == CLOZE_MODEL_ID:
                        ours(item, tags, "")
                    yield f"{where} cloze {n}", item
                continue
            stem = text(fields[front]) if front < len(fields) else ""
            answer = text(fields[back]) if back < len(fields) else ""
            if not stem or not answer:
                self._skip("with an empty front or back (or only an image or a sound)")
                continue
            item = {
                "id": note_id(guid), "type": "text", "category": category,
                "difficulty": "medium", "question": stem, "correct_answer": answer,
                "explanation": "\n".join(t for t in (text(fields[i]) for i in extras
                                                     if i < len(fields)) if t),
                "origin": "user"}
            if mid == MODEL_ID and len(fields) == len(FIELDS):
                ours(item, tags, fields[FIELDS.index("Choices")])
            yield where, item

    def _skip(self, why: str) -> None:
        self.skipped[why] = self.skipped.get(why, 0) + 1

    def notes(self) -> list[str]:
        """What the deck held that the import does not keep."""
        out = []
        if self.media_notes:
            out.append(f"{self.media_notes} note{'s' if self.media_notes != 1 else ''} had "
                       f"images or sounds: media is not imported, only the text came in")
        out += [f"left out {n} note{'s' if n != 1 else ''} {why}"
                for why, n in self.skipped.items()]
        return out

    def close(self) -> None:
        """Release the collection and delete its temporary copy."""
        if self.conn is not None:
            self.conn.close()
        self.folder.cleanup()
