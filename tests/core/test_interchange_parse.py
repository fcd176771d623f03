"""Reading one question of an import file (interchange._parse), held to the plain implementation.

_parse takes a question whose fields are all plain strings in one check, builds each quote's
SourceRef once, and builds the Record without the dataclass's per-field setattr; what it
returns, and what it rejects with which words, is what the field-by-field implementation it
replaced gives (kept here as it was).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.core import bulk, interchange
from quiz.core.editing import Record, SourceRef
from quiz.core.formats import Invalid, typed_question
from quiz.core.formats.streaming import MAX_DEPTH, depth
from quiz.core.interchange import _FIELDS, _SOURCE_FIELDS, ORIGINS, _Rejected, _TooDeep
from quiz.core.rules import MAX_ID, Draft
from quiz.core.validation import MAX_SOURCES

ARTICLE = "Huntr/x sang “Golden”. Golden topped the charts in July."
TEXTS = {"art": ARTICLE, "other": "Soda Pop by the Saja Boys."}
FACTS = {"golden-tops-charts"}


def _str(obj: dict[str, Any], name: str, default: str | None = None) -> str:
    value = obj.get(name, default)
    if not isinstance(value, str):
        raise _Rejected(name, "must be a string" if name in obj else "is missing")
    if not value.isascii():
        _unicode(name, value)
    return value


def _str_list(obj: dict[str, Any], name: str) -> list[str]:
    value = obj.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Rejected(name, "must be a list of strings")
    for v in value:
        if not v.isascii():
            _unicode(name, v)
    return list(value)


def _unicode(name: str, value: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _Rejected(name, "is not valid Unicode (it holds an unpaired surrogate "
                              "escape such as \\ud800)") from None


def _shallow(obj: dict[str, Any], known: frozenset[str], where: str) -> None:
    if obj.keys() <= known:
        return
    for key, value in obj.items():
        if key not in known and isinstance(value, (dict, list)) and depth(value) > MAX_DEPTH - 2:
            raise _TooDeep(f"{where}{key}: JSON nested deeper than {MAX_DEPTH} levels")


def _located(sources: list[SourceRef], texts: dict[str, str]) -> tuple[SourceRef, ...]:
    out = []
    for s in sources:
        text = texts.get(s.article, "")
        start, end = s.start, s.end
        if not (0 <= start <= end <= len(text) and text[start:end] == s.quote):
            start = text.find(s.quote)
            end = start + len(s.quote) if start >= 0 else -1
        out.append(SourceRef(s.article, s.quote, start, end))
    return tuple(out)


def plain_parse(obj: Any, texts: dict[str, str], facts: set[str]) -> tuple[Record, Draft]:
    if isinstance(obj, Invalid):
        raise _Rejected(obj.field, obj.message)
    if isinstance(obj, list) and depth(obj) > MAX_DEPTH - 1:
        raise _TooDeep(f"JSON nested deeper than {MAX_DEPTH} levels")
    if not isinstance(obj, dict):
        raise _Rejected("", "must be an object")
    _shallow(obj, _FIELDS, "field ")
    draft = Draft(
        type=_str(obj, "type"), category=_str(obj, "category"),
        difficulty=_str(obj, "difficulty"), question=_str(obj, "question"),
        correct_answer=_str(obj, "correct_answer"),
        incorrect_answers=_str_list(obj, "incorrect_answers"),
        accepted_answers=_str_list(obj, "accepted_answers"),
        explanation=_str(obj, "explanation", ""),
    )
    raw_sources = obj.get("sources", [])
    if not isinstance(raw_sources, list) or len(raw_sources) > MAX_SOURCES:
        raise _Rejected("sources", f"must be a list of at most {MAX_SOURCES}")
    sources = []
    for j, src in enumerate(raw_sources, 1):
        if not isinstance(src, dict):
            raise _Rejected(f"sources[{j}]", "must be an object")
        _shallow(src, _SOURCE_FIELDS, f"field sources[{j}].")
        start, end = src.get("start", -1), src.get("end", -1)
        if not isinstance(start, int) or not isinstance(end, int):
            raise _Rejected(f"sources[{j}]", "start and end must be whole numbers")
        sources.append(SourceRef(_str(src, "article"), _str(src, "quote"), start, end))
    draft.sources = [(s.article, s.quote) for s in sources]
    origin = _str(obj, "origin", "user")
    if origin not in ORIGINS:
        raise _Rejected("origin", f"must be one of {', '.join(ORIGINS)}")
    qid = obj.get("id")
    if qid is None:
        digest = hashlib.sha1(f"{draft.question}\0{draft.correct_answer}".encode()).hexdigest()
        qid = f"user-{digest[:12]}"
    if not isinstance(qid, str) or not qid or len(qid) > MAX_ID:
        raise _Rejected("id", f"must be a string of 1 to {MAX_ID} characters")
    if not qid.isascii():
        _unicode("id", qid)
    fact = obj.get("fact")
    if fact is not None and not isinstance(fact, str):
        raise _Rejected("fact", "must be a string or null")
    return Record(
        id=qid, type=draft.type, category=draft.category, difficulty=draft.difficulty,
        question=draft.question, correct_answer=draft.correct_answer,
        incorrect_answers=tuple(draft.incorrect_answers),
        accepted_answers=tuple(draft.accepted_answers), explanation=draft.explanation,
        origin=origin, fact_id=fact if fact in facts else None,
        sources=_located(sources, texts)), draft


def outcome(parse: Any, obj: Any) -> tuple[str, ...]:
    """What `parse` makes of `obj`, every field and its type included (repr tells 1 from
    True), or the exception with its words."""
    try:
        rec, draft = parse(obj, TEXTS, FACTS)
    except _Rejected as exc:
        return ("rejected", exc.field, exc.message)
    except _TooDeep as exc:
        return ("too deep", str(exc))
    return ("ok", repr(rec), repr(draft))


# -- questions: mostly valid, with the values a field-by-field check tells apart ------------------

TEXT = st.one_of(
    st.sampled_from(["Golden", "golden!", "Huntr/x", "Soda Pop", "“Golden”", "ﬁre", "é", "",
                     " ", "\ud800", "ok \udfff", "\U0001f600", "True", "False"]),
    st.text(max_size=12),
)
NOT_TEXT = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                     st.lists(TEXT, max_size=2), st.dictionaries(TEXT, TEXT, max_size=1))
def _deep(levels: int) -> object:
    value: object = 1
    for level in range(levels):
        value = [value] if level % 2 else {"k": value}
    return value


NESTED = st.recursive(st.integers(), lambda kids: st.one_of(st.lists(kids, max_size=2),
                                                           st.dictionaries(TEXT, kids,
                                                                           max_size=2)),
                      max_leaves=12) | st.integers(4, MAX_DEPTH + 2).map(_deep)
OFFSET = st.one_of(st.integers(-2, 60), st.integers(-2, 60), st.booleans(),
                   st.sampled_from([None, 1.0, "3"]))
QUOTES = st.one_of(st.sampled_from(["Golden topped the charts", "“Golden”", "Soda Pop",
                                    "nowhere", "", "\ud800"]), TEXT)


@st.composite
def sources(draw: st.DrawFn) -> object:
    """A file's "sources": mostly a list of good ones, some with offsets to fix; now and then
    one field or the whole list of the wrong kind."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.one_of(NOT_TEXT, st.lists(NOT_TEXT, max_size=2)))
    out: list[object] = []
    for _ in range(draw(st.integers(0, MAX_SOURCES + 1))):
        article = draw(st.sampled_from(["art", "art", "other", "nope", ""]))
        quote = draw(QUOTES)
        found = TEXTS.get(article, "").find(quote)
        src: dict[str, object] = {"article": article, "quote": quote}
        if draw(st.booleans()) and found >= 0:  # offsets as a file written by `export` has them
            src["start"], src["end"] = found, found + len(quote)
        elif draw(st.booleans()):
            src["start"], src["end"] = draw(OFFSET), draw(OFFSET)
        if draw(st.integers(0, 9)) == 0:
            src[draw(st.sampled_from(["article", "quote", "start", "end"]))] = draw(NOT_TEXT)
        if draw(st.integers(0, 9)) == 0:
            src.pop(draw(st.sampled_from(["article", "quote"])))
        if draw(st.integers(0, 9)) == 0:
            src["extra"] = draw(NESTED)
        out.append(src if draw(st.integers(0, 19)) else draw(NOT_TEXT))
    return out


