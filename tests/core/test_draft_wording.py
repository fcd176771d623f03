"""How drafts are worded where a sentence alone would mislead a player: datelines, bylines,
claims about the time of writing, interview speakers, references to the sentence before,
adjectives that look like places, and answers a player could find by elimination.

The texts are written here for the purpose (not the shipped articles, not the review texts);
the tests assert properties of whatever the drafter makes of them, never exact stems.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quiz.core.draft import pipeline
from quiz.core.draft.reader import read
from quiz.core.text import normalise

TEXTS = Path(__file__).parent.parent / "data" / "wording"
NEWS = (TEXTS / "choir.txt").read_text(encoding="utf-8")
INTERVIEW = (TEXTS / "interview.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def news() -> pipeline.Draft:
    return pipeline.draft(read(NEWS.encode(), "choir.txt"))


def _answers(d: pipeline.Draft) -> set[str]:
    return {normalise(item.fact.answer) for item in d.questions}


def test_the_byline_gives_author_outlet_and_date_and_the_dateline_is_no_claim(news) -> None:
    source = read(NEWS.encode(), "choir.txt")
    assert (source.meta.author, source.meta.publication, source.meta.date) == (
        "Lena Marsh", "The Coastline Courier", "Sept. 9, 2025")
    assert "brisbane" not in _answers(news)
    for item in news.questions:
        assert not item.question.sources[0].text.startswith("BRISBANE")
        if item.question.type in ("multiple", "boolean", "numeric"):
            assert "According to The Coastline Courier" in item.question.question


def test_a_claim_about_the_time_of_writing_carries_the_articles_date(news) -> None:
    timely = [i for i in news.questions if "this week" in i.question.sources[0].text]
    assert timely, "the sold-out second show is asked about"
    for item in timely:
        if item.question.type != "cloze":
            assert "on Sept. 9, 2025" in item.question.question


def test_without_a_date_a_claim_about_the_time_of_writing_is_not_asked() -> None:
    undated = NEWS.replace(" | Sept. 9, 2025", "")
    d = pipeline.draft(read(undated.encode(), "choir.txt"))
    assert all("this week" not in i.question.sources[0].text for i in d.questions)


def test_the_song_and_their_rivals_are_quoted_with_the_sentence_that_names_them(news) -> None:
    for item in news.questions:
        quote = item.question.sources[0].text
        if re.search(r"\bThe song was performed\b|\bTheir rivals\b", quote):
            assert not re.match(r"The song|Their", quote), quote  # the sentence before leads
            if item.question.type in ("boolean", "numeric"):
                stem = item.question.question
                assert "“Golden,”" in stem or '"Golden,"' in stem or "Huntr/x" in stem, stem


def test_adjectives_are_not_places_and_lists_give_no_count(news) -> None:
    answers = _answers(news)
    assert "korean" not in answers
    assert "three" not in answers  # "Rumi, Mira and Zoey, the three members": counted already
    for item in news.questions:
        if item.question.type == "multiple":
            assert "Korean" not in item.question.incorrect_answers


def test_no_blank_a_player_can_fill_by_elimination(news) -> None:
    for item in news.questions:
        quote = item.question.sources[0].text
        if quote.startswith("EJAE sings for Rumi"):
            assert normalise(item.fact.answer) not in {"rumi", "mira", "zoey"}, item.question


def test_an_interviews_answers_are_cited_to_their_speaker_and_questions_are_skipped() -> None:
    d = pipeline.draft(read(INTERVIEW.encode(), "interview.md"))
    assert d.questions
    for item in d.questions:
        quote = item.question.sources[0].text
        assert not quote.endswith("?")
        assert not re.match(r"(?:Rei Ami|Audrey Nuna|Soundstage Daily):", quote)
        if item.question.type in ("multiple", "boolean", "numeric"):
            speaker = "Rei Ami" if "Culver City" in quote or "40 takes" in quote else "Audrey Nuna"
            assert f"According to {speaker}" in item.question.question, item.question.question


def test_the_same_article_gives_the_same_drafts_in_every_process(tmp_path) -> None:
    """No draft depends on Python's per-process hash order (sets of names, say)."""
    import os
    import subprocess
    import sys

    for name in ("choir.txt", "crew.txt"):
        outs = []
        for seed in ("1", "2", "3"):
            out = tmp_path / f"{name}-{seed}.json"
            subprocess.run([sys.executable, "-m", "quiz", "draft", str(TEXTS / name), "-o",
                            str(out)], check=True, capture_output=True,
                           env={**os.environ, "PYTHONHASHSEED": seed})
            outs.append(out.read_text(encoding="utf-8"))
        assert outs[0] == outs[1] == outs[2], name


