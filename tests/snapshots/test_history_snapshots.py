"""Snapshots of the history screen on fixed sessions (a fixed today, 25 November 2026, and
UTC), at 80x24 (one panel at a time) and 120x40 (every panel). Update with `make snapshots`.

The sample (apps/history_common.py): sessions of two bundled programs and of a program named
`[bold]x\\x1b[2J` that has no file (shown literally), one session ended early with a symptom,
one in progress, and one broken session file in the notice at the top."""

from __future__ import annotations

from collections.abc import Callable

import pytest

SIZES = [(80, 24), (120, 40)]
SnapCompare = Callable[..., bool]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_history_sessions(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """The notice about the broken file; the sessions newest first (status in words, sets,
    symptoms) with the newest one's details; at 120x40 also adherence and the pain chart."""
    assert snap_compare("apps/history_sessions.py", terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_history_session_with_a_symptom(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """Down to the session of 5 November: ended early, a skipped exercise, a note, the
    symptom and a pause in its details."""
    assert snap_compare("apps/history_sessions.py", terminal_size=size, press=["down"] * 6)


def test_history_adherence(snap_compare: SnapCompare) -> None:
    """80x24, key 2: each program's last four weeks as dots and numbers; this week marked;
    `program file not found` for the hostile name (scrolled to the end)."""
    assert snap_compare("apps/history_adherence.py", terminal_size=(80, 24), press=["end"])


def test_history_pain_chart(snap_compare: SnapCompare) -> None:
    """80x24, key 3: the exercises with pain ratings and the first one's chart: a bar
    per session, dates under the bars, the 0-10 axis and the dashed threshold at 5."""
    assert snap_compare("apps/history_pain.py", terminal_size=(80, 24))


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_history_without_sessions(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """No sessions: how they get recorded (`hamtui run PROGRAM.toml`) and where they are kept."""
    assert snap_compare("apps/history_empty.py", terminal_size=size)
