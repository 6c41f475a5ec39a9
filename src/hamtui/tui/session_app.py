"""SessionApp: `hamtui run PROGRAM.toml` — a small app that hosts one SessionScreen.

`run_session` builds the screen first, so that a broken program file or an exercise that does
not resolve is reported (HamtuiError) before the terminal switches to the full-screen UI.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from textual.app import App

from hamtui.library import Library
from hamtui.session.record import utc_now
from hamtui.session.run import DEFAULT_OPTIONS, SessionOptions
from hamtui.tui.screens.session_screen import EventsHook, SessionOutcome, SessionScreen


class SessionApp(App[SessionOutcome | None]):
    """Pushes its session screen at start and exits with its outcome when it closes."""

    TITLE = "hamtui run"
    ENABLE_COMMAND_PALETTE = False
    CSS_PATH = Path(__file__).resolve().parent / "app.tcss"

    def __init__(self, screen: SessionScreen) -> None:
        super().__init__()
        self.session_screen = screen

    async def on_mount(self) -> None:
        await self.push_screen(self.session_screen, self._session_closed)
        # Everything made so far lives as long as the app: keep it out of the collector's
        # full passes, which would otherwise stall a phase change by tens of milliseconds.
        gc.collect()
        gc.freeze()
        self.session_started()

    def session_started(self) -> None:
        """Called once the session screen is mounted (a hook for snapshot apps)."""

    def _session_closed(self, outcome: SessionOutcome | None) -> None:
        self.exit(outcome)


def build_session_app(
    program_path: Path,
    library: Library,
    options: SessionOptions = DEFAULT_OPTIONS,
    *,
    clock: Callable[[], float] = time.monotonic,
    wall_clock: Callable[[], datetime] = utc_now,
    on_events: EventsHook | None = None,
) -> SessionApp:
    """The app for one session; raises HamtuiError for a program that cannot run (before the
    terminal switches to the full screen). `options.resume == "resume"` goes on with the newest
    unfinished session of this program file without asking."""
    screen = SessionScreen(
        program_path, library, options, clock=clock, wall_clock=wall_clock, on_events=on_events
    )
    return SessionApp(screen)


def run_session(
    program_path: Path,
    library: Library,
    options: SessionOptions = DEFAULT_OPTIONS,
    *,
    headless: bool = False,
) -> int:
    """Run a session in the terminal (or headless); exit code 0."""
    build_session_app(program_path, library, options).run(headless=headless)
    return 0
