"""Shared field types and limits of the hamtui file formats (FORMATS.md)."""

from __future__ import annotations

import re
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG_PATTERN)
SLUG_MAX = 64
NAME_MAX = 120
TEXT_MAX = 2000
MAX_PROGRAM_ITEMS = 500
MAX_FILE_BYTES = 1024 * 1024

Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=SLUG_MAX)]
Name = Annotated[str, Field(max_length=NAME_MAX)]
RequiredName = Annotated[str, Field(min_length=1, max_length=NAME_MAX)]
Text = Annotated[str, Field(max_length=TEXT_MAX)]

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
Mode = Literal["hold", "reps"]
Position = Literal[
    "supine", "prone", "seated", "standing", "kneeling", "side-lying", "half-kneeling"
]
Stage = Literal["early", "mid", "late", "return-to-sport", "maintenance"]
Level = Literal["beginner", "intermediate", "advanced"]
Side = Literal["both", "each", "left", "right"]
CueLevel = Literal["info", "caution", "stop"]
CueMoment = Literal["start", "halfway", "end", "every-rep"]

CATEGORIES: tuple[str, ...] = get_args(Category)
MODES: tuple[str, ...] = get_args(Mode)
POSITIONS: tuple[str, ...] = get_args(Position)
STAGES: tuple[str, ...] = get_args(Stage)
LEVELS: tuple[str, ...] = get_args(Level)
SIDES: tuple[str, ...] = get_args(Side)
CUE_MOMENTS: tuple[str, ...] = get_args(CueMoment)

Sets = Annotated[int, Field(ge=1, le=20)]
Reps = Annotated[int, Field(ge=1, le=100)]
HoldSeconds = Annotated[int, Field(ge=1, le=600)]
RestSeconds = Annotated[int, Field(ge=0, le=600)]


def is_slug(text: str) -> bool:
    """True when text may be used as a slug (and so joined onto a path)."""
    return len(text) <= SLUG_MAX and SLUG_RE.fullmatch(text) is not None


class Strict(BaseModel):
    """Base of every file model: unknown keys are errors and types are not coerced."""

    model_config = ConfigDict(strict=True, extra="forbid", validate_assignment=True)
