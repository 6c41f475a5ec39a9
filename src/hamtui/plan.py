"""Rehab plans: where the athlete stands, and the log of decisions (no Textual).

`standing(plan, log, sessions, today)` reads the plan, its decision log and the session
records, and says which stage the athlete is in, each criterion to move on (met, not yet, or
unknown, with the sessions and pain values that show it) and a recommendation: stay, move on,
or step back, with the reason in plain words. The app advises; moving on or back is a person's
decision, appended to the log beside the plan (`hamtui.plan_log`), which a crash cannot
undo: each decision is one append, synced to disk, and a log whose last entry was cut short
by a crash keeps every entry before it.

A stage's sessions are the records of its program (matched by file name) started on or after
the day the stage began: the plan's start for the first stage, else the day of the decision
that moved the athlete there. Sessions count as `hamtui.history.counts_toward_plan` says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Literal

from hamtui.errors import HamtuiError
from hamtui.files import load
from hamtui.history import counts_toward_plan, week_start
from hamtui.model.plan import LogEntry, LogKind, Plan, Stage
from hamtui.model.session import SessionRecord, symptom_parts
from hamtui.plan_log import LoadedLog as LoadedLog
from hamtui.plan_log import append_decision as append_decision
from hamtui.plan_log import log_path as log_path
from hamtui.plan_log import read_log as read_log
from hamtui.text import one_line, plural

State = Literal["met", "not yet", "unknown"]
Advice = Literal["stay", "move on", "step back"]
STOPPING_ACTIONS = ("end-session", "stop-exercise")  # symptoms that count against moving on


@dataclass(frozen=True)
class Criterion:
    """One criterion to move on, as it stands: what it asks, met / not yet / unknown, and the
    evidence (which sessions, which pain values, which confirmation)."""

    asks: str
    state: State
    evidence: str


@dataclass(frozen=True)
class StageSession:
    """A session counted in a stage: when, its highest pain (None: no pain rated), and the
    symptoms that ended it or stopped an exercise."""

    started: datetime
    highest_pain: int | None
    stopping_symptoms: tuple[str, ...]
    status: str


@dataclass(frozen=True)
class Standing:
    stage_number: int  # from 1
    stage: Stage
    since: date
    sessions: tuple[StageSession, ...]
    criteria: tuple[Criterion, ...]
    advice: Advice
    reasons: tuple[str, ...]
    log_warning: str = ""

    @property
    def all_met(self) -> bool:
        return all(criterion.state == "met" for criterion in self.criteria)


# -- where the athlete stands -------------------------------------------------------------


def current_stage(
    plan: Plan, entries: Sequence[LogEntry], tz: tzinfo | None = None
) -> tuple[int, date]:
    """(stage number from 1, the day it began) after replaying the log's moves."""
    number, since = 1, plan.start
    for entry in entries:
        if entry.kind in ("advance", "back") and 1 <= entry.to_stage <= len(plan.stages):
            number, since = entry.to_stage, entry.at.astimezone(tz).date()
    return number, since


def stage_sessions(
    stage: Stage,
    since: date,
    records: Sequence[SessionRecord],
    tz: tzinfo | None = None,
    plan_stem: str = "",
) -> list[StageSession]:
    """The sessions of a stage that count, oldest first (`plan_stem`: the plan's file name
    without .toml, which names the file of a program written inside the plan)."""
    program = stage.program_file(plan_stem)
    found: list[StageSession] = []
    for record in sorted(records, key=lambda r: r.started):
        if record.program != program or record.started.astimezone(tz).date() < since:
            continue
        if not counts_toward_plan(record):
            continue
        pains = [entry.pain for entry in record.entries if entry.pain is not None]
        stopping = tuple(
            one_line(label, 60)
            for label, action, _ in (
                symptom_parts(event.detail) for event in record.events if event.kind == "symptom"
            )
            if action in STOPPING_ACTIONS
        )
        found.append(
            StageSession(record.started, max(pains) if pains else None, stopping, record.status)
        )
    return found


def _day(moment: datetime, tz: tzinfo | None) -> str:
    return f"{moment.astimezone(tz):%m-%d}"


