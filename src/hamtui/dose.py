"""The effective dose of a program item in its block: the one truth every view shows (no Textual).

A program item's dose is not only what the item says. In a circuit (a block with `rounds > 1`)
each round does ONE set of every item, so the item's own `sets` does not apply and the block's
rounds do; an item with no `hold_s` whose exercise is held takes the exercise's default hold
(or hamtui's 30 s when the exercise gives none); a `tempo` paces counted reps unless a hold
wins; a timed exercise (or an item with `work_s`) is one bout of continuous work a set, shown
as `work 5:00`. `effective_dose` works this out once, with where each number came from, and
the editor's dose line, the dose form, the handout, the session timeline, the plain-text
words and the review all read it. `dose_text` is the one short way of writing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # the models (pydantic) load after the app's first paint
    from hamtui.model.common import AffectedSide, Mode, Side
    from hamtui.model.exercise import Dose, ExerciseBody
    from hamtui.model.program import Block, Item

Pacing = Literal["hold", "tempo", "self", "timed"]
Source = Literal["item", "exercise", "circuit", "hamtui"]

DEFAULT_HOLD_S = 30  # a held exercise whose item and defaults give no hold
DEFAULT_WORK_S = 300  # a timed exercise whose item and defaults give no time
REP_GAP_S = 3  # seconds to release and reset between two holds of a set

SOURCE_WORDS: dict[Source, str] = {
    "item": "set in the program",
    "exercise": "the exercise's default",
    "circuit": "the block's rounds",
    "hamtui": "hamtui's default",
}
SIDE_WORDS: dict[str, str] = {
    "both": "",
    "each": "each side",
    "left": "left side only",
    "right": "right side only",
    "affected": "injured side only",
}


def clock(seconds: int) -> str:
    """`5:00`, `0:45`, `1:02:30`: a length of continuous work as a clock shows it."""
    hours, rest = divmod(max(0, seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def parse_clock(text: str) -> int | None:
    """`5:00` or `300` (seconds) as seconds; None for a blank. ValueError for anything else."""
    text = text.strip()
    if not text:
        return None
    parts = text.split(":")
    if len(parts) > 3 or not all(part.isdigit() for part in parts):
        raise ValueError(f"not a time: {text!r} (like 5:00, or 300 for seconds)")
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + int(part)
    return seconds


def parse_tempo(text: str | None) -> tuple[int, int, int, int] | None:
    """`3-1-1-0` as four numbers (lower, pause, lift, pause); None when there is none."""
    if not text:
        return None
    a, b, c, d = (int(part) for part in text.split("-"))
    return (a, b, c, d)


@dataclass(frozen=True)
class EffectiveDose:
    """What one item really gets in its block.

    `sets` is how many times the item is done: its own sets, or in a circuit the block's
    rounds (one set a round). Timed work (`pacing == "timed"`) is one bout of `timed_s`
    seconds a set, with `reps` 1. `sources` says where each of `sets`, `reps`, `hold_s`,
    `timed_s`, `tempo`, `rest_s` and `side` came from."""

    sets: int
    reps: int
    pacing: Pacing
    hold_s: int | None
    tempo: tuple[int, int, int, int] | None
    rest_s: int
    side: Side
    circuit: bool = False
    round_rest_s: int = 0
    item_sets: int = 1  # what the item's own `sets` says (unused in a circuit)
    timed_s: int | None = None  # timed work: seconds of continuous work a set
    load: str | None = None  # a weight with its unit, "2 kg"
    climbs_to: str = ""  # the top of the item's range, "3 × 15 · 4 kg" ("" when none)
    sources: dict[str, Source] = field(default_factory=dict, compare=False)

    @property
    def rounds(self) -> int:
        return self.sets if self.circuit else 1

    @property
    def sets_ignored(self) -> bool:
        """A circuit item whose own `sets` says something other than one set a round."""
        return self.circuit and self.item_sets != 1

    def source(self, name: str) -> Source:
        return self.sources.get(name, "item")

    def sets_reps(self) -> str:
        """`2 × 10`, or in a circuit `10 reps × 3 rounds`; timed work `2 × work 2:00`,
        `work 5:00`, or in a circuit `work 2:00 × 3 rounds`."""
        if self.pacing == "timed" and self.timed_s is not None:
            work = f"work {clock(self.timed_s)}"
            if self.circuit:
                return f"{work} × {self.sets} rounds"
            return work if self.sets == 1 else f"{self.sets} × {work}"
        if self.circuit:
            return f"{self.reps} reps × {self.sets} rounds"
        return f"{self.sets} × {self.reps}"

    def text(self) -> str:
        """`2 × 10 · hold 5 s · rest 30 s · each side`: the dose at a glance."""
        parts = [self.sets_reps()]
        if self.pacing == "hold" and self.hold_s is not None:
            parts.append(f"hold {self.hold_s} s")
        if self.pacing == "tempo" and self.tempo is not None:
            parts.append("tempo " + "-".join(str(s) for s in self.tempo))
        if self.load:
            parts.append(self.load)
        if self.rest_s:
            parts.append(f"rest {self.rest_s} s")
        side = SIDE_WORDS[self.side]
        if side:
            parts.append(side)
        if self.climbs_to:
            parts.append(f"up to {self.climbs_to}")
        return " · ".join(parts)

    def hold_words(self) -> str:
        """How long each rep is held and why, for the dose form: `3 s, the exercise's
        default` or `not held`."""
        if self.pacing != "hold" or self.hold_s is None:
            return "not held"
        return f"{self.hold_s} s, {SOURCE_WORDS[self.source('hold_s')]}"

    def work_s(self, rep_gap_s: int = REP_GAP_S) -> float | None:
        """Seconds of one side's work in one set; None for reps at one's own pace."""
        if self.pacing == "timed" and self.timed_s is not None:
            return float(self.timed_s)
        if self.pacing == "hold" and self.hold_s is not None:
            return float(self.reps * self.hold_s + (self.reps - 1) * rep_gap_s)
        if self.pacing == "tempo" and self.tempo is not None:
            return float(self.reps * sum(self.tempo))
        return None


def effective_dose(
    item: Item,
    exercise: ExerciseBody | None,
    block: Block | None = None,
    *,
    default_hold_s: int = DEFAULT_HOLD_S,
    affected_side: AffectedSide | None = None,
    default_work_s: int = DEFAULT_WORK_S,
) -> EffectiveDose:
    """The dose `item` gets in `block` (None: outside any block, as its own set list).

    Side: `affected` (the injured leg only) becomes the program's `affected_side` when it
    names one, and stays `affected` ("injured side only") until it does.

    Timed work: the item's `work_s`, else a timed exercise's (`mode = "timed"`) defaults'
    `work_s`, else `default_work_s`; one bout a set, whatever `reps` says.

    Hold: the item's `hold_s` wins (over a tempo too); else a held exercise (`mode = "hold"`)
    takes its defaults' `hold_s`, else `default_hold_s`. Tempo: counted reps at that pace when
    nothing is held. Otherwise the reps go at the athlete's own pace. An exercise that does not
    resolve (None) is taken as counted reps: its item's numbers are all there is."""
    sources: dict[str, Source] = {}
    circuit = block is not None and block.rounds > 1
    sets = block.rounds if block is not None and circuit else item.sets
    if circuit:
        sources["sets"] = "circuit"
    tempo = parse_tempo(item.tempo)
    hold: int | None = None
    timed: int | None = None
    reps = item.reps
    pacing: Pacing
    if item.work_s is not None or (
        item.hold_s is None and exercise is not None and exercise.mode == "timed"
    ):
        pacing, reps = "timed", 1
        if item.work_s is not None:
            timed = item.work_s
        elif exercise is not None and exercise.defaults.work_s:
            timed, sources["timed_s"] = exercise.defaults.work_s, "exercise"
        else:
            timed, sources["timed_s"] = default_work_s, "hamtui"
    elif item.hold_s is not None:
        pacing, hold = "hold", item.hold_s
    elif exercise is not None and exercise.mode == "hold":
        pacing = "hold"
        if exercise.defaults.hold_s:
            hold, sources["hold_s"] = exercise.defaults.hold_s, "exercise"
        else:
            hold, sources["hold_s"] = default_hold_s, "hamtui"
    elif tempo is not None and sum(tempo) > 0:
        pacing = "tempo"
    else:
        pacing = "self"
    return EffectiveDose(
        sets=sets,
        reps=reps,
        pacing=pacing,
        hold_s=hold,
        tempo=tempo if pacing == "tempo" else None,
        rest_s=item.rest_s,
        side=affected_side if item.side == "affected" and affected_side else item.side,
        circuit=circuit,
        round_rest_s=block.rest_between_rounds_s if block is not None and circuit else 0,
        item_sets=item.sets,
        timed_s=timed,
        load=item.load,
        climbs_to=top_text(item, circuit),
        sources=sources,
    )


