"""Hostile text from users and files is shown literally on every screen, never as markup."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractButton, QLabel, QTextBrowser, QWidget

from quiz.core import models

HOSTILE = [
    "<b>x</b>",
    "<img src=file:///etc/passwd>",
    '<a href="https://example.invalid/">click</a>',
    "<table>" * 1000,
    "\u202eevil\u202c zero\u200bwidth",
]
LONG = "K" * 10_000


def _hostile_bank(db) -> str:
    """A question whose every field is hostile, citing an article with a hostile title."""
    text = " ".join(HOSTILE) + " The end."
    with db.session(write=True) as s:
        s.add(models.Article(id="hostile", title="<i>Title</i><img src=x>", publication="<u>P</u>",
                             author="<script>a</script>", text=text))
        s.flush()
        s.add(models.Question(id="hostile/q", type="multiple", category="<b>Cat</b>",
                              difficulty="easy", question=HOSTILE[0] + HOSTILE[1] + " which?",
                              correct_answer=HOSTILE[2], incorrect_answers=[HOSTILE[3], HOSTILE[4],
                                                                            LONG],
                              explanation=HOSTILE[1] + LONG, origin="user"))
        s.flush()
        s.add(models.Source(question_id="hostile/q", article_id="hostile", quote=HOSTILE[1],
                            start=text.index(HOSTILE[1]),
                            end=text.index(HOSTILE[1]) + len(HOSTILE[1])))
    return "hostile/q"


def _assert_no_markup(document: QTextDocument) -> None:
    """No image, link or table was made from the text: it is all plain characters."""
    assert document.rootFrame().childFrames() == []  # a <table> would be a frame
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            assert not fmt.isImageFormat()
            assert not fmt.isAnchor() and not fmt.anchorHref()
            it += 1
        block = block.next()


def _visible_texts(root: QWidget) -> list[str]:
    out = []
    for label in root.findChildren(QLabel):
        if label.isVisible() and label.text():
            assert label.textFormat() == label.textFormat().PlainText, label.objectName()
            out.append(label.text())
    for button in root.findChildren(QAbstractButton):
        if button.isVisible():
            out.append(button.text().replace("&&", "&"))
    return out


@pytest.fixture
def hostile_game(qtbot, window):
    from quiz.core import bank
    from quiz.core.game import MODES, Game
    from quiz.ui.setup import Choices

    qid = _hostile_bank(window.db)
    with window.db.session() as s:
        cards = bank.cards(s, [qid])
    window.choices = Choices(HOSTILE[0], "practice", None, None, 1)
    window.stack.setCurrentWidget(window.play)
    window.play.start(Game(cards, MODES["practice"]))
    return cards[0]


def test_question_and_choices_are_literal(qtbot, window, hostile_game) -> None:
    texts = _visible_texts(window.play)
    assert hostile_game.question in texts
    for choice in hostile_game.choices:
        assert any(choice in t for t in texts)


def test_feedback_citation_and_reader_are_literal(qtbot, window, hostile_game) -> None:
    window.play.choose(hostile_game.choices.index(hostile_game.correct_answer) + 1)
    explanation = window.findChild(QLabel, "explanationView")
    assert explanation.text() == hostile_game.explanation
    citation = window.findChild(QTextBrowser, "citationView")
    plain = citation.toPlainText()
    assert HOSTILE[1] in plain and "<i>Title</i><img src=x>" in plain
    _assert_no_markup(citation.document())
    window.open_article(hostile_game.citations[0])
    reader = window.reader
    assert reader.title.text() == "<i>Title</i><img src=x>"
    assert reader.body.toPlainText().startswith("<b>x</b> <img src=file:///etc/passwd>")
    _assert_no_markup(reader.body.document())
    assert reader.highlighted_text() == HOSTILE[1]
    reader.close()


def test_summary_and_scores_are_literal(qtbot, window, hostile_game) -> None:
    window.play.choose(hostile_game.choices.index(hostile_game.correct_answer) + 1)
    window.play.go_on()
    assert window.stack.currentWidget() is window.summary
    review = window.summary.review
    cells = [review.item(0, c).text() for c in range(review.columnCount())]
    assert hostile_game.question in cells and HOSTILE[2] in cells
    for c in range(review.columnCount()):  # tooltips are rich text: the text must be escaped
        tip = review.item(0, c).toolTip()
        assert "<img" not in tip.lower() and "<b>" not in tip
    # A ranked game by the same hostile name, then the high-score table.
    from quiz.core import history
    from quiz.core.game import MODES, Game

    game = Game([hostile_game], MODES["classic"])
    game.start()
    game.answer(hostile_game.correct_answer, 1.0)
    history.save(window.db, HOSTILE[0], game.finish())
    window.show_scores()
    table = window.findChild(QWidget, "scoresTable")
    model = table.model()
    names = [model.index(r, c).data() for r in range(model.rowCount())
             for c in range(model.columnCount())]
    assert HOSTILE[0] in names
    tips = [model.index(r, c).data(Qt.ItemDataRole.ToolTipRole) for r in range(model.rowCount())
            for c in range(model.columnCount())]
    assert any("&lt;b&gt;x&lt;/b&gt;" in (t or "") for t in tips)
    assert not any("<b>x</b>" in (t or "") for t in tips)
