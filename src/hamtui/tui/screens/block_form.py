"""BlockForm: edit a block's name, rounds and rest between rounds."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from hamtui.model.common import NAME_MAX
from hamtui.model.program import Block
from hamtui.text import one_line
from hamtui.tui.screens.form_support import (
    FormInput,
    FormScreen,
    field,
    field_problems,
    number_input,
    whole_number,
)


class BlockForm(FormScreen[dict[str, object]]):
    """Returns the changed settings as keyword arguments for `hamtui.editor.update_block`
    (only the keys whose value changed; `{}` when nothing did), or None (Cancel)."""

    CSS_PATH = ["form_support.tcss", "block_form.tcss"]

    FIELDS: ClassVar[dict[str, str]] = {
        "name": "Name",
        "rounds": "Rounds",
        "rest_between_rounds_s": "Round rest (s)",
    }
    NUMBERS: ClassVar[tuple[str, ...]] = ("rounds", "rest_between_rounds_s")

    def __init__(self, block: Block) -> None:
        super().__init__()
        self.block = block
        self._name_shown = one_line(block.name)

    def compose(self) -> ComposeResult:
        block = self.block
        title = Text.assemble(("Block · ", "bold"), one_line(block.name or "(no name)", 60))
        with Vertical(id="dialog", classes="form-dialog"):
            yield Label(title, id="form-title")
            with VerticalScroll(id="fields"):
                yield field(
                    "name",
                    "Name",
                    FormInput(
                        self._name_shown,
                        placeholder="like Warm-up or Main",
                        compact=True,
                        max_length=NAME_MAX * 2,
                        id="name",
                    ),
                )
                yield field("rounds", "Rounds", number_input("rounds", block.rounds), "1 to 20")
                yield field(
                    "rest_between_rounds_s",
                    "Round rest (s)",
                    number_input("rest_between_rounds_s", block.rest_between_rounds_s),
                    "seconds after each round",
                )
                yield Static(
                    "With more than one round the block is a circuit: its items are done in "
                    "turn, then the round rest, then the next round.",
                    id="block-hint",
                    markup=False,
                )
            yield Static("", id="form-problem", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def check_form(self) -> tuple[dict[str, object] | None, dict[str, str]]:
        block = self.block
        problems: dict[str, str] = {}
        name = self.query_one("#name", Input).value
        candidate: dict[str, Any] = {
            "name": block.name if name == self._name_shown else name.strip(),
        }
        for number in self.NUMBERS:
            value = whole_number(self.query_one(f"#{number}", Input).value)
            if value is None:
                problems[number] = "is required"
                value = getattr(block, number)
            candidate[number] = value
        try:
            Block.model_validate(candidate)
        except ValidationError as error:
            for problem in field_problems(error, Block):
                problems.setdefault(problem.field, problem.message)
        if problems:
            return None, problems
        changes: dict[str, object] = {
            key: value for key, value in candidate.items() if value != getattr(block, key)
        }
        return changes, {}
