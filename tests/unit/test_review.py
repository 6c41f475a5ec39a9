"""Program review: each rule fires on a program that breaks it and stays silent otherwise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hamtui.files import dumps, load_program
from hamtui.library import Library, load_library
from hamtui.model.common import is_slug
from hamtui.model.exercise import ExerciseBody
from hamtui.model.program import Block, Item, Program
from hamtui.model.safety import General, SafetyRules
from hamtui.review import (
    MAX_HARD_SESSIONS_WITH_REST_DAYS,
    RULES,
    Finding,
    format_finding,
    general_of,
    has_problems,
    review,
    summary,
    tag_conflicts,
)
from hamtui.validate import validate_paths

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((REPO / "programs").glob("*.toml"))


def exercise(name: str = "Test Exercise", **fields: Any) -> ExerciseBody:
    body: dict[str, Any] = {"name": name, "category": "strength", "mode": "reps"}
    body.update(fields)
    return ExerciseBody.model_validate(body)


def program(
    *items: Item | str,
    exercises: dict[str, ExerciseBody] | None = None,
    **fields: Any,
) -> Program:
    """A one-block program; exercises are carried in the file's own [exercises]."""
    made = [Item(exercise=i) if isinstance(i, str) else i for i in items]
    return Program.model_validate(
        {
            "format": "hamtui-program/1",
            "title": "Test program",
            "blocks": [Block(items=made)],
            "exercises": exercises or {},
            **fields,
        }
    )


