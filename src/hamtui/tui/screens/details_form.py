"""DetailsForm: edit a program's title, author, summary, stage, sessions per week, injured leg
and tags."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from hamtui.editor import update_details
from hamtui.model.common import NAME_MAX, STAGES
from hamtui.model.program import Program
from hamtui.text import literal, one_line
from hamtui.tui.screens.form_support import (
    NUMBER_WIDTH,
    FormInput,
    FormScreen,
    field,
    field_problems,
    whole_number,
)

NOT_SET = ""
"""The stage Select's value for "no stage"."""


class DetailsForm(FormScreen[dict[str, object]]):
    """Returns the changed details as keyword arguments for `hamtui.editor.update_details`
    (only the keys whose value changed; `{}` when nothing did), or None (Cancel)."""

    CSS_PATH = ["form_support.tcss", "details_form.tcss"]

    FIELDS: ClassVar[dict[str, str]] = {
        "title": "Title",
        "author": "Author",
        "summary": "Summary",
        "stage": "Stage",
        "sessions_per_week": "Sessions/week",
        "affected_side": "Injured leg",
        "tags": "Tags",
    }

    def __init__(self, program: Program) -> None:
        super().__init__()
        self.program = program
        # Text from a file is shown with control characters spelled out; a field left as it
        # was shown keeps the original value exactly.
        self._shown = {
            "title": one_line(program.title),
            "author": one_line(program.author),
            "summary": literal(program.summary),
            "tags": ", ".join(one_line(tag) for tag in program.tags),
        }

    def compose(self) -> ComposeResult:
        program = self.program
        with Vertical(id="dialog", classes="form-dialog"):
            yield Label(Text("Program details", style="bold"), id="form-title")
            with VerticalScroll(id="fields"):
                yield field("title", "Title", self._text("title", "required"))
                yield field("author", "Author", self._text("author", "optional"))
                yield field(
                    "summary",
                    "Summary",
                    TextArea(
                        self._shown["summary"],
                        compact=True,
                        soft_wrap=True,
                        tab_behavior="focus",
                        placeholder="what the program is for",
                        id="summary",
                    ),
                )
                yield field(
                    "stage",
                    "Stage",
                    Select(
                        [("not set", NOT_SET), *((stage, stage) for stage in STAGES)],
                        value=program.stage or NOT_SET,
                        allow_blank=False,
                        compact=True,
                        id="stage",
                        classes="choice",
                    ),
                )
                yield field(
                    "sessions_per_week",
                    "Sessions/week",
                    FormInput(
                        "" if program.sessions_per_week is None else str(program.sessions_per_week),
                        placeholder="not set",
                        compact=True,
                        max_length=NUMBER_WIDTH,
                        id="sessions_per_week",
                        classes="number",
                    ),
                    "1 to 14; blank = not set",
                )
                yield field(
                    "affected_side",
                    "Injured leg",
                    Select(
                        [("not set", NOT_SET), ("left", "left"), ("right", "right")],
                        value=program.affected_side or NOT_SET,
                        allow_blank=False,
                        compact=True,
                        id="affected_side",
                        classes="choice",
                    ),
                    'what items with side "affected" work',
                )
                yield field("tags", "Tags", self._text("tags", "comma separated, like knee, acl"))
            yield Static("", id="form-problem", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def _text(self, name: str, placeholder: str) -> Input:
        return FormInput(
            self._shown[name],
            placeholder=placeholder,
            compact=True,
            max_length=NAME_MAX * 20 if name == "tags" else NAME_MAX * 2,
            id=name,
        )

    def _edited(self, name: str, text: str) -> bool:
        return text != self._shown[name]

    def check_form(self) -> tuple[dict[str, object] | None, dict[str, str]]:
        program = self.program
        candidate: dict[str, Any] = {}
        for name in ("title", "author"):
            text = self.query_one(f"#{name}", Input).value
            candidate[name] = text.strip() if self._edited(name, text) else getattr(program, name)
        summary = self.query_one("#summary", TextArea).text
        candidate["summary"] = (
            summary.strip() if self._edited("summary", summary) else program.summary
        )
        stage = self.query_one("#stage", Select).value
        candidate["stage"] = stage if isinstance(stage, str) and stage != NOT_SET else None
        side = self.query_one("#affected_side", Select).value
        candidate["affected_side"] = side if side in ("left", "right") else None
        candidate["sessions_per_week"] = whole_number(
            self.query_one("#sessions_per_week", Input).value
        )
        tags = self.query_one("#tags", Input).value
        if self._edited("tags", tags):
            candidate["tags"] = [tag.strip() for tag in tags.split(",") if tag.strip()]
        else:
            candidate["tags"] = list(program.tags)
        try:
            update_details(program, **candidate)
        except ValidationError as error:
            problems: dict[str, str] = {}
            for problem in field_problems(error, Program):
                message = problem.message
                if problem.field == "tags" and problem.index is not None:
                    message = f"tag {problem.index + 1}: {message}"
                problems.setdefault(problem.field, message)
            return None, problems
        changes: dict[str, object] = {
            name: value for name, value in candidate.items() if value != getattr(program, name)
        }
        return changes, {}
