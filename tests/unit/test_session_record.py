"""Session records: written atomically after every finished set, found again when unfinished,
and resumed at the set in progress."""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from fakes import FakeClock, WallClock

from hamtui import paths
from hamtui.files import dumps, load, sha256_bytes
from hamtui.library import Library
from hamtui.model.exercise import ExerciseBody
from hamtui.model.program import Program
from hamtui.model.session import SessionRecord
from hamtui.session import (
    Session,
    SessionRecorder,
    SetFinished,
    SetRef,
    build_timeline,
    find_unfinished,
    new_session_path,
    plan_resume,
    session_file_name,
)

T0 = 500.0
WALL0 = datetime(2026, 11, 20, 18, 2, 11, tzinfo=UTC)
SHA = "a" * 64


def FakeWall(clock: FakeClock) -> WallClock:
    """A wall clock that follows a FakeClock: WALL0 at T0."""
    return WallClock(clock, WALL0, T0)


def exercise(name: str, mode: str = "hold", **fields: Any) -> ExerciseBody:
    return ExerciseBody.model_validate(
        {"name": name, "category": "strength", "mode": mode, **fields}
    )


EXERCISES = {
    "hold-ex": exercise("Hold Ex", regressions=["easy-hold"]),
    "easy-hold": exercise("Easy Hold"),
    "reps-ex": exercise("Reps Ex", "reps"),
}


def make_program(*blocks: dict[str, Any]) -> Program:
    return Program.model_validate(
        {"format": "hamtui-program/1", "title": "T", "blocks": list(blocks), "exercises": EXERCISES}
    )


STRAIGHT = make_program(
    {
        "items": [
            {"exercise": "hold-ex", "sets": 3, "hold_s": 10, "rest_s": 20, "side": "each"},
            {"exercise": "reps-ex", "sets": 2, "reps": 2, "tempo": "1-0-1-0", "rest_s": 5},
        ]
    }
)
CIRCUIT = make_program(
    {
        "rounds": 3,
        "rest_between_rounds_s": 30,
        "items": [
            {"exercise": "hold-ex", "hold_s": 10, "rest_s": 5},
            {"exercise": "reps-ex", "reps": 2, "tempo": "1-0-1-0"},
        ],
    }
)


def program_file(tmp_path: Path, program: Program, name: str = "early-rehab.toml") -> Path:
    path = tmp_path / name
    path.write_text(dumps(program), encoding="utf-8")
    return path


def sessions_files() -> list[str]:
    return sorted(p.name for p in paths.sessions_dir().iterdir())


