"""DoseForm: edit one item's dose (sets, reps, hold, work, load, the top of its range, rest,
side, tempo, notes, cues).

Above the fields, the dose the item really gets (`hamtui.dose.effective_dose`, the same line
the editor, the handout and the session show), kept up to date as the fields change; the hints
say where a number comes from when the item leaves it blank (a held exercise's default hold)
and that `sets` does not apply inside a circuit, where each round does one set.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from hamtui.dose import clock, effective_dose, parse_clock, top_text
from hamtui.model.common import SIDES, AffectedSide
from hamtui.model.exercise import ExerciseBody
from hamtui.model.program import Block, Item
from hamtui.progression import parse_top
from hamtui.text import literal, one_line
from hamtui.tui.screens.form_support import (
    NUMBER_WIDTH,
    FormInput,
    FormScreen,
    field,
    field_problems,
    number_input,
    split_lines,
    whole_number,
)


class DoseForm(FormScreen[Item]):
    """Returns the edited Item (Save) or None (Cancel)."""

    CSS_PATH = ["form_support.tcss", "dose_form.tcss"]

    FIELDS: ClassVar[dict[str, str]] = {
        "sets": "Sets",
        "reps": "Reps",
        "hold_s": "Hold (s)",
        "work_s": "Work",
        "load": "Load",
        "progress": "Builds up to",
        "rest_s": "Rest (s)",
        "side": "Side",
        "tempo": "Tempo",
        "notes": "Notes",
        "cues": "Cues",
    }
    REQUIRED_NUMBERS: ClassVar[tuple[str, ...]] = ("sets", "reps", "rest_s")
    OPTIONAL_NUMBERS: ClassVar[tuple[str, ...]] = ("hold_s",)

    def __init__(
        self,
        item: Item,
        exercise_name: str,
        exercise: ExerciseBody | None = None,
        block: Block | None = None,
        affected_side: AffectedSide | None = None,
    ) -> None:
        """`exercise` and `block` (the item's, when known) and the program's injured side
        decide the effective dose shown."""
        super().__init__()
        self.item = item
        self.exercise_name = exercise_name
        self.exercise = exercise
        self.block = block
        self.affected_side = affected_side
        # what the item gets when Hold is left blank (a held exercise's default hold)
        self._blank_hold = effective_dose(
            item.model_copy(update={"hold_s": None}), exercise, block, affected_side=affected_side
        )
        # ... and when Work is left blank (a timed exercise's default time)
        self._blank_work = effective_dose(
            item.model_copy(update={"work_s": None, "hold_s": None}),
            exercise,
            block,
            affected_side=affected_side,
        )
        # Text from a file is shown with control characters spelled out; a field left as it
        # was shown keeps the original value exactly.
        self._notes_shown = literal(item.notes)
        self._cues_shown = "\n".join(one_line(cue) for cue in item.cues)

    def compose(self) -> ComposeResult:
        item = self.item
        with Vertical(id="dialog", classes="form-dialog"):
            yield Label(
                Text.assemble(("Dose · ", "bold"), one_line(self.exercise_name, 60)),
                id="form-title",
            )
            yield Static(self._effective_text(item), id="effective-dose", markup=False)
            with VerticalScroll(id="fields"):
                yield field("sets", "Sets", number_input("sets", item.sets), self._sets_hint())
                yield field("reps", "Reps", number_input("reps", item.reps), "1 to 100")
                yield field(
                    "hold_s",
                    "Hold (s)",
                    number_input("hold_s", item.hold_s, placeholder=self._hold_placeholder()),
                    self._hold_hint(),
                )
                yield field(
                    "work_s",
                    "Work",
                    FormInput(
                        clock(item.work_s) if item.work_s is not None else "",
                        placeholder=self._work_placeholder(),
                        compact=True,
                        max_length=NUMBER_WIDTH,
                        id="work_s",
                        classes="number",
                    ),
                    "continuous work a set, like 5:00",
                )
                yield field(
                    "load",
                    "Load",
                    FormInput(
                        item.load or "",
                        placeholder="none",
                        compact=True,
                        max_length=NUMBER_WIDTH,
                        id="load",
                        classes="number",
                    ),
                    "a weight: 2 kg, 2.5 kg, 10 lb",
                )
                yield field(
                    "progress",
                    "Builds up to",
                    FormInput(
                        top_text(item),
                        placeholder="stays as set",
                        compact=True,
                        max_length=80,
                        id="progress",
                    ),
                    "the top of a range, like 15 reps, 4 kg",
                )
                yield field(
                    "rest_s",
                    "Rest (s)",
                    number_input("rest_s", item.rest_s),
                    "seconds between sets",
                )
                yield field(
                    "side",
                    "Side",
                    Select(
                        [(side, side) for side in SIDES],
                        value=item.side,
                        allow_blank=False,
                        compact=True,
                        id="side",
                        classes="choice",
                    ),
                    "both: both legs at once · each: one leg, then the other",
                )
                yield field(
                    "tempo",
                    "Tempo",
                    FormInput(
                        item.tempo or "",
                        placeholder="none",
                        compact=True,
                        max_length=NUMBER_WIDTH,
                        id="tempo",
                        classes="number",
                    ),
                    "like 3-1-1-0; blank = none",
                )
                yield field(
                    "notes",
                    "Notes",
                    TextArea(
                        self._notes_shown,
                        compact=True,
                        soft_wrap=True,
                        tab_behavior="focus",
                        placeholder="notes for the athlete",
                        id="notes",
                    ),
                )
                yield field(
                    "cues",
                    "Cues",
                    TextArea(
                        self._cues_shown,
                        compact=True,
                        soft_wrap=True,
                        tab_behavior="focus",
                        placeholder="one cue a line",
                        id="cues",
                    ),
                )
            yield Static("", id="form-problem", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    # -- what the item really gets ----------------------------------------------------------

    def _effective_text(self, item: Item) -> Text:
        dose = effective_dose(item, self.exercise, self.block, affected_side=self.affected_side)
        text = Text.assemble(("This item gets: ", "bold"), dose.text())
        if dose.circuit:
            text.append(
                f"\nIn this circuit each round does one set of every item: "
                f"{dose.rounds} rounds, so Sets does not apply here."
            )
        return text

    def _sets_hint(self) -> str:
        if self.block is not None and self.block.rounds > 1:
            return f"not used in a circuit: {self.block.rounds} rounds, one set each"
        return "1 to 20"

    def _hold_placeholder(self) -> str:
        blank = self._blank_hold
        return f"{blank.hold_s} s" if blank.pacing == "hold" else "not held"

    def _work_placeholder(self) -> str:
        blank = self._blank_work
        if blank.pacing == "timed" and blank.timed_s is not None:
            return clock(blank.timed_s)
        return "none"

    def _hold_hint(self) -> str:
        return f"seconds; blank = {self._blank_hold.hold_words()}"

    def show_problems(self) -> Item | None:
        value = super().show_problems()
        if value is not None:
            self.query_one("#effective-dose", Static).update(self._effective_text(value))
        return value

    def check_form(self) -> tuple[Item | None, dict[str, str]]:
        data = self.item.model_dump()
        problems: dict[str, str] = {}
        for name in (*self.REQUIRED_NUMBERS, *self.OPTIONAL_NUMBERS):
            value = whole_number(self.query_one(f"#{name}", Input).value)
            if value is None and name in self.REQUIRED_NUMBERS:
                problems[name] = "is required"
                continue
            data[name] = value
        side = self.query_one("#side", Select).value
        data["side"] = side if isinstance(side, str) else self.item.side
        try:
            data["work_s"] = parse_clock(self.query_one("#work_s", Input).value)
        except ValueError:
            problems["work_s"] = "like 5:00, or 300 for seconds"
            data["work_s"] = None
        data["load"] = self.query_one("#load", Input).value.strip() or None
        top_words = self.query_one("#progress", Input).value
        if not top_words.strip():
            data["progress"] = None
        else:
            try:
                top = parse_top(top_words)
            except ValueError as error:
                problems["progress"] = str(error)
                data["progress"] = None
            else:
                kept = self.item.progress.model_dump() if self.item.progress is not None else {}
                kept.update(dict.fromkeys(("sets", "reps", "hold_s", "work_s", "load")))
                data["progress"] = {**kept, **top}
        tempo = self.query_one("#tempo", Input).value.strip()
        data["tempo"] = tempo or None
        notes = self.query_one("#notes", TextArea).text
        data["notes"] = self.item.notes if notes == self._notes_shown else notes.strip()
        cues_text = self.query_one("#cues", TextArea).text
        cue_lines: list[int] = []
        if cues_text == self._cues_shown:
            data["cues"] = list(self.item.cues)
        else:
            data["cues"], cue_lines = split_lines(cues_text)
        try:
            item = Item.model_validate(data)
        except ValidationError as error:
            for problem in field_problems(error, Item):
                message = problem.message
                if problem.field == "cues" and problem.index is not None:
                    line = cue_lines[problem.index] if cue_lines else problem.index + 1
                    message = f"line {line}: {message}"
                problems.setdefault(problem.field, message)
            return None, problems
        return (None if problems else item), problems
