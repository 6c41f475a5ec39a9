"""ProgramList: rows, keys, mouse drag-to-order and the drop indicator (Pilot).

The tests are plain functions running the Pilot with asyncio.run, so they need no async
pytest plugin.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path, PurePath
from typing import ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.message import Message
from textual.pilot import Pilot

from hamtui import editor
from hamtui.model.program import Block, Item, Program
from hamtui.tui.widgets import program_list as program_list_module
from hamtui.tui.widgets.program_list import ProgramList

WIDGETS = Path(program_list_module.__file__).parent
DROP = "drop here"


def program(*blocks: tuple[str, list[str]], rounds: int = 1) -> Program:
    return Program(
        format="hamtui-program/1",
        title="Test",
        blocks=[
            Block(name=name, rounds=rounds, items=[Item(exercise=slug) for slug in slugs])
            for name, slugs in blocks
        ],
    )


def order(prog: Program) -> list[list[str]]:
    return [[item.exercise for item in block.items] for block in prog.blocks]


TWO_BLOCKS = program(("Warm-up", ["a", "b", "c"]), ("Strength", ["d", "e"]))
NAMES = {slug: f"Exercise {slug.upper()}" for slug in "abcdefgh"}


class ListApp(App[None]):
    """Mounts only a ProgramList; applies its requests the way the main screen does."""

    CSS_PATH: ClassVar[list[str | PurePath]] = [WIDGETS / "program_list.tcss"]

    def __init__(
        self,
        prog: Program,
        names: Mapping[str, str] | None = None,
        marks: Mapping[tuple[int, int], str] | None = None,
    ) -> None:
        super().__init__()
        self.program = prog
        self.names = dict(NAMES) if names is None else dict(names)
        self.marks = dict(marks or {})
        self.requests: list[Message] = []

    def compose(self) -> ComposeResult:
        yield ProgramList()

    @property
    def plist(self) -> ProgramList:
        return self.query_one(ProgramList)

    def on_mount(self) -> None:
        self.plist.set_program(self.program, self.names, self.marks)
        self.plist.focus()

    def apply(self, prog: Program, select: tuple[int, int | None]) -> None:
        self.program = prog
        self.plist.set_program(prog, self.names, self.marks)
        self.plist.select(*select)

    @on(ProgramList.MoveRequested)
    def _move(self, event: ProgramList.MoveRequested) -> None:
        self.requests.append(event)
        moved = editor.move_item(
            self.program, event.src_block, event.src_item, event.dst_block, event.dst_index
        )
        self.apply(moved, event.landing)

    @on(ProgramList.BlockMoveRequested)
    def _move_block(self, event: ProgramList.BlockMoveRequested) -> None:
        self.requests.append(event)
        self.apply(editor.move_block(self.program, event.src, event.dst), (event.dst, None))

    @on(ProgramList.EditRequested)
    @on(ProgramList.RemoveRequested)
    @on(ProgramList.DuplicateRequested)
    @on(ProgramList.BlockEditRequested)
    @on(ProgramList.BlockRemoveRequested)
    def _record(self, event: Message) -> None:
        self.requests.append(event)


def run(app: ListApp, steps: Callable[[Pilot[None]], Awaitable[None]]) -> None:
    async def main() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await steps(pilot)

    asyncio.run(main())


def visible(widget: ProgramList) -> list[str]:
    """The lines the list renders now, as plain text."""
    return [widget.render_line(y).text for y in range(widget.scrollable_content_region.height)]


def row_text(widget: ProgramList, line: int) -> str:
    return widget.render_line(line).text


# ---------------------------------------------------------------------------------------------
# Rows


def test_item_row_shows_the_dose_at_a_glance() -> None:
    item = Item(exercise="a", sets=2, reps=10, hold_s=5, rest_s=30, side="each")
    prog = Program(format="hamtui-program/1", title="T", blocks=[Block(name="Main", items=[item])])
    app = ListApp(prog)

    async def steps(pilot: Pilot[None]) -> None:
        line = row_text(app.plist, 1)
        assert "1. Exercise A" in line
        assert "2 × 10 · hold 5 s · rest 30 s · each side" in line

    run(app, steps)


def test_header_row_shows_the_block_and_its_rounds() -> None:
    prog = program(("Activation", ["a", "b", "c", "d"]), rounds=3)
    prog = editor.update_block(prog, 0, rest_between_rounds_s=60)
    app = ListApp(prog)

    async def steps(pilot: Pilot[None]) -> None:
        header = row_text(app.plist, 0)
        assert "■ Activation" in header
        assert "circuit × 3 rounds · rest 60 s between" in header
        assert "4 items" in header

    run(app, steps)


def test_unresolved_exercise_shows_slug_and_the_word() -> None:
    app = ListApp(program(("Main", ["a", "no-such-thing"])), names={"a": "Exercise A"})

    async def steps(pilot: Pilot[None]) -> None:
        line = row_text(app.plist, 2)
        assert "no-such-thing" in line
        assert "unresolved" in line
        assert "unresolved" not in row_text(app.plist, 1)

    run(app, steps)


def test_untrusted_names_are_shown_literally() -> None:
    hostile = "[bold]x\x1b[2J"
    prog = program((hostile, ["a"]))
    app = ListApp(prog, names={"a": hostile})

    async def steps(pilot: Pilot[None]) -> None:
        header, item = row_text(app.plist, 0), row_text(app.plist, 1)
        assert "[bold]x\\x1b[2J" in header
        assert "[bold]x\\x1b[2J" in item
        for y in (0, 1):
            assert all("\x1b" not in seg.text for seg in app.plist.render_line(y))

    run(app, steps)


def test_marks_are_words_not_just_colour() -> None:
    app = ListApp(TWO_BLOCKS, marks={(0, 1): "warning", (1, 0): "problem"})

    async def steps(pilot: Pilot[None]) -> None:
        assert row_text(app.plist, 2).rstrip().endswith("warning")
        assert row_text(app.plist, 5).rstrip().endswith("problem")
        assert "warning" not in row_text(app.plist, 1)

    run(app, steps)


def test_cursor_row_is_marked_with_a_symbol() -> None:
    app = ListApp(TWO_BLOCKS)

    async def steps(pilot: Pilot[None]) -> None:
        assert app.plist.cursor == (0, None)
        assert row_text(app.plist, 0).startswith("▶")
        await pilot.press("down")
        assert app.plist.cursor == (0, 0)
        assert row_text(app.plist, 1).startswith("▶")
        assert not row_text(app.plist, 0).startswith("▶")

    run(app, steps)


def test_empty_program_says_so() -> None:
    app = ListApp(Program(format="hamtui-program/1", title="Empty"))

    async def steps(pilot: Pilot[None]) -> None:
        assert app.plist.cursor == (0, None)
        assert "No blocks yet" in row_text(app.plist, 0)
        await pilot.press("down", "J", "enter", "x", "d")
        assert app.requests == []

    run(app, steps)


def test_300_item_program_renders_only_visible_rows() -> None:
    blocks = [("Block", [f"ex-{b}-{i}" for i in range(30)]) for b in range(10)]
    prog = program(*blocks)
    rendered: list[int] = []
    original = ProgramList._render_row

    def counting(self: ProgramList, row: int, width: int, **kw: bool) -> object:
        rendered.append(row)
        return original(self, row, width, **kw)

    setattr(ProgramList, "_render_row", counting)  # noqa: B010
    try:
        app = ListApp(prog, names={})

        async def steps(pilot: Pilot[None]) -> None:
            height = app.plist.scrollable_content_region.height
            assert app.plist.row_count == 310
            assert rendered and max(rendered) < height
            assert len(set(rendered)) <= height
            rendered.clear()
            await pilot.press("end")
            await pilot.pause()
            assert app.plist.cursor == (9, 29)
            assert rendered and min(rendered) >= 310 - height
            assert "30. ex-9-29" in visible(app.plist)[-1]
            rendered.clear()
            await pilot.press("K")  # a move re-renders only the two rows that changed
            await pilot.pause()
            assert order(app.program)[9][-2:] == ["ex-9-29", "ex-9-28"]
            assert app.plist.cursor == (9, 28)
            assert sorted(set(rendered)) == [308, 309]

        run(app, steps)
    finally:
        setattr(ProgramList, "_render_row", original)  # noqa: B010


# ---------------------------------------------------------------------------------------------
# Keys


def test_keys_move_the_cursor() -> None:
    app = ListApp(TWO_BLOCKS)

    async def steps(pilot: Pilot[None]) -> None:
        plist = app.plist
        await pilot.press("down", "down")
        assert plist.cursor == (0, 1)
        await pilot.press("end")
        assert plist.cursor == (1, 1)
        await pilot.press("up", "up")
        assert plist.cursor == (1, None)
        await pilot.press("home")
        assert plist.cursor == (0, None)
        await pilot.press("pagedown")
        assert plist.cursor == (1, 1)
        plist.select(1, 0)
        assert plist.cursor == (1, 0)
        plist.select(0, 99)  # clamped to the block's last item
        assert plist.cursor == (0, 2)

    run(app, steps)


def test_keys_move_an_item_within_its_block() -> None:
    app = ListApp(TWO_BLOCKS)

    async def steps(pilot: Pilot[None]) -> None:
        app.plist.select(0, 0)
        await pilot.press("shift+down")
        assert order(app.program) == [["b", "a", "c"], ["d", "e"]]
        assert app.plist.cursor == (0, 1)
        await pilot.press("J")
        assert order(app.program) == [["b", "c", "a"], ["d", "e"]]
        assert app.plist.cursor == (0, 2)
        await pilot.press("shift+up", "K")
        assert order(app.program) == [["a", "b", "c"], ["d", "e"]]
        assert app.plist.cursor == (0, 0)

    run(app, steps)


def test_keys_move_an_item_across_blocks() -> None:
    app = ListApp(TWO_BLOCKS)

    async def steps(pilot: Pilot[None]) -> None:
        app.plist.select(0, 2)
        await pilot.press("J")  # past the last item: first item of the next block
        assert order(app.program) == [["a", "b"], ["c", "d", "e"]]
        assert app.plist.cursor == (1, 0)
        await pilot.press("K")  # past the first item: last item of the block above
        assert order(app.program) == [["a", "b", "c"], ["d", "e"]]
        assert app.plist.cursor == (0, 2)
        app.plist.select(1, 1)
        await pilot.press("J")  # nowhere further down
        assert order(app.program) == [["a", "b", "c"], ["d", "e"]]
        app.plist.select(0, 0)
        await pilot.press("K")  # nowhere further up
        assert order(app.program) == [["a", "b", "c"], ["d", "e"]]

    run(app, steps)


def test_keys_on_a_header_move_the_block() -> None:
    app = ListApp(TWO_BLOCKS)

    async def steps(pilot: Pilot[None]) -> None:
        app.plist.select(0, None)
        await pilot.press("J")
        assert order(app.program) == [["d", "e"], ["a", "b", "c"]]
        assert app.plist.cursor == (1, None)
        await pilot.press("shift+up")
        assert order(app.program) == [["a", "b", "c"], ["d", "e"]]
        assert app.plist.cursor == (0, None)

    run(app, steps)


def test_keys_post_edit_remove_and_duplicate_requests() -> None:
    app = ListApp(TWO_BLOCKS)

    async def steps(pilot: Pilot[None]) -> None:
        app.plist.select(1, 1)
        await pilot.press("enter", "e", "delete", "x", "d")
        app.plist.select(1, None)
        await pilot.press("enter", "x", "d")
        got = [
            (type(m).__name__, getattr(m, "block", None), getattr(m, "item", None))
            for m in app.requests
        ]
        assert got == [
            ("EditRequested", 1, 1),
            ("EditRequested", 1, 1),
            ("RemoveRequested", 1, 1),
            ("RemoveRequested", 1, 1),
            ("DuplicateRequested", 1, 1),
            ("BlockEditRequested", 1, None),
            ("BlockRemoveRequested", 1, None),
        ]
        assert order(app.program) == order(TWO_BLOCKS)  # the list itself edits nothing

    run(app, steps)


def test_double_click_asks_to_edit() -> None:
    app = ListApp(TWO_BLOCKS)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.double_click(app.plist, offset=(8, 5))
        await pilot.double_click(app.plist, offset=(8, 4))
        got = [
            (type(m).__name__, getattr(m, "block", None), getattr(m, "item", None))
            for m in app.requests
        ]
        assert got == [("EditRequested", 1, 0), ("BlockEditRequested", 1, None)]

    run(app, steps)


def test_set_program_keeps_the_cursor_on_the_same_place() -> None:
    app = ListApp(TWO_BLOCKS)

    async def steps(pilot: Pilot[None]) -> None:
        app.plist.select(1, 1)
        app.plist.set_program(editor.remove_item(app.program, 1, 1), NAMES, {})
        assert app.plist.cursor == (1, 0)
        app.plist.set_program(editor.remove_block(app.program, 1), NAMES, {})
        assert app.plist.cursor == (0, 0)

    run(app, steps)


# ---------------------------------------------------------------------------------------------
# Mouse drag-to-order. Rows: 0 Warm-up, 1 a, 2 b, 3 c, 4 Strength, 5 d, 6 e.


def test_mouse_drag_moves_an_item_within_a_block_with_a_visible_indicator() -> None:
    app = ListApp(TWO_BLOCKS)

    async def steps(pilot: Pilot[None]) -> None:
        plist = app.plist
        await pilot.mouse_down(plist, offset=(8, 1))  # a
        assert not plist.dragging
        await pilot.hover(plist, offset=(8, 3))  # onto c: before c
        assert plist.dragging
        assert plist.drop_target == (0, 2)
        lines = visible(plist)
        assert DROP in lines[3]  # the indicator takes the gap before c
        assert "Exercise C" in lines[4]
        assert lines[1].startswith("↕")  # the dragged row is marked
        await pilot.mouse_up(plist, offset=(8, 3))
        assert not plist.dragging
        assert order(app.program) == [["b", "a", "c"], ["d", "e"]]
        assert plist.cursor == (0, 1)
        assert not any(DROP in line for line in visible(plist))
        assert app.mouse_captured is None
        move = app.requests[-1]
        assert isinstance(move, ProgramList.MoveRequested)
        assert (move.src_block, move.src_item, move.dst_block, move.dst_index) == (0, 0, 0, 2)

    run(app, steps)


def test_mouse_drag_moves_an_item_across_blocks() -> None:
    app = ListApp(TWO_BLOCKS)

    async def steps(pilot: Pilot[None]) -> None:
        plist = app.plist
        await pilot.mouse_down(plist, offset=(8, 2))  # b
        await pilot.hover(plist, offset=(8, 4))
        await pilot.hover(plist, offset=(8, 7))  # e (moved down a line by the indicator)
        assert plist.drop_target == (1, 1)
        assert DROP in visible(plist)[6]
        await pilot.mouse_up(plist, offset=(8, 7))
        assert order(app.program) == [["a", "c"], ["d", "b", "e"]]
        assert plist.cursor == (1, 1)

    run(app, steps)


def test_mouse_drag_upwards_across_blocks() -> None:
    app = ListApp(TWO_BLOCKS)

    async def steps(pilot: Pilot[None]) -> None:
        plist = app.plist
        await pilot.mouse_down(plist, offset=(8, 6))  # e
        await pilot.hover(plist, offset=(8, 1))  # a: first of the first block
        assert plist.drop_target == (0, 0)
        await pilot.mouse_up(plist, offset=(8, 1))
        assert order(app.program) == [["e", "a", "b", "c"], ["d"]]
        assert plist.cursor == (0, 0)

    run(app, steps)


def test_dropping_on_a_header_and_past_the_end() -> None:
    app = ListApp(TWO_BLOCKS)

    async def steps(pilot: Pilot[None]) -> None:
        plist = app.plist
        # The header of a later block: the gap above it, the end of the block before.
        await pilot.mouse_down(plist, offset=(8, 5))  # d
        await pilot.hover(plist, offset=(8, 4))  # Strength header
        assert plist.drop_target == (0, 3)
        assert DROP in visible(plist)[4]
        await pilot.mouse_up(plist, offset=(8, 4))
        assert order(app.program) == [["a", "b", "c", "d"], ["e"]]
        # Below the last row: the end of the last block.
        await pilot.mouse_down(plist, offset=(8, 1))  # a
        await pilot.hover(plist, offset=(8, 15))
        assert plist.drop_target == (1, 1)
        await pilot.mouse_up(plist, offset=(8, 15))
        assert order(app.program) == [["b", "c", "d"], ["e", "a"]]
        assert plist.cursor == (1, 1)
        # The first block's header: its first item.
        await pilot.mouse_down(plist, offset=(8, 3))  # d
        await pilot.hover(plist, offset=(8, 0))
        assert plist.drop_target == (0, 0)
        await pilot.mouse_up(plist, offset=(8, 0))
        assert order(app.program) == [["d", "b", "c"], ["e", "a"]]

    run(app, steps)


def test_dropping_into_an_empty_block() -> None:
    app = ListApp(program(("One", ["a", "b"]), ("Empty", []), ("Three", ["c"])))

    async def steps(pilot: Pilot[None]) -> None:
        plist = app.plist
        # Rows: 0 One, 1 a, 2 b, 3 Empty, 4 Three, 5 c. The gap above Three is in Empty.
        await pilot.mouse_down(plist, offset=(8, 1))
        await pilot.hover(plist, offset=(8, 4))
        assert plist.drop_target == (1, 0)
        await pilot.mouse_up(plist, offset=(8, 4))
        assert order(app.program) == [["b"], ["a"], ["c"]]

    run(app, steps)


def test_escape_cancels_a_drag() -> None:
    app = ListApp(TWO_BLOCKS)

    async def steps(pilot: Pilot[None]) -> None:
        plist = app.plist
        await pilot.mouse_down(plist, offset=(8, 1))
        await pilot.hover(plist, offset=(8, 6))
        assert plist.dragging
        assert any(DROP in line for line in visible(plist))
        await pilot.press("escape")
        assert not plist.dragging
        assert plist.drop_target is None
        assert not any(DROP in line for line in visible(plist))
        assert app.mouse_captured is None
        await pilot.mouse_up(plist, offset=(8, 6))
        assert order(app.program) == order(TWO_BLOCKS)
        assert app.requests == []

    run(app, steps)


def test_a_click_or_a_drop_in_place_does_not_move() -> None:
    app = ListApp(TWO_BLOCKS)

    async def steps(pilot: Pilot[None]) -> None:
        plist = app.plist
        await pilot.click(plist, offset=(8, 2))
        assert plist.cursor == (0, 1)
        assert not plist.dragging
        assert app.mouse_captured is None
        # Dragging b just below itself (before c) leaves it where it is.
        await pilot.mouse_down(plist, offset=(8, 2))
        await pilot.hover(plist, offset=(8, 3))
        assert plist.drop_target == (0, 2)
        await pilot.mouse_up(plist, offset=(8, 3))
        assert order(app.program) == order(TWO_BLOCKS)
        assert app.requests == []

    run(app, steps)


def test_dragging_to_the_bottom_edge_scrolls() -> None:
    prog = program(("Long", [f"ex-{i}" for i in range(60)]))
    app = ListApp(prog, names={})

    async def steps(pilot: Pilot[None]) -> None:
        plist = app.plist
        height = plist.scrollable_content_region.height
        await pilot.mouse_down(plist, offset=(8, 1))
        await pilot.hover(plist, offset=(8, 5))
        assert plist.scroll_offset.y == 0
        await pilot.hover(plist, offset=(8, height - 1))
        assert plist.scroll_offset.y >= 1
        await pilot.mouse_up(plist, offset=(8, height - 1))
        target = plist.cursor
        assert target[0] == 0 and target[1] is not None and target[1] >= height - 2
        assert order(app.program)[0][target[1]] == "ex-0"

    run(app, steps)


def test_external_drop_geometry() -> None:
    app = ListApp(TWO_BLOCKS)

    async def steps(pilot: Pilot[None]) -> None:
        plist = app.plist
        region = plist.scrollable_content_region
        x, y = region.x + 5, region.y
        assert plist.drop_target_at(x, y + 2) == (0, 1)
        assert plist.drop_target_at(x, y + 4) == (0, 3)
        assert plist.drop_target_at(x, y + 20) == (1, 2)
        assert plist.drop_target_at(region.right + 5, y + 2) is None
        plist.show_drop_target((1, 0))
        await pilot.pause()
        lines = visible(plist)
        assert DROP in lines[5]
        assert "Exercise D" in lines[6]
        assert plist.drop_target_at(x, y + 5) == (1, 0)  # on the indicator itself
        plist.show_drop_target(None)
        await pilot.pause()
        assert not any(DROP in line for line in visible(plist))
        assert plist.track_external_drag(x, y + 1) == (0, 0)
        assert plist.drop_target == (0, 0)
        assert plist.track_external_drag(region.right + 5, y + 1) is None
        assert plist.drop_target is None

    run(app, steps)
