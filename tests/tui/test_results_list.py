"""ResultsList: a virtualised list of cards (rows on demand, keys, mouse, drag) with the Pilot.

The tests are plain functions running the Pilot with asyncio.run, so they need no async
pytest plugin.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from textual import on
from textual.app import App, ComposeResult
from textual.message import Message
from textual.pilot import Pilot
from textual.strip import Strip

from hamtui.library import Card
from hamtui.tui.widgets import results_list as results_list_module
from hamtui.tui.widgets.results_list import ResultsList, row_segments

WIDGETS = Path(results_list_module.__file__).parent
HOSTILE = "[bold]x\x1b[2J"
HOSTILE_SHOWN = "[bold]x\\x1b[2J"


def card(slug: str, name: str | None = None, category: str = "strength") -> Card:
    fields: dict[str, object] = {
        "slug": slug,
        "name": name if name is not None else slug.replace("-", " ").title(),
        "category": category,
        "mode": "reps",
        "position": None,
        "stages": ("early", "mid"),
        "level": "beginner",
        "summary": "",
    }
    return Card._make(fields.get(field, ()) for field in Card._fields)


def cards(count: int) -> list[Card]:
    return [card(f"ex-{n:05d}", f"Exercise {n:05d}") for n in range(count)]


class CountingList(ResultsList):
    """Counts the rows it is asked to render."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.rendered: list[int] = []

    def render_line(self, y: int) -> Strip:
        self.rendered.append(self.scroll_offset.y + y)
        return super().render_line(y)


class Host(App[None]):
    CSS_PATH = [WIDGETS / "results_list.tcss"]

    def __init__(self, initial: Sequence[Card] = ()) -> None:
        super().__init__()
        self.initial = initial
        self.messages: list[Message] = []

    def compose(self) -> ComposeResult:
        yield CountingList(self.initial, id="results")

    def on_mount(self) -> None:
        self.query_one(ResultsList).focus()

    @on(ResultsList.Highlighted)
    @on(ResultsList.Selected)
    @on(ResultsList.DragStarted)
    @on(ResultsList.DragMoved)
    @on(ResultsList.DragReleased)
    @on(ResultsList.DragCancelled)
    def record(self, message: Message) -> None:
        self.messages.append(message)

    def of(self, kind: type[Message]) -> list[Message]:
        return [m for m in self.messages if isinstance(m, kind)]

    @property
    def results(self) -> CountingList:
        return self.query_one(CountingList)


def run(
    steps: Callable[[Pilot[None], Host], Awaitable[None]],
    initial: Sequence[Card] = (),
    size: tuple[int, int] = (80, 24),
) -> Host:
    app = Host(initial)

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await steps(pilot, app)

    asyncio.run(main())
    return app


def row_text(results: ResultsList, y: int) -> str:
    return results.render_line(y).text


def test_ten_thousand_cards_render_only_the_visible_rows() -> None:
    async def steps(pilot: Pilot[None], app: Host) -> None:
        results = app.results
        results.rendered.clear()
        widgets_before = len(list(app.screen.walk_children()))
        results.set_cards(cards(10_000))
        await pilot.pause()
        assert len(list(app.screen.walk_children())) == widgets_before  # no widget per row
        assert results.virtual_size.height == 10_000
        assert results.rendered, "the visible rows were rendered"
        assert max(results.rendered) < 24
        assert len(set(results.rendered)) <= 24
        results.rendered.clear()
        await pilot.press("end")
        await pilot.pause()
        assert results.highlighted == 9_999
        assert results.rendered and min(results.rendered) >= 10_000 - 24
        assert len(set(results.rendered)) <= 24

    run(steps)


def test_rows_show_name_category_and_stages_and_mark_the_highlight() -> None:
    async def steps(pilot: Pilot[None], app: Host) -> None:
        first = row_text(app.results, 0)
        second = row_text(app.results, 1)
        assert first.startswith("▶ Nordic Curl")
        assert first.rstrip().endswith("eccentric · early, mid")
        assert second.startswith("  Glute Bridge")
        assert "▶" not in second
        width = app.results.scrollable_content_region.width
        assert len(first) == width

    run(steps, [card("nordic-curl", category="eccentric"), card("glute-bridge")])


def test_long_names_are_shortened_and_keep_the_row_width() -> None:
    long = card("long", "A very long exercise name " * 6, category="dynamic-stretch")
    from rich.style import Style

    for width in (80, 40, 12, 3):
        segments = row_segments(long, width, True, Style(), Style())
        text = "".join(s.text for s in segments)
        assert len(text) == width
        assert text.startswith("▶"[:width])
    text = "".join(s.text for s in row_segments(long, 60, False, Style(), Style()))
    assert "…" in text and "dynamic" in text


def test_a_hostile_name_shows_literally() -> None:
    async def steps(pilot: Pilot[None], app: Host) -> None:
        text = row_text(app.results, 0)
        assert HOSTILE_SHOWN in text
        assert "\x1b" not in text
        shown = app.export_screenshot()
        assert "[bold]x\\x1b[2J" in shown or "[bold]x\\\\x1b[2J" in shown

    run(steps, [card("hostile", HOSTILE)])


