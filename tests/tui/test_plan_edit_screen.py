"""PlanEditScreen (Pilot): a trainer builds and edits a plan's stages in the app, with undo,
validation as they type, and the same conflict-checked save as programs; opened with e from
the plan view."""

from __future__ import annotations

import asyncio
import tomllib
from collections.abc import Awaitable, Callable
from datetime import UTC
from pathlib import Path

from plan_sample import TODAY, write_sample
from rich.text import Text
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static, TextArea

from hamtui.library import Library, load_library
from hamtui.plan_editor import PlanDocument
from hamtui.tui.screens.confirm_dialog import ConfirmDialog
from hamtui.tui.screens.conflict_dialog import ConflictDialog
from hamtui.tui.screens.plan_edit_screen import PlanEditScreen
from hamtui.tui.screens.plan_screen import PlanScreen
from hamtui.tui.screens.save_as import SaveAsDialog
from hamtui.tui.screens.stage_form import StageForm
from hamtui.tui.screens.unsaved_dialog import UnsavedDialog

Steps = Callable[[Pilot[None]], Awaitable[None]]
LIBRARY: Library | None = None


def library() -> Library:
    global LIBRARY
    if LIBRARY is None:
        LIBRARY = load_library(bundled_only=True)
    return LIBRARY


class Host(App[None]):
    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.first = screen
        self.library = library()
        self.closed: list[object] = []

    def compose(self) -> ComposeResult:
        yield Static("host screen")

    async def on_mount(self) -> None:
        await self.push_screen(self.first, self.closed.append)  # type: ignore[arg-type]


def text_of(app: App[None], selector: str) -> str:
    content = app.screen.query_one(selector, Static).content
    return content.plain if isinstance(content, Text) else str(content)


def stages(app: App[None]) -> list[str]:
    options = app.screen.query_one("#plan-stages", OptionList)
    return [
        str(options.get_option_at_index(n).prompt).split("\n")[0]
        for n in range(options.option_count)
    ]


def run(screen: Screen[object], steps: Steps, size: tuple[int, int] = (100, 30)) -> Host:
    app = Host(screen)

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await steps(pilot)
            await pilot.pause()

    asyncio.run(main())
    return app


async def type_into(pilot: Pilot[None], selector: str, text: str) -> None:
    widget = pilot.app.screen.query_one(selector, Input)
    widget.focus()
    widget.value = text
    await pilot.pause()


