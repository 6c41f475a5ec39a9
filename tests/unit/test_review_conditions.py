"""Conditions as a vocabulary, and the order rules, against the bundled library.

A program names the athlete's conditions from safety.toml's list (`conditions = [...]`); an
exercise says in which conditions, at which stages, it is to be avoided. Older files whose
tags are free words still load: a tag that is a condition's id or alias counts, and the
review says which tags it did not recognise.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hamtui.library import load_library
from hamtui.model.program import Program
from hamtui.review import Finding, review
from hamtui.validate import validate_paths

LIBRARY = load_library(bundled_only=True, use_cache=False)
REPO = Path(__file__).resolve().parents[2]


def program(*slugs: str, **fields: Any) -> Program:
    return Program.model_validate(
        {
            "format": "hamtui-program/1",
            "title": "T",
            **fields,
            "blocks": [{"name": "B", "items": [{"exercise": slug} for slug in slugs]}],
        }
    )


def flagged(found: list[Finding], rule: str = "avoid-when") -> list[str]:
    return [f.exercise or "" for f in found if f.rule == rule]


STRAIN_SENSITIVE = [
    "nordic-hamstring-curl",
    "lean-away",
    "romanian-deadlift",
    "standing-good-morning",
    "supine-strap-hamstring-stretch",
]


def test_an_early_strain_flags_every_exercise_to_avoid_the_nordic_curl_included() -> None:
    """The tag `acute` used to flag three exercises and miss the Nordic curl ("recent
    hamstring strain"): named as a condition, every one is flagged, and nothing else."""
    found = review(
        program(*STRAIN_SENSITIVE, "glute-bridge", stage="early", conditions=["hamstring-strain"]),
        LIBRARY,
    )
    assert flagged(found) == STRAIN_SENSITIVE
    nordic = next(
        f for f in found if f.exercise == "nordic-hamstring-curl" and f.rule == "avoid-when"
    )
    assert nordic.level == "problem"
    assert "hamstring strain at the early stage, which this program names" in nordic.message


def test_the_older_tag_acute_now_counts_as_the_strain_condition() -> None:
    found = review(program(*STRAIN_SENSITIVE, stage="early", tags=["acute"]), LIBRARY)
    assert flagged(found) == STRAIN_SENSITIVE


def test_a_late_stage_strain_program_does_not_flag_the_rdl() -> None:
    """The RDL waits out the early stage of a strain; at the late stage it belongs."""
    found = review(
        program("romanian-deadlift", stage="late", conditions=["hamstring-strain"]), LIBRARY
    )
    assert flagged(found) == []
    early = review(
        program("romanian-deadlift", stage="early", conditions=["hamstring-strain"]), LIBRARY
    )
    assert flagged(early) == ["romanian-deadlift"]


def test_a_flagged_hinge_suggests_the_swap_that_spares_the_tendon() -> None:
    found = review(
        program("romanian-deadlift", stage="early", conditions=["high-hamstring-tendinopathy"]),
        LIBRARY,
    )
    [finding] = [f for f in found if f.rule == "avoid-when"]
    assert "swap it for Stability Ball Hamstring Curl" in finding.message


def test_tags_that_name_no_condition_are_said_once() -> None:
    found = review(program("glute-bridge", stage="mid", tags=["knee", "acl"]), LIBRARY)
    [note] = [f for f in found if f.rule == "conditions"]
    assert note.level == "note"
    assert note.message.startswith("the tags `knee` and `acl` name no condition hamtui knows")
    assert "hamstring-strain" in note.message


def test_an_unknown_condition_is_a_problem_with_a_suggestion(tmp_path: Path) -> None:
    found = review(program("glute-bridge", conditions=["hamstring-strian"]), LIBRARY)
    [problem] = [f for f in found if f.rule == "conditions"]
    assert problem.level == "problem" and problem.where == "conditions[0]"
    assert problem.message == (
        "`hamstring-strian` is not a condition hamtui knows; did you mean `hamstring-strain`?"
    )
    path = tmp_path / "p.toml"
    path.write_text(
        'format = "hamtui-program/1"\ntitle = "T"\nconditions = ["hamstring-strian"]\n',
        encoding="utf-8",
    )
    report = validate_paths([path], LIBRARY)
    assert [str(p) for p in report.problems] == [
        f"{path}: conditions[0]: unknown condition `hamstring-strian`; "
        "did you mean `hamstring-strain`?"
    ]


def test_free_words_of_an_older_exercise_file_still_match_tags() -> None:
    old = program(
        "my-move",
        stage="mid",
        tags=["knee-surgery"],
        exercises={
            "my-move": {
                "name": "My move",
                "category": "strength",
                "mode": "reps",
                "avoid_when": ["recent knee surgery"],
            }
        },
    )
    assert flagged(review(old, LIBRARY)) == ["my-move"]


# -- order and frequency ----------------------------------------------------------------


def test_a_tensioner_before_any_slider_is_a_warning() -> None:
    tensioner = {
        "name": "Nerve tensioner",
        "category": "nerve-glide",
        "mode": "reps",
        "loads": ["nerve-tension"],
    }
    first = program("tensioner", "sciatic-nerve-slider", exercises={"tensioner": tensioner})
    assert flagged(review(first, LIBRARY), "slider-before-tensioner") == ["tensioner"]
    after = program("sciatic-nerve-slider", "tensioner", exercises={"tensioner": tensioner})
    assert flagged(review(after, LIBRARY), "slider-before-tensioner") == []


def test_leg_swings_do_not_open_a_program() -> None:
    assert flagged(review(program("leg-swings", "glute-bridge"), LIBRARY), "warm-up-first") == [
        "leg-swings"
    ]
    assert flagged(review(program("glute-bridge", "leg-swings"), LIBRARY), "warm-up-first") == []


@pytest.mark.parametrize(
    ("stage", "expected"), [("mid", ["doorway-hamstring-stretch"]), ("late", [])]
)
def test_stretching_comes_after_strength_in_early_and_mid_stages(
    stage: str, expected: list[str]
) -> None:
    found = review(program("doorway-hamstring-stretch", "glute-bridge", stage=stage), LIBRARY)
    assert flagged(found, "stretch-after-strength") == expected


def test_strength_work_more_than_three_days_a_week_is_a_warning() -> None:
    five = review(program("glute-bridge", stage="mid", sessions_per_week=5), LIBRARY)
    assert [f.where for f in five if f.rule == "strength-days"] == ["sessions_per_week"]
    three = review(program("glute-bridge", stage="mid", sessions_per_week=3), LIBRARY)
    assert [f for f in three if f.rule == "strength-days"] == []


# -- the example programs ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("early-hamstring-rehab", []),
        ("mid-stage-strength", []),
        ("eccentric-injury-prevention", []),
        ("post-run-mobility", [("note", "stretching-only", "blocks")]),
    ],
)
def test_the_example_programs_review_as_pinned(
    name: str, expected: list[tuple[str, str, str]]
) -> None:
    from hamtui.files import load_program

    loaded = load_program(REPO / "programs" / f"{name}.toml").model
    assert [(f.level, f.rule, f.where) for f in review(loaded, LIBRARY)] == expected


def test_the_early_program_is_pain_free_three_days_a_week_with_its_condition_named() -> None:
    from hamtui.files import load_program

    early = load_program(REPO / "programs" / "early-hamstring-rehab.toml").model
    assert (early.pain_ceiling, early.sessions_per_week) == (0, 3)
    assert early.conditions == ["hamstring-strain"]
    slugs = early.referenced_slugs()
    assert "sciatic-nerve-slider" not in slugs  # no stretching or gliding before pain settles
    for slug in slugs:
        exercise = LIBRARY.entries[slug].exercise
        assert "early" in exercise.stages, slug
