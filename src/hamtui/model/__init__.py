"""The file-format models of hamtui (pydantic v2, no Textual).

Import the models from their modules (`hamtui.model.program`, ...): importing this package
builds none of them, so that a module needing one model does not build them all. The names
below stay importable from here for convenience; each is looked up when first asked for.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "EXERCISE_FORMAT": "exercise",
    "Cue": "exercise",
    "Dose": "exercise",
    "Exercise": "exercise",
    "ExerciseBody": "exercise",
    "PROGRAM_FORMAT": "program",
    "Block": "program",
    "Item": "program",
    "Program": "program",
    "SESSION_FORMAT": "session",
    "Entry": "session",
    "Event": "session",
    "SessionRecord": "session",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'hamtui.model' has no attribute {name!r}")
    return getattr(importlib.import_module(f"hamtui.model.{module}"), name)
