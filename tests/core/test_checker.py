"""The question checker: each rule fails on the flaws found in the old shipped bank, and the
shipped bank has none."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.core import checker
from quiz.core.checker import RULES, Checked, bank_flaws, clear_caches, flaws
from quiz.core.content import load_corpus
from quiz.core.generate import accepted_variants, generate
from quiz.core.paths import questions_dir
from quiz.core.rules import Draft
from quiz.core.text import answers_match
from quiz.core.validation import check, errors

CLUSTER = "cluster-netflix-hit"
VIEWS = ("It has garnered over 240 million views at the time of this article and overtook "
         "previous champion \"Red Notice.\"")
SING_ALONG = ("The sing-along theater release has also drawn tens of thousands of fans to "
              "sold-out screenings across the globe, earning over 20 million in the North "
              "American box office in a weekend.")
GOLDEN = ("Most notably, the song \"Golden,\" sung by Huntr/x in the movie, hit No. 1 on the "
          "Billboard Hot 100, Global 200 and Global Excl. US.")
ARIA = ("According to ARIA, it’s now the biggest chart-topper from an animated movie since the "
        "official charts launched in 1983, beating Trolls (three weeks at No. 1 in 2017), "
        "Frozen (two weeks in 2014) and others.")


def boolean(stem: str, quote: str, key: str = "False") -> Draft:
    return Draft("boolean", "Music & Charts", "easy", f"True or false? {stem}", key,
                 ["True" if key == "False" else "False"], sources=[(CLUSTER, quote)])


def multiple(stem: str, answer: str, wrong: list[str], quote: str = GOLDEN) -> Draft:
    return Draft("multiple", "Music & Charts", "medium", stem, answer, wrong,
                 sources=[(CLUSTER, quote)])


def rules_of(q: Draft) -> set[str]:
    return {f.rule for f in flaws(q)}


@pytest.mark.parametrize("stem, quote", [
    ("According to The Cluster, the film had garnered over 200 million views.", VIEWS),
    ("The sing-along release earned over 10 million at the North American box office.",
     SING_ALONG),
    ("The sing-along theater release has drawn hundreds of fans to sold-out screenings.",
     SING_ALONG),
    ("The film had garnered more than 300 million views.", VIEWS),  # the quote's bound: unknown
    ("The soundtrack held No. 1 for a fifth non-consecutive week.",
     "holding at No.1 on ARIA’s national albums tally for a sixth non-consecutive week."),
])
def test_a_false_statement_the_quote_still_supports_is_an_error(stem: str, quote: str) -> None:
    found = [f for f in flaws(boolean(stem, quote)) if f.rule == "false-statement-true"]
    assert found and found[0].is_error and found[0].field == "question"


@pytest.mark.parametrize("stem, quote", [
    ("According to The Cluster, the film had garnered under 200 million views.", VIEWS),
    ("The sing-along release earned over 20 million in a single day.", SING_ALONG),
    ("The sing-along theater release has drawn millions of fans.", SING_ALONG),
])
def test_a_false_statement_the_quote_denies_passes(stem: str, quote: str) -> None:
    assert "false-statement-true" not in rules_of(boolean(stem, quote))


def test_a_wrong_answer_listed_beside_the_answer_is_also_true() -> None:
    q = multiple("Which Billboard chart did \"Golden\" top?", "Global 200",
                 ["Hot 100", "Radio Songs", "Digital Song Sales"])
    found = [f for f in flaws(q) if f.rule == "wrong-answer-also-true"]
    assert [f.field for f in found] == ["incorrect_answers[1]"] and found[0].is_error
    # Named in the stem, it is excluded from the answer: no longer also true.
    q.question = "Besides the Hot 100, which Billboard chart did \"Golden\" top?"
    assert "wrong-answer-also-true" not in rules_of(q)
    trolls = multiple("Which film did it beat?", "Trolls", ["Frozen", "Moana", "Coco"], ARIA)
    assert "wrong-answer-also-true" in rules_of(trolls)


@pytest.mark.parametrize("wrong", ["huntrx", "the huntrx", "HUNTR/X", "Huntr x"])
def test_a_wrong_answer_the_matcher_takes_for_the_answer_is_an_error(wrong: str) -> None:
    q = multiple("Which group sings \"Golden\"?", "Huntr/x", [wrong, "Saja Boys", "TXT"])
    found = errors(check(q))
    assert any(f.rule == "answer-among-wrong" and f.field == "incorrect_answers[1]"
               for f in found)


@pytest.mark.parametrize("stem, rule", [
    ("According to the second article, what stage is a sequel at?", "unresolvable-reference"),
    ("Locally, what number film on the streamer is it, per the article on the sequel talks?",
     "unresolvable-reference"),
    ("Locally, how many weeks has the film spent in the top 10?", "unnamed-place"),
    ("What number film on the streamer is it currently?", "unanchored-time-claim"),
    ("\"Golden\" has retained the top spot on the ARIA Singles Chart for which successive "
     "week?", "unanchored-time-claim"),
    ("Why, according to an insider, didn't Sony think the film would land?", "stem-form"),
])
def test_player_facing_flaws_are_warned(stem: str, rule: str) -> None:
    q = multiple(stem, "a new IP", ["a sequel", "a remake", "a spin-off"], VIEWS)
    found = [f for f in flaws(q) if f.rule == rule]
    assert found and found[0].severity == "warning" and found[0].field == "question"


def test_an_anchored_claim_passes() -> None:
    q = multiple("When Netflix's sequel talks were reported, on which chart had \"Golden\" "
                 "held the top spot for a third successive week?", "ARIA Singles Chart",
                 ["UK Singles Chart", "Oricon Singles Chart", "Canadian Hot 100"], VIEWS)
    assert rules_of(q) == set()


@pytest.mark.parametrize("stem", [
    "Fill in the blank: we follow _____ and her fictional K-pop group Huntr/x",
    "Fill in the blank: and later climbed to No. _____, making it the highest-charting "
    "soundtrack of the year",
    "Fill in the blank: didn’t think it would land,” calling the outcome “just _____.”",
])
def test_a_blank_in_a_fragment_is_warned(stem: str) -> None:
    q = Draft("cloze", "Music & Charts", "hard", stem, "Rumi", sources=[(CLUSTER, VIEWS)])
    assert "blank-in-fragment" in rules_of(q)


@pytest.mark.parametrize("stem", [
    "Fill in the blank: It has garnered over 240 million views and overtook _____.",
    "According to The Cluster, which film fills the blank? “It has garnered over 240 million "
    "views and overtook _____.”",
    "True or false? According to The Cluster, they became the highest-charting K-pop acts.",
])
def test_a_claim_opening_on_a_pronoun_is_warned(stem: str) -> None:
    q = Draft("cloze", "Music & Charts", "hard", stem, "Red Notice", sources=[(CLUSTER, VIEWS)])
    assert "unresolved-pronoun" in rules_of(q)
    q.question = stem.replace("It has", "The film has").replace("they became", "Huntr/x became")
    assert "unresolved-pronoun" not in rules_of(q)


def test_bank_rules_find_repeated_stems_claims_and_sentences() -> None:
    stem = "At what position did the soundtrack debut on Billboard?"
    debut = "It debuted at No. 8 on Billboard, the highest debut for a soundtrack in 2025."
    items = [
        Checked("a/multiple", "a", multiple(stem, "8", ["5", "10", "12"], debut)),
        Checked("a/numeric", "a", Draft("numeric", "Music & Charts", "hard",
                                        f"Type the number: {stem}", "8",
                                        sources=[(CLUSTER, debut)])),
        Checked("trolls/multiple", "trolls", multiple(
            "Which movie spent three weeks at No. 1 in 2017?", "Trolls",
            ["Moana", "Coco", "Sing"], ARIA)),
        Checked("trolls-weeks/multiple", "trolls-weeks", multiple(
            "How many weeks did Trolls spend at No. 1 in 2017?", "three",
            ["two", "four", "five"], ARIA)),
        Checked("x/cloze", "x", Draft("cloze", "Music & Charts", "hard",
                                      "Fill in the blank: _____ spent three weeks.", "Trolls",
                                      sources=[(CLUSTER, ARIA)])),
        Checked("y/cloze", "y", Draft("cloze", "Music & Charts", "hard",
                                      "Fill in the blank: Trolls spent _____ weeks.", "three",
                                      sources=[(CLUSTER, ARIA)])),
        Checked("z/cloze", "z", Draft("cloze", "Music & Charts", "hard",
                                      "Fill in the blank: Trolls spent three weeks in _____.",
                                      "2017", sources=[(CLUSTER, ARIA)])),
    ]
    found = {qid: {f.rule for f in fs} for qid, fs in bank_flaws(items).items()}
    assert found == {"a/numeric": {"same-stem"}, "trolls-weeks/multiple": {"same-claim"},
                     "z/cloze": {"sentence-blanked-again"}}  # the third blank of it


def test_every_rule_is_named_with_a_severity() -> None:
    assert all(r.severity in ("error", "warning") and r.summary for r in RULES.values())


def test_the_shipped_bank_has_no_flaw() -> None:
    corpus = load_corpus(questions_dir())
    texts = {a.id: a.text for a in corpus.articles.values()}
    bank = generate(corpus)
    own = {q.id: check(q.draft(), texts) for q in bank}
    assert {qid: [str(p) for p in ps] for qid, ps in own.items() if ps} == {}
    between = bank_flaws(Checked(q.id, q.fact_id, q.draft()) for q in bank)
    assert {qid: [str(p) for p in ps] for qid, ps in between.items()} == {}


@pytest.mark.parametrize("given, answer, kind", [
    ("20M", "20 million", "number"), ("$20M", "20 million", "number"),
    ("240m", "240 million", "number"), ("$20 million", "20 million", "number"),
    ("Sony Pictures", "Sony Pictures Animation", "organisation"),
    ("Kang", "Maggie Kang", "person"),
])
def test_typed_answers_a_person_would_accept(given: str, answer: str, kind: str) -> None:
    assert answers_match(given, answer, accepted_variants(answer, kind))
    assert not answers_match("21M", answer, accepted_variants(answer, kind))


def _shipped_and_flawed_drafts() -> list[Draft]:
    """The shipped bank's questions, and each turned into ones with errors: a true/false
    question keyed the other way, a multiple-choice one offering the answers of the other
    questions on its sentence, and its own answer, as wrong ones."""
    corpus = load_corpus(questions_dir())
    drafts = [q.draft() for q in generate(corpus)]
    answers_by_quote: dict[str, list[str]] = {}
    for d in drafts:
        for _article, quote in d.sources:
            answers_by_quote.setdefault(quote, []).append(d.correct_answer)
    flawed = []
    for d in drafts:
        if d.type == "boolean":
            key = "False" if d.correct_answer == "True" else "True"
            flawed.append(replace(d, correct_answer=key, incorrect_answers=[d.correct_answer]))
        elif d.type == "multiple":
            siblings = [a for _article, quote in d.sources for a in answers_by_quote[quote]
                        if a != d.correct_answer]
            flawed.append(replace(d, incorrect_answers=siblings[:2] + [d.correct_answer.upper()]))
    return drafts + flawed


def test_the_checkers_caches_change_no_finding() -> None:
    drafts = _shipped_and_flawed_drafts()
    uncached = []
    for d in drafts:
        clear_caches()  # nothing read off another question's quotes or answers
        uncached.append(flaws(d))
    # Warm: every quote and answer seen before, in another order too.
    cached = [flaws(d) for d in drafts]
    assert cached == uncached
    assert [flaws(d) for d in reversed(drafts)] == uncached[::-1]
    found = {f.rule for fs in uncached for f in fs}
    assert {"answer-among-wrong", "false-statement-true", "wrong-answer-also-true"} <= found


# Letters that case-insensitive matching takes for others (ſ for s, K for k, İ and ı for i),
# beside ASCII, accents, curly quotes and word breaks.
_TRICKY = st.text(alphabet="asSkKiIſKİıé’' .,-0", max_size=12)


@settings(max_examples=3000, deadline=None, database=None)
@given(_TRICKY, _TRICKY)
def test_finding_a_phrase_without_compiling_its_pattern_finds_the_same(text: str,
                                                                        phrase: str) -> None:
    m = re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)", re.IGNORECASE).search(text)
    assert checker._find(text, phrase) == (None if m is None else (m.start(), m.end()))
