"""What a printable handout says, independent of how it is written out (no Textual).

`build_handout(program, library)` gathers everything a handout shows into plain data: the
program's details, one dose table per block, each exercise once (in the order the program
first uses it), and the general safety rules and symptoms of the library. The Markdown and
HTML writers only format this; a TUI preview can use it as it is.

Every text here is the author's text as typed (control characters spelled out): escaping for
an output format is the writer's job. An exercise that resolves nowhere still gets its dose
row (named by its slug, marked unresolved) and is listed under `unresolved`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from hamtui.dose import effective_dose
from hamtui.exercise_page import ExercisePage, exercise_page
from hamtui.model.common import AffectedSide
from hamtui.model.exercise import ExerciseBody
from hamtui.model.program import Block, Item, Program
from hamtui.model.safety import SafetyRules, Symptom
from hamtui.review import Finding, count_text
from hamtui.text import literal

# How a side reads in a dose table.
SIDE_LABELS = {
    "both": "both",
    "each": "each side",
    "left": "left only",
    "right": "right only",
    "affected": "injured side only",
}

# What a symptom's action asks of the athlete, in a handout's words.
ACTION_WORDS = {
    "continue": "Carry on.",
    "shorten-range": "Ease off and use a smaller range.",
    "regress": "Switch to an easier exercise.",
    "stop-exercise": "Stop this exercise.",
    "end-session": "End the session.",
}


class HandoutLibrary(Protocol):
    """What a handout needs of a library (`hamtui.library.Library` fits)."""

    @property
    def safety(self) -> SafetyRules | None: ...

    def resolve(self, program: Program, slug: str) -> ExerciseBody | None: ...


@dataclass(frozen=True)
class DoseRow:
    """One row of a block's dose table. Empty strings mean "not set" (writers show a dash)."""

    block: int  # 0-based, as in the file
    item: int
    slug: str
    name: str  # the exercise's name, or its slug when it does not resolve
    resolved: bool
    sets_reps: str  # "2 × 10", "2 × 10 · 2 kg"; in a circuit "10 reps × 3 rounds"
    hold: str  # "5 s"
    rest: str  # "30 s"
    side: str  # "each side"
    tempo: str  # "3-1-1-0"
    notes: str
    cues: tuple[str, ...]  # the trainer's extra cues for this item
    dose: str  # the whole dose on one line: "2 × 10 · hold 5 s · rest 30 s · each side"
    climbs_to: str = ""  # an item with a range: its top, "15 reps, 4 kg"


@dataclass(frozen=True)
class BlockView:
    number: int  # 1-based
    name: str  # the block's name, or "Block N" when it has none
    rounds: int
    rest_between_rounds_s: int
    rows: tuple[DoseRow, ...]

    @property
    def is_circuit(self) -> bool:
        return self.rounds > 1

    @property
    def how(self) -> str:
        """How the block is run, and how a dose that builds up moves."""
        text = self._how()
        if any(row.climbs_to for row in self.rows):
            text += (
                " A dose that builds up starts at the one shown and steps up one notch after "
                "enough sessions in a row within the pain limit and not too hard, and back one "
                "notch after a session over it; each session says the day's dose."
            )
        return text

    def _how(self) -> str:
        if not self.is_circuit:
            return "Straight sets: finish every set of one exercise before starting the next."
        text = (
            f"Circuit of {self.rounds} rounds: each round goes through every exercise once, "
            "one set each"
        )
        if self.rest_between_rounds_s:
            text += f", with {self.rest_between_rounds_s} s of rest between rounds"
        return text + "."


@dataclass(frozen=True)
class SymptomView:
    label: str
    advice: str
    adjustments: tuple[str, ...]
    action: str  # ACTION_WORDS
    see_professional: bool
    professional_note: str


@dataclass(frozen=True)
class Handout:
    title: str
    author: str
    summary: str
    stage: str
    sessions_per_week: int | None
    tags: tuple[str, ...]
    blocks: tuple[BlockView, ...]
    exercises: tuple[ExercisePage, ...]  # the pages, shown shorter (no tips or mistakes)
    unresolved: tuple[str, ...]  # slugs that resolve nowhere, in first-use order
    rules: tuple[str, ...]
    symptoms: tuple[SymptomView, ...]
    has_safety: bool  # False when the library has no safety.toml
    # The review's problems and warnings (the same review as the editor's), worst first; the
    # handout puts them at the top, so nobody follows a program without seeing them.
    review_counts: str = ""
    review: tuple[str, ...] = ()


