"""Countdown: the phase word, a big Digits countdown and a detail line, for a session step.

The screen decides what to show (`show`); the widget only lays it out. `flash()` marks a phase
change visually (the class `-flash` for half a second), beside the terminal bell.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Digits, Label

KINDS = ("get-ready", "work", "switch-side", "rest", "waiting", "paused", "done")
FLASH_S = 0.5


class Countdown(Vertical):
    """Phase word (always a word, never colour alone), Digits, then one line of detail."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._flash_timer: Timer | None = None
        self.kind = "waiting"

    def compose(self) -> ComposeResult:
        yield Label(id="countdown-phase")
        yield Digits("", id="countdown-digits")
        yield Label(id="countdown-detail")

    def show(self, phase: Text, value: str, detail: Text, kind: str) -> None:
        """Show a phase: `value` is the countdown text ("0:25"), `kind` one of KINDS (a class)."""
        self.query_one("#countdown-phase", Label).update(phase)
        digits = self.query_one("#countdown-digits", Digits)
        if digits.value != value:
            digits.update(value)
        self.query_one("#countdown-detail", Label).update(detail)
        if kind != self.kind:
            self.remove_class(f"-{self.kind}")
            self.kind = kind
        self.add_class(f"-{kind}")

    @property
    def value(self) -> str:
        return self.query_one("#countdown-digits", Digits).value

    @property
    def flashing(self) -> bool:
        return self.has_class("-flash")

    def flash(self, seconds: float = FLASH_S) -> None:
        """Highlight the countdown for a moment (real time: a visual effect, not session time)."""
        self.add_class("-flash")
        if self._flash_timer is not None:
            self._flash_timer.stop()
        self._flash_timer = self.set_timer(seconds, self._unflash)

    def _unflash(self) -> None:
        self.remove_class("-flash")
        self._flash_timer = None
