"""The benchmark harness: figures, shared baselines, timing helpers, discovery and output.

A benchmark is a module `bench/bench_<name>.py` with

    def run(ctx: Context) -> list[Figure]: ...

Modules are found automatically and run in name order. A benchmark times what it measures
(usually a subprocess, with `ctx.time_command`) and reports figures, most often as a ratio
against a baseline measured in the same run (`ctx.python_pass_s`, `ctx.textual_start_s`), so
the numbers mean the same thing on a fast laptop and a slow CI runner.

`python -m bench` prints a table; `--json` prints one JSON object per figure per line with the
keys name, value, unit, target, ok and nothing else on stdout. A missed target is reported
(FAIL, "ok": false) but does not change the exit code; a benchmark that raises does.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import os
import pkgutil
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any, TextIO

BENCH_DIR = Path(__file__).resolve().parent
BASELINES_DIR = BENCH_DIR / "baselines"
BENCH_PREFIX = "bench_"
JSON_KEYS = ("name", "value", "unit", "target", "ok")

# Runs of each baseline and the default for benchmarks: full runs, and --quick (a smoke test).
REPEAT = 10
QUICK_REPEAT = 2

_TARGET_RE = re.compile(r"^(<=|>=|<|>)\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(\S*)$")
_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


# --- figures -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One reported number. `target` is like "<= 1.3x" or "< 5 ms", or "" for none;
    `ok` is None when there is no target."""

    name: str
    value: float
    unit: str
    target: str = ""
    ok: bool | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": _significant(self.value, 6),
            "unit": self.unit,
            "target": self.target,
            "ok": self.ok,
        }


def meets(value: float, target: str, unit: str) -> bool | None:
    """Whether value meets a target like "<= 1.3x" or "< 5 ms" (None when target is "").

    The target's unit, when it has one, must be the figure's unit: a mismatch is a bug in the
    benchmark, so it raises rather than compare seconds with milliseconds.
    """
    if not target.strip():
        return None
    match = _TARGET_RE.match(target.strip())
    if match is None:
        raise ValueError(f"bad target {target!r}: expected like '<= 1.3x' or '< 5 ms'")
    op, number, target_unit = match.groups()
    if target_unit and target_unit != unit:
        raise ValueError(f"target {target!r} is in {target_unit!r}, the figure in {unit!r}")
    return _COMPARE[op](value, float(number))


def figure(name: str, value: float, unit: str, target: str = "") -> Figure:
    """A figure whose `ok` is judged from its target."""
    return Figure(name, float(value), unit, target, meets(value, target, unit))


def ratio(name: str, seconds: float, baseline_s: float, target: str = "") -> Figure:
    """seconds / baseline_s as a figure in unit "x"."""
    if baseline_s <= 0:
        raise ValueError(f"{name}: baseline must be positive, got {baseline_s}")
    return figure(name, seconds / baseline_s, "x", target)


# --- statistics and timing -----------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    if not values:
        raise ValueError("median of no values")
    return float(statistics.median(values))


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0..100), interpolating linearly between closest ranks."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be within 0..100, got {p}")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


class CommandFailed(RuntimeError):
    def __init__(self, argv: Sequence[str], returncode: int, stderr: str) -> None:
        shown = " ".join(argv)
        super().__init__(f"`{shown}` exited {returncode}\n{stderr.strip()}")
        self.returncode = returncode


