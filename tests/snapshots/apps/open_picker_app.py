"""Snapshot app: OpenPicker over fixed program files (one with problems, one hostile title)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Input, Static

from hamtui.catalog import ProgramFile
from hamtui.library import load_library
from hamtui.model.program import Block, Item, Program
from hamtui.review import review
from hamtui.tui.screens.open_picker import OpenPicker

FOLDER = Path("/srv/hamtui/programs")


def _program(title: str, stage: str | None, items: int) -> Program:
    block = Block(name="Main", items=[Item(exercise="glute-bridge")] * items)
    return Program.model_validate(
        {"format": "hamtui-program/1", "title": title, "stage": stage, "blocks": [block]}
    )


LIBRARY = load_library(bundled_only=True, use_cache=False)


def _found(name: str, program: Program) -> ProgramFile:
    """A loaded file with its review, as the app's scan gives it."""
    return ProgramFile(FOLDER / name, program, findings=tuple(review(program, LIBRARY)))


ODD = _program("[bold]x\x1b[2J", None, 2)
ODD.blocks[0].items[1] = Item(exercise="nordic-x")
FILES = [
    _found("acl-mid.toml", _program("ACL rehab, mid stage", "mid", 6)),
    _found("odd.toml", ODD),
    ProgramFile(
        FOLDER / "broken.toml",
        None,
        (f"{FOLDER / 'broken.toml'}:3:7: expected `=` after a key", "another problem"),
    ),
    _found("sprint.toml", _program("Return to sprinting", "return-to-sport", 12)),
]


class OpenPickerApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("host screen")

    async def on_mount(self) -> None:
        picker = OpenPicker(FILES, folder=FOLDER)
        await self.push_screen(picker)
        picker.query_one("#path", Input).cursor_blink = False


app = OpenPickerApp()
