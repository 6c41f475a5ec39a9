"""The card of an exercise: what a list row or a search needs (no pydantic, cheap to import)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

if TYPE_CHECKING:
    from hamtui.model.exercise import ExerciseBody

_T = TypeVar("_T")


class Card(NamedTuple):
    """What a list row or a search needs of an exercise (same names as ExerciseBody).

    Not the summary: a search index reads it once, when it is built, and a large library's
    summaries are a third of its cards' memory. The library keeps them aside until then
    (`Library.search_index`)."""

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
    tags: tuple[str, ...]

    @classmethod
    def of(cls, slug: str, body: ExerciseBody) -> Card:
        """The card of an exercise."""
        return cls._make(card_fields(slug, body))


def card_fields(slug: str, body: ExerciseBody) -> tuple[Any, ...]:
    """The card of an exercise as a plain tuple (what marshal writes; `Card._make` takes it).
    Words and lists that many exercises repeat (category, stages, muscles ...) are shared
    objects, so a cache written with marshal stores them once and a large library loads far
    fewer objects."""
    return (
        slug,
        body.name,
        _shared_words(body.aliases),
        shared(body.category),
        shared(body.mode),
        shared(body.position),
        _shared_words(body.equipment),
        _shared_words(body.primary_muscles),
        _shared_words(body.secondary_muscles),
        _shared_words(body.stages),
        shared(body.level),
        _shared_words(body.tags),
    )


_SHARED: dict[object, object] = {}


def shared(value: _T) -> _T:
    """One object for every equal value (like sys.intern, for strings and tuples)."""
    return _SHARED.setdefault(value, value)  # type: ignore[return-value]


def _shared_words(words: Sequence[str]) -> tuple[str, ...]:
    key = tuple(words)
    found = _SHARED.get(key)
    if found is None:  # first seen: its words shared too, then the tuple itself
        found = _SHARED[key] = tuple(map(shared, key))
    return found  # type: ignore[return-value]
