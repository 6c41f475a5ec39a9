"""SessionProgress: one line with the whole session's progress bar, percent and time left."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


def clock_text(seconds: float) -> str:
    """`m:ss` (`h:mm:ss` from an hour), whole seconds rounded up: 0.2 s left shows 0:01."""
    whole = max(0, int(-(-seconds // 1)))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class SessionProgress(Widget):
    """`██████░░░░  35% · 4:30 left · set 5 of 14` sized to the widget's width."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.progress = 0.0
        self.time_left_s = 0.0
        self.sets_text = ""

    def set_progress(self, progress: float, time_left_s: float, sets_text: str = "") -> None:
        progress = min(1.0, max(0.0, progress))
        if (progress, time_left_s, sets_text) == (self.progress, self.time_left_s, self.sets_text):
            return
        self.progress, self.time_left_s, self.sets_text = progress, time_left_s, sets_text
        self.refresh()

    def label(self) -> str:
        sets = f" · {self.sets_text}" if self.sets_text else ""
        return f" {round(self.progress * 100):3d}% · {clock_text(self.time_left_s)} left{sets}"

    def render(self) -> Text:
        label = self.label()
        width = max(self.size.width, 1)
        bar = max(0, width - len(label))
        filled = round(bar * self.progress)
        text = Text()
        text.append("█" * filled, style="bold")
        text.append("░" * (bar - filled), style="dim")
        text.append(label)
        text.truncate(width)
        return text
