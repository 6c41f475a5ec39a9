"""What a session asks the athlete, and what it tells them: the questions of the runner's
queue (resume, the start pop-up, pain and effort, the symptom check, "end?") and its notices.
Each front end turns a question into a modal or a line of text and answers it through the
runner (`hamtui.session.run`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from hamtui.model.exercise import ExerciseBody
from hamtui.model.safety import Symptom, SymptomAction
from hamtui.session.advice import ACTION_WORDS, NO_EASIER, available_actions
from hamtui.session.engine import (
    CueSpec,
    Step,
)
from hamtui.session.record import (
    ResumePlan,
    UnfinishedSession,
)
from hamtui.swap import SwapChoice
from hamtui.text import one_line

if TYPE_CHECKING:
    pass

NoticeLevel = Literal["info", "warning", "ack"]


# ---------------------------------------------------------------------------------------------
# Questions


@dataclass(eq=False)
class ResumeQuestion:
    """An unfinished session of this program was found: resume, start fresh, or quit."""

    found: UnfinishedSession
    plan: ResumePlan
    exercise_name: str  # the exercise it resumes at ("" when nothing is left)

    @property
    def sets_done(self) -> int:
        return sum(entry.sets_done for entry in self.found.record.entries)

    @property
    def where(self) -> str:
        """`block 1, item 2, set 1` (empty when every set is done or skipped)."""
        at = self.plan.start_at
        if at is None:
            return ""
        return f"block {at.block + 1}, item {at.item + 1}, set {at.set}"

    @property
    def lines(self) -> list[str]:
        """What was found and where resuming starts, as every front end says it."""
        record, sets = self.found.record, self.sets_done
        found = (
            f"An unfinished session of {one_line(record.program)} started "
            f"{record.started:%Y-%m-%d %H:%M} UTC ({sets} set{'s' if sets != 1 else ''} done)."
        )
        if not self.where:
            return [found, "Every set is done or skipped: resuming closes it as completed."]
        return [found, f"Resume at {self.where}: {one_line(self.exercise_name, 80)}."]

    @property
    def warning(self) -> str:
        """Empty, or why the old sets may not line up with the program as it is now."""
        if self.plan.program_changed:
            return "The program file changed since that session started: the sets may not line up."
        return ""


@dataclass(eq=False)
class StartQuestion:
    """The start pop-up of an exercise: its steps and cues; the countdown waits for it."""

    index: int
    step: Step
    today: str = ""  # today's dose of an item with a range, and why (hamtui.progression)

    @property
    def heading(self) -> str:
        """`set 1 of 2, left side first` / `round 2 of 3, right side only`."""
        step = self.step
        label = "round" if step.circuit else "set"
        heading = f"{label} {step.set} of {step.sets}"
        if step.side and step.plan.dose.side == "each":
            heading += f", {step.side} side first"
        elif step.side:
            heading += f", {step.side} side only"
        return heading


@dataclass(eq=False)
class RatingQuestion:
    """Pain, then effort, 0 to 10, after an exercise; either may be left out."""

    step: Step


@dataclass(eq=False)
class SymptomQuestion:
    """The symptom check: the list of symptoms, then a symptom's advice and what to do."""

    exercise_name: str
    symptoms: tuple[Symptom, ...]
    allowed: tuple[str, ...]  # the actions that apply now
    swaps: Mapping[str, SwapChoice]  # symptom id -> the easier exercise that spares it
    note: str  # recorded with the symptom: when it was reported
    was_paused: bool
    intro: str = ""
    preselect: str | None = None  # a symptom id whose advice is shown first

    def preselected(self) -> Symptom | None:
        return next((s for s in self.symptoms if s.id == self.preselect), None)

    def actions(self, symptom: Symptom) -> tuple[list[SymptomAction], str]:
        """What can be done for `symptom` now, the advised action first, and a note when the
        advised action cannot be done here."""
        swap = self.swaps.get(symptom.id)
        no_swap = None if swap is not None and swap.found else (swap.reason if swap else NO_EASIER)
        return available_actions(symptom, self.allowed, no_swap)

    def swap_for(self, symptom: Symptom) -> tuple[str, ExerciseBody] | None:
        """The easier exercise a swap for this symptom goes to, if one fits."""
        swap = self.swaps.get(symptom.id)
        if swap is None or swap.slug is None or swap.exercise is None:
            return None
        return swap.slug, swap.exercise

    def action_words(self, action: SymptomAction, symptom: Symptom) -> str:
        """`Swap to an easier exercise: Seated Hamstring Set (advised)`."""
        words = ACTION_WORDS[action]
        swap = self.swap_for(symptom)
        if action == "regress" and swap is not None:
            words += f": {one_line(swap[1].name, 60)}"
        if action == symptom.action:
            words += " (advised)"
        return words


@dataclass(eq=False)
class EndQuestion:
    """End the session now? What was done is kept; it is recorded as ended early."""

    was_paused: bool


Question = ResumeQuestion | StartQuestion | RatingQuestion | SymptomQuestion | EndQuestion
ResumeChoice = Literal["resume", "fresh", "quit"]
StartChoice = Literal["start", "skip", "end"]


@dataclass(frozen=True)
class Notice:
    """Something to tell the athlete that is not an engine event. `ack` notices confirm an
    answer ("Keep going."): a text front end says them, a screen that shows the change itself
    may leave them out. `cues` are to be shown as cues (a shorter range's adjustments)."""

    level: NoticeLevel
    text: str
    cues: tuple[CueSpec, ...] = ()
