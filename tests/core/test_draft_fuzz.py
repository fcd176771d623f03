"""Generated texts through the drafter: a draft or one QuizError, never a crash; every quote
verbatim at its offsets and no flaw in what is offered."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.core.draft.pipeline import draft_all, flaws
from quiz.core.draft.reader import read
from quiz.core.errors import QuizError

ARTICLES = Path(__file__).parent.parent / "data" / "articles"
LINES = [line for p in sorted(ARTICLES.glob("*.txt"))
         for line in p.read_text(encoding="utf-8").split("\n") if line.strip()]
NOISE = st.sampled_from(["“", "”", '"', "’s", "No.", "$", "%", "—", "\u00a0", "\t", "(", ")",
                         " and ", ", ", "I ", "'28", "1,000", " over ", " top "])


@st.composite
def texts(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.sampled_from(LINES), min_size=1, max_size=12))
    text = "\n".join(lines)
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(NOISE) + text[at:]
    return text


@settings(max_examples=40, deadline=None)
@given(texts())
def test_any_text_gives_checked_drafts_or_one_error(text: str) -> None:
    try:
        drafts = draft_all(read(text.encode(), "generated.txt"))
    except QuizError as exc:
        assert "\n" not in str(exc)
        return
    for d in drafts:
        body = d.article["text"]
        for item in d.questions:
            src = item.question.sources[0]
            assert body[src.start:src.end] == src.text
        assert flaws([i.question for i in d.questions], body, d.article["id"]) == {}
