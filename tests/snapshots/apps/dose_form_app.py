"""Snapshot app: DoseForm with one invalid field (sets 0) showing its message."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input, Static, TextArea

from hamtui.model.program import Item
from hamtui.tui.screens.dose_form import DoseForm

ITEM = Item(
    exercise="glute-bridge",
    sets=3,
    reps=10,
    hold_s=3,
    rest_s=45,
    notes="Keep the ribs down.",
    cues=["Squeeze the glutes at the top", "Push through the heels"],
)


class DoseFormApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("host screen")

    async def on_mount(self) -> None:
        form = DoseForm(ITEM, "Glute Bridge [bold]x\x1b[2J")
        await self.push_screen(form)
        for widget in form.query(Input):
            widget.cursor_blink = False
        for area in form.query(TextArea):
            area.cursor_blink = False
        form.query_one("#sets", Input).value = "0"


app = DoseFormApp()
