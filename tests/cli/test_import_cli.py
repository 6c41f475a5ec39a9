"""`hamtui library import`: output lines, summary and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data" / "free-exercise-db" / "exercises.json"

Run = Callable[..., tuple[int, str, str]]
RENAMED = (
    "; 3 whose slug was taken (by a bundled exercise or a reserved name) got "
    "the suffix -imported (--override lets bundled slugs be replaced)"
)

needs_data = pytest.mark.skipif(not DATA.is_file(), reason="free-exercise-db data not present")

RECORD = {
    "id": "Test_Exercise",
    "name": "Test Exercise",
    "force": None,
    "level": "beginner",
    "mechanic": None,
    "equipment": None,
    "primaryMuscles": ["hamstrings"],
    "secondaryMuscles": [],
    "instructions": ["Do it."],
    "category": "stretching",
    "images": [],
}


@needs_data
def test_import_all_then_validate_then_import_again(run_cli: Run, tmp_path: Path) -> None:
    into = tmp_path / "new" / "fedb"
    code, out, err = run_cli("library", "import", DATA, "--into", into)
    assert (code, err) == (0, "")
    assert out == f"873 records: 873 written, 0 unchanged, 0 skipped{RENAMED}\n"
    code, out, _ = run_cli("validate", into)
    assert code == 0
    assert out.strip().splitlines()[-1] == "checked 873 files: all valid"
    code, out, _ = run_cli("library", "import", DATA, "--into", into)
    assert (code, out) == (0, f"873 records: 0 written, 873 unchanged, 0 skipped{RENAMED}\n")


def test_muscle_option(run_cli: Run, tmp_path: Path) -> None:
    source = tmp_path / "two.json"
    other = {**RECORD, "id": "Curl", "primaryMuscles": ["biceps"]}
    source.write_text(json.dumps([RECORD, other]), "utf-8")
    into = tmp_path / "ham"
    code, out, _ = run_cli("library", "import", source, "--into", into, "--muscle", "hamstrings")
    assert (code, out) == (
        0,
        "2 records: 1 written, 0 unchanged, 0 skipped, 1 without hamstrings\n",
    )
    assert [p.name for p in into.iterdir()] == ["test-exercise.toml"]
    code, _, err = run_cli(
        "library", "import", source, "--into", tmp_path / "x", "--muscle", "hams"
    )
    assert code == 2
    assert err.startswith('--muscle: unknown muscle "hams"')


def test_skipped_records_make_one_line_each_and_exit_1(run_cli: Run, tmp_path: Path) -> None:
    source = tmp_path / "some.json"
    bad = {**RECORD, "id": "Bad_One", "category": "dance"}
    source.write_text(json.dumps([RECORD, 7, bad]), "utf-8")
    code, out, err = run_cli("library", "import", source, "--into", tmp_path / "out")
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert lines[0] == f"{source}: [1]: must be an object {{...}} (got 7)"
    assert lines[1].startswith(f'{source}: [2] (id "Bad_One"): `category` must be one of ')
    assert lines[2] == "3 records: 1 written, 0 unchanged, 2 skipped"


def test_edited_file_needs_force(run_cli: Run, tmp_path: Path) -> None:
    source = tmp_path / "one.json"
    source.write_text(json.dumps([RECORD]), "utf-8")
    into = tmp_path / "out"
    assert run_cli("library", "import", source, "--into", into)[0] == 0
    (into / "test-exercise.toml").write_text("edited", "utf-8")
    code, out, _ = run_cli("library", "import", source, "--into", into)
    assert code == 1 and "not overwritten (--force overwrites it)" in out
    code, out, _ = run_cli("library", "import", source, "--into", into, "--force")
    assert (code, out) == (0, "1 record: 1 written, 0 unchanged, 0 skipped\n")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('[{"id": "a",\n "name" "x"}]', ":2:9: expecting ':' delimiter"),
        ("{}", ": must be a JSON array of exercise records (got an object)"),
    ],
)
def test_unreadable_json_exits_2(run_cli: Run, tmp_path: Path, content: str, expected: str) -> None:
    source = tmp_path / "bad.json"
    source.write_text(content, "utf-8")
    code, out, err = run_cli("library", "import", source, "--into", tmp_path / "out")
    assert (code, out) == (2, "")
    assert err == f"{source}{expected}\n"
    assert "Traceback" not in err


def test_usage_errors_exit_2(run_cli: Run, tmp_path: Path) -> None:
    assert run_cli("library", "import", tmp_path / "x.json")[0] == 2  # no --into
    assert run_cli("library")[0] == 2  # no action
    code, _, err = run_cli("library", "import", tmp_path / "x.json", "--into", tmp_path)
    assert code == 2 and err == f"{tmp_path / 'x.json'}: no such file\n"


def test_library_group_lists_import(run_cli: Run) -> None:
    code, out, _ = run_cli("library", "--help")
    assert code == 0 and "import" in out


def test_importer_does_not_import_textual() -> None:
    code = "import sys, hamtui.importer; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@needs_data
def test_an_import_never_replaces_a_curated_exercise_unless_told(
    run_cli: Run, tmp_path: Path
) -> None:
    """free-exercise-db's Romanian deadlift (no stages, cues or red flags) used to replace
    the curated one silently: it is written as romanian-deadlift-imported, and `rdl` still
    finds the curated one first. `--override` writes it under the bundled slug."""
    into = tmp_path / "fedb"
    run_cli("library", "import", DATA, "--into", into)
    names = {p.name for p in into.iterdir()}
    assert "romanian-deadlift.toml" not in names
    assert "romanian-deadlift-imported.toml" in names
    code, out, err = run_cli("--library", into, "library", "search", "rdl")
    assert code == 0 and err == ""
    assert out.splitlines()[0].startswith("romanian-deadlift ")
    forced = tmp_path / "forced"
    run_cli("library", "import", DATA, "--into", forced, "--override")
    assert (forced / "romanian-deadlift.toml").is_file()
    _, _, err = run_cli("--library", forced, "library", "search", "rdl")
    assert "overrides exercise `romanian-deadlift`" in err


def test_the_importer_never_writes_the_reserved_safety_file(run_cli: Run, tmp_path: Path) -> None:
    source = tmp_path / "one.json"
    source.write_text(json.dumps([{**RECORD, "id": "Safety", "name": "Safety"}]), "utf-8")
    into = tmp_path / "lib"
    code, _, _ = run_cli("library", "import", source, "--into", into, "--override")
    assert code == 0
    assert [p.name for p in into.iterdir()] == ["safety-imported.toml"]
