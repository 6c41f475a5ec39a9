"""The session engine: timelines of whole programs and the state machine over them, driven by
a fake clock. Every boundary is checked at its exact scheduled time (deadline math, no sleeps).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fakes import FakeClock

from hamtui.files import load_program
from hamtui.library import Library, load_library
from hamtui.model.exercise import ExerciseBody
from hamtui.model.program import Program
from hamtui.session import (
    Acknowledged,
    AwaitingAck,
    CueDue,
    ExerciseFinished,
    ExerciseSkipped,
    ExerciseSwapped,
    Paused,
    RepStarted,
    RestAdded,
    Resumed,
    Session,
    SessionError,
    SessionEvent,
    SessionFinished,
    SetFinished,
    SetRef,
    StepSkipped,
    StepStarted,
    Timeline,
    build_timeline,
    pain_needs_advice,
)

REPO = Path(__file__).resolve().parents[2]
T0 = 1000.0


def exercise(name: str, mode: str = "reps", **fields: Any) -> ExerciseBody:
    body: dict[str, Any] = {"name": name, "category": "strength", "mode": mode}
    body.update(fields)
    return ExerciseBody.model_validate(body)


HOLD = exercise("Hold Ex", "hold", defaults={"hold_s": 20}, regressions=["easy-hold"])
EASY_HOLD = exercise("Easy Hold", "hold", defaults={"hold_s": 15, "reps": 2})
NO_DEFAULT_HOLD = exercise("Plain Hold", "hold")
REPS = exercise("Reps Ex", regressions=["easy-reps"])
EASY_REPS = exercise("Easy Reps", defaults={"reps": 6})
CUED = exercise(
    "Cued Ex",
    "hold",
    red_flags=["Tingling into the foot"],
    cues=[
        {"text": "Set up tall", "at": "start"},
        {"text": "Halfway there", "at": "halfway"},
        {"text": "Five seconds in", "at": 5},
        {"text": "Each rep", "at": "every-rep"},
        {"text": "Nearly done", "at": "end"},
        {"text": "Never happens", "at": 500},
        {"text": "Stop if it pulls sharply", "at": "start", "level": "stop"},
    ],
)

EXERCISES = {
    "hold-ex": HOLD,
    "easy-hold": EASY_HOLD,
    "plain-hold": NO_DEFAULT_HOLD,
    "reps-ex": REPS,
    "easy-reps": EASY_REPS,
    "cued-ex": CUED,
}


def program(*blocks: dict[str, Any]) -> Program:
    return Program.model_validate(
        {
            "format": "hamtui-program/1",
            "title": "Test",
            "blocks": list(blocks),
            "exercises": EXERCISES,
        }
    )


def block(*items: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"items": list(items), **fields}


def item(slug: str, **dose: Any) -> dict[str, Any]:
    return {"exercise": slug, **dose}


def timeline(*blocks: dict[str, Any], **options: Any) -> Timeline:
    return build_timeline(program(*blocks), Library(), **options)


def kinds(tl: Timeline) -> list[tuple[str, str, int, str | None, float | None]]:
    return [(s.kind, s.slug, s.set, s.side, s.duration_s) for s in tl]


def started(events: list[SessionEvent]) -> list[tuple[float, str]]:
    return [(e.at, e.step.kind) for e in events if isinstance(e, StepStarted)]


def run(tl: Timeline, clock: FakeClock, **options: Any) -> tuple[Session, list[SessionEvent]]:
    """A session started and its first pop-up acknowledged at the clock's time."""
    session = Session(tl, clock, **options)
    events = session.start()
    events += session.acknowledge()
    return session, events


def check_boundaries(session: Session, clock: FakeClock, expected: list[tuple[float, str]]) -> None:
    """Walk the clock to each boundary: just before it nothing changes, at it the next step
    starts at exactly that time."""
    for at, kind in expected:
        clock.set(at - 0.001)
        before = session.poll()
        assert not [e for e in before if isinstance(e, StepStarted)], (at, kind, before)
        clock.set(at)
        events = session.poll()
        assert started(events)[:1] == [(at, kind)], (at, kind, events)


# ---------------------------------------------------------------------------------------------
# Timelines


def test_holds_program_expands_into_get_ready_work_and_rest() -> None:
    tl = timeline(block(item("hold-ex", sets=2, reps=2, hold_s=10, rest_s=20)))
    assert kinds(tl) == [
        ("get-ready", "hold-ex", 1, None, 10.0),
        ("work", "hold-ex", 1, None, 23.0),  # 2 holds of 10 s with a 3 s gap
        ("rest", "hold-ex", 1, None, 20.0),
        ("work", "hold-ex", 2, None, 23.0),  # no rest after the last work step
    ]
    assert tl[0].intro and tl[1].pacing == "hold" and tl[3].last_of_item
    assert tl.planned_s == 10 + 23 + 20 + 23


