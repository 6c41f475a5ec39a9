"""ConflictDialog: the file changed on disk since it was opened; reload, overwrite or save as."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text

from hamtui.text import one_line
from hamtui.tui.screens.choice_dialog import Choice, ChoiceDialog


class ConflictDialog(ChoiceDialog[str | None]):
    """Returns "reload", "overwrite", "save-as", or None (Cancel, which has focus)."""

    CHOICES = (
        Choice("reload", "reload", "Reload", "r", "warning"),
        Choice("overwrite", "overwrite", "Overwrite", "o", "error"),
        Choice("save-as", "save-as", "Save as…", "a", "primary"),
        Choice(None, "cancel", "Cancel", "escape"),
    )
    DEFAULT = "cancel"
    title_text = "The file changed on disk"

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def body(self) -> Text:
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
        return message
