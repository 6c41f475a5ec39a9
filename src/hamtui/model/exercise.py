"""The exercise model: `library/<slug>.toml` and a program's `[exercises]` tables."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from hamtui.model.common import (
    CUE_MOMENTS,
    Category,
    CueLevel,
    HoldSeconds,
    Level,
    Load,
    Mode,
    Name,
    Position,
    Reps,
    RequiredName,
    RestSeconds,
    Sets,
    Side,
    Slug,
    Stage,
    Strict,
    Text,
    WorkSeconds,
)
from hamtui.text import one_line

EXERCISE_FORMAT = "hamtui-exercise/1"


class Cue(Strict):
    """A safety or form cue shown during a session."""

    text: Text = Field(min_length=1)
    at: str | int = Field(
        default="start",
        description="start | halfway | end | every-rep, or seconds into the work",
    )
    level: CueLevel = "info"

    @field_validator("at", mode="before")
    @classmethod
    def _check_at(cls, value: object) -> object:
        if isinstance(value, bool):
            raise ValueError(
                "must be one of start | halfway | end | every-rep, or a number of seconds"
            )
        if isinstance(value, int):
            if value < 0 or value > 3600:
                raise ValueError("seconds must be between 0 and 3600")
            return value
        if isinstance(value, str) and value in CUE_MOMENTS:
            return value
        got = f'"{one_line(value, 40)}"' if isinstance(value, str) else one_line(repr(value), 40)
        raise ValueError(
            f"must be one of start | halfway | end | every-rep, or a number of seconds (got {got})"
        )


class Dose(Strict):
    """The dose an exercise gets when it is added to a program."""

    sets: Sets = 1
    reps: Reps = 1
    hold_s: HoldSeconds | None = None
    work_s: WorkSeconds | None = Field(
        default=None, description="seconds of continuous work a set, for a timed exercise"
    )
    rest_s: RestSeconds = 0
    side: Side = "both"


class AvoidWhen(Strict):
    """A condition of the library's vocabulary (safety.toml `[[conditions]]`) in which the
    exercise is to be avoided, at the program stages listed (none listed: at every stage)."""

    condition: Slug
    stages: list[Stage] = Field(default_factory=list)

    def applies_at(self, stage: str | None) -> bool:
        """True when the caution holds for a program at `stage` (no stage: always)."""
        return not self.stages or stage is None or stage in self.stages


class ExerciseBody(Strict):
    """Every field of an exercise except `format` (the shape of a program's `[exercises]`)."""

    name: RequiredName
    aliases: list[Name] = Field(default_factory=list)
    category: Category
    mode: Mode
    position: Position | None = None
    equipment: list[Name] = Field(default_factory=list)
    primary_muscles: list[Name] = Field(default_factory=list)
    secondary_muscles: list[Name] = Field(default_factory=list)
    stages: list[Stage] = Field(default_factory=list)
    level: Level = "beginner"
    summary: Text = ""
    steps: list[Text] = Field(default_factory=list)
    tips: list[Text] = Field(default_factory=list)
    mistakes: list[Text] = Field(default_factory=list)
    red_flags: list[Text] = Field(default_factory=list)
    avoid_when: list[AvoidWhen | Text] = Field(
        default_factory=list,
        description="conditions ({ condition, stages }); free words from older files still load",
    )
    loads: list[Load] | None = Field(
        default=None,
        description="what the exercise puts on the body that a symptom may rule out; "
        "left out: hamtui infers it from the category and position",
    )
    progressions: list[Slug] = Field(default_factory=list)
    regressions: list[Slug] = Field(default_factory=list)
    sources: list[Text] = Field(default_factory=list)
    tags: list[Name] = Field(default_factory=list)
    defaults: Dose = Field(default_factory=Dose)
    cues: list[Cue] = Field(default_factory=list)


class Exercise(ExerciseBody):
    """An exercise file of the library."""

    format: Literal["hamtui-exercise/1"]

    def body(self) -> ExerciseBody:
        return ExerciseBody.model_validate(self.model_dump(exclude={"format"}))

    @classmethod
    def from_body(cls, body: ExerciseBody) -> Exercise:
        return cls.model_validate({"format": EXERCISE_FORMAT, **body.model_dump()})
