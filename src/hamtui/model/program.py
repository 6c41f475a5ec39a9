"""The program model: `programs/<name>.toml`."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from hamtui.model.common import (
    MAX_PROGRAM_ITEMS,
    AffectedSide,
    HoldSeconds,
    Name,
    Reps,
    RequiredName,
    RestSeconds,
    Sets,
    Side,
    Slug,
    Stage,
    Strict,
    Text,
    Weight,
    WorkSeconds,
)
from hamtui.model.exercise import ExerciseBody
from hamtui.vocab import weight_parts

PROGRAM_FORMAT = "hamtui-program/1"
TEMPO_PATTERN = r"^[0-9]{1,2}-[0-9]{1,2}-[0-9]{1,2}-[0-9]{1,2}$"


class Progress(Strict):
    """The range an item's dose climbs within a stage (hamtui.progression): the item's own
    numbers are the bottom, these the top. After `after` sessions in a row at one dose, each
    with the item's pain at or under the ceiling and its effort at or under
    `effort_at_most`, the next session steps up one; pain over the ceiling steps back one."""

    sets: Sets | None = Field(default=None, description="the most sets")
    reps: Reps | None = Field(default=None, description="the most reps")
    hold_s: HoldSeconds | None = Field(default=None, description="the longest hold")
    work_s: WorkSeconds | None = Field(default=None, description="the longest timed work")
    load: Weight | None = Field(default=None, description='the heaviest load, e.g. "4 kg"')
    reps_step: int = Field(default=2, ge=1, le=50, description="reps added a step")
    hold_step_s: int = Field(default=1, ge=1, le=120, description="seconds of hold a step")
    work_step_s: int = Field(default=60, ge=5, le=1800, description="seconds of work a step")
    load_step: Weight | None = Field(
        default=None, description='load added a step; default "1 kg" or "2.5 lb"'
    )
    after: int = Field(default=2, ge=1, le=10, description="sessions in a row that earn a step")
    effort_at_most: int = Field(
        default=6, ge=0, le=10, description="the highest effort (0..10) that earns a step"
    )
    pain_at_most: int | None = Field(
        default=None,
        ge=0,
        le=10,
        description="the pain ceiling for this item; default the stage's, the program's, or 0",
    )


class Item(Strict):
    """One exercise of a block, with its dose."""

    exercise: Slug
    sets: Sets = 1
    reps: Reps = 1
    hold_s: HoldSeconds | None = None
    rest_s: RestSeconds = 0
    side: Side = "both"
    tempo: str | None = Field(
        default=None,
        pattern=TEMPO_PATTERN,
        description="lower-pause-lift-pause seconds, like 3-1-1-0",
    )
    work_s: WorkSeconds | None = Field(
        default=None,
        description="continuous work by time, seconds a set (a 5-minute bike: 300)",
    )
    load: Weight | None = Field(default=None, description='a weight, e.g. "2 kg"')
    notes: Text = ""
    cues: list[Text] = Field(default_factory=list)
    progress: Progress | None = Field(
        default=None, description="the range the dose climbs within a stage"
    )

    @model_validator(mode="after")
    def _work_alone(self) -> Item:
        if self.work_s is not None:
            clash = [
                name
                for name, given in (
                    ("hold_s", self.hold_s is not None),
                    ("tempo", self.tempo is not None),
                    ("reps", self.reps != 1),
                )
                if given
            ]
            if clash:
                raise ValueError(
                    f"work_s is one bout of continuous work a set: it takes no {' or '.join(clash)}"
                )
        if self.progress is not None:
            self._check_range(self.progress)
        return self

    def _check_range(self, top: Progress) -> None:
        problems: list[str] = []
        for name, low in (
            ("sets", self.sets),
            ("reps", self.reps),
            ("hold_s", self.hold_s),
            ("work_s", self.work_s),
        ):
            high = getattr(top, name)
            if high is None:
                continue
            if low is None:
                problems.append(f"progress.{name} needs the item's own {name} to climb from")
            elif high < low:
                problems.append(f"progress.{name} ({high}) is below the item's {name} ({low})")
        if top.reps is not None and self.work_s is not None:
            problems.append("progress.reps does not apply to timed work (work_s)")
        if top.load is not None:
            if self.load is None:
                problems.append("progress.load needs the item's own load to climb from")
            else:
                (low_kg, low_unit), (high_kg, high_unit) = (
                    weight_parts(self.load),
                    weight_parts(top.load),
                )
                if low_unit != high_unit:
                    problems.append(
                        f"progress.load is in {high_unit} but the item's load is in {low_unit}"
                    )
                elif high_kg < low_kg:
                    problems.append(
                        f"progress.load ({top.load}) is below the item's load ({self.load})"
                    )
                if top.load_step is not None and weight_parts(top.load_step)[1] != low_unit:
                    problems.append(f"progress.load_step must be in {low_unit}, as the load is")
        if not problems:
            from hamtui.progression import MAX_RUNGS, rung_count

            count = rung_count(self)
            if count > MAX_RUNGS:
                problems.append(
                    f"the progress range has {count} steps; at most {MAX_RUNGS}: use larger steps"
                )
        if problems:
            raise ValueError("; ".join(problems))


class Block(Strict):
    """A group of items; with rounds > 1 it is a circuit."""

    name: Name = ""
    rounds: int = Field(default=1, ge=1, le=20)
    rest_between_rounds_s: RestSeconds = 0
    items: list[Item] = Field(default_factory=list)


class Program(Strict):
    """A training or rehab program."""

    format: Literal["hamtui-program/1"]
    title: RequiredName
    author: Name = ""
    summary: Text = ""
    stage: Stage | None = None
    sessions_per_week: int | None = Field(default=None, ge=1, le=14)
    conditions: list[Slug] = Field(
        default_factory=list,
        description="conditions of the library's vocabulary the athlete has (safety.toml)",
    )
    affected_side: AffectedSide | None = Field(
        default=None,
        description='the injured leg: items with side = "affected" are done on it alone',
    )
    pain_ceiling: int | None = Field(
        default=None,
        ge=0,
        le=10,
        description="the highest pain (0..10) allowed before advice comes up; 0 = pain-free",
    )
    tags: list[Name] = Field(default_factory=list)
    blocks: list[Block] = Field(default_factory=list)
    exercises: dict[Slug, ExerciseBody] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _limit_items(self) -> Program:
        count = sum(len(block.items) for block in self.blocks)
        if count > MAX_PROGRAM_ITEMS:
            raise ValueError(
                f"a program may have at most {MAX_PROGRAM_ITEMS} items (this one has {count})"
            )
        return self

    def item_count(self) -> int:
        return sum(len(block.items) for block in self.blocks)

    def referenced_slugs(self) -> list[str]:
        """Every exercise slug the blocks use, in first-use order, without repeats."""
        seen: dict[str, None] = {}
        for block in self.blocks:
            for item in block.items:
                seen.setdefault(item.exercise, None)
        return list(seen)
