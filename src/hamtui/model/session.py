"""The session record: `<data dir>/sessions/<UTC timestamp>-<program stem>.toml`."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, Field, model_validator

from hamtui.model.common import (
    HoldSeconds,
    Name,
    Reps,
    Sets,
    Side,
    Slug,
    Strict,
    Text,
    Weight,
    WorkSeconds,
)

SESSION_FORMAT = "hamtui-session/1"

SessionStatus = Literal["in-progress", "completed", "ended-early"]
EventKind = Literal["symptom", "pause", "resume", "skip", "regress", "cue"]


class SetDone(Strict):
    """The dose of one set as it was done: reps, and the hold, the time or the load when the
    set had one."""

    reps: Reps = 1
    hold_s: HoldSeconds | None = None
    work_s: WorkSeconds | None = None
    load: Weight | None = None


class Entry(Strict):
    """What was done of one program item."""

    exercise: Slug
    block: int = Field(ge=0)
    item: int = Field(ge=0)
    sets_done: int = Field(default=0, ge=0, le=400)
    side: Side = "both"
    pain: int | None = Field(default=None, ge=0, le=10)
    effort: int | None = Field(default=None, ge=0, le=10)
    skipped: bool = False
    notes: Text = ""
    done: list[SetDone] = Field(
        default_factory=list, description="each set done, in the order it was done"
    )


class Event(Strict):
    """Something that happened during a session."""

    at: AwareDatetime
    kind: EventKind
    detail: Text = ""


def symptom_detail(label: str, action: str, note: str = "") -> str:
    """The detail of a `symptom` event: `label -> action` or `label -> action: note`."""
    return f"{label} -> {action}" + (f": {note}" if note else "")


def symptom_parts(detail: str) -> tuple[str, str, str]:
    """(label, action, note) of a `symptom` event's detail (see `symptom_detail`)."""
    label, _, rest = detail.partition(" -> ")
    action, _, note = rest.partition(": ")
    return label.strip(), action.strip(), note


CheckInDose = Literal["as planned", "eased", "rest"]


class CheckIn(Strict):
    """The answers to the check-in before a session of a rehab plan, and what they led to."""

    plan: Name = ""  # the plan's file name
    stage: int = Field(default=1, ge=1, le=20)
    lasted_24h: bool = False  # symptoms since the last session lasted more than 24 hours
    symptom: Name = ""  # a new symptom, by its id in safety.toml ("" = none)
    dose: CheckInDose = "as planned"
    advice: Text = ""  # what the athlete was told, in words


ProgressChange = Literal["start", "up", "down", "stay"]


class ProgressNote(Strict):
    """Today's dose of an item with a range (hamtui.progression), and why: where it stood on
    the item's ladder of doses, decided at the session's start."""

    block: int = Field(ge=0)
    item: int = Field(ge=0)
    exercise: Slug
    rung: int = Field(ge=0, description="the step of the item's range, 0 = its bottom")
    rungs: int = Field(ge=1, description="how many steps the range had")
    sets: Sets = 1
    reps: Reps = 1
    hold_s: HoldSeconds | None = None
    work_s: WorkSeconds | None = None
    load: Weight | None = None
    change: ProgressChange = "start"
    why: Text = ""


class SessionRecord(Strict):
    """One run of a program."""

    format: Literal["hamtui-session/1"]
    program: Name
    program_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    program_path: Text = Field(
        default="",
        description="where the program was: relative to the data folder when inside it",
    )
    program_title: Name = ""
    started: AwareDatetime
    finished: AwareDatetime | None = None
    status: SessionStatus = "in-progress"
    entries: list[Entry] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    checkin: CheckIn | None = None
    progress: list[ProgressNote] = Field(
        default_factory=list, description="today's dose of each item with a range, and why"
    )

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> SessionRecord:
        if self.finished is not None and self.finished < self.started:
            raise ValueError("finished must not be before started")
        return self
