"""The TUI's start and memory, against a bare Textual app with Header and Footer.

- tui_first_paint_vs_bare: wall time of `hamtui`'s start to its painted main screen (bundled
  library) over the bare app's; target at most 1.3x. The main screen paints before the core
  loads, so tui_ready_vs_bare reports the time until the library's results are on screen too:
  what a user waits for before typing a search (issue "one frame": at most 1.6x). Both are
  moments the app prints (first paint; results painted, told by the main screen), from the
  process's start, over the bare app's first paint; not the process's exit.
- Both are measured in rounds (the bare app's paint, hamtui's paint, hamtui's results, back
  to back; 10 rounds after a warm-up round), so a busy neighbour slows all three alike; the
  ratio of the medians and the median of each round's own ratio are both judged, and the
  rounds' min and max ratios are printed.
- tui_peak_rss_10k_vs_bare: peak resident memory of the app opened on a 10,000-exercise
  library (cache warm, as on every start after the first), run until its results are on
  screen, over the bare app's; target < 2x.
"""

from __future__ import annotations

import subprocess
import sys
import time

from bench.corpus import scaled_library, write_library
from bench.harness import BASELINES_DIR, Context, Figure, figure, median, ratio


def _script(name: str, *args: str) -> list[str]:
    return [sys.executable, str(BASELINES_DIR / f"{name}.py"), *args]


def _delay(ctx: Context, argv: list[str], moment: str) -> float:
    """Seconds from starting the process to its first painted screen (moment "PAINTED", the
    `Ready` event) or to its results painted ("READY"), measured the same way for every app:
    the process prints the wall-clock moment. Process exit is not the measure: hamtui keeps
    loading after its first paint, and an app's exit is not something a user waits for."""
    start = time.time()
    done = subprocess.run(
        [*argv, "--stamp"],
        env=ctx.env,
        capture_output=True,
        text=True,
        check=True,
        stdin=subprocess.DEVNULL,
    )
    stamp = next(line for line in done.stdout.splitlines() if line.startswith(moment + " "))
    return float(stamp.split()[1]) - start


def _interleaved(ctx: Context, runs: int) -> tuple[list[float], list[float], list[float]]:
    """The bare app's paint, hamtui's paint and hamtui's results, `runs` rounds of the three
    in turn (after one warm-up round), so that a busy neighbour slows all three alike."""
    bare: list[float] = []
    paints: list[float] = []
    readies: list[float] = []
    commands = [
        (_script("bare_header_footer_app"), "PAINTED", bare),
        (_script("hamtui_first_paint"), "PAINTED", paints),
        (_script("hamtui_first_paint", "--until-ready"), "READY", readies),
    ]
    for n in range(runs + 1):
        for argv, moment, found in commands:
            delay = _delay(ctx, argv, moment)
            if n:
                found.append(delay)
    return bare, paints, readies


def _peak_rss_kib(ctx: Context, argv: list[str], runs: int) -> float:
    values = []
    for _ in range(runs):
        done = subprocess.run(
            argv, env=ctx.env, capture_output=True, text=True, check=True, stdin=subprocess.DEVNULL
        )
        values.append(float(done.stdout.strip().splitlines()[-1]))
    return median(values)


def run(ctx: Context) -> list[Figure]:
    runs = ctx.repeat()
    bares, paints, readies = _interleaved(ctx, runs)
    bare = ctx.baseline(
        "textual_header_footer_paint_s",
        "bare Textual app with Header and Footer, start to first paint (in turn with hamtui's)",
        lambda: bares,
    )
    hamtui = median(paints)
    ready = median(readies)
    # Each round's own ratios too: the three ran back to back, under the same load.
    paint_ratios = [p / b for p, b in zip(paints, bares, strict=True)]
    ready_ratios = [r / b for r, b in zip(readies, bares, strict=True)]

    size = 1_000 if ctx.quick else 10_000
    folder = write_library(ctx.scratch("tui-start-corpus"), scaled_library(size))
    big = _script("hamtui_first_paint", "--library", str(folder), "--until-ready", "--rss")
    subprocess.run(big, env=ctx.env, capture_output=True, check=True)  # builds the cache
    runs = ctx.repeat(3, 1)
    rss = _peak_rss_kib(ctx, big, runs)
    bare_rss = _peak_rss_kib(ctx, _script("bare_header_footer_app", "--rss"), runs)
    return [
        figure("tui_first_paint_s", hamtui, "s"),
        figure("tui_first_paint_min_s", min(paints), "s"),
        figure("tui_first_paint_max_s", max(paints), "s"),
        ratio("tui_first_paint_vs_bare", hamtui, bare, "<= 1.3x"),
        figure("tui_first_paint_round_ratio_min", min(paint_ratios), "x"),
        figure("tui_first_paint_round_ratio_median", median(paint_ratios), "x", "<= 1.3x"),
        figure("tui_first_paint_round_ratio_max", max(paint_ratios), "x"),
        figure("tui_ready_s", ready, "s"),
        figure("tui_ready_min_s", min(readies), "s"),
        figure("tui_ready_max_s", max(readies), "s"),
        ratio("tui_ready_vs_bare", ready, bare, "<= 1.6x"),
        figure("tui_ready_round_ratio_min", min(ready_ratios), "x"),
        figure("tui_ready_round_ratio_median", median(ready_ratios), "x", "<= 1.6x"),
        figure("tui_ready_round_ratio_max", max(ready_ratios), "x"),
        figure("tui_peak_rss_10k_mib", rss / 1024, "MiB"),
        figure("bare_app_peak_rss_mib", bare_rss / 1024, "MiB"),
        figure("tui_peak_rss_10k_vs_bare", rss / bare_rss, "x", "< 2x"),
    ]