def criteria_words(stage: Stage) -> dict[str, str]:
    """What each measured criterion of a stage's `move_on` asks, in words, by its key (the
    words `hamtui plan status`, the plan view and a plan's handout all show)."""
    rules = stage.move_on
    ceiling = stage.pain_ceiling
    words: dict[str, str] = {}
    if rules.sessions is not None:
        words["sessions"] = f"at least {plural(rules.sessions, 'session')} in this stage"
    if rules.days is not None:
        words["days"] = f"at least {plural(rules.days, 'day')} in this stage"
    if rules.pain_free_last is not None:
        words["pain_free_last"] = (
            f"pain at or under {ceiling} in each of the last "
            f"{plural(rules.pain_free_last, 'session')}"
        )
    if rules.no_symptoms_last is not None:
        words["no_symptoms_last"] = (
            "no symptom ended a session or stopped an exercise in the last "
            f"{plural(rules.no_symptoms_last, 'session')}"
        )
    if rules.weekly_weeks is not None:
        words["weekly_weeks"] = (
            f"{stage.sessions_per_week} sessions a week for "
            f"{plural(rules.weekly_weeks, 'full week')}"
        )
    return words


def criteria_of(
    stage: Stage,
    since: date,
    sessions: Sequence[StageSession],
    confirmed: dict[str, LogEntry],
    today: date,
    tz: tzinfo | None = None,
) -> list[Criterion]:
    """Each criterion of the stage's `move_on`, as it stands today."""
    rules = stage.move_on
    ceiling = stage.pain_ceiling
    words = criteria_words(stage)
    found: list[Criterion] = []
    if rules.sessions is not None:
        done = len(sessions)
        dates = ", ".join(_day(s.started, tz) for s in sessions[-10:])
        found.append(
            Criterion(
                words["sessions"],
                "met" if done >= rules.sessions else "not yet",
                f"{done} done" + (f" ({dates})" if dates else ""),
            )
        )
    if rules.days is not None:
        days = (today - since).days
        found.append(
            Criterion(
                words["days"],
                "met" if days >= rules.days else "not yet",
                f"{plural(days, 'day')} since {since:%Y-%m-%d}",
            )
        )
    if rules.pain_free_last is not None:
        k = rules.pain_free_last
        last = sessions[-k:]
        values = ", ".join(
            f"{_day(s.started, tz)}: {'not rated' if s.highest_pain is None else s.highest_pain}"
            for s in last
        )
        over = [s for s in last if s.highest_pain is not None and s.highest_pain > ceiling]
        state: State
        if over or len(last) < k:
            state = "not yet"
        elif any(s.highest_pain is None for s in last):
            state = "unknown"
        else:
            state = "met"
        found.append(
            Criterion(
                words["pain_free_last"],
                state,
                (f"highest pain per session: {values}" if values else "no sessions yet")
                + (f" ({len(last)} of {k})" if len(last) < k else ""),
            )
        )
    if rules.no_symptoms_last is not None:
        k = rules.no_symptoms_last
        last = sessions[-k:]
        stopped = [s for s in last if s.stopping_symptoms]
        evidence = (
            "; ".join(f"{_day(s.started, tz)}: {', '.join(s.stopping_symptoms)}" for s in stopped)
            if stopped
            else f"none in {plural(len(last), 'session')}"
        )
        found.append(
            Criterion(
                words["no_symptoms_last"],
                "met" if len(last) >= k and not stopped else "not yet",
                evidence + (f" ({len(last)} of {k})" if len(last) < k else ""),
            )
        )
    if rules.weekly_weeks is not None:
        w = rules.weekly_weeks
        this_week = week_start(today)
        weeks = [this_week - timedelta(weeks=n) for n in range(w, 0, -1)]  # full weeks only
        counts = {monday: 0 for monday in weeks}
        for s in sessions:
            monday = week_start(s.started.astimezone(tz).date())
            if monday in counts:
                counts[monday] += 1
        per_week = stage.sessions_per_week
        started_weeks = [m for m in weeks if m >= week_start(since)]
        met = len(started_weeks) == w and all(counts[m] >= per_week for m in weeks)
        found.append(
            Criterion(
                words["weekly_weeks"],
                "met" if met else "not yet",
                ", ".join(f"week of {m:%m-%d}: {counts[m]}/{per_week}" for m in weeks),
            )
        )
    for check in rules.self_checks:
        entry = confirmed.get(check)
        found.append(
            Criterion(
                check,
                "met" if entry is not None else "not yet",
                (
                    f"confirmed {entry.at.astimezone(tz):%Y-%m-%d}"
                    + (f" by {one_line(entry.who, 40)}" if entry.who else "")
                )
                if entry is not None
                else "not confirmed yet",
            )
        )
    return found


