"""The high-scores screen: table, filters, player page, reset and export, through the real window."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QComboBox, QLabel, QTableView, QToolTip

from quiz.core import leaderboard
from quiz.ui import dialogs
from quiz.ui.scores import ScoresModel, ScoresScreen
from tests.core.test_leaderboard import add_game

M = ScoresModel


def screen_of(window) -> ScoresScreen:  # type: ignore[no-untyped-def]
    window.show_scores()
    screen = window.stack.currentWidget()
    assert isinstance(screen, ScoresScreen)
    return screen


def column(screen: ScoresScreen, col: int) -> list[str]:
    model = screen.table.model()
    return [model.index(r, col).data() for r in range(model.rowCount())]


def play_classic(qtbot, window, name: str, wrong: int = 0) -> None:  # type: ignore[no-untyped-def]
    """Play a whole Classic game through the window, missing the first `wrong` questions."""
    window.show_setup()
    window.setup.name_edit.setText(name)
    qtbot.mouseClick(window.setup.start_button, Qt.MouseButton.LeftButton)
    play = window.play
    for number in range(20):
        if window.stack.currentWidget() is not play:
            break
        card = play.game.current
        right = number >= wrong
        if card.typed:
            play.answer_input.setText(card.correct_answer if right else "no idea")
            qtbot.keyClick(play, Qt.Key.Key_Return)
        else:
            pick = [c == card.correct_answer for c in card.choices].index(right)
            qtbot.keyClick(play, Qt.Key(Qt.Key.Key_1 + pick))
        qtbot.keyClick(play, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.summary


def test_model_passes_qtmodeltester(qtmodeltester, db) -> None:  # type: ignore[no-untyped-def]
    add_game(db, "Mira", score=300, correct=3, total=4)
    add_game(db, "<b>Rumi</b>", score=200, minute=1)
    model = ScoresModel()
    qtmodeltester.check(model)
    model.set_entries(leaderboard.top(db, "classic"), "mira")
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.columnCount() == len(M.HEADERS)
    assert model.index(0, M.COL_CORRECT).data() == "3 / 4"
    assert model.index(0, M.COL_ACCURACY).data() == "75%"
    assert model.index(1, M.COL_PLAYER).data() == "<b>Rumi</b>"
    assert model.index(0, 0).data(M.CURRENT_ROLE) is True
    assert model.index(1, 0).data(M.CURRENT_ROLE) is False
    assert model.index(0, M.COL_PLAYER).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(1, M.COL_PLAYER).data(Qt.ItemDataRole.FontRole) is None
    assert model.index(0, M.COL_PLAYER).data(Qt.ItemDataRole.AccessibleTextRole) == (
        "Mira (your game)")


def test_empty_tables_say_so(window) -> None:  # type: ignore[no-untyped-def]
    screen = screen_of(window)
    table = window.findChild(QTableView, "scoresTable")
    combo = window.findChild(QComboBox, "scoresModeCombo")
    assert table is screen.table and table.accessibleName() == "High scores"
    assert combo is screen.mode_combo and combo.accessibleName() == "Mode"
    assert [combo.itemData(i) for i in range(combo.count())] == list(leaderboard.RANKED_MODES)
    assert table.model().rowCount() == 0
    assert screen.empty.isVisible()
    assert screen.empty.text().startswith("No Classic games yet")
    assert not screen.export_button.isEnabled()
    screen.tabs.setCurrentIndex(1)
    assert screen.page.empty.isVisible() and "No games played yet" in screen.page.empty.text()


def test_table_after_a_game_played_through_the_window(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    add_game(window.db, "Rumi", score=1, correct=1, total=10)
    play_classic(qtbot, window, "Mira")
    [mine] = leaderboard.top(window.db, "classic", player="Mira")
    assert window.summary.headline.text() == f"{mine.score:,} points"
    screen = screen_of(window)
    assert column(screen, M.COL_PLAYER) == ["Mira", "Rumi"]
    assert column(screen, M.COL_SCORE)[0] == f"{mine.score:,}"
    assert column(screen, M.COL_CORRECT)[0] == f"{mine.correct} / 10"
    assert column(screen, M.COL_DATE)[0] == leaderboard.local_text(mine.finished_at)
    model = screen.table.model()
    assert model.index(0, 0).data(M.CURRENT_ROLE) is True  # the player who just played
    assert model.index(1, 0).data(M.CURRENT_ROLE) is False
    assert screen.shown.text() == "All 2 games"


def test_mode_and_player_filters(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    add_game(window.db, "Mira", "classic", score=900)
    add_game(window.db, "Rumi", "classic", score=800, minute=1)
    add_game(window.db, " MIRA", "classic", score=700, minute=2)
    add_game(window.db, "Zoey", "sudden_death", score=450, minute=3)
    add_game(window.db, "Zoey", "practice", score=5000, minute=4)
    screen = screen_of(window)
    assert column(screen, M.COL_SCORE) == ["900", "800", "700"]
    screen.mode_combo.setCurrentIndex(screen.mode_combo.findData("sudden_death"))
    assert column(screen, M.COL_PLAYER) == ["Zoey"]
    screen.mode_combo.setCurrentIndex(screen.mode_combo.findData("classic"))
    players = [screen.player_combo.itemText(i) for i in range(screen.player_combo.count())]
    assert players == ["All players", "Mira", "Rumi", "Zoey"]  # one Mira, whatever the spelling
    screen.player_combo.setCurrentIndex(screen.player_combo.findText("Mira"))
    assert column(screen, M.COL_RANK) == ["1", "3"]  # ranks among everyone
    assert column(screen, M.COL_PLAYER) == ["Mira", "Mira"]
    screen.player_combo.setCurrentIndex(screen.player_combo.findText("Zoey"))
    assert screen.table.model().rowCount() == 0
    assert screen.empty.text() == "Zoey has no Classic games in the high scores yet."
    window.show_home()
    screen = screen_of(window)  # filters survive leaving and coming back
    assert screen.player_filter == "Zoey"


def test_top_ten_then_more_on_request(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    for i in range(37):
        add_game(window.db, f"P{i:02d}", score=1000 - i, minute=i)
    screen = screen_of(window)
    assert screen.table.model().rowCount() == 10
    assert screen.shown.text() == "Top 10 of 37 games"
    assert screen.more_button.isVisible() and screen.more_button.text() == "Sho&w 25 more"
    qtbot.mouseClick(screen.more_button, Qt.MouseButton.LeftButton)
    assert screen.table.model().rowCount() == 35
    assert screen.more_button.text() == "Sho&w 2 more"
    qtbot.mouseClick(screen.more_button, Qt.MouseButton.LeftButton)
    assert column(screen, M.COL_RANK) == [str(i) for i in range(1, 38)]
    assert not screen.more_button.isVisible() and screen.shown.text() == "All 37 games"


def test_names_show_literally(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    name = "<b>Jinu</b> & <i>co</i>"
    add_game(window.db, name, score=100)
    screen = screen_of(window)
    assert column(screen, M.COL_PLAYER) == [name]
    assert screen.player_combo.itemText(1) == name
    screen.show_player(name)
    label = screen.page.name_label
    assert label.text() == name and label.textFormat() == Qt.TextFormat.PlainText
    for child in screen.findChildren(QLabel):
        if name in child.text():
            assert child.textFormat() == Qt.TextFormat.PlainText, child.objectName()


def test_player_page_and_review(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    play_classic(qtbot, window, "Mira", wrong=3)
    add_game(window.db, "mira", "sudden_death", score=50, correct=1, total=2, minute=5)
    add_game(window.db, "Mira", "classic", score=10, status="abandoned", minute=6)
    screen = screen_of(window)
    qtbot.mouseClick(screen.tabs.tabBar(), Qt.MouseButton.LeftButton,
                     pos=screen.tabs.tabBar().tabRect(1).center())
    page = screen.page
    assert screen.progress_combo.currentText() == "Mira"
    assert page.name_label.text() == "Mira"
    assert page.totals.text() == "2 finished games · 1 left unfinished"
    modes = [page.modes.item(r, 0).text() for r in range(page.modes.rowCount())]
    assert modes == ["Classic", "Sudden death"]
    [classic] = leaderboard.top(window.db, "classic")
    assert classic.correct == 7
    assert page.modes.item(0, 2).text() == f"{classic.score:,}"
    right, answered = 0, 0
    for r in range(page.categories.rowCount()):
        ok, n = page.categories.item(r, 1).text().split(" / ")
        right, answered = right + int(ok), answered + int(n)
    assert (right, answered) == (7, 10)
    assert [p.score for p in page.chart.points] == [50, classic.score]  # 2025 game first
    # The three misses are listed (two variants of one fact share a row), each leading to Review.
    missed = [page.missed.item(r, 2).text().split(" of ") for r in range(page.missed.rowCount())]
    assert 1 <= len(missed) <= 3
    assert sum(int(n) for n, _of in missed) == 3
    assert page.review_button.isEnabled()
    page.missed.setFocus()
    page.missed.setCurrentCell(0, 3)
    with qtbot.waitSignal(screen.review) as signal:
        qtbot.keyClick(page.missed, Qt.Key.Key_Return)
    assert signal.args == ["Mira"]
    assert window.stack.currentWidget() is window.play
    assert window.play.game.mode.key == "review"


def test_activating_a_row_opens_that_players_page(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    add_game(window.db, "Mira", score=900)
    add_game(window.db, "Rumi", score=800, minute=1)
    screen = screen_of(window)
    screen.table.setFocus()
    screen.table.setCurrentIndex(screen.table.model().index(1, M.COL_SCORE))
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    assert screen.tabs.currentIndex() == 1
    assert screen.page.name_label.text() == "Rumi"
    assert screen.page.missed_empty.isVisible()
    assert not screen.page.review_button.isEnabled()


def test_reset_one_player_after_naming_the_loss(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    add_game(window.db, "Mira", score=900)
    add_game(window.db, "Mira", "practice", score=5, minute=1)
    add_game(window.db, "Rumi", score=800, minute=2)
    asked: list[tuple[str, str]] = []
    answer = {"yes": False}
    monkeypatch.setattr(dialogs.Confirm, "ask", classmethod(
        lambda cls, parent, title, text, yes="Yes": asked.append((title, text)) or answer["yes"]))
    screen = screen_of(window)
    screen.show_player("Mira")
    qtbot.mouseClick(screen.page.reset_button, Qt.MouseButton.LeftButton)
    assert asked[0][0] == "Reset Mira's scores?"
    assert "all 2 games Mira has played (1 of them in the high-score tables)" in asked[0][1]
    assert column(screen, M.COL_PLAYER) == ["Mira", "Rumi"]  # cancelled: nothing changed
    answer["yes"] = True
    qtbot.mouseClick(screen.page.reset_button, Qt.MouseButton.LeftButton)
    assert column(screen, M.COL_PLAYER) == ["Rumi"]
    assert screen.status.text() == "Deleted 2 games of Mira."
    assert [screen.progress_combo.itemText(i) for i in range(screen.progress_combo.count())] == [
        "Rumi"]
    assert screen.page.name_label.text() == "Rumi"


def test_reset_all(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    add_game(window.db, "Mira", score=900)
    add_game(window.db, "Rumi", "sudden_death", score=800, minute=2)
    asked: list[str] = []
    monkeypatch.setattr(dialogs.Confirm, "ask", classmethod(
        lambda cls, parent, title, text, yes="Yes": asked.append(text) or True))
    screen = screen_of(window)
    qtbot.mouseClick(screen.reset_all_button, Qt.MouseButton.LeftButton)
    [text] = asked
    assert text.startswith("This deletes every game of 2 players: 2 games (2 of them in the "
                           "high-score tables)")
    assert screen.table.model().rowCount() == 0 and screen.empty.isVisible()
    assert screen.player_combo.count() == 1
    qtbot.mouseClick(screen.reset_all_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and screen.status.text() == "There are no scores to reset."


def test_export_csv(qtbot, window, monkeypatch, tmp_path: Path, no_modal_dialogs) -> None:  # type: ignore[no-untyped-def]
    for i in range(12):
        add_game(window.db, "=Mira" if i == 0 else f"P{i}", score=100 - i, minute=i)
    add_game(window.db, "Zoey", "sudden_death", score=5)
    target = tmp_path / "scores.csv"
    monkeypatch.setattr(dialogs.SaveFile, "ask", classmethod(lambda cls, *a, **k: target))
    screen = screen_of(window)
    qtbot.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
    with target.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == list(leaderboard.CSV_HEADER)
    assert len(rows) == 13  # every classic game, not just the ten shown
    assert rows[1][1] == "'=Mira" and {r[2] for r in rows[1:]} == {"classic"}
    assert screen.status.text() == f"Saved 12 Classic games to {target}"
    # A place that cannot be written: one plain line, no file.
    bad = tmp_path / "no-such-folder" / "scores.csv"
    monkeypatch.setattr(dialogs.SaveFile, "ask", classmethod(lambda cls, *a, **k: bad))
    qtbot.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
    [(title, text)] = no_modal_dialogs
    assert title == "Could not export the high scores"
    assert "cannot write" in text and "\n" not in text and not bad.exists()
    # Cancelled: nothing written, nothing said.
    monkeypatch.setattr(dialogs.SaveFile, "ask", classmethod(lambda cls, *a, **k: None))
    target.unlink()
    qtbot.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
    assert not target.exists() and len(no_modal_dialogs) == 1


def test_chart_draws_history(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    add_game(window.db, "Mira", "classic", score=900)
    add_game(window.db, "Mira", "practice", score=300, minute=1)
    add_game(window.db, "Mira", "classic", score=1200, minute=2)
    screen = screen_of(window)
    screen.show_player("Mira")
    chart = screen.page.chart
    assert chart.modes() == ["classic", "practice"]
    assert [p.score for p in chart.points] == [900, 300, 1200]
    assert "best 1,200 in Classic" in chart.accessibleDescription()
    image = chart.grab().toImage()
    assert image.width() > 0
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 2)
               for y in range(0, image.height(), 2)}
    assert "#d6336c" in colours  # the Classic line is drawn
    chart.show()
    chart.repaint()
    point, game = chart._dots[-1]
    spot = point.toPoint()
    chart.event(QHelpEvent(QEvent.Type.ToolTip, spot, chart.mapToGlobal(spot)))
    assert QToolTip.text().startswith(f"{game.score:,} points · ")


def test_smoke_test_scores(tmp_path: Path, db_url: str) -> None:
    from quiz.core.db import open_database

    db = open_database(db_url)
    add_game(db, "Mira", score=900)
    db.dispose()
    env = {"QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "quiz", "--db", db_url, "--smoke-test",
                           "scores"], capture_output=True, text=True, timeout=60, env=env,
                          cwd=Path(__file__).parents[2])
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["screen"] == "scores"
    assert 0 < report["startup_ms"] <= report["ready_ms"]


def test_entry_dates_are_local() -> None:
    at = datetime(2025, 9, 1, 12, 0, tzinfo=UTC)
    assert ScoresModel._text(leaderboard.Entry(1, 1, "a", "classic", 1, 1, 1, 1, 1.0, at),
                             M.COL_DATE) == leaderboard.local_text(at)


def test_progress_opens_on_the_current_player(qtbot, window, settings) -> None:  # type: ignore[no-untyped-def]
    add_game(window.db, "Mira", score=900)
    add_game(window.db, "Rumi", score=800, minute=1)
    settings.setValue("player/last", "RUMI ")
    screen = screen_of(window)
    screen.tabs.setCurrentIndex(1)
    assert screen.page.name_label.text() == "Rumi"
    screen.show_player("Mira")
    window.show_home()
    assert screen_of(window).page.name_label.text() == "Rumi"  # back to whoever plays now
    settings.setValue("player/last", "")
    screen.show_player("Mira")
    window.show_home()
    assert screen_of(window).page.name_label.text() == "Mira"  # nobody playing: stays put


@pytest.mark.parametrize(("best", "top"), [(0, 100), (141, 200), (1714, 2000), (2996, 4000),
                                           (3000, 4000), (12345, 20000)])
def test_chart_axis_tops_are_round(best: int, top: int) -> None:
    from quiz.ui.score_chart import nice_top

    assert nice_top(best) == top


def test_progress_tab_is_built_when_first_shown(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    add_game(window.db, "Mira", score=300)
    add_game(window.db, "Rumi", score=200, minute=1)
    window.settings.setValue("player/last", "Mira")
    screen = screen_of(window)
    assert screen._progress_page is None  # nothing of the Progress tab is built or queried yet
    screen.tabs.setCurrentIndex(1)
    assert screen.page.isVisible() and screen.progress_combo.isVisible()
    assert screen.progress_combo.currentText() == "Mira"
    assert screen.page.name_label.text() == "Mira"
