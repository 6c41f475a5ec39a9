"""`hamtui export PROGRAM --format md|html [-o FILE]`: handouts on stdout or in a file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., tuple[int, str, str]]
Write = Callable[[str, str | bytes], Path]

REPO = Path(__file__).resolve().parents[2]
EARLY = REPO / "programs" / "early-hamstring-rehab.toml"

PROGRAM = """format = "hamtui-program/1"
title = "[bold]*x*<script>"

[[blocks]]
name = "Main"

  [[blocks.items]]
  exercise = "glute-bridge"
  sets = 2
  reps = 10
  hold_s = 5

  [[blocks.items]]
  exercise = "towel-slide"
"""

TOWEL = """format = "hamtui-exercise/1"
name = "Towel Slide"
category = "eccentric"
mode = "reps"
steps = ["Lie down with a towel under the heel."]
"""


def test_markdown_to_stdout(run_cli: Run) -> None:
    code, out, err = run_cli("export", EARLY)
    assert (code, err) == (0, "")
    assert out.startswith("# Early-stage hamstring rehab\n")
    assert "| Seated Hamstring Set | 10 reps × 2 rounds | 5 s | 20 s | each side | – |" in out
    assert "## Safety" in out


def test_html_to_file(run_cli: Run, tmp_path: Path) -> None:
    target = tmp_path / "handout.html"
    code, out, err = run_cli("export", EARLY, "--format", "html", "-o", target)
    assert (code, out, err) == (0, f"wrote {target}\n", "")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "@media print" in text
    assert not list(tmp_path.glob(".*.tmp"))  # the atomic write left nothing behind


@pytest.mark.parametrize(("name", "start"), [("h.html", "<!DOCTYPE html>"), ("h.md", "# ")])
def test_format_from_file_name(run_cli: Run, tmp_path: Path, name: str, start: str) -> None:
    target = tmp_path / name
    assert run_cli("export", EARLY, "-o", target)[0] == 0
    assert target.read_text(encoding="utf-8").startswith(start)


def test_format_flag_wins_over_suffix(run_cli: Run, tmp_path: Path) -> None:
    target = tmp_path / "h.txt"
    assert run_cli("export", EARLY, "-o", target, "--format", "html")[0] == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_program_by_name(run_cli: Run, hamtui_home: Path) -> None:
    code, out, _ = run_cli("export", "early-hamstring-rehab")
    assert code == 0 and out.startswith("# Early-stage hamstring rehab")
    mine = hamtui_home / "programs" / "mine.toml"
    mine.parent.mkdir()
    mine.write_text('format = "hamtui-program/1"\ntitle = "Mine"\n', encoding="utf-8")
    code, out, _ = run_cli("export", "mine.toml")
    assert code == 0 and out.startswith("# Mine\n")


def test_escaped_title_and_unresolved_exercise(run_cli: Run, write: Write) -> None:
    path = write("p.toml", PROGRAM)
    code, out, err = run_cli("export", path)
    assert code == 0
    assert out.startswith("# \\[bold\\]\\*x\\*\\<script\\>\n")
    assert "| `towel-slide` (not in the library) |" in out
    assert err == (
        f"{path}: warning: exercises not found in the library, listed as missing: towel-slide\n"
        f"{path}: warning: the review found 1 problem; the handout lists them at the top\n"
    )
    code, out, err = run_cli("export", path, "--format", "html")
    assert code == 0 and "<h1>[bold]*x*&lt;script&gt;</h1>" in out


def test_library_option_after_the_command(run_cli: Run, write: Write) -> None:
    path = write("p.toml", PROGRAM)
    write("extra/towel-slide.toml", TOWEL)
    code, out, err = run_cli("export", path, "--library", path.parent / "extra")
    assert (code, err) == (0, "")
    assert "| Towel Slide | 1 × 1 |" in out
    assert "1. Lie down with a towel under the heel." in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such program file"),
        ("title = [", ":1:"),
        ('format = "hamtui-program/1"\n', "title: is required"),
        ('format = "hamtui-exercise/1"\nname = "x"\n', "a program file was expected"),
    ],
)
def test_bad_program_exits_1(run_cli: Run, write: Write, content: str | None, message: str) -> None:
    target: str | Path = "no-such-program"
    if content is not None:
        target = write("bad.toml", content)
    code, out, err = run_cli("export", target)
    assert (code, out) == (1, "")
    assert message in err
    assert "Traceback" not in err


def test_missing_path_exits_1(run_cli: Run, tmp_path: Path) -> None:
    code, out, err = run_cli("export", tmp_path / "nope.toml")
    assert (code, out) == (1, "")
    assert err == f"{tmp_path / 'nope.toml'}: no such file\n"


def test_unwritable_output_exits_1(run_cli: Run, tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "h.md"
    code, out, err = run_cli("export", EARLY, "-o", target)
    assert (code, out) == (1, "")
    assert "cannot save" in err and "Traceback" not in err


def test_bad_format_is_a_usage_error(run_cli: Run) -> None:
    code, _, err = run_cli("export", EARLY, "--format", "pdf")
    assert code == 2 and "invalid choice" in err


PROBE = """
import json, sys
import hamtui.cli
code = hamtui.cli.main(sys.argv[1:])
sys.stdout.flush()
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {"textual", "rich"})
print(json.dumps({"code": code, "heavy": heavy}))
"""


@pytest.mark.parametrize("command", [["export", str(EARLY), "--format", "html"], ["history"]])
def test_no_textual_import(tmp_path: Path, command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *command],
        capture_output=True,
        text=True,
        env={**os.environ, "HAMTUI_HOME": str(tmp_path)},
        timeout=60,
    )
    report = json.loads(result.stdout.splitlines()[-1])
    assert report == {"code": 0, "heavy": []}


MIXED_STAGE = """\
format = "hamtui-program/1"
title = "Mixed"
stage = "early"

[[blocks]]

[[blocks.items]]
exercise = "nordic-hamstring-curl"

[[blocks.items]]
exercise = "pogo-hops"
"""


def test_a_program_with_review_problems_warns_and_puts_them_first(
    run_cli: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    program = tmp_path / "mixed.toml"
    program.write_text(MIXED_STAGE, encoding="utf-8")
    _, review_out, _ = run_cli("review", program)
    code, out, err = run_cli("export", program)
    assert code == 0
    counted = "1 problem, 2 warnings"
    assert counted in review_out.splitlines()[-1]  # the same review
    assert f"{program}: warning: the review found {counted}; the handout lists them" in err
    assert out.index(f"## Review: {counted}") < out.index("## The plan")
    assert "- Problem — block 1, item 2 (Pogo Hops): Pogo Hops is plyometric" in out
    code, html, _ = run_cli("export", program, "--format", "html")
    assert html.index(f"<h2>Review: {counted}</h2>") < html.index("<h2>The plan</h2>")
