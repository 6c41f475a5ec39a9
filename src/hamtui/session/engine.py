"""The live session engine: a program expanded into a timeline of steps, and a state machine
over it driven by an injected monotonic clock.

Timeline (`build_timeline`)
    Blocks run in order. A block with `rounds > 1` is a circuit: each round does one set of
    every item in order (an item's own `sets` is not used there, as docs/formats.md says), with the
    item's `rest_s` between stations of a round and `rest_between_rounds_s` between rounds.
    Otherwise each item does all its sets, with `rest_s` between them. A get-ready step comes
    before every change of exercise (a new item, a new station of a circuit, a regression swapped
    in); the first one of each exercise is an *intro*: the session waits there for the start-cue
    pop-up to be dismissed (`Session.acknowledge`) before its countdown starts. Side "each"
    makes a set two work steps, left then right, with a switch-side step between. There is no
    rest after the very last work step, nor after the last set of an item (the next exercise's
    get-ready is the change-over). A rest of 0 s makes no step.

Work steps: one step per set and side
    * hold: `reps` holds of `hold_s` in ONE work step, with a fixed gap of `rep_gap_s`
      (default 3 s) between holds to release and reset: duration = reps*hold + (reps-1)*gap.
      The rep and its phase (`hold` | `release`) are computed from the elapsed time
      (`Step.rep_at`), and `poll()` reports each rep's start (`RepStarted`) at its exact time.
      One step per set keeps set/skip/back simple and gives cues a single time base.
      `hold_s` comes from the item; if the item has none and the exercise's mode is `hold`, from
      the exercise's defaults, else 30 s. An item's `hold_s` wins over a `tempo`.
    * tempo (counted reps with `tempo = "3-1-1-0"`): duration = reps * sum(tempo), phases
      `lower | pause-bottom | lift | pause-top` (zero-second phases are left out).
    * timed work (a timed exercise, or an item's `work_s`): one bout of continuous work a set,
      duration = work_s, one phase `work` (a 5-minute bike counts down 5:00).
    * self-paced counted reps: no duration; the step ends on `Session.done()`. For time left,
      progress and cue timing it is estimated at `self_paced_rep_s` (3 s) per rep.

Session (`Session`)
    States: idle -> (awaiting-ack <-> running <-> paused) -> finished. Time is never counted
    by ticks: a running step has an absolute start and deadline; pause keeps the remaining
    time and resume sets deadline = clock() + remaining. `poll()` (alias `tick()`) advances past
    every deadline that has passed, several if the process slept, each next step starting at the
    exact scheduled time of the previous deadline, and returns the events in order. Every
    command first catches up the same way, and returns the events it caused. A command that
    does not apply in the current state is a no-op returning `[]`.

Cues, all from `poll()` as `CueDue` and never stopping the timer, except the intro pop-up:
    `start` cues, red flags, `stop`-level cues and the trainer's item cues belong to the intro
    pop-up (`ExerciseInfo`); on a get-ready that had no pop-up (a later circuit round, or
    `require_ack=False`) the `start` cues are due at its start. On work steps: `halfway` at half
    the duration, a number N at N s into the work (if within it), `every-rep` at every rep's
    start (once at the start for self-paced reps), `end` at duration - min(5, duration/4). Each
    cue fires once per entry into a work step (both sides of a set each get their cues).

Why one long module: the timeline and the `Session` state machine that walks it share their
invariants (absolute deadlines, where a set starts again, what a swap keeps); keeping them
together keeps those rules in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, NamedTuple, Protocol, overload

from hamtui.dose import DEFAULT_HOLD_S, REP_GAP_S, EffectiveDose, Pacing, effective_dose
from hamtui.dose import swapped_dose as effective_swapped
from hamtui.errors import HamtuiError
from hamtui.model.common import AffectedSide, CueLevel, Mode, Side
from hamtui.model.exercise import ExerciseBody
from hamtui.model.program import Block, Item, Program

StepKind = Literal["get-ready", "work", "switch-side", "rest", "round-rest"]
SideNow = Literal["left", "right"]
RepPhaseName = Literal["hold", "release", "lower", "pause-bottom", "lift", "pause-top", "work"]
State = Literal["idle", "running", "paused", "awaiting-ack", "finished"]
Status = Literal["in-progress", "completed", "ended-early"]
Cause = Literal["start", "deadline", "done", "skip", "back", "skip-exercise", "swap"]

GET_READY_S = 10
SWITCH_SIDE_S = 5
SELF_PACED_REP_S = 3
END_CUE_LEAD_S = 5.0
BACK_GRACE_S = 3.0
ADD_REST_S = 10
PAIN_THRESHOLD = 5

_TEMPO_PHASES: tuple[RepPhaseName, ...] = ("lower", "pause-bottom", "lift", "pause-top")


class SessionError(HamtuiError):
    """A program that cannot be run as a session (an exercise that does not resolve)."""


class Resolver(Protocol):
    """What the engine needs of a library (`hamtui.library.Library` is one)."""

    def resolve(self, program: Program, slug: str) -> ExerciseBody | None: ...


def end_status(sets_done: int, *, had_work: bool = True) -> Status:
    """How a session that reached its end is recorded: complete only when some work was done
    (or the program had none); a session whose every exercise was skipped ended early, and
    counts toward no plan."""
    return "completed" if sets_done > 0 or not had_work else "ended-early"


def pain_needs_advice(pain: int | None, threshold: int = PAIN_THRESHOLD) -> bool:
    """True when a reported pain is above the threshold (safety.toml `general.pain_threshold`)."""
    return pain is not None and pain > threshold


# ---------------------------------------------------------------------------------------------
# What a step is made of


@dataclass(frozen=True)
class CueSpec:
    """A cue of an exercise, as the session shows it."""

    text: str
    at: str | int  # start | halfway | end | every-rep | seconds into the work
    level: CueLevel = "info"

    @property
    def stop(self) -> bool:
        return self.level == "stop"


@dataclass(frozen=True)
class ExerciseInfo:
    """The exercise of a set: what the start pop-up and the cues need."""

    slug: str
    name: str
    mode: Mode
    cues: tuple[CueSpec, ...] = ()
    red_flags: tuple[str, ...] = ()
    trainer_cues: tuple[str, ...] = ()  # the program item's `cues`
    notes: str = ""  # the program item's `notes`
    regressions: tuple[str, ...] = ()
    instructions: tuple[str, ...] = ()

    @property
    def start_cues(self) -> tuple[CueSpec, ...]:
        return tuple(c for c in self.cues if c.at == "start")

    @property
    def stop_cues(self) -> tuple[CueSpec, ...]:
        """Stop-level cues, whatever their moment: shown in the start pop-up too."""
        return tuple(c for c in self.cues if c.level == "stop")

    @classmethod
    def of(cls, slug: str, exercise: ExerciseBody, item: Item | None = None) -> ExerciseInfo:
        return cls(
            slug=slug,
            name=exercise.name,
            mode=exercise.mode,
            cues=tuple(CueSpec(c.text, c.at, c.level) for c in exercise.cues),
            red_flags=tuple(exercise.red_flags),
            trainer_cues=tuple(item.cues) if item is not None else (),
            notes=item.notes if item is not None else "",
            regressions=tuple(exercise.regressions),
            instructions=tuple(exercise.steps),
        )


@dataclass(frozen=True)
class ItemDose:
    """How one set of an item runs: its effective dose (`hamtui.dose`, the one place that
    decides it) with the timeline's gap between holds."""

    reps: int
    pacing: Pacing
    hold_s: int | None = None
    tempo: tuple[int, int, int, int] | None = None
    rest_s: int = 0
    side: Side = "both"
    rep_gap_s: int = REP_GAP_S
    effective: EffectiveDose = field(kw_only=True, compare=False, repr=False)

    @classmethod
    def of(cls, dose: EffectiveDose, rep_gap_s: int = REP_GAP_S) -> ItemDose:
        return cls(
            dose.reps,
            dose.pacing,
            dose.hold_s,
            dose.tempo,
            dose.rest_s,
            dose.side,
            rep_gap_s,
            effective=dose,
        )

    def work_s(self) -> float | None:
        """The duration of one side's work, None for self-paced reps."""
        return self.effective.work_s(self.rep_gap_s)


