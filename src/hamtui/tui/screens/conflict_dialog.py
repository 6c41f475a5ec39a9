"""ConflictDialog: the file changed on disk since it was opened; reload, overwrite or save as."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from hamtui.text import one_line

CHOICES = ("reload", "overwrite", "save-as")


class ConflictDialog(ModalScreen[str | None]):
    """Returns "reload", "overwrite", "save-as", or None (Cancel)."""

    CSS_PATH = "conflict_dialog.tcss"
    AUTO_FOCUS = "#cancel"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('reload')", "Reload", id="conflict.reload"),
        Binding("o", "choose('overwrite')", "Overwrite", id="conflict.overwrite"),
        Binding("a", "choose('save-as')", "Save as", id="conflict.save_as"),
        Binding("escape", "cancel", "Cancel", id="conflict.cancel"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        message = Text()
        message.append(one_line(str(self.path)), style="bold")
        message.append(
            "\nchanged on disk since you opened it: someone or something else saved it.\n\n"
        )
        message.append("Reload", style="bold")
        message.append("     load the file as it is now; undo gets your changes back\n")
        message.append("Overwrite", style="bold")
        message.append("  replace the file with your version\n")
        message.append("Save as…", style="bold")
        message.append("   keep both: save your version under another name")
        with Vertical(id="dialog"):
            yield Label(Text("The file changed on disk", style="bold"), id="dialog-title")
            yield Static(message, id="message")
            with Horizontal(id="buttons"):
                yield Button("Reload (r)", id="reload", variant="warning")
                yield Button("Overwrite (o)", id="overwrite", variant="error")
                yield Button("Save as… (a)", id="save-as", variant="primary")
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
