"""StageForm: edit one stage of a rehab plan: its name, program, sessions a week, pain
ceiling, notes, the criteria to move on and what sends the athlete back a stage.

Returns the edited `Stage` (Save) or None (Cancel). Every field is checked as it changes,
with the words `hamtui validate` uses; a criterion left blank is not asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from hamtui.errors import validation_problems
from hamtui.model.common import NAME_MAX
from hamtui.model.plan import Stage
from hamtui.text import literal, one_line
from hamtui.tui.screens.form_support import (
    FormInput,
    FormScreen,
    field,
    number_input,
    split_lines,
    whole_number,
)

MOVE_ON = ("sessions", "days", "pain_free_last", "no_symptoms_last", "weekly_weeks")


class StageForm(FormScreen[Stage]):
    """See the module docstring."""

    CSS_PATH = ["form_support.tcss", "stage_form.tcss"]

    FIELDS: ClassVar[dict[str, str]] = {
        "name": "Name",
        "program": "Program",
        "sessions_per_week": "Sessions/week",
        "pain_ceiling": "Pain ceiling",
        "notes": "Notes",
        "sessions": "Sessions",
        "days": "Days",
        "pain_free_last": "Pain in limit",
        "no_symptoms_last": "No symptoms",
        "weekly_weeks": "Weeks on plan",
        "self_checks": "Self-checks",
        "pain_over_ceiling": "Back on pain",
        "symptom_ended_session": "Back on symptom",
    }
    HINTS: ClassVar[dict[str, str]] = {
        "sessions": "at least N sessions in the stage",
        "days": "at least N days in the stage",
        "pain_free_last": "last N sessions within the ceiling",
        "no_symptoms_last": "no stopping symptom in the last N",
        "weekly_weeks": "sessions/week met N weeks running",
        "pain_over_ceiling": "over the ceiling N sessions running",
    }

    def __init__(self, stage: Stage, number: int, programs: Sequence[str] = ()) -> None:
        """`number`: the stage's place (from 1); `programs`: program file names to suggest."""
        super().__init__()
        self.stage = stage
        self.number = number
        self.programs = sorted(set(programs))
        self._name_shown = one_line(stage.name)
        self._notes_shown = literal(stage.notes)
        self._checks_shown = "\n".join(one_line(c) for c in stage.move_on.self_checks)

    def compose(self) -> ComposeResult:
        stage = self.stage
        title = Text.assemble((f"Stage {self.number} · ", "bold"), one_line(stage.name, 60))
        with Vertical(id="dialog", classes="form-dialog"):
            yield Label(title, id="form-title")
            with VerticalScroll(id="fields"):
                yield field(
                    "name",
                    "Name",
                    FormInput(
                        self._name_shown,
                        placeholder="like Curls and bridges",
                        compact=True,
                        max_length=NAME_MAX * 2,
                        id="name",
                    ),
                )
                yield field(
                    "program",
                    "Program",
                    FormInput(
                        stage.program if isinstance(stage.program, str) else "",
                        placeholder=(
                            "a program file, like early-rehab.toml"
                            if stage.inline is None
                            else f"written in the plan: {one_line(stage.inline.title, 40)}"
                        ),
                        compact=True,
                        max_length=200,
                        suggester=SuggestFromList(self.programs, case_sensitive=False),
                        id="program",
                    ),
                    "a file name",
                )
                yield field(
                    "sessions_per_week",
                    "Sessions/week",
                    number_input("sessions_per_week", stage.sessions_per_week),
                    "1 to 14",
                )
                yield field(
                    "pain_ceiling",
                    "Pain ceiling",
                    number_input("pain_ceiling", stage.pain_ceiling),
                    "0 to 10; 0 = pain-free",
                )
                yield field(
                    "notes",
                    "Notes",
                    TextArea(
                        self._notes_shown,
                        compact=True,
                        soft_wrap=True,
                        tab_behavior="focus",
                        placeholder="for the athlete and the trainer",
                        id="notes",
                    ),
                )
                yield Static("To move on (blank: not asked)", classes="form-section")
                for name in MOVE_ON:
                    yield field(
                        name,
                        self.FIELDS[name],
                        number_input(name, getattr(stage.move_on, name), "not asked"),
                        self.HINTS[name],
                    )
                yield field(
                    "self_checks",
                    "Self-checks",
                    TextArea(
                        self._checks_shown,
                        compact=True,
                        soft_wrap=True,
                        tab_behavior="focus",
                        placeholder="one test a line, like a painless single-leg squat",
                        id="self_checks",
                    ),
                )
                yield Static("Back a stage", classes="form-section")
                yield field(
                    "pain_over_ceiling",
                    self.FIELDS["pain_over_ceiling"],
                    number_input("pain_over_ceiling", stage.step_back.pain_over_ceiling, "no"),
                    self.HINTS["pain_over_ceiling"],
                )
                yield field(
                    "symptom_ended_session",
                    self.FIELDS["symptom_ended_session"],
                    Select(
                        [("no", False), ("yes", True)],
                        value=stage.step_back.symptom_ended_session,
                        allow_blank=False,
                        compact=True,
                        id="symptom_ended_session",
                        classes="choice",
                    ),
                    "a symptom ended the last session",
                )
            yield Static("", id="form-problem", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def check_form(self) -> tuple[Stage | None, dict[str, str]]:
        stage = self.stage
        problems: dict[str, str] = {}
        name = self.query_one("#name", Input).value
        notes = self.query_one("#notes", TextArea).text
        checks_text = self.query_one("#self_checks", TextArea).text
        check_lines: list[int] = []
        if checks_text == self._checks_shown:
            checks = list(stage.move_on.self_checks)
        else:
            checks, check_lines = split_lines(checks_text)
        data: dict[str, Any] = {
            "name": stage.name if name == self._name_shown else name.strip(),
            "program": self.query_one("#program", Input).value.strip() or stage.inline or "",
            "notes": stage.notes if notes == self._notes_shown else notes.strip(),
            "move_on": {"self_checks": checks},
            "step_back": {
                "symptom_ended_session": self.query_one("#symptom_ended_session", Select).value
                is True,
                "pain_over_ceiling": whole_number(
                    self.query_one("#pain_over_ceiling", Input).value
                ),
            },
        }
        for number in ("sessions_per_week", "pain_ceiling"):
            value = whole_number(self.query_one(f"#{number}", Input).value)
            if value is None:
                problems[number] = "is required"
                value = getattr(stage, number)
            data[number] = value
        for number in MOVE_ON:
            data["move_on"][number] = whole_number(self.query_one(f"#{number}", Input).value)
        try:
            edited = Stage.model_validate(data)
        except ValidationError as error:
            for problem in validation_problems("", error, Stage):
                parts = problem.where.replace("[", ".").split(".")
                key = (
                    parts[1]
                    if parts[0] in ("move_on", "step_back") and len(parts) > 1
                    else parts[0]
                )
                message = problem.message
                if key == "self_checks" and len(parts) > 2 and parts[2].rstrip("]").isdigit():
                    index = int(parts[2].rstrip("]"))
                    line = check_lines[index] if index < len(check_lines) else index + 1
                    message = f"line {line}: {message}"
                problems.setdefault(key if key in self.FIELDS else "", message)
            return None, problems
        return (None if problems else edited), problems
