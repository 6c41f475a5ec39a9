"""PainChart: one exercise's pain ratings (0-10) as a bar chart drawn with block characters.

One bar per session, oldest on the left, the date under each bar and the value above it; the
axis is labelled 0 to 10 and the pain threshold is a dashed line across the chart (`╌`), so a
bar over it is seen without colour (the colour of such bars only repeats it). When the widget
is too narrow for every rating, the newest ones are drawn and the title says how many.

`chart_lines` is the drawing itself (pure, for tests); the widget only sizes and styles it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.widget import Widget

from hamtui.session.engine import PAIN_THRESHOLD
from hamtui.text import one_line

TOP = 10
AXIS_WIDTH = 4  # "10 ┤"
SLOT = 6  # a bar of 3 cells with gaps, and room for "11-03" under it
BAR = "█"
BAR_CELLS = (1, 2, 3)  # offsets of the bar in its slot
THRESHOLD_FILL = "╌"


@dataclass(frozen=True)
class PainPoint:
    """One rating: the label under its bar (a date) and the pain, 0 to 10."""

    label: str
    pain: int
    mark: str = ""  # under the label: a rehab plan's stage that began with this session


PLAIN = Style()


@dataclass(frozen=True)
class ChartStyles:
    bar: Style = PLAIN
    over: Style = PLAIN  # a bar over the threshold
    threshold: Style = PLAIN
    axis: Style = PLAIN


def bars_that_fit(width: int) -> int:
    """How many bars a chart `width` cells wide has room for."""
    return max(width - AXIS_WIDTH, 0) // SLOT


def chart_lines(
    points: Sequence[PainPoint],
    width: int,
    threshold: int = PAIN_THRESHOLD,
    styles: ChartStyles | None = None,
) -> tuple[list[Text], int]:
    """The chart's lines at `width` cells, and how many points they show (the newest that
    fit). Lines, top to bottom: a row for the values of bars at 10, the rows 10 to 1 (the
    threshold row dashed), the 0 axis, the labels under the bars, and a legend."""
    look = styles or ChartStyles()
    shown = min(len(points), bars_that_fit(width))
    drawn = list(points[len(points) - shown :]) if shown else []
    plot_width = max(width - AXIS_WIDTH, 0)
    lines: list[Text] = []
    for level in range(TOP + 1, 0, -1):
        line = Text(no_wrap=True, overflow="crop")
        axis = "   │" if level > TOP else f"{level:>2} ┤"
        line.append(axis, look.axis)
        on_threshold = level == threshold
        fill = THRESHOLD_FILL if on_threshold else " "
        fill_style = look.threshold if on_threshold else PLAIN
        for point in drawn:
            cells = [(fill, fill_style)] * SLOT
            if point.pain >= level:
                bar_style = look.over if point.pain > threshold else look.bar
                for cell in BAR_CELLS:
                    cells[cell] = (BAR, bar_style)
            elif point.pain == level - 1:  # the value, just above its bar
                value = str(point.pain).center(len(BAR_CELLS))
                for cell, char in zip(BAR_CELLS, value, strict=True):
                    cells[cell] = (char, PLAIN)
            for char, style in cells:
                line.append(char, style)
        if on_threshold:
            rest = plot_width - SLOT * len(drawn)
            line.append(THRESHOLD_FILL * rest, look.threshold)
        lines.append(line)
    lines.append(Text(" 0 └" + "─" * plot_width, look.axis, no_wrap=True, overflow="crop"))
    labels = Text(" " * AXIS_WIDTH, no_wrap=True, overflow="crop")
    for point in drawn:
        labels.append(one_line(point.label, SLOT - 1).ljust(SLOT))
    lines.append(labels)
    if any(point.mark for point in drawn):
        marks = Text(" " * AXIS_WIDTH, no_wrap=True, overflow="crop")
        for point in drawn:
            marks.append(one_line(point.mark, SLOT - 1).ljust(SLOT), look.axis)
        lines.append(marks)
    legend = Text(no_wrap=True, overflow="ellipsis")
    legend.append(THRESHOLD_FILL * 2, look.threshold)
    legend.append(f" pain threshold {threshold}")
    if any(point.mark for point in drawn):
        legend.append("   ▲S2: stage 2 of a plan began")
    lines.append(legend)
    return lines, shown


class PainChart(Widget):
    """Pain over time for one exercise: `set_points(title, points)`; see the module docstring."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "pain-chart--bar",
        "pain-chart--over",
        "pain-chart--threshold",
        "pain-chart--axis",
        "pain-chart--title",
    }

    def __init__(
        self,
        *,
        threshold: int = PAIN_THRESHOLD,
        empty: str = "No pain ratings to show.",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.threshold = threshold
        self.empty = empty
        self.title = ""
        self.points: list[PainPoint] = []
        self.total = 0  # the ratings there are: the points may be only the newest

    def set_points(self, title: str, points: Sequence[PainPoint], total: int | None = None) -> None:
        """Show `points` (oldest first) under `title` (shown literally); no points shows the
        `empty` text. `total`: how many ratings there are when `points` are only the newest."""
        self.title = title
        self.points = list(points)
        self.total = max(total if total is not None else 0, len(self.points))
        self.refresh()

    @property
    def shown(self) -> int:
        """How many of the points the chart draws at its present width."""
        return min(len(self.points), bars_that_fit(self.content_size.width))

    def lines(self) -> list[Text]:
        """What the chart shows at its present width, line by line (title first)."""
        if not self.points:
            return (
                [Text(one_line(self.title)), Text(self.empty)] if self.title else [Text(self.empty)]
            )
        styles = ChartStyles(
            bar=self.get_component_rich_style("pain-chart--bar"),
            over=self.get_component_rich_style("pain-chart--over"),
            threshold=self.get_component_rich_style("pain-chart--threshold"),
            axis=self.get_component_rich_style("pain-chart--axis"),
        )
        body, shown = chart_lines(self.points, self.content_size.width, self.threshold, styles)
        title = Text(one_line(self.title), self.get_component_rich_style("pain-chart--title"))
        if shown < self.total:
            title.append(f" · newest {shown} of {self.total} shown")
        title.no_wrap = True
        title.overflow = "ellipsis"
        return [title, *body]

    def render(self) -> RenderResult:
        return Text("\n").join(self.lines())
