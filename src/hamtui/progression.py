"""Dose progression inside a stage (no Textual): the ladder an item's dose climbs, and where
today's session stands on it, read from the records of the sessions before.

An item with a `progress` table has a range: its own numbers are the bottom, the table's the
top. The **ladder** is every dose between, one step at a time, in the order a
physiotherapist would add work: reps first (by `reps_step`), then the hold (by `hold_step_s`),
then the time of timed work (by `work_step_s`), then sets (one at a time), then the load (by
`load_step`; each heavier load starts again at the bottom of the reps, the usual double
progression).

**Today** (`today`), from the sessions of this program (within the stage, for a plan) that
ran the item on its ladder, newest first:

- none yet, or the range changed since the last one: the bottom of the range;
- the last session's pain for the item over the ceiling: one step down (or the bottom again);
- the check-in eased today's session: no step up today;
- the last `after` sessions all at today's step, each done in full (every set, not skipped,
  not eased), with pain at or under the ceiling and effort at or under `effort_at_most`:
  one step up (at the top: stay, and the stage's criteria say when to move on);
- otherwise stay, saying what is still missing.

A session with no pain or effort rating for the item never earns a step: the app does not
guess that it went well. The words (`Today.why`) are what the session shows at the item's
start and what the record keeps.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from hamtui.dose import clock, parse_clock
from hamtui.vocab import WEIGHT_RE, weight_parts, weight_text

if TYPE_CHECKING:
    from hamtui.model.program import Item, Program, Progress
    from hamtui.model.session import ProgressChange, ProgressNote, SessionRecord

DEFAULT_LOAD_STEP = {"kg": 1.0, "lb": 2.5}
MAX_RUNGS = 200


@dataclass(frozen=True)
class Rung:
    """One dose on an item's ladder."""

    sets: int
    reps: int
    hold_s: int | None = None
    work_s: int | None = None
    load: str | None = None

    def changes_from(self, other: Rung) -> str:
        """What differs from `other`, in words: `10 to 12 reps`, `2 kg to 3 kg, 15 to 10 reps`."""
        words: list[str] = []
        if self.load != other.load:
            words.append(f"{other.load} to {self.load}")
        if self.sets != other.sets:
            words.append(f"{other.sets} to {self.sets} sets")
        if self.reps != other.reps:
            words.append(f"{other.reps} to {self.reps} reps")
        if self.hold_s != other.hold_s:
            words.append(f"a hold of {other.hold_s} s to {self.hold_s} s")
        if self.work_s != other.work_s and self.work_s is not None and other.work_s is not None:
            words.append(f"{clock(other.work_s)} to {clock(self.work_s)} of work")
        return ", ".join(words)

    def text(self) -> str:
        """`2 × 12 · hold 5 s · 3 kg`: the step's dose at a glance."""
        parts = [
            f"{self.sets} × work {clock(self.work_s)}"
            if self.work_s
            else f"{self.sets} × {self.reps}"
        ]
        if self.hold_s:
            parts.append(f"hold {self.hold_s} s")
        if self.load:
            parts.append(self.load)
        return " · ".join(parts)


def _steps(low: int, high: int | None, step: int) -> list[int]:
    if high is None or high <= low:
        return [low]
    values = list(range(low, high, step))
    return [*values, high]


def _loads(low: str | None, top: Progress) -> list[str | None]:
    if low is None or top.load is None:
        return [low]
    start, unit = weight_parts(low)
    end = weight_parts(top.load)[0]
    step = weight_parts(top.load_step)[0] if top.load_step else DEFAULT_LOAD_STEP[unit]
    values: list[str | None] = []
    amount, n = start, 0
    while amount < end - 1e-9:
        values.append(weight_text(round(amount, 2), unit))
        n += 1
        amount = start + n * step
    values.append(weight_text(end, unit))
    return values


def rung_count(item: Item) -> int:
    """How many steps an item's ladder has (1 without a range)."""
    top = item.progress
    if top is None:
        return 1
    reps = len(_steps(item.reps, top.reps, top.reps_step))
    holds = len(_steps(item.hold_s, top.hold_s, top.hold_step_s)) if item.hold_s else 1
    works = len(_steps(item.work_s, top.work_s, top.work_step_s)) if item.work_s else 1
    sets = len(_steps(item.sets, top.sets, 1))
    loads = len(_loads(item.load, top))
    return reps * loads + (holds - 1) + (works - 1) + (sets - 1)


