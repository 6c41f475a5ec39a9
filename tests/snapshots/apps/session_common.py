"""Shared by the session snapshot apps: a SessionApp on a fixed program, a frozen clock and a
fixed UTC time, no ticking timer and no flash, brought to a stage before the screenshot."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from fakes import FakeClock

from hamtui.library import load_library
from hamtui.session.run import SessionOptions
from hamtui.tui.screens.session_screen import SessionScreen
from hamtui.tui.session_app import SessionApp

PROGRAM = Path(__file__).resolve().parent / "session_program.toml"
START = 1000.0


class SnapshotSessionApp(SessionApp):
    def __init__(
        self, stage: Callable[[SessionScreen, FakeClock], None], *, auto_ack: bool = True
    ) -> None:
        self.clock = FakeClock(START)
        screen = SessionScreen(
            PROGRAM,
            load_library(bundled_only=True),
            SessionOptions(auto_ack=auto_ack),
            clock=self.clock,
            wall_clock=lambda: datetime(2026, 11, 20, 18, 0, 0, tzinfo=UTC),
            flash=False,
            ticking=False,
            offer_resume=False,
        )
        super().__init__(screen)
        self.stage = stage

    def session_started(self) -> None:
        self.stage(self.session_screen, self.clock)


def at(seconds: float) -> Callable[[SessionScreen, FakeClock], None]:
    """A stage: `seconds` after the start (get-ready 10 s, no start pop-up)."""

    def stage(screen: SessionScreen, clock: FakeClock) -> None:
        clock.now = START + seconds
        screen.tick()

    return stage