@dataclass(frozen=True)
class Timing:
    """The fixed durations of a timeline (seconds)."""

    get_ready_s: int = GET_READY_S
    switch_side_s: int = SWITCH_SIDE_S
    rep_gap_s: int = REP_GAP_S
    default_hold_s: int = DEFAULT_HOLD_S
    self_paced_rep_s: int = SELF_PACED_REP_S


@dataclass(frozen=True)
class SetPlan:
    """One set of one item (in a circuit: the item's set of one round)."""

    block: int
    item: int
    set: int  # 1-based; in a circuit, the round
    sets: int  # in a circuit, the rounds
    round: int  # 1-based; 1 outside circuits
    rounds: int
    circuit: bool
    round_rest_s: int
    exercise: ExerciseInfo
    dose: ItemDose


class SetRef(NamedTuple):
    """Where a set is in a program: block and item indices (0-based), set number (1-based;
    in a circuit the round)."""

    block: int
    item: int
    set: int


@dataclass(frozen=True)
class RepPhase:
    """Where a timed work step is: rep `rep` of `reps`, in phase `phase`."""

    rep: int
    reps: int
    phase: RepPhaseName
    phase_elapsed: float
    phase_remaining: float


@dataclass(frozen=True)
class Step:
    """One step of a session's timeline.

    Rest and round-rest steps belong to the set that just finished; get-ready, work and
    switch-side steps to the set they lead into. `side` is the side being worked (or about to
    be, for get-ready and switch-side), None for both legs at once.
    """

    kind: StepKind
    plan: SetPlan = field(repr=False)
    duration_s: float | None  # None: self-paced reps, ended by Session.done()
    planned_s: float  # the duration, or the self-paced estimate
    side: SideNow | None = None
    intro: bool = False  # get-ready: first time this exercise comes up (start-cue pop-up)
    last_of_set: bool = False  # work: the set is finished when this step ends
    last_of_item: bool = False  # work: ... and so is the whole item

    def __repr__(self) -> str:
        side = f" {self.side}" if self.side else ""
        return (
            f"<Step {self.kind} {self.slug} b{self.block}i{self.item} "
            f"set {self.set}/{self.sets}{side} {self.duration_s}s>"
        )

    @property
    def block(self) -> int:
        return self.plan.block

    @property
    def item(self) -> int:
        return self.plan.item

    @property
    def exercise(self) -> ExerciseInfo:
        return self.plan.exercise

    @property
    def slug(self) -> str:
        return self.plan.exercise.slug

    @property
    def name(self) -> str:
        return self.plan.exercise.name

    @property
    def set(self) -> int:
        return self.plan.set

    @property
    def sets(self) -> int:
        return self.plan.sets

    @property
    def round(self) -> int:
        return self.plan.round

    @property
    def rounds(self) -> int:
        return self.plan.rounds

    @property
    def circuit(self) -> bool:
        return self.plan.circuit

    @property
    def reps(self) -> int:
        return self.plan.dose.reps

    @property
    def pacing(self) -> Pacing:
        return self.plan.dose.pacing

    @property
    def is_rest(self) -> bool:
        return self.kind in ("rest", "round-rest")

    def rep_starts(self) -> tuple[float, ...]:
        """Offsets (s into a work step) at which each rep starts; (0.0,) for self-paced."""
        dose = self.plan.dose
        if self.kind != "work":
            return ()
        if dose.pacing == "timed":
            return (0.0,)
        if dose.pacing == "hold" and dose.hold_s is not None:
            cycle = dose.hold_s + dose.rep_gap_s
        elif dose.pacing == "tempo" and dose.tempo is not None:
            cycle = sum(dose.tempo)
        else:
            return (0.0,)
        return tuple(float(k * cycle) for k in range(dose.reps))

    def rep_at(self, elapsed: float) -> RepPhase | None:
        """The rep and its phase at `elapsed` s into a timed work step (None otherwise)."""
        dose = self.plan.dose
        if self.kind != "work":
            return None
        if dose.pacing == "timed" and dose.effective.timed_s is not None:
            length = float(dose.effective.timed_s)
            elapsed = min(max(0.0, elapsed), length)
            return RepPhase(1, 1, "work", elapsed, length - elapsed)
        if dose.pacing == "hold" and dose.hold_s is not None:
            phases: list[tuple[RepPhaseName, int]] = [("hold", dose.hold_s)]
            if dose.rep_gap_s > 0:
                phases.append(("release", dose.rep_gap_s))
        elif dose.pacing == "tempo" and dose.tempo is not None:
            phases = [(n, s) for n, s in zip(_TEMPO_PHASES, dose.tempo, strict=True) if s > 0]
        else:
            return None
        cycle = sum(s for _, s in phases)
        elapsed = max(0.0, elapsed)
        rep = min(int(elapsed // cycle), dose.reps - 1)
        within = elapsed - rep * cycle
        # the last rep of a hold has no release after it
        last = rep == dose.reps - 1
        start = 0.0
        for n, (name, seconds) in enumerate(phases):
            final = n == len(phases) - 1 or (last and dose.pacing == "hold")
            if within < start + seconds or final:
                return RepPhase(
                    rep + 1, dose.reps, name, within - start, max(0.0, start + seconds - within)
                )
            start += seconds
        raise AssertionError("unreachable")  # pragma: no cover


def _cue_offsets(at: str | int, duration: float, rep_starts: Sequence[float]) -> list[float]:
    if at == "halfway":
        return [duration / 2]
    if at == "end":
        return [duration - min(END_CUE_LEAD_S, duration / 4)]
    if at == "every-rep":
        return list(rep_starts)
    if isinstance(at, int):
        return [float(at)]
    return []  # "start": the intro pop-up, or the get-ready's start


# ---------------------------------------------------------------------------------------------
# The timeline


def dose_of(
    item: Item,
    exercise: ExerciseBody,
    timing: Timing,
    block: Block | None = None,
    affected_side: AffectedSide | None = None,
) -> ItemDose:
    """How each set of an item runs: its effective dose in its block (see `hamtui.dose`)."""
    return ItemDose.of(
        effective_dose(
            item,
            exercise,
            block,
            default_hold_s=timing.default_hold_s,
            affected_side=affected_side,
        ),
        timing.rep_gap_s,
    )


def swapped_dose(
    dose: ItemDose, old_mode: Mode, exercise: ExerciseBody, timing: Timing
) -> ItemDose:
    """The dose of a regression swapped in (see `hamtui.dose.swapped_dose`)."""
    if exercise.mode == old_mode:
        return dose
    return ItemDose.of(
        effective_swapped(dose.effective, old_mode, exercise, timing.default_hold_s),
        timing.rep_gap_s,
    )


def _plans(
    program: Program,
    library: Resolver,
    timing: Timing,
    swaps: Mapping[tuple[int, int], str],
) -> list[SetPlan]:
    unresolved: list[str] = []
    one_sided: list[str] = []  # items for the injured leg, in a program that names none
    infos: dict[tuple[int, int], tuple[ExerciseInfo, ItemDose]] = {}
    for b, block in enumerate(program.blocks):
        for i, item in enumerate(block.items):
            exercise = library.resolve(program, item.exercise)
            if exercise is None:
                unresolved.append(f"block {b + 1}, item {i + 1}: `{item.exercise}`")
                continue
            info = ExerciseInfo.of(item.exercise, exercise, item)
            dose = dose_of(item, exercise, timing, block, program.affected_side)
            if dose.effective.side == "affected":
                one_sided.append(f"block {b + 1}, item {i + 1}")
            swap = swaps.get((b, i))
            if swap is not None and swap != item.exercise:
                other = library.resolve(program, swap)
                if other is None:
                    unresolved.append(f"block {b + 1}, item {i + 1}: `{swap}` (swapped in)")
                    continue
                dose = swapped_dose(dose, exercise.mode, other, timing)
                info = ExerciseInfo.of(swap, other)
            infos[(b, i)] = (info, dose)
    if unresolved:
        raise SessionError("cannot run this program: exercises not found: " + "; ".join(unresolved))
    if one_sided:
        raise SessionError(
            "cannot run this program yet: "
            + "; ".join(one_sided)
            + ' work the injured leg only; say which leg it is with affected_side = "left" '
            'or "right" in the program (ctrl+t in the editor)'
        )
    plans: list[SetPlan] = []

    def plan(b: int, i: int, number: int) -> SetPlan:
        info, dose = infos[(b, i)]
        effective = dose.effective
        return SetPlan(
            block=b,
            item=i,
            set=number,
            sets=effective.sets,
            round=number if effective.circuit else 1,
            rounds=effective.rounds,
            circuit=effective.circuit,
            round_rest_s=effective.round_rest_s,
            exercise=info,
            dose=dose,
        )

    for b, block in enumerate(program.blocks):
        if block.rounds > 1:  # a circuit: one set of each item per round
            for r in range(1, block.rounds + 1):
                plans.extend(plan(b, i, r) for i in range(len(block.items)))
        else:
            for i in range(len(block.items)):
                sets = infos[(b, i)][1].effective.sets
                plans.extend(plan(b, i, s) for s in range(1, sets + 1))
    return plans


def _rest_after(plan: SetPlan, after: SetPlan | None) -> tuple[StepKind, int] | None:
    if after is None:
        return None
    if plan.circuit and after.block == plan.block:
        if after.round == plan.round:
            return ("rest", plan.dose.rest_s)
        return ("round-rest", plan.round_rest_s)
    if not plan.circuit and (after.block, after.item) == (plan.block, plan.item):
        return ("rest", plan.dose.rest_s)
    return None


class Timeline(Sequence[Step]):
    """The steps of a session, with the sets they were expanded from.

    `done_before_s` is the planned time of the sets left out by `start_at` (a resumed
    session), so that whole-session progress counts them as done.
    """

    def __init__(
        self, plans: Sequence[SetPlan], timing: Timing = Timing(), done_before_s: float = 0.0
    ) -> None:
        self.plans: tuple[SetPlan, ...] = tuple(plans)
        self.timing = timing
        self.done_before_s = done_before_s
        steps: list[Step] = []
        unit_of: list[int] = []
        first_step: list[int] = []
        first_work: list[int] = []
        last_of_item = {(p.block, p.item): n for n, p in enumerate(self.plans)}
        seen: set[tuple[int, int, str]] = set()
        previous: tuple[int, int, str] | None = None
        for n, plan in enumerate(self.plans):
            key = (plan.block, plan.item, plan.exercise.slug)
            first_step.append(len(steps))
            dose = plan.dose
            work = dose.work_s()
            planned = work if work is not None else float(dose.reps * timing.self_paced_rep_s)
            sides: list[SideNow | None]
            if dose.side == "each":
                sides = ["left", "right"]
            elif dose.side in ("left", "right"):
                sides = ["left" if dose.side == "left" else "right"]
            else:
                sides = [None]
            if key != previous:
                steps.append(
                    Step(
                        "get-ready",
                        plan,
                        float(timing.get_ready_s),
                        float(timing.get_ready_s),
                        sides[0],
                        intro=key not in seen,
                    )
                )
                seen.add(key)
            previous = key
            for k, side in enumerate(sides):
                if k > 0 and timing.switch_side_s > 0:
                    steps.append(
                        Step(
                            "switch-side",
                            plan,
                            float(timing.switch_side_s),
                            float(timing.switch_side_s),
                            side,
                        )
                    )
                if k == 0:
                    first_work.append(len(steps))
                last = k == len(sides) - 1
                steps.append(
                    Step(
                        "work",
                        plan,
                        work,
                        planned,
                        side,
                        last_of_set=last,
                        last_of_item=last and last_of_item[(plan.block, plan.item)] == n,
                    )
                )
            rest = _rest_after(plan, self.plans[n + 1] if n + 1 < len(self.plans) else None)
            if rest is not None and rest[1] > 0:
                steps.append(Step(rest[0], plan, float(rest[1]), float(rest[1])))
            unit_of.extend([n] * (len(steps) - len(unit_of)))
        self.steps: tuple[Step, ...] = tuple(steps)
        self._unit_of = unit_of
        self._first_step = first_step
        self._first_work = first_work
        after = [0.0] * (len(steps) + 1)
        for k in range(len(steps) - 1, -1, -1):
            after[k] = after[k + 1] + steps[k].planned_s
        self._after = after

    def __len__(self) -> int:
        return len(self.steps)

    @overload
    def __getitem__(self, index: int) -> Step: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Step]: ...
    def __getitem__(self, index: int | slice) -> Step | Sequence[Step]:
        return self.steps[index]

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    def unit_of(self, index: int) -> int:
        """The index in `plans` of the set a step belongs to."""
        return self._unit_of[index]

    def first_step(self, unit: int) -> int:
        """The first step of a set: its get-ready if it has one, else its first work step."""
        return self._first_step[unit]

    def first_work(self, unit: int) -> int:
        return self._first_work[unit]

    @property
    def planned_s(self) -> float:
        """Planned seconds of all steps (self-paced reps estimated)."""
        return self._after[0]

    def planned_from(self, index: int) -> float:
        """Planned seconds of the steps from `index` on."""
        return self._after[min(max(index, 0), len(self.steps))]

    def find(self, ref: SetRef) -> int | None:
        """The index in `plans` of a set, or None."""
        for n, plan in enumerate(self.plans):
            if (plan.block, plan.item, plan.set) == tuple(ref):
                return n
        return None

    def start_at(self, ref: SetRef) -> Timeline:
        """This timeline without the sets before `ref` (a resumed session)."""
        unit = self.find(ref)
        if unit is None:
            raise SessionError(
                f"cannot resume: the program has no set {ref.set} of block {ref.block + 1}, "
                f"item {ref.item + 1}"
            )
        done = self.done_before_s + self._after[0] - self._after[self._first_step[unit]]
        return Timeline(self.plans[unit:], self.timing, done)

    def with_plans(self, plans: Sequence[SetPlan]) -> Timeline:
        return Timeline(plans, self.timing, self.done_before_s)


def build_timeline(
    program: Program,
    library: Resolver,
    *,
    get_ready_s: int = GET_READY_S,
    switch_side_s: int = SWITCH_SIDE_S,
    rep_gap_s: int = REP_GAP_S,
    default_hold_s: int = DEFAULT_HOLD_S,
    self_paced_rep_s: int = SELF_PACED_REP_S,
    start_at: SetRef | tuple[int, int, int] | None = None,
    swaps: Mapping[tuple[int, int], str] | None = None,
) -> Timeline:
    """Expand a program into the steps of a session.

    `start_at` (block, item, set) starts at that set, with a get-ready (a resumed session).
    `swaps` maps (block, item) to the slug of an exercise that replaces the item's (a
    regression chosen earlier in a resumed session). Raises SessionError when an exercise
    does not resolve.
    """
    timing = Timing(get_ready_s, switch_side_s, rep_gap_s, default_hold_s, self_paced_rep_s)
    timeline = Timeline(_plans(program, library, timing, swaps or {}), timing)
    if start_at is not None:
        timeline = timeline.start_at(SetRef(*start_at))
    return timeline


# ---------------------------------------------------------------------------------------------
# Events


@dataclass(frozen=True)
class StepStarted:
    """A phase change (ring the bell): `at` is the exact scheduled time."""

    at: float
    index: int
    step: Step
    cause: Cause


@dataclass(frozen=True)
class AwaitingAck:
    """The session waits at an intro get-ready: show the start-cue pop-up, then acknowledge()."""

    at: float
    index: int
    step: Step


@dataclass(frozen=True)
class Acknowledged:
    at: float
    index: int
    step: Step


@dataclass(frozen=True)
class RepStarted:
    """Rep `rep` (2 and on) of a timed work step starts."""

    at: float
    index: int
    step: Step
    rep: int


@dataclass(frozen=True)
class CueDue:
    """A cue to pop up without stopping the timer."""

    at: float
    index: int
    step: Step
    cue: CueSpec


@dataclass(frozen=True)
class StepSkipped:
    at: float
    index: int
    step: Step


@dataclass(frozen=True)
class SetFinished:
    """The last work step of a set ended; `skipped` when any of its work was skipped."""

    at: float
    step: Step
    skipped: bool


@dataclass(frozen=True)
class ExerciseFinished:
    """The item's last set ended: time for the pain and effort prompt."""

    at: float
    step: Step


@dataclass(frozen=True)
class ExerciseSkipped:
    """The rest of an item was skipped (`skip_exercise`)."""

    at: float
    step: Step


@dataclass(frozen=True)
class ExerciseSwapped:
    """The rest of an item continues with another exercise (a regression)."""

    at: float
    step: Step
    slug: str
    name: str


@dataclass(frozen=True)
class Paused:
    at: float
    index: int


@dataclass(frozen=True)
class Resumed:
    at: float
    index: int
    paused_s: float


@dataclass(frozen=True)
class RestAdded:
    at: float
    index: int
    seconds: float


@dataclass(frozen=True)
class SessionFinished:
    at: float
    status: Status


SessionEvent = (
    StepStarted
    | AwaitingAck
    | Acknowledged
    | RepStarted
    | CueDue
    | StepSkipped
    | SetFinished
    | ExerciseFinished
    | ExerciseSkipped
    | ExerciseSwapped
    | Paused
    | Resumed
    | RestAdded
    | SessionFinished
)

# a moment inside a step: (offset, order, rep number or cue)
_Mark = tuple[float, int, int | CueSpec]


def _marks(step: Step, with_start_cues: bool) -> list[_Mark]:
    marks: list[_Mark] = []
    if step.kind == "get-ready" and with_start_cues:
        marks.extend((0.0, 1 + n, cue) for n, cue in enumerate(step.exercise.start_cues))
    elif step.kind == "work":
        duration = step.duration_s if step.duration_s is not None else step.planned_s
        starts = step.rep_starts()
        marks.extend((offset, 0, rep) for rep, offset in enumerate(starts[1:], start=2))
        for n, cue in enumerate(step.exercise.cues):
            for offset in _cue_offsets(cue.at, duration, starts):
                if offset == 0 or 0 <= offset < duration:
                    marks.append((offset, 1 + n, cue))
    marks.sort(key=lambda mark: (mark[0], mark[1]))
    return marks


# ---------------------------------------------------------------------------------------------
# The state machine


class Session:
    """A live session over a timeline, driven by `clock` (monotonic seconds)."""

    def __init__(
        self,
        timeline: Timeline,
        clock: Callable[[], float],
        *,
        require_ack: bool = True,
        sets_done_before: int = 0,
    ) -> None:
        self._timeline = timeline
        self._clock = clock
        self._require_ack = require_ack
        self._state: State = "idle"
        self._status: Status = "in-progress"
        self._index = 0
        self._started = 0.0
        self._deadline: float | None = None
        self._paused_at: float | None = None
        self._added_s = 0.0
        self._marks: list[_Mark] = []
        self._next_mark = 0
        self._acked: set[tuple[int, int, str]] = set()
        self._set_skipped = False
        self._sets_done = sets_done_before  # sets done, a resumed session's earlier ones too
        self._had_work = sets_done_before > 0 or any(s.kind == "work" for s in timeline)
        self._final_progress = 0.0

    # -- what the screen shows ----------------------------------------------------------------

    @property
    def timeline(self) -> Timeline:
        return self._timeline

    @property
    def state(self) -> State:
        return self._state

    @property
    def status(self) -> Status:
        return self._status

    @property
    def index(self) -> int:
        return self._index

    @property
    def step(self) -> Step | None:
        """The current step (the first one before start(), None once finished)."""
        if self._state == "finished" or self._index >= len(self._timeline):
            return None
        return self._timeline[self._index]

    @property
    def next_step(self) -> Step | None:
        if self._state == "finished" or self._index + 1 >= len(self._timeline):
            return None
        return self._timeline[self._index + 1]

    @property
    def next_work(self) -> Step | None:
        """The next work step after the current one ("what comes next")."""
        if self._state == "finished":
            return None
        for step in self._timeline.steps[self._index + 1 :]:
            if step.kind == "work":
                return step
        return None

    def elapsed(self) -> float:
        """Seconds into the current step (frozen while paused, 0 while awaiting the pop-up)."""
        if self._state == "running":
            return max(0.0, self._clock() - self._started)
        if self._state == "paused" and self._paused_at is not None:
            return max(0.0, self._paused_at - self._started)
        return 0.0

    def remaining(self) -> float | None:
        """Seconds left in the current step: deadline - clock(); None for self-paced work."""
        step = self.step
        if step is None:
            return None
        if self._state == "running":
            return None if self._deadline is None else max(0.0, self._deadline - self._clock())
        if self._state == "paused" and self._paused_at is not None:
            return None if self._deadline is None else max(0.0, self._deadline - self._paused_at)
        return step.duration_s

    def rep(self) -> RepPhase | None:
        step = self.step
        return step.rep_at(self.elapsed()) if step is not None else None

    def time_left(self) -> float:
        """Planned seconds left in the whole session (self-paced reps estimated)."""
        step = self.step
        if step is None:
            return 0.0
        remaining = self.remaining()
        if remaining is None:
            remaining = max(0.0, step.planned_s - self.elapsed())
        return remaining + self._timeline.planned_from(self._index + 1)

    def total_s(self) -> float:
        """Planned seconds of the whole session, rest added included."""
        return self._timeline.done_before_s + self._timeline.planned_s + self._added_s

    def progress(self) -> float:
        """Whole-session progress, 0..1."""
        if self._state == "finished":
            return 1.0 if self._status == "completed" else self._final_progress
        total = self.total_s()
        if total <= 0:
            return 0.0
        return min(1.0, max(0.0, (total - self.time_left()) / total))

    def can_add_rest(self) -> bool:
        step = self.step
        return step is not None and step.is_rest and self._state in ("running", "paused")

    def can_swap(self) -> bool:
        return self._affected()[1] != []

    # -- commands ------------------------------------------------------------------------------

    def poll(self) -> list[SessionEvent]:
        """Advance past every deadline and cue that is due; the events, in order."""
        events: list[SessionEvent] = []
        self._advance(self._clock(), events)
        return events

    tick = poll

    def start(self) -> list[SessionEvent]:
        events: list[SessionEvent] = []
        if self._state == "idle":
            now = self._clock()
            self._enter(0, now, "start", events)
            self._advance(now, events)
        return events

    def acknowledge(self) -> list[SessionEvent]:
        """The start-cue pop-up was dismissed: the get-ready countdown starts now."""
        events: list[SessionEvent] = []
        if self._state == "awaiting-ack":
            now = self._clock()
            step = self._timeline[self._index]
            self._acked.add((step.block, step.item, step.slug))
            events.append(Acknowledged(now, self._index, step))
            self._run_from(now, with_start_cues=False)
            self._advance(now, events)
        return events

    def pause(self) -> list[SessionEvent]:
        events, now = self._catch_up()
        if self._state == "running":
            self._paused_at = now
            self._state = "paused"
            events.append(Paused(now, self._index))
        return events

    def resume(self) -> list[SessionEvent]:
        events: list[SessionEvent] = []
        if self._state == "paused" and self._paused_at is not None:
            now = self._clock()
            shift = now - self._paused_at
            self._started += shift
            if self._deadline is not None:
                self._deadline += shift  # = clock() + remaining
            self._paused_at = None
            self._state = "running"
            events.append(Resumed(now, self._index, shift))
            self._advance(now, events)
        return events

    def skip(self) -> list[SessionEvent]:
        """Skip the current step (a skipped work step does not count its set as done)."""
        events, now = self._catch_up()
        if self._state in ("running", "paused", "awaiting-ack"):
            paused = self._state == "paused"
            events.append(StepSkipped(now, self._index, self._timeline[self._index]))
            self._finish_step(now, "skip", events)
            self._settle(now, paused, events)
        return events

    def done(self) -> list[SessionEvent]:
        """End a self-paced work step: the reps are done."""
        events, now = self._catch_up()
        step = self.step
        if (
            self._state in ("running", "paused")
            and step is not None
            and step.kind == "work"
            and step.duration_s is None
        ):
            paused = self._state == "paused"
            self._finish_step(now, "done", events)
            self._settle(now, paused, events)
        return events

    def back(self) -> list[SessionEvent]:
        """Back to the start of the current set's work; from a get-ready, or within the first
        3 s of a set, to the start of the previous set's work. A rest belongs to the set before
        it, so back from a rest redoes that set."""
        events, now = self._catch_up()
        if self._state not in ("running", "paused", "awaiting-ack"):
            return events
        step = self._timeline[self._index]
        unit = self._timeline.unit_of(self._index)
        target = self._timeline.first_work(unit)
        if step.kind == "get-ready" or (self._index == target and self.elapsed() < BACK_GRACE_S):
            if unit > 0:
                target = self._timeline.first_work(unit - 1)
            elif step.kind == "get-ready":
                target = self._index
        paused = self._state == "paused"
        self._enter(target, now, "back", events)
        self._settle(now, paused, events)
        return events

    def add_rest(self, seconds: float = ADD_REST_S) -> list[SessionEvent]:
        """Lengthen the current rest (only during rest steps) by moving its deadline."""
        events, now = self._catch_up()
        if self.can_add_rest() and self._deadline is not None and seconds > 0:
            self._deadline += seconds
            self._added_s += seconds
            events.append(RestAdded(now, self._index, seconds))
        return events

    def end(self) -> list[SessionEvent]:
        """End the session early (status ended-early)."""
        events, now = self._catch_up()
        if self._state != "finished":
            self._final_progress = self.progress()
            self._finish(now, "ended-early", events)
        return events

    def skip_exercise(self) -> list[SessionEvent]:
        """Skip the rest of the current item (in a circuit, its later rounds too). From a rest,
        the current item is the one whose set just finished."""
        events, now = self._catch_up()
        cut, affected = self._affected()
        if not affected:
            return events
        paused = self._state == "paused"
        step = self._timeline[self._index]
        events.append(ExerciseSkipped(now, step))
        gone = set(affected)
        plans = self._timeline.plans
        kept = [p for k, p in enumerate(plans) if k not in gone]
        landing = next((k for k in range(cut, len(plans)) if k not in gone), None)
        self._timeline = self._timeline.with_plans(kept)
        if landing is None:
            self._finish(now, self._end_status(), events)
            return events
        new_unit = sum(1 for k in range(landing) if k not in gone)
        self._enter(self._timeline.first_step(new_unit), now, "skip-exercise", events)
        self._settle(now, paused, events)
        return events

    def swap_exercise(self, slug: str, exercise: ExerciseBody) -> list[SessionEvent]:
        """Continue the current item with another exercise (its regression). Mid-set, the set
        restarts with the new exercise's intro; from a rest, the rest goes on and the item's
        next sets use it."""
        events, now = self._catch_up()
        cut, affected = self._affected()
        if not affected:
            return events
        paused = self._state == "paused"
        step = self._timeline[self._index]
        info = ExerciseInfo.of(slug, exercise)
        timing = self._timeline.timing
        plans = list(self._timeline.plans)
        for k in affected:
            plan = plans[k]
            dose = swapped_dose(plan.dose, plan.exercise.mode, exercise, timing)
            plans[k] = replace(plan, exercise=info, dose=dose)
        events.append(ExerciseSwapped(now, step, slug, exercise.name))
        self._timeline = self._timeline.with_plans(plans)
        if step.is_rest:
            return events  # same steps up to here: the rest goes on
        self._enter(self._timeline.first_step(cut), now, "swap", events)
        self._settle(now, paused, events)
        return events

    # -- inside ------------------------------------------------------------------------------

    def _affected(self) -> tuple[int, list[int]]:
        """(first set affected, indices of the current item's sets from there on)."""
        if self._state not in ("running", "paused", "awaiting-ack"):
            return 0, []
        step = self._timeline[self._index]
        unit = self._timeline.unit_of(self._index)
        cut = unit + 1 if step.is_rest else unit
        plans = self._timeline.plans
        key = (step.block, step.item)
        return cut, [k for k in range(cut, len(plans)) if (plans[k].block, plans[k].item) == key]

    def _catch_up(self) -> tuple[list[SessionEvent], float]:
        events: list[SessionEvent] = []
        now = self._clock()
        self._advance(now, events)
        return events, now

    def _settle(self, now: float, paused: bool, events: list[SessionEvent]) -> None:
        """After a jump: stay paused if the session was paused, else catch up."""
        if paused and self._state == "running":
            self._paused_at = now
            self._state = "paused"
        else:
            self._advance(now, events)

    def _advance(self, now: float, events: list[SessionEvent]) -> None:
        while self._state == "running":
            if self._next_mark < len(self._marks):
                offset, _, what = self._marks[self._next_mark]
                at = self._started + offset
                if at <= now and (self._deadline is None or at <= self._deadline):
                    self._next_mark += 1
                    step = self._timeline[self._index]
                    if isinstance(what, int):
                        events.append(RepStarted(at, self._index, step, what))
                    else:
                        events.append(CueDue(at, self._index, step, what))
                    continue
            if self._deadline is not None and self._deadline <= now:
                self._finish_step(self._deadline, "deadline", events)
                continue
            break

    def _finish_step(self, at: float, cause: Cause, events: list[SessionEvent]) -> None:
        step = self._timeline[self._index]
        if step.kind == "work":
            if cause == "skip":
                self._set_skipped = True
            if step.last_of_set:
                events.append(SetFinished(at, step, self._set_skipped))
                if not self._set_skipped:
                    self._sets_done += 1
                if step.last_of_item:
                    events.append(ExerciseFinished(at, step))
        self._enter(self._index + 1, at, cause, events)

    def _enter(self, index: int, at: float, cause: Cause, events: list[SessionEvent]) -> None:
        if index >= len(self._timeline):
            self._index = len(self._timeline)
            self._finish(at, self._end_status(), events)
            return
        self._index = index
        step = self._timeline[index]
        self._paused_at = None
        if (
            step.kind == "work"
            and self._timeline.first_work(self._timeline.unit_of(index)) == index
        ):
            self._set_skipped = False
        events.append(StepStarted(at, index, step, cause))
        key = (step.block, step.item, step.slug)
        if step.kind == "get-ready" and step.intro and self._require_ack and key not in self._acked:
            self._state = "awaiting-ack"
            self._started = at
            self._deadline = None
            self._marks = []
            self._next_mark = 0
            events.append(AwaitingAck(at, index, step))
            return
        self._run_from(at, with_start_cues=True)

    def _run_from(self, at: float, *, with_start_cues: bool) -> None:
        step = self._timeline[self._index]
        self._state = "running"
        self._started = at
        self._deadline = None if step.duration_s is None else at + step.duration_s
        self._marks = _marks(step, with_start_cues)
        self._next_mark = 0

    def _end_status(self) -> Status:
        return end_status(self._sets_done, had_work=self._had_work)

    def _finish(self, at: float, status: Status, events: list[SessionEvent]) -> None:
        self._state = "finished"
        self._status = status
        self._deadline = None
        self._paused_at = None
        self._marks = []
        events.append(SessionFinished(at, status))