def ladder(item: Item) -> list[Rung]:
    """Every dose of an item's range from its bottom to its top (see the module docstring)."""
    rungs = [Rung(item.sets, item.reps, item.hold_s, item.work_s, item.load)]
    top = item.progress
    if top is None:
        return rungs
    reps = _steps(item.reps, top.reps, top.reps_step)
    for value in reps[1:]:
        rungs.append(replace(rungs[-1], reps=value))
    if item.hold_s is not None:
        for value in _steps(item.hold_s, top.hold_s, top.hold_step_s)[1:]:
            rungs.append(replace(rungs[-1], hold_s=value))
    if item.work_s is not None:
        for value in _steps(item.work_s, top.work_s, top.work_step_s)[1:]:
            rungs.append(replace(rungs[-1], work_s=value))
    for value in _steps(item.sets, top.sets, 1)[1:]:
        rungs.append(replace(rungs[-1], sets=value))
    for load in _loads(item.load, top)[1:]:
        rungs.append(replace(rungs[-1], load=load, reps=reps[0]))
        for value in reps[1:]:
            rungs.append(replace(rungs[-1], reps=value))
    return rungs


@dataclass(frozen=True)
class Past:
    """What an earlier session did of the item: its step on the ladder and how it went."""

    started: datetime
    rung: int
    rungs: int
    sets_planned: int
    sets_done: int = 0
    skipped: bool = False
    pain: int | None = None
    effort: int | None = None
    eased: bool = False

    @property
    def in_full(self) -> bool:
        return not self.skipped and not self.eased and self.sets_done >= self.sets_planned


def past_of(record: SessionRecord, block: int, item: int, slug: str) -> Past | None:
    """The item's step and outcome in one session; None when that session did not run the
    item on a ladder, or never reached it."""
    note = next(
        (n for n in record.progress if (n.block, n.item, n.exercise) == (block, item, slug)),
        None,
    )
    if note is None:
        return None
    entries = [e for e in record.entries if (e.block, e.item) == (block, item)]
    own = next((e for e in entries if e.exercise == slug), None)
    if own is None:
        return None  # never reached (or only an easier exercise was done)
    pains = [e.pain for e in entries if e.pain is not None]
    efforts = [e.effort for e in entries if e.effort is not None]
    eased = record.checkin is not None and record.checkin.dose == "eased"
    swapped = len(entries) > 1  # an easier exercise took over part of it
    return Past(
        started=record.started,
        rung=note.rung,
        rungs=note.rungs,
        sets_planned=note.sets,
        sets_done=own.sets_done,
        skipped=own.skipped or swapped,
        pain=max(pains) if pains else None,
        effort=max(efforts) if efforts else None,
        eased=eased,
    )


@dataclass(frozen=True)
class Today:
    """Today's step of an item's ladder and why."""

    rung: int
    rungs: tuple[Rung, ...]
    change: ProgressChange
    why: str

    @property
    def dose(self) -> Rung:
        return self.rungs[self.rung]

    def apply(self, item: Item) -> Item:
        """The item with today's dose."""
        dose = self.dose
        return item.model_copy(
            update={
                "sets": dose.sets,
                "reps": dose.reps,
                "hold_s": dose.hold_s,
                "work_s": dose.work_s,
                "load": dose.load,
            }
        )

    def note(self, block: int, item: int, slug: str) -> ProgressNote:
        from hamtui.model.session import ProgressNote

        dose = self.dose
        return ProgressNote(
            block=block,
            item=item,
            exercise=slug,
            rung=self.rung,
            rungs=len(self.rungs),
            sets=dose.sets,
            reps=dose.reps,
            hold_s=dose.hold_s,
            work_s=dose.work_s,
            load=dose.load,
            change=self.change,
            why=self.why[:2000],
        )


def _day(moment: datetime, tz: tzinfo | None) -> str:
    return f"{moment.astimezone(tz):%m-%d}"


