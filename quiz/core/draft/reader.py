"""Reading an article someone brings: bytes -> text (plain, Markdown or HTML) + metadata.

The text returned is what gets stored and what every citation points into. Metadata comes from
the page (HTML meta tags, a byline, Markdown front matter) when present, else from the user,
else stays empty: never invented.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from typing import Any

from quiz.core.errors import QuizError

MAX_INPUT_BYTES = 10 * 1024 * 1024  # a saved web page with inline scripts; more is not an article
# UTF-16 only with its byte-order mark; Windows' Western code page before Latin-9, which reads
# any byte and so comes last.
_ENCODINGS = ("utf-8", "cp1252", "iso-8859-15")
_MIN_WORDS = 40  # fewer words than this is a caption or a menu, not an article
_HTML_HINT = re.compile(rb"<(?:!doctype\s+html|html|head|body|article|p|div)[\s>]", re.I)
_ENGLISH = frozenset([
    "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by",
    "from", "as", "is", "are", "was", "were", "be", "been", "has", "have", "had", "it", "its",
    "this", "that", "these", "those", "he", "she", "they", "we", "you", "i", "his", "her",
    "their", "our", "not", "no", "which", "who", "what", "when", "where", "will", "would",
    "can", "could", "said", "after", "before", "than", "more", "about", "also"
])


@dataclass(frozen=True)
class Meta:
    """What the page or the user says about an article; empty strings where nobody says."""

    title: str = ""
    publication: str = ""
    author: str = ""
    url: str = ""
    date: str = ""


@dataclass(frozen=True)
class Source:
    """An article's text, ready to draft from, with its metadata and how it was read."""

    text: str
    meta: Meta
    kind: str  # "text", "markdown" or "html"
    encoding: str  # the encoding its bytes were decoded with


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of `data` and the encoding used; QuizError for binary or undecodable bytes."""
    if not data.strip():
        raise QuizError(f"{name}: the file is empty")
    if len(data) > MAX_INPUT_BYTES:
        raise QuizError(f"{name}: the file is {len(data):,} bytes; at most "
                        f"{MAX_INPUT_BYTES:,} can be drafted from")
    bom16 = data[:2] in (b"\xff\xfe", b"\xfe\xff")
    if not bom16 and (b"\0" in data[:4096] or _control_share(data[:4096]) > 0.05):
        raise QuizError(f"{name}: this is a binary file, not text")
    for enc in (("utf-16",) if bom16 else ()) + _ENCODINGS:
        try:
            text = data.decode("utf-8-sig" if enc == "utf-8" else enc)
        except UnicodeDecodeError:
            continue
        if enc != "utf-8" and _control_share(text[:4096].encode("utf-8", "replace")) > 0.01:
            continue
        return text.replace("\r\n", "\n").replace("\r", "\n"), enc
    raise QuizError(f"{name}: the text is not in UTF-8 or any encoding tried "
                    f"({', '.join(_ENCODINGS[1:])})")


def _control_share(data: bytes) -> float:
    bad = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    return bad / max(len(data), 1)


def read(data: bytes, name: str, given: Meta | None = None, kind: str | None = None) -> Source:
    """The article in `data`; `given` fills the metadata the page does not state itself.

    What the page says wins over `given` only where `given` is empty: a user who types a title
    means it.
    """
    text, encoding = decode(data, name)
    if text.lstrip()[:1] in "{[" and text.rstrip()[-1:] in "}]":
        raise QuizError(f"{name}: this is a JSON file, not an article (a bank file is added "
                        f"with quiz import)")
    if kind is None:
        lower = name.lower()
        if lower.endswith((".html", ".htm", ".xhtml")) or _HTML_HINT.search(data[:2048]):
            kind = "html"
        elif lower.endswith((".md", ".markdown")) or text.startswith(("+++\n", "---\n")):
            kind = "markdown"
        else:
            kind = "text"
    if kind == "html":
        body, found = _html(text, name)
    elif kind == "markdown":
        body, found = _markdown(text)
    else:
        body, found = text.strip("\n"), Meta()
    found = _headline(body, found)
    given = given or Meta()
    meta = Meta(**{k: getattr(given, k) or getattr(found, k) for k in Meta.__dataclass_fields__})
    check_body(body, name)
    return Source(body, meta, kind, encoding)


# "By Dana Whitfield", "By Dana Whitfield, Music Desk", "By Dana Whitfield | Reuters".
_BYLINE = re.compile(r"^By ([A-Z][\w’'.-]+(?: [A-Z][\w’'.-]+){1,3})(?:$|\s*[,|•·—–-]\s*\S)", re.M)
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
# A line of its own near the top that is a date ("September 3, 2025", "Published 3 Sept. 2025").
_DATE_LINE = re.compile(rf"^(?:(?:Published|Updated|Posted)(?: on)?:?\s+)?(?:\w+day,?\s+)?"
                        rf"(?P<d>{_MONTH}\.? \d{{1,2}},? \d{{4}}|\d{{1,2}} {_MONTH}\.? \d{{4}}|"
                        rf"\d{{4}}-\d{{2}}-\d{{2}})\b[^.!?]{{0,40}}$", re.M)

# A date in a short line near the top (a dateline "LOS ANGELES, Oct. 15, 2025 —", a byline).
_SHORT_DATE = re.compile(rf"(?P<d>{_MONTH}\.? \d{{1,2}},? \d{{4}}|\d{{1,2}} {_MONTH}\.? \d{{4}})")


def _headline(body: str, found: Meta) -> Meta:
    """A first line with no full stop is the headline; a "By Name" line near the top, the byline.

    Both are read from the page itself, never guessed: a text without them gets neither.
    """
    lines = body.split("\n")
    first = lines[0].strip() if lines else ""
    title, author, date = found.title, found.author, found.date
    if not title and first and len(first.split()) <= 20 and not re.search(r"[.!?]$", first) \
            and len(lines) > 1:
        title = first
    top = "\n".join(lines[:8])
    byline = _BYLINE.search(top)
    publication = found.publication
    if byline:
        author = author or byline.group(1)
        # "By Hana Seo | Soundstage Weekly | Sept. 9, 2025": the outlet and the date too.
        parts = [p.strip() for p in re.split(r"\s[|•·]\s", byline.string[
            byline.start():byline.string.find("\n", byline.start()) % (len(top) + 1)])][1:]
        for part in parts:
            if _SHORT_DATE.fullmatch(part):
                date = date or part
            elif not publication and re.fullmatch(r"[A-Z][\w’'&.-]*(?: [A-Z&][\w’'&.-]*){0,4}",
                                                   part):
                publication = part
    dated = _DATE_LINE.search(top) or next(
        (_SHORT_DATE.search(line) for line in lines[:8]
         if len(line.split()) <= 12 and _SHORT_DATE.search(line)), None)
    if not date and dated:
        date = dated.group("d")
    return replace(found, title=title, author=author, date=date, publication=publication)


def check_body(body: str, name: str) -> None:
    """QuizError if `body` holds no article or is not English (the only language drafted)."""
    words = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", body)
    if len(words) < _MIN_WORDS or not re.search(r"\w{2,}[.!?][\"”’)]?(?:\s|$)", body):
        raise QuizError(f"{name}: no article text found (fewer than {_MIN_WORDS} words of "
                        f"running text)")
    english = sum(1 for w in words if w.lower() in _ENGLISH)
    if english / len(words) < 0.12:
        raise QuizError(f"{name}: the text does not look like English, the only language "
                        f"questions can be drafted from")


def _html(page: str, name: str) -> tuple[str, Meta]:
    import trafilatura  # lazy: lxml and friends cost ~0.2 s to import

    doc = trafilatura.bare_extraction(
        page, include_comments=False, include_tables=False, include_images=False,
        favor_precision=True, with_metadata=True,
        # Only a date the page states in its metadata; no guessing from text or the URL.
        date_extraction_params={"extensive_search": False, "original_date": True})
    got: dict[str, Any] = {} if doc is None else doc if isinstance(doc, dict) else doc.as_dict()
    body = str(got.get("text") or "")
    if not body.strip():
        raise QuizError(f"{name}: no article text found in this HTML page")
    text = "\n".join(line.strip() for line in body.split("\n") if line.strip())
    title = str(got.get("title") or "")
    if text.startswith(title + "\n"):  # the headline, kept out of the body the quiz quotes
        text = text[len(title) + 1:]
    return text, Meta(title=title, **{k: str(got.get(field) or "") for k, field in (
        ("publication", "sitename"), ("author", "author"), ("url", "url"), ("date", "date"))})


_FRONT = re.compile(r"\A(\+\+\+|---)\n(.*?)\n\1\n", re.S)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_HEADING = re.compile(r"^#{1,6}\s+", re.M)
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$", re.M)


def _markdown(text: str) -> tuple[str, Meta]:
    """Markdown as the plain text a reader sees (links, emphasis and heading marks gone)."""
    meta = Meta()
    front = _FRONT.match(text)
    if front:
        meta = _front_matter(front.group(1), front.group(2))
        text = text[front.end():]
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = _HEADING.sub("", text)
    text = _RULE.sub("", text)
    return text.strip("\n"), meta


def _front_matter(fence: str, raw: str) -> Meta:
    values: dict[str, object] = {}
    if fence == "+++":
        try:
            values = tomllib.loads(raw)
        except tomllib.TOMLDecodeError:
            values = {}
    else:  # YAML: only the flat `key: value` lines metadata uses
        for line in raw.splitlines():
            key, sep, value = line.partition(":")
            if sep:
                values[key.strip()] = value.strip().strip("\"'")
    fields = {k: str(values.get(k, "")) for k in ("title", "publication", "author", "url", "date")}
    if values.get("title_is_descriptive"):
        fields["title"] = ""  # a title somebody made up is not the article's
    return Meta(**fields)


def with_meta(source: Source, **changes: str) -> Source:
    """`source` with some metadata replaced."""
    return replace(source, meta=replace(source.meta, **changes))
