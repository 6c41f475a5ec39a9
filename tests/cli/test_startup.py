"""Startup hygiene: the CLI and `validate` never import Textual or Rich."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from hamtui import resources

PROBE = """
import json, sys
import hamtui.cli
after_import = sorted(sys.modules)
code = hamtui.cli.main(["validate", *sys.argv[1:]])
sys.stdout.flush()
print(json.dumps({"code": code, "after_import": after_import, "after_run": sorted(sys.modules)}))
"""


def heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if m.split(".")[0] in {"textual", "rich"}]


def test_cli_and_validate_leave_textual_and_rich_unimported(tmp_path: Path) -> None:
    program = tmp_path / "p.toml"
    program.write_text(
        'format = "hamtui-program/1"\ntitle = "t"\n[[blocks]]\n[[blocks.items]]\n'
        'exercise = "glute-bridge"\n'
    )
    bad = tmp_path / "bad.toml"
    bad.write_text("title = \n")
    exercise = next(resources.bundled_library_dir().glob("*.toml"))
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(program), str(bad), str(exercise)],
        capture_output=True,
        text=True,
        env={**os.environ, "HAMTUI_HOME": str(tmp_path / "home")},
        timeout=60,
    )
    assert result.stderr == ""
    report = json.loads(result.stdout.splitlines()[-1])
    # the run did real work: it loaded the library, found the bad file and said so
    assert report["code"] == 1
    assert f"{bad}:1:9: invalid value" in result.stdout
    assert "hamtui.library" in report["after_run"]
    assert "pydantic" in report["after_run"]
    assert heavy(report["after_import"]) == []
    assert heavy(report["after_run"]) == []


def test_a_program_file_that_does_not_exist_yet_is_a_new_program_saved_there(
    tmp_path: Path, run_cli: Callable[..., tuple[int, str, str]]
) -> None:
    from hamtui.startup import load_everything

    loaded = load_everything(program=tmp_path / "week-3_plan.toml")
    assert loaded.document.path == tmp_path / "week-3_plan.toml"
    assert loaded.document.program.title == "Week 3 plan"
    assert loaded.document.sha256 is None and not loaded.document.dirty
    code, _, err = run_cli("edit", tmp_path / "no-folder" / "x.toml")
    assert code == 1
    assert "its folder" in err and "does not exist" in err