def _ceiling_words(ceiling: int) -> str:
    return "pain-free" if ceiling == 0 else f"at or under pain {ceiling}"


def today(
    item: Item,
    past: Sequence[Past],
    ceiling: int,
    *,
    eased_today: bool = False,
    tz: tzinfo | None = None,
) -> Today:
    """Today's step of `item`'s ladder from `past` (the item's earlier sessions, newest
    first) with the pain `ceiling` (the item's own `pain_at_most` wins): see the module
    docstring."""
    top = item.progress
    rungs = tuple(ladder(item))
    if top is None:
        return Today(0, rungs, "stay", "")
    if top.pain_at_most is not None:
        ceiling = top.pain_at_most
    bottom = f"the bottom of the range, {rungs[0].text()}"
    if not past:
        return Today(0, rungs, "start", f"Starting at {bottom}: the first session of this range.")
    last = past[0]
    if last.rungs != len(rungs):
        return Today(
            0,
            rungs,
            "start",
            f"The range changed since the last session: starting again at {bottom}.",
        )
    level = min(last.rung, len(rungs) - 1)
    here = rungs[level]
    if last.pain is not None and last.pain > ceiling:
        why = f"pain {last.pain} on {_day(last.started, tz)}, over the ceiling of {ceiling}"
        if level == 0:
            return Today(
                0,
                rungs,
                "stay",
                f"Staying at {bottom}: {why}. If it keeps hurting, ease off and ask a "
                "physiotherapist.",
            )
        lower = rungs[level - 1]
        return Today(level - 1, rungs, "down", f"Down from {lower.changes_from(here)}: {why}.")
    if eased_today:
        return Today(
            level, rungs, "stay", f"Staying at {here.text()}: the check-in eased today's session."
        )
    streak = list(past[: top.after])
    missing = _missing(streak, level, len(rungs), ceiling, top.effort_at_most, top.after, tz)
    if missing:
        return Today(level, rungs, "stay", f"Staying at {here.text()}: {missing}.")
    earned = (
        f"the last {top.after} sessions were {_ceiling_words(ceiling)} with effort at most "
        f"{top.effort_at_most}"
        if top.after > 1
        else f"the last session was {_ceiling_words(ceiling)} with effort at most "
        f"{top.effort_at_most}"
    )
    if level == len(rungs) - 1:
        return Today(
            level,
            rungs,
            "stay",
            f"At the top of the range, {here.text()}: {earned}. The stage's criteria say when "
            "to move on.",
        )
    higher = rungs[level + 1]
    return Today(level + 1, rungs, "up", f"Up from {higher.changes_from(here)}: {earned}.")


def _missing(
    streak: Sequence[Past],
    level: int,
    rungs: int,
    ceiling: int,
    effort: int,
    after: int,
    tz: tzinfo | None,
) -> str:
    """Why the newest sessions do not earn a step yet ("" when they do)."""
    at_level = 0
    for past in streak:
        if past.rung != level or past.rungs != rungs:
            break
        day = _day(past.started, tz)
        if past.eased:
            return f"the session on {day} was eased after the check-in"
        if past.skipped:
            return f"the exercise was skipped or swapped on {day}"
        if past.sets_done < past.sets_planned:
            return f"{past.sets_done} of {past.sets_planned} sets were done on {day}"
        if past.pain is None:
            return f"no pain rating on {day}"
        if past.effort is None:
            return f"no effort rating on {day}"
        if past.effort > effort:
            return f"effort {past.effort} on {day}, over {effort}"
        at_level += 1
    if at_level < after:
        done = "1 session" if at_level == 1 else f"{at_level} sessions"
        return f"{done} of {after} at this dose so far"
    return ""


def progress_of(
    program: Program,
    records: Iterable[SessionRecord],
    ceiling: int,
    *,
    eased_today: bool = False,
    tz: tzinfo | None = None,
) -> dict[tuple[int, int], Today]:
    """Today's step of every item with a range in `program`, from `records` (the program's
    earlier sessions in this stage; any order)."""
    ordered = sorted(records, key=lambda record: record.started, reverse=True)
    return _from_newest(program, ordered, ceiling, eased_today=eased_today, tz=tz)