def time_command(
    argv: Sequence[str],
    repeat: int,
    *,
    warmup: int = 1,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> list[float]:
    """Wall seconds of `repeat` runs of a command, after `warmup` untimed runs.

    Output is discarded; a nonzero exit raises CommandFailed with the command's stderr.
    """
    if repeat < 1:
        raise ValueError("repeat must be at least 1")
    times: list[float] = []
    for n in range(warmup + repeat):
        start = time.perf_counter()
        done = subprocess.run(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=None if env is None else dict(env),
            cwd=cwd,
            check=False,
        )
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            stderr = done.stderr.decode(errors="replace")
            raise CommandFailed(argv, done.returncode, stderr)
        if n >= warmup:
            times.append(elapsed)
    return times


def baseline_script(name: str) -> list[str]:
    """argv running bench/baselines/<name>.py with this interpreter."""
    path = BASELINES_DIR / f"{name}.py"
    if not path.is_file():
        raise FileNotFoundError(path)
    return [sys.executable, str(path)]


# --- the context shared by every benchmark of a run ----------------------------------------


@dataclass
class Baseline:
    key: str
    label: str
    seconds: float
    runs: int


@dataclass
class Context:
    """What benchmarks share in one run: repeat counts, a scratch folder, an environment
    with HAMTUI_HOME pointing into it (no user library or config leaks in), and baselines
    measured lazily on first use and cached for the rest of the run."""

    quick: bool = False
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="hamtui-bench-")))
    env: dict[str, str] = field(default_factory=dict)
    baselines: dict[str, Baseline] = field(default_factory=dict)

    def __post_init__(self) -> None:
        home = self.workdir / "hamtui-home"
        home.mkdir(parents=True, exist_ok=True)
        self.env = {**os.environ, **self.env, "HAMTUI_HOME": str(home)}

    def repeat(self, full: int = REPEAT, quick: int = QUICK_REPEAT) -> int:
        """How many timed runs to make: `full` normally, `quick` with --quick."""
        return quick if self.quick else full

    def scratch(self, name: str) -> Path:
        """A fresh folder under this run's workdir."""
        path = self.workdir / name
        path.mkdir(parents=True, exist_ok=False)
        return path

    def time_command(
        self, argv: Sequence[str], repeat: int | None = None, *, warmup: int = 1
    ) -> list[float]:
        """time_command with this run's environment; `repeat` defaults to self.repeat()."""
        count = self.repeat() if repeat is None else repeat
        return time_command(argv, count, warmup=warmup, env=self.env)

    def baseline(self, key: str, label: str, measure: Callable[[], list[float]]) -> float:
        """The median of `measure()` (wall seconds), measured once per run under `key`.

        A later benchmark adds its own baseline (say, a bare app with Header and Footer) by
        calling this with a new key; it is reported with the others at the end.
        """
        cached = self.baselines.get(key)
        if cached is None:
            runs = measure()
            cached = Baseline(key, label, median(runs), len(runs))
            self.baselines[key] = cached
        return cached.seconds

    def script_baseline(self, key: str, label: str, script: str) -> float:
        """A baseline that runs bench/baselines/<script>.py."""
        return self.baseline(key, label, lambda: self.time_command(baseline_script(script)))

    @property
    def python_pass_s(self) -> float:
        """Median wall seconds of `python -c pass` (interpreter start, site, exit)."""
        return self.baseline(
            "python_pass_s",
            "python -c pass",
            lambda: self.time_command([sys.executable, "-c", "pass"]),
        )

    @property
    def textual_start_s(self) -> float:
        """Median wall seconds of a bare Textual app that exits after its first paint."""
        return self.script_baseline("textual_start_s", "bare Textual app start", "bare_textual_app")

    def baseline_figures(self) -> list[Figure]:
        return [figure(f"baseline_{b.key}", b.seconds, "s") for b in self.baselines.values()]

    def cleanup(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)


# --- discovery and running -----------------------------------------------------------------

BenchFn = Callable[[Context], list[Figure]]


@dataclass(frozen=True)
class Bench:
    """A benchmark module, imported only when it runs (an import error is its crash)."""

    name: str  # "validate" for bench/bench_validate.py
    module: str  # "bench.bench_validate"

    def load(self) -> BenchFn:
        module: ModuleType = importlib.import_module(self.module)
        run = getattr(module, "run", None)
        if not callable(run):
            raise TypeError(f"{self.module} has no run(ctx) function")
        return run  # type: ignore[no-any-return]