GOOD = {"id": "q1", "type": "multiple", "category": "Music", "difficulty": "easy",
        "question": "Which song topped the charts?", "correct_answer": "Golden",
        "incorrect_answers": ["Soda Pop", "Takedown"], "accepted_answers": [],
        "explanation": "It did.", "origin": "generated", "fact": "golden-tops-charts"}
STRING_FIELDS = ["type", "category", "difficulty", "question", "correct_answer", "explanation",
                 "origin", "id", "fact"]
LIST_FIELDS = ["incorrect_answers", "accepted_answers"]


@st.composite
def questions(draw: st.DrawFn) -> object:
    if draw(st.integers(0, 19)) == 0:
        return draw(st.one_of(NOT_TEXT, NESTED, st.just(Invalid("question", "is cut short"))))
    q: dict[str, object] = dict(GOOD)
    for name in draw(st.lists(st.sampled_from(STRING_FIELDS), max_size=3)):
        q[name] = draw(st.one_of(TEXT, NOT_TEXT, st.sampled_from(ORIGINS),
                                 st.just("x" * (MAX_ID + 1))))
    for name in draw(st.lists(st.sampled_from(LIST_FIELDS), max_size=2)):
        q[name] = draw(st.one_of(st.lists(TEXT, max_size=4),
                                 st.lists(st.one_of(TEXT, NOT_TEXT), max_size=3), NOT_TEXT))
    if draw(st.booleans()):
        q["sources"] = draw(sources())
    for name in draw(st.lists(st.sampled_from([*GOOD, "sources"]), max_size=2)):
        q.pop(name, None)
    if draw(st.integers(0, 9)) == 0:
        q[draw(st.sampled_from(["extra", "notes"]))] = draw(NESTED)
    return q