def top_text(item: Item, circuit: bool = False) -> str:
    """The top of an item's range as the dose line ends it: `3 × 15, hold 5 s, 4 kg` (the
    dose form shows and reads the same words, `hamtui.progression.parse_top`)."""
    top = item.progress
    if top is None:
        return ""
    parts: list[str] = []
    sets = top.sets if top.sets is not None and not circuit else None
    if top.reps is not None:
        parts.append(f"{sets} × {top.reps}" if sets is not None else f"{top.reps} reps")
    elif sets is not None:
        parts.append(f"{sets} sets")
    if top.hold_s is not None:
        parts.append(f"hold {top.hold_s} s")
    if top.work_s is not None:
        parts.append(f"work {clock(top.work_s)}")
    if top.load is not None:
        parts.append(top.load)
    return ", ".join(parts)


def swapped_dose(
    dose: EffectiveDose,
    old_mode: Mode,
    exercise: ExerciseBody,
    default_hold_s: int,
    default_work_s: int = DEFAULT_WORK_S,
) -> EffectiveDose:
    """The dose of an easier exercise swapped in mid-session: the item's dose when the modes
    match; otherwise the new exercise's own reps, hold or time, keeping the item's sets, rest
    and side."""
    if exercise.mode == old_mode:
        return dose
    sources: dict[str, Source] = {**dose.sources, "reps": "exercise"}
    hold: int | None = None
    timed: int | None = None
    if exercise.mode == "hold":
        hold = exercise.defaults.hold_s or default_hold_s
        sources["hold_s"] = "exercise" if exercise.defaults.hold_s else "hamtui"
    elif exercise.mode == "timed":
        timed = exercise.defaults.work_s or default_work_s
        sources["timed_s"] = "exercise" if exercise.defaults.work_s else "hamtui"
    pacing: Pacing = "hold" if hold is not None else "timed" if timed is not None else "self"
    return replace(
        dose,
        reps=1 if timed is not None else exercise.defaults.reps,
        pacing=pacing,
        hold_s=hold,
        timed_s=timed,
        tempo=None,
        sources=sources,
    )


def defaults_text(defaults: Dose, mode: Mode | None = None) -> str:
    """An exercise's default dose, the dose an item gets when it is added to a program, as the
    library shows it (`2 × 10 · hold 3 s · rest 45 s`, `work 5:00`)."""
    hold = defaults.hold_s
    timed = defaults.work_s or (DEFAULT_WORK_S if mode == "timed" else None)
    dose = EffectiveDose(
        sets=defaults.sets,
        reps=1 if timed is not None else defaults.reps,
        pacing="timed" if timed is not None else "hold" if hold is not None else "self",
        hold_s=None if timed is not None else hold,
        tempo=None,
        rest_s=defaults.rest_s,
        side=defaults.side,
        timed_s=timed,
    )
    return dose.text()
