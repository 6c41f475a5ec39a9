"""Snapshots of the main screen with an example program loaded, side by side (120x40) and
stacked (80x24), and of the dose form opened from it (update with `make snapshots`)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

SIZES = [(80, 24), (120, 40)]
APP = "apps/main_example_app.py"
SnapCompare = Callable[..., bool]


def still_cursors(pilot: Pilot[None]) -> None:
    """Text cursors that do not blink, so every screenshot is the same."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False


async def settled(pilot: Pilot[None]) -> None:
    await pilot.pause()
    still_cursors(pilot)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_main_screen_with_an_example_program(
    snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    """120x40: library (search box, filter hint, results, the highlighted exercise) beside the
    program (heading, blocks and items with their doses, "No findings"). 80x24: the library
    pane alone (F2 shows the program)."""
    assert snap_compare(APP, terminal_size=size, run_before=settled)


def test_main_screen_stacked_showing_the_program(snap_compare: SnapCompare) -> None:
    """80x24 after F2: the program pane alone, cursor on the first item."""

    async def show_program(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.press("f2", "down")
        await settled(pilot)

    assert snap_compare(APP, terminal_size=(80, 24), run_before=show_program)


def test_dose_form_opened_from_the_main_screen(snap_compare: SnapCompare) -> None:
    """80x24: F2, down to Seated Hamstring Set, enter: the dose form over the program, its
    fields filled from the item (sets 1, reps 10, hold 5, rest 20, each side, the notes)."""

    async def open_dose_form(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.press("f2", "down", "down", "down", "enter")
        await settled(pilot)

    assert snap_compare(APP, terminal_size=(80, 24), run_before=open_dose_form)
