"""Snapshot app: the plan screen on the sample plan (tests/plan_sample.py): stage 2 of 3."""

from __future__ import annotations

import tempfile
from datetime import UTC
from pathlib import Path

from plan_sample import TODAY, write_sample
from textual.app import App, ComposeResult
from textual.widgets import Static

from hamtui.tui.screens.plan_screen import PlanScreen

PLAN, SESSIONS = write_sample(Path(tempfile.mkdtemp(prefix="hamtui-plan-snap-")))


class PlanApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("host screen")

    async def on_mount(self) -> None:
        await self.push_screen(PlanScreen(PLAN, today=TODAY, tz=UTC, sessions=SESSIONS))


app = PlanApp()
