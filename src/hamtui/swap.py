"""Choosing an easier exercise that spares what a symptom or a condition rules out.

Every exercise says what it puts on the body (`loads`: bending forward from the hips under
load, a long reaching stretch, sitting, a nerve-tensioning position, impact). A symptom in
safety.toml says which of these an easier exercise must avoid (`avoid`): pain at the sit bone
rules out hip-flexed loading, long stretches and sitting, because they squeeze the irritated
tendon. A condition a program names does the same at the stages it lists.

`easier_exercise` walks down the exercise's ladders (its regressions, then theirs, nearest
first, in the order the file lists them) and takes the first exercise that puts none of the
avoided loads on the body. When none does, it says so: the session then offers to skip the
exercise instead, and the review and editor say that no easier exercise fits.

The session's swap, the review's suggestions and the editor's "swap for an easier exercise"
all call this one function. Nothing here imports Textual.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hamtui.vocab import LOAD_WORDS

if TYPE_CHECKING:
    from hamtui.model.exercise import ExerciseBody
    from hamtui.model.program import Program
    from hamtui.model.safety import SafetyRules

STRETCHES = frozenset({"static-stretch", "dynamic-stretch", "pnf-stretch"})

Resolve = Callable[[str], "ExerciseBody | None"]


def loads_of(exercise: ExerciseBody) -> frozenset[str]:
    """What an exercise puts on the body: its `loads` when the file gives them, else a guess
    from its category and position (a stretch is a long, nerve-tensioning stretch; a seated
    exercise loads sitting; a plyometric one, impact). The guess can miss a hinge: exercises
    of the bundled library all say their loads."""
    if exercise.loads is not None:
        return frozenset(exercise.loads)
    guessed: set[str] = set()
    if exercise.category in STRETCHES:
        guessed |= {"long-stretch", "nerve-tension"}
    if exercise.position == "seated":
        guessed.add("sitting")
    if exercise.category == "plyometric":
        guessed.add("impact")
    return frozenset(guessed)


def avoided_words(avoid: Iterable[str]) -> str:
    """`sitting and a long reaching stretch of the back of the thigh`, for advice."""
    words = [LOAD_WORDS.get(load, load) for load in avoid]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


@dataclass(frozen=True)
class SwapChoice:
    """The easier exercise to swap to (None: none fits), how many rungs down it is, what it
    had to avoid, and why nothing fits when nothing does."""

    slug: str | None
    exercise: ExerciseBody | None
    rungs: int
    avoid: frozenset[str]
    reason: str = ""

    @property
    def found(self) -> bool:
        return self.slug is not None and self.exercise is not None


def easier_exercise(
    exercise: ExerciseBody, resolve: Resolve, avoid: Collection[str] = ()
) -> SwapChoice:
    """The nearest exercise down `exercise`'s regression ladders that avoids every load in
    `avoid` (breadth first: all first regressions before their own regressions; within a
    rung, the order the files list them). Slugs that do not resolve are passed over."""
    avoided = frozenset(avoid)
    seen: set[str] = set()
    queue: deque[tuple[str, int]] = deque((slug, 1) for slug in exercise.regressions)
    passed_over: list[str] = []
    while queue:
        slug, rungs = queue.popleft()
        if slug in seen:
            continue
        seen.add(slug)
        found = resolve(slug)
        if found is None:
            continue
        if not loads_of(found) & avoided:
            return SwapChoice(slug, found, rungs, avoided)
        passed_over.append(found.name)
        queue.extend((next_slug, rungs + 1) for next_slug in found.regressions)
    if passed_over:
        reason = "No easier exercise on its ladder avoids " + avoided_words(sorted(avoided))
    else:
        reason = "No easier version of this exercise is in the library"
    return SwapChoice(None, None, 0, avoided, reason)


def program_avoids(program: Program, rules: SafetyRules) -> frozenset[str]:
    """What the program's conditions (its `conditions`, and tags that are a condition's id
    or alias) rule out at the program's stage."""
    spare: set[str] = set()
    for condition in rules.named((*program.conditions, *program.tags)).values():
        if not condition.avoid_stages or program.stage in condition.avoid_stages:
            spare |= set(condition.avoid)
    return frozenset(spare)
