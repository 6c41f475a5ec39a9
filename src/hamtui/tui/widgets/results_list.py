"""ResultsList: a virtualised list of library cards.

Only the rows on screen are rendered (`render_line`), from the `Card`s the list holds: a
10,000-row list costs what a 20-row list costs, and keeps no widget or rendered line per row.
The highlighted row is reversed and marked `▶`, so it does not rely on colour.

Mouse: a click highlights a row, a double click selects it; pressing on a row and moving
(1 cell vertically or 2 horizontally) starts a drag: the list captures the mouse and posts
`DragStarted`, `DragMoved` and, on release, `DragReleased`; escape cancels (`DragCancelled`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Protocol, runtime_checkable

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip

from hamtui.card import Card
from hamtui.text import one_line
from hamtui.tui.widgets.line_view import LineKey, LineView, cursor_bindings

MARKER = "▶ "
NO_MARKER = "  "
META_GAP = 2  # cells between a name and its category · stages
DRAG_X = 2  # cells the mouse moves sideways before a press becomes a drag
DRAG_Y = 1  # rows it moves up or down


@runtime_checkable
class SlugIndexed(Protocol):
    """A card sequence that can find a slug faster than a scan (optional)."""

    def index_of_slug(self, slug: str) -> int | None: ...


def row_meta(card: Card) -> str:
    """`category · stage, stage` of a row, on one line."""
    stages = ", ".join(card.stages)
    return one_line(f"{card.category} · {stages}" if stages else card.category)


def row_segments(
    card: Card, width: int, highlighted: bool, style: Style, meta_style: Style
) -> list[Segment]:
    """One row, exactly `width` cells: marker, name (shortened with … if needed), then the
    category and stages right-aligned, shortened or left out when the name needs the room."""
    if width <= 0:
        return []
    marker = set_cell_size(MARKER if highlighted else NO_MARKER, min(width, 2))
    room = width - cell_len(marker)
    name = one_line(card.name)
    meta = row_meta(card)
    name_len = cell_len(name)
    meta_len = cell_len(meta)
    if name_len + META_GAP + meta_len <= room:
        meta_room = meta_len
    else:  # the name keeps at least two thirds of the row
        meta_room = min(meta_len, max(room - name_len - META_GAP, room // 3))
        if meta_room < 4:
            meta_room = 0
    name_room = room - (meta_room + META_GAP if meta_room else 0)
    if name_len > name_room:
        name = set_cell_size(name, max(name_room - 1, 0)) + "…" if name_room else ""
        name_len = cell_len(name)
    segments = [Segment(marker, style), Segment(name, style)]
    if meta_room:
        if meta_len > meta_room:
            meta = set_cell_size(meta, meta_room - 1) + "…"
        gap = room - name_len - cell_len(meta)
        segments += [Segment(" " * gap, style), Segment(meta, meta_style)]
    else:
        segments.append(Segment(" " * (room - name_len), style))
    return segments


class ResultsList(LineView, can_focus=True):
    """A list of library cards that renders only the rows on screen."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "results-list--highlight",
        "results-list--hover",
        "results-list--meta",
        "results-list--empty",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        *cursor_bindings("results", "exercise"),
        Binding("enter", "select", "Add", id="results.select"),
        Binding("escape", "cancel_drag", "Cancel drag", show=False, id="results.cancel_drag"),
    ]

    class _ListMessage(Message):
        def __init__(self, results_list: ResultsList) -> None:
            super().__init__()
            self.results_list = results_list

        @property
        def control(self) -> ResultsList:
            return self.results_list

    class Highlighted(_ListMessage):
        """The highlighted card changed (None: the list is empty)."""

        def __init__(self, results_list: ResultsList, card: Card | None) -> None:
            super().__init__(results_list)
            self.card = card

    class Selected(_ListMessage):
        """Enter or a double click on a card."""

        def __init__(self, results_list: ResultsList, card: Card) -> None:
            super().__init__(results_list)
            self.card = card

    class DragStarted(_ListMessage):
        """A card is being dragged; the list holds the mouse until it is released."""

        def __init__(self, results_list: ResultsList, card: Card) -> None:
            super().__init__(results_list)
            self.card = card

    class DragMoved(_ListMessage):
        """The mouse moved during a drag (screen coordinates)."""

        def __init__(self, results_list: ResultsList, screen_x: int, screen_y: int) -> None:
            super().__init__(results_list)
            self.screen_x = screen_x
            self.screen_y = screen_y

    class DragReleased(_ListMessage):
        """The dragged card was let go here (screen coordinates)."""

        def __init__(self, results_list: ResultsList, screen_x: int, screen_y: int) -> None:
            super().__init__(results_list)
            self.screen_x = screen_x
            self.screen_y = screen_y

    class DragCancelled(_ListMessage):
        """Escape during a drag: nothing is dropped."""

    def __init__(
        self,
        cards: Sequence[Card] = (),
        *,
        empty_text: str = "No exercises match.",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._cards: Sequence[Card] = cards
        self._highlight = 0 if cards else -1
        self._posted: str | None = None  # slug of the last Highlighted posted ("" = None)
        self._hover = -1
        self._press: tuple[int, int, int] | None = None  # row, screen x, screen y
        self._dragging = False
        self.empty_text = empty_text
        self.set_virtual_height(len(cards))

    # -- the public API ---------------------------------------------------------------------

    @property
    def cards(self) -> Sequence[Card]:
        return self._cards

    @property
    def highlighted(self) -> int | None:
        """The row of the highlighted card, or None when the list is empty."""
        return self._highlight if self._highlight >= 0 else None

    @property
    def highlighted_card(self) -> Card | None:
        return self._cards[self._highlight] if self._highlight >= 0 else None

    @property
    def dragging(self) -> bool:
        return self._dragging

    def set_cards(self, cards: Sequence[Card], *, keep_highlight: bool = True) -> None:
        """Show these cards. The highlight stays on the same slug if it is still listed
        (with keep_highlight) and goes to the first row otherwise."""
        previous = self.highlighted_card
        before = self.visible_keys()
        self._cards = cards
        row = -1
        if keep_highlight and previous is not None:
            row = self._find(previous.slug)
        if row < 0:
            row = 0 if len(cards) else -1
        self._hover = -1
        self.set_virtual_height(len(cards))
        self._highlight = row
        if row <= 0:
            self.scroll_to(y=0, animate=False, force=True)
        else:
            self.scroll_lines_into_view(row, row)
        self.refresh_changed(before)
        self._post_highlighted()

    def highlight_slug(self, slug: str) -> bool:
        """Highlight the card with this slug; False if it is not listed."""
        row = self._find(slug)
        if row < 0:
            return False
        self.highlight_row(row)
        return True

    def highlight_row(self, row: int) -> None:
        """Highlight a row (clamped to the list) and scroll it into view."""
        count = len(self._cards)
        if not count:
            return
        row = max(0, min(row, count - 1))
        old = self._highlight
        if row != old:
            self._highlight = row
            self._refresh_row(old)
            self._refresh_row(row)
        self.scroll_lines_into_view(row, row)
        if row != old:
            self._post_highlighted()

    def on_mount(self) -> None:
        self._post_highlighted()

    # -- keys -------------------------------------------------------------------------------

    def cursor_position(self) -> int:
        return max(self._highlight, 0)

    def cursor_places(self) -> int:
        return len(self._cards)

    def move_cursor_to(self, index: int) -> None:
        self.highlight_row(index)

    def action_select(self) -> None:
        card = self.highlighted_card
        if card is not None:
            self.post_message(self.Selected(self, card))

    def action_cancel_drag(self) -> None:
        if self._dragging:
            self._end_drag()
            self.post_message(self.DragCancelled(self))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_drag":
            return self._dragging  # escape goes elsewhere when nothing is dragged
        return True

    # -- rendering --------------------------------------------------------------------------

    def line_key(self, line: int) -> LineKey:
        cards = self._cards
        if not len(cards):
            return ("empty", line)
        if line >= len(cards):
            return None
        return (cards[line], line == self._highlight, line == self._hover)

    def render_line(self, y: int) -> Strip:
        row = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        style = self.style_of()
        count = len(self._cards)
        if row >= count:
            if count == 0 and y == 0:
                empty = self.style_of("results-list--empty")
                text = set_cell_size(NO_MARKER + self.empty_text, width)
                return Strip([Segment(text, empty)], width)
            return Strip.blank(width, style)
        card = self._cards[row]
        meta = self.style_of("results-list--meta")
        if row == self._highlight:
            style = self.style_of("results-list--highlight")
            meta = style + self.get_component_rich_style("results-list--meta", partial=True)
        elif row == self._hover:
            style = self.style_of("results-list--hover")
        return Strip(row_segments(card, width, row == self._highlight, style, meta), width)

    # -- mouse ------------------------------------------------------------------------------

    def _row_at(self, event: events.MouseEvent) -> int:
        offset = event.get_content_offset(self)
        if offset is None:
            return -1
        row = self.scroll_offset.y + offset.y
        return row if 0 <= row < len(self._cards) else -1

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button not in (0, 1):
            return
        row = self._row_at(event)
        if row < 0:
            return
        self.focus()
        self.highlight_row(row)
        self._press = (row, event.screen_x, event.screen_y)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._dragging:
            self.post_message(self.DragMoved(self, event.screen_x, event.screen_y))
            return
        if self._press is not None:
            row, x, y = self._press
            if abs(event.screen_y - y) >= DRAG_Y or abs(event.screen_x - x) >= DRAG_X:
                if row < len(self._cards):
                    self._dragging = True
                    self.capture_mouse()
                    self.post_message(self.DragStarted(self, self._cards[row]))
                    self.post_message(self.DragMoved(self, event.screen_x, event.screen_y))
                else:
                    self._press = None
            return
        hover = self._row_at(event)
        if hover != self._hover:
            old, self._hover = self._hover, hover
            self._refresh_row(old)
            self._refresh_row(hover)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            self._end_drag()
            self.post_message(self.DragReleased(self, event.screen_x, event.screen_y))
        self._press = None

    def on_click(self, event: events.Click) -> None:
        if event.chain >= 2 and self._row_at(event) == self._highlight:
            self.action_select()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover >= 0:
            old, self._hover = self._hover, -1
            self._refresh_row(old)

    def on_blur(self, event: events.Blur) -> None:
        if self._dragging:
            self.action_cancel_drag()

    # -- internals --------------------------------------------------------------------------

    def _end_drag(self) -> None:
        self._dragging = False
        self._press = None
        self.release_mouse()

    def _find(self, slug: str) -> int:
        cards = self._cards
        if isinstance(cards, SlugIndexed):
            found = cards.index_of_slug(slug)
            return -1 if found is None else found
        for row, card in enumerate(cards):
            if card.slug == slug:
                return row
        return -1

    def _refresh_row(self, row: int) -> None:
        if row >= 0:
            self.refresh_line(row)

    def _post_highlighted(self) -> None:
        card = self.highlighted_card
        key = card.slug if card is not None else ""
        if key != self._posted:
            self._posted = key
            self.post_message(self.Highlighted(self, card))
