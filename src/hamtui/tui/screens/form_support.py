"""What the edit forms (dose, details, block) share: a field with its message under it,
validation on every change, and Save refused while anything is invalid.

A form builds the candidate value from its fields, validates it with the pydantic model and
turns the errors into one message per field with `hamtui.errors.validation_problems`, so a
form says the same words as `hamtui validate` ("must be at least 1 (got 0)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar, TypeVar

from pydantic import BaseModel, ValidationError
from rich.text import Text
from textual import events, on
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from hamtui.errors import validation_problems

ResultT = TypeVar("ResultT")

INVALID = "✗"
"""Marks an invalid field next to its label and before its message (not colour alone)."""

NUMBER_WIDTH = 12
"""Most characters a number field takes: enough for any message, never a huge int()."""

_WHOLE = re.compile(r"[+-]?[0-9]{1,30}")
_WHERE = re.compile(r"([A-Za-z0-9_-]*)(?:\[([0-9]+)\])?")


def whole_number(text: str) -> int | str | None:
    """A number field's value for the model: None when blank, an int for a whole number, or
    the text itself, so that the model says `must be a whole number (got "x")`."""
    stripped = text.strip()
    if not stripped:
        return None
    if _WHOLE.fullmatch(stripped):
        return int(stripped)
    return stripped


def split_lines(text: str) -> tuple[list[str], list[int]]:
    """Non-blank lines of a text area (stripped), and the 1-based line number of each."""
    values: list[str] = []
    numbers: list[int] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            values.append(line.strip())
            numbers.append(number)
    return values, numbers


@dataclass(frozen=True)
class FieldProblem:
    """One validation error, on a top-level field, maybe on one entry of a list field."""

    field: str
    index: int | None
    message: str


def field_problems(error: ValidationError, model: type[BaseModel]) -> list[FieldProblem]:
    """A model's validation errors as (field, list index, message), in the CLI's words."""
    found: list[FieldProblem] = []
    for problem in validation_problems("", error, model):
        match = _WHERE.match(problem.where)
        field = match.group(1) if match else ""
        index = int(match.group(2)) if match and match.group(2) else None
        found.append(FieldProblem(field, index, problem.message))
    return found


class FormInput(Input):
    """An Input that keeps every key of a fast burst in order.

    Textual hands a printable key to the Input at once, but an editing key (backspace,
    ctrl+u, the arrows) goes up to the app as a binding and comes back as an action, after
    the keys typed behind it: `ctrl+u 5` left the field empty, `backspace backspace 7` too.
    Here the Input's own bindings run as their key arrives, in order."""

    async def _on_key(self, event: events.Key) -> None:
        bindings = self._bindings.key_to_bindings.get(event.key)
        if bindings and not event.is_printable:
            event.stop()
            event.prevent_default()
            await self.run_action(bindings[0].action)
            return
        await super()._on_key(event)


def field(name: str, label: str, widget: Widget, hint: str = "") -> Vertical:
    """A labelled field: `label  [widget]  hint`, and a line under it for its message."""
    parts: list[Widget] = [
        Label(Text(f"  {label}"), id=f"{name}-label", classes="field-label"),
        widget,
    ]
    if hint:
        parts.append(Label(Text(hint), id=f"{name}-hint", classes="field-hint"))
    return Vertical(
        Horizontal(*parts, classes="field-line"),
        Static("", id=f"{name}-problem", classes="field-problem", markup=False),
        id=f"{name}-field",
        classes="field",
    )


class FormScreen(ModalScreen[ResultT | None]):
    """A modal form that returns its value with Save (ctrl+s, enter in a one-line field) and
    None with Cancel (escape). Subclasses list their fields in FIELDS (widget id -> label),
    compose them with `field()`, a Static#form-problem, and Buttons #save and #cancel, and
    implement `check_form()`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        # Moving between fields before the next key is handed on: typed fast (a burst from
        # a paste or a slow link), the keys after a tab still land in the next field.
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
    ]

    FIELDS: ClassVar[dict[str, str]] = {}
    AUTO_FOCUS = ".field-line > *"

    def __init__(self) -> None:
        super().__init__()
        self.problems: dict[str, str] = {}

    def check_form(self) -> tuple[ResultT | None, dict[str, str]]:
        """The value the form would save, or None and a message per field id ("" = the form
        as a whole)."""
        raise NotImplementedError

    # -- showing problems ----------------------------------------------------------------

    def on_mount(self) -> None:
        # The fields scroll to follow the focus; the scroll area itself is not a tab stop.
        for scroller in self.query(VerticalScroll):
            scroller.can_focus = False
        self.show_problems()

    def show_problems(self) -> ResultT | None:
        """Validate the fields as they are and show each message under its field; the value
        the form would save (None while a field has a problem)."""
        value, problems = self.check_form()
        self.problems = problems
        for name, label in self.FIELDS.items():
            message = problems.get(name)
            line = self.query_one(f"#{name}-problem", Static)
            line.update(Text(f"{INVALID} {message}") if message else Text(""))
            line.display = message is not None
            mark = INVALID if message else " "
            self.query_one(f"#{name}-label", Label).update(Text(f"{mark} {label}"))
            self.query_one(f"#{name}-field").set_class(message is not None, "-has-problem")
        general = [message for name, message in problems.items() if name not in self.FIELDS]
        line = self.query_one("#form-problem", Static)
        line.update(Text("\n".join(f"{INVALID} {message}" for message in general)))
        line.display = bool(general)
        self.query_one("#save", Button).disabled = bool(problems)
        return value

    def first_problem(self) -> tuple[str, str] | None:
        """(field id, "Label: message") of the first invalid field, in the form's order."""
        for name, label in self.FIELDS.items():
            if name in self.problems:
                return name, f"{label}: {self.problems[name]}"
        for name, message in self.problems.items():
            return name, message
        return None

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def _field_changed(self) -> None:
        if self.is_mounted:
            self.show_problems()

    # -- actions -------------------------------------------------------------------------

    @on(Input.Submitted)
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
        value = self.show_problems()
        first = self.first_problem()
        if first is not None or value is None:
            name, message = first or ("", "the form is not complete")
            self.notify(message, title="Not saved", severity="error", markup=False)
            if name in self.FIELDS:
                self.query_one(f"#{name}", Widget).focus()
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


def number_input(name: str, value: int | None, placeholder: str = "") -> Input:
    """A number field (`FormInput` with id `name`): blank for None."""
    return FormInput(
        "" if value is None else str(value),
        placeholder=placeholder,
        compact=True,
        max_length=NUMBER_WIDTH,
        id=name,
        classes="number",
    )
