"""Smoke test of the benchmark harness: `python -m bench --quick` runs and prints what it should."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"name", "value", "unit", "target", "ok"}
VALIDATE_FIGURES = {
    "validate_200_programs_s",
    "validate_200_vs_python_pass",
    "validate_200_vs_textual_start",
}


def run_bench(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bench", "--quick", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def json_run() -> subprocess.CompletedProcess[str]:
    return run_bench("--json", "--only", "validate")


def test_json_lines_have_exactly_the_five_keys(json_run: subprocess.CompletedProcess[str]) -> None:
    assert json_run.returncode == 0, json_run.stderr
    lines = json_run.stdout.splitlines()
    assert lines
    for line in lines:
        record = json.loads(line)
        assert set(record) == KEYS, line
        assert isinstance(record["name"], str)
        assert isinstance(record["value"], int | float)
        assert isinstance(record["unit"], str)
        assert isinstance(record["target"], str)
        assert record["ok"] in (True, False, None)
        assert (record["ok"] is None) == (record["target"] == "")


def test_validate_figures_are_reported(json_run: subprocess.CompletedProcess[str]) -> None:
    records = {r["name"]: r for r in map(json.loads, json_run.stdout.splitlines())}
    missing = VALIDATE_FIGURES - set(records)
    assert not missing
    assert records["validate_200_programs_s"]["unit"] == "s"
    assert records["validate_200_programs_s"]["value"] > 0
    assert records["validate_200_vs_python_pass"]["unit"] == "x"
    assert records["validate_200_vs_textual_start"]["unit"] == "x"
    assert records["validate_200_vs_textual_start"]["target"]


def test_table_for_people() -> None:
    done = run_bench("--only", "validate")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["name", "value", "unit", "target", "ok"]
    for name in VALIDATE_FIGURES:
        assert any(line.startswith(name + " ") for line in lines), name
    assert any(line.startswith("machine:") and "cores" in line for line in lines)
    assert any("measured in this same run" in line for line in lines)


def test_unknown_bench_is_an_error() -> None:
    done = run_bench("--only", "no-such-bench")
    assert done.returncode == 2
    assert done.stdout == ""
