"""GIFT as Moodle's importer reads it (question/format/gift/format.php, `readquestion`), for the
question types we write. No maintained GIFT parser is on PyPI (pygiftparser was last released
in 2017), so this follows Moodle's own steps: placeholders for escapes, the name, the first `{`
and `}`, the general feedback after the last `####`, the type from the answer text, the
`[format]` marker, and the placeholders turned back into characters."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ESCAPES = {"\\:": "&&058;", "\\#": "&&035;", "\\=": "&&061;", "\\{": "&&123;", "\\}": "&&125;",
            "\\~": "&&126;", "\\n": "&&010"}
_BACK = {":": "&&058;", "#": "&&035;", "=": "&&061;", "{": "&&123;", "}": "&&125;",
         "~": "&&126;", "\n": "&&010"}
_FORMATS = ("moodle", "html", "plain", "markdown")
_WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")


def pre(text: str) -> str:
    text = text.replace("\\\\", "&&092;")
    for escaped, placeholder in _ESCAPES.items():
        text = text.replace(escaped, placeholder)
    return text.replace("&&092;", "\\")


def post(text: str) -> str:
    for char, placeholder in _BACK.items():
        text = text.replace(placeholder, char)
    return text


def with_format(text: str, default: str = "moodle") -> tuple[str, str]:
    fmt = default
    if text.startswith("["):
        end = text.find("]")
        if text[1:end] in _FORMATS:
            fmt, text = text[1:end], text[end + 1:]
    return post(text).strip(), fmt


@dataclass
class Question:
    qtype: str
    name: str
    text: str
    format: str
    general_feedback: str
    answers: list[tuple[str, float]] = field(default_factory=list)  # (text, fraction)


def blocks(gift: str) -> list[str]:
    """The file cut into question blocks (blank lines between), comment lines dropped."""
    out, current = [], []
    for line in gift.split("\n"):
        if not line.strip():
            if current:
                out.append("\n".join(current))
            current = []
        elif not line.strip().startswith("//"):
            current.append(line.strip())
    if current:
        out.append("\n".join(current))
    return out


def parse(block: str) -> Question:
    text = pre(block.strip())
    if text.startswith("$CATEGORY:"):
        return Question("category", "", post(text[10:].strip()), "", "")
    name = ""
    if text.startswith("::"):
        text = text[2:]
        end = text.index("::")
        name, text = post(text[:end]), text[end + 2:].strip()
    start, finish = text.index("{"), text.index("}")
    answer_text = text[start + 1:finish].strip()
    if text.endswith("}"):
        question_text = text[:start] + text[finish + 1:]
    else:
        question_text = text[:start] + "_____" + text[finish + 1:]
    general = ""
    if "####" in answer_text:
        cut = answer_text.rindex("####")
        general, answer_text = answer_text[cut + 4:], answer_text[:cut].strip()
    qtext, fmt = with_format(question_text.strip())
    feedback, _ = with_format(general.strip(), fmt)
    if answer_text.startswith("#"):
        value = answer_text[1:].split(":")[0]
        return Question("numerical", name, qtext, fmt, feedback, [(post(value), 1.0)])
    if "~" in answer_text:
        answers = []
        for raw in answer_text.replace("=", "~=").split("~"):
            raw = raw.strip()
            if not raw:
                continue
            weight = 0.0
            if raw.startswith("="):
                weight, raw = 1.0, raw[1:]
            elif m := _WEIGHT.match(raw):
                weight, raw = float(m.group()[1:-1]) / 100, raw[m.end():]
            answers.append((with_format(raw.split("#", 1)[0].strip(), fmt)[0], weight))
        return Question("multichoice", name, qtext, fmt, feedback, answers)
    if answer_text.split("#", 1)[0].strip() in ("T", "TRUE", "F", "FALSE"):
        right = answer_text.split("#", 1)[0].strip() in ("T", "TRUE")
        return Question("truefalse", name, qtext, fmt, feedback, [("true", float(right))])
    answers = []
    for raw in answer_text.split("="):
        raw = raw.strip()
        if not raw:
            continue
        weight = 1.0
        if m := _WEIGHT.match(raw):
            weight, raw = float(m.group()[1:-1]) / 100, raw[m.end():]
        answers.append((with_format(raw.split("#", 1)[0].strip(), fmt)[0], weight))
    return Question("shortanswer", name, qtext, fmt, feedback, answers)
