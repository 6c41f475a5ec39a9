"""Past sessions: rows, adherence per week, pain trends and CSV export (no Textual).

`load_history()` reads every session record in the sessions folder (`paths.sessions_dir()`),
through the records' index (`hamtui.records_index`: the records stay the truth, the index
spares parsing them again); a file that does not load is reported in `History.problems` and
skipped. Sessions are kept
oldest first.

What counts for adherence: a session of the program (its record's `program` is the program's
file name) whose status is `completed` or `ended-early`; sessions still `in-progress` (running
now, or abandoned without being closed) do not count. A session counts in the ISO week
(Monday to Sunday) of its start, in local time unless a time zone is given; two sessions on
one day count as two.

Pain trend: for one exercise, one point per session that rated its pain (the highest pain given
for that exercise in the session, when it appears more than once), oldest first.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path

from hamtui import paths, resources, workspace
from hamtui.errors import HamtuiError, LoadError, Problem
from hamtui.files import load, read_bytes, sha256_bytes
from hamtui.model.program import Program
from hamtui.model.session import SessionRecord, SessionStatus, SetDone
from hamtui.records_index import Bodies, Listed, RecordSummary, gc_paused, list_records
from hamtui.records_index import symptom_label as symptom_label
from hamtui.text import literal, one_line

SPARK_BLOCKS = "▁▂▃▄▅▆▇█"
STATUS_WORDS: dict[str, str] = {
    "completed": "completed",
    "ended-early": "ended early",
    "in-progress": "in progress",
}
COUNTED_STATUSES: frozenset[str] = frozenset({"completed", "ended-early"})


def counts_toward_plan(record: SessionRecord | RecordSummary) -> bool:
    """Whether a session counts toward a program's sessions a week: finished (completed or
    ended early) with at least one set done. Opening a session and ending it at the first
    pop-up, or skipping every exercise, does not count."""
    summary = record if isinstance(record, RecordSummary) else RecordSummary.of(record)
    return summary.status in COUNTED_STATUSES and summary.sets_done > 0


def is_partial(record: SessionRecord | RecordSummary) -> bool:
    """A session that counts but ended early: some work done, not all."""
    return counts_toward_plan(record) and record.status == "ended-early"


ENTRY_COLUMNS = (
    "started",
    "program",
    "status",
    "exercise",
    "block",
    "item",
    "sets_done",
    "side",
    "pain",
    "effort",
    "skipped",
    "notes",
    "done",  # the sets done, sets alike grouped: "2 × 12 · 2 kg"
    "dose_of_the_day",  # an item with a range: the session's step of it, and why
)
EVENT_COLUMNS = ("started", "program", "status", "at", "kind", "detail")


# ---------------------------------------------------------------------------------------------
# Loading


class SessionRow:
    """One past session, as a history list shows it: its summary at once, its whole record
    (entries, events) when asked for (validated then, from the records' index)."""

    __slots__ = ("_bodies", "_folder", "_loader", "_name", "_path", "_record", "summary")

    def __init__(
        self,
        path: Path | tuple[Path, str],
        record: SessionRecord | None = None,
        *,
        summary: RecordSummary | None = None,
        loader: Callable[[], SessionRecord] | None = None,
    ) -> None:
        """`path` is the record's file, or (folder, file name) to make that path only when
        asked for (a history of years makes thousands of rows)."""
        if record is None and loader is None:
            raise ValueError("a session row needs its record or a way to load it")
        if isinstance(path, tuple):
            self._folder, self._name = path
            self._path: Path | None = None
        else:
            self._folder, self._name, self._path = path.parent, path.name, path
        self._record = record
        self._loader = loader
        self._bodies: Bodies | None = None
        self.summary = summary if summary is not None else RecordSummary.of(self.record)

    @classmethod
    def of_listed(cls, folder: Path, item: Listed) -> SessionRow:
        """The row of a record listed by the records' index (made without `__init__`'s
        checks: a history of years makes thousands)."""
        row = cls.__new__(cls)
        row._folder, row._name, row._path = folder, item.name, None
        row._record, row._loader, row._bodies = item.record, None, item.bodies
        row.summary = item.summary
        return row

    def __repr__(self) -> str:
        return f"SessionRow({str(self.path)!r})"

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = self._folder / self._name
        return self._path

    @property
    def name(self) -> str:
        """The record's file name."""
        return self._name

    @property
    def record(self) -> SessionRecord:
        if self._record is None:
            if self._bodies is not None:
                self._record = self._bodies.load(self._name)
            else:
                assert self._loader is not None
                self._record = self._loader()
        return self._record

    @property
    def started(self) -> datetime:
        return self.summary.started

    @property
    def finished(self) -> datetime | None:
        return self.summary.finished

    @property
    def program(self) -> str:
        """The program's file name, as recorded (shown with control characters spelled out)."""
        return self.summary.program

    @property
    def status(self) -> SessionStatus:
        status = self.summary.status
        assert status in STATUS_WORDS
        return status  # type: ignore[return-value]

    @property
    def status_text(self) -> str:
        """`completed`, `ended early` or `in progress`."""
        return STATUS_WORDS[self.status]

    @property
    def symptoms(self) -> tuple[str, ...]:
        """The labels of the symptoms reported, in order (a label may repeat)."""
        return self.summary.symptoms

    @property
    def symptom_count(self) -> int:
        return len(self.symptoms)

    @property
    def sets_done(self) -> int:
        return self.summary.sets_done

    @property
    def duration(self) -> timedelta | None:
        """From start to finish; None while unfinished."""
        finished = self.summary.finished
        return finished - self.summary.started if finished is not None else None

    def local_start(self, tz: tzinfo | None = None) -> datetime:
        """The start in `tz` (default: the local time zone)."""
        return self.summary.started.astimezone(tz)


@dataclass
class History:
    sessions: list[SessionRow] = field(default_factory=list)  # oldest first
    problems: list[Problem] = field(default_factory=list)  # files skipped, and why
    folder: Path | None = None
    _grouped: tuple[tuple[int, int], dict[str, list[SessionRow]]] | None = field(
        default=None, repr=False, compare=False
    )

    def __len__(self) -> int:
        return len(self.sessions)

    def programs(self) -> list[str]:
        """Program file names in the order they were first used."""
        return list(self._by_program())

    def of_program(self, program_name: str) -> list[SessionRow]:
        """The sessions of a program, oldest first."""
        return list(self._by_program().get(program_name, ()))

    def _by_program(self) -> dict[str, list[SessionRow]]:
        # Grouped once per list of sessions (each history has thousands of rows to go over).
        key = (id(self.sessions), len(self.sessions))
        if self._grouped is None or self._grouped[0] != key:
            groups: dict[str, list[SessionRow]] = {}
            for row in self.sessions:
                groups.setdefault(row.summary.program, []).append(row)
            for rows in groups.values():  # already in order when loaded: a quick pass
                rows.sort(key=lambda row: row.summary.started)
            self._grouped = (key, groups)
        return self._grouped[1]


def load_history(folder: Path | None = None) -> History:
    """Every session record in `folder` (default: the sessions folder), oldest first.
    Files that do not load are reported in `problems` and left out."""
    folder = paths.sessions_dir() if folder is None else folder
    history = History(folder=folder)
    if not folder.is_dir():
        return history
    listed, history.problems = list_records(folder)  # through the records' index
    with gc_paused():
        history.sessions = [SessionRow.of_listed(folder, item) for item in listed]
        history.sessions.sort(key=lambda row: (row.summary.started, row.name))
    return history


def session_table(rows: Sequence[SessionRow], tz: tzinfo | None = None) -> list[str]:
    """A plain-text table of sessions: date and time in `tz` (default: local), program,
    status, sets done, symptoms (count and labels). Text is on one line, controls spelled out."""
    cells = [("Date", "Program", "Status", "Sets", "Symptoms")]
    programs: dict[str, str] = {}  # the same few names and symptom lists recur in every row
    shown_symptoms: dict[tuple[str, ...], str] = {(): "-"}
    for row in rows:
        summary = row.summary
        symptoms = summary.symptoms
        shown = shown_symptoms.get(symptoms)
        if shown is None:
            listed = f"{len(symptoms)}: " + ", ".join(dict.fromkeys(symptoms))
            shown = shown_symptoms[symptoms] = one_line(listed, 70)
        program = programs.get(summary.program)
        if program is None:
            program = programs[summary.program] = one_line(summary.program, 40)
        cells.append(
            (
                f"{summary.started.astimezone(tz):%Y-%m-%d %H:%M}",
                program,
                row.status_text,
                str(summary.sets_done),
                shown,
            )
        )
    widths = [max(len(cell[n]) for cell in cells) for n in range(4)]
    return [
        f"{day:<{widths[0]}}  {program:<{widths[1]}}  {status:<{widths[2]}}  "
        f"{sets:>{widths[3]}}  {symptoms}".rstrip()
        for day, program, status, sets, symptoms in cells
    ]


# ---------------------------------------------------------------------------------------------
# Adherence


@dataclass(frozen=True)
class WeekAdherence:
    week_start: date  # the Monday of the ISO week
    done: int  # sessions that count (some work done), the partial ones included
    planned: int
    partial: int = 0  # of `done`, the sessions that ended early

    @property
    def iso_week(self) -> tuple[int, int]:
        """(ISO year, ISO week number)."""
        year, week, _ = self.week_start.isocalendar()
        return year, week

    @property
    def met(self) -> bool:
        return self.done >= self.planned


def week_start(day: date) -> date:
    """The Monday of the ISO week of `day`."""
    return day - timedelta(days=day.weekday())


def _program_name(program_name: str | Path) -> str:
    return Path(program_name).name if isinstance(program_name, Path) else program_name


def adherence(
    history: History,
    program_name: str | Path,
    sessions_per_week: int,
    weeks: int = 4,
    today: date | None = None,
    tz: tzinfo | None = None,
) -> list[WeekAdherence]:
    """Sessions done against `sessions_per_week` for the last `weeks` ISO weeks, oldest first;
    the last is the week of `today` (default: today, local time), so it may still be going.

    Counted: sessions that count toward a plan (`counts_toward_plan`: at least one set done)
    whose record names `program_name` (a file name such as `early-rehab.toml`; a Path counts
    by its name), in the week of their start in `tz` (default: the local time zone); those that
    ended early are also counted as partial. Weeks without sessions are there with 0."""
    if weeks < 1:
        return []
    name = _program_name(program_name)
    today = today if today is not None else datetime.now(tz).date()
    last = week_start(today)
    starts = [last - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    counts = dict.fromkeys(starts, 0)
    partial = dict.fromkeys(starts, 0)
    # Sessions are oldest first: go back from the newest until a day before the first week
    # (a day of margin for any time zone).
    since = datetime.combine(starts[0] - timedelta(days=1), time.min, tzinfo=UTC)
    for row in reversed(history.of_program(name)):
        if row.summary.started < since:
            break
        if not counts_toward_plan(row.summary):
            continue
        monday = week_start(row.local_start(tz).date())
        if monday in counts:
            counts[monday] += 1
            partial[monday] += is_partial(row.summary)
    return [
        WeekAdherence(start, counts[start], sessions_per_week, partial[start]) for start in starts
    ]


def is_safe_program_name(name: str) -> bool:
    """True when a recorded program name is a plain `*.toml` file name (so it may be looked
    up in a folder): no folders, no `..`, no control characters."""
    return (
        name.endswith(".toml")
        and len(name) > len(".toml")
        and "/" not in name
        and "\\" not in name
        and not name.startswith(".")
        and literal(name) == name
        and "\n" not in name
        and "\t" not in name
    )


def program_folders() -> list[Path]:
    """Where programs are looked up by file name: the user's programs, then the bundled ones."""
    return [paths.user_programs_dir(), resources.bundled_programs_dir()]


def find_recorded_program(record: SessionRecord | RecordSummary) -> Path | None:
    """The program file of a session record: where the record says it was (relative paths
    from the data folder; in restricted mode only inside the workspace), else by its file
    name in the programs folders, else the file there whose bytes match the recorded sha256
    (a moved or renamed program); None when none is found."""
    if record.program_path and "\x00" not in record.program_path:
        where = Path(record.program_path)
        if not where.is_absolute():
            where = paths.data_dir() / where
        try:
            checked = workspace.check_read(where)
            if checked.is_file():
                return checked
        except (HamtuiError, OSError, ValueError):
            pass
    found = find_program(record.program)
    if found is not None:
        return found
    for folder in program_folders():
        try:
            candidates = sorted(folder.glob("*.toml"))
        except OSError:
            continue
        for candidate in candidates:
            try:
                if (
                    candidate.is_file()
                    and sha256_bytes(read_bytes(candidate)) == record.program_sha256
                ):
                    return candidate
            except (HamtuiError, OSError):
                continue
    return None


def find_program(name: str) -> Path | None:
    """The program file a session record names, from the user programs folder or the bundled
    programs; None when the name is not a plain file name or no such file exists."""
    if not name.endswith(".toml"):
        name += ".toml"
    if not is_safe_program_name(name):
        return None
    for folder in program_folders():
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


@dataclass(frozen=True)
class ProgramAdherence:
    """Adherence of one program of the history, or why it cannot be given (`note`)."""

    program: str  # the file name as recorded
    path: Path | None  # the program file found, if any
    sessions_per_week: int | None
    weeks: tuple[WeekAdherence, ...]
    note: str  # "" when `weeks` is filled in
    title: str = ""  # the program's title as last recorded ("" in older records)

    @property
    def done(self) -> int:
        return sum(week.done for week in self.weeks)

    @property
    def planned(self) -> int:
        return sum(week.planned for week in self.weeks)


def program_adherence(
    history: History,
    weeks: int = 4,
    today: date | None = None,
    tz: tzinfo | None = None,
    finder: Callable[[str], Path | None] | None = None,
) -> list[ProgramAdherence]:
    """Adherence of every program in the history (first used first), each looked up by file
    name with `finder` (default: `find_program`). A program without a file, with a broken
    file, or without `sessions_per_week` gets a `note` instead of weeks."""
    found: list[ProgramAdherence] = []
    for name in history.programs():
        runs = history.of_program(name)  # oldest first
        title = next(
            (r.summary.program_title for r in reversed(runs) if r.summary.program_title), ""
        )
        if finder is not None:
            path = finder(name)
        else:
            path = find_recorded_program(runs[-1].summary) if runs else find_program(name)
        if path is None:
            note = "program file not found"
            found.append(ProgramAdherence(name, None, None, (), note, title))
            continue
        try:
            program = load(path, Program).model
        except LoadError as exc:
            first = exc.problems[0] if exc.problems else None
            note = "program file cannot be read" + (f" ({first})" if first else "")
            found.append(ProgramAdherence(name, path, None, (), note, title))
            continue
        per_week = program.sessions_per_week
        if per_week is None:
            found.append(
                ProgramAdherence(
                    name, path, None, (), "the program sets no sessions per week", title
                )
            )
            continue
        rows = adherence(history, name, per_week, weeks=weeks, today=today, tz=tz)
        found.append(ProgramAdherence(name, path, per_week, tuple(rows), "", title))
    return found


# ---------------------------------------------------------------------------------------------
# Pain


def pain_trend(history: History, slug: str) -> list[tuple[datetime, int]]:
    """(session start, pain) for each session that rated `slug`'s pain, oldest first; the
    highest pain when the exercise was rated more than once in a session."""
    return [
        (row.summary.started, pain)
        for row in history.sessions
        for exercise, pain in row.summary.pains
        if exercise == slug
    ]


def pain_trends(history: History) -> dict[str, list[tuple[datetime, int]]]:
    """`pain_trend` of every exercise rated, in one pass over the sessions, by slug."""
    trends: dict[str, list[tuple[datetime, int]]] = {}
    for row in history.sessions:
        summary = row.summary
        for exercise, pain in summary.pains:  # one highest pain per exercise and session
            trends.setdefault(exercise, []).append((summary.started, pain))
    return trends


def exercises_with_pain(history: History) -> list[str]:
    """Slugs of the exercises that have at least one pain rating, sorted."""
    return sorted({exercise for row in history.sessions for exercise, _ in row.summary.pains})


def sparkline(values: Iterable[float | None], low: float = 0, high: float = 10) -> str:
    """One block character per value, `▁` at `low` to `█` at `high` (values outside are
    clamped); None is a gap (a space)."""
    if high <= low:
        raise ValueError("sparkline: high must be greater than low")
    top = len(SPARK_BLOCKS) - 1
    out = []
    for value in values:
        if value is None:
            out.append(" ")
            continue
        share = (min(max(value, low), high) - low) / (high - low)
        out.append(SPARK_BLOCKS[int(share * top + 0.5)])
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# CSV


def utc_text(moment: datetime | None) -> str:
    """`2026-11-20T18:02:11Z`, as in the records; "" for None."""
    if moment is None:
        return ""
    text = moment.astimezone(UTC).replace(tzinfo=None).isoformat()
    return f"{text}Z"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text: str) -> str:
    """A text cell: control characters spelled out (line breaks kept), and text that a
    spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) kept as text with a
    leading apostrophe."""
    shown = literal(text)
    return "'" + shown if shown.startswith(_FORMULA_START) else shown


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def _csv(header: Sequence[str], rows: Iterable[Sequence[str]], newline: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def entries_csv(history: History, newline: str = "\r\n") -> str:
    """One row per session entry (ENTRY_COLUMNS); a session without entries gets one row with
    the entry columns empty. Block and item are counted from 0, as in the records."""
    rows: list[list[str]] = []
    for row in history.sessions:
        head = [utc_text(row.started), csv_text(row.program), row.status]
        record = row.record
        if not record.entries:
            rows.append(head + [""] * (len(ENTRY_COLUMNS) - len(head)))
        notes = {(n.block, n.item, n.exercise): n.why for n in record.progress}
        for entry in record.entries:
            rows.append(
                [
                    *head,
                    entry.exercise,
                    str(entry.block),
                    str(entry.item),
                    str(entry.sets_done),
                    entry.side,
                    _number(entry.pain),
                    _number(entry.effort),
                    "true" if entry.skipped else "false",
                    csv_text(entry.notes),
                    done_text(entry.done),
                    csv_text(notes.get((entry.block, entry.item, entry.exercise), "")),
                ]
            )
    return _csv(ENTRY_COLUMNS, rows, newline)


def events_csv(history: History, newline: str = "\r\n") -> str:
    """One row per session event (EVENT_COLUMNS): symptoms, pauses, skips, swaps, cues."""
    rows: list[list[str]] = []
    for row in history.sessions:
        head = [utc_text(row.started), csv_text(row.program), row.status]
        rows.extend(
            [*head, utc_text(event.at), event.kind, csv_text(event.detail)]
            for event in row.record.events
        )
    return _csv(EVENT_COLUMNS, rows, newline)


def done_text(done: Sequence[SetDone]) -> str:
    """The sets an entry did, sets alike grouped: `2 × 12 · 2 kg`, `1 × work 5:00, 1 × 10`
    (each group written as a step of a range is, `hamtui.progression.Rung`)."""
    from hamtui.progression import Rung

    groups: list[tuple[SetDone, int]] = []
    for one in done:
        if groups and groups[-1][0] == one:
            groups[-1] = (one, groups[-1][1] + 1)
        else:
            groups.append((one, 1))
    return ", ".join(
        Rung(count, one.reps, one.hold_s, one.work_s, one.load).text() for one, count in groups
    )
