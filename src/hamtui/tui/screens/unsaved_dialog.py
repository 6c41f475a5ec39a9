"""UnsavedDialog: save the changes before something that would lose them?"""

from __future__ import annotations

from rich.text import Text

from hamtui.text import one_line
from hamtui.tui.screens.choice_dialog import Choice, ChoiceDialog


class UnsavedDialog(ChoiceDialog[str | None]):
    """ "Save changes to <name> before <what>?" Returns "save", "discard", or None (Cancel)."""

    CHOICES = (
        Choice("save", "save", "Save", "s,ctrl+s", "primary"),
        Choice("discard", "discard", "Discard", "d", "error"),
        Choice(None, "cancel", "Cancel", "escape"),
    )
    DEFAULT = "save"
    title_text = "Unsaved changes"

    def __init__(self, what: str, *, name: str = "this program") -> None:
        super().__init__()
        self.what = what
        self.name_ = name

    def body(self) -> Text:
        question = Text("Save changes to ")
        question.append(one_line(self.name_, 80), style="bold")
        question.append(f" before {one_line(self.what, 80)}?")
        return question