def test_hold_seconds_come_from_the_item_then_the_exercise_then_30() -> None:
    tl = timeline(block(item("hold-ex"), item("plain-hold"), item("hold-ex", hold_s=7)))
    works = [s for s in tl if s.kind == "work"]
    assert [s.duration_s for s in works] == [20.0, 30.0, 7.0]
    assert timeline(block(item("hold-ex", reps=3)), rep_gap_s=0)[1].duration_s == 60.0


def test_reps_self_paced_have_no_duration_and_tempo_reps_do() -> None:
    tl = timeline(block(item("reps-ex", reps=10), item("reps-ex", reps=4, tempo="3-1-1-0")))
    self_paced, tempo = [s for s in tl if s.kind == "work"]
    assert self_paced.duration_s is None and self_paced.planned_s == 30.0  # 3 s a rep estimate
    assert self_paced.pacing == "self" and self_paced.rep_at(5.0) is None
    assert tempo.duration_s == 20.0 and tempo.pacing == "tempo"
    assert tempo.rep_starts() == (0.0, 5.0, 10.0, 15.0)
    # 0-tempo is not timed
    assert timeline(block(item("reps-ex", tempo="0-0-0-0")))[1].duration_s is None


def test_each_side_doubles_the_work_with_a_switch_between() -> None:
    tl = timeline(block(item("hold-ex", sets=2, hold_s=30, rest_s=15, side="each")))
    assert kinds(tl) == [
        ("get-ready", "hold-ex", 1, "left", 10.0),
        ("work", "hold-ex", 1, "left", 30.0),
        ("switch-side", "hold-ex", 1, "right", 5.0),
        ("work", "hold-ex", 1, "right", 30.0),
        ("rest", "hold-ex", 1, None, 15.0),
        ("work", "hold-ex", 2, "left", 30.0),
        ("switch-side", "hold-ex", 2, "right", 5.0),
        ("work", "hold-ex", 2, "right", 30.0),
    ]
    assert [s.last_of_set for s in tl if s.kind == "work"] == [False, True, False, True]
    one_side = timeline(block(item("hold-ex", hold_s=30, side="right")))
    assert kinds(one_side) == [
        ("get-ready", "hold-ex", 1, "right", 10.0),
        ("work", "hold-ex", 1, "right", 30.0),
    ]
    assert "switch-side" not in [
        s.kind for s in timeline(block(item("hold-ex", side="each")), switch_side_s=0)
    ]


def test_circuit_does_one_set_of_each_item_per_round_with_round_rests() -> None:
    tl = timeline(
        block(
            item("reps-ex", reps=5, tempo="1-0-1-0", rest_s=15),
            item("hold-ex", hold_s=10, sets=4, rest_s=99),
            rounds=3,
            rest_between_rounds_s=60,
        ),
        block(item("plain-hold", hold_s=5, rest_s=7), rounds=2, rest_between_rounds_s=30),
    )
    assert kinds(tl) == [
        ("get-ready", "reps-ex", 1, None, 10.0),
        ("work", "reps-ex", 1, None, 10.0),
        ("rest", "reps-ex", 1, None, 15.0),  # the item's rest between stations
        ("get-ready", "hold-ex", 1, None, 10.0),
        ("work", "hold-ex", 1, None, 10.0),
        ("round-rest", "hold-ex", 1, None, 60.0),
        ("get-ready", "reps-ex", 2, None, 10.0),
        ("work", "reps-ex", 2, None, 10.0),
        ("rest", "reps-ex", 2, None, 15.0),
        ("get-ready", "hold-ex", 2, None, 10.0),
        ("work", "hold-ex", 2, None, 10.0),
        ("round-rest", "hold-ex", 2, None, 60.0),
        ("get-ready", "reps-ex", 3, None, 10.0),
        ("work", "reps-ex", 3, None, 10.0),
        ("rest", "reps-ex", 3, None, 15.0),
        ("get-ready", "hold-ex", 3, None, 10.0),
        ("work", "hold-ex", 3, None, 10.0),  # sets=4 is not used in a circuit
        # a one-item circuit: no get-ready between rounds, no rest after the last round
        ("get-ready", "plain-hold", 1, None, 10.0),
        ("work", "plain-hold", 1, None, 5.0),
        ("round-rest", "plain-hold", 1, None, 30.0),
        ("work", "plain-hold", 2, None, 5.0),
    ]
    assert [s.intro for s in tl if s.kind == "get-ready"] == [
        True,
        True,
        False,
        False,
        False,
        False,
        True,
    ]
    assert [(s.round, s.rounds) for s in tl if s.slug == "hold-ex" and s.kind == "work"] == [
        (1, 3),
        (2, 3),
        (3, 3),
    ]
    assert [s.last_of_item for s in tl if s.kind == "work"] == [
        False,
        False,
        False,
        False,
        True,
        True,
        False,
        True,
    ]


