"""Snapshots of the modals at 80x24 and 120x40 (update with `make snapshots`)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

SIZES = [(80, 24), (120, 40)]
SnapCompare = Callable[..., bool]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_dose_form_with_an_invalid_field(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """Sets is 0: the field is marked ✗ and the message is under it; Save is disabled."""
    assert snap_compare("apps/dose_form_app.py", terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_open_picker(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """Titles (one with markup and an escape, shown literally), stage, items, problems; the
    second row is highlighted, so its first problem shows below the table."""
    assert snap_compare("apps/open_picker_app.py", terminal_size=size, press=["down"])


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_conflict_dialog(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    """Reload / Overwrite / Save as / Cancel, each with its key on the button."""
    assert snap_compare("apps/conflict_dialog_app.py", terminal_size=size)
