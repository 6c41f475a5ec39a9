"""The app says, in one notice at start, which exercises a later library folder replaced."""

from __future__ import annotations

from pathlib import Path

from hamtui.startup import load_everything

TOWEL = 'format = "hamtui-exercise/1"\nname = "My bridge"\ncategory = "strength"\nmode = "reps"\n'


def test_a_replaced_exercise_is_named_in_a_start_notice(tmp_path: Path) -> None:
    extra = tmp_path / "mine"
    extra.mkdir()
    (extra / "glute-bridge.toml").write_text(TOWEL, encoding="utf-8")
    loaded = load_everything([extra])
    [notice] = [w for w in loaded.warnings if "replaced by a later library folder" in w]
    assert notice.startswith("1 exercise replaced by a later library folder: ")
    assert "overrides exercise `glute-bridge`" in notice
    assert not [w for w in load_everything([]).warnings if "replaced" in w]
