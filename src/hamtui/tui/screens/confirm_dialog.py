"""ConfirmDialog: a yes/no question (remove a block, overwrite a file). Returns a bool."""

from __future__ import annotations

from rich.text import Text

from hamtui.tui.screens.choice_dialog import Choice, ChoiceDialog


class ConfirmDialog(ChoiceDialog[bool]):
    """Ask before something that cannot be taken back easily; the safe answer has focus."""

    CHOICES = (
        Choice(True, "yes", "Yes", "y", "error"),
        Choice(False, "no", "Cancel", "n,escape"),
    )
    DEFAULT = "no"

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "Cancel") -> None:
        super().__init__()
        self.question = question
        self.words = {"yes": yes, "no": no}

    def body(self) -> Text:
        return Text(self.question)

    def button_label(self, choice: Choice) -> str:
        return f"{self.words[choice.id]} ({choice.hint})"
