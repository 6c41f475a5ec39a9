"""Snapshot app: ConflictDialog for a fixed path."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Static

from hamtui.tui.screens.conflict_dialog import ConflictDialog


class ConflictDialogApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("host screen")

    def on_mount(self) -> None:
        self.push_screen(ConflictDialog(Path("/srv/hamtui/programs/acl-mid.toml")))


app = ConflictDialogApp()
