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
from hamtui.model.safety import Symptom
from hamtui.session.checkin import PlanDay
from hamtui.session.record import utc_now
from hamtui.session.run import DEFAULT_OPTIONS, SessionOptions
from hamtui.tui.screens.session_screen import EventsHook, SessionOutcome, SessionScreen


class SessionApp(App[SessionOutcome | None]):
    """Pushes its session screen at start and exits with its outcome when it closes."""

    TITLE = "hamtui run"
    ENABLE_COMMAND_PALETTE = False
    CSS_PATH = Path(__file__).resolve().parent / "app.tcss"

    def __init__(
        self,
        screen: SessionScreen | None,
        *,
        day: PlanDay | None = None,
        make_screen: Callable[[SessionOptions], SessionScreen] | None = None,
        options: SessionOptions = DEFAULT_OPTIONS,
    ) -> None:
        """`screen`, or for a plan's session (`day`) the check-in first, then the screen
        `make_screen` makes with the options carrying the check-in."""
        super().__init__()
        self.session_screen = screen
        self.day = day
        self.make_screen = make_screen
        self.options = options
        self.checkin_advice: list[str] = []  # what the check-in said (shown after a rest day)

    async def on_mount(self) -> None:
        if self.session_screen is None:
            from hamtui.tui.screens.checkin_screen import CheckInScreen

            assert self.day is not None
            day = self.day
            screen = CheckInScreen(day.heading, day.offered(), day.symptoms)
            await self.push_screen(screen, self._checked_in)
            return
        await self._start_session(self.session_screen)

    def _checked_in(self, answer: tuple[bool, Symptom | None] | None) -> None:
        """After the check-in: record a day of rest and close, or start the session."""
        from dataclasses import replace

        from hamtui.session.checkin import record_rest

        if answer is None:
            self.exit(None)
            return
        assert self.day is not None and self.make_screen is not None
        advice, checkin = self.day.decide(*answer)
        self.checkin_advice = list(advice.lines)
        if advice.dose == "rest":
            record_rest(self.day.program, checkin, self.options.sessions_dir)
            self.exit(None)
            return
        screen = self.make_screen(replace(self.options, checkin=checkin))
        self.session_screen = screen
        self.call_later(self._start_session, screen)

    async def _start_session(self, screen: SessionScreen) -> None:
        await self.push_screen(screen, self._session_closed)
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


def build_plan_session_app(
    day: PlanDay, library: Library, options: SessionOptions = DEFAULT_OPTIONS
) -> SessionApp:
    """The app for today's session of a plan: the check-in, then the session (its program is
    checked first, so a broken one is reported before the full screen opens)."""
    SessionScreen(day.program, library, options)  # raises HamtuiError for a broken program

    def make(with_checkin: SessionOptions) -> SessionScreen:
        return SessionScreen(day.program, library, with_checkin)

    return SessionApp(None, day=day, make_screen=make, options=options)


def run_session(
    program_path: Path,
    library: Library,
    options: SessionOptions = DEFAULT_OPTIONS,
    *,
    headless: bool = False,
    day: PlanDay | None = None,
) -> int:
    """Run a session in the terminal (or headless); for a plan's `day`, after the check-in
    (whose advice is printed again after a day of rest). Exit code 0."""
    if day is None:
        build_session_app(program_path, library, options).run(headless=headless)
        return 0
    app = build_plan_session_app(day, library, options)
    app.run(headless=headless)
    if app.session_screen is None and app.checkin_advice:  # a day of rest: say it again
        print("\n".join(app.checkin_advice))
        print("No session today: the check-in is kept in the session records.")
    return 0
