"""Anki decks, checked by Anki itself (its `anki` Python package, the library inside the app):
our `.apkg` opens in a fresh collection with the notes, cards, fields and tags we meant, a
later export updates those notes instead of adding copies; and decks Anki made (in its old and
its current package format) import as typed and fill-in-the-blank questions."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path

import pytest
from anki.collection import Collection

from quiz.cli import main
from quiz.core import editing, formats, interchange
from quiz.core.errors import QuizError
from quiz.core.formats import anki
from tests.core.test_exports import HOSTILE, empty_bank, hostile  # noqa: F401 - fixtures


@pytest.fixture
def collection(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A fresh, empty Anki collection."""
    (tmp_path / "anki").mkdir()
    col = Collection(str(tmp_path / "anki" / "collection.anki2"))
    yield col
    col.close()


def import_into(col, path: Path):  # type: ignore[no-untyped-def]
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    return col.import_anki_package(ImportAnkiPackageRequest(
        package_path=str(path), options=ImportAnkiPackageOptions(with_scheduling=False)))


def shown(field: str) -> str:
    """What Anki shows of a field we wrote: our markup gone, the text unescaped."""
    return html.unescape(re.sub(r"<br>", "\n", field))


def notes(col) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {col.get_note(nid).guid: col.get_note(nid) for nid in col.find_notes("")}


