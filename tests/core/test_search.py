"""Searching, filtering, sorting and paging the bank for the editor — up to 100,000 questions."""

from __future__ import annotations

import json
import random
import re
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text as sql_text

from quiz.core import editing, search
from quiz.core.search import Filter, Sort

WORDS = ["golden", "soda", "pop", "saja", "boys", "huntrix", "rumi", "mira", "zoey", "demon",
         "hunters", "netflix", "sony", "billboard", "chart", "aria", "sequel", "song", "album",
         "record", "stream", "film"]


def build_bank(path: Path, n: int, seed: int = 1) -> None:
    """Add `n` user questions to the database at `path` with executemany, then index them.

    Question i quotes, verbatim, the sentence of a generated article holding the word `zq<i>x`,
    found nowhere else; a thousand sentences to an article.
    """
    from quiz.core.db import Database

    rnd = random.Random(seed)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA temp_store=MEMORY")  # the triggers' statement journals
    articles, questions, sources = [], [], []
    for block in range(0, n, 1000):
        article = f"bulk-article-{block // 1000:03d}"
        text = ""
        for i in range(block, min(block + 1000, n)):
            words = " ".join(rnd.choice(WORDS) for _ in range(5))
            qid = f"bulk-{i:06d}"
            quote = f"Sentence {i} is about {words} and zq{i}x."
            sources.append((qid, 0, article, quote, len(text), len(text) + len(quote)))
            text += quote + " "
            questions.append((qid, rnd.choice(["multiple", "text"]),
                              rnd.choice(["Music & Charts", "Sequel", "Fans & Culture"]),
                              rnd.choice(["easy", "medium", "hard"]), f"Which {words} {i}?",
                              f"answer {i}", json.dumps([f"wrong {i}"]), "[]", "", "user",
                              "2025-01-01 00:00:00"))
        articles.append((article, f"Bulk article {block // 1000}", text))
    con.execute("BEGIN")
    con.executemany("INSERT INTO article (id, title, publication, author, url, "
                    "title_is_descriptive, text) VALUES (?, ?, '', '', '', 0, ?)", articles)
    con.executemany("INSERT INTO question (id, type, category, difficulty, question, "
                    "correct_answer, incorrect_answers, accepted_answers, explanation, origin, "
                    "updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", questions)
    con.executemany("INSERT INTO source (question_id, position, article_id, quote, start, end)"
                    " VALUES (?,?,?,?,?,?)", sources)
    con.execute("COMMIT")
    con.close()
    db = Database(f"sqlite:///{path}")
    search.sync_index(db)
    db.dispose()


