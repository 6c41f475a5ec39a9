"""LibraryPane: live search, filter chips, the filter picker, the detail view and its links.

The tests are plain functions running the Pilot with asyncio.run, so they need no async
pytest plugin. The library is the bundled one (plus a hostile exercise where a test needs it).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from functools import cache
from pathlib import Path
from typing import Any

from textual import on
from textual.app import App, ComposeResult
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import OptionList

from hamtui.library import Card, Entry, Library, load_library
from hamtui.model.exercise import ExerciseBody
from hamtui.tui.screens import filter_picker as filter_picker_module
from hamtui.tui.screens.filter_picker import FilterPicker, filter_text
from hamtui.tui.widgets import library_pane as library_pane_module
from hamtui.tui.widgets.exercise_detail import ExerciseDetail
from hamtui.tui.widgets.filter_bar import FilterBar
from hamtui.tui.widgets.library_pane import (
    LibraryPane,
    StatusLine,
    filter_parts,
    without_part,
)
from hamtui.tui.widgets.results_list import ResultsList

WIDGETS = Path(library_pane_module.__file__).parent
SCREENS = Path(filter_picker_module.__file__).parent
HOSTILE = "[bold]x\x1b[2J"
HOSTILE_SHOWN = "[bold]x\\x1b[2J"


@cache
def bundled() -> Library:
    return load_library(bundled_only=True, use_cache=False)


def with_hostile(library: Library) -> Library:
    body = ExerciseBody(
        name=HOSTILE,
        aliases=["[red]alias\x07"],
        category="strength",
        mode="reps",
        summary="Summary with [link=x]markup[/link] and \x1b[31mescapes",
        steps=["Step [b]one[/b]\x1b[2J"],
        red_flags=["Flag \x9b31m"],
        progressions=["glute-bridge", "no-such-exercise"],
    )
    entries = dict(library.entries)
    entries["hostile-one"] = Entry(
        Card.of("hostile-one", body), Path("/nowhere"), "hostile-one.toml", "user", exercise=body
    )
    return Library(entries=entries)


class Host(App[None]):
    CSS_PATH = [
        WIDGETS / "results_list.tcss",
        WIDGETS / "exercise_detail.tcss",
        WIDGETS / "filter_bar.tcss",
        WIDGETS / "library_pane.tcss",
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.index = library.search_index()
        self.messages: list[Message] = []

    def compose(self) -> ComposeResult:
        yield LibraryPane(self.index, self.library, id="pane")

    def on_mount(self) -> None:
        self.pane.focus_search()

    @on(LibraryPane.AddRequested)
    @on(ResultsList.DragStarted)
    @on(ResultsList.DragMoved)
    @on(ResultsList.DragReleased)
    def record(self, message: Message) -> None:
        self.messages.append(message)

    @property
    def pane(self) -> LibraryPane:
        return self.query_one(LibraryPane)

    @property
    def results(self) -> ResultsList:
        return self.query_one(ResultsList)

    @property
    def detail(self) -> ExerciseDetail:
        return self.query_one(ExerciseDetail)

    def listed(self, count: int = 100) -> list[Card]:
        shown = self.results.cards
        return [shown[n] for n in range(min(count, len(shown)))]

    def status(self) -> str:
        return self.query_one(StatusLine).content.plain

    def added(self) -> list[str]:
        return [m.slug for m in self.messages if isinstance(m, LibraryPane.AddRequested)]


def run(
    steps: Callable[[Pilot[None], Host], Awaitable[None]],
    library: Library | None = None,
    size: tuple[int, int] = (100, 40),
) -> Host:
    app = Host(library if library is not None else bundled())

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await steps(pilot, app)

    asyncio.run(main())
    return app


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*[c if c != " " else "space" for c in text])
    await pilot.pause()


def test_typing_searches_live_with_typos() -> None:
    async def steps(pilot: Pilot[None], app: Host) -> None:
        total = len(app.library)
        assert len(app.results.cards) == total
        assert f"{total} exercises" in app.status()
        await type_text(pilot, "hamstrng strech")
        assert app.pane.search_input.value == "hamstrng strech"
        assert app.pane.query_text == "hamstrng strech"
        top = app.listed(3)
        assert top and all(c.category.endswith("stretch") for c in top), top
        assert "stretch" in top[0].name.casefold()
        assert f"of {total} exercises" in app.status()
        assert app.results.highlighted == 0
        assert app.detail.slug == top[0].slug

    run(steps)


def test_a_category_filter_narrows_the_results_and_shows_a_chip() -> None:
    async def steps(pilot: Pilot[None], app: Host) -> None:
        await type_text(pilot, "cat:eccentric")
        listed = app.listed()
        assert listed and all(c.category == "eccentric" for c in listed)
        assert app.query_one(FilterBar).labels == ("cat: eccentric",)
        await type_text(pilot, " nordic")
        listed = app.listed()
        assert listed and all(c.category == "eccentric" for c in listed)
        assert "nordic" in listed[0].name.casefold()

    run(steps)


def test_problems_in_the_query_are_shown_in_words() -> None:
    async def steps(pilot: Pilot[None], app: Host) -> None:
        await type_text(pilot, "cat:strech")
        assert "unknown value" in app.status()
        assert "did you mean" in app.status()
        assert app.query_one(FilterBar).labels == ("cat: strech ?",)
        assert len(app.results.cards) == len(app.library)  # the bad filter is left out

    run(steps)


def test_clicking_a_chip_removes_its_filter() -> None:
    async def steps(pilot: Pilot[None], app: Host) -> None:
        app.pane.set_query("cat:stretch hamstring stage:early")
        await pilot.pause()
        bar = app.query_one(FilterBar)
        assert bar.labels == ("cat: stretch", "stage: early")
        before = len(app.results.cards)
        # " Filters: " is 10 cells (padding included); the first chip starts there.
        await pilot.click(FilterBar, offset=(11, 0))
        await pilot.pause()
        assert app.pane.query_text == "hamstring stage:early"
        assert app.pane.search_input.value == "hamstring stage:early"
        assert bar.labels == ("stage: early",)
        assert len(app.results.cards) >= before
        await pilot.click(FilterBar, offset=(11, 0))
        await pilot.pause()
        assert app.pane.query_text == "hamstring"
        assert bar.labels == ()

    run(steps)


def test_the_filter_picker_adds_a_filter() -> None:
    async def steps(pilot: Pilot[None], app: Host) -> None:
        await type_text(pilot, "curl")
        await pilot.press("ctrl+f")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, FilterPicker)
        await pilot.press("down")  # keys: cat, stage ...
        await pilot.press("enter")  # -> the values of stage
        await pilot.pause()
        values = picker.query_one("#filter-values", OptionList)
        assert values.has_focus
        assert picker.values == app.index.values("stage")
        await pilot.press("down", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, FilterPicker)
        expected = f"curl stage:{app.index.values('stage')[1]}"
        assert app.pane.query_text == expected
        assert app.pane.search_input.value == expected
        assert app.pane.search_input.has_focus
        assert app.query_one(FilterBar).labels == (f"stage: {app.index.values('stage')[1]}",)

    run(steps)


def test_escape_closes_the_filter_picker_without_a_filter() -> None:
    async def steps(pilot: Pilot[None], app: Host) -> None:
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, FilterPicker)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, FilterPicker)
        assert app.pane.query_text == ""

    run(steps)


def test_the_detail_follows_the_highlight_with_steps_and_red_flags() -> None:
    async def steps(pilot: Pilot[None], app: Host) -> None:
        await pilot.press("down")  # from the search box: moves the results' highlight
        card = app.results.highlighted_card
        assert card is not None and app.results.highlighted == 1
        assert app.detail.slug == card.slug
        app.results.focus()
        await pilot.press("down", "down")
        await pilot.pause()
        card = app.results.highlighted_card
        assert card is not None and app.detail.slug == card.slug
        exercise = app.library.get(card.slug)
        assert exercise is not None
        shown = app.detail.plain
        assert exercise.name in shown
        assert "Steps" in shown and exercise.steps[0] in shown
        if exercise.red_flags:
            assert "Red flags" in shown and exercise.red_flags[0] in shown

    run(steps)


def test_an_exercise_whose_file_broke_after_the_load_says_why(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    broken = folder / "aaa-my-curl.toml"  # first in the list: highlighted at the start
    broken.write_text(
        'format = "hamtui-exercise/1"\nname = "My curl"\ncategory = "strength"\nmode = "reps"\n',
        encoding="utf-8",
    )
    library = load_library([folder], use_cache=False)
    broken.write_text('format = "hamtui-exercise/1"\nname = [bold]\n', encoding="utf-8")

    async def steps(pilot: Pilot[None], app: Host) -> None:
        await type_text(pilot, "my curl")
        assert app.detail.slug == "aaa-my-curl"
        shown = app.detail.plain
        assert "aaa-my-curl  its file cannot be read now:" in shown
        assert f"{broken}:2:9: invalid value" in shown

    run(steps, library)


def test_glute_bridge_detail_lists_everything() -> None:
    async def steps(pilot: Pilot[None], app: Host) -> None:
        await type_text(pilot, "glute bridge")
        assert app.detail.slug == "glute-bridge"
        shown = app.detail.plain
        for part in (
            "Glute Bridge",
            "Also called: bridge, hip bridge",
            "Dose:",
            "2 × 10 · hold 3 s · rest 45 s",
            "Lie face up",
            "Common mistakes",
            "Cues",
            "caution, at the start: A sharp pull",
            "Red flags: stop and get it checked",
            "Sharp pain, a sudden pull",
            "Avoid when",
            "Progressions (harder)",
            "Regressions (easier)",
            "Seated Hamstring Set",
            "Sources",
        ):
            assert part in shown, part
        assert app.detail.links == [
            "stability-ball-hamstring-curl",
            "single-leg-wall-hip-thrust",
            "kneeling-hip-thrust",
            "standing-good-morning",
            "heel-slide-hamstring-curl",
            "bodyweight-squat",
            "seated-hamstring-set",
        ]

    run(steps)


def test_the_selected_link_is_repainted_as_the_cursor_moves_and_focus_leaves() -> None:
    """Only the focused view marks a link ▶; moving the cursor moves the mark on screen."""

    def screen() -> str:
        return "\n".join(strip.text for strip in app_.screen._compositor.render_strips())

    async def steps(pilot: Pilot[None], app: Host) -> None:
        nonlocal app_
        app_ = app
        await type_text(pilot, "glute bridge")
        app.detail.focus()
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        assert "→ Stability Ball Hamstring Curl" in screen()
        assert "▶ Single-Leg Wall Hip Thrust" in screen()
        await pilot.press("left")
        await pilot.pause()
        assert "▶ Stability Ball Hamstring Curl" in screen()
        assert "→ Single-Leg Wall Hip Thrust" in screen()
        app.results.focus()
        await pilot.pause()
        assert "▶ Stability Ball Hamstring Curl" not in screen()
        assert "→ Stability Ball Hamstring Curl" in screen()

    app_: Any = None
    run(steps)


def test_jumping_to_a_progression_highlights_it() -> None:
    async def steps(pilot: Pilot[None], app: Host) -> None:
        await type_text(pilot, "glute bridge")
        app.detail.focus()
        await pilot.pause()
        assert app.detail.link_cursor == 0
        await pilot.press("right")  # the second link: single-leg-wall-hip-thrust
        await pilot.press("enter")
        await pilot.pause()
        card = app.results.highlighted_card
        assert card is not None and card.slug == "single-leg-wall-hip-thrust"
        assert app.detail.slug == "single-leg-wall-hip-thrust"
        assert app.results.has_focus

        # A link the results do not list clears the query first.
        app.pane.set_query("cat:eccentric")
        await pilot.pause()
        assert app.pane.jump_to("glute-bridge")
        await pilot.pause()
        assert app.pane.query_text == "" and app.pane.search_input.value == ""
        card = app.results.highlighted_card
        assert card is not None and card.slug == "glute-bridge"
        assert app.detail.slug == "glute-bridge"
        assert not app.pane.jump_to("no-such-exercise")
        assert "not in the library" in app.status()

    run(steps)


def test_clicking_a_link_jumps_to_it() -> None:
    async def steps(pilot: Pilot[None], app: Host) -> None:
        await type_text(pilot, "glute bridge")
        detail = app.detail
        lines = detail.rendered_lines()
        row = next(n for n, line in enumerate(lines) if "Seated Hamstring Set" in line)
        detail.scroll_to(y=row, animate=False)
        await pilot.pause()
        top = detail.content_region.y - detail.region.y
        await pilot.click(ExerciseDetail, offset=(4, top + row - detail.scroll_offset.y))
        await pilot.pause()
        card = app.results.highlighted_card
        assert card is not None and card.slug == "seated-hamstring-set"

    run(steps, size=(100, 50))


def test_enter_posts_add_requested() -> None:
    async def steps(pilot: Pilot[None], app: Host) -> None:
        await type_text(pilot, "nordic")
        first = app.results.highlighted_card
        assert first is not None
        await pilot.press("enter")  # in the search box: the highlighted result
        await pilot.pause()
        assert app.added() == [first.slug]
        app.results.focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        second = app.results.highlighted_card
        assert second is not None
        assert app.added() == [first.slug, second.slug]

    run(steps)


def test_a_hostile_name_shows_literally_in_the_list_and_the_detail() -> None:
    async def steps(pilot: Pilot[None], app: Host) -> None:
        await type_text(pilot, "x")
        app.pane.set_query("")
        assert app.results.highlight_slug("hostile-one")
        await pilot.pause()
        row = app.results.highlighted
        assert row is not None
        strip = app.results.render_line(row - app.results.scroll_offset.y)
        assert HOSTILE_SHOWN in strip.text
        shown = app.detail.plain
        assert HOSTILE_SHOWN in shown
        assert "[red]alias\\x07" in shown
        assert "[link=x]markup[/link] and \\x1b[31mescapes" in shown
        assert "Step [b]one[/b]\\x1b[2J" in shown
        assert "Flag \\x9b31m" in shown
        assert "no-such-exercise" in shown and "not in the library" in shown
        rendered = "".join(app.detail.rendered_lines())
        assert "\x1b" not in rendered and "\x9b" not in rendered

    run(steps, with_hostile(bundled()))


def test_dragging_a_result_bubbles_out_of_the_pane() -> None:
    async def steps(pilot: Pilot[None], app: Host) -> None:
        await pilot.mouse_down(ResultsList, offset=(4, 1))
        await pilot.hover(ResultsList, offset=(4, 3))
        await pilot.mouse_up(ResultsList, offset=(10, 4))
        await pilot.pause()
        kinds = [type(m) for m in app.messages]
        assert ResultsList.DragStarted in kinds
        assert ResultsList.DragMoved in kinds
        assert ResultsList.DragReleased in kinds
        started = next(m for m in app.messages if isinstance(m, ResultsList.DragStarted))
        assert started.card == app.listed(2)[1]

    run(steps)


def test_typing_i_in_the_search_box_types_it_and_i_on_the_results_toggles_the_detail() -> None:
    async def steps(pilot: Pilot[None], app: Host) -> None:
        await type_text(pilot, "hip")
        assert app.pane.search_input.value == "hip"
        assert app.pane.detail_shown
        app.results.focus()
        await pilot.press("i")
        await pilot.pause()
        assert not app.pane.detail_shown
        assert not app.detail.display or app.detail.region.height == 0
        await pilot.press("i")
        await pilot.pause()
        assert app.pane.detail_shown and app.detail.region.height > 0

    run(steps)


def test_the_detail_is_hidden_on_a_small_screen_until_asked_for() -> None:
    async def steps(pilot: Pilot[None], app: Host) -> None:
        assert not app.pane.detail_shown
        assert app.results.region.height >= 5
        app.results.focus()
        await pilot.press("down", "i")
        await pilot.pause()
        assert app.pane.detail_shown
        assert app.detail.slug == app.listed(2)[1].slug

    run(steps, size=(80, 16))


def test_a_new_library_keeps_the_query_and_the_highlight() -> None:
    async def steps(pilot: Pilot[None], app: Host) -> None:
        await type_text(pilot, "hamstring")
        app.results.focus()
        await pilot.press("down", "down")
        kept = app.results.highlighted_card
        assert kept is not None
        bigger = with_hostile(app.library)
        app.pane.set_library(bigger.search_index(), bigger)
        await pilot.pause()
        assert app.pane.query_text == "hamstring"
        card = app.results.highlighted_card
        assert card is not None and card.slug == kept.slug
        assert app.detail.slug == kept.slug
        app.pane.set_query("")
        await pilot.pause()
        assert len(app.results.cards) == len(bigger)

    run(steps)


def test_filter_parts_and_removal() -> None:
    text = 'curl cat:ecc equip:"stability ball" stage:early,mid bogus:x'
    parts = filter_parts(text)
    assert [p.label for p in parts] == [
        "cat: eccentric",
        "equip: stability ball",
        "stage: early, mid",
    ]
    assert without_part(text, parts[1].start, parts[1].end) == (
        "curl cat:ecc stage:early,mid bogus:x"
    )
    assert without_part("cat:ecc", 0, 7) == ""
    assert filter_parts("cat:nothing")[0].label == "cat: nothing ?"
    assert filter_text("equip", "stability ball") == 'equip:"stability ball"'
    assert filter_text("cat", "eccentric") == "cat:eccentric"