def test_a_stage_is_added_filled_in_undone_redone_and_saved(tmp_path: Path) -> None:
    plan, _ = write_sample(tmp_path)
    plan.write_text("# Ana: left hamstring, grade 1\n" + plan.read_text(encoding="utf-8"))

    async def steps(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app.screen, PlanEditScreen)
        assert stages(app) == [
            "1. Wake the hamstring up",
            "2. Curls and bridges",
            "3. Eccentric and faster work",
        ]
        assert text_of(app, "#plan-edit-problems").startswith("✓ No problems")
        await pilot.press("end", "n")
        assert stages(app)[3] == "4. Stage 4"
        assert "stages[3].program: the program `program.toml` is neither beside the plan" in (
            text_of(app, "#plan-edit-problems")
        )
        assert text_of(app, "#plan-edit-title").startswith("● ")
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, StageForm)
        await type_into(pilot, "#name", "Bike and walk")
        await type_into(pilot, "#program", "mid-stage-strength.toml")
        await type_into(pilot, "#sessions_per_week", "0")
        assert "must be at least 1 (got 0)" in text_of(app, "#sessions_per_week-problem")
        await type_into(pilot, "#sessions_per_week", "5")
        await type_into(pilot, "#pain_ceiling", "2")
        await type_into(pilot, "#sessions", "4")
        app.screen.query_one("#self_checks", TextArea).text = "A painless 5-minute bike\n\n"
        await pilot.pause()
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, PlanEditScreen)
        assert stages(app)[3] == "4. Bike and walk"
        detail = text_of(app, "#stage-detail")
        assert "5 sessions a week · pain ceiling 2" in detail
        assert "• at least 4 sessions in this stage" in detail
        assert "• confirmed: A painless 5-minute bike" in detail
        assert text_of(app, "#plan-edit-problems").startswith("✓ No problems")
        await pilot.press("ctrl+z")
        assert stages(app)[3] == "4. Stage 4"
        await pilot.press("ctrl+y", "shift+up")
        assert stages(app)[2:] == ["3. Bike and walk", "4. Eccentric and faster work"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not text_of(app, "#plan-edit-title").startswith("● ")
        await pilot.press("escape")
        await pilot.pause()

    app = run(PlanEditScreen(PlanDocument.open(plan), library()), steps)
    assert app.closed == [True]
    text = plan.read_text(encoding="utf-8")
    assert text.startswith("# Ana: left hamstring, grade 1\n")
    saved = tomllib.loads(text)["stages"][2]
    assert saved["name"] == "Bike and walk" and saved["sessions_per_week"] == 5
    assert saved["move_on"] == {"sessions": 4, "self_checks": ["A painless 5-minute bike"]}


def test_closing_with_unsaved_changes_asks_and_removing_asks_first(tmp_path: Path) -> None:
    plan, _ = write_sample(tmp_path)
    before = plan.read_bytes()

    async def steps(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # the safe answer has the focus: nothing removed
        await pilot.pause()
        assert len(stages(app)) == 3
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert stages(app) == ["1. Curls and bridges", "2. Eccentric and faster work"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("d")  # discard
        await pilot.pause()

    app = run(PlanEditScreen(PlanDocument.open(plan), library()), steps)
    assert app.closed == [False]
    assert plan.read_bytes() == before


def test_a_plan_changed_on_disk_is_not_overwritten(tmp_path: Path) -> None:
    plan, _ = write_sample(tmp_path)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("n")
        plan.write_text(plan.read_text(encoding="utf-8") + "\n# edited elsewhere\n")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConflictDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PlanEditScreen)

    run(PlanEditScreen(PlanDocument.open(plan), library()), steps)
    assert plan.read_text(encoding="utf-8").endswith("# edited elsewhere\n")
    assert len(tomllib.loads(plan.read_text(encoding="utf-8"))["stages"]) == 3


def test_the_bundled_example_is_saved_as_a_copy(tmp_path: Path) -> None:
    from hamtui import resources

    bundled = resources.bundled_plans_dir() / "home-rehab-ladder.toml"

    async def steps(pilot: Pilot[None]) -> None:
        assert "bundled example: ctrl+s saves a copy" in text_of(pilot.app, "#plan-edit-title")
        await pilot.press("n", "ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SaveAsDialog)
        await pilot.press("escape")

    before = bundled.read_bytes()
    run(PlanEditScreen(PlanDocument.open(bundled), library()), steps)
    assert bundled.read_bytes() == before


def test_e_in_the_plan_view_edits_the_plan_and_the_view_reads_it_again(tmp_path: Path) -> None:
    plan, sessions = write_sample(tmp_path)

    async def steps(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, PlanEditScreen)
        await pilot.press("ctrl+t")
        await pilot.pause()
        await type_into(pilot, "#title", "Ana's ladder")
        await type_into(pilot, "#start", "2026-13-01")
        assert "must be a date like 2026-11-02" in text_of(app, "#start-problem")
        await type_into(pilot, "#start", "2026-11-02")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        assert text_of(app, "#plan-title").startswith("Ana's ladder · injured leg: left")

    run(PlanScreen(plan, today=TODAY, tz=UTC, sessions=sessions), steps, size=(120, 40))
    assert tomllib.loads(plan.read_text(encoding="utf-8"))["title"] == "Ana's ladder"


def test_o_opens_a_stages_program_in_the_program_editor(hamtui_home: Path) -> None:
    from hamtui import paths, resources
    from hamtui.tui.app import HamApp
    from hamtui.tui.screens.main_screen import MainScreen

    paths.user_plans_dir().mkdir(parents=True)
    bundled = resources.bundled_plans_dir() / "home-rehab-ladder.toml"
    (paths.user_plans_dir() / "mine.toml").write_bytes(bundled.read_bytes())
    app = HamApp(library(), folders=[])
    seen: list[object] = []

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("f7")
            await pilot.pause()
            await pilot.press("enter")  # mine.toml, the first of the picker
            await pilot.pause()
            assert isinstance(app.screen, PlanScreen)
            await pilot.press("e")
            await pilot.pause()
            assert isinstance(app.screen, PlanEditScreen)
            await pilot.press("down", "o")
            await pilot.pause()
            await pilot.pause()
            seen.append(app.screen)
            assert isinstance(app.screen, MainScreen)
            seen.append(app.screen.document.path)

    asyncio.run(main())
    assert seen[1] == resources.bundled_programs_dir() / "mid-stage-strength.toml"


def test_f1_lists_every_key_of_the_plan_editor_even_those_not_in_the_footer(
    tmp_path: Path,
) -> None:
    from hamtui.tui.app import HamApp
    from hamtui.tui.screens.help_screen import HelpScreen

    plan, _ = write_sample(tmp_path)
    app = HamApp(library(), folders=[])
    rows: list[tuple[str, str, str]] = []

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await app.push_screen(PlanEditScreen(PlanDocument.open(plan), library()))
            await pilot.pause()
            rows.extend(app.key_table())
            await pilot.press("f1")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)

    asyncio.run(main())
    mine = {(key, words) for group, key, words in rows if group == "Edit plan"}
    assert {("shift+↓ / J", "Move down"), ("^y", "Redo"), ("f12", "Save as")} <= mine
    assert not any(group == "Program list" for group, _, _ in rows)
