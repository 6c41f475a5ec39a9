"""The check-in before a plan's session, full screen (Pilot): the answers decide today's dose,
the session starts eased, or a day of rest is recorded and the app closes."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import OptionList, Static

from hamtui.files import load
from hamtui.library import load_library
from hamtui.model.session import SessionRecord
from hamtui.session.checkin import PlanDay
from hamtui.session.run import SessionOptions
from hamtui.tui.screens.checkin_screen import CheckInScreen
from hamtui.tui.screens.session_screen import SessionScreen
from hamtui.tui.session_app import build_plan_session_app

REPO = Path(__file__).resolve().parents[2]


def day() -> tuple[PlanDay, object]:
    library = load_library(bundled_only=True, use_cache=False)
    symptoms = tuple(library.safety_rules.symptoms)
    program = REPO / "programs" / "early-hamstring-rehab.toml"
    return PlanDay(program, "ladder.toml", 1, "The plan: stage 1 of 3", symptoms), library


def records(folder: Path) -> list[SessionRecord]:
    return [load(p, SessionRecord).model for p in sorted(folder.glob("*.toml"))]


def dose_text(app: object) -> str:
    screen = app.screen  # type: ignore[attr-defined]
    return str(screen.query_one("#dose", Static).content)


def test_lasting_symptoms_start_an_eased_session(tmp_path: Path) -> None:
    plan_day, library = day()
    app = build_plan_session_app(plan_day, library, SessionOptions(sessions_dir=tmp_path))  # type: ignore[arg-type]
    seen: dict[str, object] = {}

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, CheckInScreen)
            assert "once both questions are answered" in dose_text(app)
            await pilot.press("enter")  # the first question comes first
            await pilot.pause()
            assert isinstance(app.screen, CheckInScreen)
            await pilot.press("y")
            await pilot.pause()
            seen["dose"] = dose_text(app)
            await pilot.press("enter")
            await pilot.pause()
            sessions = [s for s in app.screen_stack if isinstance(s, SessionScreen)]
            seen["rounds"] = [b.rounds for s in sessions for b in s.runner.program.blocks]

    asyncio.run(main())
    assert str(seen["dose"]).startswith("Today: Eased\nToday's dose is lowered")
    assert seen["rounds"] == [1]  # the program's circuit of 2 rounds, eased to 1
    (record,) = records(tmp_path)
    assert record.checkin is not None and record.checkin.dose == "eased"
    assert record.checkin.lasted_24h is True


def test_a_pop_records_a_day_of_rest_and_closes(tmp_path: Path) -> None:
    plan_day, library = day()
    app = build_plan_session_app(plan_day, library, SessionOptions(sessions_dir=tmp_path))  # type: ignore[arg-type]
    pop = next(n for n, s in enumerate(plan_day.offered()) if s.id == "sharp-pain-or-pop")

    async def main() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("n")
            app.screen.query_one("#symptoms", OptionList).highlighted = pop + 1
            await pilot.pause()
            assert dose_text(app).startswith("Today: No training today\nDo not train today")
            await pilot.press("enter")
            await pilot.pause()

    asyncio.run(main())
    assert app.return_value is None and app.session_screen is None
    assert app.checkin_advice[0].startswith("Do not train today")
    (record,) = records(tmp_path)
    assert record.status == "ended-early" and record.entries == []
    assert record.checkin is not None and record.checkin.dose == "rest"


def test_escape_starts_nothing(tmp_path: Path) -> None:
    plan_day, library = day()
    app = build_plan_session_app(plan_day, library, SessionOptions(sessions_dir=tmp_path))  # type: ignore[arg-type]

    async def main() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()

    asyncio.run(main())
    assert records(tmp_path) == []
