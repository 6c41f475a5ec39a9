"""ListPicker: choose one of a few lines of text (a plan to open, a self-check to confirm).
Returns the index of the chosen line, or None (escape)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from hamtui.text import one_line


class ListPicker(ModalScreen[int | None]):
    """A bold title, a line that says what enter does, and the lines to choose from (shown
    literally); enter chooses the highlighted one, escape cancels."""

    CSS_PATH = "list_picker.tcss"
    AUTO_FOCUS = "#choices"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
    ]

    def __init__(self, title: str, body: str, lines: Sequence[str]) -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.lines = list(lines)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text(one_line(self.title_text, 70), style="bold"), id="dialog-title")
            yield Static(Text(self.body), id="body")
            yield OptionList(
                *(Option(Text(one_line(line)), id=str(n)) for n, line in enumerate(self.lines)),
                id="choices",
            )

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)

    def action_cancel(self) -> None:
        self.dismiss(None)
