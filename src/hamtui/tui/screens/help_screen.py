"""HelpScreen: every key the user can press, grouped, with what it does."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Label


class HelpScreen(ModalScreen[None]):
    """A table of (group, key, description) rows under a heading per group, in the order
    given (a group that comes back later is merged into its first place)."""

    CSS_PATH = "help_screen.tcss"
    AUTO_FOCUS = "#keys"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q,question_mark", "close", "Close help", id="help.close"),
        # the table would take Home and End sideways; in a list of keys they mean top, bottom
        Binding("home", "top", "Top", show=False, priority=True),
        Binding("end", "bottom", "Bottom", show=False, priority=True),
    ]

    def __init__(self, bindings: Sequence[tuple[str, str, str]]) -> None:
        super().__init__()
        self.bindings = list(bindings)

    def grouped(self) -> list[tuple[str, list[tuple[str, str]]]]:
        groups: dict[str, list[tuple[str, str]]] = {}
        for group, key, description in self.bindings:
            groups.setdefault(group, []).append((key, description))
        return list(groups.items())

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text("Keys", style="bold"), id="dialog-title")
            table: DataTable[Text] = DataTable(
                id="keys", cursor_type="none", show_header=False, zebra_stripes=False
            )
            yield table
            with Horizontal(id="help-bottom"):
                yield Label(
                    Text("esc, F1, ? or q closes · ctrl+p lists every command"),
                    id="help-hint",
                )
                yield Button("Close (esc)", id="close", compact=True)

    def on_mount(self) -> None:
        table: DataTable[Text] = self.query_one("#keys", DataTable)
        table.add_column("Key", key="key")
        table.add_column("Does", key="does")
        for number, (group, rows) in enumerate(self.grouped()):
            if number:
                table.add_row(Text(""), Text(""))
            table.add_row(Text(group, style="bold underline"), Text(""))
            for key, description in rows:
                table.add_row(Text(key, style="bold"), Text(description))

    @on(Button.Pressed, "#close")
    def _close_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_close()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_top(self) -> None:
        self.query_one("#keys", DataTable).scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.query_one("#keys", DataTable).scroll_end(animate=False)
