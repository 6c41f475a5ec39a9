"""`hamtui history [--csv [--events] [-o FILE]] [--weeks N]`."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hamtui import paths
from hamtui.files import dumps, sha256_bytes
from hamtui.history import ENTRY_COLUMNS, EVENT_COLUMNS
from hamtui.model.session import Entry, Event, SessionRecord
from hamtui.session.record import SessionRecorder, session_file_name

Run = Callable[..., tuple[int, str, str]]

EARLY = "early-hamstring-rehab.toml"
NOW = datetime.now(UTC).replace(microsecond=0)


def save(
    started: datetime,
    program: str = EARLY,
    status: str = "completed",
    entries: list[dict[str, Any]] | None = None,
    events: list[tuple[str, str]] | None = None,
) -> Path:
    record = SessionRecord(
        format="hamtui-session/1",
        program=program,
        program_sha256="a" * 64,
        started=started,
        finished=None if status == "in-progress" else started + timedelta(minutes=20),
        status=status,  # type: ignore[arg-type]
        entries=[Entry.model_validate(e) for e in entries or []],
        events=[Event(at=started, kind=k, detail=d) for k, d in events or []],  # type: ignore[arg-type]
    )
    folder = paths.sessions_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / session_file_name(started, Path(program))
    path.write_text(dumps(record), encoding="utf-8")
    return path


def some_sessions() -> list[datetime]:
    starts = [NOW - timedelta(days=15), NOW - timedelta(days=8), NOW]
    save(
        starts[0],
        entries=[{"exercise": "glute-bridge", "block": 1, "item": 1, "sets_done": 2, "pain": 4}],
    )
    save(
        starts[1],
        status="ended-early",
        entries=[
            {"exercise": "glute-bridge", "block": 1, "item": 1, "sets_done": 1, "pain": 7},
            {"exercise": "single-leg-balance", "block": 1, "item": 2, "notes": 'wobbly, "ok"'},
        ],
        events=[("symptom", "Cramp in the hamstring -> continue"), ("pause", "")],
    )
    save(starts[2], program="lost-program.toml", status="in-progress")
    return starts


def test_no_sessions(run_cli: Run, hamtui_home: Path) -> None:
    code, out, err = run_cli("history")
    assert (code, err) == (0, "")
    assert out.startswith(f"No sessions recorded yet (looked in {hamtui_home / 'sessions'}).")


def test_table_adherence_and_pain(run_cli: Run) -> None:
    starts = some_sessions()
    code, out, err = run_cli("history")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["Date", "Program", "Status", "Sets", "Symptoms"]
    first, second, third = lines[1:4]
    assert first.startswith(f"{starts[0].astimezone():%Y-%m-%d %H:%M}  {EARLY}")
    assert first.split()[-3:] == ["completed", "2", "-"]
    assert "ended early" in second
    assert second.endswith("  1  1: Cramp in the hamstring")
    assert "lost-program.toml" in third and "in progress" in third
    assert lines[4] == "3 sessions: 1 completed, 1 ended early, 1 in progress"
    assert "Sessions per week, last 4 weeks" in out
    early = next(line for line in lines if line.startswith(f"  {EARLY} (3 a week): "))
    assert early.count("/3") == 4
    assert early.endswith(" 0/3")  # the unfinished session this week is of another program
    assert "  lost-program.toml: program file not found" in lines
    assert "Pain (0-10) per exercise, oldest to newest:" in lines
    assert "  glute-bridge  ▄▆  last 7 (2 ratings)" in lines


def test_the_newest_sessions_are_listed_unless_all_are_asked_for(run_cli: Run) -> None:
    starts = some_sessions()
    code, out, _ = run_cli("history", "--last", "2")
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == "1 earlier session not listed (--all lists every one, --csv exports them)."
    assert lines[1].split() == ["Date", "Program", "Status", "Sets", "Symptoms"]
    assert lines[2].startswith(f"{starts[1].astimezone():%Y-%m-%d %H:%M}")
    assert "lost-program.toml" in lines[3]
    assert lines[4] == "3 sessions: 1 completed, 1 ended early, 1 in progress"  # all counted
    _, every, _ = run_cli("history", "--all")
    assert every.splitlines()[0].split()[0] == "Date"
    assert every.splitlines()[1].startswith(f"{starts[0].astimezone():%Y-%m-%d %H:%M}")
    assert run_cli("history", "--last", "0")[0] == 2
    assert run_cli("history", "--last", "2", "--all")[0] == 2


def test_weeks_option(run_cli: Run) -> None:
    some_sessions()
    code, out, _ = run_cli("history", "--weeks", "2")
    assert code == 0
    early = next(line for line in out.splitlines() if line.startswith(f"  {EARLY} ("))
    assert early.count("/3") == 2
    assert run_cli("history", "--weeks", "0")[0] == 2


def test_csv_to_stdout(run_cli: Run) -> None:
    starts = some_sessions()
    code, out, err = run_cli("history", "--csv")
    assert (code, err) == (0, "")
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert tuple(rows[0]) == ENTRY_COLUMNS
    assert len(rows) == 1 + 4
    stamp = starts[1].strftime("%Y-%m-%dT%H:%M:%SZ")
    assert rows[3] == [
        stamp,
        EARLY,
        "ended-early",
        "single-leg-balance",
        "1",
        "2",
        "0",
        "both",
        "",
        "",
        "false",
        'wobbly, "ok"',
        "",  # no sets done
        "",  # no range
    ]
    assert rows[4][2:4] == ["in-progress", ""]


def test_csv_events_to_file(run_cli: Run, tmp_path: Path) -> None:
    some_sessions()
    target = tmp_path / "events.csv"
    code, out, err = run_cli("history", "--events", "-o", target)
    assert (code, out, err) == (0, f"wrote {target}\n", "")
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == EVENT_COLUMNS
    assert [row[4:] for row in rows[1:]] == [
        ["symptom", "Cramp in the hamstring -> continue"],
        ["pause", ""],
    ]
    assert target.read_bytes().endswith(b"\r\n")


def test_csv_with_no_sessions(run_cli: Run) -> None:
    code, out, err = run_cli("history", "--csv")
    assert code == 0
    assert out == ",".join(ENTRY_COLUMNS) + "\n"
    assert err.startswith("no sessions recorded yet")


def test_output_needs_csv(run_cli: Run, tmp_path: Path) -> None:
    code, out, err = run_cli("history", "-o", tmp_path / "x.csv")
    assert (code, out) == (2, "")
    assert "--csv" in err
    assert not (tmp_path / "x.csv").exists()


def test_broken_file_is_reported_and_skipped(run_cli: Run) -> None:
    some_sessions()
    broken = paths.sessions_dir() / "20260101T000000Z-broken.toml"
    broken.write_text('format = "hamtui-session/1"\nstarted = 12\n', encoding="utf-8")
    code, out, err = run_cli("history")
    assert code == 0
    assert f"{broken}: " in err and err.rstrip().endswith("(skipped)")
    assert "Traceback" not in err
    assert "3 sessions:" in out
    code, out, err = run_cli("history", "--csv")
    assert code == 0 and "(skipped)" in err and len(out.splitlines()) == 5


def test_user_program_found_and_control_characters(run_cli: Run, hamtui_home: Path) -> None:
    folder = hamtui_home / "programs"
    folder.mkdir()
    (folder / "mine.toml").write_text(
        'format = "hamtui-program/1"\ntitle = "Mine"\nsessions_per_week = 2\n', encoding="utf-8"
    )
    save(NOW, program="mine.toml")
    save(NOW - timedelta(hours=1), program="evil\x1b[2J.toml")
    code, out, _ = run_cli("history")
    assert code == 0
    assert "\x1b" not in out
    assert any(line.startswith("  mine.toml (2 a week): ") for line in out.splitlines())
    assert "evil\\x1b[2J.toml: program file not found" in out


def test_a_record_finds_its_program_outside_the_programs_folder_and_after_a_rename(
    tmp_path: Path, run_cli: Run
) -> None:
    """A session of ~/plans/knee.toml used to be shown as "knee.toml: program file not
    found": the record now keeps where the program was and its title, and a program renamed
    since is found by its bytes."""
    plans = tmp_path / "plans"
    plans.mkdir()
    program = plans / "knee.toml"
    text = 'format = "hamtui-program/1"\ntitle = "Knee rehab"\nsessions_per_week = 2\n'
    program.write_text(text, encoding="utf-8")
    digest = sha256_bytes(program.read_bytes())
    recorder = SessionRecorder.create(program, digest, title="Knee rehab")
    recorder.record.entries.append(Entry(exercise="glute-bridge", block=0, item=0, sets_done=1))
    recorder.finish("completed")
    code, out, _ = run_cli("history")
    assert code == 0
    assert "knee.toml (Knee rehab) (2 a week): " in out
    # Renamed into the programs folder: found by its bytes.
    moved = paths.user_programs_dir()
    moved.mkdir(parents=True, exist_ok=True)
    program.rename(moved / "knee-v2.toml")
    code, out, _ = run_cli("history")
    assert "knee.toml (Knee rehab) (2 a week): " in out
    # Gone: listed under its title, never dropped.
    (moved / "knee-v2.toml").unlink()
    code, out, _ = run_cli("history")
    assert "knee.toml (Knee rehab): program file not found" in out
