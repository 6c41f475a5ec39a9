"""What a page about one exercise says: one view model for every place that shows one.

`hamtui library show`, the library pane's detail view and the handouts (HTML and Markdown)
all read an `ExercisePage`, so they name the same facts in the same words, in the same order,
and word a cue's moment the same way. Each front end only lays the page out.

Every string in a page is already literal (hamtui.text): control characters are spelled out,
newlines in a summary kept. A view escapes for its own medium (HTML, Markdown) and never
parses the text as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hamtui.dose import defaults_text
from hamtui.text import literal

if TYPE_CHECKING:
    from hamtui.model.exercise import AvoidWhen, Cue, ExerciseBody
    from hamtui.model.safety import Condition

MOMENTS = {"start": "at the start", "halfway": "halfway", "end": "at the end"}

STEPS = "Steps"
TIPS = "Tips"
MISTAKES = "Common mistakes"
CUES = "Cues"
RED_FLAGS = "Red flags: stop and get it checked"
AVOID_WHEN = "Avoid when"
PROGRESSIONS = "Progressions (harder)"
REGRESSIONS = "Regressions (easier)"
SOURCES = "Sources"


def cue_moment(at: str | int) -> str:
    """When a cue is given, in words: `at the start`, `halfway`, `every rep`, `at 10 s`."""
    if isinstance(at, int):
        return f"at {at} s"
    return MOMENTS.get(at, literal(at).replace("-", " "))


@dataclass(frozen=True)
class Fact:
    label: str  # "Category", "Position", ...
    value: str


@dataclass(frozen=True)
class CueLine:
    level: str  # info, caution, stop
    when: str  # cue_moment's words
    text: str

    @property
    def when_first(self) -> str:
        """The moment starting a sentence: `At the start`, `Every rep`."""
        return self.when[:1].upper() + self.when[1:]


@dataclass(frozen=True)
class Section:
    """A titled list: steps (numbered), tips, mistakes, red flags (a warning), avoid when."""

    title: str
    items: tuple[str, ...]
    numbered: bool = False
    warning: bool = False


@dataclass(frozen=True)
class Link:
    """A progression or regression: its slug, and its name (None: not in the library)."""

    slug: str
    name: str | None


@dataclass(frozen=True)
class ExercisePage:
    slug: str
    name: str
    aliases: tuple[str, ...]
    facts: tuple[Fact, ...]
    summary: str
    equipment: tuple[str, ...]
    steps: Section
    tips: Section
    mistakes: Section
    cues: tuple[CueLine, ...]
    red_flags: Section
    avoid_when: Section
    progressions: tuple[Link, ...]
    regressions: tuple[Link, ...]
    sources: tuple[str, ...]

    @property
    def before_cues(self) -> tuple[Section, ...]:
        """The lists shown before the cues, in order (empty ones included)."""
        return (self.steps, self.tips, self.mistakes)

    @property
    def after_cues(self) -> tuple[Section, ...]:
        return (self.red_flags, self.avoid_when)

    @property
    def ladders(self) -> tuple[tuple[str, tuple[Link, ...]], ...]:
        return ((PROGRESSIONS, self.progressions), (REGRESSIONS, self.regressions))


def _texts(items: Sequence[str]) -> tuple[str, ...]:
    return tuple(literal(item) for item in items)


def _cue(cue: Cue) -> CueLine:
    return CueLine(level=cue.level, when=cue_moment(cue.at), text=literal(cue.text))


def avoid_text(avoid: AvoidWhen | str, conditions: Mapping[str, Condition] | None = None) -> str:
    """`Hamstring strain (early or mid stage)`: a condition by its label and the stages the
    caution holds at; free words from an older file as they are."""
    if isinstance(avoid, str):
        return literal(avoid)
    found = (conditions or {}).get(avoid.condition)
    label = found.label if found is not None else avoid.condition
    if not avoid.stages:
        return literal(label)
    stages = list(avoid.stages)
    said = stages[0] if len(stages) == 1 else ", ".join(stages[:-1]) + " or " + stages[-1]
    return literal(f"{label} ({said} stage)")


def exercise_page(
    slug: str,
    exercise: ExerciseBody,
    name_of: Callable[[str], str | None] | Mapping[str, str] | None = None,
    conditions: Mapping[str, Condition] | None = None,
    source_folder: str = "",
) -> ExercisePage:
    """The page of one exercise. `name_of` names the progressions and regressions (a slug
    it does not know is shown as not in the library); `conditions` (id -> Condition, the
    library's vocabulary) names the conditions it is to be avoided in; `source_folder`, when
    given, says which library folder it comes from (a later folder may replace an earlier)."""
    ex = exercise
    if name_of is None:
        names: Callable[[str], str | None] = lambda _slug: None  # noqa: E731
    elif isinstance(name_of, Mapping):
        names = name_of.get
    else:
        names = name_of
    muscles = ", ".join(ex.primary_muscles) or "-"
    if ex.secondary_muscles:
        muscles += f"; also {', '.join(ex.secondary_muscles)}"
    facts = [
        Fact("Category", f"{ex.category} · {ex.mode} · {ex.level}"),
        Fact("Position", ex.position or "-"),
        Fact("Stages", ", ".join(ex.stages) or "-"),
        Fact("Equipment", ", ".join(ex.equipment) or "none"),
        Fact("Muscles", muscles),
        Fact("Dose", defaults_text(ex.defaults, ex.mode)),
    ]
    if ex.tags:
        facts.append(Fact("Tags", ", ".join(ex.tags)))
    if source_folder:
        facts.append(Fact("From", source_folder))

    def links(slugs: list[str]) -> tuple[Link, ...]:
        found = [(slug, names(slug)) for slug in slugs]
        return tuple(Link(literal(s), None if n is None else literal(n)) for s, n in found)

    return ExercisePage(
        slug=literal(slug),
        name=literal(ex.name),
        aliases=_texts(ex.aliases),
        facts=tuple(Fact(fact.label, literal(fact.value)) for fact in facts),
        summary=literal(ex.summary),
        equipment=_texts(ex.equipment),
        steps=Section(STEPS, _texts(ex.steps), numbered=True),
        tips=Section(TIPS, _texts(ex.tips)),
        mistakes=Section(MISTAKES, _texts(ex.mistakes)),
        cues=tuple(_cue(cue) for cue in ex.cues),
        red_flags=Section(RED_FLAGS, _texts(ex.red_flags), warning=True),
        avoid_when=Section(AVOID_WHEN, tuple(avoid_text(a, conditions) for a in ex.avoid_when)),
        progressions=links(ex.progressions),
        regressions=links(ex.regressions),
        sources=_texts(ex.sources),
    )
