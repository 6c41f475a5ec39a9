"""Every bundled exercise against the facts of the sources behind it.

One row per exercise: the stages it belongs to and why (the staged progression of "Hamstring
Workout: hamstring rehab exercises at home": activation first; curls, bridges and hip
extension once that is symptom-free; stretching once pain has settled; compression, eccentric
and plyometric work last), and the dose where a source gives one. Exercises whose dose no
source gives say so in a tip a user reads. The ladders are checked where a source sets an
order.
"""

from __future__ import annotations

from typing import Any

import pytest

from hamtui.library import load_library

LIBRARY = load_library(bundled_only=True, use_cache=False)
WORKOUT = "Hamstring Workout (hamstring rehab at home)"
TEN = "10 Exercises for Healthy Hamstrings"
CORE = "Stretch out those Hamstrings, Santa Cruz CORE"
PREHAB = "Proper Hamstring Stretching, The Prehab Guys"
LEG_UP = "Leg Up Hamstring Stretch exercise guide"

ACTIVATION = ["early", "mid"]  # "start with basic activation"
CURLS_AND_BRIDGES = ["mid", "maintenance"]  # "once activation is symptom-free"
STRETCHING = ["mid", "maintenance"]  # "when pain has settled and strength is improving"
LATE = ["late", "maintenance"]  # hinges: "only after earlier exercises are pain-free"

# slug: (stages, the source's dose or None, the fact behind it)
FACTS: dict[str, tuple[list[str], dict[str, Any] | None, str]] = {
    "seated-hamstring-set": (
        ACTIVATION,
        {"reps": 10, "hold_s": 5},
        f"{WORKOUT}: early activation, hold 5-10 s, 10 times, 1-2 sets",
    ),
    "single-leg-balance": (ACTIVATION, {"hold_s": 30}, f"{WORKOUT}: hold up to 30 s, 3 times"),
    "single-leg-balance-eyes-closed": (
        ACTIVATION,
        None,
        f"{WORKOUT}: close the eyes once it is easy",
    ),
    "single-leg-balance-on-foam": (
        ["mid", "late"],
        None,
        f"{WORKOUT}: a pillow or foam for more challenge",
    ),
    "legs-up-the-wall-isometric": (
        ACTIVATION,
        {"hold_s": 30},
        f"{TEN}: isometrics are where weak or injured hamstrings start; hold at least 30 s",
    ),
    "glute-bridge": (
        CURLS_AND_BRIDGES,
        {"reps": 10, "hold_s": 3, "sets": 2},
        f"{WORKOUT}: mid stage; hold 3-5 s, 10-15 reps, 2-3 sets",
    ),
    "prone-hamstring-curl": (
        CURLS_AND_BRIDGES,
        {"reps": 10, "sets": 2},
        f"{WORKOUT}: mid stage; 10-15 reps, 2-3 sets",
    ),
    "standing-hip-extension": (
        CURLS_AND_BRIDGES,
        {"reps": 10, "sets": 2},
        f"{WORKOUT}: mid stage; 10-15 reps, 2-3 sets",
    ),
    "stability-ball-hamstring-curl": (
        CURLS_AND_BRIDGES,
        None,
        f"{WORKOUT}: the bridge with a curl, as bridges get easier",
    ),
    "heel-slide-hamstring-curl": (
        CURLS_AND_BRIDGES,
        None,
        f"{TEN}: curls with a blanket or foam roller under the heels",
    ),
    "running-man": (CURLS_AND_BRIDGES, {"reps": 10}, f"{TEN}: 10 leg lifts, then 10 curls"),
    "single-leg-wall-hip-thrust": (CURLS_AND_BRIDGES, None, f"{TEN}: a concentric hip thrust"),
    "kneeling-hip-thrust": (
        ["mid", "late", "maintenance"],
        None,
        f"{TEN}: concentric strength in a kneeling squat",
    ),
    "machine-leg-curl": (
        ["mid", "late", "maintenance"],
        None,
        f"{TEN}: curls on a machine at the gym",
    ),
    "bodyweight-squat": (
        ["mid", "late", "maintenance"],
        None,
        f"{WORKOUT}: squats adjusted to your level",
    ),
    "doorway-hamstring-stretch": (
        STRETCHING,
        {"hold_s": 30, "sets": 2},
        f"{WORKOUT}: about 30 s, 2-3 times",
    ),
    "straight-knee-calf-stretch": (
        STRETCHING,
        {"hold_s": 30, "sets": 1, "side": "each"},
        f"{WORKOUT}: hold 30 s, then switch legs",
    ),
    "leg-up-hamstring-stretch": (
        STRETCHING,
        {"hold_s": 8},
        f"{LEG_UP}: hold the end position a breath or two",
    ),
    "supine-strap-hamstring-stretch": (
        STRETCHING,
        {"hold_s": 30},
        f"{CORE}; {WORKOUT}: stretches held about 30 s",
    ),
    "standing-elevated-hamstring-stretch": (
        STRETCHING,
        {"hold_s": 30},
        f"{PREHAB}; {WORKOUT}: about 30 s",
    ),
    "contract-relax-wall-stretch": (STRETCHING, None, f"{PREHAB}: contract-relax at the wall"),
    "kneeling-hip-flexor-stretch": (STRETCHING, None, f"{CORE}: stretch the front of the hips"),
    "sciatic-nerve-slider": (
        STRETCHING,
        None,
        f"{PREHAB}: nerves glide rather than stretch; no early-stage use in any source",
    ),
    "sciatic-nerve-tensioner": (
        STRETCHING,
        None,
        f"{PREHAB}: tensioning positions, only after sliders",
    ),
    "standing-dynamic-hamstring-stretch": (
        ["mid", "late", "maintenance"],
        None,
        f"{PREHAB}: dynamic stretching",
    ),
    "leg-swings": (
        ["mid", "late", "return-to-sport", "maintenance"],
        {"reps": 15},
        f"{CORE}: 10-20 swings once warm",
    ),
    "hamstring-pails-rails": (
        ["mid", "late", "maintenance"],
        {"sets": 3, "hold_s": 15},
        f"{TEN}: 10-20 s holds, 3 sets a leg",
    ),
    "standing-good-morning": (
        LATE,
        {"reps": 10},
        f"{WORKOUT}: hinges after curls and bridges; {TEN}: 10-15 reps",
    ),
    "wide-stance-good-morning": (LATE, {"reps": 10}, f"{TEN}: the wide-leg variation"),
    "seated-good-morning": (LATE, None, f"{TEN}: builds on the standing good morning"),
    "single-leg-good-morning": (["late"], {"reps": 10, "side": "each"}, f"{TEN}: 10 reps a side"),
    "lean-away": (
        LATE,
        {"reps": 15},
        f"{WORKOUT}: eccentric work after curls and bridges; {TEN}: 15-20 reps",
    ),
    "romanian-deadlift": (LATE, None, f"{WORKOUT}: deadlifts once symptoms settle"),
    "standing-arabesque": (LATE, None, f"{WORKOUT}: arabesques with the deadlifts"),
    "full-range-squat": (
        ["late", "return-to-sport", "maintenance"],
        None,
        f"{WORKOUT}: full-range squats once symptoms settle",
    ),
    "single-leg-romanian-deadlift": (
        ["late", "return-to-sport", "maintenance"],
        None,
        f"{CORE}: the single-leg deadlift",
    ),
    "nordic-hamstring-curl": (
        ["late", "return-to-sport", "maintenance"],
        None,
        f"{WORKOUT}: eccentric prevention work",
    ),
    "fast-single-leg-deadlift": (
        ["late", "return-to-sport"],
        None,
        f"{WORKOUT}: faster single-leg deadlifts",
    ),
    "eccentric-step-down": (
        ["late", "return-to-sport"],
        None,
        f"{WORKOUT}: step downs with slow lowering",
    ),
    "slow-reverse-lunge": (
        ["late", "return-to-sport"],
        None,
        f"{WORKOUT}: lunges with slow lowering",
    ),
    "kettlebell-swing": (
        ["late", "return-to-sport"],
        None,
        f"{WORKOUT}: power moves for athletes, later",
    ),
    "pogo-hops": (["late", "return-to-sport"], None, f"{WORKOUT}: small jumps with soft landings"),
    "plyometric-split-lunge": (
        ["return-to-sport"],
        None,
        f"{WORKOUT}: plyometric lunges for athletes",
    ),
}


