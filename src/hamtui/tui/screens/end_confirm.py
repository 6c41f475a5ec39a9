"""EndConfirm: `q` during a session asks before ending it. Returns True to end."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class EndConfirm(ModalScreen[bool]):
    """y ends the session (recorded as ended early); n or escape goes back to it."""

    CSS_PATH = "end_confirm.tcss"
    AUTO_FOCUS = "#end-no"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "End session", id="end.yes"),
        Binding("n,escape", "answer(False)", "Keep going", id="end.no"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="end-box"):
            yield Label(Text("End the session now?", style="bold"), id="end-question")
            yield Label(
                Text(
                    "What you did so far is saved and the session is recorded as ended early. "
                    "The session is paused meanwhile."
                ),
                id="end-detail",
            )
            with Horizontal(id="end-buttons"):
                yield Button("End session (y)", id="end-yes", variant="error", compact=True)
                yield Button("Keep going (n/esc)", id="end-no", compact=True)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "end-yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
