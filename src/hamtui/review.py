"""Program review: rules that read a program against the library and the safety guidance.

Each rule is a small function registered in `RULES` with an id and a one-line description. A
rule looks at a program whose exercises have been resolved (the file's own `[exercises]` first,
then the library) and returns findings. A finding has one of three levels:

- ``problem``: the program goes against the guidance in a way that should be fixed before
  anyone uses it (an exercise to avoid for this athlete, jumps in an early rehab program, an
  exercise that cannot be found). `hamtui review` exits 1 when there is one.
- ``warning``: likely a mistake; change it unless it is deliberate (a hold far from 30 s,
  eccentric work once a week, back-to-back hard days, an exercise ahead of the program's stage).
- ``note``: worth knowing, often deliberate (a frequency left open, an exercise meant for an
  earlier stage, a program that only stretches).

The numbers (static hold target and tolerance, eccentric sessions a week) come from the
library's `safety.toml` `[general]` table, or the model defaults when none is loaded. Nothing
here imports Textual.

Why one long module: the rule registry, the context every rule reads and the rules about a
program's content; the order and frequency rules live in `review_order`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from hamtui.dose import EffectiveDose, effective_dose
from hamtui.errors import did_you_mean
from hamtui.library import Library
from hamtui.model.common import STAGES
from hamtui.model.exercise import AvoidWhen, ExerciseBody
from hamtui.model.program import Item, Program
from hamtui.model.safety import Condition, General
from hamtui.swap import SwapChoice, easier_exercise, program_avoids

FindingLevel = Literal["note", "warning", "problem"]
FINDING_LEVELS: tuple[FindingLevel, ...] = ("note", "warning", "problem")  # rising severity

DAYS_PER_WEEK = 7
# A week repeats, so n hard sessions need n rest days between them: 2n <= 7, n <= 3.
MAX_HARD_SESSIONS_WITH_REST_DAYS = DAYS_PER_WEEK // 2

# The rehab stages in the order an athlete goes through them; `maintenance` (healthy tissue,
# prevention and upkeep) is not on this line.
REHAB_STAGES: tuple[str, ...] = ("early", "mid", "late", "return-to-sport")

STRETCH_CATEGORIES = frozenset({"static-stretch", "dynamic-stretch", "pnf-stretch", "nerve-glide"})
HARD_CATEGORIES = frozenset({"eccentric", "plyometric"})

# Words that say little on their own: a tag made only of these never matches an `avoid_when`
# phrase by being found inside it (a program tagged "hamstring" is not a hamstring strain).
GENERIC_WORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "early",
        "for",
        "hamstring",
        "hamstrings",
        "high",
        "in",
        "injury",
        "late",
        "leg",
        "legs",
        "mid",
        "muscle",
        "of",
        "on",
        "or",
        "pain",
        "rehab",
        "the",
        "thigh",
        "to",
        "with",
    }
)


@dataclass(frozen=True)
class Finding:
    """One thing the review found, and where.

    `block` and `item` are indexes into the program (None for program-wide findings); `where`
    is the same place as a TOML author writes it (`blocks[0].items[2]`), or the program key to
    change (`sessions_per_week`), or "" when no single place is meant.
    """

    level: FindingLevel
    rule: str
    message: str
    block: int | None = None
    item: int | None = None
    where: str = ""
    exercise: str | None = None  # the item's exercise slug
    exercise_name: str = ""  # its display name (the slug when it does not resolve)


@dataclass(frozen=True)
class ItemView:
    """One item of the program with its resolved exercise."""

    block: int
    index: int
    item: Item
    exercise: ExerciseBody | None

    @property
    def where(self) -> str:
        return f"blocks[{self.block}].items[{self.index}]"

    @property
    def name(self) -> str:
        return self.exercise.name if self.exercise is not None else self.item.exercise

    def finding(self, level: FindingLevel, rule: str, message: str) -> Finding:
        return Finding(
            level=level,
            rule=rule,
            message=message,
            block=self.block,
            item=self.index,
            where=self.where,
            exercise=self.item.exercise,
            exercise_name=self.name,
        )


@dataclass(frozen=True)
class Context:
    """What every rule reads: the program, its items resolved, and the safety numbers."""

    program: Program
    library: Library
    general: General
    items: tuple[ItemView, ...]

    def resolved(self) -> Iterator[tuple[ItemView, ExerciseBody]]:
        for view in self.items:
            if view.exercise is not None:
                yield view, view.exercise

    def resolve(self, slug: str) -> ExerciseBody | None:
        return self.library.resolve(self.program, slug)

    def conditions(self) -> dict[str, Condition]:
        """The conditions the program names (`conditions`, and tags that are a condition's
        id or alias), by id."""
        return self.library.safety_rules.named((*self.program.conditions, *self.program.tags))

    def swap(self, exercise: ExerciseBody, avoid: Iterable[str] = ()) -> SwapChoice:
        """The easier exercise the session would swap to (hamtui.swap), sparing `avoid` and
        what the program's conditions rule out at its stage."""
        spare = set(avoid) | program_avoids(self.program, self.library.safety_rules)
        return easier_exercise(exercise, self.resolve, spare)

    def dose(self, view: ItemView) -> EffectiveDose:
        """The dose the item really gets in its block (the one every view shows)."""
        block = self.program.blocks[view.block]
        affected = self.program.affected_side
        return effective_dose(view.item, view.exercise, block, affected_side=affected)


