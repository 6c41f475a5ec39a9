"""LazyTable: a table of any number of rows whose cells are made only when shown.

Textual's DataTable measures every cell of every row when rows are added (years of session
records made the history screen wait most of a second for 5,000 rows). A LazyTable is given
its columns (label, width, alignment), how many rows there are, and a function that makes the
cells of one row; it paints the rows on screen from those, caching what it made. The header
line stays at the top while the rows scroll under it.

Keys: the cursor keys of every list (`line_view.cursor_bindings`), enter to choose; a click
puts the cursor on a row and chooses it. Posts `Highlighted(row)` when the cursor moves and
`Selected(row)` when a row is chosen. Cells are literal text on one line, cut with "…".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from hamtui.tui.widgets.line_view import LineKey, LineView, cursor_bindings

GAP = 2  # spaces between columns
MARK = 1  # the cursor mark's column (▶), and a space after it


Justify = Literal["left", "right"]


@dataclass(frozen=True)
class Column:
    label: str
    width: int
    justify: Justify = "left"


Cells = tuple[str, ...]


class _RowMessage(Message):
    """A message about one row of a LazyTable (its two messages are siblings, not one the
    other's subclass: a handler of one would get both)."""

    def __init__(self, table: LazyTable, row: int) -> None:
        super().__init__()
        self.table = table
        self.row = row

    @property
    def control(self) -> LazyTable:
        return self.table


class LazyTable(LineView, can_focus=True):
    """See the module docstring."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "lazy-table--header",
        "lazy-table--cursor",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        *cursor_bindings("table", "row"),
        Binding("enter", "choose", "Choose", show=False, id="table.choose"),
    ]

    class Highlighted(_RowMessage):
        """The cursor moved to `row`."""

    class Selected(_RowMessage):
        """`row` was chosen (enter, or a click)."""

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns: tuple[Column, ...] = ()
        self.row_count = 0
        self.cursor_row = 0
        self._cells_of: Callable[[int], Cells] = lambda row: ()
        self._cells: LRUCache[int, Cells] = LRUCache(1024)
        self._strips: LRUCache[tuple[object, ...], Strip] = LRUCache(256)

    # -- data ------------------------------------------------------------------------------

    def set_rows(
        self, columns: Sequence[Column], count: int, cells_of: Callable[[int], Cells]
    ) -> None:
        """Show `count` rows of `columns`; `cells_of(n)` makes row n's cells when it is shown.
        The cursor goes to the first row."""
        self.columns = tuple(columns)
        self.row_count = count
        self._cells_of = cells_of
        self._cells.clear()
        self._strips.clear()
        self.cursor_row = 0
        self.set_virtual_height(count + 1)  # the header line and the rows
        self.scroll_to(y=0, animate=False, force=True)
        self.refresh()
        if count:
            self.post_message(self.Highlighted(self, 0))

    def row_cells(self, row: int) -> Cells:
        """The cells of `row` as shown (made once, then cached)."""
        cells = self._cells.get(row)
        if cells is None:
            cells = self._cells_of(row)
            self._cells[row] = cells
        return cells

    def table_width(self) -> int:
        columns = self.columns
        return MARK + 1 + sum(column.width for column in columns) + GAP * (len(columns) - 1)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self.table_width() + 1  # and the scrollbar's column

    # -- the cursor ------------------------------------------------------------------------

    def cursor_position(self) -> int:
        return self.cursor_row

    def cursor_places(self) -> int:
        return self.row_count

    def page_height(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)  # less the header

    def move_cursor_to(self, index: int) -> None:
        if not self.row_count:
            return
        if index != self.cursor_row:
            before = self.visible_keys()
            self.cursor_row = index
            self.refresh_changed(before)
            self.post_message(self.Highlighted(self, index))
        self.scroll_to_row(index)

    def scroll_to_row(self, row: int) -> None:
        """Scroll as little as needed for `row` to show under the header."""
        top = self.top_line()
        rows = self.page_height()
        if row < top:
            self.scroll_to(y=row, animate=False, force=True)
        elif row >= top + rows:
            self.scroll_to(y=row - rows + 1, animate=False, force=True)

    def action_choose(self) -> None:
        if self.row_count:
            self.post_message(self.Selected(self, self.cursor_row))

    async def _on_click(self, event: events.Click) -> None:
        region = self.scrollable_content_region
        line = event.screen_y - region.y
        row = self.top_line() + line - 1
        if region.contains(event.screen_x, event.screen_y) and line >= 1 and row < self.row_count:
            self.move_cursor_to(row)
            self.action_choose()

    # -- painting --------------------------------------------------------------------------

    def line_key(self, line: int) -> LineKey:
        """What a screen line shows: the header, or a row and whether the cursor is on it.
        (`visible_keys` counts from the top line; the header takes the first.)"""
        row = line - 1
        if line == self.top_line():
            return ("header",)
        return (row, row == self.cursor_row) if 0 <= row < self.row_count else None

    def visible_keys(self) -> list[LineKey]:
        top = self.top_line()
        return [self.line_key(top + n) for n in range(self.scrollable_content_region.height)]

    def forget_strips(self) -> None:
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            return self._strip(("header",), width)
        row = self.top_line() + y - 1
        if not 0 <= row < self.row_count:
            return Strip.blank(width, self.style_of())
        return self._strip((row, row == self.cursor_row, self.has_focus), width)

    def _strip(self, key: tuple[object, ...], width: int) -> Strip:
        cache_key = (*key, width, self.style_of())
        strip = self._strips.get(cache_key)
        if strip is None:
            strip = self._paint(key, width)
            self._strips[cache_key] = strip
        return strip

    def _paint(self, key: tuple[object, ...], width: int) -> Strip:
        base = self.style_of()
        if key[0] == "header":
            style = base + self.style_of("lazy-table--header")
            cells: Cells = tuple(column.label for column in self.columns)
            return self._line(" ", cells, style, width)
        row, cursor = key[0], key[1]
        assert isinstance(row, int)
        strip = self._line("▶" if cursor else " ", self.row_cells(row), base, width)
        if cursor:
            strip = strip.apply_style(self.style_of("lazy-table--cursor"))
        return strip

    def _line(self, mark: str, cells: Cells, style: Style, width: int) -> Strip:
        segments = [Segment(mark, style)]
        for n, (column, cell) in enumerate(zip(self.columns, cells, strict=False)):
            if cell_len(cell) > column.width:
                cell = set_cell_size(cell, column.width - 1) + "…"
            pad = " " * (column.width - cell_len(cell))
            padded = pad + cell if column.justify == "right" else cell + pad
            segments.append(Segment((" " * GAP if n else " ") + padded, style))
        return Strip(segments).crop(0, width).extend_cell_length(width, style)
