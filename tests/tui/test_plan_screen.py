"""PlanScreen (Pilot): the ladder, the criteria with their evidence, the advice, and the
decisions recorded from the keys; opened with F7 from the editor and p from history."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC
from pathlib import Path

from plan_sample import CHECK, TODAY, write_sample
from rich.text import Text
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Input, Static

from hamtui.plan import read_log
from hamtui.tui.screens.list_picker import ListPicker
from hamtui.tui.screens.plan_screen import PlanScreen
from hamtui.tui.screens.reason_dialog import ReasonDialog

Steps = Callable[[Pilot[None]], Awaitable[None]]


class Host(App[None]):
    def __init__(self, screen: PlanScreen) -> None:
        super().__init__()
        self.plan_screen = screen

    def compose(self) -> ComposeResult:
        yield Static("host screen")

    async def on_mount(self) -> None:
        await self.push_screen(self.plan_screen)


def text_of(app: App[None], selector: str) -> str:
    content = app.screen.query_one(selector, Static).content
    return content.plain if isinstance(content, Text) else str(content)


def drive(tmp_path: Path, steps: Steps, size: tuple[int, int] = (120, 40)) -> dict[str, str]:
    plan, sessions = write_sample(tmp_path)
    app = Host(PlanScreen(plan, today=TODAY, tz=UTC, sessions=sessions))
    seen: dict[str, str] = {}

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await steps(pilot)
            await pilot.pause()
            if isinstance(app.screen, PlanScreen):
                for part in ("#plan-title", "#ladder", "#criteria", "#advice"):
                    seen[part] = text_of(app, part)

    asyncio.run(main())
    seen["plan"] = str(plan)
    return seen


async def nothing(pilot: Pilot[None]) -> None:
    return None


def test_the_ladder_marks_the_stage_and_the_criteria_show_their_evidence(
    tmp_path: Path,
) -> None:
    seen = drive(tmp_path, nothing)
    assert seen["#plan-title"].endswith("injured leg: left · stage 2 of 3")
    assert "▶ 2. Curls and bridges" in seen["#ladder"]
    assert "  1. Wake the hamstring up" in seen["#ladder"]
    criteria = seen["#criteria"]
    assert "○ pain at or under 0 in each of the last 4 sessions (not yet)" in criteria
    assert "highest pain per session: 11-16: 0, 11-18: 2, 11-20: 0 (3 of 4)" in criteria
    assert f"✓ {CHECK} (met)\n    confirmed 2026-11-20" in criteria
    assert seen["#advice"].startswith("Stay: 6 of 7 criteria not met yet")


def test_c_confirms_a_self_check_into_the_log(tmp_path: Path) -> None:
    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ListPicker)
        assert CHECK not in pilot.app.screen.lines  # already confirmed: not offered again
        await pilot.press("enter")

    seen = drive(tmp_path, steps)
    wanted = "Three sets of 15 lying curls and bridges are easy and pain-free"
    assert f"✓ {wanted} (met)" in seen["#criteria"]
    entries = read_log(Path(seen["plan"])).entries
    assert (entries[-1].kind, entries[-1].from_stage, entries[-1].check) == ("confirm", 2, wanted)


def test_a_asks_why_then_moves_on_and_b_can_be_cancelled(tmp_path: Path) -> None:
    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReasonDialog)
        await pilot.press("escape")  # cancelled: nothing recorded
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ReasonDialog)
        assert "The plan's advice is to stay." in dialog.body
        await pilot.press("enter")  # no reason yet: asked for one
        await pilot.pause()
        assert pilot.app.screen is dialog
        assert "type the reason" in str(dialog.query_one("#reason-problem", Static).content)
        dialog.query_one("#reason", Input).value = "physio checked the squat"
        await pilot.press("enter")

    seen = drive(tmp_path, steps)
    assert seen["#plan-title"].endswith("stage 3 of 3")
    assert "▶ 3. Eccentric and faster work" in seen["#ladder"]
    entries = read_log(Path(seen["plan"])).entries
    assert [(e.kind, e.from_stage, e.to_stage) for e in entries] == [
        ("advance", 1, 2),
        ("confirm", 2, 2),
        ("advance", 2, 3),
    ]
    assert entries[-1].why == "physio checked the squat"


def test_f7_in_the_editor_and_p_in_history_open_a_plan(hamtui_home: Path) -> None:
    from hamtui import paths
    from hamtui.library import load_library
    from hamtui.tui.app import HamApp
    from hamtui.tui.screens.history_screen import HistoryScreen

    write_sample(hamtui_home / "sample")
    paths.user_plans_dir().mkdir(parents=True)
    (paths.user_plans_dir() / "mine.toml").write_bytes(
        (hamtui_home / "sample" / "plans" / "ladder.toml").read_bytes()
    )
    app = HamApp(load_library(bundled_only=True, use_cache=False), folders=[])
    seen: list[object] = []

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("f7")
            await pilot.pause()
            picker = app.screen
            assert isinstance(picker, ListPicker)  # yours and the bundled example
            assert [line.split(" ")[0] for line in picker.lines] == ["mine", "home-rehab-ladder"]
            await pilot.press("enter")
            await pilot.pause()
            seen.append(type(app.screen))
            seen.append(getattr(app.screen, "path", None))
            await pilot.press("escape")
            await pilot.pause()
            await app.push_screen(HistoryScreen())
            await pilot.pause()
            await pilot.press("p")
            await pilot.pause()
            seen.append(type(app.screen))

    asyncio.run(main())
    assert seen[0] is PlanScreen and seen[1] == paths.user_plans_dir() / "mine.toml"
    assert seen[2] is ListPicker


def test_the_bundled_example_is_not_written_to(tmp_path: Path) -> None:
    from hamtui.resources import bundled_plans_dir

    bundled = bundled_plans_dir() / "home-rehab-ladder.toml"
    app = Host(PlanScreen(bundled, today=TODAY, tz=UTC, sessions=tmp_path))
    notes: list[str] = []

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("c", "enter")
            await pilot.pause()
            notes.extend(str(n.message) for n in app._notifications)

    asyncio.run(main())
    assert any("bundled example" in note for note in notes)
    assert not (bundled_plans_dir() / "home-rehab-ladder.log.toml").exists()