def only(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


EMPTY = Library()


# ---------------------------------------------------------------------------------------------
# The registry


def test_rules_have_unique_slug_ids_and_one_line_descriptions() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert all(is_slug(i) for i in ids)
    assert all(r.description and "\n" not in r.description for r in RULES)
    assert {
        "unresolved-exercise",
        "stage-mismatch",
        "avoid-when",
        "eccentric-frequency",
        "static-hold",
        "rest-days",
        "plyometric-early",
    } <= set(ids)


def test_numbers_come_from_the_safety_file_or_the_defaults() -> None:
    assert general_of(EMPTY) == General()
    library = Library(
        safety=SafetyRules(format="hamtui-safety/1", general=General(static_hold_s=20))
    )
    assert general_of(library).static_hold_s == 20


# ---------------------------------------------------------------------------------------------
# unresolved-exercise


def test_unresolved_exercise_is_a_problem_naming_the_item() -> None:
    found = review(program("glute-bridge", "no-such-thing"), EMPTY)
    unresolved = only(found, "unresolved-exercise")
    assert [(f.block, f.item, f.where, f.level) for f in unresolved] == [
        (0, 0, "blocks[0].items[0]", "problem"),
        (0, 1, "blocks[0].items[1]", "problem"),
    ]
    assert "`no-such-thing`" in unresolved[1].message
    assert unresolved[1].exercise_name == "no-such-thing"
    assert has_problems(found)


def test_exercises_in_the_file_itself_resolve() -> None:
    found = review(program("own", exercises={"own": exercise("Own Move")}), EMPTY)
    assert found == []


# ---------------------------------------------------------------------------------------------
# stage-mismatch


def test_stage_mismatch_in_an_early_program_is_a_warning_saying_where_it_fits() -> None:
    p = program(
        "fine",
        "later",
        stage="early",
        exercises={
            "fine": exercise("Fine", stages=["early", "mid"]),
            "later": exercise("Later Move", stages=["maintenance", "mid"]),
        },
    )
    [finding] = only(review(p, EMPTY), "stage-mismatch")
    assert (finding.level, finding.item, finding.exercise) == ("warning", 1, "later")
    assert "Later Move is meant for mid or maintenance programs" in finding.message
    assert "early-stage" in finding.message


def test_stage_mismatch_suggests_a_regression_that_fits() -> None:
    p = program(
        "hard",
        stage="early",
        exercises={
            "hard": exercise("Hard", stages=["late"], regressions=["easy"]),
            "easy": exercise("Easy One", stages=["early"]),
        },
    )
    [finding] = only(review(p, EMPTY), "stage-mismatch")
    assert "such as Easy One" in finding.message


def test_an_exercise_for_an_earlier_stage_is_only_a_note() -> None:
    p = program("easy", stage="late", exercises={"easy": exercise(stages=["early", "mid"])})
    [finding] = only(review(p, EMPTY), "stage-mismatch")
    assert finding.level == "note"
    assert "not late ones" in finding.message


def test_a_maintenance_only_exercise_is_ahead_of_a_rehab_stage() -> None:
    p = program("keep", stage="mid", exercises={"keep": exercise(stages=["maintenance"])})
    [finding] = only(review(p, EMPTY), "stage-mismatch")
    assert finding.level == "warning"


@pytest.mark.parametrize(
    ("stage", "stages"),
    [("early", ["early"]), (None, ["late"]), ("early", []), ("maintenance", ["maintenance"])],
)
def test_stage_mismatch_is_silent_when_the_stage_fits(stage: str | None, stages: list[str]) -> None:
    p = program("x", stage=stage, exercises={"x": exercise(stages=stages)})
    assert only(review(p, EMPTY), "stage-mismatch") == []


# ---------------------------------------------------------------------------------------------
# avoid-when


@pytest.mark.parametrize(
    ("tag", "phrase", "conflict"),
    [
        ("hamstring-strain", "acute hamstring strain", True),
        ("Hamstring_Strain", "recent hamstring strain", True),
        ("tendinopathy", "early high hamstring tendinopathy", True),
        ("acute-hamstring-strain-grade-1", "acute hamstring strain", True),
        ("pop", "unchecked injury with a pop, bruising or trouble walking", True),
        ("strain", "acute hamstring strain", True),
        ("hamstring", "acute hamstring strain", False),  # generic words alone never match
        ("early", "early high hamstring tendinopathy", False),
        ("rehab", "acute hamstring strain", False),
        ("train", "acute hamstring strain", False),  # whole words only
        ("strain-hamstring", "acute hamstring strain", False),  # in order
        ("runner", "acute hamstring strain", False),
        ("", "acute hamstring strain", False),
    ],
)
def test_tag_conflicts(tag: str, phrase: str, conflict: bool) -> None:
    assert tag_conflicts(tag, phrase) is conflict


def test_avoid_when_conflict_is_a_problem_naming_phrase_and_tag() -> None:
    p = program(
        "safe",
        "risky",
        tags=["runner", "acute-hamstring-strain"],
        exercises={
            "safe": exercise("Safe"),
            "risky": exercise("Risky Stretch", avoid_when=["acute hamstring strain"]),
        },
    )
    [finding] = only(review(p, EMPTY), "avoid-when")
    assert (finding.level, finding.block, finding.item) == ("problem", 0, 1)
    assert '"acute hamstring strain"' in finding.message
    assert '"acute-hamstring-strain"' in finding.message


def test_avoid_when_is_silent_without_a_matching_tag() -> None:
    p = program(
        "risky",
        tags=["runner", "hamstring", "prevention"],
        exercises={"risky": exercise(avoid_when=["acute hamstring strain"])},
    )
    assert only(review(p, EMPTY), "avoid-when") == []


# ---------------------------------------------------------------------------------------------
# eccentric-frequency


def eccentric_program(**fields: Any) -> Program:
    return program(
        "nordic",
        exercises={"nordic": exercise("Nordic", category="eccentric")},
        **fields,
    )


def test_eccentric_once_a_week_is_a_warning() -> None:
    [finding] = only(review(eccentric_program(sessions_per_week=1), EMPTY), "eccentric-frequency")
    assert (finding.level, finding.where, finding.item) == ("warning", "sessions_per_week", None)
    assert "once a week" in finding.message
    assert "at least 2" in finding.message
    assert "Nordic" in finding.message


def test_eccentric_without_a_frequency_is_a_note() -> None:
    [finding] = only(review(eccentric_program(), EMPTY), "eccentric-frequency")
    assert finding.level == "note"
    assert "sessions_per_week to 2 or more" in finding.message


def test_eccentric_twice_a_week_is_silent() -> None:
    assert only(review(eccentric_program(sessions_per_week=2), EMPTY), "eccentric-frequency") == []


def test_eccentric_minimum_comes_from_the_safety_file() -> None:
    library = Library(
        safety=SafetyRules(format="hamtui-safety/1", general=General(eccentric_min_per_week=3))
    )
    [finding] = only(review(eccentric_program(sessions_per_week=2), library), "eccentric-frequency")
    assert "at least 3" in finding.message


def test_no_eccentric_work_no_frequency_finding() -> None:
    p = program("x", sessions_per_week=1, exercises={"x": exercise()})
    assert only(review(p, EMPTY), "eccentric-frequency") == []


# ---------------------------------------------------------------------------------------------
# static-hold


def stretch_program(
    hold_s: int | None, mode: str = "hold", category: str = "static-stretch"
) -> Program:
    return program(
        "filler",
        Item(exercise="stretch", hold_s=hold_s),
        exercises={
            "filler": exercise("Filler"),
            "stretch": exercise("Leg Stretch", category=category, mode=mode),
        },
    )


@pytest.mark.parametrize("hold", [5, 14, 46, 120])
def test_static_hold_far_from_30_s_is_a_warning(hold: int) -> None:
    [finding] = only(review(stretch_program(hold), EMPTY), "static-hold")
    assert (finding.level, finding.item, finding.where) == ("warning", 1, "blocks[0].items[1]")
    assert f"held {hold} s" in finding.message
    assert "about 30 s" in finding.message


def test_static_stretch_without_a_hold_is_a_warning() -> None:
    [finding] = only(review(stretch_program(None), EMPTY), "static-hold")
    assert "no hold time" in finding.message
    assert "hold_s = 30" in finding.message


@pytest.mark.parametrize("hold", [15, 30, 45])
def test_static_hold_near_30_s_is_silent(hold: int) -> None:
    assert only(review(stretch_program(hold), EMPTY), "static-hold") == []


def test_static_hold_only_checks_held_static_stretches() -> None:
    assert only(review(stretch_program(5, mode="reps"), EMPTY), "static-hold") == []
    assert only(review(stretch_program(5, category="isometric"), EMPTY), "static-hold") == []


def test_static_hold_target_comes_from_the_safety_file() -> None:
    library = Library(
        safety=SafetyRules(
            format="hamtui-safety/1", general=General(static_hold_s=60, hold_tolerance_s=10)
        )
    )
    [finding] = only(review(stretch_program(45), library), "static-hold")
    assert "between 50 and 70 s" in finding.message


# ---------------------------------------------------------------------------------------------
# rest-days


def test_threshold_follows_from_a_seven_day_week() -> None:
    assert MAX_HARD_SESSIONS_WITH_REST_DAYS == 3


@pytest.mark.parametrize(
    "fields",
    [{"category": "eccentric"}, {"category": "plyometric"}, {"level": "advanced"}],
)
def test_hard_work_four_times_a_week_leaves_no_rest_day(fields: dict[str, Any]) -> None:
    p = program("hard", sessions_per_week=4, exercises={"hard": exercise("Hard Thing", **fields)})
    [finding] = only(review(p, EMPTY), "rest-days")
    assert (finding.level, finding.where) == ("warning", "sessions_per_week")
    assert "4 sessions a week" in finding.message
    assert "Hard Thing" in finding.message
    assert "3 or fewer" in finding.message


@pytest.mark.parametrize(
    ("sessions", "fields"),
    [(3, {"category": "eccentric"}), (None, {"category": "eccentric"}), (7, {})],
)
def test_rest_days_silent(sessions: int | None, fields: dict[str, Any]) -> None:
    p = program("x", sessions_per_week=sessions, exercises={"x": exercise(**fields)})
    assert only(review(p, EMPTY), "rest-days") == []


# ---------------------------------------------------------------------------------------------
# plyometric-early


@pytest.mark.parametrize(("stage", "level"), [("early", "problem"), ("mid", "warning")])
def test_plyometrics_before_the_late_stage(stage: str, level: str) -> None:
    p = program(
        "calm",
        "hops",
        stage=stage,
        exercises={
            "calm": exercise(),
            "hops": exercise("Hops", category="plyometric"),
        },
    )
    [finding] = only(review(p, EMPTY), "plyometric-early")
    assert (finding.level, finding.item) == (level, 1)
    assert "late stage" in finding.message
    assert f"{stage}-stage" in finding.message


@pytest.mark.parametrize("stage", ["late", "return-to-sport", "maintenance", None])
def test_plyometrics_later_are_fine(stage: str | None) -> None:
    p = program("hops", stage=stage, exercises={"hops": exercise(category="plyometric")})
    assert only(review(p, EMPTY), "plyometric-early") == []


# ---------------------------------------------------------------------------------------------
# stretching-only


def test_a_program_of_only_stretches_gets_a_note() -> None:
    p = program(
        Item(exercise="a", hold_s=30),
        "b",
        exercises={
            "a": exercise(category="static-stretch", mode="hold"),
            "b": exercise(category="nerve-glide"),
        },
    )
    [finding] = only(review(p, EMPTY), "stretching-only")
    assert (finding.level, finding.item) == ("note", None)
    assert "strength" in finding.message


def test_stretches_with_strength_work_need_no_note() -> None:
    p = program(
        Item(exercise="a", hold_s=30),
        "b",
        exercises={"a": exercise(category="static-stretch", mode="hold"), "b": exercise()},
    )
    assert only(review(p, EMPTY), "stretching-only") == []
    assert review(program(), EMPTY) == []


# ---------------------------------------------------------------------------------------------
# Order, summary, formatting


def test_findings_are_sorted_program_wide_first_then_by_item_then_rule() -> None:
    p = Program.model_validate(
        {
            "format": "hamtui-program/1",
            "title": "Many",
            "stage": "early",
            "sessions_per_week": 5,
            "blocks": [
                {"items": [{"exercise": "ok"}, {"exercise": "missing"}]},
                {"items": [{"exercise": "hops"}]},
            ],
            "exercises": {
                "ok": exercise(),
                "hops": exercise("Hops", category="plyometric", stages=["late"]),
            },
        }
    )
    found = review(p, EMPTY)
    assert [(f.where, f.rule) for f in found] == [
        ("sessions_per_week", "rest-days"),
        ("sessions_per_week", "strength-days"),
        ("blocks[0].items[1]", "unresolved-exercise"),
        ("blocks[1].items[0]", "stage-mismatch"),
        ("blocks[1].items[0]", "plyometric-early"),
    ]


def test_summary() -> None:
    def f(level: Any) -> Finding:
        return Finding(level=level, rule="r", message="m")

    assert summary([]) == "no findings"
    assert summary([f("note")]) == "1 finding: 1 note"
    assert (
        summary([f("warning"), f("problem"), f("warning")]) == "3 findings: 1 problem, 2 warnings"
    )
    assert summary([f("note"), f("note"), f("problem")]) == "3 findings: 1 problem, 2 notes"


def test_format_finding() -> None:
    item = Finding(
        "warning", "static-hold", "hold it longer", 0, 2, "blocks[0].items[2]", "x", "X Stretch"
    )
    assert (
        format_finding("p.toml", item)
        == "p.toml: blocks[0].items[2] (X Stretch): warning: hold it longer [static-hold]"
    )
    wide = Finding("note", "stretching-only", "pair it", where="blocks")
    assert format_finding("p.toml", wide) == "p.toml: blocks: note: pair it [stretching-only]"
    bare = Finding("note", "r", "m")
    assert format_finding("p.toml", bare) == "p.toml: note: m [r]"


def test_review_does_not_import_textual() -> None:
    code = "import sys, hamtui.review; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# ---------------------------------------------------------------------------------------------
# The example programs


def test_there_are_at_least_four_examples() -> None:
    names = {p.stem for p in EXAMPLES}
    assert {
        "early-hamstring-rehab",
        "mid-stage-strength",
        "post-run-mobility",
        "eccentric-injury-prevention",
    } <= names


def test_examples_validate() -> None:
    report = validate_paths(EXAMPLES, load_library())
    assert report.problems == []
    assert report.files == len(EXAMPLES)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_reviews_without_warnings_or_problems(path: Path) -> None:
    loaded = load_program(path).model
    found = review(loaded, load_library())
    assert [f for f in found if f.level != "note"] == []
    for finding in found:
        # A note that remains is deliberate, and the program says so.
        assert "review" in loaded.summary, (path.name, finding)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_is_in_canonical_saved_form(path: Path) -> None:
    assert dumps(load_program(path).model).encode("utf-8") == path.read_bytes()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_is_complete(path: Path) -> None:
    loaded = load_program(path).model
    assert loaded.stage is not None
    assert loaded.sessions_per_week is not None
    assert loaded.summary and loaded.author
    assert loaded.blocks and all(block.name for block in loaded.blocks)


def test_examples_include_a_circuit_and_the_prevention_program_is_twice_weekly() -> None:
    models = {p.stem: load_program(p).model for p in EXAMPLES}
    assert any(block.rounds > 1 for m in models.values() for block in m.blocks)
    assert models["eccentric-injury-prevention"].sessions_per_week == 2
    assert models["early-hamstring-rehab"].stage == "early"
    assert models["mid-stage-strength"].stage == "mid"
