"""Session records: `<data dir>/sessions/<UTC time>-<program stem>-<random>.toml` (docs/formats.md).

`SessionRecorder` turns the engine's events into a `SessionRecord` and writes it atomically
after every finished set and every other change (skip, swap, pause, symptom, rating, end), so
a crash loses at most the set in progress. `find_unfinished` lists the sessions still
`in-progress`; `plan_resume` says at which set one resumes, which regressions were swapped in,
and whether the program file changed since; `SessionRecorder.reopen` goes on writing into the
same file.

A record is created exclusively under a name no other session can take (the time plus a random
part), and the process running a session holds a lock on it (`.<record>.lock` beside it) until
the session ends: another hamtui neither offers that session for resume nor writes it. A crash
frees the lock with the process, so a killed session is offered for resume as before.

What is recorded: an entry per program item and exercise (a regression swapped in gets its own
entry for the same block and item), created when the item first finishes a set, is skipped,
rated or swapped in. `sets_done` counts the distinct sets whose work was done (a skipped set is
not counted, a set redone after `back` is counted once), and `done` keeps each such set's dose
(reps, and the hold, time or load it had). An item with a range gets a `progress` note at the
start: today's step of its range and why (`hamtui.progression`). Events: `pause`, `resume`, `skip`
(skipped work steps and skipped exercises), `regress`, `symptom` (with the action chosen) and
`cue` (the start-cue pop-up acknowledged). Timed cues that pop up during work are not recorded.
Times are UTC, whole seconds, taken when the event is recorded.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from hamtui import locks, paths, workspace
from hamtui.dose import EffectiveDose
from hamtui.errors import ConflictError, HamtuiError
from hamtui.files import dumps, load, sha256_bytes, write_atomic
from hamtui.model.common import NAME_MAX, TEXT_MAX
from hamtui.model.program import Program
from hamtui.model.session import (
    Entry,
    Event,
    EventKind,
    SessionRecord,
    SessionStatus,
    SetDone,
    symptom_detail,
)
from hamtui.records_index import note_written, unfinished_records
from hamtui.session.engine import (
    Acknowledged,
    ExerciseSkipped,
    ExerciseSwapped,
    Paused,
    Resolver,
    Resumed,
    SessionEvent,
    SessionFinished,
    SetFinished,
    SetRef,
    StepSkipped,
    build_timeline,
)

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def utc_now() -> datetime:
    """The wall clock of a record: UTC, whole seconds."""
    return datetime.now(UTC).replace(microsecond=0)


def _set_done(dose: EffectiveDose) -> SetDone:
    """One set's dose as done: the reps, and the hold, the time or the load when it had one."""
    return SetDone(
        reps=dose.reps,
        hold_s=dose.hold_s if dose.pacing == "hold" else None,
        work_s=dose.timed_s if dose.pacing == "timed" else None,
        load=dose.load,
    )


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(microsecond=0)


def session_file_name(started: datetime, program_path: Path) -> str:
    """`20261120T180211Z-early-rehab-3f9a1c.toml`: the start time, the program stem reduced to
    safe characters, and a random part, so two sessions started in one second never meet."""
    stem = _UNSAFE.sub("-", program_path.stem).strip("-")[:64] or "program"
    return f"{_utc(started):%Y%m%dT%H%M%SZ}-{stem}-{secrets.token_hex(3)}.toml"


def _make_folder(folder: Path) -> None:
    try:
        workspace.make_folder(folder)
    except workspace.WorkspaceError as exc:
        raise HamtuiError(f"cannot keep session records: {exc}") from None


def lock_path(record_path: Path) -> Path:
    """The lock file a running session holds: `.<record file name>.lock` beside it."""
    return record_path.with_name(f".{record_path.name}.lock")


class SessionOpenElsewhere(HamtuiError):
    """The session is running in another hamtui, which holds its record."""


def new_session_path(program_path: Path, started: datetime, folder: Path | None = None) -> Path:
    """A session file path that does not exist yet."""
    folder = paths.sessions_dir() if folder is None else folder
    while True:
        path = folder / session_file_name(started, program_path)
        if not path.exists() and not lock_path(path).exists():
            return path