@pytest.mark.parametrize("path", sorted((REPO / "programs").glob("*.toml")), ids=lambda p: p.stem)
def test_every_example_program_builds(path: Path) -> None:
    library = load_library(bundled_only=True)
    prog = load_program(path).model
    tl = build_timeline(prog, library)
    assert tl[0].kind == "get-ready" and tl[0].intro
    assert tl[-1].kind == "work" and tl[-1].last_of_item
    works = sum(1 for s in tl if s.kind == "work")
    expected = sum(
        (b.rounds if b.rounds > 1 else i.sets) * (2 if i.side == "each" else 1)
        for b in prog.blocks
        for i in b.items
    )
    assert works == expected


def test_an_unresolved_exercise_is_a_session_error() -> None:
    with pytest.raises(SessionError, match="nowhere-to-be-found"):
        timeline(block(item("nowhere-to-be-found")))


def test_start_at_skips_the_sets_before_and_starts_with_an_intro() -> None:
    full = timeline(
        block(item("hold-ex", sets=3, hold_s=10, rest_s=20), item("reps-ex", sets=2, rest_s=5))
    )
    resumed = timeline(
        block(item("hold-ex", sets=3, hold_s=10, rest_s=20), item("reps-ex", sets=2, rest_s=5)),
        start_at=(0, 0, 2),
    )
    assert kinds(resumed)[:3] == [
        ("get-ready", "hold-ex", 2, None, 10.0),
        ("work", "hold-ex", 2, None, 10.0),
        ("rest", "hold-ex", 2, None, 20.0),
    ]
    assert resumed[0].intro
    assert resumed.done_before_s == 10 + 10 + 20  # get-ready, set 1, rest
    assert resumed.done_before_s + resumed.planned_s == full.planned_s + 10  # one get-ready more
    with pytest.raises(SessionError, match="no set 9"):
        timeline(block(item("hold-ex")), start_at=SetRef(0, 0, 9))


def test_swaps_replace_an_items_exercise() -> None:
    tl = timeline(block(item("hold-ex", hold_s=10), item("reps-ex")), swaps={(0, 0): "easy-hold"})
    assert [s.slug for s in tl if s.kind == "work"] == ["easy-hold", "reps-ex"]


# ---------------------------------------------------------------------------------------------
# Walking whole programs


def test_walk_a_holds_program_boundary_by_boundary() -> None:
    clock = FakeClock()
    tl = timeline(block(item("hold-ex", sets=2, reps=2, hold_s=10, rest_s=20)))
    session = Session(tl, clock)
    assert session.state == "idle" and session.step is tl[0] and session.time_left() == 76
    events = session.start()
    assert session.state == "awaiting-ack"
    assert [type(e) for e in events] == [StepStarted, AwaitingAck]
    clock.advance(42)  # the pop-up takes its time: the countdown has not started
    assert session.poll() == [] and session.remaining() == 10 and session.elapsed() == 0
    ack = session.acknowledge()
    assert [type(e) for e in ack] == [Acknowledged] and session.state == "running"
    t = T0 + 42
    check_boundaries(
        session,
        clock,
        [(t + 10, "work"), (t + 33, "rest"), (t + 53, "work")],
    )
    clock.set(t + 76)
    end = session.poll()
    assert [type(e) for e in end] == [RepStarted, SetFinished, ExerciseFinished, SessionFinished]
    assert end[0].at == t + 66
    assert end[-1].at == t + 76 and session.state == "finished" and session.status == "completed"
    assert session.progress() == 1.0 and session.time_left() == 0 and session.step is None


def test_hold_reps_start_at_exact_times_with_hold_and_release_phases() -> None:
    clock = FakeClock()
    tl = timeline(block(item("hold-ex", reps=3, hold_s=10)))
    session, _ = run(tl, clock)
    clock.advance(10)
    session.poll()  # work starts at T0 + 10
    clock.advance(100)
    events = session.poll()
    assert [(e.at, e.rep) for e in events if isinstance(e, RepStarted)] == [
        (T0 + 23, 2),
        (T0 + 36, 3),
    ]
    step = tl[1]
    phase = step.rep_at(9.5)
    assert phase is not None and (phase.rep, phase.phase, phase.phase_remaining) == (1, "hold", 0.5)
    phase = step.rep_at(11)
    assert phase is not None and (phase.rep, phase.phase, phase.phase_remaining) == (
        1,
        "release",
        2,
    )
    phase = step.rep_at(13)
    assert phase is not None and (phase.rep, phase.phase) == (2, "hold")
    phase = step.rep_at(35.5)
    assert phase is not None and (phase.rep, phase.reps, phase.phase) == (3, 3, "hold")
    assert phase.phase_remaining == 0.5


