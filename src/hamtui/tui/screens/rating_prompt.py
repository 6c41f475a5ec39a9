"""RatingPrompt: after an exercise, an optional 0-10 pain rating, then a 0-10 effort rating.

One key each: 0-9, or the letter T for 10; s or enter skips one question, escape skips both.
Returns a `Rating` (either value may be None), or None when both were skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from hamtui.text import one_line

Question = Literal["pain", "effort"]

QUESTIONS: dict[Question, tuple[str, str]] = {
    "pain": ("Pain during", "0 = no pain · 10 = the worst pain you can imagine"),
    "effort": ("Effort of", "0 = no effort · 10 = the hardest you could work"),
}


@dataclass(frozen=True)
class Rating:
    pain: int | None = None
    effort: int | None = None


class RatingPrompt(ModalScreen[Rating | None]):
    """Two questions, one key each."""

    CSS_PATH = "rating_prompt.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"rate({n})", str(n), id=f"rating.{n}", show=False) for n in range(10)),
        Binding("t", "rate(10)", "10", id="rating.10", show=False),
        Binding("s,enter", "skip_one", "Skip question", id="rating.skip"),
        Binding("escape", "skip_all", "Skip both", id="rating.skip-all"),
    ]

    def __init__(self, exercise_name: str) -> None:
        super().__init__()
        self.exercise_name = exercise_name
        self.question: Question = "pain"
        self.answers: dict[Question, int | None] = {"pain": None, "effort": None}

    def compose(self) -> ComposeResult:
        with Vertical(id="rating-box"):
            yield Label("", id="rating-question")
            yield Label("", id="rating-scale")
            yield Label(
                Text(
                    "Number keys 0 to 9 answer, the letter T answers 10 · S or Enter skips the "
                    "question · Esc skips both"
                ),
                id="rating-keys",
            )

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        lead, scale = QUESTIONS[self.question]
        number = 1 if self.question == "pain" else 2
        text = Text(f"{number} of 2 · ", style="dim")
        text.append(f"{lead} ", style="bold")
        text.append(one_line(self.exercise_name, 60), style="bold")
        text.append("?", style="bold")
        self.query_one("#rating-question", Label).update(text)
        self.query_one("#rating-scale", Label).update(Text(scale))

    def _answer(self, value: int | None) -> None:
        self.answers[self.question] = value
        if self.question == "pain":
            self.question = "effort"
            self._show()
            return
        pain, effort = self.answers["pain"], self.answers["effort"]
        self.dismiss(None if pain is None and effort is None else Rating(pain, effort))

    def action_rate(self, value: int) -> None:
        self._answer(value)

    def action_skip_one(self) -> None:
        self._answer(None)

    def action_skip_all(self) -> None:
        pain = self.answers["pain"]
        self.dismiss(None if pain is None else Rating(pain, None))