def discover(only: Iterable[str] = ()) -> list[Bench]:
    """Every bench/bench_*.py in name order; `only` keeps names containing any substring."""
    wanted = list(only)
    package = __package__ or "bench"
    names = sorted(
        info.name
        for info in pkgutil.iter_modules([str(BENCH_DIR)])
        if info.name.startswith(BENCH_PREFIX)
    )
    benches = [Bench(name.removeprefix(BENCH_PREFIX), f"{package}.{name}") for name in names]
    return [b for b in benches if not wanted or any(part in b.name for part in wanted)]


@dataclass
class Outcome:
    figures: list[Figure] = field(default_factory=list)
    crashed: list[str] = field(default_factory=list)


def run_benches(benches: Sequence[Bench], ctx: Context, log: TextIO | None) -> Outcome:
    """Run each benchmark in turn; one that raises is reported on stderr and the rest go on."""
    outcome = Outcome()
    for bench in benches:
        name = bench.name
        if log is not None:
            log.write(f"bench {name} ...\n")
            log.flush()
        try:
            figures = bench.load()(ctx)
            if not isinstance(figures, list) or not all(isinstance(f, Figure) for f in figures):
                raise TypeError(f"bench {name}: run() must return a list of Figure")
        except Exception:
            sys.stderr.write(f"bench {name} crashed:\n{traceback.format_exc()}")
            outcome.crashed.append(name)
            continue
        outcome.figures.extend(figures)
    outcome.figures.extend(ctx.baseline_figures())
    return outcome


# --- output --------------------------------------------------------------------------------


def _significant(value: float, digits: int) -> float:
    if value == 0 or not math.isfinite(value):
        return value
    return float(f"{value:.{digits}g}")


def _status(ok: bool | None) -> str:
    return "-" if ok is None else ("ok" if ok else "FAIL")


def _usable_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def machine_line() -> str:
    return (
        f"machine: {platform.system()} {platform.machine()}, {_cpu_model()}, "
        f"{_usable_cores()} cores usable ({os.cpu_count()} total), "
        f"Python {platform.python_version()}, Textual {_version('textual')}"
    )


def format_table(figures: Sequence[Figure], ctx: Context) -> str:
    header = ("name", "value", "unit", "target", "ok")
    rows = [(f.name, f"{f.value:.4g}", f.unit, f.target, _status(f.ok)) for f in figures]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        name, value, unit, target, ok = row
        cells = [
            name.ljust(widths[0]),
            value.rjust(widths[1]),
            unit.ljust(widths[2]),
            target.ljust(widths[3]),
            ok,
        ]
        return "  ".join(cells).rstrip()

    out = [line(header), "  ".join("-" * w for w in widths), *(line(r) for r in rows), ""]
    out.append(machine_line())
    if ctx.baselines:
        out.append("ratios (unit x) are against baselines measured in this same run:")
        out.extend(
            f"  {b.label}: {b.seconds * 1000:.1f} ms (median wall time of {b.runs} runs)"
            for b in ctx.baselines.values()
        )
    if ctx.quick:
        out.append("--quick: few repeats, a smoke test; do not compare these numbers")
    return "\n".join(out) + "\n"


def format_json(figures: Sequence[Figure]) -> str:
    return "".join(json.dumps(f.to_json()) + "\n" for f in figures)


# --- command line --------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Run hamtui's benchmarks (bench/bench_*.py) and print their figures.",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object per figure per line (name, value, unit, target, ok)",
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="SUBSTR",
        help="run only benchmarks whose name contains SUBSTR (repeatable)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="few repeats: a smoke test, not a measurement"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    benches = discover(args.only)
    if not benches:
        sys.stderr.write(f"no benchmark matches {' or '.join(args.only)!r}\n")
        return 2
    ctx = Context(quick=args.quick)
    try:
        outcome = run_benches(benches, ctx, log=None if args.json else sys.stderr)
    finally:
        ctx.cleanup()
    if args.json:
        sys.stdout.write(format_json(outcome.figures))
    else:
        sys.stdout.write(format_table(outcome.figures, ctx))
    if outcome.crashed:
        sys.stderr.write(f"crashed: {', '.join(outcome.crashed)}\n")
        return 1
    return 0