def test_tempo_reps_have_phases_and_self_paced_reps_wait_for_done() -> None:
    clock = FakeClock()
    tl = timeline(
        block(item("reps-ex", reps=2, tempo="3-1-1-0"), item("reps-ex", sets=2, reps=10, rest_s=30))
    )
    session, _ = run(tl, clock)
    check_boundaries(session, clock, [(T0 + 10, "work")])
    clock.set(T0 + 13.5)
    session.poll()
    rep = session.rep()
    assert rep is not None and (rep.rep, rep.phase, rep.phase_remaining) == (1, "pause-bottom", 0.5)
    clock.set(T0 + 19.0)
    session.poll()
    rep = session.rep()
    assert rep is not None and (rep.rep, rep.phase) == (2, "lift")
    # 2 x 5 s of tempo ends at +20; the next item (the same exercise) has its own pop-up
    clock.set(T0 + 20)
    events = session.poll()
    assert started(events) == [(T0 + 20, "get-ready")] and session.state == "awaiting-ack"
    clock.set(T0 + 25)
    session.acknowledge()
    clock.set(T0 + 35)
    assert started(session.poll()) == [(T0 + 35, "work")]
    assert session.remaining() is None
    clock.set(T0 + 5000)  # no deadline: a self-paced set waits
    assert [e for e in session.poll() if isinstance(e, StepStarted)] == []
    assert session.elapsed() == 4965
    assert session.time_left() == 0 + 30 + 30  # the estimate is used up; rest + next set
    events = session.done()
    assert [type(e) for e in events] == [SetFinished, StepStarted]
    assert events[1].at == T0 + 5000 and events[1].step.kind == "rest"
    check_boundaries(session, clock, [(T0 + 5030, "work")])
    clock.advance(2)
    end = session.done()
    assert [type(e) for e in end] == [SetFinished, ExerciseFinished, SessionFinished]


def test_done_does_nothing_on_timed_steps() -> None:
    clock = FakeClock()
    session, _ = run(timeline(block(item("hold-ex", hold_s=10))), clock)
    assert session.done() == []
    clock.advance(10)
    session.poll()
    assert session.done() == [] and session.step is not None and session.step.kind == "work"


def test_walk_an_each_side_item() -> None:
    clock = FakeClock()
    tl = timeline(block(item("hold-ex", sets=2, hold_s=30, rest_s=15, side="each")))
    session, _ = run(tl, clock)
    finished: list[SetFinished] = []
    t = T0
    for at, kind in [
        (10, "work"),
        (40, "switch-side"),
        (45, "work"),
        (75, "rest"),
        (90, "work"),
        (120, "switch-side"),
        (125, "work"),
    ]:
        clock.set(t + at - 0.001)
        assert not started(session.poll())
        clock.set(t + at)
        events = session.poll()
        assert started(events) == [(t + at, kind)]
        finished += [e for e in events if isinstance(e, SetFinished)]
        assert session.step is not None
        if kind in ("work", "switch-side"):
            assert session.step.side == ("left" if at in (10, 90) else "right")
    assert [(e.at, e.step.set, e.step.side) for e in finished] == [(T0 + 75, 1, "right")]
    clock.set(t + 155)
    events = session.poll()
    assert [(e.at, e.step.set) for e in events if isinstance(e, SetFinished)] == [(T0 + 155, 2)]
    assert session.state == "finished"


def test_walk_a_circuit_with_round_rests() -> None:
    clock = FakeClock()
    tl = timeline(
        block(
            item("hold-ex", hold_s=10, rest_s=5),
            item("reps-ex", reps=2, tempo="2-0-2-0", rest_s=5),
            rounds=2,
            rest_between_rounds_s=30,
        )
    )
    session, _ = run(tl, clock)
    # round 1: get-ready 10, hold 10, rest 5, get-ready (intro) ...
    check_boundaries(session, clock, [(T0 + 10, "work"), (T0 + 20, "rest"), (T0 + 25, "get-ready")])
    assert session.state == "awaiting-ack"  # a new exercise: its pop-up first
    clock.set(T0 + 27)
    session.acknowledge()
    t = T0 + 27
    expected = [
        (t + 10, "work"),
        (t + 18, "round-rest"),
        (t + 48, "get-ready"),
        (t + 58, "work"),
        (t + 68, "rest"),
        (t + 73, "get-ready"),
        (t + 83, "work"),
    ]
    check_boundaries(session, clock, expected)
    assert session.state == "running"  # round 2: no pop-ups, the countdowns just run
    clock.set(t + 91)
    events = session.poll()
    assert [type(e) for e in events] == [RepStarted, SetFinished, ExerciseFinished, SessionFinished]
    assert events[0].at == t + 87 and events[-1].at == t + 91


