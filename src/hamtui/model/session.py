"""The session record: `<data dir>/sessions/<UTC timestamp>-<program stem>.toml`."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, Field, model_validator

from hamtui.model.common import Name, Side, Slug, Strict, Text

SESSION_FORMAT = "hamtui-session/1"

SessionStatus = Literal["in-progress", "completed", "ended-early"]
EventKind = Literal["symptom", "pause", "resume", "skip", "regress", "cue"]


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

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> SessionRecord:
        if self.finished is not None and self.finished < self.started:
            raise ValueError("finished must not be before started")
        return self
