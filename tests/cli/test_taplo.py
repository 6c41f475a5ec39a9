"""The JSON Schemas in schemas/ and the repository's .taplo.toml: the `taplo` CLI (the toolkit
behind many editors' TOML support) checks hamtui's files with them, as an editor would."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hamtui.editor import ProgramDocument, duplicate_item
from hamtui.library import load_library

ROOT = Path(__file__).resolve().parents[2]
TAPLO = shutil.which("taplo", path=str(Path(sys.executable).parent)) or shutil.which("taplo")

pytestmark = pytest.mark.skipif(TAPLO is None, reason="the taplo CLI is not installed")


def taplo_check(folder: Path, *files: str) -> subprocess.CompletedProcess[str]:
    assert TAPLO is not None
    return subprocess.run(
        [TAPLO, "check", *files],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def workspace_like(tmp_path: Path) -> Path:
    """A folder laid out like the repository, with its .taplo.toml and schemas."""
    shutil.copy(ROOT / ".taplo.toml", tmp_path / ".taplo.toml")
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    (tmp_path / "programs").mkdir()
    return tmp_path


def test_every_bundled_file_passes_its_schema() -> None:
    files = sorted(
        str(p.relative_to(ROOT))
        for p in [
            *ROOT.glob("programs/*.toml"),
            *ROOT.glob("library/*.toml"),
            *ROOT.glob("plans/*.toml"),
        ]
    )
    assert any(name.startswith("plans/") for name in files)
    result = taplo_check(ROOT, *files)
    assert result.returncode == 0, result.stderr
    assert f"total={len(files)}" in result.stderr


def test_a_mistyped_plan_and_its_log_are_checked(tmp_path: Path) -> None:
    folder = workspace_like(tmp_path)
    (folder / "plans").mkdir()
    plan = (ROOT / "plans" / "home-rehab-ladder.toml").read_text(encoding="utf-8")
    (folder / "plans" / "ladder.toml").write_text(
        plan.replace("pain_ceiling = 2", "pain_ceiling = 12"), encoding="utf-8"
    )
    (folder / "plans" / "ladder.log.toml").write_text(
        'format = "hamtui-plan-log/1"\n\n[[entries]]\nat = 2026-11-16T09:00:00Z\n'
        'kind = "jump"\nfrom_stage = 1\nto_stage = 2\n',
        encoding="utf-8",
    )
    result = taplo_check(folder, "plans/ladder.toml", "plans/ladder.log.toml")
    assert result.returncode != 0
    assert "ladder.toml" in result.stderr and "ladder.log.toml" in result.stderr


def test_a_mistyped_program_is_caught_where_it_is_wrong(tmp_path: Path) -> None:
    folder = workspace_like(tmp_path)
    (folder / "programs" / "knee.toml").write_text(
        'format = "hamtui-program/1"\ntitle = "Knee"\n\n[[blocks]]\n\n[[blocks.items]]\n'
        'exercise = "glute-bridge"\nreps = 0\nsidee = "each"\n',
        encoding="utf-8",
    )
    result = taplo_check(folder, "programs/knee.toml")
    assert result.returncode != 0
    assert "knee.toml:8:8" in result.stderr and "less than the minimum of 1" in result.stderr
    assert "'sidee' was unexpected" in result.stderr


def test_a_program_hamtui_saved_with_comments_passes(tmp_path: Path) -> None:
    folder = workspace_like(tmp_path)
    program = folder / "programs" / "early.toml"
    text = (ROOT / "tests" / "data" / "early-hamstring-rehab.toml").read_text(encoding="utf-8")
    program.write_text("# for J.D.\n" + text, encoding="utf-8")
    document = ProgramDocument.open(program)
    document.apply("duplicate", lambda p: duplicate_item(p, 0, 0))
    document.save(load_library(bundled_only=True))
    assert program.read_text(encoding="utf-8").startswith("# for J.D.\n")
    result = taplo_check(folder, "programs/early.toml")
    assert result.returncode == 0, result.stderr
