"""`hamtui history` and `hamtui history --csv` over 100, 1,000 and 5,000 session records.

A trainer with a squad gathers thousands of records; what `hamtui history` costs must not grow
with them (issue "one frame": <= 0.5 s at 5,000 records, and <= 1.3x its time at 100). The
records are generated with a fixed seed: four programs, sessions every other day going back
in time, each with 3 to 6 entries (pain and effort on some) and a few events, one in fifty
still in progress. Each count is its own data folder; every timed run is a fresh interpreter.

Fewer runs for the larger counts (each is seconds today): 5, 3 and 3 after a warm-up, so the
median of 3 at 5,000 records still takes the middle of three noisy runs.
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import tomli_w

from bench.harness import Context, Figure, figure, median, time_command

COUNTS = (100, 1000, 5000)
RUNS = {100: 5, 1000: 3, 5000: 3}
TARGET_5000_S = "<= 0.5 s"
TARGET_GROWTH = "<= 1.3x"
PROGRAMS = ("early-hamstring-rehab.toml", "mid-stage-strength.toml", "post-run-mobility.toml")
SLUGS = ("glute-bridge", "seated-hamstring-set", "single-leg-balance", "nordic-hamstring-curl")


def _record(n: int, rng: random.Random) -> dict[str, Any]:
    started = datetime(2026, 11, 30, 18, tzinfo=UTC) - timedelta(days=n // 2, hours=n % 2)
    entries = []
    for b in range(rng.randint(3, 6)):
        entry: dict[str, Any] = {"exercise": rng.choice(SLUGS), "block": 0, "item": b}
        entry["sets_done"] = rng.randint(0, 3)
        if rng.random() < 0.5:
            entry["pain"] = rng.randint(0, 6)
            entry["effort"] = rng.randint(3, 8)
        entries.append(entry)
    events = [
        {"at": started + timedelta(minutes=m), "kind": "cue", "detail": "start cue"}
        for m in range(rng.randint(1, 4))
    ]
    if rng.random() < 0.1:
        events.append(
            {"at": started + timedelta(minutes=9), "kind": "symptom", "detail": "cramp -> continue"}
        )
    in_progress = n % 50 == 49
    record: dict[str, Any] = {
        "format": "hamtui-session/1",
        "program": PROGRAMS[n % len(PROGRAMS)],
        "program_sha256": "0" * 64,
        "started": started,
        "status": "in-progress" if in_progress else "completed",
    }
    if not in_progress:
        record["finished"] = started + timedelta(minutes=25)
    record["entries"] = entries
    record["events"] = events
    return record


def write_records(home: Path, count: int) -> None:
    folder = home / "sessions"
    folder.mkdir(parents=True)
    rng = random.Random(count)
    for n in range(count):
        record = _record(n, rng)
        name = f"{record['started']:%Y%m%dT%H%M%SZ}-p{n % 3}-{n:06x}.toml"
        (folder / name).write_text(tomli_w.dumps(record), encoding="utf-8")


def run(ctx: Context) -> list[Figure]:
    figures: list[Figure] = []
    medians: dict[tuple[str, int], float] = {}
    counts = COUNTS[:2] if ctx.quick else COUNTS
    for count in counts:
        home = ctx.scratch(f"history-{count}")
        write_records(home, count)
        env = {**ctx.env, "HAMTUI_HOME": str(home)}
        for label, extra in (("history", []), ("history_csv", ["--csv"])):
            argv = [sys.executable, "-m", "hamtui.cli", "history", *extra]
            runs = time_command(argv, ctx.repeat(RUNS[count], 1), warmup=1, env=env)
            medians[(label, count)] = median(runs)
            target = TARGET_5000_S if count == 5000 and label == "history" else ""
            figures.append(figure(f"{label}_{count}_records_s", median(runs), "s", target))
            figures.append(figure(f"{label}_{count}_records_min_s", min(runs), "s"))
            figures.append(figure(f"{label}_{count}_records_max_s", max(runs), "s"))
    for label in ("history", "history_csv"):
        top = max(counts)
        growth = medians[(label, top)] / medians[(label, counts[0])]
        target = TARGET_GROWTH if label == "history" and top == 5000 else ""
        figures.append(figure(f"{label}_{top}_vs_{counts[0]}_records", growth, "x", target))
    return figures
