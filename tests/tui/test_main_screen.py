"""The main screen end to end: HamApp with the bundled library and a copy of an example program.

Every test drives the app the way a user does (keys, clicks, mouse drags) and checks what the
user sees (rows of the program list, the heading, the title, dialogs) or what the saved file
holds (read back with tomllib). Plain functions running the Pilot with asyncio.run, so no
async pytest plugin is needed; each test has its own tmp_path and HAMTUI_HOME (conftest), so
they run in parallel with `-n auto`.

The example program (tests/data/early-hamstring-rehab.toml, the early example as it first
shipped), as the program list shows it:

    row 0  ■ Nerve glide  ·  1 item
    row 1    1. Sciatic Nerve Slider   1 × 15 · rest 20 s · each side
    row 2  ■ Activation circuit  ·  circuit × 2 rounds · rest 60 s between · 3 items
    row 3    1. Seated Hamstring Set   10 reps × 2 rounds · hold 5 s · rest 20 s · each side
    row 4    2. Glute Bridge           10 reps × 2 rounds · hold 3 s · rest 30 s
    row 5    3. Single Leg Balance     3 reps × 2 rounds · hold 20 s · rest 20 s · each side

(A circuit does one set of each item a round, and the Glute Bridge's hold comes from the
exercise's defaults: the rows show the dose each item really gets, `hamtui.dose`.)
"""

from __future__ import annotations

import asyncio
import shutil
import tomllib
from collections.abc import Awaitable, Callable
from functools import cache
from pathlib import Path
from typing import Any

from textual import events
from textual.binding import Binding
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button, DataTable, Input, Static

from hamtui import paths, resources
from hamtui.editor import ProgramDocument
from hamtui.library import Library, load_library
from hamtui.tui.app import HamApp
from hamtui.tui.screens.block_form import BlockForm
from hamtui.tui.screens.confirm_dialog import ConfirmDialog
from hamtui.tui.screens.conflict_dialog import ConflictDialog
from hamtui.tui.screens.details_form import DetailsForm
from hamtui.tui.screens.dose_form import DoseForm
from hamtui.tui.screens.help_screen import HelpScreen
from hamtui.tui.screens.main_screen import MainScreen
from hamtui.tui.screens.open_picker import OpenPicker
from hamtui.tui.screens.save_as import SaveAsDialog
from hamtui.tui.screens.unsaved_dialog import UnsavedDialog
from hamtui.tui.widgets.exercise_detail import ExerciseDetail
from hamtui.tui.widgets.filter_bar import FilterBar
from hamtui.tui.widgets.library_pane import LibraryPane, StatusLine
from hamtui.tui.widgets.program_list import ProgramList
from hamtui.tui.widgets.results_list import ResultsList
from hamtui.tui.widgets.review_panel import FindingList, ReviewPanel

WIDE = (120, 40)  # library and program side by side
NARROW = (80, 24)  # one pane at a time, F2 switches
EXAMPLE = "early-hamstring-rehab.toml"
EXAMPLE_ORDER = [
    ["sciatic-nerve-slider"],
    ["seated-hamstring-set", "glute-bridge", "single-leg-balance"],
]
HOSTILE = "[bold]x\x1b[2J"
HOSTILE_SHOWN = "[bold]x\\x1b[2J"
DROP = "drop here"
COOL_DOWN = "■ Cool-down  ·  circuit × 3 rounds · rest 45 s between · 0 items"

Steps = Callable[[Pilot[None]], Awaitable[None]]


@cache
def library() -> Library:
    """The bundled library, loaded once per test process (nothing here changes it)."""
    return load_library(bundled_only=True, use_cache=False)


class RecordingApp(HamApp):
    """HamApp that also records the text of every notification it shows."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notes: list[str] = []

    def notify(self, message: str, *, title: str = "", **kwargs: Any) -> None:
        self.notes.append(f"{title}: {message}" if title else str(message))
        super().notify(message, title=title, **kwargs)


FIXTURES = Path(__file__).resolve().parents[1] / "data"


def example(folder: Path, name: str = EXAMPLE) -> Path:
    """A copy of an example program in `folder` (a file the test may change): the fixture of
    tests/data when there is one, else the bundled example."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    source = FIXTURES / name
    if not source.exists():
        source = resources.bundled_programs_dir() / name
    shutil.copyfile(source, target)
    return target


def make_app(path: Path | None = None, *, folders: list[Path] | None = None) -> RecordingApp:
    document = ProgramDocument.open(path) if path is not None else ProgramDocument.new()
    return RecordingApp(library(), document=document, folders=folders)


def run(app: RecordingApp, steps: Steps, size: tuple[int, int] = WIDE) -> RecordingApp:
    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await steps(pilot)
            await pilot.pause()

    asyncio.run(main())
    return app


# -- looking at the screen ---------------------------------------------------------------------


def main_screen(app: HamApp) -> MainScreen:
    screen = app.screen_stack[1] if len(app.screen_stack) > 1 else app.screen
    assert isinstance(screen, MainScreen), app.screen_stack
    return screen


def plist(app: HamApp) -> ProgramList:
    return main_screen(app).query_one(ProgramList)


def rows(app: HamApp) -> list[str]:
    """The program list's lines as drawn now (plain text, trailing blanks cut)."""
    widget = plist(app)
    lines = [widget.render_line(y).text.rstrip() for y in range(widget.size.height)]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def heading(app: HamApp) -> str:
    return str(main_screen(app).query_one("#program-heading", Static).content)


def review_lines(app: HamApp) -> list[str]:
    findings = main_screen(app).query_one(FindingList)
    return [findings.render_line(y).text.rstrip() for y in range(findings.size.height)]


def review_summary(app: HamApp) -> str:
    return str(main_screen(app).query_one("#review-summary", Static).content)


def screen_text(app: HamApp) -> str:
    """Everything the main screen shows now, as plain text, one line per terminal row."""
    strips = main_screen(app)._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def status(app: HamApp) -> str:
    return main_screen(app).query_one(StatusLine).content.plain