TOYS = (TEXTS / "toys.txt").read_text(encoding="utf-8")
OUTLETS = {"Variety", "The Harbour Ledger", "Osaka Herald", "the Osaka Herald"}
STUDIOS = {"Brightline Pictures", "Maple Studios", "Northwind Animation"}


@pytest.fixture(scope="module")
def toys() -> pipeline.Draft:
    return pipeline.draft(read(TOYS.encode(), "toys.txt"), pipeline.shipped_answers())


def test_an_organisations_wrong_answers_are_of_its_sort(toys) -> None:
    """A studio against studios, never against a newspaper; and no name the rest of the
    sentence says ("Analysts at ___ raised their price for Brightline shares")."""
    for item in toys.questions:
        q = item.question
        wrong = set(q.incorrect_answers)
        if item.fact.answer in STUDIOS:
            assert not wrong & OUTLETS, q.question
        if item.fact.answer in OUTLETS:
            assert not wrong & STUDIOS, q.question
        rest = q.sources[0].text.replace(item.fact.answer, "")
        for choice in q.incorrect_answers if q.type == "multiple" else []:
            assert not any(w in rest for w in choice.split() if w[:1].isupper() and len(w) > 2), (
                q.question, choice)


def test_no_answer_is_named_by_the_source_the_question_cites(toys) -> None:
    # Without a publication, a question cites the article's headline, which names Brightline.
    d = pipeline.draft(read(TOYS.replace(" | The Harbour Ledger", "").encode(), "toys.txt"))
    assert d.questions
    for item in d.questions:
        assert normalise(item.fact.answer) != "brightline", item.question.question


def test_an_apposition_is_no_list_and_an_open_list_is_not_asked(toys) -> None:
    answers = _answers(toys)
    assert "renata holm" in answers  # "said Renata Holm, Kestrel Toys' vice president"
    assert not answers & {"ember", "skyward", "glow up"}  # "songs such as A, B and C"


def test_a_name_that_opens_a_sentence_and_acts_is_found(toys) -> None:
    assert "gatehouse" in _answers(toys) or any(
        "Gatehouse" in item.question.sources[0].text for item in toys.questions)


def test_a_persons_wrong_answers_share_their_trade(toys) -> None:
    """A fan against fans, a maker of the film against its makers."""
    makers = {"Ana Voss", "Leo Marsh", "Tomas Reed"}
    public = {"Min-ji Park", "Jae Han", "Dana Ortiz"}
    asked = 0
    for item in toys.questions:
        q = item.question
        if q.type != "multiple":
            continue
        for group, others in ((makers, public), (public, makers)):
            if item.fact.answer in group:
                asked += 1
                assert not set(q.incorrect_answers) & others, q.question
    assert "Min-ji Park" in {i.fact.answer for i in toys.questions}, "a Korean name is no park"


