"""Fault suite, sessions: a session killed at any moment resumes at the set in progress, and
no finished set is ever lost or counted twice.

Each round runs `hamtui run --plain --auto-ack` on the real clock, kills it (SIGKILL) at a
different moment, then resumes it to the end. (The same for the full-screen runner, headless:
tests/e2e/test_session_resume.py.)"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hamtui.files import load
from hamtui.model.session import SessionRecord

KILLS = (0.8, 1.7, 2.6, 3.5)  # seconds after start: moments spread over the first sets
PROGRAM = """\
format = "hamtui-program/1"
title = "Kill and resume"

[[blocks]]

[[blocks.items]]
exercise = "glute-bridge"
sets = 3
hold_s = 1
rest_s = 1

[[blocks.items]]
exercise = "seated-hamstring-set"
hold_s = 1
"""
FAST = ["--plain", "--auto-ack", "--get-ready", "1", "--switch-side", "1"]


def hamtui(home: Path, *argv: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "hamtui.cli", "run", *argv],
        env={**os.environ, "HAMTUI_HOME": str(home)},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("after_s", KILLS)
def test_a_session_killed_at_any_moment_resumes_and_loses_nothing(
    tmp_path: Path, after_s: float
) -> None:
    home = tmp_path / "home"
    program = tmp_path / "kill-me.toml"
    program.write_text(PROGRAM, encoding="utf-8")
    first = hamtui(home, str(program), *FAST)
    time.sleep(after_s)
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=10)

    records = sorted((home / "sessions").glob("*.toml"))
    if not records:  # killed before the first write: nothing to resume, nothing lost
        return
    [path] = records
    killed = load(path, SessionRecord).model  # never torn
    assert killed.status == "in-progress"
    done_before = {e.exercise: e.sets_done for e in killed.entries}

    second = hamtui(home, str(program), *FAST, "--resume")
    _, err = second.communicate(timeout=60)
    assert second.returncode == 0, err
    assert sorted((home / "sessions").glob("*.toml")) == [path]  # the same record goes on
    record = load(path, SessionRecord).model
    assert record.status == "completed"
    sets = {e.exercise: e.sets_done for e in record.entries}
    assert sets == {"glute-bridge": 3, "seated-hamstring-set": 1}  # none lost, none twice
    for slug, before in done_before.items():
        assert sets[slug] >= before
    assert any(e.kind == "resume" for e in record.events)
    assert not list((home / "sessions").glob(".*.lock"))  # the finished session let go
