"""Dose progression inside a stage: an item's range, its ladder of doses, today's step read
from the sessions before, and sessions run day after day on a fake clock that climb it, step
back on pain, and keep the dose done per set in the records."""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fakes import FakeClock, WallClock
from pydantic import ValidationError

from hamtui.cli.plain import PlainSession
from hamtui.dose import effective_dose
from hamtui.library import Library, load_library
from hamtui.model.program import Item
from hamtui.progression import Past, ladder, today
from hamtui.session.run import SessionOptions
from programs import block, exercise, item, program_toml

DAY1 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def steps(it: Item) -> list[str]:
    return [rung.text() for rung in ladder(it)]


# -- the range and its ladder ------------------------------------------------------------------


def test_the_ladder_adds_reps_then_hold_then_sets_then_load_from_the_bottom() -> None:
    bridge = Item(
        exercise="b",
        sets=2,
        reps=10,
        hold_s=3,
        load="2 kg",
        progress={"reps": 15, "hold_s": 4, "sets": 3, "load": "3 kg"},
    )
    assert steps(bridge) == [
        "2 × 10 · hold 3 s · 2 kg",
        "2 × 12 · hold 3 s · 2 kg",
        "2 × 14 · hold 3 s · 2 kg",
        "2 × 15 · hold 3 s · 2 kg",  # the last step is the top, not past it
        "2 × 15 · hold 4 s · 2 kg",
        "3 × 15 · hold 4 s · 2 kg",
        "3 × 10 · hold 4 s · 3 kg",  # a heavier load starts again at the bottom of the reps
        "3 × 12 · hold 4 s · 3 kg",
        "3 × 14 · hold 4 s · 3 kg",
        "3 × 15 · hold 4 s · 3 kg",
    ]
    walk = Item(exercise="w", work_s=300, progress={"work_s": 600, "work_step_s": 120})
    assert steps(walk) == [
        "1 × work 5:00",
        "1 × work 7:00",
        "1 × work 9:00",
        "1 × work 10:00",
    ]
    assert steps(Item(exercise="x", load="10 lb", progress={"load": "15 lb"})) == [
        "1 × 1 · 10 lb",
        "1 × 1 · 12.5 lb",
        "1 × 1 · 15 lb",
    ]


