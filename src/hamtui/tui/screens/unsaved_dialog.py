"""UnsavedDialog: save the changes before something that would lose them?"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from hamtui.text import one_line

CHOICES = ("save", "discard")


class UnsavedDialog(ModalScreen[str | None]):
    """ "Save changes to <name> before <what>?" Returns "save", "discard", or None (Cancel)."""

    CSS_PATH = "unsaved_dialog.tcss"
    AUTO_FOCUS = "#save"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s,ctrl+s", "choose('save')", "Save", id="unsaved.save"),
        Binding("d", "choose('discard')", "Discard", id="unsaved.discard"),
        Binding("escape", "cancel", "Cancel", id="unsaved.cancel"),
    ]

    def __init__(self, what: str, *, name: str = "this program") -> None:
        super().__init__()
        self.what = what
        self.name_ = name

    def compose(self) -> ComposeResult:
        question = Text("Save changes to ")
        question.append(one_line(self.name_, 80), style="bold")
        question.append(f" before {one_line(self.what, 80)}?")
        with Vertical(id="dialog"):
            yield Label(Text("Unsaved changes", style="bold"), id="dialog-title")
            yield Static(question, id="question")
            with Horizontal(id="buttons"):
                yield Button("Save (s)", id="save", variant="primary")
                yield Button("Discard (d)", id="discard", variant="error")
                yield Button("Cancel (esc)", id="cancel")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        choice = event.button.id
        self.dismiss(choice if choice in CHOICES else None)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice if choice in CHOICES else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
