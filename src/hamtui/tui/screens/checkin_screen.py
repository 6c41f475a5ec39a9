"""CheckInScreen: the check-in before a session of a rehab plan, full screen.

Two questions: did symptoms last more than 24 hours since the last session (y / n), and is
there a new symptom (the safety rules' symptoms, or none, in a list). Today's dose is shown as
the answers are given: the same decision `hamtui.session.checkin.advise` makes for the plain
session. enter on the list goes on; escape quits without starting. Returns `(lasted, symptom)`
or None.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from hamtui.text import one_line

if TYPE_CHECKING:
    from hamtui.model.safety import Symptom

DOSE_WORDS = {"as planned": "As planned", "eased": "Eased", "rest": "No training today"}
NONE = "No new symptom"


class CheckInScreen(Screen[tuple[bool, "Symptom | None"] | None]):
    """See the module docstring."""

    CSS_PATH = "checkin_screen.tcss"
    SUB_TITLE = "Check-in"
    AUTO_FOCUS = "#symptoms"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "lasted(True)", "Yes, it lasted", id="checkin.yes"),
        Binding("n", "lasted(False)", "No", id="checkin.no"),
        Binding("escape", "quit", "Quit", id="checkin.quit"),
    ]

    def __init__(self, heading: str, symptoms: Sequence[Symptom], all_symptoms: Sequence[Symptom]):
        """`heading`: the plan and stage; `symptoms`: those offered as new ones;
        `all_symptoms`: the safety rules' symptoms (the advice draws on every one)."""
        super().__init__()
        self.heading = heading
        self.symptoms = list(symptoms)
        self.all_symptoms = list(all_symptoms)
        self.lasted: bool | None = None

    def compose(self) -> ComposeResult:
        from hamtui.session.checkin import QUESTION_LASTED, QUESTION_SYMPTOM

        yield Header()
        with VerticalScroll(id="checkin"):
            yield Static(Text(one_line(self.heading, 200), style="bold"), id="checkin-heading")
            yield Static(Text(f"1. {QUESTION_LASTED}"), id="question-lasted")
            yield Static("", id="answer-lasted", markup=False)
            yield Static(Text(f"2. {QUESTION_SYMPTOM}"), id="question-symptom")
            yield OptionList(
                Option(Text(NONE), id="none"),
                *(
                    Option(Text(one_line(s.label, 100)), id=f"s{n}")
                    for n, s in enumerate(self.symptoms)
                ),
                id="symptoms",
            )
        yield Static("", id="dose", markup=False)  # below the questions, always in sight
        yield Footer()

    def on_mount(self) -> None:
        self._show()

    def _symptom(self) -> Symptom | None:
        index = self.query_one("#symptoms", OptionList).highlighted
        return self.symptoms[index - 1] if index else None

    def _show(self) -> None:
        from hamtui.session.checkin import advise

        answer = self.query_one("#answer-lasted", Static)
        if self.lasted is None:
            answer.update(Text("   Press y (yes) or n (no).", style="bold"))
        else:
            answer.update(Text(f"   {'Yes' if self.lasted else 'No'} (y / n to change)"))
        dose = self.query_one("#dose", Static)
        if self.lasted is None:
            dose.update(Text("Today's dose shows here once both questions are answered."))
            return
        advice = advise(self.lasted, self._symptom(), self.all_symptoms)
        text = Text()
        text.append(f"Today: {DOSE_WORDS[advice.dose]}\n", style="bold")
        text.append("\n".join(advice.lines))
        go = "enter records it and closes" if advice.dose == "rest" else "enter starts it"
        text.append(f"\n\nThe symptom highlighted above counts; {go}; esc quits.", style="dim")
        dose.update(text)

    def action_lasted(self, lasted: bool) -> None:
        self.lasted = lasted
        self._show()

    @on(OptionList.OptionHighlighted, "#symptoms")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show()

    @on(OptionList.OptionSelected, "#symptoms")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.lasted is None:
            self.notify("First: did symptoms last more than 24 hours? Press y or n.")
            return
        self.dismiss((self.lasted, self._symptom()))

    def action_quit(self) -> None:
        self.dismiss(None)