def standing(
    plan: Plan,
    entries: Sequence[LogEntry],
    records: Sequence[SessionRecord],
    today: date,
    tz: tzinfo | None = None,
    plan_stem: str = "",
) -> Standing:
    """Where the athlete stands in `plan` today: see the module docstring. `plan_stem` (the
    plan's file name without .toml) names the file of a program written inside the plan."""
    number, since = current_stage(plan, entries, tz)
    stage = plan.stages[number - 1]
    sessions = stage_sessions(stage, since, records, tz, plan_stem)
    entered = _entered_at(entries, number)
    confirmed = {
        entry.check: entry
        for entry in entries
        if entry.kind == "confirm"
        and entry.from_stage == number
        and (entered is None or entry.at >= entered)
    }
    criteria = criteria_of(stage, since, sessions, confirmed, today, tz)
    advice, reasons = _advise(plan, number, stage, sessions, criteria, tz)
    return Standing(number, stage, since, tuple(sessions), tuple(criteria), advice, reasons)


def _entered_at(entries: Sequence[LogEntry], number: int) -> datetime | None:
    """When the athlete last moved into stage `number` (None: never moved; the plan's start)."""
    moment = None
    for entry in entries:
        if entry.kind in ("advance", "back"):
            moment = entry.at if entry.to_stage == number else None
    return moment


def _advise(
    plan: Plan,
    number: int,
    stage: Stage,
    sessions: Sequence[StageSession],
    criteria: Sequence[Criterion],
    tz: tzinfo | None,
) -> tuple[Advice, tuple[str, ...]]:
    ceiling = stage.pain_ceiling
    back = stage.step_back
    if number > 1:
        why: list[str] = []
        if back.pain_over_ceiling is not None:
            last = sessions[-back.pain_over_ceiling :]
            if len(last) == back.pain_over_ceiling and all(
                s.highest_pain is not None and s.highest_pain > ceiling for s in last
            ):
                pains = ", ".join(f"{_day(s.started, tz)}: {s.highest_pain}" for s in last)
                why.append(
                    f"pain over the ceiling of {ceiling} in the last "
                    f"{plural(len(last), 'session')} ({pains})"
                )
        if back.symptom_ended_session and sessions:
            latest = sessions[-1]
            if latest.stopping_symptoms and latest.status == "ended-early":
                why.append(
                    f"a symptom ended the last session ({_day(latest.started, tz)}: "
                    f"{', '.join(latest.stopping_symptoms)})"
                )
        if why:
            before = plan.stages[number - 2].name
            return "step back", (
                f"back to stage {number - 1} ({one_line(before, 60)}): " + "; ".join(why),
            )
    waiting = [c for c in criteria if c.state != "met"]
    if waiting:
        return "stay", tuple(f"{c.asks}: {c.state} ({c.evidence})" for c in waiting)
    if number == len(plan.stages):
        return "stay", ("the last stage: every criterion is met; keep going, or finish the plan",)
    after = plan.stages[number].name
    return "move on", (f"every criterion is met: on to stage {number + 1} ({one_line(after, 60)})",)


# -- loading -------------------------------------------------------------------------------


def plan_folders() -> list[Path]:
    """Where plans are found: the user's plans folder, then the bundled example plans."""
    from hamtui import paths, resources

    return [paths.user_plans_dir(), resources.bundled_plans_dir()]


def find_plans(folders: Sequence[Path] | None = None) -> list[Path]:
    """The plan files of the plans folders (`*.toml` but the logs), by folder then name."""
    found: list[Path] = []
    for folder in plan_folders() if folders is None else folders:
        try:
            found += sorted(
                path
                for path in folder.glob("*.toml")
                if not path.name.endswith(".log.toml") and path.is_file()
            )
        except OSError:
            continue
    return found


@dataclass(frozen=True)
class StageChange:
    """A move between stages, as a plan's log has it."""

    at: datetime
    plan: str  # the plan's file name
    from_stage: int
    to_stage: int
    who: str
    why: str


def stage_changes(folders: Sequence[Path] | None = None) -> list[StageChange]:
    """Every move on or back recorded in the logs of the plans of `folders` (default: the
    plans folders), oldest first. A plan or log that cannot be read is left out."""
    found: list[StageChange] = []
    for path in find_plans(folders):
        try:
            entries = read_log(path).entries
        except HamtuiError:
            continue
        found += [
            StageChange(e.at, path.name, e.from_stage, e.to_stage, e.who, e.why)
            for e in entries
            if e.kind in ("advance", "back")
        ]
    found.sort(key=lambda change: change.at)
    return found


