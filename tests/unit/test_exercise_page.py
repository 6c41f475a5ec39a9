"""The exercise page: one view model (`hamtui.exercise_page`) and its plain-text layout for
`hamtui library show` (`hamtui.cli.page`)."""

from __future__ import annotations

from typing import Any

from hamtui.cli.page import page_lines
from hamtui.exercise_page import exercise_page
from hamtui.model.exercise import ExerciseBody


def body(name: str, **fields: Any) -> ExerciseBody:
    data: dict[str, Any] = {"name": name, "category": "strength", "mode": "reps", **fields}
    return ExerciseBody.model_validate(data)


def test_exercise_page_has_every_part() -> None:
    exercise = ExerciseBody.model_validate(
        {
            "name": "Towel Slide",
            "aliases": ["heel slide"],
            "category": "isometric",
            "mode": "hold",
            "position": "supine",
            "equipment": ["towel"],
            "primary_muscles": ["hamstrings"],
            "secondary_muscles": ["glutes"],
            "stages": ["early", "mid"],
            "summary": "A gentle start.",
            "steps": ["Lie down.", "Slide the heel."],
            "tips": ["Go slowly."],
            "mistakes": ["Rushing."],
            "red_flags": ["Tingling into the foot"],
            "avoid_when": ["acute strain"],
            "progressions": ["glute-bridge"],
            "regressions": ["not-here"],
            "sources": ["A guide, a publisher"],
            "defaults": {"sets": 2, "reps": 10, "hold_s": 5, "rest_s": 30, "side": "each"},
            "cues": [
                {"text": "Breathe", "at": "start", "level": "info"},
                {"text": "Ease off if it pinches", "at": 10, "level": "caution"},
            ],
        }
    )
    page = "\n".join(
        page_lines(exercise_page("towel-slide", exercise, {"glute-bridge": "Glute Bridge"}))
    )
    for part in (
        "Towel Slide (towel-slide)",
        "Also called: heel slide",
        "Category:   isometric · hold · beginner",
        "Position:   supine",
        "Stages:     early, mid",
        "Equipment:  towel",
        "Muscles:    hamstrings; also glutes",
        "Dose:       2 × 10 · hold 5 s · rest 30 s · each side",
        "A gentle start.",
        "  1. Lie down.\n  2. Slide the heel.",
        "Tips\n  - Go slowly.",
        "Common mistakes\n  - Rushing.",
        "  - info, at the start: Breathe",
        "  - caution, at 10 s: Ease off if it pinches",
        "Red flags: stop and get it checked\n  - Tingling into the foot",
        "Avoid when\n  - acute strain",
        "Progressions (harder)\n  - glute-bridge: Glute Bridge",
        "Regressions (easier)\n  - not-here: (not in the library)",
        "Sources\n  - A guide, a publisher",
    ):
        assert part in page, part


def test_exercise_page_spells_out_control_characters() -> None:
    exercise = body("Evil \x1b[31mRed", summary="[bold]not bold[/bold]\nsecond \x07 line")
    page = page_lines(exercise_page("evil", exercise))
    text = "\n".join(page)
    assert "\x1b" not in text and "\x07" not in text
    assert "Evil \\x1b[31mRed (evil)" in text
    assert "[bold]not bold[/bold]\nsecond \\x07 line" in text
    assert "Equipment:  none" in text
