"""Fault suite, session records: sessions started in the same second never share a file, and a
session running in one process is neither offered for resume nor written by another.

(Killing a session and resuming it at the set in progress: tests/e2e/test_session_resume.py.)"""

from __future__ import annotations

import multiprocessing as mp
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from hamtui.files import load
from hamtui.model.session import SessionRecord
from hamtui.session.record import SessionRecorder, find_unfinished
from programs import QUICK

PAIRS = 50
SECOND = datetime(2026, 11, 20, 18, 2, 11, tzinfo=UTC)
SHA = "0" * 64


def _start_sessions(
    folder: str, program: str, barrier: mp.synchronize.Barrier, out: mp.Queue
) -> None:
    made = []
    for _ in range(PAIRS):
        barrier.wait()  # both processes start a session of one program in one second
        recorder = SessionRecorder.create(
            Path(program), SHA, lambda: SECOND, folder=Path(folder), title="Quick"
        )
        recorder.close()
        made.append(recorder.path.name)
    out.put(made)


def test_fifty_pairs_started_in_one_second_make_a_hundred_records(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir()
    program = tmp_path / "quick.toml"
    context = mp.get_context("fork" if sys.platform != "win32" else "spawn")
    barrier = context.Barrier(2)
    out: mp.Queue = context.Queue()
    starters = [
        context.Process(target=_start_sessions, args=(str(folder), str(program), barrier, out))
        for _ in "ab"
    ]
    for starter in starters:
        starter.start()
    names = [name for _ in starters for name in out.get(timeout=120)]
    for starter in starters:
        starter.join(timeout=30)
        assert starter.exitcode == 0
    records = sorted(folder.glob("*.toml"))
    assert len(names) == len(set(names)) == len(records) == 2 * PAIRS
    for path in records:
        record = load(path, SessionRecord).model
        assert path.name.startswith("20261120T180211Z-quick-")
        assert record.started == SECOND and record.status == "in-progress"


HOLDER = """
import sys
from pathlib import Path
from hamtui.session.record import SessionRecorder
recorder = SessionRecorder.create(Path(sys.argv[1]), "0" * 64, title="Quick")
print(recorder.path, flush=True)
sys.stdin.readline()  # runs until told to stop
"""


FAST = ["--plain", "--auto-ack", "--resume", "--get-ready", "1"]


def test_a_session_running_in_another_process_is_left_alone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    program = tmp_path / "quick.toml"
    program.write_text(QUICK, encoding="utf-8")
    env = {**os.environ, "HAMTUI_HOME": str(home)}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(program)],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdin is not None
        held = Path(holder.stdout.readline().strip())
        before = held.read_bytes()
        [unfinished] = find_unfinished(home / "sessions")
        assert unfinished.path == held and unfinished.elsewhere

        run = subprocess.run(
            [sys.executable, "-m", "hamtui.cli", "run", str(program), *FAST],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert run.returncode == 0, run.stderr
        said = run.stdout + run.stderr
        assert "is still open in another hamtui: it is left to that one" in said
        assert held.read_bytes() == before  # not resumed, not written
        [new] = [p for p in (home / "sessions").glob("*.toml") if p != held]
        assert load(new, SessionRecord).model.status == "completed"
    finally:
        if holder.stdin is not None:
            holder.stdin.close()
        holder.wait(timeout=30)
    # Once its process is gone, the session is offered again.
    [unfinished] = find_unfinished(home / "sessions")
    assert unfinished.path == held and not unfinished.elsewhere
