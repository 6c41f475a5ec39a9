"""A rehab plan part way through, for the plan screen's tests and snapshots: the bundled
ladder started Monday 2 November 2026, six pain-free sessions of stage 1, a move to stage 2
on 16 November (with a hostile reason, shown literally), three stage 2 sessions (one rated
pain 2) and one self-check confirmed. Today is Wednesday 25 November 2026, in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hamtui.files import dumps
from hamtui.model.plan import LogEntry
from hamtui.model.session import Entry, SessionRecord
from hamtui.plan import append_decision

BUNDLED = Path(__file__).resolve().parents[1] / "plans" / "home-rehab-ladder.toml"
TODAY = date(2026, 11, 25)
EARLY = "early-hamstring-rehab.toml"
MID = "mid-stage-strength.toml"
CHECK = "A bodyweight single-leg squat is pain-free"


def _session(folder: Path, day: date, program: str, pain: int) -> None:
    started = datetime(day.year, day.month, day.day, 18, tzinfo=UTC)
    record = SessionRecord(
        format="hamtui-session/1",
        program=program,
        program_sha256="0" * 64,
        started=started,
        finished=started + timedelta(minutes=25),
        status="completed",
        entries=[Entry(exercise="glute-bridge", block=0, item=0, sets_done=3, pain=pain)],
    )
    name = f"{started:%Y%m%dT%H%M%SZ}-{program.removesuffix('.toml')}-000000.toml"
    (folder / name).write_text(dumps(record), encoding="utf-8")


def write_sample(root: Path) -> tuple[Path, Path]:
    """(the plan file, the sessions folder) under `root`."""
    plans = root / "plans"
    sessions = root / "sessions"
    plans.mkdir(parents=True)
    sessions.mkdir(parents=True)
    plan = plans / "ladder.toml"
    plan.write_bytes(BUNDLED.read_bytes())
    for offset in (0, 2, 4, 7, 9, 11):
        _session(sessions, date(2026, 11, 2) + timedelta(days=offset), EARLY, 0)
    for day, pain in ((16, 0), (18, 2), (20, 0)):
        _session(sessions, date(2026, 11, day), MID, pain)
    moved = datetime(2026, 11, 16, 9, tzinfo=UTC)
    append_decision(
        plan,
        LogEntry(
            at=moved,
            kind="advance",
            from_stage=1,
            to_stage=2,
            who="Sam",
            why="[bold]ready[/bold] \x1b[2J",
        ),
    )
    confirmed = datetime(2026, 11, 20, 19, tzinfo=UTC)
    append_decision(
        plan, LogEntry(at=confirmed, kind="confirm", from_stage=2, to_stage=2, check=CHECK)
    )
    return plan, sessions