Check = Callable[[Context], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A review rule: an id (slug), a one-line description, and the check itself."""

    id: str
    description: str
    check: Check


RULES: list[Rule] = []


def rule(rule_id: str, description: str) -> Callable[[Check], Check]:
    """Register a check in RULES under an id and a one-line description."""

    def register(check: Check) -> Check:
        RULES.append(Rule(rule_id, description, check))
        return check

    return register


# ---------------------------------------------------------------------------------------------
# Helpers


def _names(names: Sequence[str], limit: int = 3) -> str:
    """Names joined for a sentence: A; A and B; A, B and C; A, B, C and 2 more."""
    unique = list(dict.fromkeys(names))
    if len(unique) > limit:
        rest = len(unique) - limit
        return ", ".join(unique[:limit]) + f" and {rest} more"
    if len(unique) <= 1:
        return "".join(unique)
    return ", ".join(unique[:-1]) + " and " + unique[-1]


def _or_list(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


def _words(text: str) -> list[str]:
    """Lowercase words of a tag or phrase; hyphens, underscores and punctuation separate."""
    return re.findall(r"[^\W_]+", text.lower())


def tag_conflicts(tag: str, phrase: str) -> bool:
    """True when a program tag names the situation an `avoid_when` phrase warns about.

    Both are normalised to lowercase words (hyphens, underscores and punctuation become word
    breaks, so `hamstring-strain` is "hamstring strain"). They conflict when either

    - the tag's words appear together, in order, as whole words inside the phrase (tag
      `hamstring-strain` vs "acute hamstring strain"; tag `tendinopathy` vs "early high
      hamstring tendinopathy"), unless every word of the tag is a generic one such as
      "hamstring", "rehab" or "early" (see GENERIC_WORDS), or
    - every word of the phrase appears in the tag (phrase "acute hamstring strain" vs tag
      `acute-hamstring-strain-grade-1`).
    """
    tag_words = _words(tag)
    phrase_words = _words(phrase)
    if not tag_words or not phrase_words:
        return False
    n = len(tag_words)
    inside = any(phrase_words[i : i + n] == tag_words for i in range(len(phrase_words) - n + 1))
    if inside and not set(tag_words) <= GENERIC_WORDS:
        return True
    return set(phrase_words) <= set(tag_words)


def _is_hard(exercise: ExerciseBody) -> bool:
    return exercise.category in HARD_CATEGORIES or exercise.level == "advanced"


def _stage_is_ahead(program_stage: str, stages: Sequence[str]) -> bool:
    """True when every stage an exercise fits comes after the program's stage.

    An exercise meant only for maintenance (healthy tissue) is ahead of any rehab stage; in a
    maintenance program nothing is ahead.
    """
    if program_stage not in REHAB_STAGES:
        return False
    position = REHAB_STAGES.index(program_stage)
    rehab = [REHAB_STAGES.index(s) for s in stages if s in REHAB_STAGES]
    return not rehab or min(rehab) > position


def _ordered(stages: Sequence[str]) -> list[str]:
    return [s for s in STAGES if s in stages]


# ---------------------------------------------------------------------------------------------
# The rules, in the order their findings are listed for one item.


@rule("unresolved-exercise", "every exercise must resolve, or the item cannot be reviewed")
def check_unresolved(ctx: Context) -> Iterator[Finding]:
    for view in ctx.items:
        if view.exercise is None:
            yield view.finding(
                "problem",
                "unresolved-exercise",
                f"cannot review `{view.item.exercise}`: it is neither in this file's "
                "[exercises] nor in the library; fix the name or add the exercise",
            )


@rule("stage-mismatch", "exercises whose stages do not include the program's stage")
def check_stage(ctx: Context) -> Iterator[Finding]:
    stage = ctx.program.stage
    if stage is None:
        return
    for view, exercise in ctx.resolved():
        if not exercise.stages or stage in exercise.stages:
            continue
        fits = _or_list(_ordered(exercise.stages))
        if _stage_is_ahead(stage, exercise.stages):
            swap = ctx.swap(exercise)
            advice = (
                f"swap it for an easier exercise such as {swap.exercise.name}"
                if swap.exercise is not None
                else "swap it for an easier exercise"
            )
            yield view.finding(
                "warning",
                "stage-mismatch",
                f"{view.name} is meant for {fits} programs, a later stage than this "
                f"{stage}-stage program; {advice}, or keep it for a later program",
            )
        else:
            yield view.finding(
                "note",
                "stage-mismatch",
                f"{view.name} is meant for {fits} programs, not {stage} ones; keep it only "
                "if that is deliberate (as a warm-up, say), or choose a progression of it",
            )


@rule("avoid-when", "exercises to avoid with a condition the program names, at its stage")
def check_avoid_when(ctx: Context) -> Iterator[Finding]:
    named = ctx.conditions()
    stage = ctx.program.stage
    tags = ctx.program.tags
    for view, exercise in ctx.resolved():
        for avoid in exercise.avoid_when:
            if isinstance(avoid, AvoidWhen):
                condition = named.get(avoid.condition)
                if condition is None or not avoid.applies_at(stage):
                    continue
                at = f" at the {stage} stage" if avoid.stages and stage else ""
                swap = ctx.swap(exercise, condition.avoid)
                instead = f"swap it for {swap.exercise.name}" if swap.exercise else "leave it out"
                yield view.finding(
                    "problem",
                    "avoid-when",
                    f"{view.name} is to be avoided with {condition.label.lower()}{at}, which "
                    f"this program names; {instead}, or take the condition off if it no "
                    "longer applies",
                )
                break
            tag = next((t for t in tags if tag_conflicts(t, avoid)), None)
            if tag is not None:  # free words of an older exercise file, matched to tags
                yield view.finding(
                    "problem",
                    "avoid-when",
                    f'{view.name} should be avoided with "{avoid}", and this program is '
                    f'tagged "{tag}"; replace the exercise, or remove the tag if it does not '
                    "apply",
                )
                break


@rule("conditions", "conditions the library knows; tags that name none are said")
def check_conditions(ctx: Context) -> Iterator[Finding]:
    rules = ctx.library.safety_rules
    known = [condition.id for condition in rules.conditions]
    if not known:
        return
    for n, word in enumerate(ctx.program.conditions):
        if rules.condition(word) is None:
            hint = did_you_mean(word, known)
            yield Finding(
                "problem",
                "conditions",
                f"`{word}` is not a condition hamtui knows"
                + (f"; did you mean `{hint}`?" if hint else f" (one of {', '.join(known)})"),
                where=f"conditions[{n}]",
            )
    loose = [tag for tag in ctx.program.tags if rules.condition(tag) is None]
    if loose and ctx.program.stage in REHAB_STAGES and not ctx.conditions():
        yield Finding(
            "note",
            "conditions",
            f"the tags {_names([f'`{t}`' for t in loose], 5)} name no condition hamtui knows, "
            "so no exercise was checked against them; to have the exercises checked, name "
            f"the athlete's conditions: conditions = [...] with any of {', '.join(known)}",
            where="conditions",
        )


@rule("plyometric-early", "plyometrics belong to the late stage, not early or mid programs")
def check_plyometric_stage(ctx: Context) -> Iterator[Finding]:
    stage = ctx.program.stage
    if stage not in ("early", "mid"):
        return
    level: FindingLevel = "problem" if stage == "early" else "warning"
    for view, exercise in ctx.resolved():
        if exercise.category == "plyometric":
            yield view.finding(
                level,
                "plyometric-early",
                f"{view.name} is plyometric (fast, springy loading), which comes in the late "
                f"stage once the earlier exercises are pain-free; take it out of this "
                f"{stage}-stage program",
            )


@rule("static-hold", "static stretches held about 30 s (the safety file's target and tolerance)")
def check_static_hold(ctx: Context) -> Iterator[Finding]:
    target = ctx.general.static_hold_s
    tolerance = ctx.general.hold_tolerance_s
    low, high = max(target - tolerance, 1), target + tolerance
    for view, exercise in ctx.resolved():
        if exercise.category != "static-stretch" or exercise.mode != "hold":
            continue
        dose = ctx.dose(view)
        hold = dose.hold_s
        if hold is None or dose.source("hold_s") == "hamtui":
            yield view.finding(
                "warning",
                "static-hold",
                f"{view.name} is a static stretch with no hold time; the session holds it "
                f"{hold} s (hamtui's default), so set hold_s = {target} to say so",
            )
        elif hold == exercise.defaults.hold_s and exercise.defaults.hold_s is not None:
            continue  # the exercise's own dose, from its sources (the leg-up stretch's breaths)
        elif not low <= hold <= high:
            yield view.finding(
                "warning",
                "static-hold",
                f"{view.name} is held {hold} s; hold a static stretch for about "
                f"{target} s (between {low} and {high} s), so set hold_s nearer {target}",
            )


@rule(
    "eccentric-frequency",
    "eccentric work at least twice a week (the safety file's eccentric_min_per_week)",
)
def check_eccentric_frequency(ctx: Context) -> Iterator[Finding]:
    minimum = ctx.general.eccentric_min_per_week
    names = [view.name for view, ex in ctx.resolved() if ex.category == "eccentric"]
    if not names:
        return
    sessions = ctx.program.sessions_per_week
    if sessions is None:
        yield Finding(
            "note",
            "eccentric-frequency",
            f"{_names(names)} {'is' if len(set(names)) == 1 else 'are'} eccentric work, which "
            f"prevents injuries only when done at least {_times(minimum)} a week; set "
            f"sessions_per_week to {minimum} or more",
            where="sessions_per_week",
        )
    elif sessions < minimum:
        yield Finding(
            "warning",
            "eccentric-frequency",
            f"eccentric work ({_names(names)}) is planned {_times(sessions)} a week; in "
            f"prevention studies it helped at {_times(minimum)} a week and not at once, so set "
            f"sessions_per_week to at least {minimum}",
            where="sessions_per_week",
        )


@rule("rest-days", "no rest day between hard sessions (more than 3 hard sessions a week)")
def check_rest_days(ctx: Context) -> Iterator[Finding]:
    """A hard program done on more than 3 days a week has hard sessions on back-to-back days.

    A program is hard when any exercise is eccentric or plyometric, or of level advanced. The
    week repeats, so n sessions need n rest days between them to have one after each: 2n <= 7,
    so at most 3. With 4 or more, two of them fall on consecutive days.
    """
    sessions = ctx.program.sessions_per_week
    if sessions is None or sessions <= MAX_HARD_SESSIONS_WITH_REST_DAYS:
        return
    names = [view.name for view, ex in ctx.resolved() if _is_hard(ex)]
    if not names:
        return
    limit = MAX_HARD_SESSIONS_WITH_REST_DAYS
    yield Finding(
        "warning",
        "rest-days",
        f"{sessions} sessions a week with hard work ({_names(names)}) put some of them on "
        f"back-to-back days; leave a rest day between hard sessions: set sessions_per_week "
        f"to {limit} or fewer, or move the hard exercises to a separate program done at most "
        f"{limit} times a week",
        where="sessions_per_week",
    )


@rule("stretching-only", "a program of stretches only, with no strength work beside it")
def check_stretching_only(ctx: Context) -> Iterator[Finding]:
    resolved = [ex for _, ex in ctx.resolved()]
    if not resolved or len(resolved) != len(ctx.items):
        return
    if all(ex.category in STRETCH_CATEGORIES for ex in resolved):
        yield Finding(
            "note",
            "stretching-only",
            "this program only stretches; stretching eases tightness for a while, but strength "
            "work two or three days a week does more for lasting relief, so pair it with a "
            "strength program",
            where="blocks",
        )


# ---------------------------------------------------------------------------------------------
# Running the review


def general_of(library: Library) -> General:
    """The safety numbers: the library's safety file, or the defaults."""
    return library.safety.general if library.safety is not None else General()


def _sort_key(finding: Finding) -> tuple[int, int, int, str, str]:
    """Program-wide first, then block and item, then the rules' order in RULES."""
    order = next((n for n, r in enumerate(RULES) if r.id == finding.rule), len(RULES))
    return (
        finding.block if finding.block is not None else -1,
        finding.item if finding.item is not None else -1,
        order,
        finding.rule,
        finding.message,
    )


def review(
    program: Program, library: Library, rules: Sequence[Rule] | None = None
) -> list[Finding]:
    """Every finding of the rules on a program, sorted by block and item, then rule.

    Program-wide findings (block None) come first.
    """
    items = tuple(
        ItemView(b, i, item, library.resolve(program, item.exercise))
        for b, block in enumerate(program.blocks)
        for i, item in enumerate(block.items)
    )
    ctx = Context(program, library, general_of(library), items)
    findings = [f for r in (RULES if rules is None else rules) for f in r.check(ctx)]
    return sorted(findings, key=_sort_key)


def has_problems(findings: Iterable[Finding]) -> bool:
    return any(f.level == "problem" for f in findings)


def counts(findings: Iterable[Finding]) -> dict[FindingLevel, int]:
    found: dict[FindingLevel, int] = dict.fromkeys(FINDING_LEVELS, 0)
    for f in findings:
        found[f.level] += 1
    return found


def count_text(findings: Iterable[Finding]) -> str:
    """`2 problems, 1 warning` (notes left out), or "" when there are neither: the counts the
    editor's header, the open dialog and `hamtui export` show."""
    found = counts(findings)
    parts = [
        f"{found[level]} {level}{'s' if found[level] != 1 else ''}"
        for level in ("problem", "warning")
        if found[level]
    ]
    return ", ".join(parts)


def summary(findings: Sequence[Finding]) -> str:
    """The count line: `no findings`, or `3 findings: 1 problem, 2 warnings` (worst first)."""
    if not findings:
        return "no findings"
    found = counts(findings)
    parts = [
        f"{found[level]} {level}{'s' if found[level] != 1 else ''}"
        for level in reversed(FINDING_LEVELS)
        if found[level]
    ]
    total = len(findings)
    return f"{total} finding{'s' if total != 1 else ''}: {', '.join(parts)}"


def format_finding(path: str, finding: Finding) -> str:
    """`path: blocks[0].items[2] (Name): warning: message [rule-id]` (not yet made literal)."""
    place = finding.where
    if finding.item is not None and finding.exercise_name:
        place += f" ({finding.exercise_name})"
    head = f"{path}: {place}:" if place else f"{path}:"
    return f"{head} {finding.level}: {finding.message} [{finding.rule}]"


# The order and frequency rules live in their own module; importing it registers them.
import hamtui.review_order  # noqa: E402, F401
