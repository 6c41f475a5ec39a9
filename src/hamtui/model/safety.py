"""The safety rules: `library/safety.toml` (format hamtui-safety/1)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, get_args

from pydantic import Field

from hamtui.model.common import Load, Name, RequiredName, Slug, Stage, Strict, Text

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


class Condition(Strict):
    """A condition an exercise may be avoided in and a program may name (`conditions`)."""

    id: Slug
    label: RequiredName
    description: Text = Field(min_length=1)
    aliases: list[Name] = Field(
        default_factory=list, description="older free-word tags that mean this condition"
    )
    avoid: list[Load] = Field(
        default_factory=list, description="what an easier exercise must not put on the body"
    )
    avoid_stages: list[Stage] = Field(
        default_factory=list, description="the stages at which `avoid` holds (none: every stage)"
    )


class Symptom(Strict):
    """A symptom an athlete can report, with what to do about it."""

    id: Slug
    label: RequiredName
    advice: Text = Field(min_length=1)
    adjustments: list[Text] = Field(default_factory=list)
    action: SymptomAction
    avoid: list[Load] = Field(
        default_factory=list,
        description="what an easier exercise swapped in for this symptom must not put on the body",
    )
    see_professional: bool = False
    professional_note: Text = ""


class SafetyRules(Strict):
    """The whole safety file."""

    format: Literal["hamtui-safety/1"]
    general: General = Field(default_factory=General)
    rules: list[Rule] = Field(default_factory=list)
    symptoms: list[Symptom] = Field(default_factory=list)
    conditions: list[Condition] = Field(default_factory=list)

    def symptom(self, symptom_id: str) -> Symptom | None:
        return next((s for s in self.symptoms if s.id == symptom_id), None)

    def named(self, words: Iterable[str]) -> dict[str, Condition]:
        """The conditions these words name (ids, or aliases from older tags), by id."""
        found = (self.condition(word) for word in words)
        return {condition.id: condition for condition in found if condition is not None}

    def condition(self, word: str) -> Condition | None:
        """The condition with this id, or with this older free word among its aliases."""
        lowered = word.strip().lower()
        for condition in self.conditions:
            if condition.id == lowered or lowered in (a.lower() for a in condition.aliases):
                return condition
        return None