@settings(max_examples=2000, deadline=None, database=None)
@given(questions())
def test_parse_is_the_plain_implementation(obj: object) -> None:
    assert outcome(interchange._parse, obj) == outcome(plain_parse, obj)


def _with(**changes: object) -> dict[str, object]:
    return {**GOOD, **changes}


@pytest.mark.parametrize("obj", [
    GOOD,
    _with(sources=[{"article": "art", "quote": "Golden topped", "start": 23, "end": 36}]),
    _with(sources=[{"article": "art", "quote": "Golden topped", "start": 0, "end": 13}]),
    _with(sources=[{"article": "art", "quote": "H", "start": False, "end": True}]),
    _with(sources=[{"article": "nope", "quote": "Golden"}, {"article": "art", "quote": "x"}]),
    _with(explanation="It sang “Golden”.", incorrect_answers=["Soda Pop", "ﬁre"]),
    _with(incorrect_answers=["Soda Pop", "bad \ud800"]),
    _with(accepted_answers=["Golden", 8]),
    _with(incorrect_answers="Soda Pop"),
    _with(explanation=None),
    {k: v for k, v in GOOD.items() if k not in ("id", "explanation")},
    _with(fact="unknown-fact", notes={"a": [[[[[[[1]]]]]]]}),
    _with(sources=[{"article": "art", "quote": "Golden", "extra": [[[[[[[1]]]]]]]}]),
])
def test_parse_examples_are_the_plain_implementation(obj: dict[str, object]) -> None:
    assert outcome(interchange._parse, obj) == outcome(plain_parse, obj)


def test_the_equivalence_reaches_every_outcome() -> None:
    """The generator above does produce each kind of question it means to (it is no use
    otherwise): good ones, ones with offsets to fix, and each kind of refusal."""
    seen: set[str] = set()

    @settings(max_examples=800, deadline=None, database=None, derandomize=True)
    @given(questions())
    def collect(obj: object) -> None:
        result = outcome(plain_parse, obj)
        seen.add(result[0] if result[0] != "rejected" else f"rejected {result[1].split('[')[0]}")
        if result[0] == "ok" and isinstance(obj, dict):
            rec, _draft = plain_parse(obj, TEXTS, FACTS)
            raw = obj.get("sources", [])
            if any(s.start != r.get("start", -1) for s, r in zip(rec.sources, raw, strict=True)):
                seen.add("moved")

    collect()
    assert {"ok", "moved", "too deep", "rejected type", "rejected incorrect_answers",
            "rejected sources", "rejected origin", "rejected id", "rejected fact"} <= seen, seen


