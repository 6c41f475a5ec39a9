"""`hamtui run` end to end: a real subprocess runs a session on the real clock, is killed
mid-session, and a second run resumes it at the set in progress and finishes it. Also the
command's clear errors for programs that cannot run.

The subprocesses run headless with `--auto-ack` (start cues acknowledged, no ratings, the
resume offer answered "resume") and short get-ready and switch-side steps.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from hamtui.files import load
from hamtui.model.session import SessionRecord

# 3 sets of a 1 s hold with 1 s rests, then 1 set of another: 8 s with 1 s get-readies.
PROGRAM = """\
format = "hamtui-program/1"
title = "Kill and resume"

[[blocks]]
name = "Main"

[[blocks.items]]
exercise = "glute-bridge"
sets = 3
reps = 1
hold_s = 1
rest_s = 1

[[blocks.items]]
exercise = "seated-hamstring-set"
sets = 1
reps = 1
hold_s = 1
"""
FAST = ["--headless", "--auto-ack", "--get-ready", "1", "--switch-side", "1"]


def hamtui(home: Path, *args: str | Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "hamtui.cli", "run", *map(str, args)],
        env={**os.environ, "HAMTUI_HOME": str(home)},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def records(home: Path) -> list[Path]:
    folder = home / "sessions"
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


def wait_for(check: Callable[[], bool], timeout: float, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if proc.poll() is not None:
            _out, err = proc.communicate()
            pytest.fail(f"hamtui exited {proc.returncode} too early:\n{err.decode()}")
        time.sleep(0.02)
    proc.kill()
    pytest.fail("timed out waiting for the session record")


@pytest.mark.slow
def test_a_killed_session_resumes_at_the_set_in_progress(tmp_path: Path) -> None:
    home = tmp_path / "home"
    program = tmp_path / "kill-me.toml"
    program.write_text(PROGRAM, encoding="utf-8")

    first = hamtui(home, program, *FAST)

    def one_set_done() -> bool:
        for path in records(home):
            document = tomllib.loads(path.read_text(encoding="utf-8"))
            if any(entry["sets_done"] >= 1 for entry in document.get("entries", [])):
                return True
        return False

    wait_for(one_set_done, 20, first)
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    assert first.returncode == -signal.SIGKILL

    [path] = records(home)
    killed = load(path, SessionRecord).model  # valid TOML, valid record
    assert killed.status == "in-progress"
    assert killed.finished is None
    done_before = sum(entry.sets_done for entry in killed.entries)
    assert 1 <= done_before < 4

    second = hamtui(home, program, *FAST, "--resume")
    _out, err = second.communicate(timeout=30)
    assert second.returncode == 0, err.decode()
    assert records(home) == [path]  # the same file goes on
    record = load(path, SessionRecord).model
    assert record.status == "completed"
    assert record.finished is not None
    sets = {entry.exercise: entry.sets_done for entry in record.entries}
    assert sets == {"glute-bridge": 3, "seated-hamstring-set": 1}
    assert ("resume", "resumed after an interruption") in [
        (event.kind, event.detail) for event in record.events
    ]


def test_run_reports_a_broken_program_without_a_traceback(
    run_cli: Callable[..., tuple[int, str, str]], write: Callable[[str, str | bytes], Path]
) -> None:
    broken = write("broken.toml", 'format = "hamtui-program/1"\ntitle = \n')
    code, out, err = run_cli("run", broken)
    assert code == 1
    assert f"{broken}:2:" in err
    assert "Traceback" not in err and out == ""

    code, out, err = run_cli("run", broken.with_name("nowhere.toml"))
    assert code == 1 and "nowhere.toml: no such file" in err


def test_run_reports_exercises_that_do_not_resolve(
    run_cli: Callable[..., tuple[int, str, str]], write: Callable[[str, str | bytes], Path]
) -> None:
    program = write(
        "lost.toml",
        'format = "hamtui-program/1"\ntitle = "t"\n[[blocks]]\n[[blocks.items]]\n'
        'exercise = "no-such-exercise"\n',
    )
    code, _out, err = run_cli("run", program)
    assert code == 1
    assert "exercises not found: block 1, item 1: `no-such-exercise`" in err
    assert "Traceback" not in err


def test_run_checks_its_seconds(
    run_cli: Callable[..., tuple[int, str, str]], write: Callable[[str, str | bytes], Path]
) -> None:
    program = write("p.toml", PROGRAM)
    code, out, err = run_cli("run", program, "--get-ready", "-1")
    assert code == 2
    assert "must be within 0..600 seconds" in err
    code, out, err = run_cli("run", "--help")
    assert code == 0
    assert "--no-bell" in out and "--get-ready" in out
    assert "--headless" not in out and "--auto-ack" not in out
