"""The shipped content: articles (verbatim text + metadata) and the facts curated from them."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from quiz.core.errors import QuizError

KINDS = frozenset({
    "number", "year", "person", "group", "song", "film", "chart", "organisation", "place",
    "phrase", "platform", "character", "ordinal",
})
NUMERIC_KINDS = frozenset({"number", "year", "ordinal"})
DIFFICULTIES = ("easy", "medium", "hard")
CATEGORIES = (
    "Music & Charts", "Streaming & Box Office", "Story & Characters", "Behind the Scenes",
    "Sequel", "Fans & Culture",
)


@dataclass(frozen=True)
class ArticleText:
    """An article as shipped: its id, metadata and body, byte-for-byte the source text."""

    id: str
    title: str
    publication: str
    author: str
    url: str
    text: str
    title_is_descriptive: bool = False


@dataclass(frozen=True)
class Quote:
    """A verbatim passage of an article, with its character offsets."""

    article: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Fact:
    """One claim of an article that a player can be asked about."""

    id: str
    article: str
    quote: Quote
    answer: str
    kind: str
    category: str
    difficulty: str
    question: str
    statement: str
    explanation: str
    distractors: tuple[str, ...]
    accept: tuple[str, ...] = ()
    number: float | None = None
    cloze: bool = True
    also: tuple[Quote, ...] = ()
    disagreement: str = ""
    quotes: tuple[Quote, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "quotes", (self.quote, *self.also))


def load_article(path: Path) -> ArticleText:
    """Read `+++`-delimited TOML front matter and the verbatim body after it."""
    raw = path.read_bytes().decode("utf-8")
    if not raw.startswith("+++\n"):
        raise QuizError(f"{path}: missing +++ front matter")
    end = raw.find("\n+++\n", 4)
    if end < 0:
        raise QuizError(f"{path}: front matter is not closed by +++")
    try:
        meta = tomllib.loads(raw[4 : end + 1])
    except tomllib.TOMLDecodeError as exc:
        raise QuizError(f"{path}: front matter: {exc}") from None
    body = raw[end + 5 :]
    return ArticleText(
        id=meta["id"], title=meta["title"], publication=meta.get("publication", ""),
        author=meta.get("author", ""), url=meta.get("url", ""), text=body,
        title_is_descriptive=bool(meta.get("title_is_descriptive", False)),
    )


def load_articles(folder: Path) -> dict[str, ArticleText]:
    """All articles in `folder`, by id."""
    articles = [load_article(p) for p in sorted(folder.glob("*.md"))]
    return {a.id: a for a in articles}


def locate(articles: dict[str, ArticleText], article_id: str, text: str, where: str) -> Quote:
    """The quote's offsets in its article; a QuizError if it is not found verbatim."""
    article = articles.get(article_id)
    if article is None:
        raise QuizError(f"{where}: unknown article {article_id!r}")
    start = article.text.find(text)
    if not text or start < 0:
        raise QuizError(f"{where}: quote not found verbatim in article {article_id!r}")
    return Quote(article_id, text, start, start + len(text))


def _fact(raw: dict[str, object], articles: dict[str, ArticleText]) -> Fact:
    fid = str(raw.get("id", "?"))
    where = f"facts: {fid}"
    article = str(raw["article"])
    kind, category, difficulty = str(raw["kind"]), str(raw["category"]), str(raw["difficulty"])
    if kind not in KINDS:
        raise QuizError(f"{where}: unknown kind {kind!r}")
    if category not in CATEGORIES:
        raise QuizError(f"{where}: unknown category {category!r}")
    if difficulty not in DIFFICULTIES:
        raise QuizError(f"{where}: unknown difficulty {difficulty!r}")
    also_raw = raw.get("also", [])
    assert isinstance(also_raw, list)
    also = tuple(
        locate(articles, str(a["article"]), str(a["quote"]), f"{where} (also)") for a in also_raw
    )
    number = raw.get("number")
    distractors = raw.get("distractors", [])
    accept = raw.get("accept", [])
    assert isinstance(distractors, list) and isinstance(accept, list)
    return Fact(
        id=fid, article=article, quote=locate(articles, article, str(raw["quote"]), where),
        answer=str(raw["answer"]), kind=kind, category=category, difficulty=difficulty,
        question=str(raw["question"]), statement=str(raw["statement"]),
        explanation=str(raw["explanation"]), distractors=tuple(str(d) for d in distractors),
        accept=tuple(str(a) for a in accept),
        number=float(number) if isinstance(number, (int, float)) else None,
        cloze=bool(raw.get("cloze", True)), also=also,
        disagreement=str(raw.get("disagreement", "")),
    )


def load_facts(path: Path, articles: dict[str, ArticleText]) -> list[Fact]:
    """Every fact in `facts.toml`, each quote checked verbatim against its article."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise QuizError(f"{path}: {exc}") from None
    facts = []
    for raw in data.get("fact", []):
        try:
            facts.append(_fact(raw, articles))
        except KeyError as exc:
            raise QuizError(f"facts: {raw.get('id', '?')}: missing field {exc}") from None
    ids = [f.id for f in facts]
    if len(ids) != len(set(ids)):
        raise QuizError("facts: duplicate fact ids")
    return facts


@dataclass(frozen=True)
class Corpus:
    """Articles and facts together, as loaded from a `questions/` folder."""

    articles: dict[str, ArticleText]
    facts: list[Fact]


def load_corpus(folder: Path) -> Corpus:
    """Load `folder/articles/*.md` and `folder/facts.toml`."""
    articles = load_articles(folder / "articles")
    return Corpus(articles, load_facts(folder / "facts.toml", articles))
