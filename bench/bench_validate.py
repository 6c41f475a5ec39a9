"""`hamtui validate DIR` over 200 program files, against the baselines of the run.

What one timed run covers: a fresh interpreter, importing hamtui's core (pydantic and the
models; never Textual), loading the bundled library (one TOML file per exercise, plus
safety.toml), then reading, parsing and validating the 200 programs and resolving every item's
exercise. It is the command a trainer or a CI job runs, timed end to end as a subprocess.

The programs are generated with a fixed seed, so every run validates the same files: 2 to 5
blocks of 2 to 6 items each, with varied doses (holds, tempo, sides, cues, notes), using the
slugs of the bundled library; every fourth program also carries its own `[exercises]` table
and uses those exercises.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import tomli_w

from bench.harness import Context, Figure, figure, median, ratio

PROGRAMS = 200

# Target for the ratio against a bare Textual app start, from what one run costs here
# (2-core box, Python 3.11): starting up (interpreter, pydantic, hamtui's models, the bundled
# library; never Textual) is about 0.7x of a bare Textual start, and the 200 files add about
# as much again, ~0.8 ms each, nearly all of it tomllib (pure Python) parsing ~2.8 KB of TOML.
# So validate runs at ~1.3-1.6x, and "<= 1.0x" could only be met with a faster TOML parser.
# 2.0x leaves room for a noisy CI runner and still fails if Textual (+~0.7x) or anything as
# heavy is pulled into the validate path, or if per-file validation gets much slower.
TARGET_VS_TEXTUAL = "<= 2.0x"

STAGES = ("early", "mid", "late", "return-to-sport", "maintenance")
SIDES = ("both", "each", "left", "right")
TEMPOS = ("3-1-1-0", "4-0-1-0", "2-1-2-1", "5-0-1-1")
CUE_AT: tuple[str | int, ...] = ("start", "halfway", "end", "every-rep", 5, 20)
CUE_LEVELS = ("info", "caution", "stop")
BLOCK_NAMES = ("Warm-up", "Mobility", "Strength", "Eccentrics", "Power", "Balance", "Cool-down")


def library_slugs() -> list[str]:
    """Slugs of the bundled library that load cleanly right now (in-process; core only)."""
    from hamtui.library import load_library

    slugs = sorted(load_library(bundled_only=True).entries)
    if len(slugs) < 5:
        raise RuntimeError(f"the bundled library has only {len(slugs)} loadable exercises")
    return slugs


def _item(rng: random.Random, slug: str) -> dict[str, Any]:
    item: dict[str, Any] = {"exercise": slug, "sets": rng.randint(1, 4)}
    if rng.random() < 0.4:
        item["hold_s"] = rng.choice((10, 20, 30, 45, 60))
    else:
        item["reps"] = rng.randint(5, 15)
    item["rest_s"] = rng.choice((0, 15, 30, 45, 60, 90))
    item["side"] = rng.choice(SIDES)
    if rng.random() < 0.3:
        item["tempo"] = rng.choice(TEMPOS)
    if rng.random() < 0.3:
        item["notes"] = "Stop at a 3 out of 10 of discomfort; ease off if it lingers next day."
    if rng.random() < 0.25:
        item["cues"] = ["Keep your back long", "Breathe out as you lift"]
    return item


def _custom_exercise(rng: random.Random, slugs: list[str]) -> dict[str, Any]:
    return {
        "name": "Trainer's own bridge march",
        "category": rng.choice(("strength", "isometric", "eccentric")),
        "mode": "reps",
        "position": "supine",
        "primary_muscles": ["hamstrings", "glutes"],
        "stages": [rng.choice(STAGES)],
        "summary": "A bridge held at the top while the feet march, one at a time.",
        "steps": [
            "Lie on your back, knees bent, and lift your hips into a bridge.",
            "Lift one foot an inch, put it down, then the other; keep the hips level.",
        ],
        "progressions": rng.sample(slugs, 2),
        "regressions": rng.sample(slugs, 1),
        "defaults": {"sets": 2, "reps": 8, "rest_s": 45},
        "cues": [{"text": "Hips stay level", "at": rng.choice(CUE_AT), "level": "info"}],
    }


def make_program(n: int, rng: random.Random, slugs: list[str]) -> dict[str, Any]:
    program: dict[str, Any] = {
        "format": "hamtui-program/1",
        "title": f"Bench program {n:03d}",
        "author": "hamtui bench",
        "summary": "A generated program for the validate benchmark.",
        "stage": rng.choice(STAGES),
        "sessions_per_week": rng.randint(1, 5),
        "tags": rng.sample(["rehab", "strength", "mobility", "sprint", "home"], 2),
    }
    custom: list[str] = []
    if n % 4 == 0:
        custom = [f"bench-own-{n:03d}-{k}" for k in range(rng.randint(1, 2))]
        program["exercises"] = {slug: _custom_exercise(rng, slugs) for slug in custom}
    blocks = []
    for b in range(rng.randint(2, 5)):
        pool = slugs + custom
        items = [_item(rng, rng.choice(pool)) for _ in range(rng.randint(2, 6))]
        if b == 0 and custom:
            items.append(_item(rng, custom[0]))  # every custom exercise table is used
        block: dict[str, Any] = {"name": BLOCK_NAMES[b % len(BLOCK_NAMES)], "items": items}
        if rng.random() < 0.3:
            block["rounds"] = rng.randint(2, 3)
            block["rest_between_rounds_s"] = 60
        blocks.append(block)
    program["blocks"] = blocks
    return program


def write_programs(folder: Path, count: int, slugs: list[str]) -> None:
    rng = random.Random(200)  # fixed: the same 200 files every run
    for n in range(count):
        text = tomli_w.dumps(make_program(n, rng, slugs))
        (folder / f"program-{n:03d}.toml").write_text(text, encoding="utf-8")


def run(ctx: Context) -> list[Figure]:
    folder = ctx.scratch("validate-programs")
    write_programs(folder, PROGRAMS, library_slugs())
    argv = [sys.executable, "-m", "hamtui.cli", "validate", str(folder)]

    # Once, untimed: every generated file must be valid, or the timing means nothing.
    done = subprocess.run(argv, capture_output=True, text=True, env=ctx.env, check=False)
    expected = f"checked {PROGRAMS} files: all valid"
    if done.returncode != 0 or expected not in done.stdout:
        raise RuntimeError(
            f"hamtui validate exited {done.returncode}, expected 0 and {expected!r}:\n"
            f"{done.stdout[-2000:]}{done.stderr[-2000:]}"
        )

    seconds = median(ctx.time_command(argv))
    return [
        figure("validate_200_programs_s", seconds, "s"),
        ratio("validate_200_vs_python_pass", seconds, ctx.python_pass_s),
        ratio("validate_200_vs_textual_start", seconds, ctx.textual_start_s, TARGET_VS_TEXTUAL),
    ]
