"""One dose for one line of a file, in every view.

A block with `rounds = 3` holding `glute-bridge` with `sets = 2, reps = 3, rest_s = 1` and no
`hold_s`: the session runs 3 rounds of 3 holds of 3 seconds (the exercise's default hold), one
set a round. The editor's row, the dose form, the handout's table, the session timeline, the
plain-text words and the review must all say so (they used to say `2 × 3`, "not held",
`3 × 3` and "3 holds of 3 seconds").
"""

from __future__ import annotations

import asyncio
import tomllib
from pathlib import Path
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.widgets import Input, Label, Static

from hamtui.cli.plain import PlainSession
from hamtui.dose import effective_dose
from hamtui.export.handout import build_handout
from hamtui.library import Library, load_library
from hamtui.model.program import Program
from hamtui.review import Context, ItemView, general_of
from hamtui.session.engine import build_timeline
from hamtui.session.run import SessionOptions
from hamtui.tui.screens.dose_form import DoseForm
from hamtui.tui.widgets.program_list import ProgramList

CIRCUIT = """\
format = "hamtui-program/1"
title = "Circuit"

[[blocks]]
name = "Circuit"
rounds = 3

[[blocks.items]]
exercise = "glute-bridge"
sets = 2
reps = 3
rest_s = 1
"""
TRUTH = "3 reps × 3 rounds · hold 3 s · rest 1 s"


def setup(tmp_path: Path) -> tuple[Path, Program, Library]:
    path = tmp_path / "circuit.toml"
    path.write_text(CIRCUIT, encoding="utf-8")
    program = Program.model_validate(tomllib.loads(CIRCUIT))
    return path, program, load_library(bundled_only=True)


class ListApp(App[None]):
    CSS_PATH: ClassVar[list[str | Path]] = [
        Path(__file__).parents[2] / "src/hamtui/tui/widgets/program_list.tcss"
    ]

    def __init__(self, program: Program, library: Library) -> None:
        super().__init__()
        self.program = program
        self.library = library

    def compose(self) -> ComposeResult:
        yield ProgramList()

    def on_mount(self) -> None:
        bridge = self.library.resolve(self.program, "glute-bridge")
        assert bridge is not None
        self.query_one(ProgramList).set_program(
            self.program, {"glute-bridge": bridge.name}, {}, {"glute-bridge": bridge}
        )


def editor_row(program: Program, library: Library) -> str:
    async def run() -> str:
        app = ListApp(program, library)
        async with app.run_test(size=(100, 10)) as pilot:
            await pilot.pause()
            return app.query_one(ProgramList).render_line(1).text

    return asyncio.run(run())


def dose_form_words(program: Program, library: Library) -> tuple[str, str, str, str]:
    """(what the item gets, the sets hint, the hold field's placeholder, the hold hint)."""

    class FormApp(App[None]):
        async def on_mount(self) -> None:
            item = program.blocks[0].items[0]
            bridge = library.resolve(program, "glute-bridge")
            await self.push_screen(DoseForm(item, "Glute Bridge", bridge, program.blocks[0]))

    async def run() -> tuple[str, str, str, str]:
        app = FormApp()
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            form = app.screen
            return (
                str(form.query_one("#effective-dose", Static).content),
                str(form.query_one("#sets-hint", Label).content),
                form.query_one("#hold_s", Input).placeholder,
                str(form.query_one("#hold_s-hint", Label).content),
            )

    return asyncio.run(run())


def plain_words(path: Path, library: Library, tmp_path: Path) -> list[str]:
    lines: list[str] = []
    options = SessionOptions(get_ready_s=0, auto_ack=True, sessions_dir=tmp_path / "s")
    plain = PlainSession(path, library, lines.append, options, clock=lambda: 0.0)
    plain.start()
    return lines


def test_the_editor_the_form_the_handout_the_session_and_the_review_say_one_dose(
    tmp_path: Path,
) -> None:
    path, program, library = setup(tmp_path)
    block, item = program.blocks[0], program.blocks[0].items[0]
    bridge = library.resolve(program, "glute-bridge")
    truth = effective_dose(item, bridge, block)
    assert truth.text() == TRUTH
    assert (truth.sets, truth.reps, truth.hold_s, truth.rest_s) == (3, 3, 3, 1)
    assert (truth.source("sets"), truth.source("hold_s")) == ("circuit", "exercise")
    assert truth.sets_ignored  # the item's own 2 sets do not apply

    # 1. the editor's row
    assert TRUTH in editor_row(program, library)

    # 2. the dose form: what the item gets, and why the numbers are what they are
    gets, sets_hint, hold_placeholder, hold_hint = dose_form_words(program, library)
    assert gets.startswith(f"This item gets: {TRUTH}")
    assert "each round does one set" in gets and "Sets does not apply" in gets
    assert sets_hint == "not used in a circuit: 3 rounds, one set each"
    assert hold_placeholder == "3 s"
    assert hold_hint == "seconds; blank = 3 s, the exercise's default"

    # 3. the handout
    [row] = build_handout(program, library).blocks[0].rows
    assert (row.sets_reps, row.hold, row.rest, row.dose) == (
        "3 reps × 3 rounds",
        "3 s",
        "1 s",
        TRUTH,
    )

    # 4. the session timeline: 3 rounds, each one set of 3 holds of 3 s
    timeline = build_timeline(program, library)
    work = [step for step in timeline if step.kind == "work"]
    assert [(s.round, s.rounds, s.circuit) for s in work] == [
        (1, 3, True),
        (2, 3, True),
        (3, 3, True),
    ]
    assert {(s.plan.dose.reps, s.plan.dose.hold_s, s.plan.dose.rest_s) for s in work} == {(3, 3, 1)}

    # 5. the plain-text words
    said = plain_words(path, library, tmp_path)
    assert "Round 1 of 3: 3 holds of 3 seconds, 3 seconds to release between." in said

    # 6. the review reads the same dose
    context = Context(program, library, general_of(library), (ItemView(0, 0, item, bridge),))
    assert context.dose(context.items[0]) == truth
