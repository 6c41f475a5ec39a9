"""ReviewPanel: the findings of `hamtui.review` beside the program; each jumps to its item.

A summary line, then a virtualised list of findings (`FindingList`, a line-API ScrollView
that belongs to this panel): each finding is a head line (level word, where, exercise name)
and its message wrapped below it. Wrapped messages are cached by text and width, so
re-listing the findings after an edit costs a few dictionary look-ups per finding, not a
re-wrap of every message.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, Self

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.containers import Vertical
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Static

from hamtui.text import one_line
from hamtui.tui.widgets.line_view import LineKey, LineList, cursor_bindings

if TYPE_CHECKING:  # the core models load after the first paint
    from hamtui.review import Finding


LEVEL_WIDTH = max(len(level) for level in ("problem", "warning", "note"))
INDENT = 4  # message lines are indented under the head line
NO_FINDINGS = "No findings"


def finding_place(finding: Finding) -> str:
    """`block 1 · item 3 · Glute Bridge`, or `program · sessions_per_week` (not literal yet)."""
    if finding.block is None:
        return f"program · {finding.where}" if finding.where else "program"
    parts = [f"block {finding.block + 1}"]
    if finding.item is not None:
        parts.append(f"item {finding.item + 1}")
        if finding.exercise_name:
            parts.append(finding.exercise_name)
    return " · ".join(parts)


class FindingList(LineList, can_focus=True):
    """The findings, one head line and the wrapped message each; the part of ReviewPanel
    that takes focus. Posts `Chosen(finding)` on enter or a click."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "finding-list--cursor",
        "finding-list--place",
        "finding-list--message",
        "finding-list--empty",
        "finding-list--problem",
        "finding-list--warning",
        "finding-list--note",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        *cursor_bindings("review", "finding"),
        Binding("enter", "choose", "Go to item", id="review.go-to"),
    ]

    class Chosen(Message):
        def __init__(self, finding: Finding) -> None:
            super().__init__()
            self.finding = finding

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.findings: tuple[Finding, ...] = ()
        self.cursor = 0
        self._line_count = 0  # lines of all the findings at the laid-out width
        self._starts: list[int] = []  # first content line of each finding (by _layout)
        self._heights: dict[str, int] = {}  # message -> lines it takes, at the laid-out width
        self._layout_width = -1
        self._heights_width = -1
        self._wrapped: LRUCache[tuple[str, int], list[str]] = LRUCache(4096)
        self._strips: LRUCache[tuple[object, ...], Strip] = LRUCache(256)

    # -- data ------------------------------------------------------------------------------

    def set_findings(self, findings: Sequence[Finding]) -> None:
        new = tuple(findings)
        if new == self.findings:
            return
        previous = self.findings[self.cursor] if self.findings else None
        before = self.visible_keys()
        self.findings = new
        self.cursor = max(0, min(self.cursor, len(new) - 1))
        if previous is not None and new and new[self.cursor] != previous and previous in new:
            self.cursor = new.index(previous)  # keep the cursor on the same finding
        self._layout_width = -1
        if self.is_mounted:
            self._layout()
            self._scroll_to_cursor()
            self.refresh_changed(before)

    @property
    def highlighted(self) -> Finding | None:
        return self.findings[self.cursor] if self.findings else None

    def _message_lines(self, message: str, width: int) -> list[str]:
        """A message made literal and wrapped to `width` cells (cached)."""
        key = (message, width)
        lines = self._wrapped.get(key)
        if lines is None:
            wrapped = Text(one_line(message)).wrap(self.app.console, max(width, 1))
            lines = [line.plain.rstrip() for line in wrapped]
            self._wrapped[key] = lines
        return lines

    def _layout(self) -> None:
        """Lay the findings out in lines for the current width (no-op when up to date).
        Only where each finding starts is kept: a line is found by bisection."""
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._layout_width:
            return
        if width != self._heights_width:
            self._heights = {}
            self._heights_width = width
        heights = self._heights
        message_width = max(width - INDENT, 8)
        starts: list[int] = []
        total = 0
        for finding in self.findings:
            starts.append(total)
            height = heights.get(finding.message)
            if height is None:
                height = heights[finding.message] = 1 + len(
                    self._message_lines(finding.message, message_width)
                )
            total += height
        self._layout_width = width
        self._starts = starts
        self._line_count = total
        self.virtual_size = Size(0, max(total, 1))

    def _at(self, line: int) -> tuple[int, int] | None:
        """(finding index, line of that finding) shown on a content line, if any."""
        if not 0 <= line < self._line_count:
            return None
        index = bisect_right(self._starts, line) - 1
        return index, line - self._starts[index]

    def on_resize(self, event: events.Resize) -> None:
        self._layout()
        self._scroll_to_cursor()

    # -- cursor ----------------------------------------------------------------------------

    def _finding_span(self, index: int) -> tuple[int, int]:
        start = self._starts[index]
        end = self._starts[index + 1] if index + 1 < len(self._starts) else self._line_count
        return start, end

    def _scroll_to_cursor(self) -> None:
        self._layout()
        if not self.findings or not self._starts:
            return
        start, end = self._finding_span(self.cursor)
        self.scroll_lines_into_view(start, end - 1)

    def _set_cursor(self, index: int) -> None:
        if not self.findings:
            return
        index = max(0, min(index, len(self.findings) - 1))
        if index != self.cursor:
            before = self.visible_keys()
            self.cursor = index
            self.refresh_changed(before)
        self._scroll_to_cursor()

    def cursor_position(self) -> int:
        return self.cursor

    def cursor_places(self) -> int:
        return len(self.findings)

    def move_cursor_to(self, index: int) -> None:
        self._set_cursor(index)

    def page_cursor(self, direction: int) -> None:
        """A page of lines: to the finding shown a screen above or below this one's start."""
        self._layout()
        if not self.findings or not self._line_count:
            return
        start, _ = self._finding_span(self.cursor)
        step = max(self.page_height() - 1, 1)
        at = self._at(max(0, min(start + direction * step, self._line_count - 1)))
        if at is not None:
            self._set_cursor(at[0])

    def action_choose(self) -> None:
        finding = self.highlighted
        if finding is not None:
            self.post_message(self.Chosen(finding))

    async def _on_click(self, event: events.Click) -> None:
        self._layout()
        region = self.scrollable_content_region
        line = event.screen_y - region.y + round(self.scroll_offset.y)
        at = self._at(line)
        if region.contains(event.screen_x, event.screen_y) and at is not None:
            self._set_cursor(at[0])
            self.action_choose()

    # -- partial repaint -------------------------------------------------------------------

    def line_key(self, line: int) -> LineKey:
        """What a line shows (a finding, which of its lines, the cursor)."""
        if not self.findings:
            return ("empty", line)
        at = self._at(line)
        if at is None:
            return None
        return (self.findings[at[0]], at[1], at[0] == self.cursor)

    # -- rendering -------------------------------------------------------------------------

    def forget_strips(self) -> None:
        self._strips.clear()

    def render_lines(self, crop: Region) -> list[Strip]:
        self._layout()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.style_of()
        line = y + round(self.scroll_offset.y)
        if not self.findings:
            if line == 0:
                empty = base + self.style_of("finding-list--empty")
                return self.fit_strip([(f" {NO_FINDINGS}", empty)], width)
            return Strip.blank(width, base)
        at = self._at(line)
        if at is None:
            return Strip.blank(width, base)
        index, part = at
        cursor = index == self.cursor
        key = (self.findings[index], part, width, cursor, self.has_focus, base)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_part(self.findings[index], part, width, cursor)
            self._strips[key] = strip
        return strip

    def _render_part(self, finding: Finding, part: int, width: int, cursor: bool) -> Strip:
        """Line `part` of a finding: 0 is the head line, then the message's lines."""
        base = self.style_of()
        if part == 0:
            level = base + self.style_of(f"finding-list--{finding.level}")
            place = base + self.style_of("finding-list--place")
            pieces = [
                ("▶" if cursor else " ", base),
                (f"{finding.level:<{LEVEL_WIDTH}} ", level),
                (one_line(finding_place(finding)), place),
            ]
        else:
            lines = self._message_lines(finding.message, max(width - INDENT, 8))
            message = base + self.style_of("finding-list--message")
            pieces = [(" " * INDENT, base), (lines[part - 1], message)]
        strip = self.fit_strip(pieces, width)
        if cursor:
            strip = strip.apply_style(self.style_of("finding-list--cursor"))
        return strip


