"""Search over a 10,000-exercise library: per-query latency and index build time.

Target from the search issue: p95 under 5 ms per query, so that results follow live typing.
The library is bench/corpus.py's (free-exercise-db imported plus the bundled library, scaled
to 10,000 with varied names). A timed search is what a keystroke costs a results screen: the
index's caches are cleared, the query text is parsed, every match is found and ranked (no
limit), and the count and the first 50 hits (a screenful) are read. The index is built from
full exercises (with their tags), the heavier of the two inputs it takes.
"""

from __future__ import annotations

import time

from bench.corpus import scaled_library
from bench.harness import Context, Figure, figure, median, percentile
from hamtui.search import SearchIndex

SIZE = 10_000
SCREEN = 50

QUERIES = (
    # single words, unfinished words (from one letter on), typos
    "s",
    "h",
    "hamstring",
    "stretch",
    "curl",
    "deadlift",
    "kettlebell",
    "nordic",
    "tendon",
    "ham",
    "stre",
    "hamstrng strech",
    "deadlfit",
    "kettlebel swing",
    "romanain deadlift",
    "glute brdige",
    # several words
    "single leg deadlift",
    "swiss ball curl",
    "lying hamstring curl",
    "kneeling squat",
    "good morning",
    "banded hip thrust hold",
    # filters, alone and with words
    "cat:stretch",
    "equip:none",
    "stage:early,mid",
    "level:beginner mode:hold",
    "muscle:hamstrings",
    "cat:ecc hamstring",
    "equip:none curl",
    "pos:standing stretch",
    "muscle:glutes bridge",
    "equip:dumbbell row",
    # everything
    "",
)


def run(ctx: Context) -> list[Figure]:
    exercises = scaled_library(SIZE)
    builds: list[float] = []
    index = SearchIndex({})
    for _ in range(ctx.repeat(3, 1)):
        start = time.perf_counter()
        index = SearchIndex(exercises)
        builds.append(time.perf_counter() - start)
    for query in QUERIES:  # warm up, and make sure every query is valid
        parsed = index.parse(query)
        if parsed.problems:
            raise RuntimeError(f"bench query {query!r}: {'; '.join(parsed.problems)}")
        index.search(parsed)
    samples: list[float] = []
    for _ in range(ctx.repeat(20, 2)):
        for query in QUERIES:
            index.clear_cache()
            start = time.perf_counter()
            hits = index.search(query)
            len(hits)
            hits[:SCREEN]
            samples.append(time.perf_counter() - start)
    ms = [s * 1000 for s in samples]
    return [
        figure("search_p50_ms", percentile(ms, 50), "ms"),
        figure("search_p95_ms", percentile(ms, 95), "ms", "< 5 ms"),
        figure("search_max_ms", max(ms), "ms"),
        figure("search_index_build_ms", median(builds) * 1000, "ms"),
    ]
