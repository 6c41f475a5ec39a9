"""Snapshots of the plan screen (tests/plan_sample.py: stage 2 of the bundled ladder, three
sessions in, one self-check confirmed, today 25 November 2026 in UTC) at 80x24 and 120x40.
Update with `make snapshots`."""

from __future__ import annotations

from collections.abc import Callable

import pytest

SIZES = [(80, 24), (120, 40)]
SnapCompare = Callable[..., bool]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_plan_view(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """The ladder with stage 2 marked, its criteria with their evidence (the confirmed
    squat check, the pain of 18 November), the advice to stay, and the keys."""
    assert snap_compare("apps/plan_view.py", terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_plan_confirm_picker(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """Key c: the self-checks of the stage still to confirm."""
    assert snap_compare("apps/plan_view.py", terminal_size=size, press=["c"])


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_checkin_before_a_plan_session(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """The check-in: y answered (symptoms lasted), no new symptom highlighted: today's dose
    is eased, with the safety rule's advice."""
    assert snap_compare("apps/checkin_view.py", terminal_size=size, press=["y"])


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_plan_editor(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """The plan editor: the stages, stage 2's settings and criteria, no problems, the keys."""
    assert snap_compare("apps/plan_edit_view.py", terminal_size=size, press=["down"])


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_stage_form(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """Enter on stage 2: its form, with the criteria to move on."""
    assert snap_compare("apps/plan_edit_view.py", terminal_size=size, press=["down", "enter"])
