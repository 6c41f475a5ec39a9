"""The card of an exercise: what a list row or a search needs (no pydantic, cheap to import)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from hamtui.model.exercise import ExerciseBody


class Card(NamedTuple):
    """What a list row or a search needs of an exercise (same names as ExerciseBody)."""

    slug: str
    name: str
    aliases: tuple[str, ...]
    category: str
    mode: str
    position: str | None
    equipment: tuple[str, ...]
    primary_muscles: tuple[str, ...]
    secondary_muscles: tuple[str, ...]
    stages: tuple[str, ...]
    level: str
    summary: str
    tags: tuple[str, ...]

    @classmethod
    def of(cls, slug: str, body: ExerciseBody) -> Card:
        return cls(
            slug,
            body.name,
            tuple(body.aliases),
            body.category,
            body.mode,
            body.position,
            tuple(body.equipment),
            tuple(body.primary_muscles),
            tuple(body.secondary_muscles),
            tuple(body.stages),
            body.level,
            body.summary,
            tuple(body.tags),
        )
