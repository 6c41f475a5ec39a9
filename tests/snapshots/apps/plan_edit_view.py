"""Snapshot app: the plan editor on the sample plan (tests/plan_sample.py), stage 2 chosen."""

from __future__ import annotations

import tempfile
from pathlib import Path

from plan_sample import write_sample
from textual.app import App, ComposeResult
from textual.widgets import Static

from hamtui.library import load_library
from hamtui.plan_editor import PlanDocument
from hamtui.tui.screens.plan_edit_screen import PlanEditScreen

PLAN, _ = write_sample(Path(tempfile.mkdtemp(prefix="hamtui-plan-edit-snap-")))


class PlanEditApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("host screen")

    async def on_mount(self) -> None:
        document = PlanDocument.open(PLAN)
        await self.push_screen(PlanEditScreen(document, load_library(bundled_only=True)))


app = PlanEditApp()
