"""HamApp: the hamtui full-screen app."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Static

from hamtui.text import one_line
from hamtui.tui.catalog import Catalog, load_catalog


class HamApp(App[None]):
    """Programs and library at a glance."""

    CSS_PATH = "app.tcss"
    TITLE = "hamtui"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog

    def compose(self) -> ComposeResult:
        yield Header()
        count = len(self.catalog.library)
        programs = len(self.catalog.programs)
        yield Static(
            f"Library: {count} exercises · Programs: {programs}",
            id="summary",
            markup=False,
        )
        yield DataTable(id="programs", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"{len(self.catalog.library)} exercises"
        table = self.query_one("#programs", DataTable)
        table.add_columns("Program", "Stage", "Items", "Problems")
        for found in self.catalog.programs:
            program = found.program
            table.add_row(
                Text(one_line(found.title, 60)),
                Text(program.stage or "-") if program else Text("-"),
                Text(str(program.item_count())) if program else Text("-"),
                Text(str(len(found.problems)) if found.problems else "none"),
                key=str(found.path),
            )


def run_app(extra_library: Iterable[Path] = ()) -> int:
    HamApp(load_catalog(extra_library)).run()
    return 0