def read(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def start(
    program: Program, program_path: Path, clock: FakeClock, **timeline: Any
) -> tuple[Session, SessionRecorder]:
    sha = sha256_bytes(program_path.read_bytes())
    recorder = SessionRecorder.create(program_path, sha, FakeWall(clock))
    session = Session(build_timeline(program, Library(), **timeline), clock)
    recorder.handle(session.start())
    recorder.handle(session.acknowledge())
    return session, recorder


# ---------------------------------------------------------------------------------------------


def test_file_name_is_the_utc_start_and_a_safe_program_stem() -> None:
    local = WALL0.astimezone(timezone(timedelta(hours=2)))
    name = session_file_name(local, Path("progs/early-rehab.toml"))
    assert re.fullmatch(r"20261120T180211Z-early-rehab-[0-9a-f]{6}\.toml", name)
    assert session_file_name(local, Path("progs/early-rehab.toml")) != name  # a random part
    assert re.fullmatch(
        r"20261120T180211Z-x-y-[0-9a-f]{6}\.toml",
        session_file_name(WALL0, Path("../../we ird/..x y!.toml")),
    )
    assert re.fullmatch(
        r"20261120T180211Z-program-[0-9a-f]{6}\.toml", session_file_name(WALL0, Path("....toml"))
    )


def test_create_writes_in_the_sessions_folder_and_never_reuses_a_name(tmp_path: Path) -> None:
    program_path = program_file(tmp_path, STRAIGHT)
    clock = FakeClock(T0)
    first = SessionRecorder.create(program_path, SHA, FakeWall(clock))
    second = SessionRecorder.create(program_path, SHA, FakeWall(clock))
    assert first.path.parent == paths.sessions_dir()
    assert first.path.name.startswith("20261120T180211Z-early-rehab-")
    assert second.path.name.startswith("20261120T180211Z-early-rehab-")
    assert second.path != first.path
    assert not new_session_path(program_path, WALL0).exists()
    data = read(first.path)
    assert data == {
        "format": "hamtui-session/1",
        "program": "early-rehab.toml",
        "program_sha256": SHA,
        # where the program was (absolute: it is outside the data folder), to find it again
        "program_path": str(program_path.resolve()),
        "started": WALL0,
        "status": "in-progress",  # written even though it is the default
    }


def test_the_record_is_written_after_every_finished_set(tmp_path: Path) -> None:
    program_path = program_file(tmp_path, STRAIGHT)
    clock = FakeClock(T0)
    session, recorder = start(STRAIGHT, program_path, clock)
    seen: list[list[tuple[str, int]]] = []
    while session.state != "finished":
        clock.advance(0.5)
        events = session.poll()
        if session.state == "awaiting-ack":
            events += session.acknowledge()
        before = recorder.path.read_bytes()
        recorder.handle(events)
        if any(isinstance(e, SetFinished) for e in events):
            assert recorder.path.read_bytes() != before
            data = read(recorder.path)
            seen.append([(e["exercise"], e["sets_done"]) for e in data["entries"]])
            assert data.get("status", "in-progress") == "in-progress" or session.state == "finished"
    assert seen == [
        [("hold-ex", 1)],
        [("hold-ex", 2)],
        [("hold-ex", 3)],
        [("hold-ex", 3), ("reps-ex", 1)],
        [("hold-ex", 3), ("reps-ex", 2)],
    ]
    data = read(recorder.path)
    assert data["status"] == "completed"
    # 10 get-ready, 3 x (10 + 5 + 10) each side, 2 x 20 rest; 10 get-ready, 4 + 5 + 4
    assert data["finished"] == WALL0 + timedelta(seconds=10 + 75 + 40 + 10 + 4 + 5 + 4)
    assert data["entries"][0]["side"] == "each"
    assert [e["kind"] for e in data["events"]] == ["cue", "cue"]
    # atomic: nothing but the record in the folder, no temporary files left behind
    assert sessions_files() == [recorder.path.name]
    loaded = load(recorder.path, SessionRecord)
    assert loaded.model == recorder.record


def test_skips_swaps_pauses_symptoms_and_ratings_are_recorded(tmp_path: Path) -> None:
    program_path = program_file(tmp_path, STRAIGHT)
    clock = FakeClock(T0)
    session, recorder = start(STRAIGHT, program_path, clock)
    clock.advance(10 + 12)
    recorder.handle(session.pause())
    recorder.symptom("Tingling toward the foot", "regress")
    recorder.handle(session.swap_exercise("easy-hold", EXERCISES["easy-hold"]))
    recorder.handle(session.acknowledge())
    recorder.handle(session.skip())  # the get-ready
    recorder.handle(session.skip())  # the left side
    recorder.handle(session.skip())  # the switch
    clock.advance(10)
    recorder.handle(session.poll())  # the right side done, but the set had a skip
    recorder.handle(session.skip_exercise())
    recorder.rate(0, 0, "easy-hold", pain=6, effort=4, side="each")
    data = read(recorder.path)
    assert [
        (e["exercise"], e.get("sets_done", 0), e.get("skipped", False)) for e in data["entries"]
    ] == [("easy-hold", 0, True)]
    assert data["entries"][0]["pain"] == 6 and data["entries"][0]["effort"] == 4
    assert [(e["kind"], e.get("detail", "")) for e in data["events"]] == [
        ("cue", "hold-ex: start cues acknowledged"),
        ("pause", ""),
        ("symptom", "Tingling toward the foot -> regress"),
        ("regress", "hold-ex -> easy-hold"),
        ("cue", "easy-hold: start cues acknowledged"),
        ("skip", "easy-hold: set 1 of 3, left"),
        ("skip", "easy-hold: exercise skipped"),
    ]
    assert data["events"][2]["at"] == WALL0 + timedelta(seconds=22)
    recorder.handle(session.end())
    assert read(recorder.path)["status"] == "ended-early"


def test_a_set_redone_after_back_counts_once(tmp_path: Path) -> None:
    program = make_program(
        {"items": [{"exercise": "hold-ex", "sets": 2, "hold_s": 10, "rest_s": 20}]}
    )
    clock = FakeClock(T0)
    session, recorder = start(program, program_file(tmp_path, program), clock)
    clock.advance(25)
    recorder.handle(session.poll())  # set 1 done, resting
    recorder.handle(session.back())
    clock.advance(10)
    recorder.handle(session.poll())  # set 1 done again
    assert recorder.record.entries[0].sets_done == 1


def test_find_unfinished_lists_in_progress_sessions_newest_first(tmp_path: Path) -> None:
    program_path = program_file(tmp_path, STRAIGHT)
    clock = FakeClock(T0)
    older = SessionRecorder.create(program_path, SHA, FakeWall(clock))
    clock.advance(3600)
    newer = SessionRecorder.create(program_path, SHA, FakeWall(clock))
    clock.advance(3600)
    done = SessionRecorder.create(program_path, SHA, FakeWall(clock))
    done.abandon()
    (paths.sessions_dir() / "broken.toml").write_text("format = ", encoding="utf-8")
    found = find_unfinished()
    assert [f.path for f in found] == [newer.path, older.path]
    assert found[0].record == newer.record
    assert read(done.path)["status"] == "ended-early"
    assert find_unfinished(tmp_path / "nowhere") == []


def _record(program: Program, **entries: Any) -> SessionRecord:
    return SessionRecord.model_validate(
        {
            "format": "hamtui-session/1",
            "program": "p.toml",
            "program_sha256": SHA,
            "started": WALL0,
            "entries": entries.get("entries", []),
        }
    )


def test_resume_position_from_a_partial_record() -> None:
    entries = [{"exercise": "hold-ex", "block": 0, "item": 0, "sets_done": 2}]
    plan = plan_resume(_record(STRAIGHT, entries=entries), STRAIGHT, SHA, Library())
    assert plan.start_at == SetRef(0, 0, 3) and plan.swaps == {} and not plan.program_changed
    entries = [
        {"exercise": "hold-ex", "block": 0, "item": 0, "sets_done": 3},
        {"exercise": "reps-ex", "block": 0, "item": 1, "sets_done": 2},
    ]
    assert (
        plan_resume(_record(STRAIGHT, entries=entries), STRAIGHT, SHA, Library()).start_at is None
    )
    entries = [{"exercise": "hold-ex", "block": 0, "item": 0, "sets_done": 1, "skipped": True}]
    plan = plan_resume(_record(STRAIGHT, entries=entries), STRAIGHT, "b" * 64, Library())
    assert plan.start_at == SetRef(0, 1, 1) and plan.program_changed
    assert plan_resume(_record(STRAIGHT), STRAIGHT, SHA, Library()).start_at == SetRef(0, 0, 1)


def test_resume_position_in_a_circuit_and_after_a_swap() -> None:
    entries = [
        {"exercise": "hold-ex", "block": 0, "item": 0, "sets_done": 2},
        {"exercise": "reps-ex", "block": 0, "item": 1, "sets_done": 1},
    ]
    plan = plan_resume(_record(CIRCUIT, entries=entries), CIRCUIT, SHA, Library())
    assert plan.start_at == SetRef(0, 1, 2)  # round 2, second station
    entries = [
        {"exercise": "hold-ex", "block": 0, "item": 0, "sets_done": 1},
        {"exercise": "easy-hold", "block": 0, "item": 0, "sets_done": 1},
        {"exercise": "reps-ex", "block": 0, "item": 1, "sets_done": 2},
        {"exercise": "gone-now", "block": 0, "item": 1},
        {"exercise": "reps-ex", "block": 7, "item": 0, "sets_done": 9},
    ]
    plan = plan_resume(_record(CIRCUIT, entries=entries), CIRCUIT, SHA, Library())
    assert plan.start_at == SetRef(0, 0, 3) and plan.swaps == {(0, 0): "easy-hold"}
    tl = build_timeline(CIRCUIT, Library(), start_at=plan.start_at, swaps=plan.swaps)
    assert [(s.kind, s.slug, s.set) for s in tl] == [
        ("get-ready", "easy-hold", 3),
        ("work", "easy-hold", 3),
        ("rest", "easy-hold", 3),
        ("get-ready", "reps-ex", 3),
        ("work", "reps-ex", 3),
    ]


def test_a_killed_session_resumes_at_the_set_in_progress(tmp_path: Path) -> None:
    program_path = program_file(tmp_path, STRAIGHT)
    clock = FakeClock(T0)
    session, recorder = start(STRAIGHT, program_path, clock)
    clock.advance(10 + 25 + 20 + 12)  # set 1 done, 12 s into set 2: then the process dies
    recorder.handle(session.poll())
    del session, recorder

    found = find_unfinished()
    assert len(found) == 1
    sha = sha256_bytes(program_path.read_bytes())
    plan = plan_resume(found[0].record, STRAIGHT, sha, Library())
    assert plan.start_at == SetRef(0, 0, 2) and not plan.program_changed
    clock.advance(3600)
    recorder = SessionRecorder.reopen(found[0].path, FakeWall(clock))
    timeline = build_timeline(STRAIGHT, Library(), start_at=plan.start_at, swaps=plan.swaps)
    session = Session(timeline, clock)
    assert session.progress() > 0.2  # the set done before counts
    recorder.handle(session.start())
    assert session.step is not None and (session.step.kind, session.step.set) == ("get-ready", 2)
    recorder.handle(session.acknowledge())
    while session.state != "finished":
        clock.advance(1)
        recorder.handle(session.poll() + session.acknowledge())
    data = read(found[0].path)
    assert data["status"] == "completed"
    assert [(e["exercise"], e["sets_done"]) for e in data["entries"]] == [
        ("hold-ex", 3),
        ("reps-ex", 2),
    ]
    assert ("resume", "resumed after an interruption") in [
        (e["kind"], e.get("detail", "")) for e in data["events"]
    ]
    assert sessions_files() == [found[0].path.name]


@pytest.mark.parametrize("status", ["completed", "ended-early"])
def test_reopen_round_trips_the_record(tmp_path: Path, status: str) -> None:
    program_path = program_file(tmp_path, STRAIGHT)
    clock = FakeClock(T0)
    recorder = SessionRecorder.create(program_path, SHA, FakeWall(clock))
    recorder.entry(0, 1, "reps-ex").notes = "felt fine"
    recorder.record.status = status  # type: ignore[assignment]
    recorder.write()
    again = load(recorder.path, SessionRecord).model
    assert again == recorder.record
