"""Symptom-aware swaps: an easier exercise that spares what the symptom rules out.

For every symptom of the bundled safety rules whose action is to swap to an easier exercise,
and every bundled exercise with regressions, the swap hamtui offers (one function: the
session's symptom check, the review and the editor all call it) is the nearest exercise down
the regression ladders that puts none of the symptom's avoided loads on the body, or none at
all, and then the session says why and offers to skip.
"""

from __future__ import annotations

from collections import deque

import pytest

from hamtui.library import Library, load_library
from hamtui.model.exercise import ExerciseBody
from hamtui.swap import easier_exercise, loads_of

LIBRARY = load_library(bundled_only=True, use_cache=False)
RULES = LIBRARY.safety_rules
REGRESS = [symptom for symptom in RULES.symptoms if symptom.action == "regress"]
LADDERED = sorted(slug for slug, e in LIBRARY.entries.items() if e.exercise.regressions)


def resolve(slug: str) -> ExerciseBody | None:
    entry = LIBRARY.entries.get(slug)
    return entry.exercise if entry is not None else None


def rungs_down(start: ExerciseBody) -> dict[str, int]:
    """Every exercise down the ladders of `start`, with its distance."""
    found: dict[str, int] = {}
    queue = deque((slug, 1) for slug in start.regressions)
    while queue:
        slug, rungs = queue.popleft()
        if slug in found or resolve(slug) is None:
            continue
        found[slug] = rungs
        queue.extend((s, rungs + 1) for s in resolve(slug).regressions)  # type: ignore[union-attr]
    return found


def test_the_bundled_rules_have_symptoms_that_swap() -> None:
    assert {s.id for s in REGRESS} >= {"sit-bone-pain", "lasting-over-24h", "not-improving"}
    assert RULES.symptom("sit-bone-pain").avoid == [  # type: ignore[union-attr]
        "hip-flexed-loading",
        "long-stretch",
        "sitting",
    ]


@pytest.mark.parametrize("symptom_id", [s.id for s in REGRESS])
@pytest.mark.parametrize("slug", LADDERED)
def test_the_swap_spares_what_the_symptom_rules_out_and_is_the_nearest(
    symptom_id: str, slug: str
) -> None:
    symptom = RULES.symptom(symptom_id)
    assert symptom is not None
    exercise = LIBRARY.entries[slug].exercise
    choice = easier_exercise(exercise, resolve, symptom.avoid)
    below = rungs_down(exercise)
    fitting = {s: n for s, n in below.items() if not loads_of(resolve(s)) & set(symptom.avoid)}  # type: ignore[arg-type]
    if not fitting:
        assert choice.slug is None
        assert choice.reason.startswith(("No easier exercise on its ladder avoids", "No easier"))
        return
    assert choice.slug in fitting
    assert choice.rungs == min(fitting.values()) == fitting[choice.slug]
    assert not loads_of(choice.exercise) & set(symptom.avoid)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        # A hinge with sit-bone pain: down to a lying curl, not another hinge.
        ("romanian-deadlift", "stability-ball-hamstring-curl"),
        ("standing-good-morning", "stability-ball-hamstring-curl"),
        ("single-leg-good-morning", "stability-ball-hamstring-curl"),
        ("kettlebell-swing", "stability-ball-hamstring-curl"),
        # A long stretch: every easier one is a stretch too, so none fits: skip it.
        ("standing-elevated-hamstring-stretch", None),
        ("supine-strap-hamstring-stretch", None),
    ],
)
def test_sit_bone_pain_moves_to_positions_that_spare_the_tendon(
    slug: str, expected: str | None
) -> None:
    symptom = RULES.symptom("sit-bone-pain")
    assert symptom is not None
    choice = easier_exercise(LIBRARY.entries[slug].exercise, resolve, symptom.avoid)
    assert choice.slug == expected
    if expected is None:
        assert choice.reason == (
            "No easier exercise on its ladder avoids bending forward from the hips under load "
            "(hinges, good mornings), a long reaching stretch of the back of the thigh or sitting"
        )


def test_with_nothing_to_avoid_the_first_regression_that_resolves_is_taken() -> None:
    exercise = ExerciseBody.model_validate(
        {
            "name": "X",
            "category": "strength",
            "mode": "reps",
            "regressions": ["nope", "glute-bridge"],
        }
    )
    choice = easier_exercise(exercise, resolve)
    assert (choice.slug, choice.rungs) == ("glute-bridge", 1)
    none = easier_exercise(
        ExerciseBody.model_validate({"name": "Y", "category": "strength", "mode": "reps"}),
        resolve,
    )
    assert (
        none.slug is None and none.reason == "No easier version of this exercise is in the library"
    )


def test_loads_are_guessed_for_exercises_that_do_not_say() -> None:
    stretch = ExerciseBody.model_validate(
        {"name": "S", "category": "static-stretch", "mode": "hold", "position": "seated"}
    )
    assert loads_of(stretch) == {"long-stretch", "nerve-tension", "sitting"}
    said = stretch.model_copy(update={"loads": []})
    assert loads_of(said) == frozenset()
    assert isinstance(LIBRARY, Library)
    assert all(e.exercise.loads is not None for e in LIBRARY.entries.values()), "bundled say"
