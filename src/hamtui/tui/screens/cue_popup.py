"""CuePopup: before each exercise, today's dose when the item climbs a range (and why), its
start cues, stop cues, the trainer's cues and notes, and its red flags. The get-ready
countdown starts when it is dismissed.

Returns the session runner's `StartChoice`: "start" (enter/space), "skip" (n: skip this
exercise) or "end" (q: end the session, which the runner asks to confirm).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from hamtui.session import ExerciseInfo
from hamtui.session.run import StartChoice
from hamtui.text import literal, one_line

CueChoice = StartChoice


def _section(title: str, lines: list[Text]) -> Text:
    text = Text(title, style="bold")
    for line in lines:
        text.append("\n")
        text.append_text(line)
    return text


def _bullet(mark: str, body: str, style: str = "") -> Text:
    line = Text(f" {mark} ", style=style or "bold")
    line.append(literal(body))
    return line


def popup_text(info: ExerciseInfo, today: str = "") -> Text:
    """Everything the athlete should read before the exercise, as literal text; `today` is
    today's dose of an item with a range and why (the session runner's words)."""
    parts: list[Text] = []
    start = [c for c in info.start_cues if not c.stop]
    if start:
        parts.append(_section("Before you start", [_bullet("•", c.text) for c in start]))
    if info.stop_cues:
        stops = [_bullet("■ STOP:", c.text, "bold reverse") for c in info.stop_cues]
        parts.append(_section("Stop if", stops))
    if info.trainer_cues or info.notes:
        lines = [_bullet("›", c) for c in info.trainer_cues]
        if info.notes:
            lines.append(_bullet("›", info.notes))
        parts.append(_section("From your trainer", lines))
    if info.red_flags:
        parts.append(
            _section(
                "Red flags: stop and press ! if you feel",
                [_bullet("▲", flag) for flag in info.red_flags],
            )
        )
    if not parts:
        parts.append(Text("No cues for this exercise. Move slowly and stay in control."))
    if today:
        parts.insert(0, _section("Today's dose", [Text(literal(today))]))
    return Text("\n\n").join(parts)


class CuePopup(ModalScreen[CueChoice]):
    """The start pop-up of an exercise; nothing here times out."""

    CSS_PATH = "cue_popup.tcss"
    AUTO_FOCUS = "#cue-ready"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "choose('start')", "Ready", id="cue.ready"),
        Binding("n", "choose('skip')", "Skip exercise", id="cue.skip"),
        Binding("q", "choose('end')", "End session", id="cue.end"),
    ]

    def __init__(self, info: ExerciseInfo, *, heading: str = "", today: str = "") -> None:
        super().__init__()
        self.info = info
        self.heading = heading
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(id="cue-box"):
            title = Text(one_line(self.info.name), style="bold")
            if self.heading:
                title.append(f"  ·  {one_line(self.heading)}", style="")
            yield Label(title, id="cue-title")
            with VerticalScroll(id="cue-body"):
                yield Static(popup_text(self.info, self.today), id="cue-text", markup=False)
            with Horizontal(id="cue-buttons"):
                yield Button("Ready (enter)", id="cue-ready", variant="success", compact=True)
                yield Button("Skip exercise (n)", id="cue-skip", compact=True)
                yield Button("End (q)", id="cue-end", compact=True)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        choices: dict[str, CueChoice] = {"cue-skip": "skip", "cue-end": "end"}
        self.dismiss(choices.get(event.button.id or "", "start"))

    def action_choose(self, choice: CueChoice) -> None:
        self.dismiss(choice)
