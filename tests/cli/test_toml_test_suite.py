"""`hamtui validate` over every file of the toml-test suite (TOML 1.0.0): no crash, no
traceback, one clean line per problem, and a `path:line:col:` for every syntax error."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from hamtui.library import Library
from hamtui.validate import validate_paths

REPO = Path(__file__).resolve().parents[2]
SUITE = REPO.parent / "shared" / "data" / "toml-test"
LISTING = SUITE / "files-toml-1.0.0"

pytestmark = pytest.mark.skipif(
    not LISTING.is_file(),
    reason=f"toml-test suite not found at {SUITE} (../shared/data/toml-test beside the repo)",
)


def suite_files() -> list[Path]:
    names = [n for n in LISTING.read_text().split() if n.endswith(".toml")]
    return [SUITE / n for n in names]


def tomllib_accepts(path: Path) -> bool:
    data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    try:
        tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return False
    return True


def test_every_suite_file_in_process() -> None:
    files = suite_files()
    invalid = [p for p in files if p.relative_to(SUITE).parts[0] == "invalid"]
    valid = [p for p in files if p.relative_to(SUITE).parts[0] == "valid"]
    assert len(invalid) > 400
    assert len(valid) > 150
    assert len(invalid) + len(valid) == len(files)

    report = validate_paths(files, Library())  # raises nothing, whatever the file
    assert report.files == len(files)
    by_path: dict[str, list[str]] = {}
    for problem in report.problems:
        line = str(problem)
        assert "\n" not in line and "\r" not in line and "\x1b" not in line, line
        by_path.setdefault(problem.path, []).append(line)

    # Not one of them is a hamtui file, so every file gets at least one problem.
    assert set(by_path) == {str(p) for p in files}

    syntax = re.compile(r"(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): \S")
    for path in invalid:
        lines = by_path[str(path)]
        if tomllib_accepts(path):
            # tomllib is lenient here: the file is read and found not to be a hamtui file.
            assert all(line.startswith(f"{path}: ") for line in lines), lines
            continue
        [line] = lines
        match = syntax.match(line)
        assert match and match.group("path") == str(path), line
        assert int(match.group("line")) >= 1 and int(match.group("col")) >= 1

    for path in valid:
        # Valid TOML always parses (BOMs, CRLF, unicode ...): the only complaint is the schema.
        assert by_path[str(path)] == [
            f"{path}: format: is required: a hamtui file starts with a format line such as "
            'format = "hamtui-program/1"'
        ]


@pytest.mark.slow
def test_whole_suite_folder_in_a_subprocess(tmp_path: Path) -> None:
    env = {**os.environ, "HAMTUI_HOME": str(tmp_path)}
    env.pop("HAMTUI_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-m", "hamtui.cli", "validate", "valid", "invalid"],
        cwd=SUITE,
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr == b""
    out = result.stdout.decode("utf-8")
    assert "Traceback" not in out
    assert b"\x1b" not in result.stdout
    lines = out.splitlines()
    n = len(suite_files())
    summary = rf"checked {n} files: 0 valid, {n} with problems \(\d+ problems\)"
    assert re.fullmatch(summary, lines[-1]), lines[-1]
    for line in lines[:-1]:
        assert re.match(r"(valid|invalid)/\S+\.toml:", line), line
    mentioned = {line.split(".toml:", 1)[0] + ".toml" for line in lines[:-1]}
    assert len(mentioned) == n
