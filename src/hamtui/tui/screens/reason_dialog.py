"""ReasonDialog: a decision and the reason for it, typed in a line (moving a rehab plan on or
back). Returns the reason, or None (Cancel). Enter records; a reason is required."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from hamtui.text import one_line


class ReasonDialog(ModalScreen[str | None]):
    """A title, what the decision does, and a line for the reason."""

    CSS_PATH = "reason_dialog.tcss"
    AUTO_FOCUS = "#reason"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="reason.cancel"),
    ]

    def __init__(self, title: str, body: str, action: str) -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.action_label = action

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text(one_line(self.title_text, 70), style="bold"), id="dialog-title")
            yield Static(Text(self.body), id="body")
            with Horizontal(id="reason-line"):
                yield Label("Why", id="reason-label")
                yield Input(compact=True, id="reason", max_length=500)
            yield Static("", id="reason-problem", markup=False)
            with Horizontal(id="buttons"):
                yield Button(f"{self.action_label} (enter)", id="record", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    @on(Input.Submitted, "#reason")
    @on(Button.Pressed, "#record")
    def _record(self) -> None:
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self.query_one("#reason-problem", Static).update("✗ type the reason, in a few words")
            return
        self.dismiss(reason)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