def _seconds(value: int | None) -> str:
    return f"{value} s" if value else ""


def _row(
    b: int,
    i: int,
    block: Block,
    item: Item,
    exercise: ExerciseBody | None,
    affected: AffectedSide | None = None,
) -> DoseRow:
    dose = effective_dose(item, exercise, block, affected_side=affected)
    return DoseRow(
        block=b,
        item=i,
        slug=item.exercise,
        name=literal(exercise.name) if exercise is not None else item.exercise,
        resolved=exercise is not None,
        sets_reps=" · ".join(part for part in (dose.sets_reps(), dose.load) if part),
        hold=_seconds(dose.hold_s if dose.pacing == "hold" else None),
        rest=_seconds(dose.rest_s),
        side=SIDE_LABELS[dose.side],
        tempo="-".join(str(s) for s in dose.tempo) if dose.tempo else "",
        notes=literal(item.notes),
        cues=tuple(literal(cue) for cue in item.cues),
        dose=dose.text(),
        climbs_to=dose.climbs_to,
    )


def _symptom(symptom: Symptom) -> SymptomView:
    return SymptomView(
        label=literal(symptom.label),
        advice=literal(symptom.advice),
        adjustments=tuple(literal(a) for a in symptom.adjustments),
        action=ACTION_WORDS[symptom.action],
        see_professional=symptom.see_professional,
        professional_note=literal(symptom.professional_note),
    )


def review_lines(findings: Sequence[Finding]) -> tuple[str, tuple[str, ...]]:
    """The counts and one line per problem or warning (worst first), in plain words:
    `Problem — block 1, item 3 (Pogo Hops): message`."""
    shown = sorted(
        (f for f in findings if f.level in ("problem", "warning")),
        key=lambda f: f.level != "problem",
    )
    lines = []
    for finding in shown:
        place = ""
        if finding.block is not None:
            place = f"block {finding.block + 1}"
            if finding.item is not None:
                place += f", item {finding.item + 1}"
                if finding.exercise_name:
                    place += f" ({finding.exercise_name})"
        head = finding.level.capitalize() + (f" — {place}" if place else "")
        lines.append(literal(f"{head}: {finding.message}"))
    return count_text(shown), tuple(lines)


def build_handout(
    program: Program, library: HandoutLibrary, findings: Sequence[Finding] = ()
) -> Handout:
    """Everything a handout of `program` shows, with exercises resolved through `library`."""
    resolved: dict[str, ExerciseBody | None] = {
        slug: library.resolve(program, slug) for slug in program.referenced_slugs()
    }
    rules = library.safety
    conditions = {c.id: c for c in rules.conditions} if rules is not None else {}
    blocks = tuple(
        BlockView(
            number=b + 1,
            name=literal(block.name) if block.name.strip() else f"Block {b + 1}",
            rounds=block.rounds,
            rest_between_rounds_s=block.rest_between_rounds_s,
            rows=tuple(
                _row(b, i, block, item, resolved[item.exercise], program.affected_side)
                for i, item in enumerate(block.items)
            ),
        )
        for b, block in enumerate(program.blocks)
    )
    exercises = tuple(
        exercise_page(slug, exercise, None, conditions)
        for slug, exercise in resolved.items()
        if exercise is not None
    )
    unresolved = tuple(slug for slug, exercise in resolved.items() if exercise is None)
    counted, lines = review_lines(findings)
    safety = library.safety
    return Handout(
        title=literal(program.title),
        author=literal(program.author),
        summary=literal(program.summary),
        stage=program.stage or "",
        sessions_per_week=program.sessions_per_week,
        tags=tuple(literal(tag) for tag in program.tags),
        blocks=blocks,
        exercises=exercises,
        unresolved=unresolved,
        rules=tuple(literal(rule.text) for rule in safety.rules) if safety else (),
        symptoms=tuple(_symptom(s) for s in safety.symptoms) if safety else (),
        has_safety=safety is not None,
        review_counts=counted,
        review=lines,
    )