def big_bank_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded database plus 100,000 questions, built once per test run."""
    from quiz.core.db import open_database

    folder = tmp_path_factory.getbasetemp() / "big-bank"
    path = folder / "quiz.sqlite3"
    if not (folder / "done").exists():
        folder.mkdir(exist_ok=True)
        open_database(f"sqlite:///{path}").dispose()
        build_bank(path, 100_000)
        (folder / "done").touch()
    return path


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from quiz.core.db import open_database

    db = open_database(f"sqlite:///{big_bank_template(tmp_path_factory)}")
    yield db
    db.dispose()


def ids(rows: list[search.Row]) -> list[str]:
    return [r.id for r in rows]


# -- text search ------------------------------------------------------------------------------


def test_finds_a_question_by_a_word_of_its_quote_in_100000(big) -> None:
    assert search.count(big, Filter()) >= 100_000
    for i in (0, 54_321, 99_999):
        assert ids(search.page(big, Filter(f"zq{i}x"))) == [f"bulk-{i:06d}"]
    assert search.count(big, Filter("zq54321x")) == 1


def test_filters_and_words_combine_on_100000(big) -> None:
    rows = search.page(big, Filter("saja golden", category="Sequel", difficulty="hard",
                                   type="text"), limit=50)
    assert rows
    for r in rows:
        assert (r.category, r.difficulty, r.type) == ("Sequel", "hard", "text")
        assert "saja" in r.question.lower() or "saja" in r.answer.lower() or True
    full = editing.load(big, ids(rows))
    for r in full.values():
        text = " ".join([r.question, *r.incorrect_answers, r.correct_answer,
                         *(s.quote for s in r.sources)]).lower()
        assert "saja" in text and "golden" in text


def test_paging_through_100000_never_repeats_or_skips(big) -> None:
    f, sort = Filter(category="Sequel"), Sort("question", descending=True)
    total = search.count(big, f)
    seen: list[str] = []
    after = None
    while True:
        rows = search.page(big, f, sort, after, limit=5000)
        if not rows:
            break
        seen += ids(rows)
        after = rows[-1]
    assert len(seen) == len(set(seen)) == total


def test_search_matches_stem_answers_and_quotes(db) -> None:
    def found(text: str) -> set[str]:
        return set(ids(search.page(db, Filter(text), limit=10_000)))

    by_stem = found("streaming service")
    assert "netflix-new-hit-movie/multiple" in by_stem
    assert "netflix-new-hit-movie/multiple" in found("prime video")  # a wrong answer
    assert "netflix-new-hit-movie/multiple" in found("screens everywhere")  # the quote
    assert found("STREAMING Service") == by_stem  # case does not matter


def test_typographic_quotes_match_straight_ones(db) -> None:
    # The article writes "didn’t" with a curly apostrophe.
    assert found_ids(db, "didn't expect") == found_ids(db, "didn’t expect") != set()


def found_ids(db, text: str) -> set[str]:
    return set(ids(search.page(db, Filter(text), limit=10_000)))


def test_every_word_must_match_somewhere(db) -> None:
    both = found_ids(db, "sony breakout")
    assert both and both <= found_ids(db, "sony") & found_ids(db, "breakout")
    assert found_ids(db, "sony zzzqqq") == set()


def test_short_words_and_wildcard_characters_are_literal(db) -> None:
    assert found_ids(db, "No.") >= set()  # two letters and a dot: scanned, not an error
    assert found_ids(db, "%") == set() and found_ids(db, "a%b") == set()
    blanked = set(ids(search.page(db, Filter(type="cloze"), limit=10_000))) | set(
        ids(search.page(db, Filter(type="numeric"), limit=10_000)))
    assert found_ids(db, "_") == found_ids(db, "_____") == blanked  # the blank in their stems
    old = editing.load(db, ["netflix-new-hit-movie/multiple"])["netflix-new-hit-movie/multiple"]
    from dataclasses import replace

    editing.save(db, old.id, replace(old.draft(), explanation="Up 100% in_a week."),
                 old.sources)
    assert found_ids(db, "100%") == set()  # explanations are not searched
    editing.save(db, old.id, replace(old.draft(), incorrect_answers=["Hulu", "Max", "50%_off"]),
                 old.sources)
    assert found_ids(db, "50%_off") == {old.id}
    assert found_ids(db, "50%x") == set() and found_ids(db, "50_") == set()


def test_search_agrees_with_a_plain_scan(tmp_path: Path) -> None:
    from quiz.core.db import open_database

    path = tmp_path / "small.sqlite3"
    open_database(f"sqlite:///{path}", seed=False).dispose()
    build_bank(path, 3000, seed=7)
    db = open_database(f"sqlite:///{path}")
    everything = editing.load(db, [f"bulk-{i:06d}" for i in range(3000)])
    rnd = random.Random(3)
    for _ in range(25):
        words = rnd.sample(WORDS, rnd.choice([1, 2]))
        query = " ".join(w[: rnd.choice([2, 3, 5, 9])] for w in words)
        expected = {
            r.id for r in everything.values()
            if all(w in "\n".join([r.question, r.correct_answer, *r.incorrect_answers,
                                   *(s.quote for s in r.sources)]).lower()
                   for w in query.split())
        }
        assert found_ids(db, query) == expected, query
    db.dispose()


def test_search_agrees_with_a_plain_scan_where_questions_share_quotes(db) -> None:
    """The shipped bank: each quote stands behind several questions, so words found in quotes
    are looked up from the quotes' side, and words found in none from the index's."""
    every_id = [r.id for r in search.page(db, Filter(), limit=10_000)]
    everything = editing.load(db, every_id)
    texts = {r.id: "\n".join([r.question, r.correct_answer, *r.incorrect_answers,
                              *r.accepted_answers, *(s.quote for s in r.sources)]).lower()
             for r in everything.values()}
    assert len({s.quote for r in everything.values() for s in r.sources}) < len(everything)
    rnd = random.Random(11)
    vocabulary = sorted({w.strip(".,“”’‘\"'()") for t in texts.values() for w in t.split()}
                        - {""})
    queries = ["lineage", "lineage streaming", "kpop golden", "golden zzzqqq", "the mira",
               "demon hunters netflix"]
    queries += [" ".join(w[: rnd.choice([3, 4, 6, 20])] for w in rnd.sample(vocabulary, k))
                for k in (1, 2, 3) for _ in range(12)]
    for query in queries:
        expected = {qid for qid, t in texts.items()
                    if all(search.fold(w).lower() in search.fold(t) for w in query.split())}
        assert found_ids(db, query) == expected, query


def test_a_changed_quote_is_found_at_once(db) -> None:
    old = editing.load(db, ["netflix-new-hit-movie/multiple"])["netflix-new-hit-movie/multiple"]
    assert found_ids(db, "screens everywhere") >= {old.id}
    article = old.sources[0].article
    from quiz.core import models

    with db.engine.begin() as conn:  # another program rewrites the quote by hand
        article_text = conn.execute(sql_text("SELECT text FROM article WHERE id = :a"),
                                    {"a": article}).scalar_one()
        sentence = next(s for s in article_text.split(". ") if "Saja" in s)
        conn.execute(sql_text("UPDATE source SET quote = :s WHERE question_id = :q"),
                     {"s": sentence, "q": old.id})
        if db.backend.name == "sqlite":  # nothing to re-index: quotes are looked up where
            assert conn.exec_driver_sql(  # they are
                f"SELECT count(*) FROM {models.SEARCH_PENDING}").scalar() == 0
    assert old.id not in found_ids(db, "screens everywhere")
    assert old.id in found_ids(db, "saja")


# -- filters, sorting, paging -----------------------------------------------------------------


def test_filters(db) -> None:
    edited = editing.bulk_change(db, ["netflix-new-hit-movie/multiple"], difficulty="hard")
    assert edited.after
    assert ids(search.page(db, Filter(origin="edited"))) == ["netflix-new-hit-movie/multiple"]
    for row in search.page(db, Filter(type="boolean", difficulty="easy"), limit=1000):
        assert (row.type, row.difficulty) == ("boolean", "easy")
    cluster = found = set(ids(search.page(db, Filter(article="cluster-netflix-hit"),
                                          limit=1000)))
    assert found and "netflix-new-hit-movie/multiple" in cluster
    assert search.count(db, Filter(article=search.NO_SOURCE)) == 0
    (qid, _), = editing.add(db, editing.Record(
        id="", type="text", category="Mine", difficulty="easy", question="Who sings Golden?",
        correct_answer="Huntr/x").draft()).after
    assert ids(search.page(db, Filter(article=search.NO_SOURCE))) == [qid]
    assert "Mine" in search.facets(db).categories
    assert [a for a, _ in search.facets(db).articles] == ["cluster-netflix-hit",
                                                          "sequel-talks-aria-charts"]


@pytest.mark.parametrize("column", search.COLUMNS)
@pytest.mark.parametrize("descending", [False, True])
def test_keyset_pages_equal_one_big_page(db, column: str, descending: bool) -> None:
    _answer_some(db)
    sort = Sort(column, descending)
    whole = search.page(db, Filter(), sort, limit=100_000)
    paged: list[search.Row] = []
    after = None
    while rows := search.page(db, Filter(), sort, after, limit=17):
        paged += rows
        after = rows[-1]
    assert ids(paged) == ids(whole) and len(whole) == search.count(db, Filter())
    values = [_value(r, column) for r in whole]
    assert values == sorted(values, reverse=descending)


def _value(row: search.Row, column: str) -> object:
    if column == "question":
        return row.question.lower()
    if column == "answer":
        return row.answer.lower()
    if column == "source":
        return row.source.split(" (+")[0]
    if column == "correct":
        return -1.0 if row.correct is None else row.correct
    return getattr(row, column)


def _answer_some(db) -> None:
    from quiz.core import models

    with db.session() as s:
        player = models.Player(name="Mira", key="mira")
        s.add(player)
        s.flush()
        game = models.Game(player_id=player.id, mode="practice")
        s.add(game)
        s.flush()
        for i, (qid, right) in enumerate([("netflix-new-hit-movie/multiple", True),
                                          ("netflix-new-hit-movie/multiple", False),
                                          ("netflix-new-hit-movie/boolean", True)]):
            s.add(models.Answer(game_id=game.id, question_id=qid, position=i, given="x",
                                correct=right))


def test_rows_show_times_played_and_share_right(db) -> None:
    _answer_some(db)
    rows = search.rows(db, ["netflix-new-hit-movie/multiple", "netflix-new-hit-movie/boolean",
                            "netflix-new-hit-movie/cloze"])
    assert (rows["netflix-new-hit-movie/multiple"].played,
            rows["netflix-new-hit-movie/multiple"].correct) == (2, 0.5)
    assert rows["netflix-new-hit-movie/boolean"].correct == 1.0
    assert (rows["netflix-new-hit-movie/cloze"].played,
            rows["netflix-new-hit-movie/cloze"].correct) == (0, None)
    assert rows["netflix-new-hit-movie/multiple"].source.endswith("(+1)")  # two sources


def test_index_is_built_for_an_existing_database(tmp_path: Path) -> None:
    """A database made before the index existed gets it, filled, when next opened."""
    from quiz.core.db import open_database

    path = tmp_path / "old.sqlite3"
    open_database(f"sqlite:///{path}").dispose()
    con = sqlite3.connect(path)
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE name LIKE "
                               "'question_search%' AND type = 'table'").fetchall():
        con.execute(f"DROP TABLE IF EXISTS {name}")
    con.commit()
    con.close()
    db = open_database(f"sqlite:///{path}")
    assert found_ids(db, "screens everywhere")
    db.dispose()


# -- common words: pages read in order and tested row by row ----------------------------------


def _pages(db, f: Filter, sort: Sort, size: int) -> list[str]:
    out: list[str] = []
    after = None
    while rows := search.page(db, f, sort, after, limit=size):
        out += ids(rows)
        after = rows[-1]
        assert len(out) <= 10_000, "the pages do not end"
    return out


WALK_QUERIES = ["golden", "the", "demon hunters", "lineage streaming", "kpop golden",
                "golden zzzqqq", "hunt", "a", "no.", "e h", "sing zq5x", "e_t", "_____ the",
                "what’s", "demon zq5x"]
WALK_FILTERS = [Filter(), Filter(category="Sequel"), Filter(difficulty="easy", type="multiple"),
                Filter(article="cluster-netflix-hit"), Filter(origin="generated")]


@pytest.mark.parametrize("sort", [Sort(), Sort(None, True), Sort("category"),
                                  Sort("difficulty", True), Sort("type"), Sort("origin", True)])
def test_walked_pages_are_the_index_pages(db, monkeypatch, sort: Sort) -> None:
    """A search for common words reads the bank in page order in stretches; whatever it
    stops at, its pages (and capped counts) are the index's, row for row."""
    monkeypatch.setattr(search, "WALK_FIRST", 3)
    monkeypatch.setattr(search, "WALK_MOST", 40)  # some walks give up half way
    monkeypatch.setattr(search, "COUNT_MOST", 40)
    for words in WALK_QUERIES:
        for base in WALK_FILTERS:
            f = replace(base, text=words)
            monkeypatch.setattr(search, "_common", lambda _conn, _words: False)
            expected = _pages(db, f, sort, 7)
            exact = search.count(db, f)
            monkeypatch.setattr(search, "_common", lambda _conn, _words: True)
            assert _pages(db, f, sort, 7) == expected, (words, base)
            assert search.count(db, f) == exact == len(expected)
            for cap in (0, 3, 50):  # None: more than cap
                capped = search.count_upto(db, f, cap)
                assert capped == exact if capped is not None else exact > cap, (words, cap)


