"""ProgramList: a program's blocks and items as one ordered, virtualised list.

One row per block header, then one per item. Only the rows on screen are rendered
(`render_line`), from a flat list of `(block, item)` row descriptors built in `set_program`,
so a 300-item program costs what a 20-item one costs.

The list is a view: it never edits the program. Keys and mouse drags post request messages
(`MoveRequested`, `RemoveRequested`, ...); the screen applies the edit through
`hamtui.editor` and calls `set_program` again (and `select` to keep the cursor on a moved
item, see `MoveRequested.landing`).

Drop positions are `(block, index)` pairs in the `hamtui.editor.move_item` convention: the
gap before item `index` of `block` as the program is *before* the move; `index ==
len(items)` is the gap after the block's last item. The pointer picks the gap *before* the
row under it: an item row means "before this item", the header of a later block means "after
the last item of the block above" (the indicator is drawn just above that header), the header
of the first block means "first item of the first block", and below the last row means "end
of the last block".

Why one long module: rows, drop targets and the drag state machine share the flat row list;
the cursor, styles and repaint come from `LineList`.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import repeat
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Offset, Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.timer import Timer

from hamtui.dose import effective_dose
from hamtui.text import one_line
from hamtui.tui.widgets.line_view import LineKey, LineList, cursor_bindings

if TYPE_CHECKING:  # the core models load after the first paint
    from hamtui.model.exercise import ExerciseBody
    from hamtui.model.program import Block, Item, Program


DropTarget = tuple[int, int]
"""(block, index): the gap before item `index` of `block`, as in editor.move_item."""

HEADER = -1  # the item index of a block's header row in the row descriptors

DROP_LABEL = " drop here "
UNRESOLVED = "unresolved"
# A mouse-down on an item becomes a drag after moving this far (cells).
DRAG_THRESHOLD_Y = 1
DRAG_THRESHOLD_X = 2
AUTO_SCROLL_INTERVAL = 0.08  # seconds between auto-scroll steps while held at an edge
MIN_NAME_WIDTH = 10
MIN_DOSE_WIDTH = 18  # `2 × 10 · hold 5 s` and a little
MARK_LEVELS = ("problem", "warning", "note")


def landing(src_block: int, src_item: int, dst_block: int, dst_index: int) -> tuple[int, int]:
    """Where an item ends up after `editor.move_item(src_block, src_item, dst_block,
    dst_index)` (clamping as move_item does only matters for an out-of-range dst_index)."""
    if src_block == dst_block and dst_index > src_item:
        return dst_block, dst_index - 1
    return dst_block, dst_index


def is_noop_move(src_block: int, src_item: int, dst_block: int, dst_index: int) -> bool:
    """True when moving to (dst_block, dst_index) leaves the item where it is."""
    return src_block == dst_block and dst_index in (src_item, src_item + 1)


def block_summary(block: Block) -> str:
    """`circuit × 3 rounds · rest 60 s between · 4 items` (or just `4 items`)."""
    parts: list[str] = []
    if block.rounds > 1:
        parts.append(f"circuit × {block.rounds} rounds")
        if block.rest_between_rounds_s:
            parts.append(f"rest {block.rest_between_rounds_s} s between")
    count = len(block.items)
    parts.append(f"{count} item{'s' if count != 1 else ''}")
    return " · ".join(parts)


class ProgramList(LineList, can_focus=True):
    """The blocks and items of a program, with keyboard and mouse reordering."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "program-list--header",
        "program-list--cursor",
        "program-list--dose",
        "program-list--number",
        "program-list--unresolved",
        "program-list--drop",
        "program-list--dragged",
        "program-list--empty",
        "program-list--mark-problem",
        "program-list--mark-warning",
        "program-list--mark-note",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        *cursor_bindings("program-list", "row"),
        Binding("shift+up,K", "move_up", "Move up", id="program-list.move-up"),
        Binding("shift+down,J", "move_down", "Move down", id="program-list.move-down"),
        Binding("enter,e", "edit", "Edit", id="program-list.edit"),
        Binding("delete,x", "remove", "Remove", id="program-list.remove"),
        Binding("d", "duplicate", "Duplicate", id="program-list.duplicate"),
        Binding("escape", "cancel_drag", "Cancel drag", show=False, id="program-list.cancel"),
    ]

    # -- messages --------------------------------------------------------------------------

    class _Request(Message):
        def __init__(self, program_list: ProgramList) -> None:
            super().__init__()
            self.program_list = program_list

        @property
        def control(self) -> ProgramList:
            return self.program_list

    class MoveRequested(_Request):
        """Move an item: arguments as `hamtui.editor.move_item` takes them."""

        def __init__(
            self,
            program_list: ProgramList,
            src_block: int,
            src_item: int,
            dst_block: int,
            dst_index: int,
        ) -> None:
            super().__init__(program_list)
            self.src_block = src_block
            self.src_item = src_item
            self.dst_block = dst_block
            self.dst_index = dst_index

        @property
        def landing(self) -> tuple[int, int]:
            """(block, item) where the item is once moved: pass it to `select`."""
            return landing(self.src_block, self.src_item, self.dst_block, self.dst_index)

    class BlockMoveRequested(_Request):
        """Move a block: arguments as `hamtui.editor.move_block` takes them."""

        def __init__(self, program_list: ProgramList, src: int, dst: int) -> None:
            super().__init__(program_list)
            self.src = src
            self.dst = dst

    class _ItemRequest(_Request):
        def __init__(self, program_list: ProgramList, block: int, item: int) -> None:
            super().__init__(program_list)
            self.block = block
            self.item = item

    class _BlockRequest(_Request):
        def __init__(self, program_list: ProgramList, block: int) -> None:
            super().__init__(program_list)
            self.block = block

    class EditRequested(_ItemRequest):
        """Edit the dose of an item (enter or `e`, or a double click)."""

    class RemoveRequested(_ItemRequest):
        """Remove an item (delete or `x`)."""

    class DuplicateRequested(_ItemRequest):
        """Duplicate an item (`d`)."""

    class BlockEditRequested(_BlockRequest):
        """Edit a block's name, rounds and rest (enter or `e` on its header)."""

    class BlockRemoveRequested(_BlockRequest):
        """Remove a block (delete or `x` on its header)."""

    class Highlighted(_Request):
        """The cursor moved to another row: `item` is None on a block header."""

        def __init__(self, program_list: ProgramList, block: int, item: int | None) -> None:
            super().__init__(program_list)
            self.block = block
            self.item = item

    # -- state -----------------------------------------------------------------------------

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._program: Program | None = None
        self._names: Mapping[str, str] = {}
        self._marks: Mapping[tuple[int, int], str] = {}
        self._rows: list[tuple[int, int]] = []  # (block, item) or (block, HEADER)
        self._headers: list[int] = []  # row index of each block's header
        # Column widths (cells), measured over the whole program in set_program.
        self._name_width = MIN_NAME_WIDTH  # longest item name
        self._dose_width = 0  # longest dose text
        self._mark_width = 0  # longest mark word
        self._digits = 1  # digits of the largest item number
        # id(item) -> (item, its exercise, (the block's rounds, the injured side), dose text,
        # cells)
        self._doses: dict[int, tuple[Item, object, object, str, int]] = {}
        self._exercises: Mapping[str, ExerciseBody] = {}
        self._name_cells: dict[str, int] = {}  # slug -> cells of the name shown for it
        self._paint_width: int | None = None  # the width, while painting
        self._cursor_row = 0
        self._announced: tuple[int, int | None] | None = None  # last Highlighted sent
        self._drop: DropTarget | None = None  # the gap the indicator is drawn in
        self._press: tuple[int, Offset] | None = None  # item row pressed, pointer at press
        self._dragging: tuple[int, int] | None = None  # (block, item) being dragged
        self._pointer: Offset | None = None  # last pointer position (screen) while dragging
        self._scroll_timer: Timer | None = None
        # row -> (everything the row's look depends on, its strip); see _row_key.
        self._strips: LRUCache[int, tuple[tuple[object, ...], Strip]] = LRUCache(512)

    # -- public API ------------------------------------------------------------------------

    def set_program(
        self,
        program: Program,
        names: Mapping[str, str],
        marks: Mapping[tuple[int, int], str],
        exercises: Mapping[str, ExerciseBody] | None = None,
    ) -> None:
        """Show a program. `names`: slug -> exercise name (a missing slug is shown as the
        slug and the word `unresolved`); `exercises`: slug -> exercise, for each item's
        effective dose (`hamtui.dose`: a held exercise's default hold, a circuit's rounds);
        `marks`: (block, item) -> a short word such as
        "problem", "warning" or "note". The cursor stays on the same (block, item) when it
        still exists, else the nearest row; a drag in progress is cancelled."""
        previous = self.cursor
        self._end_drag()
        self._drop = None
        before = self.visible_keys()
        self._program = program
        if names != self._names:
            self._name_cells = {}
        self._names = names
        if exercises is not None:
            self._exercises = exercises
        known = self._exercises
        self._marks = marks
        rows: list[tuple[int, int]] = []
        headers: list[int] = []
        # Cheap enough for a keystroke on 300 items: no text is built for rows here. Items an
        # edit did not touch are the same objects as before, so their dose text is reused.
        doses: dict[int, tuple[Item, object, object, str, int]] = {}
        old_doses = self._doses
        affected = program.affected_side
        name_cells = self._name_cells
        longest_name = longest_dose = most_items = 0
        for b, block in enumerate(program.blocks):
            headers.append(len(rows))
            rows.append((b, HEADER))
            items = block.items
            rows.extend(zip(repeat(b), range(len(items)), strict=False))
            most_items = max(most_items, len(items))
            for item in items:
                exercise = known.get(item.exercise)
                dose = old_doses.get(id(item))
                if (
                    dose is None
                    or dose[0] is not item
                    or dose[1] is not exercise
                    or dose[2] != (block.rounds, affected)
                ):
                    text = effective_dose(item, exercise, block, affected_side=affected).text()
                    dose = (item, exercise, (block.rounds, affected), text, cell_len(text))
                doses[id(item)] = dose
                if dose[4] > longest_dose:
                    longest_dose = dose[4]
                cells = name_cells.get(item.exercise)
                if cells is None:
                    cells = name_cells[item.exercise] = cell_len(self._item_name(item.exercise))
                if cells > longest_name:
                    longest_name = cells
        self._rows = rows
        self._headers = headers
        self._doses = doses
        self._name_width = max(longest_name, MIN_NAME_WIDTH)
        self._dose_width = longest_dose
        self._digits = len(str(most_items))
        self._mark_width = max((cell_len(one_line(m)) for m in set(marks.values())), default=0)
        self._update_virtual_size()
        self._set_cursor_row(self._row_for(*previous), announce=False)
        self.refresh_changed(before)

    @property
    def program(self) -> Program | None:
        return self._program

    @property
    def cursor(self) -> tuple[int, int | None]:
        """(block, item) under the cursor; item is None on a block header. (0, None) when
        the program has no blocks."""
        if not self._rows:
            return (0, None)
        block, item = self._rows[self._cursor_row]
        return (block, None if item == HEADER else item)

    def select(self, block: int, item: int | None = None) -> None:
        """Put the cursor on an item (or on a block's header when item is None), clamped to
        the rows there are, and scroll it into view."""
        self._set_cursor_row(self._row_for(block, item), announce=True)

    @property
    def row_count(self) -> int:
        """Rows in the list: one per block header and one per item."""
        return len(self._rows)

    @property
    def dragging(self) -> bool:
        """True while an item of this list is being dragged with the mouse."""
        return self._dragging is not None

    @property
    def drop_target(self) -> DropTarget | None:
        """The gap the drop indicator is shown in, if any."""
        return self._drop

    def drop_target_at(self, screen_x: int, screen_y: int) -> DropTarget | None:
        """The drop position for a pointer at a screen position, or None when the pointer is
        not over the list. Accounts for the drop indicator currently shown."""
        region = self.scrollable_content_region
        if not region.contains(screen_x, screen_y):
            return None
        return self._target_at_line(screen_y - region.y + self.scroll_offset.y)

    def show_drop_target(self, target: DropTarget | None) -> None:
        """Show the drop indicator in a gap (None hides it)."""
        if target is not None:
            target = self._clamp_target(target)
        if target == self._drop:
            return
        self._drop = target
        self._update_virtual_size()
        self.refresh()

    def track_external_drag(self, screen_x: int, screen_y: int) -> DropTarget | None:
        """For a drag that started elsewhere (the library): show the indicator where the
        pointer is, scroll a line when the pointer is on the top or bottom edge, and return
        the target (None, with the indicator hidden, when the pointer is not over the list)."""
        region = self.scrollable_content_region
        if not region.contains(screen_x, screen_y):
            self.show_drop_target(None)
            return None
        self._edge_scroll(screen_y - region.y)
        target = self.drop_target_at(screen_x, screen_y)
        self.show_drop_target(target)
        return target

    # -- geometry --------------------------------------------------------------------------

    def _item_name(self, slug: str) -> str:
        name = self._names.get(slug)
        return one_line(name) if name is not None else f"{one_line(slug)} {UNRESOLVED}"

    def _row_for(self, block: int, item: int | None) -> int:
        """The row of (block, item), clamped: a missing item goes to its block's last item
        (or header), a missing block to the last block."""
        if not self._headers:
            return 0
        block = max(0, min(block, len(self._headers) - 1))
        header = self._headers[block]
        if item is None:
            return header
        count = self._block_len(block)
        if count == 0:
            return header
        return header + 1 + max(0, min(item, count - 1))

    def _block_len(self, block: int) -> int:
        end = self._headers[block + 1] if block + 1 < len(self._headers) else len(self._rows)
        return end - self._headers[block] - 1

    def _gap_row(self, target: DropTarget) -> int:
        """The row the indicator is drawn above (len(rows) = below the last row)."""
        if not self._headers:
            return 0
        block, index = target
        return self._headers[block] + 1 + index

    def _clamp_target(self, target: DropTarget) -> DropTarget:
        if not self._headers:
            return (0, 0)
        block = max(0, min(target[0], len(self._headers) - 1))
        return (block, max(0, min(target[1], self._block_len(block))))

    def _target_for_row(self, row: int) -> DropTarget:
        """The gap before a row ("before the row under the pointer")."""
        if not self._rows:
            return (0, 0)
        if row >= len(self._rows):
            last = len(self._headers) - 1
            return (last, self._block_len(last))
        block, item = self._rows[max(row, 0)]
        if item != HEADER:
            return (block, item)
        if block == 0:
            return (0, 0)
        return (block - 1, self._block_len(block - 1))

    def _line_to_row(self, line: int) -> int | None:
        """The row drawn on a content line, or None for the drop indicator's line."""
        if self._drop is None:
            return line
        gap = self._gap_row(self._drop)
        if line == gap:
            return None
        return line - 1 if line > gap else line

    def _row_to_line(self, row: int) -> int:
        if self._drop is not None and row >= self._gap_row(self._drop):
            return row + 1
        return row

    def _target_at_line(self, line: int) -> DropTarget:
        row = self._line_to_row(max(line, 0))
        if row is None:
            assert self._drop is not None
            return self._drop
        return self._target_for_row(row)

    def _line_count(self) -> int:
        return len(self._rows) + (1 if self._drop is not None else 0)

    def _update_virtual_size(self) -> None:
        # Width 0: rows are cropped to the width, so there is never a horizontal scrollbar.
        self.virtual_size = Size(0, self._line_count())

    # -- cursor ----------------------------------------------------------------------------

    def _set_cursor_row(self, row: int, *, announce: bool) -> None:
        row = max(0, min(row, len(self._rows) - 1)) if self._rows else 0
        old = self._cursor_row
        changed = row != old
        self._cursor_row = row
        if changed:
            self._refresh_row(old)
            self._refresh_row(row)
        self._scroll_to_row(row)
        if announce and self._rows and self.cursor != self._announced:
            self._announced = self.cursor
            self.post_message(self.Highlighted(self, *self._announced))

    def _scroll_to_row(self, row: int) -> None:
        line = self._row_to_line(row)
        self.scroll_lines_into_view(line, line)

    def cursor_position(self) -> int:
        return self._cursor_row

    def cursor_places(self) -> int:
        return len(self._rows)

    def move_cursor_to(self, index: int) -> None:
        self._set_cursor_row(index, announce=True)

    # -- requests --------------------------------------------------------------------------

    def action_move_up(self) -> None:
        self._keyboard_move(-1)

    def action_move_down(self) -> None:
        self._keyboard_move(1)

    def _keyboard_move(self, direction: int) -> None:
        if not self._rows or self._dragging is not None:
            return
        block, item = self.cursor
        if item is None:
            dst = block + direction
            if 0 <= dst < len(self._headers):
                self.post_message(self.BlockMoveRequested(self, block, dst))
            return
        count = self._block_len(block)
        if direction < 0:
            if item > 0:
                self.post_message(self.MoveRequested(self, block, item, block, item - 1))
            elif block > 0:
                end = self._block_len(block - 1)
                self.post_message(self.MoveRequested(self, block, item, block - 1, end))
        elif item < count - 1:
            self.post_message(self.MoveRequested(self, block, item, block, item + 2))
        elif block + 1 < len(self._headers):
            self.post_message(self.MoveRequested(self, block, item, block + 1, 0))

    def action_edit(self) -> None:
        if not self._rows:
            return
        block, item = self.cursor
        if item is None:
            self.post_message(self.BlockEditRequested(self, block))
        else:
            self.post_message(self.EditRequested(self, block, item))

    def action_remove(self) -> None:
        if not self._rows:
            return
        block, item = self.cursor
        if item is None:
            self.post_message(self.BlockRemoveRequested(self, block))
        else:
            self.post_message(self.RemoveRequested(self, block, item))

    def action_duplicate(self) -> None:
        block, item = self.cursor
        if self._rows and item is not None:
            self.post_message(self.DuplicateRequested(self, block, item))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_drag":
            # Not dragging: let escape go on to the screen's bindings.
            return self._dragging is not None or self._press is not None
        return True

    def action_cancel_drag(self) -> None:
        self._end_drag()
        self.show_drop_target(None)

    # -- mouse -----------------------------------------------------------------------------

    def _row_at_screen_y(self, screen_y: int) -> int | None:
        region = self.scrollable_content_region
        row = self._line_to_row(screen_y - region.y + self.scroll_offset.y)
        if row is None or not 0 <= row < len(self._rows):
            return None
        return row

    async def _on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button != 1 or self._dragging is not None:
            return
        if not self.scrollable_content_region.contains(event.screen_x, event.screen_y):
            return  # on the scrollbar
        row = self._row_at_screen_y(event.screen_y)
        if row is None:
            return
        self._set_cursor_row(row, announce=True)
        if self._rows[row][1] != HEADER:
            # Capture now, so the release reaches us even if it happens elsewhere.
            self._press = (row, event.screen_offset)
            self.capture_mouse()

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        if self._dragging is None:
            if self._press is None:
                return
            row, start = self._press
            dx = abs(event.screen_x - start.x)
            dy = abs(event.screen_y - start.y)
            if dy < DRAG_THRESHOLD_Y and dx < DRAG_THRESHOLD_X:
                return
            self._start_drag(row)
        self._pointer = event.screen_offset
        self._drag_to_pointer()

    async def _on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging is None:
            self._end_drag()  # a click: forget the press, release the mouse
            return
        self._pointer = event.screen_offset
        self._drag_to_pointer(scroll=False)
        source, target = self._dragging, self._drop
        self._end_drag()
        self.show_drop_target(None)
        if target is None:
            return
        src_block, src_item = source
        dst_block, dst_index = target
        if not is_noop_move(src_block, src_item, dst_block, dst_index):
            self.post_message(self.MoveRequested(self, src_block, src_item, dst_block, dst_index))

    def _on_mouse_release(self, event: events.MouseRelease) -> None:
        # The capture was taken away (another widget captured the mouse): drop nothing.
        if self._dragging is not None or self._press is not None:
            self._end_drag()
            self.show_drop_target(None)

    async def _on_click(self, event: events.Click) -> None:
        if event.chain == 2 and self._dragging is None:
            self.action_edit()

    def _start_drag(self, row: int) -> None:
        block, item = self._rows[row]
        self._dragging = (block, item)
        self._press = None
        self.capture_mouse()  # already captured on the press; harmless again
        self.refresh()

    def _end_drag(self) -> None:
        """Stop a drag (or a press that might become one) without dropping."""
        if self._scroll_timer is not None:
            self._scroll_timer.stop()
            self._scroll_timer = None
        self._press = None
        self._pointer = None
        if self._dragging is not None:
            self._dragging = None
            self.refresh()
        self.release_mouse()

    def _drag_to_pointer(self, *, scroll: bool = True) -> None:
        """Move the indicator to the pointer; near an edge, scroll (and keep scrolling)."""
        if self._pointer is None:
            return
        region = self.scrollable_content_region
        y = self._pointer.y - region.y
        if scroll:
            scrolling = self._edge_scroll(y)
            if scrolling and self._scroll_timer is None:
                self._scroll_timer = self.set_interval(AUTO_SCROLL_INTERVAL, self._auto_scroll)
            elif not scrolling and self._scroll_timer is not None:
                self._scroll_timer.stop()
                self._scroll_timer = None
        y = max(0, min(y, region.height - 1))
        self.show_drop_target(self._target_at_line(y + self.scroll_offset.y))

    def _edge_scroll(self, y: int) -> bool:
        """Scroll one line when content line y (relative to the top of the view) is on or
        beyond the top or bottom edge. True when it is in the edge zone (and could scroll)."""
        height = self.scrollable_content_region.height
        top = round(self.scroll_offset.y)
        if y <= 0 and top > 0:
            self.scroll_to(y=top - 1, animate=False, force=True)
            return True
        if y >= height - 1 and top < self.max_scroll_y:
            self.scroll_to(y=top + 1, animate=False, force=True)
            return True
        return False

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self._dragging is not None and round(old_value) != round(new_value):
            self._drag_to_pointer(scroll=False)  # the rows moved under the pointer

    def _auto_scroll(self) -> None:
        if self._dragging is None:
            return
        self._drag_to_pointer()

    def on_resize(self, event: events.Resize) -> None:
        self._scroll_to_row(self._cursor_row)

    # -- partial repaint -------------------------------------------------------------------

    def _row_key(self, row: int) -> tuple[object, ...]:
        """Everything a row's look depends on but the width and the widget's styles. Items
        are compared as objects: an item an edit did not touch is the same object, so the
        comparison is an identity check."""
        assert self._program is not None
        block_index, item_index = self._rows[row]
        block = self._program.blocks[block_index]
        cursor = row == self._cursor_row
        dragged = self._dragging is not None and self._rows[row] == self._dragging
        if item_index == HEADER:
            summary = (block.name, block.rounds, block.rest_between_rounds_s, len(block.items))
            return ("header", block_index, summary, cursor)
        item = block.items[item_index]
        dose = self._doses.get(id(item))
        return (
            "item",
            item_index,
            item,
            dose[3] if dose is not None else None,
            self._names.get(item.exercise),
            self._marks.get((block_index, item_index)),
            (self._digits, self._name_width, self._dose_width, self._mark_width),
            cursor,
            dragged,
        )

    def line_key(self, line: int) -> LineKey:
        if not self._rows:
            return ("empty", line, self._drop is not None)
        row = self._line_to_row(line)
        if row is None:
            return ("drop",)
        return self._row_key(row) if row < len(self._rows) else None

    def _refresh_row(self, row: int) -> None:
        self.refresh_line(self._row_to_line(row))

    # -- rendering -------------------------------------------------------------------------

    def forget_strips(self) -> None:
        self._strips.clear()

    def render_lines(self, crop: Region) -> list[Strip]:
        self._paint_width = self.scrollable_content_region.width
        try:
            return super().render_lines(crop)
        finally:
            self._paint_width = None

    def render_line(self, y: int) -> Strip:
        width = self._paint_width or self.scrollable_content_region.width
        line = y + round(self.scroll_offset.y)
        base = self.style_of()
        if not self._rows:
            if line == 0 and self._drop is not None:
                return self._drop_strip(width)
            if line == 0:
                empty = base + self.style_of("program-list--empty")
                return self.fit_strip(
                    [(" No blocks yet: add an exercise from the library", empty)], width
                )
            return Strip.blank(width, base)
        row = self._line_to_row(line)
        if row is None:
            return self._drop_strip(width)
        if row >= len(self._rows):
            return Strip.blank(width, base)
        key = (self._row_key(row), width, self.has_focus, base)
        cached = self._strips.get(row)
        if cached is not None and cached[0] == key:
            return cached[1]
        cursor = row == self._cursor_row
        dragged = self._dragging is not None and self._rows[row] == self._dragging
        strip = self._render_row(row, width, cursor=cursor, dragged=dragged)
        self._strips[row] = (key, strip)
        return strip

    def _drop_strip(self, width: int) -> Strip:
        style = self.style_of() + self.style_of("program-list--drop")
        label = DROP_LABEL if width >= len(DROP_LABEL) + 4 else ""
        left = max((width - len(label)) // 2, 0)
        right = max(width - left - len(label), 0)
        return Strip([Segment("─" * left + label + "─" * right, style)], width)

    def _render_row(self, row: int, width: int, *, cursor: bool, dragged: bool) -> Strip:
        """One row (a header or an item) as a strip of exactly `width` cells."""
        assert self._program is not None
        block_index, item_index = self._rows[row]
        block = self._program.blocks[block_index]
        base = self.style_of()
        pieces: list[tuple[str, Style]] = [("↕" if dragged else "▶" if cursor else " ", base)]
        if item_index == HEADER:
            header = base + self.style_of("program-list--header")
            name = one_line(block.name) if block.name else f"Block {block_index + 1}"
            pieces.append((f"■ {name}", header))
            pieces.append((f"  ·  {block_summary(block)}", base))
        else:
            self._item_pieces(pieces, block, block_index, item_index, width)
        if dragged:
            dim = self.style_of("program-list--dragged")
            pieces = [(text, style + dim) for text, style in pieces]
        strip = self.fit_strip(pieces, width)
        if cursor:
            strip = strip.apply_style(self.style_of("program-list--cursor"))
        return strip

    def _item_pieces(
        self, pieces: list[tuple[str, Style]], block: Block, b: int, i: int, width: int
    ) -> None:
        """`  1. Glute Bridge      2 × 10 · hold 3 s · rest 45 s   warning`: columns of the
        same width on every row. The name gets its full width while the dose keeps at least
        MIN_DOSE_WIDTH cells; below that both shrink, the dose's tail first."""
        item = block.items[i]
        base = self.style_of()
        number = f" {i + 1:>{self._digits}}. "
        pieces.append((number, base + self.style_of("program-list--number")))
        mark_col = self._mark_width + 2 if self._mark_width else 0
        room = max(width - 1 - len(number) - mark_col, 0)
        dose_floor = min(self._dose_width, MIN_DOSE_WIDTH)
        name_col = max(min(self._name_width, max(room - dose_floor - 2, MIN_NAME_WIDTH)), 0)
        name_col = min(name_col, room)
        known = self._names.get(item.exercise)
        if known is not None:
            pieces.append((fit(one_line(known), name_col), base))
        else:
            word = f" {UNRESOLVED}"
            slug = one_line(item.exercise)
            slug_col = min(cell_len(slug), max(name_col - len(word), 1))
            pieces.append((fit(slug, slug_col), base))
            pieces.append((word, base + self.style_of("program-list--unresolved")))
            pieces.append((" " * max(name_col - slug_col - len(word), 0), base))
        cached = self._doses.get(id(item))
        if cached is not None and cached[0] is item:
            dose = cached[3]
        else:
            exercise = self._exercises.get(item.exercise)
            affected = self._program.affected_side if self._program is not None else None
            dose = effective_dose(item, exercise, block, affected_side=affected).text()
        dose_style = base + self.style_of("program-list--dose")
        pieces.append(("  " + fit(dose, max(room - name_col - 2, 0)), dose_style))
        mark = self._marks.get((b, i))
        if mark:
            level = mark if mark in MARK_LEVELS else "note"
            style = base + self.style_of(f"program-list--mark-{level}")
            pieces.append((f"  {one_line(mark):>{self._mark_width}}", style))


def fit(text: str, width: int) -> str:
    """Text padded or cut (ending in "…") to exactly `width` cells."""
    cells = cell_len(text)
    if cells <= width:
        return text + " " * (width - cells)
    if width <= 0:
        return ""
    return set_cell_size(text, width - 1) + "…"
