"""Session history: loading records, adherence by ISO week, pain trends, sparklines, CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from hamtui import paths
from hamtui.files import dumps
from hamtui.history import (
    ENTRY_COLUMNS,
    EVENT_COLUMNS,
    History,
    WeekAdherence,
    adherence,
    csv_text,
    entries_csv,
    events_csv,
    exercises_with_pain,
    find_program,
    load_history,
    pain_trend,
    program_adherence,
    session_table,
    sparkline,
    symptom_label,
    week_start,
)
from hamtui.model.session import Entry, Event, SessionRecord
from hamtui.session.record import session_file_name
from programs import ONE_SET

PROGRAM = "early-hamstring-rehab.toml"
TODAY = date(2026, 11, 25)  # a Wednesday; its ISO week starts on Monday 23 November


def at(day: int, hour: int = 18, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, 0, 0, tzinfo=UTC)


def save_record(
    started: datetime,
    *,
    program: str = PROGRAM,
    status: str = "completed",
    entries: list[dict[str, Any]] | None = None,
    events: list[tuple[datetime, str, str]] | None = None,
    folder: Path | None = None,
) -> Path:
    record = SessionRecord(
        format="hamtui-session/1",
        program=program,
        program_sha256="0" * 64,
        started=started,
        finished=None if status == "in-progress" else started + timedelta(minutes=25),
        status=status,  # type: ignore[arg-type]
        # A record with no entries given did one set: it counts toward the plan.
        entries=[Entry.model_validate(e) for e in (ONE_SET if entries is None else entries)],
        events=[Event(at=t, kind=k, detail=d) for t, k, d in events or []],  # type: ignore[arg-type]
    )
    folder = folder or paths.sessions_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / session_file_name(started, Path(program))
    path.write_text(dumps(record), encoding="utf-8")
    return path


def entry(slug: str, block: int = 0, item: int = 0, **more: Any) -> dict[str, Any]:
    return {"exercise": slug, "block": block, "item": item, **more}


@pytest.fixture
def history() -> History:
    """Several weeks of sessions of two programs, written to the test's HAMTUI_HOME."""
    save_record(at(20, month=10), entries=[entry("glute-bridge", sets_done=2, pain=5)])
    save_record(
        at(3),
        entries=[
            entry("seated-hamstring-set", sets_done=2, pain=3, effort=4),
            entry("glute-bridge", 0, 1, sets_done=2, pain=4, notes="=SUM(A1) felt ok"),
        ],
    )
    save_record(
        at(5),
        status="ended-early",
        entries=[entry("glute-bridge", sets_done=1, pain=6, side="each")],
        events=[
            (at(5) + timedelta(minutes=5), "pause", ""),
            (
                at(5) + timedelta(minutes=9),
                "symptom",
                "Tingling, numbness or burning toward the foot -> shorten-range: left leg",
            ),
            (at(5) + timedelta(minutes=12), "symptom", "Cramp in the hamstring -> continue"),
        ],
    )
    save_record(at(5, 20), status="in-progress", entries=[entry("glute-bridge", pain=9)])
    save_record(
        at(10),
        entries=[entry("glute-bridge", sets_done=3, pain=2), entry("glute-bridge", 1, 0, pain=4)],
    )
    save_record(
        at(11),
        program="mid-stage-strength.toml",
        entries=[entry("nordic-hamstring-curl", sets_done=1)],
    )
    # nothing in the week of 16 November
    save_record(at(24, 7), entries=[entry("glute-bridge", sets_done=2, pain=1)])
    save_record(at(24, 19), entries=[])  # no entries at all: no set done
    return load_history()


def test_rows(history: History) -> None:
    assert history.problems == []
    assert len(history) == 8
    starts = [row.started for row in history.sessions]
    assert starts == sorted(starts)  # oldest first
    ended = history.sessions[2]
    assert (ended.started, ended.program, ended.status, ended.status_text) == (
        at(5),
        PROGRAM,
        "ended-early",
        "ended early",
    )
    assert ended.symptoms == (
        "Tingling, numbness or burning toward the foot",
        "Cramp in the hamstring",
    )
    assert ended.symptom_count == 2
    assert ended.sets_done == 1
    assert ended.duration == timedelta(minutes=25)
    unfinished = history.sessions[3]
    assert unfinished.status_text == "in progress" and unfinished.duration is None
    assert history.sessions[1].sets_done == 4
    assert history.programs() == [PROGRAM, "mid-stage-strength.toml"]
    assert len(history.of_program("mid-stage-strength.toml")) == 1


def test_session_table(history: History) -> None:
    lines = session_table(history.sessions, tz=UTC)
    assert lines[0].split() == ["Date", "Program", "Status", "Sets", "Symptoms"]
    assert len(lines) == 9
    assert lines[3].startswith(f"2026-11-05 18:00  {PROGRAM}")
    assert "ended early" in lines[3]
    assert "1  2: Tingling, numbness or burning toward the foot, Cramp in the" in lines[3]
    assert lines[3].endswith("…")  # long symptom lists are shortened
    assert lines[-1].endswith("0  -")


