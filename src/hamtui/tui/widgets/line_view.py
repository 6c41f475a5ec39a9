"""LineView: a ScrollView base for line widgets that repaint in the frame of their change.

Two Textual 8 behaviours would cost a Line API list an extra frame (16.7 ms at 60 fps) on
every keystroke of a search box above it:

- setting `virtual_size` (a reactive with layout=True) asks for a layout pass, during which
  the scrollbar is refreshed, so it repaints a frame later than the rows;
- every layout pass (the search box's own `Input` asks for one on each character) hands a
  ScrollView its region size as the "virtual size", which never equals the real one, so the
  ScrollView refreshes its scrollbar again, a frame later.

A LineView sets its virtual height without a layout pass (the vertical scrollbar is always
shown, `overflow-y: scroll`, so the content width cannot change) and updates its scrollbar at
once; and it ignores a layout pass that changes neither its size nor its container size.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView


class LineView(ScrollView):
    """A ScrollView whose virtual size is its own business (see the module docstring)."""

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
