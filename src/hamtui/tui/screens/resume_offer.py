"""ResumeOffer: an unfinished session of this program was found. Resume it at the set in
progress, start fresh (the old one is closed as ended early), or quit.

Returns "resume", "fresh" or "quit".
"""

from __future__ import annotations

from typing import ClassVar, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from hamtui.model.session import SessionRecord
from hamtui.session import SetRef
from hamtui.text import one_line

ResumeChoice = Literal["resume", "fresh", "quit"]


def offer_text(
    record: SessionRecord, start_at: SetRef | None, program_changed: bool, where: str = ""
) -> Text:
    sets = sum(entry.sets_done for entry in record.entries)
    text = Text("An unfinished session of ", style="")
    text.append(one_line(record.program), style="bold")
    text.append(f" started {record.started:%Y-%m-%d %H:%M} UTC")
    text.append(f" ({sets} set{'s' if sets != 1 else ''} done).")
    if start_at is None:
        text.append("\nEvery set is done or skipped: resuming closes it as completed.")
    else:
        at = f"block {start_at.block + 1}, item {start_at.item + 1}, set {start_at.set}"
        text.append(f"\nResume at {at}")
        text.append(f": {one_line(where)}." if where else ".")
    if program_changed:
        text.append(
            "\n▲ The program file changed since that session started: the sets may not line up.",
            style="bold",
        )
    return text


class ResumeOffer(ModalScreen[ResumeChoice]):
    CSS_PATH = "resume_offer.tcss"
    AUTO_FOCUS = "#resume-resume"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('resume')", "Resume", id="resume.resume"),
        Binding("f", "choose('fresh')", "Start fresh", id="resume.fresh"),
        Binding("q,escape", "choose('quit')", "Quit", id="resume.quit"),
    ]

    def __init__(
        self,
        record: SessionRecord,
        start_at: SetRef | None,
        *,
        program_changed: bool = False,
        where: str = "",
    ) -> None:
        super().__init__()
        self.record = record
        self.start_at = start_at
        self.program_changed = program_changed
        self.where = where

    def compose(self) -> ComposeResult:
        with Vertical(id="resume-box"):
            yield Label(Text("Resume the last session?", style="bold"), id="resume-title")
            yield Label(
                offer_text(self.record, self.start_at, self.program_changed, self.where),
                id="resume-detail",
            )
            with Horizontal(id="resume-buttons"):
                yield Button("Resume (r)", id="resume-resume", variant="success", compact=True)
                yield Button("Start fresh (f)", id="resume-fresh", compact=True)
                yield Button("Quit (q)", id="resume-quit", compact=True)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        choices: dict[str, ResumeChoice] = {"resume-resume": "resume", "resume-fresh": "fresh"}
        self.dismiss(choices.get(event.button.id or "", "quit"))

    def action_choose(self, choice: ResumeChoice) -> None:
        self.dismiss(choice)