def test_a_long_sleep_processes_every_passed_deadline_in_order() -> None:
    clock = FakeClock()
    tl = timeline(
        block(item("hold-ex", sets=2, reps=2, hold_s=10, rest_s=20, side="each")),
        block(item("reps-ex", reps=2, tempo="1-1-1-1")),
    )
    session, _ = run(tl, clock)
    clock.set(T0 + 10_000)  # the laptop slept through it all, apart from the second pop-up
    events = session.poll()
    ats = [e.at for e in events]
    assert ats == sorted(ats)
    assert started(events) == [
        (T0 + 10, "work"),
        (T0 + 33, "switch-side"),
        (T0 + 38, "work"),
        (T0 + 61, "rest"),
        (T0 + 81, "work"),
        (T0 + 104, "switch-side"),
        (T0 + 109, "work"),
        (T0 + 132, "get-ready"),
    ]
    assert [(e.at, e.rep) for e in events if isinstance(e, RepStarted)] == [
        (T0 + 23, 2),
        (T0 + 51, 2),
        (T0 + 94, 2),
        (T0 + 122, 2),
    ]
    assert [e.at for e in events if isinstance(e, SetFinished)] == [T0 + 61, T0 + 132]
    assert isinstance(events[-1], AwaitingAck) and session.state == "awaiting-ack"
    clock.set(T0 + 20_000)
    session.acknowledge()
    clock.set(T0 + 30_000)
    events = session.poll()
    assert started(events) == [(T0 + 20_010, "work")]
    assert isinstance(events[-1], SessionFinished) and events[-1].at == T0 + 20_018


# ---------------------------------------------------------------------------------------------
# Commands


def test_pause_keeps_the_remaining_time_and_resume_sets_a_new_deadline() -> None:
    clock = FakeClock()
    tl = timeline(block(item("hold-ex", sets=2, hold_s=30, rest_s=20)))
    session, _ = run(tl, clock)
    clock.set(T0 + 22)  # 12 s into the first hold
    assert [type(e) for e in session.pause()] == [StepStarted, Paused]
    assert session.state == "paused" and session.remaining() == 18 and session.elapsed() == 12
    clock.advance(500)
    assert session.poll() == []
    assert session.remaining() == 18 and session.elapsed() == 12
    assert session.pause() == []  # already paused
    events = session.resume()
    assert events == [Resumed(T0 + 522, 1, 500.0)]
    assert session.remaining() == 18
    check_boundaries(session, clock, [(T0 + 540, "rest"), (T0 + 560, "work")])


def test_pause_in_a_rest_then_add_rest() -> None:
    clock = FakeClock()
    tl = timeline(block(item("hold-ex", sets=2, hold_s=30, rest_s=20)))
    session, _ = run(tl, clock)
    assert session.add_rest() == []  # not during a get-ready
    clock.set(T0 + 20)
    session.poll()
    assert session.add_rest() == [] and session.remaining() == 20  # not during work
    clock.set(T0 + 45)  # 5 s into the rest
    session.poll()
    assert session.can_add_rest()
    assert session.add_rest() == [RestAdded(T0 + 45, 2, 10)]
    assert session.remaining() == 25
    session.pause()
    clock.advance(100)
    session.add_rest(5)
    assert session.remaining() == 30
    session.resume()
    check_boundaries(session, clock, [(T0 + 175, "work")])
    assert session.total_s() == 10 + 30 + 20 + 30 + 15


def test_skip_a_step_starts_the_next_one_now_and_a_skipped_set_is_marked() -> None:
    clock = FakeClock()
    tl = timeline(block(item("hold-ex", sets=2, hold_s=30, rest_s=20)))
    session, _ = run(tl, clock)
    clock.set(T0 + 4)
    events = session.skip()  # the get-ready
    assert started(events) == [(T0 + 4, "work")]
    clock.set(T0 + 10)
    events = session.skip()  # the first hold, after 6 s
    assert [type(e) for e in events] == [StepSkipped, SetFinished, StepStarted]
    assert isinstance(events[1], SetFinished) and events[1].skipped
    assert started(events) == [(T0 + 10, "rest")]
    check_boundaries(session, clock, [(T0 + 30, "work")])
    clock.set(T0 + 60)
    events = session.poll()
    assert [e.skipped for e in events if isinstance(e, SetFinished)] == [False]


def test_skip_while_paused_stays_paused_at_the_next_step() -> None:
    clock = FakeClock()
    session, _ = run(timeline(block(item("hold-ex", sets=2, hold_s=30, rest_s=20))), clock)
    clock.set(T0 + 15)
    session.poll()
    session.pause()
    clock.advance(3)
    session.skip()
    assert session.state == "paused" and session.step is not None
    assert session.step.kind == "rest" and session.remaining() == 20
    clock.advance(100)
    session.resume()
    assert session.remaining() == 20


