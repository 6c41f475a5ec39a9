"""FilterBar: the filters of the search query as chips, `[cat: stretch ×]`.

The query text is the one source of truth: the bar shows its `key:value` parts, and a click
on a chip asks (RemoveRequested) for that part to be taken out of the text. Chip labels come
from what was typed, so they are shown literally.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

from hamtui.text import one_line

EMPTY_HINT = "No filters · ctrl+f adds one, or type key:value (cat:stretch stage:early equip:none)"


class FilterBar(Widget):
    """One line of chips; a click on a chip posts RemoveRequested(index). It repaints
    without a layout pass (its size never changes)."""

    class RemoveRequested(Message):
        """The chip at `index` (in the order given to set_chips) was clicked."""

        def __init__(self, filter_bar: FilterBar, index: int) -> None:
            super().__init__()
            self.filter_bar = filter_bar
            self.index = index

        @property
        def control(self) -> FilterBar:
            return self.filter_bar

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._content = Content("")
        self._labels: tuple[str, ...] | None = None
        self._spans: list[tuple[int, int]] = []

    def render(self) -> Content:
        return self._content

    @property
    def content(self) -> Content:
        return self._content

    @property
    def labels(self) -> tuple[str, ...]:
        return self._labels or ()

    def set_chips(self, labels: Sequence[str]) -> None:
        """Show these chips (labels like `cat: stretch`; a label ending ` ?` is a filter
        the search did not understand)."""
        wanted = tuple(labels)
        if wanted == self._labels:
            return
        self._labels = wanted
        self._spans = []
        if not wanted:
            self._content = Content.styled(EMPTY_HINT, "$text-muted")
            self.refresh()
            return
        parts: list[str | tuple[str, str]] = [("Filters: ", "$text-muted")]
        x = cell_len("Filters: ")
        for label in wanted:
            chip = f"[{one_line(label)} ×]"
            width = cell_len(chip)
            unclear = label.endswith(" ?")
            parts += [(chip, "bold $warning" if unclear else "bold $accent"), " "]
            self._spans.append((x, x + width))
            x += width + 1
        self._content = Content.assemble(*parts)
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y != 0:
            return
        for index, (start, end) in enumerate(self._spans):
            if start <= offset.x < end:
                event.stop()
                self.post_message(self.RemoveRequested(self, index))
                return
