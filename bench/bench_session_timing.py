"""Session timing on the real clock while another process keeps a core busy.

A 60-second program (10 seconds with --quick) of holds, side switches and rests runs headless
in this process: `hamtui run`'s SessionApp on `time.monotonic`, start cues acknowledged at once
(`auto_ack`). A busy-loop subprocess burns a core meanwhile. For every phase change (each
`StepStarted` event) the screen hands over, the lateness is the monotonic time it was observed
minus its scheduled deadline; the end's lateness is the time the end was
observed minus (start + the program's planned duration), so drift would show there.

Targets (from the session issue): every phase change within 100 ms of its deadline, and the
session ending no more than 50 ms late overall.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bench.harness import Context, Figure, figure, percentile
from hamtui.files import load_program
from hamtui.library import load_library
from hamtui.session import SessionEvent, SessionFinished, StepStarted, build_timeline

# (get-ready s, switch-side s, items as (sets, hold_s, rest_s, side)): 60 s and 10 s in all.
FULL = (3, 2, [(3, 5, 2, "each"), (2, 6, 2, "both")])
QUICK = (2, 1, [(2, 2, 1, "both"), (1, 1, 0, "both")])
# Keeps a core busy, and stops by itself when this process goes (even if killed).
BURN = "import os\nparent = os.getppid()\nwhile os.getppid() == parent:\n    pass\n"
EXERCISES = ("glute-bridge", "seated-hamstring-set", "leg-up-hamstring-stretch")


def program_text(items: Sequence[tuple[int, int, int, str]]) -> str:
    lines = ['format = "hamtui-program/1"', 'title = "Timing"', "", "[[blocks]]"]
    for n, (sets, hold_s, rest_s, side) in enumerate(items):
        lines += [
            "",
            "[[blocks.items]]",
            f'exercise = "{EXERCISES[n % len(EXERCISES)]}"',
            f"sets = {sets}",
            "reps = 1",
            f"hold_s = {hold_s}",
            f"rest_s = {rest_s}",
            f'side = "{side}"',
        ]
    return "\n".join(lines) + "\n"


async def _run_session(
    program: Path, sessions: Path, get_ready_s: int, switch_side_s: int
) -> list[tuple[SessionEvent, float]]:
    from hamtui.session.run import SessionOptions
    from hamtui.tui.session_app import build_session_app

    seen: list[tuple[SessionEvent, float]] = []

    def hook(events: Sequence[SessionEvent]) -> None:
        now = time.monotonic()
        seen.extend((event, now) for event in events)

    options = SessionOptions(
        get_ready_s=get_ready_s,
        switch_side_s=switch_side_s,
        bell=False,
        auto_ack=True,
        sessions_dir=sessions,
    )
    app = build_session_app(program, load_library(bundled_only=True), options, on_events=hook)
    await app.run_async(headless=True, size=(80, 24))
    return seen


def run(ctx: Context) -> list[Figure]:
    get_ready_s, switch_side_s, items = QUICK if ctx.quick else FULL
    folder = ctx.scratch("session-timing")
    program = folder / "timing.toml"
    program.write_text(program_text(items), encoding="utf-8")
    planned = build_timeline(
        load_program(program).model,
        load_library(bundled_only=True),
        get_ready_s=get_ready_s,
        switch_side_s=switch_side_s,
    ).planned_s
    assert planned == (10 if ctx.quick else 60), planned

    burner = subprocess.Popen(
        [sys.executable, "-c", BURN],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.2)  # let it get going
        seen = asyncio.run(_run_session(program, folder / "sessions", get_ready_s, switch_side_s))
    finally:
        burner.kill()
        burner.wait()

    starts = [(event, now) for event, now in seen if isinstance(event, StepStarted)]
    ends = [(event, now) for event, now in seen if isinstance(event, SessionFinished)]
    if not starts or not ends or ends[0][0].status != "completed":
        raise RuntimeError("the timing session did not run to completion")
    late_ms = [(now - event.at) * 1000 for event, now in starts]
    began = starts[0][0].at
    end_ms = (ends[0][1] - (began + planned)) * 1000
    drift_ms = (ends[0][0].at - (began + planned)) * 1000
    return [
        figure("session_phase_changes", len(starts), "count"),
        figure("session_phase_lateness_max_ms", max(late_ms), "ms", "<= 100 ms"),
        figure("session_phase_lateness_p95_ms", percentile(late_ms, 95), "ms"),
        figure("session_end_lateness_ms", end_ms, "ms", "<= 50 ms"),
        figure("session_schedule_drift_ms", drift_ms, "ms", "<= 1 ms"),
    ]
