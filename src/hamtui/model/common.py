"""Shared field types and limits of the hamtui file formats (docs/formats.md)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from hamtui.vocab import (  # re-exported: the models' vocabulary
    CATEGORIES as CATEGORIES,
)
from hamtui.vocab import (
    CUE_MOMENTS as CUE_MOMENTS,
)
from hamtui.vocab import (
    LEVELS as LEVELS,
)
from hamtui.vocab import (
    MAX_FILE_BYTES as MAX_FILE_BYTES,
)
from hamtui.vocab import (
    MAX_PROGRAM_ITEMS as MAX_PROGRAM_ITEMS,
)
from hamtui.vocab import (
    MODES as MODES,
)
from hamtui.vocab import (
    NAME_MAX as NAME_MAX,
)
from hamtui.vocab import (
    POSITIONS as POSITIONS,
)
from hamtui.vocab import (
    SIDES as SIDES,
)
from hamtui.vocab import (
    SLUG_MAX as SLUG_MAX,
)
from hamtui.vocab import (
    SLUG_PATTERN as SLUG_PATTERN,
)
from hamtui.vocab import (
    SLUG_RE as SLUG_RE,
)
from hamtui.vocab import (
    STAGES as STAGES,
)
from hamtui.vocab import (
    TEXT_MAX as TEXT_MAX,
)
from hamtui.vocab import (
    WEIGHT_PATTERN as WEIGHT_PATTERN,
)
from hamtui.vocab import (
    AffectedSide as AffectedSide,
)
from hamtui.vocab import (
    Category as Category,
)
from hamtui.vocab import (
    CueLevel as CueLevel,
)
from hamtui.vocab import (
    CueMoment as CueMoment,
)
from hamtui.vocab import (
    Level as Level,
)
from hamtui.vocab import (
    Load as Load,
)
from hamtui.vocab import (
    Mode as Mode,
)
from hamtui.vocab import (
    Position as Position,
)
from hamtui.vocab import (
    Side as Side,
)
from hamtui.vocab import (
    Stage as Stage,
)
from hamtui.vocab import (
    is_slug as is_slug,
)

Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=SLUG_MAX)]
Name = Annotated[str, Field(max_length=NAME_MAX)]
RequiredName = Annotated[str, Field(min_length=1, max_length=NAME_MAX)]
Text = Annotated[str, Field(max_length=TEXT_MAX)]

Sets = Annotated[int, Field(ge=1, le=20)]
Reps = Annotated[int, Field(ge=1, le=100)]
HoldSeconds = Annotated[int, Field(ge=1, le=600)]
WorkSeconds = Annotated[int, Field(ge=5, le=7200)]  # continuous work: 5 s to 2 hours
RestSeconds = Annotated[int, Field(ge=0, le=600)]
Weight = Annotated[
    str,
    Field(pattern=WEIGHT_PATTERN, description='a weight with its unit: "2 kg", "2.5 kg", "10 lb"'),
]


class Strict(BaseModel):
    """Base of every file model: unknown keys are errors and types are not coerced."""

    model_config = ConfigDict(strict=True, extra="forbid", validate_assignment=True)
