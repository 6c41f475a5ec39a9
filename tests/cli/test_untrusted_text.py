"""Text from a file is shown literally: markup stays text, escape sequences are spelled out."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

Write = Callable[[str, str | bytes], Path]
Run = Callable[..., tuple[int, str, str]]

# Valid title and notes carrying markup and an ESC; then values that are wrong, so that
# validate has to quote them back: markup as a stage and an item slug, ESC [2J (clear screen)
# as a side and as a cue moment, and an unknown key spelled like markup.
HOSTILE = r"""
format = "hamtui-program/1"
title = "[bold red]x"
summary = "\u001b[2J cleared"
stage = "[bold red]x"
"[bold]" = 1

[[blocks]]
name = "[link=https://example.com]click[/link]"

  [[blocks.items]]
  exercise = "[bold red]x"
  notes = "\u001b[2J"
  side = "\u001b[2J"

[exercises.towel-slide]
name = "Towel slide"
category = "strength"
mode = "reps"

  [[exercises.towel-slide.cues]]
  text = "\u001b[2J\u009b31m"
  at = "\u001b[2J"
"""


def test_markup_and_escapes_are_shown_as_text(write: Write, run_cli: Run) -> None:
    path = write("hostile.toml", HOSTILE.lstrip())
    code, out, err = run_cli("validate", path)
    assert code == 1
    assert err == ""
    assert "\x1b" not in out and "\x9b" not in out
    lines = out.splitlines()
    assert (
        f"{path}: stage: must be one of early | mid | late | return-to-sport | maintenance "
        '(got "[bold red]x")'
    ) in lines
    assert f'{path}: "[bold]": unknown key `"[bold]"`' in lines
    assert any(
        line.startswith(f"{path}: blocks[0].items[0].exercise: must be a slug")
        and line.endswith('(got "[bold red]x")')
        for line in lines
    ), lines
    assert (
        f"{path}: blocks[0].items[0].side: must be one of both | each | left | right | affected "
        '(got "\\x1b[2J")'
    ) in lines
    assert (
        f"{path}: exercises.towel-slide.cues[0].at: must be one of start | halfway | end | "
        'every-rep, or a number of seconds (got "\\x1b[2J")'
    ) in lines
    assert len(lines) == 6  # five problems and the summary: valid text is not echoed at all


def test_file_names_with_escapes_and_markup_are_spelled_out(tmp_path: Path, run_cli: Run) -> None:
    bad = tmp_path / "[red]evil\x1b[2J.toml"
    bad.write_text("title = \n")
    code, out, err = run_cli("validate", bad)
    assert code == 1
    assert "\x1b" not in out + err
    spelled = str(bad).replace("\x1b", "\\x1b")
    assert out.splitlines()[0] == f"{spelled}:1:9: invalid value"


def test_raw_bytes_on_stdout_of_the_real_command(write: Write, hamtui_home: Path) -> None:
    path = write("hostile.toml", HOSTILE.lstrip())
    result = subprocess.run(
        [sys.executable, "-m", "hamtui.cli", "validate", str(path)],
        capture_output=True,
        env={**os.environ, "HAMTUI_HOME": str(hamtui_home)},
        timeout=60,
    )
    assert result.returncode == 1
    assert b"\x1b" not in result.stdout + result.stderr
    assert "\x9b".encode() not in result.stdout
    assert b'(got "[bold red]x")' in result.stdout
    assert b'(got "\\x1b[2J")' in result.stdout