class ReviewPanel(Vertical):
    """The review of the program being edited: a count line and the findings."""

    class JumpToItem(Message):
        """Go to the item a finding is about: `block`/`item` are None for program-wide
        findings (and `item` is None for a finding about a whole block)."""

        def __init__(
            self, panel: ReviewPanel, block: int | None, item: int | None, finding: Finding
        ) -> None:
            super().__init__()
            self.panel = panel
            self.block = block
            self.item = item
            self.finding = finding

        @property
        def control(self) -> ReviewPanel:
            return self.panel

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        # Made here, not in compose, so set_findings works before the panel is mounted.
        self._summary_line = "Review: no findings"
        self._summary = Static(Text(self._summary_line), id="review-summary", markup=False)
        self._list = FindingList(id="review-findings")

    def compose(self) -> ComposeResult:
        yield self._summary
        yield self._list

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self._list.findings

    @property
    def highlighted(self) -> Finding | None:
        """The finding under the cursor."""
        return self._list.highlighted

    def set_findings(self, findings: Sequence[Finding]) -> None:
        """Show these findings (in the order given; hamtui.review sorts them)."""
        from hamtui.review import summary

        line = f"Review: {summary(findings)}"
        if line != self._summary_line:  # an update lays the screen out again: only if new
            self._summary_line = line
            self._summary.update(Text(line))
        self._list.set_findings(findings)

    def focus(self, scroll_visible: bool = True) -> Self:
        """Focus the findings list (the panel itself takes no focus)."""
        self._list.focus(scroll_visible)
        return self

    @on(FindingList.Chosen)
    def _chosen(self, event: FindingList.Chosen) -> None:
        event.stop()
        finding = event.finding
        self.post_message(self.JumpToItem(self, finding.block, finding.item, finding))
