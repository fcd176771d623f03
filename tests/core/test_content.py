"""The shipped content: articles byte-for-byte, every fact's quote verbatim."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

import pytest

from quiz.core.content import CATEGORIES, DIFFICULTIES, KINDS, load_article, load_corpus
from quiz.core.errors import QuizError
from quiz.core.paths import questions_dir

SHARED = Path(__file__).resolve().parents[3] / "shared" / "articles"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(questions_dir())


def _front_matter(path: Path) -> dict[str, object]:
    raw = path.read_text(encoding="utf-8")
    return tomllib.loads(raw[4 : raw.index("\n+++\n", 4) + 1])


def test_two_articles_with_honest_metadata(corpus) -> None:
    arts = corpus.articles
    assert set(arts) == {"cluster-netflix-hit", "sequel-talks-aria-charts"}
    assert arts["cluster-netflix-hit"].publication == "The Cluster"
    assert arts["cluster-netflix-hit"].author == "Griffin Xu"
    # The second article names neither; nothing is invented.
    assert arts["sequel-talks-aria-charts"].publication == ""
    assert arts["sequel-talks-aria-charts"].author == ""
    assert all(a.title_is_descriptive for a in arts.values())
    assert all(a.url == "" for a in arts.values())


def test_article_bodies_are_the_source_bytes(corpus) -> None:
    for path in sorted((questions_dir() / "articles").glob("*.md")):
        meta = _front_matter(path)
        body = corpus.articles[str(meta["id"])].text.encode("utf-8")
        assert hashlib.sha256(body).hexdigest() == meta["body_sha256"], path.name
        source = SHARED / str(meta["source_file"])
        if source.exists():  # beside a checkout, compare with the shared originals too
            assert body == source.read_bytes(), path.name


def test_every_quote_is_verbatim(corpus) -> None:
    assert len(corpus.facts) >= 55
    for fact in corpus.facts:
        for quote in fact.quotes:
            text = corpus.articles[quote.article].text
            assert text[quote.start : quote.end] == quote.text, fact.id


def test_facts_use_known_vocabulary(corpus) -> None:
    for fact in corpus.facts:
        assert fact.kind in KINDS and fact.category in CATEGORIES
        assert fact.difficulty in DIFFICULTIES
    assert {f.category for f in corpus.facts} == set(CATEGORIES)
    assert len({f.id for f in corpus.facts}) == len(corpus.facts)


def test_disagreements_cite_both_articles(corpus) -> None:
    disputed = [f for f in corpus.facts if f.disagreement]
    assert len(disputed) >= 2
    for fact in disputed:
        assert {q.article for q in fact.quotes} == set(corpus.articles), fact.id


def test_a_quote_not_in_its_article_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    article = questions_dir() / "articles" / "cluster-netflix-hit.md"
    (tmp_path / "articles" / article.name).write_bytes(article.read_bytes())
    (tmp_path / "facts.toml").write_text(
        '[[fact]]\nid = "x"\narticle = "cluster-netflix-hit"\nquote = "Not in the text."\n'
        'answer = "a"\nkind = "phrase"\ncategory = "Sequel"\ndifficulty = "easy"\n'
        'question = "q?"\nstatement = "a"\nexplanation = "e"\ndistractors = ["b"]\n')
    with pytest.raises(QuizError, match="x: quote not found verbatim"):
        load_corpus(tmp_path)


def test_article_without_front_matter_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("no front matter")
    with pytest.raises(QuizError, match="missing \\+\\+\\+ front matter"):
        load_article(bad)