def _from_newest(
    program: Program,
    newest_first: Iterable[SessionRecord],
    ceiling: int,
    *,
    eased_today: bool,
    tz: tzinfo | None,
) -> dict[tuple[int, int], Today]:
    """`progress_of` over records newest first, read only until every item with a range has
    the `after` sessions its step depends on (`today` looks no further back)."""
    items = {
        (b, i): item
        for b, block in enumerate(program.blocks)
        for i, item in enumerate(block.items)
        if item.progress is not None
    }
    pasts: dict[tuple[int, int], list[Past]] = {key: [] for key in items}
    wanted = {key: item.progress.after for key, item in items.items() if item.progress}
    for record in newest_first:
        if all(len(pasts[key]) >= wanted[key] for key in items):
            break
        for (b, i), item in items.items():
            found = past_of(record, b, i, item.exercise)
            if found is not None:
                pasts[(b, i)].append(found)
    return {
        key: today(item, pasts[key], ceiling, eased_today=eased_today, tz=tz)
        for key, item in items.items()
    }


def with_progress(program: Program, steps: dict[tuple[int, int], Today]) -> Program:
    """The program with today's dose of each item with a range."""
    if not steps:
        return program
    blocks = [
        block.model_copy(
            update={
                "items": [
                    steps[(b, i)].apply(item) if (b, i) in steps else item
                    for i, item in enumerate(block.items)
                ]
            }
        )
        for b, block in enumerate(program.blocks)
    ]
    return program.model_copy(update={"blocks": blocks})


def session_progress(
    program: Program,
    program_name: str,
    ceiling: int,
    *,
    sessions: Path | None = None,
    since: date | None = None,
    eased_today: bool = False,
    tz: tzinfo | None = None,
) -> dict[tuple[int, int], Today]:
    """Today's step of every item with a range, for a session about to start: read from the
    finished sessions of the program `program_name` (in `sessions`, default the sessions
    folder) that began on or after `since` (a plan stage's first day), newest first, and only
    as many of them as the steps depend on. Reads no record when no item has a range."""
    if not any(item.progress is not None for block in program.blocks for item in block.items):
        return {}
    from hamtui.history import load_history

    rows = load_history(sessions).of_program(program_name)  # oldest first
    records = (
        row.record  # read here, one at a time, as far back as needed
        for row in reversed(rows)
        if row.status != "in-progress"
        and (since is None or row.started.astimezone(tz).date() >= since)
    )
    return _from_newest(program, records, ceiling, eased_today=eased_today, tz=tz)


_TOP_PARTS = (
    (re.compile(r"^(\d+) × (\d+)$"), ("sets", "reps")),
    (re.compile(r"^(\d+) ?x ?(\d+)$"), ("sets", "reps")),
    (re.compile(r"^(\d+) reps?$"), ("reps",)),
    (re.compile(r"^(\d+) sets?$"), ("sets",)),
    (re.compile(r"^hold (\d+) ?s$"), ("hold_s",)),
)
TOP_EXAMPLE = "like 15 reps, 3 sets, hold 5 s, work 10:00, 4 kg"


def parse_top(text: str) -> dict[str, int | str]:
    """The top of a range from the words the dose line shows (`3 × 15, hold 5 s, 4 kg`):
    the `progress` fields it sets. ValueError naming a part it does not understand."""
    found: dict[str, int | str] = {}
    for raw in text.split(","):
        part = " ".join(raw.strip().lower().split())
        if not part:
            continue
        if part.startswith("work "):
            try:
                seconds = parse_clock(part.removeprefix("work "))
            except ValueError:
                seconds = None
            if seconds is None:
                raise ValueError(f"not understood: {raw.strip()!r} ({TOP_EXAMPLE})")
            found["work_s"] = seconds
            continue
        if WEIGHT_RE.match(part):
            found["load"] = part
            continue
        for pattern, names in _TOP_PARTS:
            match = pattern.match(part)
            if match:
                found.update(zip(names, (int(g) for g in match.groups()), strict=True))
                break
        else:
            raise ValueError(f"not understood: {raw.strip()!r} ({TOP_EXAMPLE})")
    return found
