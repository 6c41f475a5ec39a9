"""The file-format models of hamtui (pydantic v2, no Textual)."""

from hamtui.model.exercise import EXERCISE_FORMAT, Cue, Dose, Exercise, ExerciseBody
from hamtui.model.program import PROGRAM_FORMAT, Block, Item, Program
from hamtui.model.session import SESSION_FORMAT, Entry, Event, SessionRecord

__all__ = [
    "EXERCISE_FORMAT",
    "PROGRAM_FORMAT",
    "SESSION_FORMAT",
    "Block",
    "Cue",
    "Dose",
    "Entry",
    "Event",
    "Exercise",
    "ExerciseBody",
    "Item",
    "Program",
    "SessionRecord",
]
