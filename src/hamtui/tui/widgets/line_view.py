"""LineList and LineView: the base of every list of lines hamtui paints itself.

The program list, the review's findings, the library's results and the exercise detail are
Line API widgets (`render_line`): only the lines on screen are painted. `LineList` holds
what they share, so each widget keeps only what it shows:

- a **cursor** moved by up, down, home, end, page up and page down (`cursor_bindings` makes
  the keys; a widget says where its cursor is, how many places it has, and how to move it);
- **scrolling** lines into view without animation;
- a **style cache**: component styles fetched once per paint, dropped on a theme or focus
  change;
- **fitting** pieces of literal text into a strip exactly as wide as the widget, the last
  piece cut with "…";
- **changed-line repaint**: a widget describes each line by a key (everything its look
  depends on); `visible_keys()` taken before a change and `refresh_changed(before)` after it
  repaint only the lines whose key changed, or the whole widget when most did.

`LineView` adds a virtual height set without a layout pass. Two Textual 8 behaviours would
cost a list an extra frame (16.7 ms at 60 fps) on every keystroke of a search box above it:

- setting `virtual_size` (a reactive with layout=True) asks for a layout pass, during which
  the scrollbar is refreshed, so it repaints a frame later than the rows;
- every layout pass (the search box's own `Input` asks for one on each character) hands a
  ScrollView its region size as the "virtual size", which never equals the real one, so the
  ScrollView refreshes its scrollbar again, a frame later.

A LineView sets its virtual height without a layout pass (its vertical scrollbar is always
shown, `overflow-y: scroll`, so the content width cannot change) and updates its scrollbar at
once; and it ignores a layout pass that changes neither its size nor its container size.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

LineKey = tuple[object, ...] | None


def cursor_bindings(prefix: str, noun: str = "") -> list[Binding]:
    """The six cursor keys of a list, with ids `<prefix>.up` … `<prefix>.page-down`."""
    what = f" {noun}" if noun else ""
    return [
        Binding("up", "cursor_up", f"Previous{what}", show=False, id=f"{prefix}.up"),
        Binding("down", "cursor_down", f"Next{what}", show=False, id=f"{prefix}.down"),
        Binding("home", "cursor_home", f"First{what}", show=False, id=f"{prefix}.home"),
        Binding("end", "cursor_end", f"Last{what}", show=False, id=f"{prefix}.end"),
        Binding("pageup", "page_up", "Page up", show=False, id=f"{prefix}.page-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id=f"{prefix}.page-down"),
    ]


class LineList(ScrollView):
    """A ScrollView of lines with a cursor, cached styles and changed-line repaint."""

    ALLOW_SELECT = False

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._styles: dict[str, Style] = {}

    # -- the cursor (a widget overrides the three below) ----------------------------------

    def cursor_position(self) -> int:
        """Where the cursor is, from 0."""
        raise NotImplementedError  # pragma: no cover

    def cursor_places(self) -> int:
        """How many places the cursor can be at (0: the list is empty)."""
        raise NotImplementedError  # pragma: no cover

    def move_cursor_to(self, index: int) -> None:
        """Put the cursor at `index`, already clamped to the places there are."""
        raise NotImplementedError  # pragma: no cover

    def move_cursor(self, delta: int) -> None:
        places = self.cursor_places()
        if places:
            self.move_cursor_to(max(0, min(self.cursor_position() + delta, places - 1)))

    def page_cursor(self, direction: int) -> None:
        """Page up (-1) or down (1): one screen less a line, so a line stays in sight."""
        self.move_cursor(direction * max(self.page_height() - 1, 1))

    def action_cursor_up(self) -> None:
        self.move_cursor(-1)

    def action_cursor_down(self) -> None:
        self.move_cursor(1)

    def action_cursor_home(self) -> None:
        self.move_cursor(-self.cursor_places())

    def action_cursor_end(self) -> None:
        self.move_cursor(self.cursor_places())

    def action_page_up(self) -> None:
        self.page_cursor(-1)

    def action_page_down(self) -> None:
        self.page_cursor(1)

    # -- scrolling -------------------------------------------------------------------------

    def top_line(self) -> int:
        return round(self.scroll_offset.y)

    def page_height(self) -> int:
        return max(self.scrollable_content_region.height, 1)

    def scroll_lines_into_view(self, first: int, last: int) -> None:
        """Scroll as little as needed to show lines `first` to `last` (the first wins when
        they do not fit)."""
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        top = self.top_line()
        if first < top:
            self.scroll_to(y=first, animate=False, force=True)
        elif last >= top + height:
            self.scroll_to(y=min(first, last - height + 1), animate=False, force=True)

    # -- styles and strips -----------------------------------------------------------------

    def style_of(self, name: str = "") -> Style:
        """A style by component class name ("" = the widget's own), fetched once per paint."""
        style = self._styles.get(name)
        if style is None:
            style = self.rich_style if not name else self.get_component_rich_style(name)
            self._styles[name] = style
        return style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self.forget_strips()

    def forget_strips(self) -> None:
        """Drop any painted lines a widget keeps: the styles they were painted in changed."""

    def render_lines(self, crop: Region) -> list[Strip]:
        self._styles.clear()  # focus and theme changes reach the styles here
        return super().render_lines(crop)

    def fit_strip(self, pieces: Sequence[tuple[str, Style]], width: int) -> Strip:
        """Pieces of literal text as a strip exactly `width` cells wide; what does not fit is
        cut with "…" (only the last piece may overflow: a widget fits its columns)."""
        strip = Strip([Segment(text, style) for text, style in pieces if text])
        if strip.cell_length > width:
            strip = strip.crop(0, max(width - 1, 0))
            strip = Strip([*strip, Segment("…", pieces[-1][1])])
        return strip.extend_cell_length(width, self.style_of())

    # -- changed-line repaint --------------------------------------------------------------

    def line_key(self, line: int) -> LineKey:
        """Everything the look of content line `line` depends on but the width and styles."""
        raise NotImplementedError  # pragma: no cover

    def visible_keys(self) -> list[LineKey]:
        top = self.top_line()
        return [self.line_key(line) for line in range(top, top + self.page_height())]

    def refresh_changed(self, before: list[LineKey]) -> None:
        """Repaint the visible lines whose key changed since `before` was taken: a change
        that leaves most of the screen as it was repaints little or nothing."""
        after = self.visible_keys()
        if len(after) != len(before) or not after:
            self.refresh()
            return
        top = self.top_line()
        changed = [n for n, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
        if len(changed) > len(after) // 2:
            self.refresh()
        else:
            for n in changed:
                self.refresh_line(top + n)


class LineView(LineList):
    """A LineList whose virtual size is its own business (see the module docstring)."""

    def set_virtual_height(self, rows: int) -> None:
        """Set the number of lines to scroll through, repainting the scrollbar now."""
        size = Size(0, rows)
        if size == self.virtual_size:
            return
        self.set_reactive(ScrollView.virtual_size, size)
        if self.is_mounted:
            self._scroll_update(size)

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        if size == self._size and container_size == self.container_size:
            return False  # nothing of ours changed in this layout pass
        return super()._size_updated(size, virtual_size, container_size, layout)
