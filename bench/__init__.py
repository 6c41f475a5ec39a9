"""hamtui benchmarks: `make bench` (a table) or `make bench ARGS=--json` (JSON lines).

Each `bench/bench_*.py` module exposes `run(ctx: Context) -> list[Figure]`; see harness.py.
"""
