"""Moving an item in a 300-item program, key to repaint, against a keystroke into a bare
Textual Input app measured the same way in the same run (bench/tui_latency.py).

Targets: from the TUI issue, p95 at most 1.5x the floor; from issue "one frame", the
processor time per key ("work") at p95 inside one frame at 60 Hz, <= 16 ms (the median of 7
runs' p95, min and max beside it). The app is the real one (HamApp, main
screen at 120x40, the review running after each edit); the keys move an item down and up with
J and K, inside its block and across block boundaries.
"""

from __future__ import annotations

import itertools
from typing import Any

from textual.app import App

from bench.harness import Context, Figure, figure, median, percentile, ratio
from bench.tui_latency import floor_baseline, keystroke_latencies
from hamtui.editor import ProgramDocument
from hamtui.library import Library, load_library
from hamtui.model.program import Block, Item, Program
from hamtui.tui.app import HamApp
from hamtui.tui.widgets.program_list import ProgramList

ITEMS = 300
WORK_RUNS = 7  # runs of the "work" method; the first 3 also run the "pilot" method
BLOCKS = 6


def big_program(library: Library) -> Program:
    slugs = itertools.cycle(sorted(library.entries))
    per_block = ITEMS // BLOCKS
    blocks = [
        Block(
            name=f"Block {b + 1}",
            items=[
                Item(exercise=next(slugs), sets=2, reps=10, hold_s=5, rest_s=30, side="each")
                for _ in range(per_block)
            ],
        )
        for b in range(BLOCKS)
    ]
    return Program(format="hamtui-program/1", title="Three hundred items", blocks=blocks)


def run(ctx: Context) -> list[Figure]:
    library = load_library(bundled_only=True)
    program = big_program(library)
    # Down across a block boundary and back: J moves the item down, K up.
    keys = (["J"] * 60 + ["K"] * 60) * (1 if ctx.quick else 2)

    def app() -> App[Any]:
        return HamApp(library, document=ProgramDocument(program))

    def prepare(running: App[Any]) -> None:
        program_list = running.screen.query_one(ProgramList)
        program_list.select(0, ITEMS // BLOCKS - 30)
        program_list.focus()

    times: list[float] = []
    work: list[float] = []
    work_p95s: list[float] = []  # each run's p95: min, median and max are printed
    for run_number in range(ctx.repeat(WORK_RUNS, 1)):
        if run_number < ctx.repeat(3, 1):
            times += keystroke_latencies(app, keys, method="pilot", prepare=prepare)
        samples = keystroke_latencies(app, keys, method="work", prepare=prepare)
        work += samples
        work_p95s.append(percentile(samples, 95))
    floor = floor_baseline(ctx, "pilot")
    floor_work = floor_baseline(ctx, "work")
    p95 = percentile(times, 95)
    return [
        figure("tui_move_300_p50_ms", percentile(times, 50) * 1000, "ms"),
        figure("tui_move_300_p95_ms", p95 * 1000, "ms"),
        ratio("tui_move_300_p95_vs_floor", p95, floor, "<= 1.5x"),
        # Without Textual's test waits: the processor time per key, inside one frame.
        figure("tui_move_300_work_p95_ms", percentile(work, 95) * 1000, "ms"),
        figure("tui_move_300_work_run_p95_min_ms", min(work_p95s) * 1000, "ms"),
        figure("tui_move_300_work_run_p95_median_ms", median(work_p95s) * 1000, "ms", "<= 16 ms"),
        figure("tui_move_300_work_run_p95_max_ms", max(work_p95s) * 1000, "ms"),
        ratio("tui_move_300_work_p95_vs_floor", percentile(work, 95), floor_work),
    ]
