"""The summary at the end of a session: what was done, rated and skipped, in the words both
front ends show (`Summary`), and how the session ended (`Outcome`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hamtui.model.session import symptom_parts
from hamtui.session.advice import ACTION_DONE_WORDS
from hamtui.session.engine import (
    Status,
)
from hamtui.text import one_line

if TYPE_CHECKING:
    pass

STATUS_WORDS: dict[str, str] = {
    "completed": "Session complete",
    "ended-early": "Session ended early",
    "in-progress": "Session not finished",
}


# ---------------------------------------------------------------------------------------------
# The summary


@dataclass(frozen=True)
class Rated:
    name: str
    pain: int | None
    effort: int | None

    def words(self, width: int = 60) -> str:
        """`Glute Bridge: pain 2, effort -` (the name cut to `width`)."""
        pain = "-" if self.pain is None else self.pain
        effort = "-" if self.effort is None else self.effort
        return f"{one_line(self.name, width)}: pain {pain}, effort {effort}"


def symptom_words(detail: str, name_of: Callable[[str], str]) -> str:
    """A recorded symptom (`label -> action: during slug`) in the words the athlete reads:
    `Tingling toward the foot: went on with a shorter range (during Seated Hamstring Set)`.
    No slug nor action id is shown; a note of other words is kept as it is."""
    label, action, note = symptom_parts(detail)
    text = label
    if action:
        text += f": {ACTION_DONE_WORDS.get(action, action)}"
    if note.startswith("during "):
        text += f" (during {name_of(note.removeprefix('during ').strip())})"
    elif note:
        text += f" ({note})"
    return text


@dataclass(frozen=True)
class Summary:
    """What a session did, as both front ends show it at the end."""

    status: Status
    title: str
    file_name: str
    sets_done: int
    sets_planned: int
    sets_skipped: int
    exercises_skipped: int
    symptoms: tuple[str, ...]
    ratings: tuple[Rated, ...]
    record_path: Path | None

    @property
    def status_words(self) -> str:
        if self.status == "ended-early" and self.sets_done == 0:
            return "Session ended early, with no set done: it does not count toward the plan"
        return STATUS_WORDS.get(self.status, self.status)

    def count_lines(self) -> tuple[str, str, str]:
        """Sets done, what was skipped, how many symptoms: the summary's first lines."""
        return (
            f"Sets done: {self.sets_done} of {self.sets_planned}",
            f"Skipped: {self.skipped_words()}",
            f"Symptoms reported: {len(self.symptoms) or 'none'}",
        )

    def skipped_words(self) -> str:
        """`nothing`, or `1 set, 2 exercises`."""
        if not (self.sets_skipped or self.exercises_skipped):
            return "nothing"
        sets, exercises = self.sets_skipped, self.exercises_skipped
        return (
            f"{sets} set{'s' if sets != 1 else ''}, "
            f"{exercises} exercise{'s' if exercises != 1 else ''}"
        )


@dataclass(frozen=True)
class Outcome:
    """How a session ended: `status` None when the athlete quit at the resume offer;
    `in-progress` when it stopped unfinished (`hamtui run` then offers to resume it)."""

    status: Status | None
    record_path: Path | None
