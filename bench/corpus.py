"""The large library the benchmarks use: free-exercise-db imported, scaled up with varied names.

10,000 exercises is the size a trainer's library might reach after importing a few databases;
the names vary (prefixes, suffixes, numbered variants) so that search and lists see realistic,
mostly distinct text rather than one record repeated.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from hamtui.files import dumps
from hamtui.importer import convert_record
from hamtui.library import load_library
from hamtui.model.exercise import Exercise, ExerciseBody

REPO = Path(__file__).resolve().parent.parent
FREE_EXERCISE_DB = REPO.parent / "shared" / "data" / "free-exercise-db" / "exercises.json"

PREFIXES = (
    "Banded",
    "Tempo",
    "Paused",
    "Single-Arm",
    "Single-Leg",
    "Deficit",
    "Eccentric",
    "Isometric",
    "Kneeling",
    "Standing",
    "Seated",
    "Supported",
    "Alternating",
    "Slow",
    "Weighted",
    "Cable",
)
SUFFIXES = (
    "Hold",
    "Variation",
    "Progression",
    "on Bench",
    "with Band",
    "with Pause",
    "to Box",
    "with Reach",
    "Complex",
    "Drill",
)


def base_exercises() -> list[ExerciseBody]:
    """The bundled library plus every free-exercise-db record, converted by the importer."""
    bodies = [entry.exercise for entry in load_library(bundled_only=True, use_cache=False)]
    records = json.loads(FREE_EXERCISE_DB.read_text(encoding="utf-8"))
    bodies += [convert_record(record) for record in records]
    return bodies


def scaled_library(size: int = 10_000, seed: int = 20261121) -> dict[str, ExerciseBody]:
    """`size` exercises with distinct slugs and varied names, the same for the same seed."""
    rng = random.Random(seed)
    bases = base_exercises()
    out: dict[str, ExerciseBody] = {}
    n = 0
    while len(out) < size:
        base = bases[n % len(bases)]
        if n < len(bases):
            name = base.name
        else:
            name = f"{rng.choice(PREFIXES)} {base.name}"
            if rng.random() < 0.5:
                name += f" {rng.choice(SUFFIXES)}"
            if rng.random() < 0.3:
                name += f" {rng.randint(2, 9)}"
        out[f"ex-{n:05d}"] = base.model_copy(update={"name": name[:120]})
        n += 1
    return out


def write_library(folder: Path, exercises: dict[str, ExerciseBody]) -> Path:
    """Write exercises as `<slug>.toml` files into folder (created), as hamtui saves them."""
    folder.mkdir(parents=True, exist_ok=True)
    for slug, body in exercises.items():
        (folder / f"{slug}.toml").write_text(dumps(Exercise.from_body(body)), encoding="utf-8")
    return folder
