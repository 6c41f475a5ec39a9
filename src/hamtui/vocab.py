"""The words and limits of the hamtui file formats, with no pydantic: cheap to import, so the
full-screen app can paint before the models load."""

from __future__ import annotations

import re
from typing import Literal, get_args

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG_PATTERN)
SLUG_MAX = 64
NAME_MAX = 120
TEXT_MAX = 2000
MAX_PROGRAM_ITEMS = 500
MAX_FILE_BYTES = 1024 * 1024

Category = Literal[
    "static-stretch",
    "dynamic-stretch",
    "pnf-stretch",
    "nerve-glide",
    "isometric",
    "concentric",
    "eccentric",
    "plyometric",
    "balance",
    "strength",
]
# hold: held positions; reps: counted repetitions; timed: continuous work by time (a 5-minute
# bike, 2 minutes of walking), shown as "work 5:00".
Mode = Literal["hold", "reps", "timed"]
Position = Literal[
    "supine", "prone", "seated", "standing", "kneeling", "side-lying", "half-kneeling"
]
Stage = Literal["early", "mid", "late", "return-to-sport", "maintenance"]
Level = Literal["beginner", "intermediate", "advanced"]
Side = Literal["both", "each", "left", "right", "affected"]
AffectedSide = Literal["left", "right"]
CueLevel = Literal["info", "caution", "stop"]
CueMoment = Literal["start", "halfway", "end", "every-rep"]
# What an exercise puts on the body that a symptom or a condition may rule out (hamtui.swap).
Load = Literal["hip-flexed-loading", "long-stretch", "sitting", "nerve-tension", "impact"]

# A weight lifted or worn, with its unit: "2 kg", "2.5 kg", "10 lb".
WEIGHT_PATTERN = r"^[0-9]{1,4}(\.[0-9]{1,2})? (kg|lb)$"
WEIGHT_RE = re.compile(WEIGHT_PATTERN)


def weight_parts(text: str) -> tuple[float, str]:
    """(amount, unit) of a weight like "2.5 kg" (ValueError when it is not one)."""
    if not WEIGHT_RE.match(text):
        raise ValueError(f"not a weight: {text!r} (like 2 kg, 2.5 kg or 10 lb)")
    amount, unit = text.split(" ")
    return float(amount), unit


def weight_text(amount: float, unit: str) -> str:
    """`2 kg`, `2.5 kg`: a weight as files and screens write it."""
    return f"{amount:g} {unit}"


CATEGORIES: tuple[str, ...] = get_args(Category)
MODES: tuple[str, ...] = get_args(Mode)
POSITIONS: tuple[str, ...] = get_args(Position)
STAGES: tuple[str, ...] = get_args(Stage)
LEVELS: tuple[str, ...] = get_args(Level)
SIDES: tuple[str, ...] = get_args(Side)
CUE_MOMENTS: tuple[str, ...] = get_args(CueMoment)
LOADS: tuple[str, ...] = get_args(Load)

# What each load means, in the words a user reads (validate, the docs, the swap advice).
LOAD_WORDS: dict[str, str] = {
    "hip-flexed-loading": "bending forward from the hips under load (hinges, good mornings)",
    "long-stretch": "a long reaching stretch of the back of the thigh",
    "sitting": "sitting",
    "nerve-tension": "a position that puts the sciatic nerve on tension",
    "impact": "jumps, hops and landings",
}


def is_slug(text: str) -> bool:
    """True when text may be used as a slug (and so joined onto a path)."""
    return len(text) <= SLUG_MAX and SLUG_RE.fullmatch(text) is not None
