"""Snapshots of the session screen with a frozen clock, at 80x24 and 120x40: a hold, a rest,
the start-cue pop-up and the symptom pop-up. Update with `make snapshots`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

APPS = Path(__file__).resolve().parent / "apps"
SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


@SIZES
def test_hold_screen(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(APPS / "session_hold.py", terminal_size=size)


@SIZES
def test_rest_screen(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(APPS / "session_rest.py", terminal_size=size)


@SIZES
def test_start_cue_popup(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(APPS / "session_cue.py", terminal_size=size)


@SIZES
def test_symptom_popup(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(APPS / "session_symptom.py", terminal_size=size)