def test_adherence_by_iso_week(history: History) -> None:
    weeks = adherence(history, PROGRAM, 5, weeks=4, today=TODAY, tz=UTC)
    assert weeks == [
        # completed + ended early (a partial week); unfinished not
        WeekAdherence(date(2026, 11, 2), 2, 5, partial=1),
        WeekAdherence(date(2026, 11, 9), 1, 5),
        WeekAdherence(date(2026, 11, 16), 0, 5),  # a week with no sessions is there
        # this week: two on one day, but the one with no set done does not count
        WeekAdherence(date(2026, 11, 23), 1, 5),
    ]
    assert [w.iso_week for w in weeks] == [(2026, 45), (2026, 46), (2026, 47), (2026, 48)]
    assert all(w.week_start.weekday() == 0 for w in weeks)
    assert not weeks[0].met
    other = adherence(history, Path("/x/mid-stage-strength.toml"), 1, weeks=3, today=TODAY, tz=UTC)
    assert [(w.done, w.met) for w in other] == [(1, True), (0, False), (0, False)]
    assert adherence(history, "unknown.toml", 3, weeks=2, today=TODAY, tz=UTC)[-1].done == 0
    assert adherence(history, PROGRAM, 5, weeks=0, today=TODAY) == []


def test_adherence_week_follows_time_zone(tmp_path: Path) -> None:
    save_record(datetime(2026, 11, 22, 23, 30, tzinfo=UTC), folder=tmp_path)  # Sunday in UTC
    history = load_history(tmp_path)
    in_utc = adherence(history, PROGRAM, 3, weeks=2, today=TODAY, tz=UTC)
    assert [w.done for w in in_utc] == [1, 0]
    plus_two = adherence(history, PROGRAM, 3, weeks=2, today=TODAY, tz=timezone(timedelta(hours=2)))
    assert [w.done for w in plus_two] == [0, 1]  # already Monday there


def test_week_start() -> None:
    assert week_start(date(2026, 11, 23)) == date(2026, 11, 23)
    assert week_start(date(2026, 11, 29)) == date(2026, 11, 23)
    assert week_start(date(2027, 1, 1)) == date(2026, 12, 28)  # ISO week 53 of 2026


def test_pain_trend(history: History) -> None:
    assert pain_trend(history, "glute-bridge") == [
        (at(20, month=10), 5),
        (at(3), 4),
        (at(5), 6),
        (at(5, 20), 9),  # an unfinished session's ratings are still ratings
        (at(10), 4),  # the highest of the two ratings that session
        (at(24, 7), 1),
    ]
    assert pain_trend(history, "seated-hamstring-set") == [(at(3), 3)]
    assert pain_trend(history, "nordic-hamstring-curl") == []
    assert exercises_with_pain(history) == ["glute-bridge", "seated-hamstring-set"]


def test_sparkline() -> None:
    assert sparkline([0, 10]) == "▁█"
    assert sparkline(range(11)) == "▁▂▂▃▄▅▅▆▇▇█"
    assert sparkline([5, None, 5]) == "▅ ▅"
    assert sparkline([-3, 42]) == "▁█"  # clamped
    assert sparkline([1, 2, 3], low=1, high=3) == "▁▅█"
    assert sparkline([]) == ""
    with pytest.raises(ValueError):
        sparkline([1], low=5, high=5)


def test_entries_csv_round_trip(history: History) -> None:
    rows = list(csv.reader(io.StringIO(entries_csv(history), newline="")))
    assert tuple(rows[0]) == ENTRY_COLUMNS
    body = [dict(zip(ENTRY_COLUMNS, row, strict=True)) for row in rows[1:]]
    assert len(body) == 10  # one per entry, and one for the session without entries
    second = body[2]
    assert second == {
        "started": "2026-11-03T18:00:00Z",
        "program": PROGRAM,
        "status": "completed",
        "exercise": "glute-bridge",
        "block": "0",
        "item": "1",
        "sets_done": "2",
        "side": "both",
        "pain": "4",
        "effort": "",
        "skipped": "false",
        "notes": "'=SUM(A1) felt ok",  # kept as text for spreadsheets
        "done": "",
        "dose_of_the_day": "",
    }
    assert body[1]["effort"] == "4"
    assert body[3]["status"] == "ended-early" and body[3]["side"] == "each"
    assert body[-1]["started"] == "2026-11-24T19:00:00Z" and body[-1]["exercise"] == ""


def test_events_csv_round_trip(history: History) -> None:
    rows = list(csv.reader(io.StringIO(events_csv(history), newline="")))
    assert tuple(rows[0]) == EVENT_COLUMNS
    assert [row[4] for row in rows[1:]] == ["pause", "symptom", "symptom"]
    assert rows[2] == [
        "2026-11-05T18:00:00Z",
        PROGRAM,
        "ended-early",
        "2026-11-05T18:09:00Z",
        "symptom",
        "Tingling, numbness or burning toward the foot -> shorten-range: left leg",
    ]