def test_back_restarts_the_set_or_goes_to_the_previous_one() -> None:
    clock = FakeClock()
    tl = timeline(block(item("hold-ex", sets=3, hold_s=30, rest_s=20, side="each")))
    session, _ = run(tl, clock)
    work1 = 1
    clock.set(T0 + 10 + 30 + 5 + 12)  # 12 s into set 1, right side
    session.poll()
    assert session.step is not None and session.step.side == "right"
    events = session.back()
    assert started(events) == [(clock.now, "work")] and session.index == work1
    assert session.step is not None and session.step.side == "left"
    clock.advance(1)  # within the first 3 s of set 1: nothing before it, restart it
    session.back()
    assert session.index == work1 and session.remaining() == 30
    # the rest after set 1 belongs to set 1: back redoes set 1
    clock.advance(65)
    session.poll()
    assert session.step is not None and session.step.kind == "rest"
    session.back()
    assert session.index == work1
    # within 3 s of set 2's work: to set 1
    clock.advance(65 + 20 + 1)
    session.poll()
    assert session.step is not None and (session.step.set, session.step.side) == (2, "left")
    session.back()
    assert session.index == work1
    # a set redone after back counts its work again, and the deadlines are fresh
    check_boundaries(session, clock, [(clock.now + 30, "switch-side")])


def test_back_from_a_get_ready_goes_to_the_previous_exercise() -> None:
    clock = FakeClock()
    tl = timeline(block(item("hold-ex", sets=2, hold_s=30, rest_s=20), item("reps-ex")))
    session, _ = run(tl, clock)
    session.back()  # the first get-ready: stays where it is
    assert session.index == 0 and session.state == "running"
    clock.set(T0 + 10 + 30 + 20 + 30)
    session.poll()
    assert session.state == "awaiting-ack"
    session.back()
    assert session.index == 3 and session.step is not None and session.step.set == 2


def test_end_early() -> None:
    clock = FakeClock()
    tl = timeline(block(item("hold-ex", sets=2, hold_s=30, rest_s=20)))
    session, _ = run(tl, clock)
    clock.set(T0 + 45)
    events = session.end()
    assert isinstance(events[-1], SessionFinished) and events[-1].status == "ended-early"
    assert session.state == "finished" and session.status == "ended-early"
    assert session.progress() == pytest.approx(45 / 90)
    assert session.end() == [] and session.poll() == [] and session.skip() == []


def test_totals_time_left_and_progress() -> None:
    clock = FakeClock()
    tl = timeline(block(item("hold-ex", sets=2, hold_s=30, rest_s=20), item("reps-ex", reps=5)))
    total = 10 + 30 + 20 + 30 + 10 + 15  # the self-paced 5 reps count 15 s
    session = Session(tl, clock)
    assert session.total_s() == total and session.time_left() == total and session.progress() == 0
    session.start()
    session.acknowledge()
    clock.set(T0 + 25)
    session.poll()
    assert session.time_left() == total - 25
    assert session.progress() == pytest.approx(25 / total)
    assert session.next_step is not None and session.next_step.kind == "rest"
    assert session.next_work is not None and session.next_work.set == 2


def test_next_step_and_next_work_say_what_comes_next() -> None:
    tl = timeline(block(item("hold-ex", hold_s=30), item("reps-ex")))
    session = Session(tl, FakeClock())
    session.start()
    assert session.next_step is tl[1]
    assert session.next_work is tl[1]
    session.skip()
    assert session.next_work is not None and session.next_work.slug == "reps-ex"


def test_require_ack_false_runs_without_pop_ups() -> None:
    clock = FakeClock()
    tl = timeline(block(item("cued-ex", hold_s=30)))
    session = Session(tl, clock, require_ack=False)
    events = session.start()
    assert session.state == "running"
    cues = [e.cue.text for e in events if isinstance(e, CueDue)]
    assert cues == ["Set up tall", "Stop if it pulls sharply"]


# ---------------------------------------------------------------------------------------------
# Cues


def test_the_intro_carries_start_cues_red_flags_stop_cues_and_trainer_cues() -> None:
    tl = timeline(block(item("cued-ex", cues=["Breathe out"], notes="Go easy")))
    info = tl[0].exercise
    assert [c.text for c in info.start_cues] == ["Set up tall", "Stop if it pulls sharply"]
    assert [c.text for c in info.stop_cues] == ["Stop if it pulls sharply"]
    assert info.stop_cues[0].stop
    assert info.red_flags == ("Tingling into the foot",)
    assert info.trainer_cues == ("Breathe out",) and info.notes == "Go easy"


