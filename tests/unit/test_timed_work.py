"""Timed work: continuous work by time (a 5-minute bike, 2 minutes of walking) as an exercise
mode beside holds and reps: shown as "work 5:00", counted down as one bout a set, said in
plain words, imported from cardio records and found with `mode:work`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fakes import FakeClock
from pydantic import ValidationError

from hamtui.dose import clock, defaults_text, effective_dose, parse_clock, swapped_dose
from hamtui.editor import item_for
from hamtui.importer import convert_record
from hamtui.library import Library
from hamtui.model.exercise import ExerciseBody
from hamtui.model.program import Block, Item, Program
from hamtui.search import SearchIndex
from hamtui.session import Session, build_timeline

BIKE = ExerciseBody.model_validate(
    {"name": "Easy bike", "category": "concentric", "mode": "timed", "defaults": {"work_s": 420}}
)
WALK = ExerciseBody.model_validate({"name": "Walk", "category": "concentric", "mode": "timed"})
BRIDGE = ExerciseBody.model_validate(
    {"name": "Bridge", "category": "isometric", "mode": "hold", "defaults": {"hold_s": 10}}
)


def test_clock_words_and_parsing() -> None:
    assert [clock(s) for s in (45, 120, 300, 3750)] == ["0:45", "2:00", "5:00", "1:02:30"]
    assert parse_clock("5:00") == 300 and parse_clock("90") == 90 and parse_clock(" ") is None
    assert parse_clock("1:02:30") == 3750
    for bad in ("5 min", "5:", "-3", "1:2:3:4"):
        with pytest.raises(ValueError, match="like 5:00"):
            parse_clock(bad)


def test_the_dose_reads_work_with_its_time_and_where_it_came_from() -> None:
    own = effective_dose(Item(exercise="bike", work_s=300), BIKE)
    assert own.pacing == "timed" and own.timed_s == 300 and own.reps == 1
    assert own.text() == "work 5:00" and own.work_s() == 300.0
    default = effective_dose(Item(exercise="bike", sets=2, rest_s=60), BIKE)
    assert default.text() == "2 × work 7:00 · rest 60 s"
    assert default.source("timed_s") == "exercise"
    fallback = effective_dose(Item(exercise="walk"), WALK)
    assert fallback.text() == "work 5:00" and fallback.source("timed_s") == "hamtui"
    circuit = effective_dose(
        Item(exercise="walk", work_s=120), WALK, Block(rounds=3, rest_between_rounds_s=30)
    )
    assert circuit.text() == "work 2:00 × 3 rounds"
    # an item may ask any exercise for timed work
    assert effective_dose(Item(exercise="bridge", work_s=60), BRIDGE).text() == "work 1:00"
    # and the library shows a timed exercise's default dose the same way
    assert defaults_text(BIKE.defaults, BIKE.mode) == "work 7:00"
    assert defaults_text(WALK.defaults, WALK.mode) == "work 5:00"


def test_timed_work_takes_no_reps_hold_or_tempo() -> None:
    with pytest.raises(ValidationError, match="it takes no hold_s or reps"):
        Item(exercise="bike", work_s=300, hold_s=5, reps=10)
    with pytest.raises(ValidationError, match="it takes no tempo"):
        Item(exercise="bike", work_s=300, tempo="3-1-1-0")
    with pytest.raises(ValidationError, match="less than or equal to 7200"):
        Item(exercise="bike", work_s=8000)


def test_a_new_item_of_a_timed_exercise_gets_its_time() -> None:
    assert item_for("bike", BIKE).work_s == 420
    assert item_for("walk", WALK).work_s == 300
    assert item_for("bridge", BRIDGE).work_s is None


def test_a_swap_to_or_from_timed_work_takes_the_new_exercises_own_dose() -> None:
    bridge = effective_dose(Item(exercise="bridge", sets=2, rest_s=30), BRIDGE)
    to_walk = swapped_dose(bridge, "hold", WALK, 30)
    assert to_walk.text() == "2 × work 5:00 · rest 30 s"
    back = swapped_dose(to_walk, "timed", BRIDGE, 30)
    assert back.pacing == "hold" and back.hold_s == 10 and back.timed_s is None


def program(*items: dict[str, Any]) -> Program:
    return Program.model_validate(
        {
            "format": "hamtui-program/1",
            "title": "Timed",
            "blocks": [{"items": list(items)}],
            "exercises": {"bike": BIKE.model_dump(), "bridge": BRIDGE.model_dump()},
        }
    )


def test_a_timed_set_is_one_work_step_counted_down_as_work() -> None:
    tl = build_timeline(
        program({"exercise": "bike", "sets": 2, "work_s": 300, "rest_s": 60}), Library()
    )
    assert [(s.kind, s.duration_s) for s in tl] == [
        ("get-ready", 10.0),
        ("work", 300.0),
        ("rest", 60.0),
        ("work", 300.0),
    ]
    work = tl[1]
    assert work.pacing == "timed" and work.rep_starts() == (0.0,)
    phase = work.rep_at(75.0)
    assert phase is not None
    assert (phase.rep, phase.reps, phase.phase, phase.phase_remaining) == (1, 1, "work", 225.0)
    clock = FakeClock()
    session = Session(tl, clock)
    session.start()
    session.acknowledge()
    clock.advance(10 + 299.5)
    session.poll()
    assert session.step is not None and session.step.kind == "work"
    assert session.remaining() == pytest.approx(0.5)
    clock.advance(0.5)
    session.poll()
    assert session.step is not None and session.step.kind == "rest"


def test_cardio_records_import_as_timed_work() -> None:
    record = {
        "id": "Bicycling_Stationary",
        "name": "Bicycling, Stationary",
        "force": None,
        "level": "beginner",
        "mechanic": None,
        "equipment": "machine",
        "primaryMuscles": ["quadriceps"],
        "secondaryMuscles": ["hamstrings"],
        "instructions": ["Sit on the bike.", "Pedal at an easy pace."],
        "category": "cardio",
        "images": [],
    }
    body = convert_record(record)
    assert body.mode == "timed" and body.defaults.work_s == 300
    assert defaults_text(body.defaults, body.mode) == "work 5:00"


def test_mode_work_finds_timed_exercises() -> None:
    index = SearchIndex({"bike": BIKE, "walk": WALK, "bridge": BRIDGE})
    assert sorted(hit.slug for hit in index.search("mode:work")) == ["bike", "walk"]
    assert sorted(hit.slug for hit in index.search("mode:timed")) == ["bike", "walk"]
    assert [hit.slug for hit in index.search("mode:held")] == ["bridge"]


def test_plain_words_say_work_for_a_time(tmp_path: Path) -> None:
    from hamtui.cli.plain_words import work_words

    tl = build_timeline(program({"exercise": "bike", "work_s": 150}), Library())
    assert work_words(tl[1]) == "keep going steadily for 2 minutes 30 seconds"


def test_the_handout_shows_work_with_its_time() -> None:
    from hamtui.export.markdown import handout_markdown

    md = handout_markdown(program({"exercise": "bike", "sets": 2, "work_s": 300}), Library())
    assert "| Easy bike | 2 × work 5:00 | – |" in md