SCHOOL = (TEXTS / "school.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def school() -> pipeline.Draft:
    return pipeline.draft(read(SCHOOL.encode(), "school.txt"), pipeline.shipped_answers())


def test_what_every_fan_knows_is_neither_asked_nor_a_wrong_answer(school) -> None:
    from quiz.core.draft import fair

    world = {normalise(n) for n in fair.FILM_WORLD}
    credits = {normalise(n) for n in fair.FILM_CREDITS}
    assert school.questions
    for item in school.questions:
        assert normalise(item.fact.answer) not in world | credits, item.question.question
        assert not {normalise(w) for w in item.question.incorrect_answers} & world


def test_no_filler_numbers_and_a_part_stays_under_its_whole(school) -> None:
    for item in school.questions:
        quote, answer = item.question.sources[0].text, normalise(item.fact.answer)
        if "three to four weeks" in quote:
            assert answer not in {"3", "4"}  # an end of a range
        if "familiar with the plans" in quote:
            assert answer != "2"  # how the story was sourced
        if "past two decades" in quote:
            assert answer != "2"
        if "of the 26 students" in quote and answer == "23":
            for wrong in item.question.incorrect_answers:
                assert int(wrong.replace(",", "")) < 26, wrong
        if "23 of the 26 students" in quote and answer == "26":
            for wrong in item.question.incorrect_answers:
                assert int(wrong.replace(",", "")) > 23, wrong
        if quote.startswith("Rumi, Mira and Zoey were played by"):
            assert answer != "3"  # the list says how many
        assert "bpm" not in {answer, *map(normalise, item.question.incorrect_answers)}


def test_a_heading_is_not_quoted_and_places_inside_the_answer_are_no_wrong_answers(school) -> None:
    for item in school.questions:
        assert not item.question.sources[0].text.startswith("Strong turnout")
        if item.fact.answer == "Los Angeles":
            assert "Hollywood" not in item.question.incorrect_answers
        if item.fact.answer == "Riverside Theatre":
            assert "Riverside Theater" in item.fact.accept


def _choices(sentence: str, answer: str, same: list[str] | None = None) -> list[str]:
    from quiz.core.draft import wrong
    from quiz.core.draft.spans import find

    span = next(sp for sp in find(sentence, frozenset(), frozenset(), {}) if sp.text == answer)
    return wrong.choose(span, sentence, same or [], [])


def test_wrong_numbers_and_dates_keep_the_answers_side_of_the_sentence() -> None:
    # A rise from 83 percent: every choice above 83 (and within 100).
    for c in _choices("The share rose to 91 percent, compared with 83 percent a year earlier.",
                      "91 percent"):
        assert 83 < float(c.split()[0]) <= 100, c
    # "Sold out within four hours" is true of six hours too: only fewer hours are false.
    for c in _choices("The pressing sold out within four hours on Friday.", "four"):
        assert c in ("one", "two", "three"), c
    # Before the tour's last date, after its first.
    for c in _choices("The tour opens on Sept. 3, continues in Osaka on Nov. 12 and ends in "
                      "Tokyo on Dec. 20.", "Nov. 12"):
        assert c.startswith(("Sept.", "Oct.", "Nov.", "Dec.")), c


def test_a_country_after_the_takes_choices_that_take_the() -> None:
    sentence = "Most views came from Brazil, followed by the United States and Japan."
    same = ["Mexico", "Philippines", "Netherlands", "France", "United Kingdom"]
    assert set(_choices(sentence, "United States", same)) <= {
        "Philippines", "Netherlands", "United Kingdom"}
    assert "Philippines" not in _choices(sentence, "Brazil", same)


def test_a_name_spelled_out_in_a_handle_is_not_asked() -> None:
    text = ("Viral Dance Spreads\n\nThe comedian Marcus Bell (@marcusbellfunny) posted the first "
            "clip on July 3, and 40,000 people copied it within a week. The dance has since been "
            "filmed in 62 countries, and the tutorial on YouTube has 18 million views. Dancers in "
            "Manila and Lima staged versions with more than 500 people each in August.\n")
    d = pipeline.draft(read(text.encode(), "t.txt"))
    assert "marcus bell" not in _answers(d)


def test_a_speakers_own_words_are_quoted_never_restated() -> None:
    """ "I recorded my verses in ___": asked with the quote as it is (a blank or choices),
    never as "According to Audrey Nuna, I recorded ..." (true/false, a typed number)."""
    d = pipeline.draft(read(INTERVIEW.encode(), "interview.md"))
    own = [i for i in d.questions if i.question.sources[0].text.startswith("I recorded")]
    assert own, "the speaker's own claim is asked"
    for item in own:
        assert item.question.type in ("multiple", "cloze"), item.question.question
        assert "I recorded" in item.question.question


def test_typed_answers_take_the_longer_name_and_the_plain_date() -> None:
    from quiz.core.draft.facts import accepted
    from quiz.core.draft.spans import Span

    article = ("The Bright Step Foundation paid for the show. Bright Step said 400 children came. "
               "Hanul Live will stream it live from Busan's BEXCO.")
    assert "Bright Step Foundation" in accepted(Span(0, 0, "Bright Step", "organisation", "name"),
                                                article)
    assert "Live" not in accepted(Span(0, 0, "Hanul Live", "person", "name"), article)
    assert "Busan BEXCO" in accepted(Span(0, 0, "Busan's BEXCO", "place", "name"), article)
    assert {"February 7", "7 February 2027"} <= set(
        accepted(Span(0, 0, "February 7, 2027", "phrase", "date"), article))
