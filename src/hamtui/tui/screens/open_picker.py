"""OpenPicker: choose a program file to open, or type the path of another one."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, Static

from hamtui import workspace
from hamtui.catalog import ProgramFile
from hamtui.review import count_text
from hamtui.text import one_line
from hamtui.tui.screens.save_as import short_path

INVALID = "✗"


def resolve_typed(text: str, folder: Path | None) -> tuple[Path | None, str | None]:
    """A typed path (relative paths are inside `folder`, or the current folder), or why not."""
    typed = text.strip()
    if not typed:
        return None, "type the path of a program file"
    try:
        path = Path(typed).expanduser()
    except RuntimeError:
        return None, f"cannot find the home folder in {one_line(typed, 60)}"
    if not path.is_absolute() and folder is not None:
        path = folder / path
    if workspace.restricted():
        # Before looking: a path outside gets one answer, whether anything is there or not.
        try:
            workspace.check_read(path)
        except workspace.WorkspaceError as exc:
            return None, one_line(str(exc), 300)
    if path.is_dir():
        return None, f"{short_path(path)} is a folder, not a file"
    if not path.is_file():
        return None, f"no such file: {short_path(path)}"
    return path, None


def first_problem(found: ProgramFile) -> str:
    """The first problem of a file, without the file's path in front (it is shown above)."""
    problem = found.problems[0]
    prefix = str(found.path)
    if problem.startswith(prefix + ":"):
        rest = problem[len(prefix) + 1 :].strip()
        problem = f"line {rest}" if rest[:1].isdigit() else rest
    return one_line(problem, 300)


class OpenPicker(ModalScreen[Path | None]):
    """A table of program files (title, stage, items, problems); enter opens the highlighted
    one, or the path typed in the path field. Returns the path, or None (escape)."""

    CSS_PATH = "open_picker.tcss"
    AUTO_FOCUS = "#files"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="open_picker.cancel"),
    ]

    def __init__(self, files: Sequence[ProgramFile], *, folder: Path | None = None) -> None:
        super().__init__()
        self.files = list(files)
        self.folder = folder

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text("Open a program", style="bold"), id="picker-title")
            table: DataTable[Text] = DataTable(id="files", cursor_type="row", zebra_stripes=True)
            table.display = bool(self.files)
            yield table
            if not self.files:
                yield Static(
                    "No program files found. Type the path of one below.",
                    id="no-files",
                    markup=False,
                )
            yield Static("", id="file-detail", markup=False)
            with Horizontal(id="path-line"):
                yield Label("Or a path", id="path-label")
                yield Input(
                    placeholder="path/to/program.toml, then enter",
                    compact=True,
                    id="path",
                )
            yield Static("", id="path-problem", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Open (enter)", id="open", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        table: DataTable[Text] = self.query_one("#files", DataTable)
        table.add_column("Title", key="title")
        table.add_column("Stage", key="stage")
        table.add_column("Items", key="items")
        table.add_column("Review", key="review")
        table.add_column("File", key="file")
        for index, found in enumerate(self.files):
            program = found.program
            counted = count_text(found.findings)
            if program is None:
                review_cell = Text(f"{INVALID} cannot open")
            else:
                review_cell = Text(f"{INVALID} {counted}") if counted else Text("none")
            table.add_row(
                Text(one_line(found.title, 40)),
                Text(program.stage or "-") if program else Text("-"),
                Text(str(program.item_count()), justify="right") if program else Text("-"),
                review_cell,
                Text(one_line(found.path.name, 40)),
                key=str(index),
            )
        self.query_one("#path-problem", Static).display = False
        if self.files:
            self._show_detail(0)
        else:
            self.query_one("#file-detail", Static).display = False
            self.query_one("#path", Input).focus()

    # -- the highlighted file ------------------------------------------------------------

    @property
    def highlighted(self) -> ProgramFile | None:
        if not self.files:
            return None
        row = self.query_one("#files", DataTable).cursor_row
        return self.files[row] if 0 <= row < len(self.files) else None

    def _show_detail(self, index: int) -> None:
        found = self.files[index]
        detail = Text("File: ", style="bold")
        detail.append(one_line(str(found.path)))
        count = len(found.problems)
        worth_saying = [f for f in found.findings if f.level in ("problem", "warning")]
        if found.program is None:
            detail.append(
                f"\n{INVALID} Cannot be opened: {count} problem{'s' if count != 1 else ''}. "
                "First: ",
                style="bold",
            )
            detail.append(first_problem(found))
        elif worth_saying:
            detail.append(f"\n{INVALID} Review: {count_text(worth_saying)}. First: ", style="bold")
            worst = min(worth_saying, key=lambda f: f.level != "problem")
            detail.append(one_line(worst.message, 300))
        else:
            detail.append("\n✓ Review: no problems or warnings.")
        self.query_one("#file-detail", Static).update(detail)

    @on(DataTable.RowHighlighted, "#files")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if 0 <= event.cursor_row < len(self.files):
            self._show_detail(event.cursor_row)

    # -- choosing ------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#files")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self.files):
            self.dismiss(self.files[event.cursor_row].path)

    @on(Input.Changed, "#path")
    def _typing(self) -> None:
        self.query_one("#path-problem", Static).display = False

    @on(Input.Submitted, "#path")
    def _path_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_open()

    @on(Button.Pressed, "#open")
    def _open_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_open()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    def action_open(self) -> None:
        """Open the typed path if there is one, else the highlighted file."""
        text = self.query_one("#path", Input).value
        if not text.strip():
            found = self.highlighted
            if found is not None:
                self.dismiss(found.path)
                return
        path, problem = resolve_typed(text, self.folder)
        if path is None:
            line = self.query_one("#path-problem", Static)
            line.update(Text(f"{INVALID} {problem}"))
            line.display = True
            self.query_one("#path", Input).focus()
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