def test_timed_cues_fire_once_at_their_time_on_each_side() -> None:
    clock = FakeClock()
    tl = timeline(block(item("cued-ex", reps=2, hold_s=20, side="each")))  # 20+3+20 = 43 s
    session, events = run(tl, clock)
    assert not [e for e in events if isinstance(e, CueDue)]  # start cues were in the pop-up
    seen: list[tuple[float, str]] = []
    for _ in range(200):  # poll every 0.5 s: each cue comes once
        clock.advance(0.5)
        seen += [(e.at - T0, e.cue.text) for e in session.poll() if isinstance(e, CueDue)]
    left = [
        (10.0, "Each rep"),
        (15.0, "Five seconds in"),
        (31.5, "Halfway there"),
        (33.0, "Each rep"),
        (48.0, "Nearly done"),  # 43 - 5
    ]
    right = [(at + 48.0, text) for at, text in left]  # switch side 5 s
    assert seen == left + right


def test_cues_after_a_long_sleep_come_with_their_scheduled_times() -> None:
    clock = FakeClock()
    tl = timeline(block(item("cued-ex", hold_s=8)))  # end cue at 8 - min(5, 2) = 6
    session, _ = run(tl, clock)
    clock.set(T0 + 100)
    events = session.poll()
    assert [(e.at - T0, e.cue.text) for e in events if isinstance(e, CueDue)] == [
        (10.0, "Each rep"),
        (14.0, "Halfway there"),
        (15.0, "Five seconds in"),
        (16.0, "Nearly done"),
    ]


def test_a_later_circuit_round_has_its_start_cues_due_at_the_get_ready() -> None:
    clock = FakeClock()
    tl = timeline(block(item("cued-ex", hold_s=8), item("hold-ex", hold_s=8), rounds=2))
    session, _ = run(tl, clock)
    clock.set(T0 + 18)
    session.poll()
    session.acknowledge()
    clock.set(T0 + 1000)
    events = session.poll()
    round2 = [e for e in events if isinstance(e, CueDue) and e.step.kind == "get-ready"]
    assert [(e.at - T0, e.cue.text) for e in round2] == [
        (36.0, "Set up tall"),
        (36.0, "Stop if it pulls sharply"),
    ]


def test_pause_moves_the_cues_with_the_work() -> None:
    clock = FakeClock()
    session, _ = run(timeline(block(item("cued-ex", hold_s=30))), clock)
    clock.set(T0 + 12)
    session.pause()
    clock.set(T0 + 112)
    session.resume()
    clock.set(T0 + 200)
    cues = [(e.at - T0, e.cue.text) for e in session.poll() if isinstance(e, CueDue)]
    # 2 s in when paused, 100 s paused: the rest of the work is 100 s later
    assert cues == [(115.0, "Five seconds in"), (125.0, "Halfway there"), (135.0, "Nearly done")]


# ---------------------------------------------------------------------------------------------
# Regression swap and skipping an exercise


def test_swap_mid_set_restarts_the_set_with_the_regression() -> None:
    clock = FakeClock()
    tl = timeline(block(item("hold-ex", sets=3, hold_s=30, rest_s=20), item("reps-ex")))
    session, _ = run(tl, clock)
    clock.set(T0 + 10 + 30 + 20 + 12)  # 12 s into set 2
    session.poll()
    session.pause()  # the symptom check pauses
    assert session.can_swap()
    events = session.swap_exercise("easy-hold", EASY_HOLD)
    assert [type(e) for e in events] == [ExerciseSwapped, StepStarted, AwaitingAck]
    assert isinstance(events[0], ExerciseSwapped) and events[0].step.slug == "hold-ex"
    assert events[0].slug == "easy-hold" and events[0].name == "Easy Hold"
    assert session.state == "awaiting-ack"
    step = session.step
    assert step is not None and (step.kind, step.slug, step.set, step.intro) == (
        "get-ready",
        "easy-hold",
        2,
        True,
    )
    assert [(s.slug, s.set, s.duration_s) for s in session.timeline if s.kind == "work"] == [
        ("hold-ex", 1, 30.0),
        ("easy-hold", 2, 30.0),  # same mode: the item's dose
        ("easy-hold", 3, 30.0),
        ("reps-ex", 1, None),
    ]
    session.acknowledge()
    check_boundaries(session, clock, [(clock.now + 10, "work")])


def test_swap_to_another_mode_uses_the_regressions_own_reps_and_hold() -> None:
    clock = FakeClock()
    tl = timeline(block(item("reps-ex", sets=2, reps=12, tempo="2-0-2-0", rest_s=30)))
    session, _ = run(tl, clock)
    session.swap_exercise("easy-hold", EASY_HOLD)
    works = [s for s in session.timeline if s.kind == "work"]
    assert [(s.slug, s.reps, s.pacing, s.duration_s) for s in works] == [
        ("easy-hold", 2, "hold", 33.0),
        ("easy-hold", 2, "hold", 33.0),
    ]