def test_every_bundled_exercise_has_a_row() -> None:
    assert sorted(FACTS) == sorted(LIBRARY.entries)


@pytest.mark.parametrize("slug", sorted(FACTS))
def test_stages_and_dose_follow_the_sources(slug: str) -> None:
    stages, dose, fact = FACTS[slug]
    exercise = LIBRARY.entries[slug].exercise
    assert exercise.stages == stages, fact
    if dose is None:
        assert any("hamtui's own" in tip for tip in exercise.tips), (
            f"{slug}: the dose no source gives must say it is hamtui's own suggestion"
        )
    else:
        for key, value in dose.items():
            assert getattr(exercise.defaults, key) == value, (key, fact)
    assert all("seed" not in text.lower() for text in (*exercise.tips, exercise.summary))


@pytest.mark.parametrize(
    ("slug", "key", "expected", "fact"),
    [
        (
            "seated-good-morning",
            "regressions",
            ["standing-good-morning"],
            f"{TEN}: it builds on the standing one",
        ),
        (
            "standing-good-morning",
            "regressions",
            ["stability-ball-hamstring-curl", "glute-bridge"],
            f"{WORKOUT}: hinges come after curls and bridges",
        ),
        (
            "sciatic-nerve-tensioner",
            "regressions",
            ["sciatic-nerve-slider"],
            f"{PREHAB}: sliders before tensioners",
        ),
        (
            "full-range-squat",
            "regressions",
            ["bodyweight-squat"],
            f"{WORKOUT}: full range once the adjusted squat settles",
        ),
        (
            "single-leg-balance",
            "progressions",
            [
                "standing-arabesque",
                "single-leg-romanian-deadlift",
                "eccentric-step-down",
                "pogo-hops",
                "single-leg-balance-eyes-closed",
            ],
            f"{WORKOUT}: eyes closed, then foam",
        ),
        (
            "nordic-hamstring-curl",
            "regressions",
            ["lean-away"],
            f"{TEN}: lean-aways ready the hamstrings for Nordics",
        ),
    ],
)
def test_ladders_follow_the_sources(slug: str, key: str, expected: list[str], fact: str) -> None:
    assert getattr(LIBRARY.entries[slug].exercise, key) == expected, fact


def test_the_nerve_tensioning_exercises_carry_the_tingling_red_flag() -> None:
    """Pulling the toes up tensions the sciatic nerve ({PREHAB}): legs up the wall does."""
    wall = LIBRARY.entries["legs-up-the-wall-isometric"].exercise
    assert any("Tingling" in flag for flag in wall.red_flags)
    assert any(cue.level == "stop" and "Tingling" in cue.text for cue in wall.cues)
    assert "nerve-tension" in (wall.loads or [])