def test_the_dose_line_shows_the_top_of_the_range() -> None:
    it = Item(exercise="b", sets=2, reps=10, load="2 kg", progress={"reps": 15, "load": "4 kg"})
    assert effective_dose(it, None).text() == "2 × 10 · 2 kg · up to 15 reps, 4 kg"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"reps": 10, "progress": {"reps": 8}}, "progress.reps (8) is below the item's reps (10)"),
        ({"progress": {"hold_s": 5}}, "progress.hold_s needs the item's own hold_s"),
        ({"progress": {"load": "4 kg"}}, "progress.load needs the item's own load"),
        ({"load": "2 kg", "progress": {"load": "9 lb"}}, "progress.load is in lb but"),
        ({"load": "2 kg", "progress": {"load": "1 kg"}}, "is below the item's load (2 kg)"),
        ({"load": "2 kg", "progress": {"load": "2 kg", "load_step": "1 lb"}}, "must be in kg"),
        ({"load": "2kg"}, "should match pattern"),  # pydantic's words; hamtui's in the form
        (
            {"reps": 1, "load": "1 kg", "progress": {"reps": 100, "reps_step": 1, "load": "90 kg"}},
            "the progress range has 9000 steps; at most 200",
        ),
        ({"work_s": 60, "progress": {"reps": 5}}, "progress.reps does not apply to timed work"),
    ],
)
def test_a_range_that_cannot_be_climbed_is_refused(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Item.model_validate({"exercise": "b", **fields})


# -- today's step, from the sessions before ------------------------------------------------------

RANGE = Item(exercise="b", sets=2, reps=10, progress={"reps": 14, "after": 2, "effort_at_most": 6})


def past(day: int, rung: int = 0, **fields: Any) -> Past:
    values: dict[str, Any] = {
        "started": DAY1 + timedelta(days=day),
        "rung": rung,
        "rungs": 3,
        "sets_planned": 2,
        "sets_done": 2,
        "pain": 0,
        "effort": 5,
    }
    values.update(fields)
    return Past(**values)


def test_the_first_session_starts_at_the_bottom() -> None:
    first = today(RANGE, [], 0)
    assert (first.rung, first.change, first.dose.reps) == (0, "start", 10)
    assert first.why == (
        "Starting at the bottom of the range, 2 × 10: the first session of this range."
    )


def test_two_good_sessions_step_up_and_say_why() -> None:
    step = today(RANGE, [past(2), past(0)], 0, tz=UTC)
    assert (step.rung, step.change, step.dose.reps) == (1, "up", 12)
    assert step.why == (
        "Up from 10 to 12 reps: the last 2 sessions were pain-free with effort at most 6."
    )
    mild = today(RANGE, [past(2, pain=2), past(0, pain=1)], 2)
    assert mild.why.endswith("the last 2 sessions were at or under pain 2 with effort at most 6.")


def test_pain_over_the_ceiling_steps_back_naming_the_session() -> None:
    step = today(RANGE, [past(4, rung=2, pain=3), past(2, rung=2), past(0, rung=1)], 0, tz=UTC)
    assert (step.rung, step.change, step.dose.reps) == (1, "down", 12)
    assert step.why == "Down from 14 to 12 reps: pain 3 on 11-06, over the ceiling of 0."
    bottom = today(RANGE, [past(2, pain=5)], 0, tz=UTC)
    assert (bottom.rung, bottom.change) == (0, "stay")
    assert "If it keeps hurting, ease off and ask a physiotherapist." in bottom.why
    # the item's own pain_at_most wins over the stage's ceiling
    lenient = RANGE.model_copy(
        update={"progress": RANGE.progress.model_copy(update={"pain_at_most": 3})}  # type: ignore[union-attr]
    )
    assert today(lenient, [past(2, pain=3), past(0, pain=3)], 0).change == "up"


@pytest.mark.parametrize(
    ("sessions", "reason"),
    [
        ([past(0)], "1 session of 2 at this dose so far"),
        ([past(2, effort=8), past(0)], "effort 8 on 11-04, over 6"),
        ([past(2, pain=None), past(0)], "no pain rating on 11-04"),
        ([past(2, effort=None), past(0)], "no effort rating on 11-04"),
        ([past(2, sets_done=1), past(0)], "1 of 2 sets were done on 11-04"),
        ([past(2, skipped=True), past(0)], "the exercise was skipped or swapped on 11-04"),
        ([past(2, eased=True), past(0)], "the session on 11-04 was eased after the check-in"),
        ([past(2, rung=1), past(0, rung=0)], "1 session of 2 at this dose so far"),
    ],
)
def test_sessions_that_do_not_earn_a_step_say_what_is_missing(
    sessions: list[Past], reason: str
) -> None:
    step = today(RANGE, sessions, 0, tz=UTC)
    assert step.change == "stay"
    assert step.why.endswith(f": {reason}.")


def test_an_eased_day_and_the_top_and_a_changed_range() -> None:
    assert today(RANGE, [past(2), past(0)], 0, eased_today=True).why == (
        "Staying at 2 × 10: the check-in eased today's session."
    )
    top = today(RANGE, [past(2, rung=2), past(0, rung=2)], 0)
    assert (top.rung, top.change) == (2, "stay")
    assert top.why.startswith("At the top of the range, 2 × 14: the last 2 sessions")
    changed = today(RANGE, [past(2, rung=4, rungs=6)], 0)
    assert (changed.rung, changed.change) == (0, "start")
    assert changed.why.startswith("The range changed since the last session")


# -- sessions day after day ----------------------------------------------------------------------

PROGRAM = program_toml(
    "Bridge ladder",
    block(
        "Main",
        item(
            "p-bridge",
            reps=10,
            load="2 kg",
            progress={"reps": 14, "load": "3 kg", "after": 2, "effort_at_most": 6},
        ),
    ),
    exercises={"p-bridge": exercise("Plain Bridge", "strength", "reps", ["Lift the hips"])},
    pain_ceiling=0,
)
GET_READY = 5


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(bundled_only=True, use_cache=False)


class Days:
    """One program run as a plain session on day after day, on a fake clock."""

    def __init__(self, folder: Path, library: Library, program: str = PROGRAM) -> None:
        self.folder = folder
        self.library = library
        self.path = folder / "bridge.toml"
        self.path.write_text(program, encoding="utf-8")
        self.sessions = folder / "sessions"
        self.day = 0

    def session(self, pain: str, effort: str, **options: Any) -> tuple[list[str], dict[str, Any]]:
        """One session the next day: start, do the reps, rate them. What was said, and the
        record."""
        clock = FakeClock()
        said: list[str] = []
        wall = WallClock(clock, DAY1 + timedelta(days=self.day))
        self.day += 1
        plain = PlainSession(
            self.path,
            self.library,
            said.append,
            SessionOptions(sessions_dir=self.sessions, get_ready_s=GET_READY, **options),
            clock=clock,
            wall_clock=wall,
        )
        plain.start()
        plain.feed("")  # the start pop-up
        clock.advance(GET_READY)
        plain.tick()
        clock.advance(20)
        plain.feed("d")  # the reps, at one's own pace
        plain.feed(pain)
        plain.feed(effort)
        if int(pain) > options.get("pain_ceiling", 0):  # the symptom check: carry on
            assert said[-1] == "  1. Continue" or "  1. Continue" in said[-3:], said[-3:]
            plain.feed("1")
        assert plain.finished, "\n".join(said)
        assert plain.runner.recorder is not None
        with plain.runner.recorder.path.open("rb") as handle:
            return said, tomllib.load(handle)


def today_line(said: list[str]) -> str:
    return next(line for line in said if line.startswith("Today: "))


def test_sessions_climb_the_range_and_step_back_on_pain(tmp_path: Path, library: Library) -> None:
    days = Days(tmp_path, library)
    said, record = days.session("0", "5")
    assert today_line(said) == (
        "Today: 1 × 10 · 2 kg. Starting at the bottom of the range, 1 × 10 · 2 kg: the first "
        "session of this range."
    )
    assert record["progress"] == [
        {
            "block": 0,
            "item": 0,
            "exercise": "p-bridge",
            "rung": 0,
            "rungs": 6,
            "reps": 10,  # sets = 1 and change = "start" are the defaults: left out
            "load": "2 kg",
            "why": "Starting at the bottom of the range, 1 × 10 · 2 kg: the first session of this "
            "range.",
        }
    ]
    assert record["entries"][0]["done"] == [{"reps": 10, "load": "2 kg"}]

    said, _ = days.session("0", "6")
    assert today_line(said).endswith(
        "Staying at 1 × 10 · 2 kg: 1 session of 2 at this dose so far."
    )

    said, record = days.session("0", "4")  # two good sessions at 10 reps: up
    assert today_line(said) == (
        "Today: 1 × 12 · 2 kg. Up from 10 to 12 reps: the last 2 sessions were pain-free with "
        "effort at most 6."
    )
    assert record["entries"][0]["done"] == [{"reps": 12, "load": "2 kg"}]
    assert record["progress"][0]["change"] == "up"
    assert "Set 1 of 1: 12 reps at your own pace, with 2 kg; type d and press enter when done." in (
        said
    )

    said, _ = days.session("2", "4")  # pain over the ceiling of 0
    assert today_line(said).startswith("Today: 1 × 12 · 2 kg. Staying")

    said, record = days.session("0", "4")
    assert today_line(said) == (
        "Today: 1 × 10 · 2 kg. Down from 12 to 10 reps: pain 2 on 11-05, over the ceiling of 0."
    )
    assert record["entries"][0]["done"] == [{"reps": 10, "load": "2 kg"}]


def test_a_plan_stage_counts_only_its_own_sessions_and_its_ceiling(
    tmp_path: Path, library: Library
) -> None:
    days = Days(tmp_path, library)
    days.session("3", "4")
    days.session("3", "4")  # pain 3 would hold it back at a ceiling of 0 ...
    days.session("3", "4")
    # ... but this stage allows pain 3 and began on day 1: two sessions in it, both at 3
    said, _ = days.session("0", "4", pain_ceiling=3, progress_since=date(2026, 11, 3))
    assert "Up from 10 to 12 reps: the last 2 sessions were at or under pain 3" in today_line(said)
    said, _ = days.session("0", "4", progress_since=date(2026, 11, 7))
    assert "Starting at the bottom of the range" in today_line(said)


def test_a_stage_ceiling_brings_the_pain_advice_as_a_programs_does(
    tmp_path: Path, library: Library
) -> None:
    lenient = PROGRAM.replace("pain_ceiling = 0\n", "")
    days = Days(tmp_path, library, lenient)
    said, _ = days.session("3", "4", pain_ceiling=4)  # at a stage's ceiling of 4: no advice
    assert not any(line.startswith("Symptom check") for line in said)
    said, _ = days.session("3", "4", pain_ceiling=2)
    assert "Symptom check, Plain Bridge." in said


def test_the_handout_shows_the_load_and_what_the_dose_builds_up_to(tmp_path: Path) -> None:
    from hamtui.export.html import handout_html
    from hamtui.export.markdown import handout_markdown
    from hamtui.files import load_program

    path = tmp_path / "bridge.toml"
    path.write_text(PROGRAM, encoding="utf-8")
    program = load_program(path).model
    md = handout_markdown(program, Library())
    assert "| Plain Bridge | 1 × 10 · 2 kg | – | – | both | – | Builds up to 14 reps, 3 kg |" in md
    assert "steps up one notch after enough sessions in a row within the pain limit" in md
    assert "Builds up to 14 reps, 3 kg</span>" in handout_html(program, Library())
