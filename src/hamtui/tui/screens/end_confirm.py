"""EndConfirm: `q` during a session asks before ending it. Returns True to end."""

from __future__ import annotations

from rich.text import Text

from hamtui.tui.screens.choice_dialog import Choice, ChoiceDialog


class EndConfirm(ChoiceDialog[bool]):
    """y ends the session (recorded as ended early); n or escape goes back to it."""

    CHOICES = (
        Choice(True, "yes", "End session", "y", "error"),
        Choice(False, "no", "Keep going", "n,escape"),
    )
    DEFAULT = "no"
    title_text = "End the session now?"

    def body(self) -> Text:
        return Text(
            "What you did so far is saved and the session is recorded as ended early. "
            "The session is paused meanwhile."
        )