def test_a_word_is_common_when_in_a_quote_or_in_enough_stems_and_answers(db) -> None:
    """Both backends judge "common" by one rule: a word of some quote is, a word found only
    in stems and answers is once `threshold` questions hold it, a short word always (fewer
    than three characters but % and _ between them: it has no trigram to look up); every word
    must be."""
    every_id = [r.id for r in search.page(db, Filter(), limit=10_000)]
    everything = editing.load(db, every_id).values()
    quotes = [search.fold(s.quote).lower() for r in everything for s in r.sources]
    bodies = ["\n".join([r.question, r.correct_answer, *r.incorrect_answers,
                         *r.accepted_answers]).lower() for r in everything]
    cases = 0
    with db.engine.connect() as conn:
        index = search._index(conn)
        assert index is not None
        for word in ("golden", "lineage", "the", "which", "true", "false", "huntr", "zzzq",
                     "blank", "___", "a_b", "sequel", "percent", "stream", "of", "x"):
            in_quote = any(word in q for q in quotes)
            in_bodies = sum(word in b for b in bodies)
            for threshold in (1, 3, 40, 10_000):
                short = max(len(run) for run in re.split("[%_]", word)) < 3
                expected = short or in_quote or in_bodies >= threshold
                assert index.common(conn, [word], threshold) == expected, (word, threshold)
                cases += expected != (in_bodies >= threshold)  # the quote decided it
        assert index.common(conn, ["golden", "the"], 1)
        assert not index.common(conn, ["golden", "zzzq"], 1)
    assert cases  # some word was common by its quote alone


def test_common_words_on_100000_match_the_index(big, monkeypatch) -> None:
    """On a big bank the real thresholds apply: "golden" is in a fifth of the questions, and
    "zq54321x" (one quote) and a pair of words found together nowhere are not."""
    from quiz.core.db import Database

    for text in ("golden", "saja golden", "golden zq54321x", "song film zzzq"):
        f = Filter(text)
        walked = search.page(big, f, limit=300)
        counted = search.count_upto(big, f, 1000)
        with monkeypatch.context() as m:
            m.setattr(search, "_common", lambda _conn, _words: False)
            assert ids(walked) == ids(search.page(big, f, limit=300)), text
            exact = search.count(big, f)
        assert counted == exact if counted is not None else exact > 1000
    assert search.count_upto(big, Filter("golden"), 1000) is None
    assert search.count_upto(big, Filter(category="Sequel"), 1000) > 30_000  # no words
    assert search.count(big, Filter("golden")) > 15_000
    with big.engine.connect() as conn:
        assert search._common(conn, ["golden"]) and not search._common(conn, ["zzzq"])
    assert isinstance(big, Database)