def test_csv_quotes_commas_quotes_and_line_breaks(tmp_path: Path) -> None:
    notes = 'said "ok", then\nleft \x1b[2J'
    save_record(at(3), entries=[entry("glute-bridge", notes=notes)], folder=tmp_path)
    text = entries_csv(load_history(tmp_path))
    assert "\x1b" not in text
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1][ENTRY_COLUMNS.index("notes")] == 'said "ok", then\nleft \\x1b[2J'
    assert text.endswith("\r\n")
    assert entries_csv(load_history(tmp_path), "\n").count("\r") == 0


@pytest.mark.parametrize(
    ("text", "shown"),
    [("=1+1", "'=1+1"), ("+x", "'+x"), ("-x", "'-x"), ("@x", "'@x"), ("a=b", "a=b"), ("", "")],
)
def test_csv_text(text: str, shown: str) -> None:
    assert csv_text(text) == shown


def test_broken_files_are_reported_and_skipped(tmp_path: Path) -> None:
    save_record(at(3), folder=tmp_path)
    (tmp_path / "20261104T180000Z-broken.toml").write_text("format = [", encoding="utf-8")
    (tmp_path / "20261105T180000Z-wrong.toml").write_text(
        'format = "hamtui-session/1"\nprogram = "x.toml"\n', encoding="utf-8"
    )
    (tmp_path / ".20261106.toml.tmp").write_text("junk", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("junk", encoding="utf-8")
    history = load_history(tmp_path)
    assert len(history) == 1
    shown = [str(p) for p in history.problems]
    assert any("20261104T180000Z-broken.toml:1" in line for line in shown), shown
    assert any("20261105T180000Z-wrong.toml: program_sha256: is required" in s for s in shown)


def test_no_folder_no_sessions(tmp_path: Path) -> None:
    history = load_history(tmp_path / "missing")
    assert (len(history), history.problems) == (0, [])
    assert entries_csv(history) == ",".join(ENTRY_COLUMNS) + "\r\n"
    assert program_adherence(history) == []


def test_symptom_label() -> None:
    assert symptom_label("Cramp -> continue: note") == "Cramp"
    assert symptom_label("just words") == "just words"
    assert symptom_label(" -> stop") == "symptom"


def test_find_program(hamtui_home: Path) -> None:
    assert find_program(PROGRAM) is not None  # bundled
    assert find_program("early-hamstring-rehab") == find_program(PROGRAM)
    own = hamtui_home / "programs" / PROGRAM
    own.parent.mkdir(parents=True)
    own.write_text('format = "hamtui-program/1"\ntitle = "Mine"\n', encoding="utf-8")
    assert find_program(PROGRAM) == own  # the user's folder comes first
    for unsafe in ("../programs/x.toml", "a/b.toml", "..toml", ".toml", "x\x1b.toml", "x.txt"):
        assert find_program(unsafe) is None, unsafe


def test_program_adherence(history: History, hamtui_home: Path) -> None:
    folder = hamtui_home / "programs"
    folder.mkdir()
    (folder / "mid-stage-strength.toml").write_text(
        'format = "hamtui-program/1"\ntitle = "No plan"\n', encoding="utf-8"
    )
    save_record(at(12), program="gone.toml")
    save_record(at(13), program="broken.toml")
    (folder / "broken.toml").write_text("title = [", encoding="utf-8")
    found = {p.program: p for p in program_adherence(load_history(), today=TODAY, tz=UTC)}
    early = found[PROGRAM]
    assert (early.note, early.sessions_per_week) == ("", 3)
    assert [w.done for w in early.weeks] == [2, 1, 0, 1]
    assert (early.done, early.planned) == (4, 12)
    assert found["mid-stage-strength.toml"].note == "the program sets no sessions per week"
    assert found["gone.toml"].note == "program file not found"
    assert found["gone.toml"].path is None
    assert found["broken.toml"].note.startswith("program file cannot be read (")


def test_csv_has_the_dose_done_and_the_dose_of_the_day(tmp_path: Path) -> None:
    from hamtui.files import dumps, load
    from hamtui.model.session import ProgressNote, SessionRecord, SetDone

    path = save_record(at(3), entries=[entry("glute-bridge", sets_done=2)], folder=tmp_path)
    record = load(path, SessionRecord).model
    record.entries[0].done = [SetDone(reps=12, load="2 kg"), SetDone(reps=12, load="2 kg")]
    record.progress = [
        ProgressNote(
            block=0, item=0, exercise="glute-bridge", rung=1, rungs=3, reps=12, why="=Up \x1b[2J"
        )
    ]
    path.write_text(dumps(record), encoding="utf-8")
    rows = list(csv.reader(io.StringIO(entries_csv(load_history(tmp_path)), newline="")))
    row = dict(zip(ENTRY_COLUMNS, rows[1], strict=True))
    assert row["done"] == "2 × 12 · 2 kg"
    assert row["dose_of_the_day"] == "'=Up \\x1b[2J"  # text, not a formula or a control code