@settings(max_examples=500, deadline=None, database=None, derandomize=True)
@given(st.lists(st.text(), max_size=5))
def test_answers_are_stored_as_json_dumps_writes_them(answers: list[str]) -> None:
    """An import writes a question's answer lists itself (bulk.json_strings); the text is
    json.dumps's to the byte, so stored rows look alike however they were written."""
    assert bulk.json_strings(tuple(answers)) == json.dumps(answers)


@settings(max_examples=1000, deadline=None, database=None, derandomize=True)
@given(questions())
def test_a_generated_questions_snapshot_is_stored_as_json_dumps_writes_it(obj: object) -> None:
    """An import writes a generated question's snapshot itself (interchange._snapshot_json):
    the text is json.dumps's of the snapshot to the byte (offsets a file gave as true or
    false included)."""
    result = outcome(plain_parse, obj)
    if result[0] != "ok":
        return
    rec, _draft = plain_parse(obj, TEXTS, FACTS)
    assert interchange._snapshot_json(rec) == json.dumps(interchange._snapshot(rec))


@pytest.mark.parametrize("obj", [
    GOOD,
    _with(sources=[{"article": "art", "quote": "Golden topped", "start": 23, "end": 36},
                   {"article": "other", "quote": "Soda Pop"}]),
    _with(sources=[{"article": "art", "quote": "H", "start": False, "end": True}]),
    _with(explanation="It sang “Golden” \\ \" \n.", accepted_answers=["Gold", "ﬁre"]),
])
def test_snapshot_examples_are_json_dumps(obj: dict[str, object]) -> None:
    rec, _draft = plain_parse(obj, TEXTS, FACTS)
    assert interchange._snapshot_json(rec) == json.dumps(interchange._snapshot(rec))


# -- the typed path: a question as export writes it, decoded by msgspec --------------------------

def read_line(text: str, texts: dict[str, str], facts: set[str]) -> tuple[Record, Draft]:
    """What the importer makes of a question standing alone on its line: typed when msgspec
    decodes it, else decoded by the standard library."""
    typed = typed_question.decode(text)
    if typed is None:
        return interchange._parse(json.loads(text), texts, facts)
    return interchange._parse_typed(typed, texts, facts)


@settings(max_examples=2000, deadline=None, database=None)
@given(questions(), st.booleans())
def test_the_typed_path_is_the_plain_implementation(obj: object, ascii_only: bool) -> None:
    try:
        text = json.dumps(obj, ensure_ascii=ascii_only)
        text.encode("utf-8")  # (a file holds no lone surrogate, only its escape)
    except (TypeError, UnicodeEncodeError):
        return  # no JSON text (an Invalid, a lone surrogate written raw)
    assert outcome(read_line, text) == outcome(plain_parse, json.loads(text))


@pytest.mark.parametrize("text", [
    json.dumps(GOOD), json.dumps(GOOD, ensure_ascii=False, indent=1),
    '{"type": "boolean", "type": 5}', '{"id": "a", "id": null}', json.dumps(GOOD)[:-1] + ', "x": 1}',
    json.dumps(_with(sources=[{"article": "art", "quote": "Golden", "start": 1e2}])),
    json.dumps(_with(sources=[{"article": "art", "quote": "Golden", "start": 2 ** 70}])),
    json.dumps(_with(sources=[{"article": "art", "quote": "Golden", "start": True}])),
    json.dumps(_with(question="Which \\ud800 song?")), json.dumps(_with(id="x" * (MAX_ID + 1))),
    json.dumps(_with(origin="copied")), json.dumps(_with(explanation=float("inf"))),
    json.dumps(_with(sources=[{"article": "art", "quote": "Golden"}] * (MAX_SOURCES + 1))),
])
def test_typed_path_examples_are_the_plain_implementation(text: str) -> None:
    assert outcome(read_line, text) == outcome(plain_parse, json.loads(text))


def test_a_question_as_export_writes_it_takes_the_typed_path() -> None:
    assert type(typed_question.decode(json.dumps(GOOD, ensure_ascii=False))) is \
        typed_question.Question
