"""A small line chart of a player's scores, one line per mode, drawn with QPainter.

Why not QtCharts: it lives in the PySide6-Addons wheel (59 MB download, 157 MB installed for
PySide6 6.12, of which Qt Charts is 3 MB), and Qt deprecated the module in 6.10 in favour of
Qt Graphs, which renders through Qt Quick and the GPU (RHI) and so needs OpenGL/Vulkan even to
draw one line offscreen or over remote desktop. pyqtgraph would pull in numpy. This chart needs
a few polylines, gridlines, a legend and tooltips: about a hundred lines that follow the
palette (light and dark) and scale with the system font.

Games are spaced evenly in the order they were played (the x axis is "game number", labelled
with the first and last dates), so an evening of ten games does not collapse into one spot.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from quiz.core.game import MODES
from quiz.core.leaderboard import local_text
from quiz.core.progress import ScorePoint

# Hues that read on light and dark backgrounds and stay apart for common colour blindness;
# Practice (unranked) is also dashed.
MODE_COLOURS = {"classic": "#d6336c", "sudden_death": "#7048e8", "review": "#1c7ed6",
                "practice": "#e8590c"}


def nice_top(value: int, steps: int = 4) -> int:
    """The top of the y axis: `steps` round steps (1, 2, 2.5 or 5 times 10^n) covering `value`."""
    if value <= 0:
        return 100
    raw = value / steps
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if raw <= m * magnitude)
    return max(round(step * steps), steps)


class ScoreChart(QWidget):
    """Score (y) of each finished game in the order played (x), one coloured line per mode."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[ScorePoint] = []
        self._dots: list[tuple[QPointF, ScorePoint]] = []
        self.setMinimumSize(260, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(420, 240)

    def set_history(self, points: list[ScorePoint]) -> None:
        """Show these games (oldest first)."""
        self.points = list(points)
        if points:
            best = max(points, key=lambda p: p.score)
            label = MODES[best.mode].label if best.mode in MODES else best.mode
            self.setAccessibleDescription(
                f"{len(points)} finished games from {local_text(points[0].finished_at)} to "
                f"{local_text(points[-1].finished_at)}; best {best.score:,} in {label}; "
                f"latest {points[-1].score:,}.")
        else:
            self.setAccessibleDescription("No finished games yet.")
        self.update()

    def modes(self) -> list[str]:
        """The modes drawn, in the game's usual order."""
        present = {p.mode for p in self.points}
        return [m for m in MODES if m in present] + sorted(present - set(MODES))

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        faint = pal.color(QPalette.ColorRole.PlaceholderText)
        metrics = painter.fontMetrics()
        line_h = metrics.height()
        self._dots = []
        if not self.points:
            painter.setPen(faint)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             "No finished games yet: your scores will be drawn here.")
            return
        top = nice_top(max(p.score for p in self.points))
        left = metrics.horizontalAdvance(f"{top:,}") + 10
        plot = QRectF(left, line_h * 1.8, self.width() - left - 12,
                      self.height() - line_h * 3.4)
        if plot.width() < 20 or plot.height() < 20:
            return
        # Gridlines and y labels.
        for i in range(5):
            value = top * i / 4
            y = plot.bottom() - plot.height() * i / 4
            painter.setPen(QPen(faint, 1, Qt.PenStyle.DotLine if i else Qt.PenStyle.SolidLine))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            painter.drawText(QRectF(0, y - line_h / 2, left - 6, line_h),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             f"{value:,.0f}")
        # x labels: the first and last game.
        count = len(self.points)
        painter.setPen(faint)
        below = QRectF(plot.left(), plot.bottom() + 4, plot.width(), line_h)
        painter.drawText(below, Qt.AlignmentFlag.AlignLeft,
                         f"Game 1 · {local_text(self.points[0].finished_at)[:10]}")
        if count > 1:
            painter.drawText(below, Qt.AlignmentFlag.AlignRight,
                             f"Game {count} · {local_text(self.points[-1].finished_at)[:10]}")

        def where(index: int, score: int) -> QPointF:
            x = plot.center().x() if count == 1 else plot.left() + plot.width() * index / (count - 1)
            return QPointF(x, plot.bottom() - plot.height() * score / top)

        legend_x = plot.left()
        for mode in self.modes():
            colour = QColor(MODE_COLOURS.get(mode, "#868e96"))
            style = Qt.PenStyle.DashLine if mode == "practice" else Qt.PenStyle.SolidLine
            path = QPainterPath()
            dots = [(where(i, p.score), p) for i, p in enumerate(self.points) if p.mode == mode]
            for n, (point, _p) in enumerate(dots):
                if n:
                    path.lineTo(point)
                else:
                    path.moveTo(point)
            painter.setPen(QPen(colour, 2, style))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            painter.setBrush(colour)
            painter.setPen(Qt.PenStyle.NoPen)
            radius = 3.5 if count <= 40 else 2.0  # many games: lighter dots, the line shows
            for point, _p in dots:
                painter.drawEllipse(point, radius, radius)
            self._dots.extend(dots)
            # Legend entry.
            label = MODES[mode].label if mode in MODES else mode
            painter.setPen(QPen(colour, 3, style))
            y = line_h * 0.7
            painter.drawLine(QPointF(legend_x, y), QPointF(legend_x + 18, y))
            painter.setPen(text)
            painter.drawText(QPointF(legend_x + 24, y + metrics.ascent() / 2 - 1), label)
            legend_x += 24 + metrics.horizontalAdvance(label) + 18
        painter.end()

    def event(self, ev) -> bool:  # type: ignore[no-untyped-def]
        """Tooltips: the game under the mouse."""
        if ev.type() == ev.Type.ToolTip and isinstance(ev, QHelpEvent):
            near = [(abs(d.x() - ev.pos().x()) + abs(d.y() - ev.pos().y()), p)
                    for d, p in self._dots]
            hit = min(near, default=None, key=lambda t: t[0])
            if hit is not None and hit[0] <= 12:
                p = hit[1]
                label = MODES[p.mode].label if p.mode in MODES else p.mode
                QToolTip.showText(ev.globalPos(), f"{p.score:,} points · {label} · "
                                                  f"{local_text(p.finished_at)}", self)
            else:
                QToolTip.hideText()
            return True
        return super().event(ev)
