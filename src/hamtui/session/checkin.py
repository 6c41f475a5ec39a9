"""The check-in before a session of a rehab plan (no Textual: the plain session and the full
screen ask the same two questions and show this module's answer).

1. Since the last session, did symptoms last more than 24 hours?
2. Any new symptom? (one of the safety rules' symptoms, or none)

`advise(...)` turns the answers into today's dose, decided here once: train as planned, ease
off (one set fewer of each exercise, and one round fewer of a circuit, never below one), or do
not train today and have it seen to, as the safety rules say for that symptom. `eased(program)`
is the program of an eased day. The answers and the advice go into the session record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from hamtui.model.common import AffectedSide
from hamtui.model.program import Program
from hamtui.model.safety import Symptom
from hamtui.model.session import CheckIn, CheckInDose
from hamtui.text import one_line

if TYPE_CHECKING:
    from hamtui.session.run import SessionOptions

LASTING = "lasting-over-24h"  # the safety rules' symptom for symptoms that outlast a day
REST_ACTIONS = ("end-session",)
EASE_ACTIONS = ("stop-exercise", "regress")

QUESTION_LASTED = (
    "Since your last session, did any soreness or other symptom last more than 24 hours?"
)
QUESTION_SYMPTOM = "Is there a new symptom today?"


@dataclass(frozen=True)
class Advice:
    """Today's dose and the words that explain it (the first line is the decision)."""

    dose: CheckInDose
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def advise(lasted_24h: bool, symptom: Symptom | None, symptoms: Sequence[Symptom]) -> Advice:
    """Today's dose from the check-in's answers (see the module docstring)."""
    lasting = next((s for s in symptoms if s.id == LASTING), None)
    if symptom is not None and symptom.action in REST_ACTIONS:
        lines = [
            f"Do not train today: {one_line(symptom.label, 100)}.",
            one_line(symptom.advice, 400),
        ]
        lines.append(
            one_line(symptom.professional_note, 400)
            if symptom.professional_note
            else "Have a physiotherapist or doctor look at it before the next session."
        )
        return Advice("rest", tuple(line for line in lines if line))
    reasons: list[Symptom] = []
    if lasted_24h and lasting is not None:
        reasons.append(lasting)
    if symptom is not None and symptom.action in EASE_ACTIONS:
        reasons.append(symptom)
    if lasted_24h or reasons:
        why = (
            "symptoms lasted more than 24 hours"
            if lasted_24h
            else one_line(reasons[0].label, 100).lower()
        )
        lines = [f"Today's dose is lowered: one set fewer of each exercise ({why})."]
        for reason in reasons:
            lines.append(one_line(reason.advice, 400))
            if reason.see_professional:
                lines.append(
                    one_line(reason.professional_note, 400)
                    if reason.professional_note
                    else "If it keeps coming back, have a physiotherapist or doctor look at it."
                )
        if lasted_24h and lasting is None:
            lines.append("Ease off, and tell your physiotherapist if it keeps happening.")
        return Advice("eased", tuple(lines))
    if symptom is not None:
        return Advice(
            "as planned",
            (
                f"Train as planned, with care: {one_line(symptom.label, 100)}.",
                one_line(symptom.advice, 400),
            ),
        )
    return Advice("as planned", ("Train as planned: no lasting or new symptoms.",))


def eased(program: Program) -> Program:
    """The program of an eased day: one set fewer of each item and one round fewer of each
    circuit, never below one."""
    blocks = [
        block.model_copy(
            update={
                "rounds": max(block.rounds - 1, 1),
                "items": [
                    item.model_copy(update={"sets": max(item.sets - 1, 1)}) for item in block.items
                ],
            }
        )
        for block in program.blocks
    ]
    return program.model_copy(update={"blocks": blocks})


def record_of(
    plan: str, stage: int, lasted_24h: bool, symptom: Symptom | None, advice: Advice
) -> CheckIn:
    """The check-in as the session record keeps it."""
    return CheckIn(
        plan=plan[:120],
        stage=stage,
        lasted_24h=lasted_24h,
        symptom=symptom.id if symptom is not None else "",
        dose=advice.dose,
        advice=advice.text[:2000],
    )


def record_rest(program: Path, checkin: CheckIn, folder: Path | None = None) -> Path:
    """A day of rest: a session record with the check-in and no sets (it never counts toward
    the plan), ended at once. The path of the record."""
    from hamtui.files import load_program
    from hamtui.session.record import SessionRecorder

    loaded = load_program(program)
    recorder = SessionRecorder.create(
        program, loaded.sha256, folder=folder, title=loaded.model.title
    )
    recorder.record.checkin = checkin
    recorder.finish("ended-early")
    recorder.close()
    return recorder.path


@dataclass(frozen=True)
class PlanDay:
    """Today's session of a plan, before the check-in: the stage's program and what the
    check-in needs to say and record."""

    program: Path
    plan_name: str
    stage: int
    heading: str  # `Plan title: stage 2 of 3, Curls and bridges (mid-stage-strength.toml)`
    symptoms: tuple[Symptom, ...]  # the safety rules' symptoms
    affected_side: AffectedSide | None = None  # the plan's injured leg (None: both legs)
    pain_ceiling: int | None = None  # the stage's highest pain allowed
    since: date | None = None  # the day the stage began: earlier sessions do not count

    def session_options(self, options: SessionOptions) -> SessionOptions:
        """The options of a session of this plan day: its injured leg, and the stage's pain
        ceiling and start, which decide the doses of items with a range."""
        return replace(
            options,
            affected_side=self.affected_side,
            pain_ceiling=self.pain_ceiling,
            progress_since=self.since,
        )

    def offered(self) -> list[Symptom]:
        """The symptoms to offer as new ones (not the one about lasting symptoms: that is
        the first question)."""
        return [s for s in self.symptoms if s.id != LASTING]

    def decide(self, lasted: bool, symptom: Symptom | None) -> tuple[Advice, CheckIn]:
        """Today's dose from the answers, and the check-in as the record keeps it."""
        advice = advise(lasted, symptom, self.symptoms)
        return advice, record_of(self.plan_name, self.stage, lasted, symptom, advice)
