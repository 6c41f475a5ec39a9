"""The rehab plan model: `plans/<name>.toml` (format `hamtui-plan/1`), and the decision log
kept beside a plan (`<name>.log.toml`, format `hamtui-plan-log/1`).

A plan is an ordered list of stages. Each stage names the program to run (a file name, looked
up beside the plan and then in the programs folders, or a program written inside the plan),
how many sessions a week, the highest pain allowed, the criteria to move on (measured from the
session records, and self-checks a person confirms) and what sends the athlete back a stage.
Where the athlete stands is computed by `hamtui.plan`; moving on or back is a person's decision,
recorded in the log.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import AwareDatetime, Field, field_validator

from hamtui.model.common import Name, RequiredName, Slug, Strict, Text
from hamtui.model.program import Program
from hamtui.text import file_stem

PLAN_FORMAT = "hamtui-plan/1"
PLAN_LOG_FORMAT = "hamtui-plan-log/1"
MAX_STAGES = 12
MAX_SELF_CHECKS = 12
PROGRAM_FILE_PATTERN = r"^[^/\\\x00-\x1f]{1,200}\.toml$"


class MoveOn(Strict):
    """What must be true before moving on to the next stage. Every criterion given must be
    met; those left out are not asked for."""

    sessions: int | None = Field(
        default=None, ge=1, le=200, description="at least this many sessions done in the stage"
    )
    days: int | None = Field(
        default=None, ge=1, le=365, description="at least this many days in the stage"
    )
    pain_free_last: int | None = Field(
        default=None,
        ge=1,
        le=20,
        description="the highest pain rated in each of the last N sessions is at or under "
        "the stage's pain ceiling",
    )
    no_symptoms_last: int | None = Field(
        default=None,
        ge=1,
        le=20,
        description="no symptom ended a session or stopped an exercise in the last N sessions",
    )
    weekly_weeks: int | None = Field(
        default=None,
        ge=1,
        le=26,
        description="the stage's sessions_per_week met in each of the last N full weeks",
    )
    self_checks: list[RequiredName] = Field(
        default_factory=list,
        max_length=MAX_SELF_CHECKS,
        description="tests the athlete or trainer confirms, like a painless single-leg squat",
    )


class StepBack(Strict):
    """What sends the athlete back to the stage before (advice: a person decides)."""

    pain_over_ceiling: int | None = Field(
        default=None,
        ge=1,
        le=20,
        description="pain over the stage's ceiling in this many of its last sessions in a row",
    )
    symptom_ended_session: bool = Field(
        default=False, description="a symptom ended the last session of the stage"
    )


class Stage(Strict):
    """One step of a plan."""

    name: RequiredName
    program: str | Program = Field(
        description="a program's file name, like early-rehab.toml (looked up beside the plan, "
        "then in the programs folders), or a program written inside the plan as a table",
    )
    sessions_per_week: int = Field(ge=1, le=14)
    pain_ceiling: int = Field(
        default=0, ge=0, le=10, description="the highest pain allowed (0..10); 0 = pain-free"
    )
    notes: Text = ""
    move_on: MoveOn = Field(default_factory=MoveOn)
    step_back: StepBack = Field(default_factory=StepBack)

    @field_validator("program")
    @classmethod
    def _a_file_name(cls, value: str | Program) -> str | Program:
        if isinstance(value, str) and (
            not re.match(PROGRAM_FILE_PATTERN, value) or value.startswith(".")
        ):
            raise ValueError("must be a program's file name like early-rehab.toml, without folders")
        return value

    @property
    def inline(self) -> Program | None:
        """The program written inside the plan, if this stage has one."""
        return self.program if isinstance(self.program, Program) else None

    def program_file(self, plan_stem: str) -> str:
        """The file name sessions of this stage record: the one named, or for a program
        written inside the plan the file it runs from, `<plan>.<stage name>.toml`."""
        if isinstance(self.program, str):
            return self.program
        return f"{plan_stem}.{file_stem(self.name, 'stage')}.toml"

    def program_label(self) -> str:
        """The program as screens and handouts name it."""
        if isinstance(self.program, str):
            return self.program
        return f"{self.program.title} (written in the plan)"


class Plan(Strict):
    """A staged rehab plan."""

    format: Literal["hamtui-plan/1"]
    title: RequiredName
    author: Name = ""
    summary: Text = ""
    affected_side: Literal["left", "right", "both"] = Field(
        default="both",
        description='the injured leg: resolves every item dose marked side = "affected"',
    )
    conditions: list[Slug] = Field(
        default_factory=list,
        description="conditions of the library's vocabulary the athlete has (safety.toml)",
    )
    start: date = Field(description="the day the plan starts (its first stage)")
    sources: list[Text] = Field(default_factory=list, description="title and publisher")
    stages: list[Stage] = Field(min_length=1, max_length=MAX_STAGES)


LogKind = Literal["advance", "back", "confirm"]


class LogEntry(Strict):
    """One decision: moving on or back (from and to are stage numbers, from 1), or a self-check
    confirmed in a stage."""

    at: AwareDatetime
    kind: LogKind
    from_stage: int = Field(ge=1, le=MAX_STAGES)
    to_stage: int = Field(ge=1, le=MAX_STAGES)
    who: Name = ""
    why: Text = ""
    check: Name = ""


class PlanLog(Strict):
    """The append-only log of a plan's decisions, oldest first."""

    format: Literal["hamtui-plan-log/1"]
    plan: Name = ""
    entries: list[LogEntry] = Field(default_factory=list)
