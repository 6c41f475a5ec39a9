"""Years of session records: `hamtui history` (the table and `--csv`), the history screen and
`hamtui run`'s start over 100, 1,000, 5,000 and 20,000 generated records.

A trainer with a squad gathers tens of thousands of records; what these cost must not grow with
them (issue "one frame"). Targets:

- `hamtui history` at 5,000 records: <= 0.5 s, and <= 1.3x its time at 100 records;
- the history screen at 5,000 records, from pushing it to its rows painted: <= 0.5 s;
- `hamtui run` start at 5,000 records: within 10% (<= 1.1x) of its time with only the one
  unfinished session it offers to resume (the least the same start can read);
- peak memory of the history screen with 20,000 records: < 2x the bare app with Header and
  Footer (measured in this run).

The records come from a fixed seed: four programs, sessions every other day going back in
time, 3 to 6 entries each (pain and effort on some), a few events, one in fifty still in
progress; the newest is an unfinished session of the program `run` is started with, so every
start asks whether to resume it (stdin is empty: it answers nothing and starts nothing). Each
count is its own data folder, warmed once (the first listing builds the index). Every timed
run is a fresh interpreter, and the counts take turns run by run (100, 1,000, ..., then again)
so that a noisy neighbour slows every count alike instead of flipping one verdict: 7 rounds,
the median of each count's 7 runs, min and max printed beside it.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import tomli_w

from bench.harness import BASELINES_DIR, Context, Figure, figure, median

COUNTS = (100, 1000, 5000, 20_000)
QUICK_COUNTS = (100, 1000)
ROUNDS = 7
PROGRAMS = ("early-hamstring-rehab.toml", "mid-stage-strength.toml", "post-run-mobility.toml")
PROGRAMS_DIR = Path(__file__).resolve().parent.parent / "programs"
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
    """`count` records in `home`'s sessions folder; the newest is an unfinished session of
    PROGRAMS[0]."""
    folder = home / "sessions"
    folder.mkdir(parents=True)
    rng = random.Random(count)
    for n in range(count):
        record = _record(n, rng)
        if n == 0:
            record["program"] = PROGRAMS[0]
            record["status"] = "in-progress"
            record.pop("finished", None)
        name = f"{record['started']:%Y%m%dT%H%M%SZ}-p{n % 3}-{n:06x}.toml"
        (folder / name).write_text(tomli_w.dumps(record), encoding="utf-8")


def _run(argv: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        argv, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"`{' '.join(argv)}` exited {done.returncode}: {done.stderr[-2000:]}")
    return done.stdout


def _wall(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    _run(argv, env)
    return time.perf_counter() - start


def _screen(env: dict[str, str], rss: bool = False) -> tuple[float, float]:
    """(seconds from pushing the history screen to its rows painted, peak RSS in KiB)."""
    argv = [sys.executable, str(BASELINES_DIR / "hamtui_history_screen.py")]
    out = _run([*argv, "--rss"] if rss else argv, env).splitlines()
    shown = float(next(line for line in out if line.startswith("SHOWN ")).split()[1])
    return shown, float(out[-1]) if rss else 0.0


def _commands(env: dict[str, str]) -> dict[str, Callable[[], float]]:
    cli = [sys.executable, "-m", "hamtui.cli"]
    program = str(PROGRAMS_DIR / PROGRAMS[0])
    return {
        "history": lambda: _wall([*cli, "history"], env),
        "history_csv": lambda: _wall([*cli, "history", "--csv"], env),
        "history_screen": lambda: _screen(env)[0],
        "run_start": lambda: _wall([*cli, "run", "--plain", "--no-bell", program], env),
    }


def _summary(name: str, runs: list[float], target: str = "") -> list[Figure]:
    """`<name>_s` (the median, with the target), `<name>_min_s` and `<name>_max_s`."""
    return [
        figure(f"{name}_s", median(runs), "s", target),
        figure(f"{name}_min_s", min(runs), "s"),
        figure(f"{name}_max_s", max(runs), "s"),
    ]


def run(ctx: Context) -> list[Figure]:
    counts = QUICK_COUNTS if ctx.quick else COUNTS
    commands: dict[int, dict[str, Callable[[], float]]] = {}
    envs: dict[int, dict[str, str]] = {}
    for count in (1, *counts):
        home = ctx.scratch(f"records-{count}")
        write_records(home, count)
        envs[count] = {**ctx.env, "HAMTUI_HOME": str(home)}
        commands[count] = _commands(envs[count])
        for measure in commands[count].values():  # warm: builds the index, compiles
            measure()
    times: dict[tuple[str, int], list[float]] = {}
    for _ in range(ctx.repeat(ROUNDS, 1)):
        for count in counts:
            for label, measure in commands[count].items():
                times.setdefault((label, count), []).append(measure())
        times.setdefault(("run_start", 1), []).append(commands[1]["run_start"]())

    figures: list[Figure] = []
    for count in counts:
        for label in commands[count]:
            target = ""
            if count == 5000 and label in ("history", "history_screen"):
                target = "<= 0.5 s"
            figures += _summary(f"{label}_{count}_records", times[(label, count)], target)
    figures += _summary("run_start_1_record", times[("run_start", 1)])
    low = counts[0]
    for label in commands[low]:
        for count in counts[1:]:
            growth = median(times[(label, count)]) / median(times[(label, low)])
            target = "<= 1.3x" if label == "history" and count == 5000 else ""
            figures.append(figure(f"{label}_{count}_vs_{low}_records", growth, "x", target))
    start = median(times[("run_start", 1)])
    for count in counts:
        target = "<= 1.1x" if count == 5000 else ""
        growth = median(times[("run_start", count)]) / start
        figures.append(figure(f"run_start_{count}_vs_1_record", growth, "x", target))

    top = counts[-1]
    rss = median([_screen(envs[top], rss=True)[1] for _ in range(ctx.repeat(3, 1))])
    bare = median([bare_rss_kib(ctx) for _ in range(ctx.repeat(3, 1))])
    figures += [
        figure(f"history_screen_peak_rss_{top}_records_mib", rss / 1024, "MiB"),
        figure(f"history_screen_peak_rss_{top}_records_vs_bare", rss / bare, "x", "< 2x"),
    ]
    return figures


def bare_rss_kib(ctx: Context) -> float:
    argv = [sys.executable, str(BASELINES_DIR / "bare_header_footer_app.py"), "--rss"]
    return float(_run(argv, ctx.env).splitlines()[-1])
