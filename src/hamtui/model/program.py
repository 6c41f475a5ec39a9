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
    WorkSeconds,
)
from hamtui.model.exercise import ExerciseBody

PROGRAM_FORMAT = "hamtui-program/1"
TEMPO_PATTERN = r"^[0-9]{1,2}-[0-9]{1,2}-[0-9]{1,2}-[0-9]{1,2}$"


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
    notes: Text = ""
    cues: list[Text] = Field(default_factory=list)

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
        return self


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
