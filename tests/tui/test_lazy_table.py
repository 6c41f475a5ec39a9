"""LazyTable: rows made only when shown, a header that stays, the cursor keys, clicks."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import App, ComposeResult

from hamtui.tui.widgets import lazy_table as lazy_table_module
from hamtui.tui.widgets.lazy_table import Column, LazyTable

ROWS = 20_000
COLUMNS = (Column("Row", 10), Column("Name", 12), Column("Sets", 4, "right"))


class TableApp(App[None]):
    CSS_PATH: ClassVar[list[str | Path]] = [Path(lazy_table_module.__file__).with_suffix(".tcss")]

    def __init__(self) -> None:
        super().__init__()
        self.made: list[int] = []
        self.highlighted: list[int] = []
        self.selected: list[int] = []

    def compose(self) -> ComposeResult:
        yield LazyTable(id="table")

    def on_mount(self) -> None:
        def cells(n: int) -> tuple[str, ...]:
            self.made.append(n)
            return (f"row {n}", "a name that is too long" if n == 3 else "name", str(n % 7))

        table = self.query_one(LazyTable)
        table.set_rows(COLUMNS, ROWS, cells)
        table.focus()

    @on(LazyTable.Highlighted)
    def _highlighted(self, event: LazyTable.Highlighted) -> None:
        self.highlighted.append(event.row)

    @on(LazyTable.Selected)
    def _selected(self, event: LazyTable.Selected) -> None:
        self.selected.append(event.row)


def screen_lines(app: App[None]) -> list[str]:
    return [strip.text.rstrip() for strip in app.screen._compositor.render_strips()]


def test_rows_are_made_only_when_shown_under_a_header_that_stays() -> None:
    app = TableApp()

    async def main() -> None:
        async with app.run_test(size=(40, 10)) as pilot:
            await pilot.pause()
            lines = screen_lines(app)
            assert lines[0].split() == ["Row", "Name", "Sets"]
            assert lines[1].split() == ["▶", "row", "0", "name", "0"]
            assert "a name that…" in lines[4]  # cut to its column with …
            assert len(set(app.made)) <= 10  # not 20,000
            await pilot.press("end")
            await pilot.pause()
            lines = screen_lines(app)
            assert lines[0].split() == ["Row", "Name", "Sets"]
            assert lines[-1].split()[:3] == ["▶", "row", str(ROWS - 1)]
            assert app.highlighted[-1] == ROWS - 1
            await pilot.press("home", "pagedown")
            await pilot.pause()
            assert app.query_one(LazyTable).cursor_row == 8  # a page: 9 rows less one
            await pilot.press("down")
            await pilot.pause()
            highlighted = len(app.highlighted)
            await pilot.press("enter")
            await pilot.pause()
            assert app.selected == [9]
            assert len(app.highlighted) == highlighted  # choosing is not moving
            await pilot.click(LazyTable, offset=(5, 3))  # the third row shown
            await pilot.pause()
            assert app.selected[-1] == app.query_one(LazyTable).cursor_row
            assert len(set(app.made)) < 60

    asyncio.run(main())