def _clip(text: str, limit: int = TEXT_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def recorded_path(program_path: Path) -> str:
    """How a record names where its program was: relative to the data folder when inside
    it (so a moved data folder still finds it), else absolute."""
    try:
        absolute = program_path.resolve()
    except OSError:
        return ""
    try:
        return absolute.relative_to(paths.data_dir().resolve()).as_posix()
    except (ValueError, OSError):
        return str(absolute)


def _new_record(
    program_path: Path, program_sha256: str, started: datetime, title: str = ""
) -> SessionRecord:
    return SessionRecord(
        format="hamtui-session/1",
        program=program_path.name[:NAME_MAX],
        program_sha256=program_sha256,
        program_path=_clip(recorded_path(program_path)),
        program_title=title[:NAME_MAX],
        started=started,
    )


class SessionRecorder:
    """Keeps the record of one session and writes it atomically to `path`."""

    def __init__(
        self,
        path: Path,
        program_path: Path,
        program_sha256: str,
        clock_wall: Callable[[], datetime] = utc_now,
        *,
        record: SessionRecord | None = None,
    ) -> None:
        self.path = path
        self.lock: locks.Lock | None = None  # held while the session runs
        self._clock_wall = clock_wall
        self.record = record or _new_record(program_path, program_sha256, _utc(clock_wall()))
        # the distinct sets done per entry, so that a set redone after `back` counts once
        self._done: dict[int, set[int]] = {
            n: set(range(1, entry.sets_done + 1)) for n, entry in enumerate(self.record.entries)
        }

    @classmethod
    def create(
        cls,
        program_path: Path,
        program_sha256: str,
        clock_wall: Callable[[], datetime] = utc_now,
        folder: Path | None = None,
        title: str = "",
    ) -> SessionRecorder:
        """A new session in `folder` (default: the data dir's sessions folder, created), named
        from the start time and the program's file name, written once at once."""
        started = _utc(clock_wall())
        folder = paths.sessions_dir() if folder is None else folder
        _make_folder(folder)
        record = _new_record(program_path, program_sha256, started, title)
        data = dumps(record).encode("utf-8")
        for _ in range(100):
            path = new_session_path(program_path, started, folder)
            lock = locks.try_lock(lock_path(path))
            if lock is None:
                continue  # another session took this name a moment ago
            try:  # created exclusively, whole: never an empty or half-written record
                write_atomic(path, data, expected_sha256=None, force=False)
            except ConflictError:
                lock.release()
                continue
            except HamtuiError:
                lock.release(remove=True)
                raise
            recorder = cls(path, program_path, program_sha256, clock_wall, record=record)
            recorder.lock = lock
            note_written(path, record)  # the index knows it is unfinished
            return recorder
        raise HamtuiError(f"{folder}: cannot find a free name for a new session record")

    @classmethod
    def claim(cls, path: Path, clock_wall: Callable[[], datetime] = utc_now) -> SessionRecorder:
        """Take an unfinished session's record to go on with it or close it; raises
        SessionOpenElsewhere when another hamtui is running it."""
        lock = locks.try_lock(lock_path(path))
        if lock is None:
            raise SessionOpenElsewhere(
                f"{path.name}: this session is open in another hamtui; it is left to that one"
            )
        try:
            record = load(path, SessionRecord).model
        except HamtuiError:
            lock.release()
            raise
        recorder = cls(path, Path(record.program), record.program_sha256, clock_wall, record=record)
        recorder.lock = lock
        return recorder

    @classmethod
    def reopen(cls, path: Path, clock_wall: Callable[[], datetime] = utc_now) -> SessionRecorder:
        """Go on with an unfinished session's file (records a `resume` event)."""
        recorder = cls.claim(path, clock_wall)
        recorder.add_event("resume", "resumed after an interruption")
        recorder.write()
        return recorder

    def close(self) -> None:
        """Let go of the record (the session stays resumable if it is unfinished)."""
        if self.lock is not None:
            self.lock.release(remove=self.record.status != "in-progress")
            self.lock = None

    # -- writing -----------------------------------------------------------------------------

    def write(self) -> str:
        """Write the record atomically; the sha256 of the bytes written."""
        _make_folder(self.path.parent)
        data = dumps(self.record).encode("utf-8")
        # After every set: the sessions folder's leftovers are tidied at start instead.
        write_atomic(self.path, data, tidy=False)
        if self.record.status != "in-progress":
            note_written(self.path, self.record)  # the index knows it is done
            self.close()  # ended: nothing more to guard
        return sha256_bytes(data)

    def handle(self, events: Iterable[SessionEvent]) -> None:
        """Record what the engine reports, then write once if anything changed."""
        changed = False
        for event in events:
            changed = self._handle(event) or changed
        if changed:
            self.write()

    def _handle(self, event: SessionEvent) -> bool:
        if isinstance(event, SetFinished):
            step = event.step
            n = self._entry_index(step.block, step.item, step.slug, step.plan.dose.side)
            if not event.skipped and step.set not in self._done[n]:
                self._done[n].add(step.set)
                entry = self.record.entries[n]
                entry.sets_done = len(self._done[n])
                entry.done.append(_set_done(step.plan.dose.effective))
            return True
        if isinstance(event, StepSkipped):
            step = event.step
            if step.kind != "work":
                return False
            side = f", {step.side}" if step.side else ""
            self.add_event("skip", f"{step.slug}: set {step.set} of {step.sets}{side}")
            return True
        if isinstance(event, ExerciseSkipped):
            step = event.step
            n = self._entry_index(step.block, step.item, step.slug, step.plan.dose.side)
            self.record.entries[n].skipped = True
            self.add_event("skip", f"{step.slug}: exercise skipped")
            return True
        if isinstance(event, ExerciseSwapped):
            step = event.step
            self._entry_index(step.block, step.item, event.slug, step.plan.dose.side)
            self.add_event("regress", f"{step.slug} -> {event.slug}")
            return True
        if isinstance(event, Acknowledged):
            self.add_event("cue", f"{event.step.slug}: start cues acknowledged")
            return False  # written with the next change
        if isinstance(event, Paused):
            self.add_event("pause")
            return True
        if isinstance(event, Resumed):
            self.add_event("resume")
            return True
        if isinstance(event, SessionFinished):
            self.record.status = event.status
            self.record.finished = _utc(self._clock_wall())
            return True
        return False

    def _entry_index(self, block: int, item: int, slug: str, side: str) -> int:
        for n, entry in enumerate(self.record.entries):
            if (entry.block, entry.item, entry.exercise) == (block, item, slug):
                return n
        self.record.entries.append(
            Entry.model_validate({"exercise": slug, "block": block, "item": item, "side": side})
        )
        self._done[len(self.record.entries) - 1] = set()
        return len(self.record.entries) - 1

    def entry(self, block: int, item: int, slug: str, side: str = "both") -> Entry:
        """The entry of an item's exercise, created if needed."""
        return self.record.entries[self._entry_index(block, item, slug, side)]

    # -- what the screens add ----------------------------------------------------------------

    def add_event(self, kind: EventKind, detail: str = "") -> None:
        self.record.events.append(
            Event(at=_utc(self._clock_wall()), kind=kind, detail=_clip(detail))
        )

    def symptom(self, label: str, action: str, note: str = "") -> None:
        """A symptom reported with `!` and the action chosen; written at once."""
        self.add_event("symptom", symptom_detail(label, action, note))
        self.write()

    def rate(
        self,
        block: int,
        item: int,
        slug: str,
        *,
        pain: int | None = None,
        effort: int | None = None,
        side: str = "both",
    ) -> None:
        """The 0-10 pain and effort asked after an exercise; written at once."""
        entry = self.entry(block, item, slug, side)
        if pain is not None:
            entry.pain = pain
        if effort is not None:
            entry.effort = effort
        self.write()

    def note(self, block: int, item: int, slug: str, text: str, side: str = "both") -> None:
        self.entry(block, item, slug, side).notes = _clip(text)
        self.write()

    def finish(self, status: SessionStatus) -> None:
        """Set the final status and time and write (SessionFinished events do this too)."""
        self.record.status = status
        self.record.finished = _utc(self._clock_wall())
        self.write()

    def abandon(self) -> None:
        """Close an unfinished session that will not be resumed (status ended-early)."""
        if self.record.status == "in-progress":
            self.finish("ended-early")


# ---------------------------------------------------------------------------------------------
# Unfinished sessions


class UnfinishedSession:
    """An unfinished session: its record file, when it started, whether another hamtui is
    running it; its whole record is read when first asked for (years of records may hold
    many unfinished sessions, and a resume offer needs only the newest)."""

    def __init__(
        self,
        path: Path,
        record: SessionRecord | Callable[[], SessionRecord],
        elsewhere: bool = False,
        started: datetime | None = None,
    ) -> None:
        self.path = path
        self.elsewhere = elsewhere  # running now in another hamtui, which holds its record
        self._record = record if isinstance(record, SessionRecord) else None
        self._loader = None if isinstance(record, SessionRecord) else record
        if started is None:
            started = self.record.started
        self.started = started

    @property
    def record(self) -> SessionRecord:
        if self._record is None:
            assert self._loader is not None
            self._record = self._loader()
        return self._record

    def __repr__(self) -> str:
        return f"UnfinishedSession({str(self.path)!r}, elsewhere={self.elsewhere})"


def find_unfinished(
    folder: Path | None = None, program: str | None = None
) -> list[UnfinishedSession]:
    """Sessions still `in-progress` in `folder` (default: the sessions folder), of `program`
    (a file name) when given, newest first. Files that do not load are left out."""
    folder = paths.sessions_dir() if folder is None else folder
    if not folder.is_dir():
        return []
    # Through the records' index: no record is read until asked for.
    found = [
        UnfinishedSession(
            u.path, u.load, locks.held_elsewhere(lock_path(u.path)), started=u.started
        )
        for u in unfinished_records(folder, program)
    ]
    found.sort(key=lambda s: (s.started, s.path.name), reverse=True)
    return found


@dataclass(frozen=True)
class ResumePlan:
    """Where an unfinished session goes on.

    `start_at` is the first set neither done nor skipped (None: nothing is left to do);
    `swaps` the regressions swapped in, (block, item) -> slug; `program_changed` is True when
    the program file's bytes differ from those the session started with (warn the athlete).
    Pass `start_at` and `swaps` to `build_timeline`.
    """

    start_at: SetRef | None
    swaps: dict[tuple[int, int], str] = field(default_factory=dict)
    program_changed: bool = False


def plan_resume(
    record: SessionRecord, program: Program, program_sha256: str, library: Resolver
) -> ResumePlan:
    """The set in progress of an unfinished session, from its entries' `sets_done`.

    Sets are counted per program item in timeline order: with `sets_done = n`, the first n
    sets of the item (in a circuit, its first n rounds) are done. Entries that name a block or
    item the program no longer has are ignored, and so are swaps that no longer resolve.
    """
    items = {
        (b, i): item.exercise
        for b, block in enumerate(program.blocks)
        for i, item in enumerate(block.items)
    }
    done: dict[tuple[int, int], int] = {}
    skipped: set[tuple[int, int]] = set()
    swaps: dict[tuple[int, int], str] = {}
    for entry in record.entries:
        key = (entry.block, entry.item)
        if key not in items:
            continue
        done[key] = done.get(key, 0) + entry.sets_done
        if entry.skipped:
            skipped.add(key)
        if entry.exercise != items[key] and library.resolve(program, entry.exercise):
            swaps[key] = entry.exercise  # entries come in the order they were made
    timeline = build_timeline(program, library, swaps=swaps)
    start_at: SetRef | None = None
    for plan in timeline.plans:
        key = (plan.block, plan.item)
        if key in skipped or done.get(key, 0) >= plan.set:
            continue
        start_at = SetRef(plan.block, plan.item, plan.set)
        break
    return ResumePlan(start_at, swaps, program_sha256 != record.program_sha256)
