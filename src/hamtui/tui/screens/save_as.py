"""SaveAsDialog: choose the file to save a program as."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from hamtui import workspace
from hamtui.text import one_line

INVALID = "✗"


def short_path(path: Path | str, limit: int = 60) -> str:
    """A path on one line, shortened at the front (the end names the file)."""
    text = one_line(str(path))
    return text if len(text) <= limit else "…" + text[-(limit - 1) :]


def save_target(text: str, folder: Path) -> tuple[Path | None, str | None]:
    """The file a typed name means (relative names are inside `folder`), or why it cannot be.

    Whether the file exists is not checked here: saving reports that (ConflictError)."""
    typed = text.strip()
    if not typed:
        return None, "type a file name, like my-program.toml"
    try:
        path = Path(typed).expanduser()
    except RuntimeError:
        return None, f"cannot find the home folder in {one_line(typed, 60)}"
    if not path.is_absolute():
        path = folder / path
    if path.suffix != ".toml" or path.name == ".toml":
        return None, "must end in .toml, like my-program.toml"
    if path.is_dir():
        return None, f"{short_path(path)} is a folder"
    if not path.parent.is_dir():
        return None, f"the folder {short_path(path.parent)} does not exist"
    return path, None


class SaveAsDialog(ModalScreen[Path | None]):
    """Returns the chosen path (a .toml file in an existing folder), or None (Cancel)."""

    CSS_PATH = "save_as.tcss"
    AUTO_FOCUS = "#path"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="save_as.save"),
        Binding("escape", "cancel", "Cancel", id="save_as.cancel"),
    ]

    def __init__(self, folder: Path, suggested: str) -> None:
        super().__init__()
        self.folder = folder
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        where = Text("A name is saved in ")
        where.append(one_line(str(self.folder)), style="bold")
        if workspace.restricted():  # only the workspace can be written: say so, offer no ~
            where.append("; folders inside your workspace can be named too, like plans/knee.toml.")
        else:
            where.append("; a path like ~/plans/knee.toml is saved there.")
        with Vertical(id="dialog"):
            yield Label(Text("Save as", style="bold"), id="dialog-title")
            yield Static(where, id="where")
            with Horizontal(id="path-line"):
                yield Label("File", id="path-label")
                yield Input(one_line(self.suggested), compact=True, id="path")
            yield Static("", id="path-problem", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Save (enter)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self._check()

    def _check(self) -> tuple[Path | None, str | None]:
        path, problem = save_target(self.query_one("#path", Input).value, self.folder)
        line = self.query_one("#path-problem", Static)
        line.update(Text(f"{INVALID} {problem}") if problem else Text(""))
        line.display = problem is not None
        self.query_one("#save", Button).disabled = problem is not None
        return path, problem

    @on(Input.Changed, "#path")
    def _typing(self) -> None:
        self._check()

    @on(Input.Submitted, "#path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    def action_save(self) -> None:
        path, problem = self._check()
        if path is None:
            self.notify(problem or "not saved", title="Not saved", severity="error", markup=False)
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