def test_anki_opens_the_deck_with_every_question(db, hostile, collection, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    report = interchange.export_file(db, tmp_path / "bank.apkg")
    items = {i["id"]: i for i in formats.items(db)}
    assert report.written == len(items) and report.left_out_count == 0
    import_into(collection, tmp_path / "bank.apkg")
    assert collection.note_count() == len(items)
    assert collection.card_count() == len(items)  # one card a note: a cloze note has c1 only
    assert collection.decks.by_name(anki.DECK) is not None
    found = notes(collection)
    import genanki

    for qid, item in items.items():
        note = found[genanki.guid_for(qid)]
        kind = note.note_type()["name"]
        assert set(note.tags) == {anki.tag("category", item["category"]),
                                  f"difficulty::{item['difficulty']}", f"type::{item['type']}"}
        if item["type"] == "cloze" and "_____" in item["question"]:
            assert kind == f"{anki.DECK} (cloze)"
            before, after = item["question"].split("_____", 1)
            (number, answer), = re.findall(r"\{\{c(\d)::(.*?)\}\}", note["Text"])
            assert number == "1" and shown(answer) == item["correct_answer"]
            assert shown(note["Text"].replace(f"{{{{c1::{answer}}}}}", "_____")) == \
                item["question"]
        else:
            assert kind == anki.DECK
            assert shown(note["Question"]) == item["question"]
            assert shown(note["Answer"]) == item["correct_answer"]
            if item["type"] == "multiple":
                choices = re.findall(r"<li>(.*?)</li>", note["Choices"])
                assert sorted(map(shown, choices)) == sorted(
                    [item["correct_answer"], *item["incorrect_answers"]])
        assert shown(note["Explanation"]) == item["explanation"]
        for source in item["sources"]:
            assert source["quote"] in shown(note["Source"])
    # Hostile text stays text: no tag Anki would render, no cloze or field it would read.
    mine = found[genanki.guid_for(hostile["multiple"])]
    assert shown(mine["Question"]) == HOSTILE and "<b>" not in mine["Question"]
    assert "{{" not in mine["Choices"] and "<script>" not in mine["Explanation"]
    trap = found[genanki.guid_for(hostile["cloze"])]
    assert len(re.findall(r"\{\{c\d::", trap["Text"])) == 1  # the user's {{c1::trap}} is text
    card = collection.get_card(collection.find_cards(f"nid:{mine.id}")[0])
    assert "<b>Bold</b>" not in card.question() and "&lt;b&gt;Bold" in card.question()


def test_a_second_export_updates_the_notes_instead_of_duplicating(db, collection, tmp_path: Path,
                                                                  monkeypatch) -> None:  # type: ignore[no-untyped-def]
    first = interchange.export_file(db, tmp_path / "one.apkg")
    import_into(collection, tmp_path / "one.apkg")
    qid = next(i["id"] for i in formats.items(db) if i["type"] == "multiple")
    old = editing.load(db, [qid])[qid]
    editing.save(db, qid, replace(old.draft(), explanation="Rewritten after the sequel news."),
                 old.sources)
    later = anki.clock() + 60
    monkeypatch.setattr(anki, "clock", lambda: later)
    interchange.export_file(db, tmp_path / "two.apkg")
    import_into(collection, tmp_path / "two.apkg")
    assert collection.note_count() == first.written  # the same notes, none added
    import genanki

    note = notes(collection)[genanki.guid_for(qid)]
    assert note["Explanation"] == "Rewritten after the sequel news."


def anki_made_deck(tmp_path: Path, legacy: bool) -> Path:
    """A deck made by Anki: a Basic note with an image, a Cloze note with two deletions, an
    empty-backed Basic note, in a subdeck."""
    from anki.collection import ExportAnkiPackageOptions

    folder = tmp_path / ("old" if legacy else "new")
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    try:
        deck = col.decks.id("Fandom::Songs & Stars")
        basic = col.new_note(col.models.by_name("Basic"))
        basic["Front"] = "Which trio sings <b>Golden</b>? &lt;not a tag&gt;"
        basic["Back"] = "Huntr/x<br><img src=\"huntrx.png\">"
        col.add_note(basic, deck)
        cloze = col.new_note(col.models.by_name("Cloze"))
        cloze["Text"] = "{{c1::Rumi}} leads the group with {{c2::Mira::a name}} and Zoey."
        cloze["Back Extra"] = "From the film.[sound:golden.mp3]"
        col.add_note(cloze, deck)
        empty = col.new_note(col.models.by_name("Basic"))
        empty["Front"] = "A card with no answer"
        col.add_note(empty, deck)
        out = folder / "deck.apkg"
        col.export_anki_package(out_path=str(out), limit=None, options=ExportAnkiPackageOptions(
            with_scheduling=False, with_deck_configs=False, with_media=False, legacy=legacy))
    finally:
        col.close()
    return out


@pytest.mark.parametrize("legacy", [False, True], ids=["current", "legacy"])
def test_an_anki_deck_imports_as_typed_and_fill_in_the_blank(db, db_url: str, tmp_path: Path,
                                                              capsys, legacy: bool) -> None:  # type: ignore[no-untyped-def]
    path = anki_made_deck(tmp_path, legacy)
    assert formats.detect(path) == "anki"
    plan = interchange.plan_import(db, path)
    assert (plan.format, plan.new, plan.rejected_count, plan.uncited) == ("anki", 3, 0, 3)
    assert plan.notes == ["2 notes had images or sounds: media is not imported, only the text "
                          "came in", "left out 1 note with an empty front or back (or only an "
                          "image or a sound)"]
    assert main(["--db", db_url, "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "3 added" in out and "3 of the questions added or updated came in uncited" in out
    assert "media is not imported" in out
    mine = [i for i in formats.items(db) if i["id"].startswith("anki-")]
    assert {(i["type"], i["question"], i["correct_answer"], i["category"], i["explanation"])
            for i in mine} == {
        ("text", "Which trio sings Golden? <not a tag>", "Huntr/x", "Songs & Stars", ""),
        ("cloze", "Fill in the blank: _____ leads the group with Mira and Zoey.", "Rumi",
         "Songs & Stars", "From the film."),
        ("cloze", "Fill in the blank: Rumi leads the group with _____ and Zoey.", "Mira",
         "Songs & Stars", "From the film.")}
    # The same deck again: the same notes, nothing new.
    assert interchange.plan_import(db, path).unchanged == 3


def test_our_own_deck_comes_back_as_typed_and_fill_in_the_blank(db, empty_bank,  # noqa: F811
                                                                tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bank.apkg"
    interchange.export_file(db, path)
    report = interchange.import_file(empty_bank, path)
    items = list(formats.items(db))
    assert (report.added, report.uncited) == (len(items), len(items))
    fields = ("type", "category", "difficulty", "question", "correct_answer", "explanation")
    back = {tuple(i[f] for f in fields) + (tuple(sorted(i["incorrect_answers"])),)
            for i in formats.items(empty_bank)}
    # Type, category and difficulty come back from the tags, the wrong answers from Choices.
    # The sources, accepted answers and the question's id do not (an .apkg is a deck of
    # cards, not a bank: bank JSON carries everything).
    assert back == {tuple(i[f] for f in fields) + (tuple(sorted(i["incorrect_answers"])),)
                    for i in items}


def zipped(**members: bytes) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name.replace("_", "."), data)
    return buffer.getvalue()


@pytest.mark.parametrize(("content", "message"), [
    (b"PK\x03\x04 not really a zip", "not an Anki package"),
    (b"", "not a bank JSON"),
    (zipped(media=b"{}"), "no collection inside"),
    (zipped(collection_anki2=b"SQLite format 3\x00" + b"\x00" * 200), "not a readable Anki"),
    (zipped(collection_anki21b=b"not zstd at all"), "cannot be unpacked"),
    (zipped(collection_anki2=b"garbage"), "not a readable Anki collection")])
def test_a_broken_package_is_one_plain_error(db, tmp_path: Path, content: bytes,
                                             message: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "broken.apkg"
    path.write_bytes(content)
    with pytest.raises(QuizError, match=message):
        interchange.plan_import(db, path)


def test_a_truncated_deck_is_one_plain_error(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    whole = anki_made_deck(tmp_path, legacy=False).read_bytes()
    path = tmp_path / "cut.apkg"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(QuizError, match="cut.apkg: "):
        interchange.plan_import(db, path)
