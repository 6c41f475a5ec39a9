"""PlanDetailsForm: edit a rehab plan's title, author, summary, injured leg, start date,
conditions and sources.

Returns the changed details as keyword arguments for `hamtui.plan_editor.update_details`
(only those whose value changed; `{}` when nothing did), or None (Cancel).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, ClassVar

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from hamtui.errors import validation_problems
from hamtui.model.common import NAME_MAX
from hamtui.model.plan import Plan
from hamtui.text import literal, one_line
from hamtui.tui.screens.form_support import FormInput, FormScreen, field, split_lines


class PlanDetailsForm(FormScreen[dict[str, object]]):
    """See the module docstring."""

    CSS_PATH = ["form_support.tcss", "plan_details_form.tcss"]

    FIELDS: ClassVar[dict[str, str]] = {
        "title": "Title",
        "author": "Author",
        "summary": "Summary",
        "affected_side": "Injured leg",
        "start": "Starts",
        "conditions": "Conditions",
        "sources": "Sources",
    }

    def __init__(self, plan: Plan, conditions: Sequence[str] = ()) -> None:
        """`conditions`: the library's condition ids, named in the hint."""
        super().__init__()
        self.plan = plan
        self.known = list(conditions)
        # Text from a file is shown with control characters spelled out; a field left as it
        # was shown keeps the original value exactly.
        self._shown = {
            "title": one_line(plan.title),
            "author": one_line(plan.author),
            "summary": literal(plan.summary),
            "conditions": ", ".join(plan.conditions),
            "sources": "\n".join(one_line(source) for source in plan.sources),
        }

    def compose(self) -> ComposeResult:
        plan = self.plan
        known = ", ".join(self.known[:6]) + (" …" if len(self.known) > 6 else "")
        with Vertical(id="dialog", classes="form-dialog"):
            yield Label(Text("Plan details", style="bold"), id="form-title")
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
                        placeholder="what the plan is for",
                        id="summary",
                    ),
                )
                yield field(
                    "affected_side",
                    "Injured leg",
                    Select(
                        [("both legs", "both"), ("left", "left"), ("right", "right")],
                        value=plan.affected_side,
                        allow_blank=False,
                        compact=True,
                        id="affected_side",
                        classes="choice",
                    ),
                    'what items with side "affected" work',
                )
                yield field(
                    "start",
                    "Starts",
                    FormInput(
                        plan.start.isoformat(),
                        placeholder="YYYY-MM-DD",
                        compact=True,
                        max_length=10,
                        id="start",
                        classes="number",
                    ),
                    "the first stage's first day, YYYY-MM-DD",
                )
                yield field(
                    "conditions",
                    "Conditions",
                    self._text("conditions", "comma separated"),
                    f"from the library's list: {known}" if known else "",
                )
                yield field(
                    "sources",
                    "Sources",
                    TextArea(
                        self._shown["sources"],
                        compact=True,
                        soft_wrap=True,
                        tab_behavior="focus",
                        placeholder="title and publisher, one a line",
                        id="sources",
                    ),
                )
            yield Static("", id="form-problem", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def _text(self, name: str, placeholder: str) -> Input:
        return FormInput(
            self._shown[name],
            placeholder=placeholder,
            compact=True,
            max_length=NAME_MAX * 20 if name == "conditions" else NAME_MAX * 2,
            id=name,
        )

    def check_form(self) -> tuple[dict[str, object] | None, dict[str, str]]:
        plan = self.plan
        problems: dict[str, str] = {}
        candidate: dict[str, Any] = {}
        for name in ("title", "author"):
            text = self.query_one(f"#{name}", Input).value
            candidate[name] = text.strip() if text != self._shown[name] else getattr(plan, name)
        summary = self.query_one("#summary", TextArea).text
        candidate["summary"] = (
            summary.strip() if summary != self._shown["summary"] else plan.summary
        )
        side = self.query_one("#affected_side", Select).value
        candidate["affected_side"] = side if side in ("left", "right", "both") else "both"
        start = self.query_one("#start", Input).value.strip()
        try:
            candidate["start"] = date.fromisoformat(start)
        except ValueError:
            problems["start"] = f"must be a date like 2026-11-02 (got {start!r})"
            candidate["start"] = plan.start
        conditions = self.query_one("#conditions", Input).value
        candidate["conditions"] = (
            [word.strip() for word in conditions.split(",") if word.strip()]
            if conditions != self._shown["conditions"]
            else list(plan.conditions)
        )
        unknown = [
            word for word in candidate["conditions"] if self.known and word not in self.known
        ]
        if unknown:
            problems["conditions"] = f"not in the library's list: {', '.join(unknown)}"
        sources = self.query_one("#sources", TextArea).text
        candidate["sources"] = (
            split_lines(sources)[0] if sources != self._shown["sources"] else list(plan.sources)
        )
        try:
            Plan.model_validate({**plan.model_dump(), **candidate})
        except ValidationError as error:
            for problem in validation_problems("", error, Plan):
                key = problem.where.split("[")[0].split(".")[0]
                problems.setdefault(key if key in self.FIELDS else "", problem.message)
        if problems:
            return None, problems
        return {k: v for k, v in candidate.items() if v != getattr(plan, k)}, {}
