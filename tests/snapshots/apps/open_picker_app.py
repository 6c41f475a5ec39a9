"""Snapshot app: OpenPicker over fixed program files (one with problems, one hostile title)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Input, Static

from hamtui.catalog import ProgramFile
from hamtui.model.program import Block, Item, Program
from hamtui.tui.screens.open_picker import OpenPicker

FOLDER = Path("/srv/hamtui/programs")


def _program(title: str, stage: str | None, items: int) -> Program:
    block = Block(name="Main", items=[Item(exercise="glute-bridge")] * items)
    return Program.model_validate(
        {"format": "hamtui-program/1", "title": title, "stage": stage, "blocks": [block]}
    )


FILES = [
    ProgramFile(FOLDER / "acl-mid.toml", _program("ACL rehab, mid stage", "mid", 6), ()),
    ProgramFile(
        FOLDER / "odd.toml",
        _program("[bold]x\x1b[2J", None, 2),
        (f"{FOLDER / 'odd.toml'}: blocks[0].items[1].exercise: unknown exercise `nordic-x`",),
    ),
    ProgramFile(
        FOLDER / "broken.toml",
        None,
        (f"{FOLDER / 'broken.toml'}:3:7: expected `=` after a key", "another problem"),
    ),
    ProgramFile(FOLDER / "sprint.toml", _program("Return to sprinting", "return-to-sport", 12), ()),
]


class OpenPickerApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("host screen")

    async def on_mount(self) -> None:
        picker = OpenPicker(FILES, folder=FOLDER)
        await self.push_screen(picker)
        picker.query_one("#path", Input).cursor_blink = False


app = OpenPickerApp()