def on_disk(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def order_on_disk(path: Path) -> list[list[str]]:
    return [
        [item["exercise"] for item in block.get("items", [])] for block in on_disk(path)["blocks"]
    ]


def order_shown(app: HamApp) -> list[list[str]]:
    program = main_screen(app).document.program
    return [[item.exercise for item in block.items] for block in program.blocks]


# -- acting ------------------------------------------------------------------------------------


async def settle(pilot: Pilot[None], rounds: int = 3) -> None:
    for _ in range(rounds):
        await pilot.pause()


async def wait_for(pilot: Pilot[None], kind: type[Screen[Any]]) -> Any:
    """Wait (a few frames at most) until a screen of this kind is on top, and return it."""
    for _ in range(50):
        if isinstance(pilot.app.screen, kind):
            await pilot.pause()
            return pilot.app.screen
        await pilot.pause()
    raise AssertionError(f"no {kind.__name__}: the top screen is {pilot.app.screen!r}")


async def back_to_main(pilot: Pilot[None]) -> None:
    """Wait until the dialogs are gone and the file workers are done."""
    for _ in range(50):
        if isinstance(pilot.app.screen, MainScreen):
            break
        await pilot.pause()
    assert isinstance(pilot.app.screen, MainScreen), pilot.app.screen
    await pilot.app.workers.wait_for_complete()
    await settle(pilot)


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type into the focused widget, key by key (queued back to back, like fast typing)."""
    app = pilot.app
    for char in text:
        app.post_message(events.Key("space" if char == " " else char, char))
    await settle(pilot)


async def fill(pilot: Pilot[None], selector: str, text: str) -> None:
    """Replace a form field's text: focus it, clear it, then type the new text key by key."""
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    await pilot.pause()
    field.value = ""
    await type_text(pilot, text)


async def key_burst(pilot: Pilot[None], key: str, count: int) -> None:
    """Press a key `count` times as fast as a held-down key repeats: the events are queued
    back to back (Pilot.press would wait ~70 ms after each), then the app catches up."""
    app = pilot.app
    for _ in range(count):
        app.post_message(events.Key(key, key if len(key) == 1 else None))
    await settle(pilot)


async def click_row(pilot: Pilot[None], row: int) -> None:
    """Click a row of the program list (it takes the focus and the cursor)."""
    await pilot.click(ProgramList, offset=(8, row))
    await pilot.pause()


async def search(pilot: Pilot[None], text: str) -> None:
    """Press `/` (or click into) the search box, clear it and type."""
    app = pilot.app
    main_screen(app).query_one(LibraryPane).search_input.focus()
    await pilot.pause()
    box = main_screen(app).query_one("#search", Input)
    box.value = ""
    await type_text(pilot, text)


# ---------------------------------------------------------------------------------------------
# 1. The library pane


def test_search_box_shows_results_live_on_every_keystroke(tmp_path: Path) -> None:
    app = make_app(example(tmp_path))

    async def steps(pilot: Pilot[None]) -> None:
        results = main_screen(app).query_one(ResultsList)
        total = len(library())
        assert status(app) == f"{total} exercises"
        assert app.focused is main_screen(app).query_one("#search", Input)
        seen: list[int] = []
        for key in "nordic":
            await pilot.press(key)
            seen.append(len(results.cards))
        assert seen[-1] < total  # narrowed while typing, with no enter and no wait
        card = results.highlighted_card
        assert card is not None and card.name == "Nordic Hamstring Curl"
        assert f"of {total} exercises" in status(app)
        detail = main_screen(app).query_one(ExerciseDetail)
        assert detail.plain.startswith("Nordic Hamstring Curl")

    run(app, steps)


def test_filter_bar_shows_the_query_filters_and_a_click_removes_one(tmp_path: Path) -> None:
    app = make_app(example(tmp_path))

    async def steps(pilot: Pilot[None]) -> None:
        await type_text(pilot, "cat:static-stretch stage:mid")
        bar = main_screen(app).query_one(FilterBar)
        assert bar.labels == ("cat: static-stretch", "stage: mid")
        assert "[cat: static-stretch ×]" in bar.content.plain
        results = main_screen(app).query_one(ResultsList)
        listed = [results.cards[n] for n in range(len(results.cards))]
        assert listed and all(c.category == "static-stretch" for c in listed)
        assert all("mid" in c.stages for c in listed)
        # " Filters: " is 10 cells (padding included): the first chip starts there.
        await pilot.click(FilterBar, offset=(11, 0))
        await pilot.pause()
        assert main_screen(app).query_one("#search", Input).value == "stage:mid"
        assert bar.labels == ("stage: mid",)
        listed = [results.cards[n] for n in range(len(results.cards))]
        assert any(c.category != "static-stretch" for c in listed)

    run(app, steps)


def test_detail_view_jumps_to_a_progression_and_back_to_a_regression(tmp_path: Path) -> None:
    app = make_app(example(tmp_path))

    async def steps(pilot: Pilot[None]) -> None:
        await type_text(pilot, "glute bridge")
        detail = main_screen(app).query_one(ExerciseDetail)
        results = main_screen(app).query_one(ResultsList)
        assert detail.slug == "glute-bridge"
        assert "Progressions (harder)" in detail.plain
        assert "Regressions (easier)" in detail.plain
        assert detail.links[0] == "stability-ball-hamstring-curl"
        detail.focus()
        await pilot.pause()
        await pilot.press("enter")  # the first link is selected on focus
        await pilot.pause()
        card = results.highlighted_card
        assert card is not None and card.slug == "stability-ball-hamstring-curl"
        assert detail.slug == "stability-ball-hamstring-curl"
        assert detail.plain.startswith("Stability Ball Hamstring Curl")
        # And a regression leads back down.
        assert "glute-bridge" in detail.links
        detail.focus()
        await pilot.pause()
        for _ in detail.links:
            if detail.links[detail.link_cursor or 0] == "glute-bridge":
                break
            await pilot.press("n")
        assert "Regressions (easier)" in detail.plain
        await pilot.press("enter")
        await pilot.pause()
        card = results.highlighted_card
        assert card is not None and card.slug == "glute-bridge"

    run(app, steps)


# ---------------------------------------------------------------------------------------------
# 2. The program editor


def test_blocks_and_items_show_the_dose_at_a_glance(tmp_path: Path) -> None:
    app = make_app(example(tmp_path))

    async def steps(pilot: Pilot[None]) -> None:
        shown = rows(app)
        assert shown[0].startswith("▶■ Nerve glide  ·  1 item")
        assert "1. Sciatic Nerve Slider" in shown[1]
        assert "1 × 15 · rest 20 s · each side" in shown[1]
        assert "■ Activation circuit  ·  circuit × 2 rounds · rest 60 s between" in shown[2]
        assert "10 reps × 2 rounds · hold 5 s · rest 20 s" in shown[3]
        assert "2. Glute Bridge" in shown[4]
        assert "10 reps × 2 rounds · hold 3 s · rest 30 s" in shown[4]
        assert "3 reps × 2 rounds · hold 20 s · rest 20 s" in shown[5]
        assert heading(app) == "Early-stage hamstring rehab · stage mid · 3×/week · 4 items"
        assert app.sub_title == f"Early-stage hamstring rehab — {EXAMPLE}"
        assert app.title == "hamtui"  # no unsaved-changes mark

    run(app, steps)


def test_enter_adds_the_highlighted_exercise_after_the_cursor(tmp_path: Path) -> None:
    path = example(tmp_path)
    app = make_app(path)

    async def steps(pilot: Pilot[None]) -> None:
        await click_row(pilot, 4)  # Glute Bridge: the new item goes after it
        await search(pilot, "hip thrust kneeling")
        card = main_screen(app).query_one(ResultsList).highlighted_card
        assert card is not None and card.slug == "kneeling-hip-thrust"
        await pilot.press("enter")
        await settle(pilot)
        shown = rows(app)
        assert "3. Kneeling Hip" in shown[5]
        assert "4. Single Leg Bal" in shown[6]
        assert plist(app).cursor == (1, 2)
        assert len(order_shown(app)[1]) == 4
        assert app.title == "● hamtui"
        assert app.sub_title.endswith("(unsaved changes)")
        assert any("Added Kneeling Hip Thrust" in note for note in app.notes)
        # Enter on the results list adds too (at the end of the block the cursor is in).
        results = main_screen(app).query_one(ResultsList)
        results.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert order_shown(app)[1][3] == "kneeling-hip-thrust"
        await pilot.press("ctrl+z")
        await pilot.press("ctrl+s")
        await back_to_main(pilot)
        assert order_on_disk(path) == [
            ["sciatic-nerve-slider"],
            ["seated-hamstring-set", "glute-bridge", "kneeling-hip-thrust", "single-leg-balance"],
        ]
        assert app.title == "hamtui"

    run(app, steps)


def test_dragging_an_exercise_from_the_library_drops_it_where_the_line_shows(
    tmp_path: Path,
) -> None:
    path = example(tmp_path)
    app = make_app(path)

    async def steps(pilot: Pilot[None]) -> None:
        await search(pilot, "pogo")
        results = main_screen(app).query_one(ResultsList)
        card = results.highlighted_card
        assert card is not None and card.slug == "pogo-hops"
        await pilot.mouse_down(ResultsList, offset=(6, 0))
        await pilot.hover(ResultsList, offset=(6, 2))  # past the threshold: a drag
        assert results.dragging
        await pilot.hover(ProgramList, offset=(8, 4))  # over Glute Bridge: before it
        program_list = plist(app)
        assert program_list.drop_target == (1, 1)
        shown = rows(app)
        assert DROP in shown[4] and shown[4].startswith("───")
        assert "Glute Bridge" in shown[5]
        await pilot.mouse_up(ProgramList, offset=(8, 4))
        await settle(pilot)
        assert not any(DROP in line for line in rows(app))
        assert "2. Pogo Hops" in rows(app)[4]
        assert program_list.cursor == (1, 1)
        await pilot.press("ctrl+s")
        await back_to_main(pilot)
        assert order_on_disk(path)[1] == [
            "seated-hamstring-set",
            "pogo-hops",
            "glute-bridge",
            "single-leg-balance",
        ]

    run(app, steps)


def test_dropping_a_library_drag_outside_the_program_adds_nothing(tmp_path: Path) -> None:
    app = make_app(example(tmp_path))

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.mouse_down(ResultsList, offset=(6, 0))
        await pilot.hover(ResultsList, offset=(6, 2))
        await pilot.hover(ProgramList, offset=(8, 3))
        assert DROP in rows(app)[3]
        await pilot.hover(ResultsList, offset=(6, 4))  # back out: the line goes away
        assert not any(DROP in line for line in rows(app))
        await pilot.mouse_up(ResultsList, offset=(6, 4))
        await settle(pilot)
        assert order_shown(app) == EXAMPLE_ORDER
        assert app.title == "hamtui"

    run(app, steps)


def test_remove_duplicate_and_keyboard_moves_with_undo(tmp_path: Path) -> None:
    path = example(tmp_path)
    app = make_app(path)

    async def steps(pilot: Pilot[None]) -> None:
        await click_row(pilot, 4)  # Glute Bridge
        await pilot.press("d")
        await settle(pilot)
        assert order_shown(app)[1] == [
            "seated-hamstring-set",
            "glute-bridge",
            "glute-bridge",
            "single-leg-balance",
        ]
        assert "3. Glute Bridge" in rows(app)[5] and plist(app).cursor == (1, 2)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert order_shown(app) == EXAMPLE_ORDER and app.title == "hamtui"

        await click_row(pilot, 4)
        await pilot.press("x")
        await settle(pilot)
        assert order_shown(app)[1] == ["seated-hamstring-set", "single-leg-balance"]
        assert not any("Glute Bridge" in line for line in rows(app))
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "2. Glute Bridge" in rows(app)[4]

        await click_row(pilot, 4)
        await pilot.press("K")  # up within the block
        await settle(pilot)
        assert "1. Glute Bridge" in rows(app)[3] and plist(app).cursor == (1, 0)
        await pilot.press("shift+up")  # past the top of its block: into the block above
        await settle(pilot)
        assert order_shown(app) == [
            ["sciatic-nerve-slider", "glute-bridge"],
            ["seated-hamstring-set", "single-leg-balance"],
        ]
        assert "2. Glute Bridge" in rows(app)[2] and plist(app).cursor == (0, 1)
        await pilot.press("J")  # and back down into the circuit, as its first item
        await settle(pilot)
        assert order_shown(app)[1][0] == "glute-bridge"
        await pilot.press("shift+down")
        await settle(pilot)
        assert order_shown(app)[1] == [
            "seated-hamstring-set",
            "glute-bridge",
            "single-leg-balance",
        ]
        await pilot.press("ctrl+z", "ctrl+z")
        await settle(pilot)
        assert order_shown(app)[0] == ["sciatic-nerve-slider", "glute-bridge"]
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert order_shown(app)[1][0] == "glute-bridge"
        await pilot.press("ctrl+s")
        await back_to_main(pilot)
        assert order_on_disk(path) == [
            ["sciatic-nerve-slider"],
            ["glute-bridge", "seated-hamstring-set", "single-leg-balance"],
        ]

    run(app, steps)


def test_mouse_drag_shows_a_drop_line_moves_the_item_and_saves_that_order(
    tmp_path: Path,
) -> None:
    path = example(tmp_path)
    app = make_app(path)

    async def steps(pilot: Pilot[None]) -> None:
        program_list = plist(app)
        await pilot.mouse_down(ProgramList, offset=(8, 5))  # Single Leg Balance
        await pilot.hover(ProgramList, offset=(8, 4))  # over Glute Bridge
        assert program_list.dragging
        assert program_list.drop_target == (1, 1)
        shown = rows(app)
        assert DROP in shown[4]  # a full-width line, not a colour
        assert shown[4].startswith("───") and shown[4].endswith("───")
        assert shown[6].startswith("↕")  # the dragged row is marked too
        await pilot.hover(ProgramList, offset=(8, 3))  # over Seated Hamstring Set
        assert program_list.drop_target == (1, 0)
        assert DROP in rows(app)[3]
        await pilot.mouse_up(ProgramList, offset=(8, 3))
        await settle(pilot)
        assert not program_list.dragging
        assert not any(DROP in line for line in rows(app))
        assert "1. Single Leg Balance" in rows(app)[3]
        assert program_list.cursor == (1, 0)
        assert app.title == "● hamtui"
        await pilot.press("ctrl+s")
        await back_to_main(pilot)
        assert order_on_disk(path) == [
            ["sciatic-nerve-slider"],
            ["single-leg-balance", "seated-hamstring-set", "glute-bridge"],
        ]
        assert app.title == "hamtui"
        assert any(f"Saved {path}" in note for note in app.notes)

    run(app, steps)


def test_mouse_drag_across_blocks_then_undo_puts_it_back(tmp_path: Path) -> None:
    path = example(tmp_path)
    before = path.read_bytes()
    app = make_app(path)

    async def steps(pilot: Pilot[None]) -> None:
        program_list = plist(app)
        await pilot.mouse_down(ProgramList, offset=(8, 4))  # Glute Bridge
        await pilot.hover(ProgramList, offset=(8, 2))  # the circuit's header: end of block 1
        assert program_list.drop_target == (0, 1)
        assert DROP in rows(app)[2]
        await pilot.mouse_up(ProgramList, offset=(8, 2))
        await settle(pilot)
        assert order_shown(app) == [
            ["sciatic-nerve-slider", "glute-bridge"],
            ["seated-hamstring-set", "single-leg-balance"],
        ]
        assert "2. Glute Bridge" in rows(app)[2]
        assert "■ Activation circuit" in rows(app)[3]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert order_shown(app) == EXAMPLE_ORDER
        assert "2. Glute Bridge" in rows(app)[4]
        assert app.title == "hamtui"  # back to what is on disk: nothing unsaved
        assert any("Undid: move item" in note for note in app.notes)
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert order_shown(app)[0] == ["sciatic-nerve-slider", "glute-bridge"]
        await pilot.press("ctrl+z", "ctrl+s")
        await back_to_main(pilot)
        assert order_on_disk(path) == EXAMPLE_ORDER
        assert tomllib.loads(before.decode()) == on_disk(path)

    run(app, steps)


def test_blocks_can_be_added_renamed_made_circuits_reordered_and_removed(
    tmp_path: Path,
) -> None:
    path = example(tmp_path)
    app = make_app(path)

    async def steps(pilot: Pilot[None]) -> None:
        await click_row(pilot, 1)  # in the first block: the new one goes after it
        await pilot.press("ctrl+b")
        await settle(pilot)
        shown = rows(app)
        assert shown[2].startswith("▶■ Block 3  ·  0 items")
        assert plist(app).cursor == (1, None)
        # Rename it and make it a circuit of 3 rounds with 45 s between.
        await pilot.press("enter")
        form = await wait_for(pilot, BlockForm)
        await fill(pilot, "#name", "Cool-down")
        await fill(pilot, "#rounds", "3")
        await fill(pilot, "#rest_between_rounds_s", "45")
        assert not form.query_one("#save", Button).disabled
        await pilot.press("ctrl+s")
        await back_to_main(pilot)
        assert rows(app)[2] == "▶" + COOL_DOWN
        # Rounds out of range are refused with the reason, and nothing changes.
        await pilot.press("e")
        form = await wait_for(pilot, BlockForm)
        await fill(pilot, "#rounds", "0")
        assert "must be at least 1 (got 0)" in str(
            form.query_one("#rounds-problem", Static).content
        )
        assert form.query_one("#save", Button).disabled
        await pilot.press("escape")
        await back_to_main(pilot)
        assert "circuit × 3 rounds" in rows(app)[2]
        # Move it up above the first block, then remove it (empty: no question asked).
        await pilot.press("shift+up")
        await settle(pilot)
        assert rows(app)[0].startswith("▶■ Cool-down")
        assert rows(app)[1].startswith(" ■ Nerve glide")
        await pilot.press("x")
        await settle(pilot)
        assert rows(app)[0].startswith("▶■ Nerve glide")
        assert not any("Cool-down" in line for line in rows(app))
        # A block with items asks first; n keeps it, y removes it.
        await click_row(pilot, 0)
        await pilot.press("x")
        dialog = await wait_for(pilot, ConfirmDialog)
        assert "Remove the block “Nerve glide” and its 1" in str(dialog.query_one("#body").render())
        await pilot.press("n")
        await back_to_main(pilot)
        assert rows(app)[0].startswith("▶■ Nerve glide")
        await pilot.press("x")
        await wait_for(pilot, ConfirmDialog)
        await pilot.press("y")
        await back_to_main(pilot)
        assert rows(app)[0].startswith("▶■ Activation circuit")
        # Undo walks back through every block edit, redo forward again.
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert rows(app)[0][1:].startswith("■ Nerve glide")
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert rows(app)[0][1:].startswith("■ Cool-down")
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert rows(app)[2][1:] == COOL_DOWN
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert rows(app)[2][1:] == "■ Block 3  ·  0 items"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert not any("Block 3" in line for line in rows(app))
        assert app.title == "hamtui"
        await pilot.press("ctrl+y", "ctrl+y", "ctrl+y")
        await settle(pilot)
        assert rows(app)[0][1:].startswith("■ Cool-down  ·  circuit × 3 rounds")
        await pilot.press("ctrl+s")
        await back_to_main(pilot)
        blocks = on_disk(path)["blocks"]
        assert [b.get("name") for b in blocks] == ["Cool-down", "Nerve glide", "Activation circuit"]
        assert blocks[0]["rounds"] == 3 and blocks[0]["rest_between_rounds_s"] == 45

    run(app, steps)


def test_dose_form_edits_an_item_and_the_row_and_file_show_the_new_dose(
    tmp_path: Path,
) -> None:
    path = example(tmp_path)
    app = make_app(path)

    async def steps(pilot: Pilot[None]) -> None:
        await click_row(pilot, 3)  # Seated Hamstring Set: 1 × 10 · hold 5 s · rest 20 s
        await pilot.press("enter")
        form = await wait_for(pilot, DoseForm)
        assert "Seated Hamstring Set" in str(form.query_one("#form-title").render())
        await fill(pilot, "#sets", "2")
        await fill(pilot, "#rest_s", "30")
        await pilot.press("ctrl+s")
        await back_to_main(pilot)
        assert "1. Seated Hamstring Set" in rows(app)[3]
        # in a circuit the sets do not apply (the form says so): the rest does
        assert "10 reps × 2 rounds · hold 5 s · rest 30 s" in rows(app)[3]
        assert app.title == "● hamtui"
        await pilot.press("ctrl+s")
        await back_to_main(pilot)
        item = on_disk(path)["blocks"][1]["items"][0]
        assert item["exercise"] == "seated-hamstring-set"
        assert (item["sets"], item["reps"], item["hold_s"], item["rest_s"]) == (2, 10, 5, 30)
        assert item["side"] == "each"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "10 reps × 2 rounds · hold 5 s · rest 20 s" in rows(app)[3]
        assert app.title == "● hamtui"  # the file has the new dose; this differs from it

    run(app, steps)


def test_dose_form_explains_a_bad_value_and_never_saves_it(tmp_path: Path) -> None:
    path = example(tmp_path)
    before = path.read_bytes()
    app = make_app(path)

    async def steps(pilot: Pilot[None]) -> None:
        await click_row(pilot, 4)  # Glute Bridge
        await pilot.press("e")
        form = await wait_for(pilot, DoseForm)
        await fill(pilot, "#sets", "0")
        problem = form.query_one("#sets-problem", Static)
        assert problem.display
        assert str(problem.content) == "✗ must be at least 1 (got 0)"
        assert "✗" in str(form.query_one("#sets-label").render())  # marked, not only coloured
        assert form.query_one("#save", Button).disabled
        await fill(pilot, "#reps", "x")
        assert "must be a whole number" in str(form.query_one("#reps-problem", Static).content)
        await pilot.press("ctrl+s")  # refused: the form stays, and says why
        await pilot.pause()
        assert app.screen is form
        assert any("Sets: must be at least 1 (got 0)" in note for note in app.notes)
        await pilot.press("escape")
        await back_to_main(pilot)
        assert "10 reps × 2 rounds · hold 3 s · rest 30 s" in rows(app)[4]
        assert app.title == "hamtui"
        await pilot.press("ctrl+s")
        await back_to_main(pilot)
        assert path.read_bytes() == before

    run(app, steps)


def test_details_form_edits_title_author_summary_stage_sessions_and_tags(
    tmp_path: Path,
) -> None:
    path = example(tmp_path)
    app = make_app(path)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("ctrl+t")
        form = await wait_for(pilot, DetailsForm)
        await fill(pilot, "#title", "Knee plan")
        await fill(pilot, "#author", "Sam")
        summary = form.query_one("#summary")
        summary.text = "Twice a week, slowly."  # type: ignore[attr-defined]
        form.query_one("#stage").value = "mid"  # type: ignore[attr-defined]
        await fill(pilot, "#sessions_per_week", "15")
        assert "must be at most 14 (got 15)" in str(
            form.query_one("#sessions_per_week-problem", Static).content
        )
        assert form.query_one("#save", Button).disabled
        await fill(pilot, "#sessions_per_week", "3")
        await fill(pilot, "#tags", "knee, acl")
        await pilot.press("ctrl+s")
        await back_to_main(pilot)
        assert heading(app).startswith("Knee plan · stage mid · 3×/week · 4 items")
        assert app.sub_title.startswith("Knee plan — ")
        await pilot.press("ctrl+s")
        await back_to_main(pilot)
        data = on_disk(path)
        assert data["title"] == "Knee plan"
        assert data["author"] == "Sam"
        assert data["summary"] == "Twice a week, slowly."
        assert data["stage"] == "mid"
        assert data["sessions_per_week"] == 3
        assert data["tags"] == ["knee", "acl"]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert heading(app).startswith("Early-stage hamstring rehab · stage mid · 3×/week")

    run(app, steps)


# ---------------------------------------------------------------------------------------------
# 3. Files


def test_a_new_program_is_saved_as_a_new_file_in_the_programs_folder(tmp_path: Path) -> None:
    app = make_app()

    async def steps(pilot: Pilot[None]) -> None:
        assert rows(app)[0].startswith("▶■ Main  ·  0 items")
        assert app.sub_title == "Untitled program — not saved yet"
        await search(pilot, "glute bridge")
        await pilot.press("enter")
        await settle(pilot)
        assert "1. Glute Bridge" in rows(app)[1]
        assert app.title == "● hamtui"
        await pilot.press("ctrl+s")
        dialog = await wait_for(pilot, SaveAsDialog)
        assert dialog.query_one("#path", Input).value == "untitled-program.toml"
        await fill(pilot, "#path", "bridges.toml")
        await pilot.press("enter")
        await back_to_main(pilot)
        saved = paths.user_programs_dir() / "bridges.toml"
        assert saved.is_file()
        assert order_on_disk(saved) == [["glute-bridge"]]
        assert on_disk(saved)["title"] == "Untitled program"
        assert app.title == "hamtui"
        assert app.sub_title == "Untitled program — bridges.toml"
        # The next ctrl+s saves to that file without asking.
        await click_row(pilot, 1)
        await pilot.press("d", "ctrl+s")
        await back_to_main(pilot)
        assert order_on_disk(saved) == [["glute-bridge", "glute-bridge"]]

    run(app, steps)


def test_save_as_keeps_the_original_and_asks_before_overwriting(tmp_path: Path) -> None:
    path = example(tmp_path)
    before = path.read_bytes()
    other = paths.user_programs_dir()
    other.mkdir(parents=True, exist_ok=True)
    (other / "taken.toml").write_text("keep me", encoding="utf-8")
    app = make_app(path)

    async def steps(pilot: Pilot[None]) -> None:
        await click_row(pilot, 4)
        await pilot.press("x", "f12")
        dialog = await wait_for(pilot, SaveAsDialog)
        assert dialog.query_one("#path", Input).value == "early-stage-hamstring-rehab.toml"
        await fill(pilot, "#path", "taken.toml")
        await pilot.press("enter")
        confirm = await wait_for(pilot, ConfirmDialog)
        assert "taken.toml already exists. Overwrite it?" in str(
            confirm.query_one("#body").render()
        )
        await pilot.press("n")
        await back_to_main(pilot)
        assert (other / "taken.toml").read_text(encoding="utf-8") == "keep me"
        assert app.title == "● hamtui"
        await pilot.press("f12")
        await wait_for(pilot, SaveAsDialog)
        await fill(pilot, "#path", "copy.toml")
        await pilot.press("enter")
        await back_to_main(pilot)
        assert order_on_disk(other / "copy.toml")[1] == [
            "seated-hamstring-set",
            "single-leg-balance",
        ]
        assert path.read_bytes() == before
        assert app.sub_title.endswith("— copy.toml")

    run(app, steps)


def test_a_bundled_example_is_saved_as_a_copy(tmp_path: Path) -> None:
    bundled = resources.bundled_programs_dir() / EXAMPLE
    before = bundled.read_bytes()
    app = make_app(bundled)

    async def steps(pilot: Pilot[None]) -> None:
        await click_row(pilot, 1)
        await pilot.press("d", "ctrl+s")
        await wait_for(pilot, SaveAsDialog)
        await pilot.press("enter")
        await back_to_main(pilot)
        copy = paths.user_programs_dir() / "early-stage-hamstring-rehab.toml"
        assert order_on_disk(copy)[0] == [
            "seated-hamstring-set",
            "seated-hamstring-set",
            "single-leg-balance",
        ]
        assert bundled.read_bytes() == before

    run(app, steps)


def changed_on_disk(path: Path) -> None:
    """Someone else saves the file: a new title and the first block's dose changed."""
    text = path.read_text(encoding="utf-8")
    text = text.replace('title = "Early-stage hamstring rehab"', 'title = "Their version"')
    path.write_text(text, encoding="utf-8")


async def edit_then_save_into_a_conflict(pilot: Pilot[None], path: Path) -> ConflictDialog:
    await click_row(pilot, 4)
    await pilot.press("x")  # my change: Glute Bridge removed
    await settle(pilot)
    changed_on_disk(path)
    await pilot.press("ctrl+s")
    dialog: ConflictDialog = await wait_for(pilot, ConflictDialog)
    text = str(dialog.query_one("#body", Static).content)
    assert str(path) in text and "changed on disk since you opened it" in text
    for label in ("Reload (r)", "Overwrite (o)", "Save as… (a)", "Cancel (esc)"):
        assert any(str(b.label) == label for b in dialog.query(Button))
    return dialog


def test_conflict_reload_takes_the_file_on_disk_and_undo_brings_mine_back(
    tmp_path: Path,
) -> None:
    path = example(tmp_path)
    app = make_app(path)

    async def steps(pilot: Pilot[None]) -> None:
        await edit_then_save_into_a_conflict(pilot, path)
        await pilot.press("r")
        await back_to_main(pilot)
        assert heading(app).startswith("Their version")
        assert order_shown(app) == EXAMPLE_ORDER
        assert app.title == "hamtui"
        assert on_disk(path)["title"] == "Their version"
        assert any("Reloaded from disk" in note for note in app.notes)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert order_shown(app)[1] == ["seated-hamstring-set", "single-leg-balance"]
        assert heading(app).startswith("Early-stage hamstring rehab")
        assert app.title == "● hamtui"
        # Saving now is no conflict: the file was re-read.
        await pilot.press("ctrl+s")
        await back_to_main(pilot)
        assert order_on_disk(path)[1] == ["seated-hamstring-set", "single-leg-balance"]

    run(app, steps)


def test_conflict_overwrite_replaces_the_file_with_my_version(tmp_path: Path) -> None:
    path = example(tmp_path)
    app = make_app(path)

    async def steps(pilot: Pilot[None]) -> None:
        await edit_then_save_into_a_conflict(pilot, path)
        await pilot.press("o")
        await back_to_main(pilot)
        data = on_disk(path)
        assert data["title"] == "Early-stage hamstring rehab"
        assert order_on_disk(path)[1] == ["seated-hamstring-set", "single-leg-balance"]
        assert app.title == "hamtui"

    run(app, steps)


def test_conflict_save_as_keeps_both_versions(tmp_path: Path) -> None:
    path = example(tmp_path)
    app = make_app(path)

    async def steps(pilot: Pilot[None]) -> None:
        await edit_then_save_into_a_conflict(pilot, path)
        await pilot.press("a")
        await wait_for(pilot, SaveAsDialog)
        await fill(pilot, "#path", "mine.toml")
        await pilot.press("enter")
        await back_to_main(pilot)
        mine = paths.user_programs_dir() / "mine.toml"
        assert order_on_disk(mine)[1] == ["seated-hamstring-set", "single-leg-balance"]
        assert on_disk(path)["title"] == "Their version"
        assert order_on_disk(path) == EXAMPLE_ORDER
        assert app.sub_title.endswith("— mine.toml") and app.title == "hamtui"

    run(app, steps)


def test_conflict_cancel_saves_nothing(tmp_path: Path) -> None:
    path = example(tmp_path)
    app = make_app(path)

    async def steps(pilot: Pilot[None]) -> None:
        await edit_then_save_into_a_conflict(pilot, path)
        theirs = path.read_bytes()
        await pilot.press("escape")
        await back_to_main(pilot)
        assert path.read_bytes() == theirs
        assert app.title == "● hamtui"

    run(app, steps)


def test_quit_with_unsaved_changes_asks_cancel_keeps_the_app_running(tmp_path: Path) -> None:
    app = make_app(example(tmp_path))

    async def steps(pilot: Pilot[None]) -> None:
        await click_row(pilot, 4)
        await pilot.press("x", "q")
        dialog = await wait_for(pilot, UnsavedDialog)
        assert "Save changes to this program before quitting?" in str(
            dialog.query_one("#body", Static).content
        )
        await pilot.press("escape")
        await back_to_main(pilot)
        assert app.is_running
        assert app.title == "● hamtui"
        # ctrl+q (the app-wide quit) asks too.
        await pilot.press("ctrl+q")
        await wait_for(pilot, UnsavedDialog)
        await pilot.press("escape")
        await back_to_main(pilot)
        assert app.is_running

    run(app, steps)


def test_quit_with_unsaved_changes_discard_quits_without_saving(tmp_path: Path) -> None:
    path = example(tmp_path)
    before = path.read_bytes()
    app = make_app(path)

    async def steps(pilot: Pilot[None]) -> None:
        await click_row(pilot, 4)
        await pilot.press("x", "ctrl+q")
        await wait_for(pilot, UnsavedDialog)
        await pilot.press("d")
        await settle(pilot)
        assert not app.is_running

    run(app, steps)
    assert path.read_bytes() == before


def test_quit_with_unsaved_changes_save_saves_then_quits(tmp_path: Path) -> None:
    path = example(tmp_path)
    app = make_app(path)

    async def steps(pilot: Pilot[None]) -> None:
        await click_row(pilot, 4)
        await pilot.press("x", "q")
        await wait_for(pilot, UnsavedDialog)
        await pilot.press("s")
        await settle(pilot)
        assert not app.is_running

    run(app, steps)
    assert order_on_disk(path)[1] == ["seated-hamstring-set", "single-leg-balance"]


def test_quit_without_changes_does_not_ask(tmp_path: Path) -> None:
    app = make_app(example(tmp_path))

    async def steps(pilot: Pilot[None]) -> None:
        await click_row(pilot, 1)
        await pilot.press("q")
        await settle(pilot)
        assert not app.is_running

    run(app, steps)


def test_new_with_unsaved_changes_asks_and_discard_starts_afresh(tmp_path: Path) -> None:
    app = make_app(example(tmp_path))

    async def steps(pilot: Pilot[None]) -> None:
        await click_row(pilot, 4)
        await pilot.press("x", "ctrl+n")
        dialog = await wait_for(pilot, UnsavedDialog)
        assert "before starting a new program?" in str(dialog.query_one("#body", Static).content)
        await pilot.press("escape")
        await back_to_main(pilot)
        assert heading(app).startswith("Early-stage hamstring rehab")
        await pilot.press("ctrl+n")
        await wait_for(pilot, UnsavedDialog)
        await pilot.press("d")
        await back_to_main(pilot)
        assert heading(app) == "Untitled program · 0 items"
        assert rows(app) == ["▶■ Main  ·  0 items"]
        assert app.sub_title == "Untitled program — not saved yet" and app.title == "hamtui"

    run(app, steps)


def others_program(folder: Path) -> Path:
    """A program from someone else's library: two exercises this library does not have."""
    path = folder / "from-a-friend.toml"
    path.write_text(
        "\n".join(
            [
                'format = "hamtui-program/1"',
                'title = "Friend\'s plan"',
                'stage = "late"',
                "",
                "[[blocks]]",
                'name = "Main"',
                "",
                "[[blocks.items]]",
                'exercise = "glute-bridge"',
                "",
                "[[blocks.items]]",
                'exercise = "razor-curl"',
                "sets = 3",
                "reps = 6",
                "",
                "[[blocks.items]]",
                'exercise = "copenhagen-plank"',
                "hold_s = 20",
                "",
            ]
        ),
        encoding="utf-8",
    )
    return path


def test_open_picker_lists_title_stage_and_problems_and_opens_with_unresolved_rows(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "programs"
    path = example(folder)
    friend = others_program(folder)
    (folder / "broken.toml").write_text("title = \n", encoding="utf-8")
    app = make_app(path, folders=[folder])

    async def steps(pilot: Pilot[None]) -> None:
        await click_row(pilot, 4)
        await pilot.press("x")  # unsaved: opening asks first
        await pilot.press("ctrl+o")
        dialog = await wait_for(pilot, UnsavedDialog)
        assert "before opening another program?" in str(dialog.query_one("#body", Static).content)
        await pilot.press("d")
        picker = await wait_for(pilot, OpenPicker)
        table = picker.query_one("#files", DataTable)
        shown = [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]
        assert shown[0][:4] == ["broken.toml", "-", "-", "✗ cannot open"]
        assert shown[1][:4] == ["Early-stage hamstring rehab", "mid", "4", "none"]
        assert shown[2][:4] == ["Friend's plan", "late", "3", "✗ 2 problems"]
        await pilot.press("down", "down")
        detail = str(picker.query_one("#file-detail", Static).content)
        assert "Review: 2 problems. First: cannot review `razor-curl`" in detail
        assert "cannot review `razor-curl`" in detail
        await pilot.press("enter")
        await back_to_main(pilot)
        assert app.sub_title == f"Friend's plan — {friend.name}"
        shown_rows = rows(app)
        assert "razor-curl unresolved" in shown_rows[2]
        assert "copenhagen-plank unresolved" in shown_rows[3]
        assert "unresolved" not in shown_rows[1]
        assert any("2 items use exercises this library does not have" in n for n in app.notes)
        findings = main_screen(app).query_one(ReviewPanel).findings
        assert [f.level for f in findings if "razor-curl" in f.message] == ["problem"]
        # The unresolved item can still be edited, moved and saved.
        await click_row(pilot, 2)
        await pilot.press("enter")
        form = await wait_for(pilot, DoseForm)
        assert "razor-curl (unresolved)" in str(form.query_one("#form-title").render())
        await fill(pilot, "#sets", "4")
        await pilot.press("ctrl+s")
        await back_to_main(pilot)
        await pilot.press("K", "ctrl+s")
        await back_to_main(pilot)
        assert order_on_disk(friend) == [["razor-curl", "glute-bridge", "copenhagen-plank"]]
        assert on_disk(friend)["blocks"][0]["items"][0]["sets"] == 4

    run(app, steps)


def test_undo_and_redo_go_back_and_forth_at_least_100_steps(tmp_path: Path) -> None:
    path = example(tmp_path)
    app = make_app(path)
    steps_count = 110

    async def steps(pilot: Pilot[None]) -> None:
        await click_row(pilot, 1)  # Sciatic Nerve Slider
        await key_burst(pilot, "d", steps_count)
        assert order_shown(app)[0] == ["sciatic-nerve-slider"] * (steps_count + 1)
        assert f"·  {steps_count + 1} items" in rows(app)[0]
        await key_burst(pilot, "ctrl+z", steps_count)
        assert order_shown(app) == EXAMPLE_ORDER
        assert rows(app)[0][1:] == "■ Nerve glide  ·  1 item"
        assert app.title == "hamtui"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.notes[-1] == "Nothing to undo."
        await key_burst(pilot, "ctrl+y", steps_count)
        assert len(order_shown(app)[0]) == steps_count + 1
        assert f"·  {steps_count + 1} items" in rows(app)[0]
        assert app.title == "● hamtui"
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.notes[-1] == "Nothing to redo."

    run(app, steps)


# ---------------------------------------------------------------------------------------------
# 4. Review findings


def test_review_findings_follow_the_edits_and_jump_to_their_item(tmp_path: Path) -> None:
    path = example(tmp_path)
    app = make_app(path)

    async def steps(pilot: Pilot[None]) -> None:
        assert review_summary(app) == "Review: no findings"
        assert review_lines(app)[0] == " No findings"
        # Add a plyometric exercise to this mid-stage program: a warning (twice).
        await click_row(pilot, 3)
        await search(pilot, "pogo hops")
        await pilot.press("enter")
        await settle(pilot)
        assert rows(app)[4].endswith("warning")  # the row carries the word
        assert "2. Pogo Hops" in rows(app)[4]
        assert "review: 2 warnings" in heading(app)
        assert review_summary(app) == "Review: 2 findings: 2 warnings"
        lines = review_lines(app)
        heads = [line for line in lines if line[1:].startswith(("problem", "warning", "note"))]
        assert heads[0].startswith("▶warning block 2 · item 2 · Pogo Hops")
        rules = [f.rule for f in main_screen(app).query_one(ReviewPanel).findings]
        assert sorted(rules) == ["plyometric-early", "stage-mismatch"]
        # Move elsewhere, then choose a finding about the item: the cursor goes to it.
        await click_row(pilot, 1)
        assert plist(app).cursor == (0, 0)
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.focused, FindingList)
        await pilot.press("down")
        await pilot.pause()
        chosen = main_screen(app).query_one(ReviewPanel).highlighted
        assert chosen is not None and (chosen.block, chosen.item) == (1, 1)
        await pilot.press("enter")
        await settle(pilot)
        assert plist(app).cursor == (1, 1)
        assert app.focused is plist(app)
        assert rows(app)[4].startswith("▶")
        # A click on a finding's line jumps too.
        await click_row(pilot, 0)
        line = next(n for n, text in enumerate(review_lines(app)) if "block 2 · item 2" in text)
        await pilot.click(FindingList, offset=(12, line))
        await settle(pilot)
        assert plist(app).cursor == (1, 1)
        # Removing the item clears its findings, and its mark.
        await pilot.press("x")
        await settle(pilot)
        assert review_summary(app) == "Review: no findings"
        assert review_lines(app)[0] == " No findings"
        assert "review:" not in heading(app)
        assert not any(line.endswith(("problem", "warning")) for line in rows(app))

    run(app, steps)


def test_narrow_screen_shows_one_pane_and_f2_switches(tmp_path: Path) -> None:
    app = make_app(example(tmp_path))

    async def steps(pilot: Pilot[None]) -> None:
        screen = main_screen(app)
        library_pane = screen.query_one(LibraryPane)
        program_pane = screen.query_one("#program-pane")
        # A program opened from a file shows first; F2 goes to the library and back.
        assert program_pane.display and not library_pane.display
        assert app.focused is plist(app)
        text = screen_text(app)
        assert "Sciatic Nerve Slider" in text and "Early-stage hamstring rehab" in text
        assert "43 exercises" not in text
        await pilot.press("f2")
        await settle(pilot)
        assert library_pane.display and not program_pane.display
        assert "Sciatic Nerve Slider" not in screen_text(app)
        text = screen_text(app)
        assert "43 exercises" in text and "▶ Bodyweight Squat to a Chair" in text
        await pilot.press("f2")
        await settle(pilot)
        assert program_pane.display and not library_pane.display
        assert app.focused is plist(app)
        await pilot.press("f2")
        await settle(pilot)
        assert library_pane.display and not program_pane.display
        assert app.focused is screen.query_one("#search", Input)
        # Adding from the library works without seeing the program; F4 shows the review.
        await type_text(pilot, "pogo")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        assert program_pane.display and isinstance(app.focused, FindingList)
        await pilot.press("enter")
        await settle(pilot)
        assert plist(app).cursor == (0, 1)
        assert "Pogo Hops" in screen_text(app)

    run(app, steps, size=NARROW)


# ---------------------------------------------------------------------------------------------
# 5. Keys, help and the command palette; untrusted text


def descriptions(bindings: list[Any]) -> list[str]:
    return [b.description for b in bindings if isinstance(b, Binding)]


def test_every_main_screen_binding_has_a_description_and_is_in_the_help(tmp_path: Path) -> None:
    app = make_app(example(tmp_path))
    main_bindings = [b for b in MainScreen.BINDINGS if isinstance(b, Binding)]
    assert all(b.description for b in main_bindings)
    assert all(b.description for b in ProgramList.BINDINGS if isinstance(b, Binding) and b.show)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("f1")
        help_screen = await wait_for(pilot, HelpScreen)
        table = help_screen.query_one("#keys", DataTable)
        listed = {
            (str(table.get_row_at(n)[0]), str(table.get_row_at(n)[1]))
            for n in range(table.row_count)
        }
        for binding in MainScreen.BINDINGS:
            assert isinstance(binding, Binding)
            assert (app.get_key_display(binding), binding.description) in listed, binding
        descriptions_listed = {description for _, description in listed}
        for wanted in descriptions(ProgramList.BINDINGS) + descriptions(HamApp.BINDINGS):
            assert wanted in descriptions_listed, wanted
        assert ("^s", "Save") in listed and ("f2", "Switch pane") in listed
        await pilot.press("escape")
        await back_to_main(pilot)
        await click_row(pilot, 1)  # not in the search box: ? is a key, not a character
        await pilot.press("question_mark")
        await wait_for(pilot, HelpScreen)
        await pilot.press("question_mark")
        await back_to_main(pilot)
        # The footer shows the main actions by name.
        footer = main_screen(app).query_one("Footer")
        shown = " ".join(str(key.description) for key in footer.query("FooterKey"))
        for name in ("Save", "Open", "New", "Undo", "Help"):
            assert name in shown

    run(app, steps)


def test_command_palette_has_every_main_screen_action_and_runs_it(tmp_path: Path) -> None:
    app = make_app(example(tmp_path))

    async def steps(pilot: Pilot[None]) -> None:
        screen = main_screen(app)
        titles = [command.title for command in app.get_system_commands(screen)]
        for wanted in descriptions(MainScreen.BINDINGS):
            assert wanted in titles, wanted
        assert "Help" in titles
        folded = [title.casefold() for title in titles]
        assert len(folded) == len(set(folded)), titles  # one "Quit", not two
        # Through the palette itself: ctrl+p, type, enter.
        await click_row(pilot, 1)
        await pilot.press("ctrl+p")
        for _ in range(20):
            await pilot.pause()
            if app.screen is not screen:
                break
        await type_text(pilot, "New block")
        for _ in range(20):  # the palette searches in the background
            await pilot.pause(0.02)
        await pilot.press("enter")
        await back_to_main(pilot)
        assert any(line.startswith("▶■ Block 3") for line in rows(app))

    run(app, steps)


def test_a_hostile_title_and_names_are_shown_literally(tmp_path: Path) -> None:
    path = tmp_path / "hostile.toml"
    path.write_text(
        "\n".join(
            [
                'format = "hamtui-program/1"',
                'title = "[bold]x\\u001b[2J"',
                'author = "[red]y\\u0007"',
                "",
                "[[blocks]]",
                'name = "[bold]x\\u001b[2J"',
                "",
                "[[blocks.items]]",
                'exercise = "glute-bridge"',
                'notes = "[b]n\\u001b[31m"',
                "",
            ]
        ),
        encoding="utf-8",
    )
    app = make_app(path)

    async def steps(pilot: Pilot[None]) -> None:
        assert heading(app).startswith(HOSTILE_SHOWN + " · 1 item")
        assert app.sub_title == f"{HOSTILE_SHOWN} — hostile.toml"
        assert rows(app)[0].startswith(f"▶■ {HOSTILE_SHOWN}  ·  1 item")
        text = screen_text(app)
        assert HOSTILE_SHOWN in text
        assert "\x1b" not in text and "\x07" not in text
        await pilot.press("ctrl+t")
        form = await wait_for(pilot, DetailsForm)
        assert form.query_one("#title", Input).value == HOSTILE_SHOWN
        await pilot.press("escape")
        await back_to_main(pilot)
        await click_row(pilot, 1)
        await pilot.press("enter")
        form = await wait_for(pilot, DoseForm)
        assert form.query_one("#notes").text == "[b]n\\x1b[31m"  # type: ignore[attr-defined]
        await pilot.press("escape")
        await back_to_main(pilot)
        await click_row(pilot, 0)
        await pilot.press("enter")
        form = await wait_for(pilot, BlockForm)
        assert HOSTILE_SHOWN in str(form.query_one("#form-title").render())
        await pilot.press("escape")
        await back_to_main(pilot)
        # Nothing was changed by looking: the file is as it was.
        assert app.title == "hamtui"

    run(app, steps)


def test_w_swaps_an_item_for_the_easier_exercise_that_spares_the_programs_condition(
    tmp_path: Path,
) -> None:
    """A mid-stage program for high hamstring tendinopathy holds an RDL: `w` swaps it for
    the nearest easier exercise that does not load the bent-forward hip (a lying curl, not
    the standing good morning, its first regression); ctrl+z brings the RDL back. A long
    stretch has no easier exercise that spares the tendon: nothing changes and hamtui says
    why."""
    path = tmp_path / "hht.toml"
    path.write_text(
        'format = "hamtui-program/1"\ntitle = "Tendon"\nstage = "mid"\n'
        'conditions = ["high-hamstring-tendinopathy"]\n\n[[blocks]]\nname = "Main"\n\n'
        '[[blocks.items]]\nexercise = "romanian-deadlift"\nnotes = "Light"\n\n'
        '[[blocks.items]]\nexercise = "supine-strap-hamstring-stretch"\n',
        encoding="utf-8",
    )
    app = make_app(path)

    async def steps(pilot: Pilot[None]) -> None:
        await click_row(pilot, 1)
        assert "Romanian Deadlift" in rows(app)[1]
        await pilot.press("w")
        await settle(pilot)
        assert "Stability Ball Hamstring Curl" in rows(app)[1]
        assert app.notes[-1] == (
            "Swapped Romanian Deadlift for Stability Ball Hamstring Curl; ctrl+z undoes it."
        )
        item = app.document.program.blocks[0].items[0]
        assert (item.exercise, item.notes) == ("stability-ball-hamstring-curl", "Light")
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "Romanian Deadlift" in rows(app)[1]
        await click_row(pilot, 2)
        await pilot.press("w")
        await settle(pilot)
        assert "Supine Strap Hamstring Stretch" in rows(app)[2]
        assert app.notes[-1].startswith("No easier exercise on its ladder avoids ")
        assert app.notes[-1].endswith(": leave it out or pick another.")

    run(app, steps)


MIXED = """\
format = "hamtui-program/1"
title = "A long title for a mixed program of rehab work"
stage = "early"
sessions_per_week = 3

[[blocks]]

[[blocks.items]]
exercise = "nordic-hamstring-curl"

[[blocks.items]]
exercise = "pogo-hops"

[[blocks.items]]
exercise = "no-such-one"

[[blocks.items]]
exercise = "no-such-two"
"""


def test_one_review_gives_the_same_counts_everywhere(
    tmp_path: Path, run_cli: Callable[..., tuple[int, str, str]]
) -> None:
    """The open dialog said "✓ No problems" for a file the editor and `hamtui review` found
    problems in; at 80x24 the header cut the counts."""
    from hamtui.catalog import scan_programs
    from hamtui.review import count_text

    path = tmp_path / "mixed.toml"
    path.write_text(MIXED, encoding="utf-8")
    _, out, _ = run_cli("review", path)
    cli_counts = out.splitlines()[-1]  # "6 findings: 3 problems, 2 warnings, 1 note"
    [found] = scan_programs([tmp_path], library())
    picker = count_text(found.findings)
    assert picker == "3 problems, 2 warnings" and picker in cli_counts

    async def steps(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, RecordingApp)
        assert f"review: {picker}" in heading(app)
        if f"review: {picker}" not in screen_text(app):
            await pilot.press("f2")  # the program pane, if the library was shown
            await pilot.pause()
        assert f"review: {picker}" in screen_text(app)  # on screen, not cut

    run(make_app(path), steps, size=NARROW)


def test_f2_moves_between_library_and_program_side_by_side(tmp_path: Path) -> None:
    """At 120x40 F2 did nothing: from the program, F2 then `x` removed an item."""

    async def steps(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, RecordingApp)
        screen = main_screen(app)
        screen.query_one(ProgramList).focus()
        await pilot.pause()
        before = app.document.program.item_count()
        await pilot.press("f2")
        await pilot.pause()
        library = screen.query_one(LibraryPane)
        assert app.focused is not None and library in app.focused.ancestors_with_self
        await pilot.press("x")  # typed into the search, not a removal
        await pilot.pause()
        assert app.document.program.item_count() == before
        await pilot.press("f2")
        await pilot.pause()
        assert app.focused is screen.query_one(ProgramList)

    run(make_app(example(tmp_path)), steps, size=WIDE)


def test_undo_redo_toasts_replace_each_other_but_errors_stay(tmp_path: Path) -> None:
    """Undo, redo, undo stacked three toasts over half of an 80x24 screen."""

    async def steps(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, RecordingApp)
        screen = main_screen(app)
        await click_row(pilot, 4)
        await pilot.press("x")  # remove an item
        await settle(pilot)
        for key in ("ctrl+z", "ctrl+y", "ctrl+z"):
            await pilot.press(key)
            await settle(pilot)
        assert len(app.notes) >= 3  # each said something
        assert len(app._notifications) == 1  # the last one only
        screen.say("Cannot save: permission denied", severity="error")
        await pilot.pause()
        screen.say("Undone: remove")
        await pilot.pause()
        assert len(app._notifications) == 2  # the error stays

    run(make_app(example(tmp_path)), steps)


def test_edit_file_at_80x24_opens_on_the_program(tmp_path: Path) -> None:
    async def steps(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, RecordingApp)
        screen = main_screen(app)
        assert screen.has_class("show-program") and not screen.has_class("show-library")
        assert app.focused is screen.query_one(ProgramList)
        assert "Sciatic Nerve Slider" in screen_text(app)

    run(make_app(example(tmp_path)), steps, size=NARROW)


def test_edit_of_a_file_that_does_not_exist_starts_a_program_saved_there(
    tmp_path: Path,
) -> None:
    from hamtui.files import load_program

    path = tmp_path / "knee-rehab.toml"
    document = ProgramDocument.new_at(path)
    app = RecordingApp(library(), document=document)

    async def steps(pilot: Pilot[None]) -> None:
        assert any(f"ctrl+s saves it to {path}" in note for note in app.notes)
        await pilot.press("ctrl+s")
        await settle(pilot)

    run(app, steps, size=NARROW)
    assert load_program(path).model.title == "Knee rehab"
    assert not app.document.dirty


def test_a_new_block_goes_after_the_cursor_s_block(tmp_path: Path) -> None:
    app = make_app(example(tmp_path))

    async def steps(pilot: Pilot[None]) -> None:
        await click_row(pilot, 1)  # in the first block
        assert plist(app).cursor[0] == 0
        await pilot.press("ctrl+b")
        await settle(pilot)
        names = [block.name for block in app.document.program.blocks]
        assert names == ["Nerve glide", "Block 3", "Activation circuit"]
        assert plist(app).cursor == (1, None)  # on the new block

    run(app, steps)