def test_swap_during_a_rest_keeps_the_rest_running() -> None:
    clock = FakeClock()
    tl = timeline(block(item("hold-ex", sets=2, hold_s=30, rest_s=20)))
    session, _ = run(tl, clock)
    clock.set(T0 + 45)
    session.poll()
    events = session.swap_exercise("easy-hold", EASY_HOLD)
    assert [type(e) for e in events] == [ExerciseSwapped]
    assert session.step is not None and session.step.kind == "rest"
    assert session.remaining() == 15
    clock.set(T0 + 60)
    events = session.poll()
    assert started(events) == [(T0 + 60, "get-ready")]  # the regression's intro
    assert session.state == "awaiting-ack"
    assert session.step is not None and session.step.slug == "easy-hold"


def test_swap_or_skip_from_a_rest_after_the_items_last_set_does_nothing() -> None:
    clock = FakeClock()
    tl = timeline(block(item("hold-ex", hold_s=30, rest_s=20), item("reps-ex"), rounds=2))
    session, _ = run(tl, clock)
    clock.set(T0 + 10 + 30 + 5)  # resting after round 1 of hold-ex: round 2 is ahead
    session.poll()
    assert session.can_swap()
    session.skip()
    session.acknowledge()
    clock.advance(10)
    session.done()  # no round rest: round 2's get-ready
    session.skip()
    session.skip()  # hold-ex's last set, skipped: into the rest between stations
    step = session.step
    assert step is not None and (step.kind, step.slug, step.set) == ("rest", "hold-ex", 2)
    assert not session.can_swap()
    assert session.swap_exercise("easy-hold", EASY_HOLD) == []
    assert session.skip_exercise() == []
    idle = Session(timeline(block(item("hold-ex", hold_s=30))), clock)
    assert idle.swap_exercise("easy-hold", EASY_HOLD) == [] and idle.skip_exercise() == []


def test_skip_exercise_goes_to_the_next_exercise() -> None:
    clock = FakeClock()
    tl = timeline(block(item("hold-ex", sets=3, hold_s=30, rest_s=20), item("reps-ex", reps=4)))
    session, _ = run(tl, clock)
    clock.set(T0 + 15)
    session.poll()
    events = session.skip_exercise()
    assert [type(e) for e in events] == [ExerciseSkipped, StepStarted, AwaitingAck]
    assert session.step is not None and (session.step.kind, session.step.slug) == (
        "get-ready",
        "reps-ex",
    )
    assert [s.slug for s in session.timeline] == ["reps-ex", "reps-ex"]
    assert session.timeline.unit_of(session.index) == 0
    session.acknowledge()
    clock.advance(10)
    session.poll()
    events = session.done()
    assert isinstance(events[-1], SessionFinished) and events[-1].status == "completed"


def test_skip_exercise_in_a_circuit_drops_its_later_rounds() -> None:
    clock = FakeClock()
    tl = timeline(
        block(
            item("hold-ex", hold_s=10, rest_s=5),
            item("reps-ex", reps=2, tempo="1-0-1-0"),
            rounds=3,
            rest_between_rounds_s=30,
        )
    )
    session, _ = run(tl, clock)
    clock.set(T0 + 12)
    session.poll()
    session.skip_exercise()
    assert [(s.kind, s.slug, s.set) for s in session.timeline] == [
        ("get-ready", "reps-ex", 1),
        ("work", "reps-ex", 1),
        ("round-rest", "reps-ex", 1),
        ("work", "reps-ex", 2),
        ("round-rest", "reps-ex", 2),
        ("work", "reps-ex", 3),
    ]


def test_skipping_the_only_exercise_before_any_set_ends_the_session_early() -> None:
    """No set done: reaching the end by skipping is not a completed session."""
    clock = FakeClock()
    session, _ = run(timeline(block(item("hold-ex", sets=2, hold_s=30, rest_s=20))), clock)
    clock.set(T0 + 15)
    events = session.skip_exercise()
    assert [type(e) for e in events] == [StepStarted, ExerciseSkipped, SessionFinished]
    assert session.status == "ended-early"


def test_skipping_the_last_exercise_after_a_set_completes_the_session() -> None:
    clock = FakeClock()
    session, _ = run(timeline(block(item("hold-ex", sets=2, hold_s=30, rest_s=20))), clock)
    clock.set(T0 + 70)  # the first set is done; the second is under way
    session.poll()
    session.skip_exercise()
    assert session.status == "completed"


def test_pain_threshold() -> None:
    assert not pain_needs_advice(None)
    assert not pain_needs_advice(5)
    assert pain_needs_advice(6)
    assert pain_needs_advice(3, threshold=2)


def test_an_empty_program_finishes_at_once() -> None:
    session = Session(timeline(), FakeClock())
    assert session.step is None and session.total_s() == 0 and session.progress() == 0
    events = session.start()
    assert events == [SessionFinished(T0, "completed")] and session.state == "finished"
