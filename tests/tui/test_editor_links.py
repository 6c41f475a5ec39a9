"""From the editor to the live session (F5) and to the history of sessions (F6)."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from hamtui.editor import ProgramDocument
from hamtui.library import load_library
from hamtui.tui.app import HamApp
from hamtui.tui.screens.confirm_dialog import ConfirmDialog
from hamtui.tui.screens.cue_popup import CuePopup
from hamtui.tui.screens.history_screen import HistoryScreen
from hamtui.tui.screens.main_screen import MainScreen
from hamtui.tui.screens.session_screen import SessionScreen

Steps = Callable[[Pilot[None]], Awaitable[None]]


FIXTURE = Path(__file__).resolve().parents[1] / "data" / "early-hamstring-rehab.toml"


def example(tmp_path: Path) -> Path:
    target = tmp_path / "early.toml"
    shutil.copy(FIXTURE, target)
    return target


def run(document: ProgramDocument, steps: Steps, size: tuple[int, int] = (120, 40)) -> HamApp:
    app = HamApp(load_library(bundled_only=True), document=document)

    async def go() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await steps(pilot)

    asyncio.run(go())
    return app


def test_f5_runs_the_saved_program_as_a_session(tmp_path: Path) -> None:
    path = example(tmp_path)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(pilot.app.screen_stack[1], SessionScreen)
        # Before the first exercise: its start cues and red flags, waiting for a key.
        assert isinstance(pilot.app.screen, CuePopup)

    run(ProgramDocument.open(path), steps)


def test_f5_asks_to_save_changes_first_and_can_be_called_off(tmp_path: Path) -> None:
    document = ProgramDocument.open(example(tmp_path))
    document.apply("rename", lambda p: p.model_copy(update={"title": "Changed"}))

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, MainScreen)  # no session without saving

    run(document, steps)
    assert "Changed" not in (tmp_path / "early.toml").read_text(encoding="utf-8")


def test_f5_on_an_empty_program_says_why_nothing_runs() -> None:
    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(pilot.app.screen, MainScreen)

    app = run(ProgramDocument.new(), steps)
    assert any("nothing to run" in str(n.message) for n in app._notifications)


def test_f6_opens_the_history_and_escape_comes_back(tmp_path: Path) -> None:
    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HistoryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, MainScreen)

    run(ProgramDocument.open(example(tmp_path)), steps)


def test_the_palette_writes_a_handout_beside_the_program(tmp_path: Path) -> None:
    path = example(tmp_path)

    async def steps(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        titles = {command.title for command in pilot.app.get_system_commands(screen)}
        assert {"Export handout (Markdown)", "Export handout (HTML)"} <= titles
        command = next(
            c for c in pilot.app.get_system_commands(screen) if c.title == "Export handout (HTML)"
        )
        command.callback()
        await pilot.pause()

    run(ProgramDocument.open(path), steps)
    handout = (tmp_path / "early.html").read_text(encoding="utf-8")
    assert "Early" in handout and "Nordic" not in handout  # this program's exercises only
    assert "<script" not in handout


def test_the_config_sets_the_theme_and_rebinds_keys(tmp_path: Path) -> None:
    from hamtui.model.config import Config

    config = Config.model_validate(
        {"format": "hamtui-config/1", "theme": "nord", "keymap": {"history": "f9"}}
    )
    app = HamApp(
        load_library(bundled_only=True),
        document=ProgramDocument.open(example(tmp_path)),
        config=config,
    )

    async def go() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("f9")
            await pilot.pause()
            assert isinstance(app.screen, HistoryScreen)

    asyncio.run(go())
    assert app.theme == "nord"