def load_plan(path: Path) -> Plan:
    return load(path, Plan).model


@dataclass(frozen=True)
class PlanStatus:
    """A plan file, its log and where the athlete stands: what `hamtui plan status` prints and
    the app's plan view shows (one computation for both)."""

    path: Path
    plan: Plan
    log: LoadedLog
    standing: Standing


def status_of(
    path: Path,
    today: date | None = None,
    tz: tzinfo | None = None,
    sessions: Path | None = None,
) -> PlanStatus:
    """Load a plan and its log, read the records of its programs (from `sessions`, default
    the sessions folder) and say where the athlete stands `today` (default: today in `tz`,
    default the local time zone). LoadError when the plan or its log cannot be read."""
    from hamtui.history import load_history

    plan = load_plan(path)
    log = read_log(path)
    history = load_history(sessions)
    programs = {stage.program_file(path.stem) for stage in plan.stages}
    records = [row.record for row in history.sessions if row.program in programs]
    day = today if today is not None else datetime.now(tz).astimezone(tz).date()
    return PlanStatus(path, plan, log, standing(plan, log.entries, records, day, tz, path.stem))


def decide(
    status: PlanStatus, kind: LogKind, why: str = "", who: str = "", check: str = ""
) -> LogEntry:
    """Record a person's decision in the plan's log: `advance` or `back` one stage from the
    current one (with why), or `confirm` one of the current stage's self-checks. HamtuiError
    when the move is not possible (no stage there, no such self-check, no reason)."""
    from hamtui import paths, resources

    if resources.is_bundled_plan(status.path):
        raise HamtuiError(
            f"{status.path.name} is a bundled example and stays as it is: copy it into "
            f"{paths.user_plans_dir()}, set the athlete's start date and injured leg, and "
            "record decisions there"
        )
    number = status.standing.stage_number
    stages = len(status.plan.stages)
    if kind == "confirm":
        if check not in status.standing.stage.move_on.self_checks:
            raise HamtuiError(f"stage {number} has no self-check {one_line(check, 80)!r}")
        target = number
    else:
        target = number + 1 if kind == "advance" else number - 1
        if not 1 <= target <= stages:
            where = "the last" if kind == "advance" else "the first"
            raise HamtuiError(f"stage {number} is {where} stage of the plan")
        if not why.strip():
            raise HamtuiError("a move needs a reason (why)")
    entry = LogEntry(
        at=datetime.now(UTC),
        kind=kind,
        from_stage=number,
        to_stage=target,
        who=one_line(who, 80),
        why=one_line(why, 500),
        check=check,
    )
    append_decision(status.path, entry)
    return entry


STAGE_PROGRAMS = ".stage-programs"  # beside a plan: its stages' programs written as files


def plan_program_path(plan_path: Path, stage: Stage, folders: Sequence[Path]) -> Path | None:
    """A stage's program file: beside the plan, then in `folders`; None when not found. A
    program written inside the plan runs from `.stage-programs/<plan>.<stage>.toml` beside
    it (`write_stage_program` writes it)."""
    if stage.inline is not None:
        return plan_path.parent / STAGE_PROGRAMS / stage.program_file(plan_path.stem)
    for folder in (plan_path.parent, *folders):
        candidate = folder / stage.program_file(plan_path.stem)
        if candidate.is_file():
            return candidate
    return None


def write_stage_program(plan_path: Path, stage: Stage) -> Path:
    """The file a program written inside the plan runs from, written when it is missing or
    differs from the plan's (a session records a file's name and hash, like any program's).
    HamtuiError when it cannot be written (a read-only folder, or outside the workspace)."""
    from hamtui import workspace
    from hamtui.files import dumps, write_atomic

    program = stage.inline
    if program is None:
        raise HamtuiError(f"stage {one_line(stage.name, 60)} names a program file")
    target = plan_program_path(plan_path, stage, ())
    assert target is not None
    target = workspace.check_write(target)
    text = dumps(program).encode("utf-8")
    try:
        if target.is_file() and target.read_bytes() == text:
            return target
        workspace.make_folder(target.parent)
        write_atomic(target, text)
    except OSError as exc:
        raise HamtuiError(
            f"cannot write the program of stage {one_line(stage.name, 60)} to {target}: "
            f"{exc.strerror or exc}"
        ) from None
    return target
