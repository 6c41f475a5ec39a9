"""The modal screens: forms with inline validation, the open picker, and the file dialogs.

Each modal is pushed on a tiny host App with a callback that records the dismissed value.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button, DataTable, Input, Label, Select, Static, TextArea

from hamtui.catalog import ProgramFile
from hamtui.model.exercise import ExerciseBody
from hamtui.model.program import Block, Item, Program, Progress
from hamtui.tui.screens.block_form import BlockForm
from hamtui.tui.screens.choice_dialog import ChoiceDialog
from hamtui.tui.screens.confirm_dialog import ConfirmDialog
from hamtui.tui.screens.conflict_dialog import ConflictDialog
from hamtui.tui.screens.details_form import DetailsForm
from hamtui.tui.screens.dose_form import DoseForm
from hamtui.tui.screens.end_confirm import EndConfirm
from hamtui.tui.screens.help_screen import HelpScreen
from hamtui.tui.screens.open_picker import OpenPicker
from hamtui.tui.screens.save_as import SaveAsDialog, short_path
from hamtui.tui.screens.unsaved_dialog import UnsavedDialog

HOSTILE = "[bold]x\x1b[2J"
HOSTILE_SHOWN = "[bold]x\\x1b[2J"

Steps = Callable[[Pilot[None]], Awaitable[None]]


class Host(App[None]):
    """Pushes one modal and records what it is dismissed with, and every notification."""

    def __init__(self, modal: Screen[Any]) -> None:
        super().__init__()
        self.modal = modal
        self.results: list[object] = []
        self.notes: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(self.modal, self.results.append)

    def notify(self, message: str, *, title: str = "", **kwargs: Any) -> None:
        self.notes.append(str(message))
        super().notify(message, title=title, **kwargs)


def run(modal: Screen[Any], steps: Steps, size: tuple[int, int] = (80, 24)) -> Host:
    async def go() -> Host:
        app = Host(modal)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await steps(pilot)
            await pilot.pause()
        return app

    return asyncio.run(go())


def text_of(screen: Screen[Any], selector: str) -> str:
    widget = screen.query_one(selector, Static)
    return str(widget.content)


async def type_into(pilot: Pilot[None], selector: str, text: str) -> None:
    """Replace a field's text: cleared, then `text` inserted at the cursor as if typed (or
    pasted); short texts are typed key by key."""
    widget = pilot.app.screen.query_one(selector, Input)
    widget.focus()
    widget.value = ""
    if len(text) <= 2:
        await pilot.press(*text)
    else:
        widget.insert_text_at_cursor(text)
    await pilot.pause()


def glute_bridge() -> Item:
    return Item(
        exercise="glute-bridge",
        sets=3,
        reps=10,
        hold_s=3,
        rest_s=45,
        notes="Keep \x1b[2J ribs down",
        cues=["Squeeze [b]glutes[/b]", "Ribs down"],
    )


def program() -> Program:
    return Program(
        format="hamtui-program/1",
        title="Knee rehab",
        author="Sam",
        summary="Twice a week",
        stage="mid",
        sessions_per_week=3,
        tags=["knee", "acl"],
        blocks=[Block(name="Main", items=[glute_bridge()])],
    )


# -- DoseForm -----------------------------------------------------------------------------


def test_dose_form_returns_the_edited_item() -> None:
    item = glute_bridge()

    async def steps(pilot: Pilot[None]) -> None:
        assert pilot.app.focused is pilot.app.screen.query_one("#sets")
        await type_into(pilot, "#reps", "12")
        await type_into(pilot, "#hold_s", "")
        await type_into(pilot, "#tempo", "3-1-1-0")
        pilot.app.screen.query_one("#side", Select).value = "each"
        await pilot.press("ctrl+s")

    app = run(DoseForm(item, "Glute Bridge"), steps)
    expected = item.model_copy(update={"reps": 12, "hold_s": None, "tempo": "3-1-1-0"})
    assert app.results == [expected.model_copy(update={"side": "each"})]
    assert app.notes == []


def test_dose_form_explains_bad_values_and_saves_nothing_until_fixed() -> None:
    async def steps(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        await type_into(pilot, "#sets", "0")
        await type_into(pilot, "#reps", "x")
        await type_into(pilot, "#tempo", "3-1")
        assert text_of(screen, "#sets-problem") == "✗ must be at least 1 (got 0)"
        assert text_of(screen, "#reps-problem") == '✗ must be a whole number (got "x")'
        assert "must be four numbers of seconds like 3-1-1-0" in text_of(screen, "#tempo-problem")
        assert screen.query_one("#sets-problem").display
        assert not screen.query_one("#rest_s-problem").display
        assert str(screen.query_one("#sets-label", Label).content).startswith("✗")
        assert str(screen.query_one("#rest_s-label", Label).content).startswith(" ")
        assert screen.query_one("#sets-field").has_class("-has-problem")
        assert screen.query_one("#save", Button).disabled

        await pilot.press("ctrl+s")
        await pilot.press("enter")  # enter in a field tries to save too
        await pilot.pause()
        assert pilot.app.results == []  # type: ignore[attr-defined]
        assert pilot.app.notes[0] == "Sets: must be at least 1 (got 0)"  # type: ignore[attr-defined]
        assert pilot.app.focused is screen.query_one("#sets")  # the first problem

        await type_into(pilot, "#sets", "2")
        await type_into(pilot, "#reps", "8")
        await type_into(pilot, "#tempo", "")
        assert not screen.query_one("#sets-problem").display
        assert not screen.query_one("#save", Button).disabled
        await pilot.press("enter")

    app = run(DoseForm(glute_bridge(), "Glute Bridge"), steps)
    assert app.results == [glute_bridge().model_copy(update={"sets": 2, "reps": 8})]


def test_dose_form_blank_required_number_and_big_numbers() -> None:
    async def steps(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        await type_into(pilot, "#rest_s", "")
        assert text_of(screen, "#rest_s-problem") == "✗ is required"
        await type_into(pilot, "#rest_s", "99999999999")
        assert text_of(screen, "#rest_s-problem") == "✗ must be at most 600 (got 99999999999)"
        await type_into(pilot, "#hold_s", "2.5")
        assert text_of(screen, "#hold_s-problem") == '✗ must be a whole number (got "2.5")'
        await pilot.press("escape")

    assert run(DoseForm(glute_bridge(), "Glute Bridge"), steps).results == [None]


def test_dose_form_sets_timed_work_as_a_clock() -> None:
    walk = ExerciseBody.model_validate({"name": "Walk", "category": "concentric", "mode": "timed"})

    async def steps(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        assert screen.query_one("#work_s", Input).placeholder == "5:00"  # the default time
        assert "work 5:00" in text_of(screen, "#effective-dose")
        await type_into(pilot, "#work_s", "5 min")
        assert text_of(screen, "#work_s-problem") == "✗ like 5:00, or 300 for seconds"
        await type_into(pilot, "#work_s", "2:30")
        assert "This item gets: 2 × work 2:30" in text_of(screen, "#effective-dose")
        await pilot.press("ctrl+s")

    item = Item(exercise="walk", sets=2)
    app = run(DoseForm(item, "Walk", walk), steps)
    assert app.results == [item.model_copy(update={"work_s": 150})]


def test_dose_form_refuses_work_with_reps() -> None:
    async def steps(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        await type_into(pilot, "#work_s", "1:00")
        assert "work_s is one bout of continuous work a set: it takes no hold_s or reps" in (
            text_of(screen, "#form-problem")
        )
        assert screen.query_one("#save", Button).disabled
        await pilot.press("escape")

    assert run(DoseForm(glute_bridge(), "Glute Bridge"), steps).results == [None]


def test_dose_form_sets_a_load_and_the_top_of_a_range_in_the_dose_lines_words() -> None:
    async def steps(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        await type_into(pilot, "#load", "2kg")
        assert text_of(screen, "#load-problem") == (
            '✗ must be a weight: a number, a space and kg or lb, like 2.5 kg (got "2kg")'
        )
        await type_into(pilot, "#load", "2 kg")
        await type_into(pilot, "#progress", "15 reps, lots")
        assert text_of(screen, "#progress-problem") == (
            "✗ not understood: 'lots' (like 15 reps, 3 sets, hold 5 s, work 10:00, 4 kg)"
        )
        await type_into(pilot, "#progress", "8 reps")
        assert "progress.reps (8) is below the item's reps (10)" in text_of(screen, "#form-problem")
        await type_into(pilot, "#progress", "4 × 15, hold 5 s, 4 kg")
        assert text_of(screen, "#effective-dose").startswith(
            "This item gets: 3 × 10 · hold 3 s · 2 kg · rest 45 s · up to 4 × 15, hold 5 s, 4 kg"
        )
        await pilot.press("ctrl+s")

    app = run(DoseForm(glute_bridge(), "Glute Bridge"), steps)
    [saved] = app.results
    assert isinstance(saved, Item) and saved.load == "2 kg"
    assert saved.progress is not None
    assert (saved.progress.sets, saved.progress.reps, saved.progress.hold_s) == (4, 15, 5)
    assert (saved.progress.load, saved.progress.after) == ("4 kg", 2)


def test_dose_form_keeps_a_ranges_settings_and_blank_removes_it() -> None:
    item = glute_bridge().model_copy(
        update={"progress": Progress(reps=12, after=3, effort_at_most=5)}
    )

    async def steps(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        assert screen.query_one("#progress", Input).value == "12 reps"
        await type_into(pilot, "#progress", "14 reps")
        await pilot.press("ctrl+s")

    [saved] = run(DoseForm(item, "Glute Bridge"), steps).results
    assert isinstance(saved, Item) and saved.progress is not None
    assert (saved.progress.reps, saved.progress.after, saved.progress.effort_at_most) == (14, 3, 5)

    async def clear(pilot: Pilot[None]) -> None:
        await type_into(pilot, "#progress", "")
        await pilot.press("ctrl+s")

    [cleared] = run(DoseForm(item, "Glute Bridge"), clear).results
    assert isinstance(cleared, Item) and cleared.progress is None


def test_dose_form_escape_returns_none() -> None:
    async def steps(pilot: Pilot[None]) -> None:
        await type_into(pilot, "#sets", "5")
        await pilot.press("escape")

    assert run(DoseForm(glute_bridge(), "Glute Bridge"), steps).results == [None]


def test_dose_form_escape_from_a_text_area_cancels_too() -> None:
    async def steps(pilot: Pilot[None]) -> None:
        pilot.app.screen.query_one("#notes", TextArea).focus()
        await pilot.press("x", "escape")

    assert run(DoseForm(glute_bridge(), "Glute Bridge"), steps).results == [None]


def test_dose_form_keeps_tabs_newlines_and_spacing_of_untouched_text() -> None:
    item = Item(exercise="glute-bridge", notes="a\tb\r\nc\n\n", cues=["x\ny", "  z"])

    async def steps(pilot: Pilot[None]) -> None:
        assert pilot.app.screen.query_one("#cues", TextArea).text == "x\\ny\n  z"
        await pilot.press("ctrl+s")

    assert run(DoseForm(item, "Glute Bridge"), steps).results == [item]


def test_dose_form_shows_file_text_literally_and_keeps_it_when_untouched() -> None:
    item = glute_bridge()

    async def steps(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        assert str(screen.query_one("#form-title", Label).content) == f"Dose · {HOSTILE_SHOWN}"
        assert screen.query_one("#notes", TextArea).text == "Keep \\x1b[2J ribs down"
        await type_into(pilot, "#sets", "4")
        await pilot.press("ctrl+s")

    app = run(DoseForm(item, HOSTILE), steps)
    assert app.results == [item.model_copy(update={"sets": 4})]
    result = app.results[0]
    assert isinstance(result, Item)
    assert result.notes == "Keep \x1b[2J ribs down"  # the real text, not the spelled-out one


def test_dose_form_cues_one_a_line() -> None:
    async def steps(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        cues = screen.query_one("#cues", TextArea)
        cues.text = "Push through heels\n\n  Ribs down  \n" + "x" * 2001
        await pilot.pause()
        assert text_of(screen, "#cues-problem") == (
            "✗ line 4: must be at most 2000 characters (it has 2001)"
        )
        cues.text = "Push through heels\n\n  Ribs down  \n"
        await pilot.pause()
        await pilot.press("ctrl+s")

    app = run(DoseForm(glute_bridge(), "Glute Bridge"), steps)
    result = app.results[0]
    assert isinstance(result, Item)
    assert result.cues == ["Push through heels", "Ribs down"]


def test_dose_form_tab_moves_between_fields() -> None:
    async def steps(pilot: Pilot[None]) -> None:
        order = []
        for _ in range(13):
            focused = pilot.app.focused
            order.append(focused.id if focused else None)
            await pilot.press("tab")
        assert order == [
            "sets", "reps", "hold_s", "work_s", "load", "progress", "rest_s", "side", "tempo",
            "notes", "cues", "save", "cancel",
        ]  # fmt: skip
        await pilot.press("escape")

    run(DoseForm(glute_bridge(), "Glute Bridge"), steps)


def test_dose_form_fits_and_scrolls_in_a_small_terminal() -> None:
    async def steps(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        await type_into(pilot, "#sets", "0")
        save = screen.query_one("#save", Button)
        assert save.region.bottom <= 16  # the buttons stay on screen
        screen.query_one("#cues", TextArea).focus()
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()  # focusing scrolls the field into view
        cues = screen.query_one("#cues", TextArea)
        fields = screen.query_one("#fields")
        assert fields.scroll_y > 0  # scrolled to show the focused field
        assert fields.region.contains_region(cues.region)
        await pilot.press("escape")

    run(DoseForm(glute_bridge(), "Glute Bridge"), steps, size=(60, 16))


# -- DetailsForm --------------------------------------------------------------------------


def test_details_form_validates_sessions_per_week_and_returns_changes() -> None:
    async def steps(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        await type_into(pilot, "#sessions_per_week", "15")
        assert text_of(screen, "#sessions_per_week-problem") == "✗ must be at most 14 (got 15)"
        assert screen.query_one("#save", Button).disabled
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.results == []  # type: ignore[attr-defined]
        assert pilot.app.notes == ["Sessions/week: must be at most 14 (got 15)"]  # type: ignore[attr-defined]
        await type_into(pilot, "#sessions_per_week", "")
        await type_into(pilot, "#title", "Knee rehab two")
        await type_into(pilot, "#tags", "knee, acl, return to run")
        screen.query_one("#stage", Select).value = ""
        await pilot.pause()
        await pilot.press("ctrl+s")

    app = run(DetailsForm(program()), steps)
    assert app.results == [
        {
            "title": "Knee rehab two",
            "sessions_per_week": None,
            "tags": ["knee", "acl", "return to run"],
            "stage": None,
        }
    ]


def test_details_form_unchanged_returns_no_changes_and_title_is_required() -> None:
    async def steps(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        await type_into(pilot, "#title", "")
        assert text_of(screen, "#title-problem") == "✗ must not be empty"
        await type_into(pilot, "#title", "Knee rehab")
        await pilot.press("enter")

    assert run(DetailsForm(program()), steps).results == [{}]


def test_details_form_keeps_untouched_file_text_exactly() -> None:
    hostile = program().model_copy(update={"title": HOSTILE, "tags": [HOSTILE, "a\nb"]})

    async def steps(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        assert screen.query_one("#title", Input).value == HOSTILE_SHOWN
        assert screen.query_one("#tags", Input).value == f"{HOSTILE_SHOWN}, a\\nb"
        await type_into(pilot, "#author", "Kim")
        await pilot.press("ctrl+s")

    assert run(DetailsForm(hostile), steps).results == [{"author": "Kim"}]


def test_details_form_escape_returns_none() -> None:
    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("escape")

    assert run(DetailsForm(program()), steps).results == [None]


# -- BlockForm ----------------------------------------------------------------------------


def test_block_form_rounds() -> None:
    block = Block(name="Circuit", rounds=3, rest_between_rounds_s=60)

    async def steps(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        await type_into(pilot, "#rounds", "0")
        assert text_of(screen, "#rounds-problem") == "✗ must be at least 1 (got 0)"
        await type_into(pilot, "#rounds", "21")
        assert text_of(screen, "#rounds-problem") == "✗ must be at most 20 (got 21)"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.results == []  # type: ignore[attr-defined]
        await type_into(pilot, "#rounds", "4")
        await type_into(pilot, "#rest_between_rounds_s", "90")
        await pilot.press("enter")

    app = run(BlockForm(block), steps)
    assert app.results == [{"rounds": 4, "rest_between_rounds_s": 90}]


def test_block_form_rename_and_cancel() -> None:
    async def rename(pilot: Pilot[None]) -> None:
        await type_into(pilot, "#name", "Warm up")
        await pilot.press("ctrl+s")

    async def cancel(pilot: Pilot[None]) -> None:
        await type_into(pilot, "#name", "Warm up")
        await pilot.press("escape")

    assert run(BlockForm(Block(name="Main")), rename).results == [{"name": "Warm up"}]
    assert run(BlockForm(Block(name="Main")), cancel).results == [None]


# -- OpenPicker ---------------------------------------------------------------------------


def picker_files(folder: Path) -> list[ProgramFile]:
    from hamtui.library import load_library
    from hamtui.review import review

    library = load_library(bundled_only=True)
    good = program()
    hostile = good.model_copy(update={"title": HOSTILE, "stage": None})
    unknown = hostile.model_copy(
        update={"blocks": [hostile.blocks[0].model_copy(update={"items": [Item(exercise="x")]})]}
    )
    return [
        ProgramFile(folder / "knee.toml", good, findings=tuple(review(good, library))),
        ProgramFile(folder / "odd.toml", unknown, findings=tuple(review(unknown, library))),
        ProgramFile(
            folder / "broken.toml",
            None,
            (f"{folder / 'broken.toml'}:3:5: expected `=`", "another"),
        ),
    ]


def test_open_picker_lists_title_stage_problems_and_returns_the_chosen_path(
    tmp_path: Path,
) -> None:
    files = picker_files(tmp_path)

    async def steps(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        table: DataTable[Text] = screen.query_one("#files", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows == [
            ["Knee rehab", "mid", "1", "none", "knee.toml"],
            [HOSTILE_SHOWN, "-", "1", "✗ 1 problem", "odd.toml"],
            ["broken.toml", "-", "-", "✗ cannot open", "broken.toml"],
        ]
        assert "✓ Review: no problems or warnings." in text_of(screen, "#file-detail")
        await pilot.press("down", "down")
        detail = text_of(screen, "#file-detail")
        assert "Cannot be opened: 2 problems. First: line 3:5: expected `=`" in detail
        await pilot.press("up")
        assert "Review: 1 problem. First: cannot review `x`" in text_of(screen, "#file-detail")
        await pilot.press("enter")

    assert run(OpenPicker(files), steps).results == [tmp_path / "odd.toml"]


def test_open_picker_typed_path(tmp_path: Path) -> None:
    (tmp_path / "other.toml").write_text("", encoding="utf-8")

    async def steps(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        await type_into(pilot, "#path", "missing.toml")
        await pilot.press("enter")
        assert pilot.app.results == []  # type: ignore[attr-defined]
        problem = text_of(screen, "#path-problem")
        assert problem == f"✗ no such file: {short_path(tmp_path / 'missing.toml')}"
        await type_into(pilot, "#path", "other.toml")
        assert not screen.query_one("#path-problem").display
        await pilot.press("enter")

    picker = OpenPicker(picker_files(tmp_path), folder=tmp_path)
    assert run(picker, steps).results == [tmp_path / "other.toml"]


def test_open_picker_empty_and_escape(tmp_path: Path) -> None:
    async def steps(pilot: Pilot[None]) -> None:
        assert pilot.app.focused is pilot.app.screen.query_one("#path")
        await pilot.press("escape")

    assert run(OpenPicker([]), steps).results == [None]


def test_open_picker_open_button_opens_the_highlighted_row(tmp_path: Path) -> None:
    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("down")
        await pilot.click("#open")

    assert run(OpenPicker(picker_files(tmp_path)), steps).results == [tmp_path / "odd.toml"]


def test_open_picker_click_highlights_and_a_second_click_opens(tmp_path: Path) -> None:
    async def steps(pilot: Pilot[None]) -> None:
        await pilot.click("#files", offset=(3, 3))  # header, row 0, row 1, row 2
        await pilot.pause()
        assert pilot.app.results == []  # type: ignore[attr-defined]
        assert "broken.toml" in text_of(pilot.app.screen, "#file-detail")
        await pilot.click("#files", offset=(3, 3))

    assert run(OpenPicker(picker_files(tmp_path)), steps).results == [tmp_path / "broken.toml"]


# -- the dialogs made from ChoiceDialog ------------------------------------------------------

CHOICE_DIALOGS: list[Callable[[], ChoiceDialog[Any]]] = [
    lambda: ConfirmDialog("Remove the block?", yes="Remove"),
    lambda: UnsavedDialog("quitting", name="Knee rehab"),
    lambda: ConflictDialog(Path("/p/knee.toml")),
    EndConfirm,
]


@pytest.mark.parametrize("make", CHOICE_DIALOGS, ids=["confirm", "unsaved", "conflict", "end"])
def test_every_choice_shows_its_key_on_its_button_and_both_give_the_same_answer(
    make: Callable[[], ChoiceDialog[Any]],
) -> None:
    """A button says which key it answers to ("Discard (d)"); pressing that key and clicking
    the button dismiss the dialog with the same value; the whole button row is on screen."""
    for choice in make().CHOICES:
        first_key = choice.keys.split(",")[0]

        async def by_key(
            pilot: Pilot[None], key: str = first_key, choice_id: str = choice.id
        ) -> None:
            button = pilot.app.screen.query_one(f"#{choice_id}", Button)
            label = str(button.label)
            assert label.endswith(")") and KEY_SHOWN.get(key, key) in label
            right = button.region.right
            assert 0 < right <= 80
            await pilot.press(key)

        async def by_click(pilot: Pilot[None], choice_id: str = choice.id) -> None:
            await pilot.click(f"#{choice_id}")

        assert run(make(), by_key).results == [choice.value]
        assert run(make(), by_click).results == [choice.value]


KEY_SHOWN = {"escape": "esc"}


# -- ConflictDialog, UnsavedDialog ---------------------------------------------------------


def test_conflict_dialog_keys() -> None:
    for key, expected in [("r", "reload"), ("o", "overwrite"), ("a", "save-as"), ("escape", None)]:

        async def steps(pilot: Pilot[None], key: str = key) -> None:
            await pilot.press(key)

        assert run(ConflictDialog(Path("/p/knee.toml")), steps).results == [expected]


def test_conflict_dialog_buttons_and_literal_path() -> None:
    async def steps(pilot: Pilot[None]) -> None:
        assert HOSTILE_SHOWN in text_of(pilot.app.screen, "#body")
        assert pilot.app.focused is pilot.app.screen.query_one("#cancel")  # enter is safe
        await pilot.click("#save-as")

    path = Path(f"/p/{HOSTILE}.toml")
    assert run(ConflictDialog(path), steps).results == ["save-as"]


def test_unsaved_dialog() -> None:
    for key, expected in [("s", "save"), ("d", "discard"), ("escape", None), ("enter", "save")]:

        async def steps(pilot: Pilot[None], key: str = key) -> None:
            question = text_of(pilot.app.screen, "#body")
            assert question == "Save changes to Knee rehab before opening another program?"
            await pilot.press(key)

        dialog = UnsavedDialog("opening another program", name="Knee rehab")
        assert run(dialog, steps).results == [expected]


# -- SaveAsDialog -------------------------------------------------------------------------


def test_save_as_dialog(tmp_path: Path) -> None:
    async def steps(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        assert screen.query_one("#path", Input).value == "knee.toml"
        await type_into(pilot, "#path", "knee.txt")
        assert text_of(screen, "#path-problem") == "✗ must end in .toml, like my-program.toml"
        assert screen.query_one("#save", Button).disabled
        await pilot.press("enter")
        assert pilot.app.results == []  # type: ignore[attr-defined]
        await type_into(pilot, "#path", "missing/knee.toml")
        assert text_of(screen, "#path-problem") == (
            f"✗ the folder {short_path(tmp_path / 'missing')} does not exist"
        )
        await type_into(pilot, "#path", "")
        assert "type a file name" in text_of(screen, "#path-problem")
        await type_into(pilot, "#path", "knee 2.toml")
        assert not screen.query_one("#path-problem").display
        await pilot.press("enter")

    assert run(SaveAsDialog(tmp_path, "knee.toml"), steps).results == [tmp_path / "knee 2.toml"]


def test_save_as_dialog_absolute_path_and_escape(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    async def absolute(pilot: Pilot[None]) -> None:
        pilot.app.screen.query_one("#path", Input).value = str(elsewhere / "x.toml")
        await pilot.pause()
        await pilot.click("#save")

    async def escape(pilot: Pilot[None]) -> None:
        await pilot.press("escape")

    folder = tmp_path / "programs"
    folder.mkdir()
    assert run(SaveAsDialog(folder, "a.toml"), absolute).results == [elsewhere / "x.toml"]
    assert run(SaveAsDialog(folder, "a.toml"), escape).results == [None]


# -- HelpScreen ---------------------------------------------------------------------------

KEYS = [
    ("Everywhere", "^q", "Quit"),
    ("Everywhere", "f1", "Help"),
    ("Program editor", "^s", "Save"),
    ("Program editor", "e", "Edit the dose"),
    ("Everywhere", "^p", "Commands"),
]


def test_help_screen_lists_the_bindings_grouped() -> None:
    async def steps(pilot: Pilot[None]) -> None:
        table: DataTable[Text] = pilot.app.screen.query_one("#keys", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows == [
            ["Everywhere", ""],
            ["^q", "Quit"],
            ["f1", "Help"],
            ["^p", "Commands"],
            ["", ""],
            ["Program editor", ""],
            ["^s", "Save"],
            ["e", "Edit the dose"],
        ]
        await pilot.press("escape")

    assert run(HelpScreen(KEYS), steps).results == [None]


def test_help_screen_closes_with_f1_q_and_question_mark() -> None:
    for key in ("f1", "q", "question_mark"):

        async def steps(pilot: Pilot[None], key: str = key) -> None:
            await pilot.press(key)

        assert run(HelpScreen(KEYS), steps).results == [None]


def test_help_screen_scrolls_a_long_list() -> None:
    many = [("Group", f"k{i}", f"action {i}") for i in range(60)]

    async def steps(pilot: Pilot[None]) -> None:
        table = pilot.app.screen.query_one("#keys", DataTable)
        assert table.region.bottom <= 24
        await pilot.press("pagedown")
        await pilot.pause()
        assert table.scroll_y > 0
        await pilot.press("q")

    assert run(HelpScreen(many), steps).results == [None]


def test_help_screen_home_and_end_go_to_the_top_and_the_bottom() -> None:
    many = [("Group", f"k{i}", f"action {i}") for i in range(60)]

    async def steps(pilot: Pilot[None]) -> None:
        table = pilot.app.screen.query_one("#keys", DataTable)
        await pilot.press("end")
        await pilot.pause()
        assert table.scroll_y == table.max_scroll_y > 0
        await pilot.press("home")
        await pilot.pause()
        assert table.scroll_y == 0
        await pilot.press("q")

    assert run(HelpScreen(many), steps).results == [None]


# -- every dialog wraps its text ----------------------------------------------------------


def _dialogs(tmp_path: Path) -> list[Screen[Any]]:
    from datetime import UTC, datetime

    from hamtui.model.session import SessionRecord
    from hamtui.session.engine import SetRef
    from hamtui.session.questions import ResumeQuestion
    from hamtui.session.record import ResumePlan, UnfinishedSession
    from hamtui.tui.screens.conflict_dialog import ConflictDialog
    from hamtui.tui.screens.end_confirm import EndConfirm
    from hamtui.tui.screens.resume_offer import ResumeOffer
    from hamtui.tui.screens.unsaved_dialog import UnsavedDialog

    record = SessionRecord(
        format="hamtui-session/1",
        program="early-hamstring-rehab-for-the-whole-squad.toml",
        program_sha256="0" * 64,
        started=datetime(2026, 11, 20, 18, 2, tzinfo=UTC),
    )
    resume = ResumeQuestion(
        UnfinishedSession(tmp_path / "r.toml", record),
        ResumePlan(SetRef(1, 2, 3), program_changed=True),
        "Single-Leg Romanian Deadlift with a slow lowering",
    )
    return [
        EndConfirm(),
        ResumeOffer(resume),
        ConfirmDialog("Remove the block “Activation circuit for the first weeks” and its 4 items?"),
        UnsavedDialog("opening another program", name="early-hamstring-rehab-for-the-squad.toml"),
        ConflictDialog(tmp_path / "programs" / "a-rather-long-program-name-for-the-squad.toml"),
    ]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_every_dialog_wraps_its_whole_text_on_screen(tmp_path: Path, size: tuple[int, int]) -> None:
    for dialog in _dialogs(tmp_path):
        expected = "".join(dialog.body().plain.split())  # type: ignore[attr-defined]

        async def steps(pilot: Pilot[None], expected: str = expected) -> None:
            body = pilot.app.screen.query_one("#body", Static)
            shown = [body.render_line(y).text for y in range(body.size.height)]
            # every character, in order (a long path may fold anywhere)
            assert "".join("".join(shown).split()) == expected, (type(pilot.app.screen), shown)
            assert body.region.right <= size[0] and body.region.bottom <= size[1]

        run(dialog, steps, size=size)


def test_the_rating_prompt_says_what_its_keys_are() -> None:
    """It said "t for 10": a newcomer could not tell a key from a word."""
    from textual.widgets import Label

    from hamtui.tui.screens.rating_prompt import Rating, RatingPrompt

    async def steps(pilot: Pilot[None]) -> None:
        keys = pilot.app.screen.query_one("#rating-keys", Label)
        shown = " ".join(keys.render_line(y).text.strip() for y in range(keys.size.height))
        assert "Number keys 0 to 9 answer, the letter T answers 10" in shown
        assert "Esc skips both" in shown
        await pilot.press("t", "3")

    assert run(RatingPrompt("Glute Bridge"), steps).results == [Rating(pain=10, effort=3)]


def test_the_stage_list_opens_on_the_program_s_stage() -> None:
    from textual.widgets import Select

    async def steps(pilot: Pilot[None]) -> None:
        stage = pilot.app.screen.query_one("#stage", Select)
        stage.focus()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        overlay = stage.query_one("SelectOverlay")
        highlighted = overlay.get_option_at_index(overlay.highlighted)  # type: ignore[attr-defined]
        assert str(highlighted.prompt) == "late"
        await pilot.press("escape", "escape")

    run(DetailsForm(program().model_copy(update={"stage": "late"})), steps)


def test_dose_form_explains_sides_and_sets_in_a_circuit() -> None:
    from textual.widgets import Label

    circuit = Block(name="Circuit", rounds=3, items=[glute_bridge()])

    async def steps(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        side_hint = screen.query_one("#side-hint", Label)
        assert "both: both legs at once · each: one leg, then the other" in str(side_hint.content)
        assert "not used in a circuit: 3 rounds, one set each" in str(
            screen.query_one("#sets-hint", Label).content
        )
        await pilot.press("escape")

    run(DoseForm(glute_bridge(), "Glute Bridge", block=circuit), steps, size=(120, 40))


def test_dose_form_keeps_every_key_of_a_fast_burst() -> None:
    """`ctrl+u 5 tab ctrl+u 9 tab 2 0` sent in one burst left Sets and Reps empty: editing
    keys ran after the characters typed behind them. All keys arrive before any is handled."""
    from textual import events

    burst = [("ctrl+u", None), ("5", "5"), ("tab", None), ("ctrl+u", None), ("9", "9")]
    burst += [("tab", None), ("backspace", None), ("backspace", None), ("2", "2"), ("0", "0")]

    async def steps(pilot: Pilot[None]) -> None:
        app = pilot.app
        for key, character in burst:
            app.post_message(events.Key(key, character))
        for _ in range(10):
            await pilot.pause()
        await pilot.press("ctrl+s")

    [saved] = run(DoseForm(glute_bridge(), "Glute Bridge"), steps).results
    assert isinstance(saved, Item)
    assert (saved.sets, saved.reps, saved.hold_s) == (5, 9, 20)
