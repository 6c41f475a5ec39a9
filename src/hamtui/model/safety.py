"""The safety rules: `library/safety.toml` (format hamtui-safety/1)."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field

from hamtui.model.common import RequiredName, Slug, Strict, Text

SAFETY_FORMAT = "hamtui-safety/1"

SymptomAction = Literal["continue", "shorten-range", "regress", "stop-exercise", "end-session"]
SYMPTOM_ACTIONS: tuple[str, ...] = get_args(SymptomAction)


class General(Strict):
    """Numbers the review and the session use."""

    static_hold_s: int = Field(default=30, ge=1, le=600)
    hold_tolerance_s: int = Field(default=15, ge=0, le=600)
    pain_threshold: int = Field(default=5, ge=0, le=10)
    eccentric_min_per_week: int = Field(default=2, ge=1, le=14)


class Rule(Strict):
    """A general safety rule, shown in handouts and at the start of a session."""

    id: Slug
    text: Text = Field(min_length=1)


class Symptom(Strict):
    """A symptom an athlete can report, with what to do about it."""

    id: Slug
    label: RequiredName
    advice: Text = Field(min_length=1)
    adjustments: list[Text] = Field(default_factory=list)
    action: SymptomAction
    see_professional: bool = False
    professional_note: Text = ""


class SafetyRules(Strict):
    """The whole safety file."""

    format: Literal["hamtui-safety/1"]
    general: General = Field(default_factory=General)
    rules: list[Rule] = Field(default_factory=list)
    symptoms: list[Symptom] = Field(default_factory=list)

    def symptom(self, symptom_id: str) -> Symptom | None:
        return next((s for s in self.symptoms if s.id == symptom_id), None)