def test_keys_move_the_highlight_and_scroll_it_into_view() -> None:
    async def steps(pilot: Pilot[None], app: Host) -> None:
        results = app.results
        height = results.scrollable_content_region.height
        assert results.highlighted == 0
        await pilot.press("down", "down")
        assert results.highlighted == 2
        await pilot.press("up")
        assert results.highlighted == 1
        await pilot.press("pagedown")
        assert results.highlighted == 1 + height - 1
        for _ in range(3):
            await pilot.press("pagedown")
        await pilot.pause()
        row = results.highlighted
        assert row is not None
        top = results.scroll_offset.y
        assert top <= row < top + height
        await pilot.press("end")
        await pilot.pause()
        assert results.highlighted == 199
        assert results.scroll_offset.y == 200 - height
        await pilot.press("home")
        await pilot.pause()
        assert results.highlighted == 0
        assert results.scroll_offset.y == 0
        await pilot.press("up")
        assert results.highlighted == 0
        highlighted = app.of(ResultsList.Highlighted)
        assert isinstance(highlighted[0], ResultsList.Highlighted)
        assert highlighted[0].card is not None and highlighted[0].card.slug == "ex-00000"
        last = highlighted[-1]
        assert isinstance(last, ResultsList.Highlighted)
        assert last.card is not None and last.card.slug == "ex-00000"

    run(steps, cards(200))


def test_enter_posts_selected_with_the_card() -> None:
    async def steps(pilot: Pilot[None], app: Host) -> None:
        await pilot.press("down", "enter")
        await pilot.pause()
        selected = app.of(ResultsList.Selected)
        assert len(selected) == 1
        assert isinstance(selected[0], ResultsList.Selected)
        assert selected[0].card.slug == "ex-00001"

    run(steps, cards(5))


def test_set_cards_keeps_the_highlighted_slug_or_goes_to_the_top() -> None:
    async def steps(pilot: Pilot[None], app: Host) -> None:
        results = app.results
        await pilot.press("down", "down", "down")
        assert results.highlighted_card is not None
        assert results.highlighted_card.slug == "ex-00003"
        results.set_cards(list(reversed(cards(10))))
        assert results.highlighted_card is not None
        assert results.highlighted_card.slug == "ex-00003"
        assert results.highlighted == 6
        results.set_cards(cards(10)[5:])
        assert results.highlighted == 0
        results.set_cards([])
        assert results.highlighted is None and results.highlighted_card is None
        await pilot.pause()
        assert "No exercises match" in row_text(results, 0)
        assert results.highlight_slug("ex-00001") is False
        results.set_cards(cards(10))
        assert results.highlight_slug("ex-00007") is True
        assert results.highlighted == 7
        await pilot.pause()
        last = app.of(ResultsList.Highlighted)[-1]
        assert isinstance(last, ResultsList.Highlighted)
        assert last.card is not None and last.card.slug == "ex-00007"
        assert any(isinstance(m, ResultsList.Highlighted) and m.card is None for m in app.messages)

    run(steps, cards(10))


def test_a_click_highlights_and_a_double_click_selects() -> None:
    async def steps(pilot: Pilot[None], app: Host) -> None:
        await pilot.click(ResultsList, offset=(5, 3))
        assert app.results.highlighted == 3
        assert not app.of(ResultsList.Selected)
        await pilot.click(ResultsList, offset=(5, 3), times=2)
        await pilot.pause()
        selected = app.of(ResultsList.Selected)
        assert selected and isinstance(selected[-1], ResultsList.Selected)
        assert selected[-1].card.slug == "ex-00003"
        assert not app.of(ResultsList.DragStarted)

    run(steps, cards(10))


def test_a_mouse_drag_from_a_row_posts_drag_messages() -> None:
    async def steps(pilot: Pilot[None], app: Host) -> None:
        results = app.results
        await pilot.mouse_down(ResultsList, offset=(5, 2))
        assert not app.of(ResultsList.DragStarted)
        await pilot.hover(ResultsList, offset=(6, 2))  # one cell sideways is not a drag yet
        assert not app.of(ResultsList.DragStarted)
        await pilot.hover(ResultsList, offset=(7, 5))
        await pilot.pause()
        started = app.of(ResultsList.DragStarted)
        assert len(started) == 1 and isinstance(started[0], ResultsList.DragStarted)
        assert started[0].card.slug == "ex-00002"
        assert results.dragging and app.mouse_captured is results
        await pilot.hover(ResultsList, offset=(20, 8))
        await pilot.mouse_up(ResultsList, offset=(30, 9))
        await pilot.pause()
        moved = [m for m in app.of(ResultsList.DragMoved) if isinstance(m, ResultsList.DragMoved)]
        assert (moved[-1].screen_x, moved[-1].screen_y) in {(20, 8), (30, 9)}
        released = app.of(ResultsList.DragReleased)
        assert len(released) == 1 and isinstance(released[0], ResultsList.DragReleased)
        assert (released[0].screen_x, released[0].screen_y) == (30, 9)
        assert not results.dragging and app.mouse_captured is None
        assert not app.of(ResultsList.DragCancelled)

    run(steps, cards(20))


def test_escape_cancels_a_drag() -> None:
    async def steps(pilot: Pilot[None], app: Host) -> None:
        await pilot.mouse_down(ResultsList, offset=(5, 1))
        await pilot.hover(ResultsList, offset=(5, 4))
        await pilot.pause()
        assert app.of(ResultsList.DragStarted)
        await pilot.press("escape")
        await pilot.pause()
        assert app.of(ResultsList.DragCancelled)
        assert not app.results.dragging and app.mouse_captured is None
        await pilot.mouse_up(ResultsList, offset=(5, 6))
        await pilot.pause()
        assert not app.of(ResultsList.DragReleased)

    run(steps, cards(20))
