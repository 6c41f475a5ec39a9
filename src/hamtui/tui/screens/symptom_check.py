"""SymptomCheck: `!` during a session. Lists the symptoms of `library/safety.toml`; choosing one
shows its advice, adjustments and when to see a professional, and offers its action first
(marked "advised") beside the others that apply: continue, continue with a shorter range, swap
to the exercise's regression, skip the exercise, end the session.

What it offers and in which words is the session runner's `SymptomQuestion` (the same the
plain-text session says). Returns a `SymptomChoice`, or None when the athlete goes back to the
session without choosing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from hamtui.model.safety import Symptom, SymptomAction
from hamtui.session.run import SymptomQuestion
from hamtui.text import literal, one_line


@dataclass(frozen=True)
class SymptomChoice:
    symptom: Symptom
    action: SymptomAction


def advice_text(symptom: Symptom, note: str = "") -> Text:
    """The advice of a symptom, its adjustments and the professional note, literal."""
    text = Text(one_line(symptom.label), style="bold")
    text.append("\n")
    text.append(literal(symptom.advice))
    if symptom.adjustments:
        text.append("\n\nTry:", style="bold")
        for adjustment in symptom.adjustments:
            text.append("\n • ")
            text.append(literal(adjustment))
    if symptom.see_professional:
        text.append("\n\n■ See a professional: ", style="bold reverse")
        text.append(
            literal(symptom.professional_note or "have a doctor or physical therapist look at it.")
        )
    elif symptom.professional_note:
        text.append("\n\nWhen to see a professional: ", style="bold")
        text.append(literal(symptom.professional_note))
    if note:
        text.append("\n\n")
        text.append(literal(note), style="italic")
    return text


class SymptomCheck(ModalScreen[SymptomChoice | None]):
    """Two steps in one dialog: the list of symptoms, then the advice and the actions."""

    CSS_PATH = "symptom_check.tcss"
    AUTO_FOCUS = "#symptom-list"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="symptom.back"),
    ]

    def __init__(self, question: SymptomQuestion) -> None:
        super().__init__()
        self.question = question
        self.symptoms = list(question.symptoms)
        self.exercise_name = question.exercise_name
        self.intro = question.intro
        self.current: Symptom | None = None
        self.actions: list[SymptomAction] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="symptom-box"):
            title = Text("Symptom check", style="bold")
            if self.exercise_name:
                title.append(f"  ·  {one_line(self.exercise_name)}")
            title.append("  ·  the session is paused", style="italic")
            yield Label(title, id="symptom-title")
            intro = self.intro or "What do you feel? Choose the closest."
            yield Label(Text(literal(intro)), id="symptom-intro")
            yield OptionList(
                *(Option(Text(one_line(s.label)), id=s.id) for s in self.symptoms),
                id="symptom-list",
            )
            with VerticalScroll(id="symptom-advice"):
                yield Static("", id="symptom-advice-text", markup=False)
            yield OptionList(id="symptom-actions")
            yield Label("", id="symptom-hint")

    def on_mount(self) -> None:
        self._show_list()
        symptom = self.question.preselected()
        if symptom is not None:
            self.query_one("#symptom-list", OptionList).highlighted = self.symptoms.index(symptom)
            self.show_advice(symptom)

    # -- the two steps ---------------------------------------------------------------------------

    def _show_list(self) -> None:
        self.current = None
        self.query_one("#symptom-box").remove_class("-advice")
        self.query_one("#symptom-intro").display = True
        self.query_one("#symptom-list").display = True
        self.query_one("#symptom-advice").display = False
        self.query_one("#symptom-actions").display = False
        self.query_one("#symptom-hint", Label).update(
            Text("↑↓ choose · enter: see the advice · esc: back to the session")
        )
        self.query_one("#symptom-list", OptionList).focus()

    def action_label(self, action: SymptomAction, symptom: Symptom) -> Text:
        words = self.question.action_words(action, symptom)
        if words.endswith(" (advised)"):
            return Text.assemble(words.removesuffix(" (advised)"), ("  (advised)", "bold"))
        return Text(words)

    def show_advice(self, symptom: Symptom) -> None:
        self.current = symptom
        self.actions, note = self.question.actions(symptom)
        self.query_one("#symptom-advice-text", Static).update(advice_text(symptom, note))
        options = self.query_one("#symptom-actions", OptionList)
        options.clear_options()
        options.add_options([Option(self.action_label(a, symptom), id=a) for a in self.actions])
        options.highlighted = 0
        self.query_one("#symptom-box").add_class("-advice")
        self.query_one("#symptom-intro").display = False
        self.query_one("#symptom-list").display = False
        self.query_one("#symptom-advice").display = True
        options.display = True
        self.query_one("#symptom-hint", Label).update(
            Text("↑↓ choose · enter: do it · tab: scroll the advice · esc: back to the list")
        )
        options.focus()

    # -- events ------------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#symptom-list")
    def _symptom_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.show_advice(self.symptoms[event.option_index])

    @on(OptionList.OptionSelected, "#symptom-actions")
    def _action_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.current is not None:
            self.choose(self.actions[event.option_index])

    def choose(self, action: SymptomAction) -> None:
        """Dismiss with the current symptom and `action`."""
        assert self.current is not None
        self.dismiss(SymptomChoice(self.current, action))

    def action_back(self) -> None:
        if self.current is None:
            self.dismiss(None)
        else:
            self._show_list()
