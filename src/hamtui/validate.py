"""`hamtui validate`: check files for TOML syntax, schema, and exercises that resolve."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hamtui.config import parse_config
from hamtui.errors import LoadError, Problem, did_you_mean
from hamtui.files import kind_of, parse_toml, read_bytes, validate_document
from hamtui.library import Library
from hamtui.model.common import is_slug
from hamtui.model.config import CONFIG_FORMAT
from hamtui.model.exercise import AvoidWhen, Exercise, ExerciseBody
from hamtui.model.plan import Plan
from hamtui.model.program import Program
from hamtui.text import one_line


@dataclass
class Report:
    files: int = 0
    problems: list[Problem] = field(default_factory=list)
    missing: int = 0  # paths named that do not exist (not files checked)
    empty: int = 0  # folders named that hold no hamtui file (nothing checked: not "all valid")

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        unchecked = self.missing + self.empty
        bad = len({p.path for p in self.errors}) - unchecked
        noun = "file" if self.files == 1 else "files"
        gone = f"; {self.missing} not found" if self.missing else ""
        if self.empty:
            folders = "folder" if self.empty == 1 else "folders"
            gone += f"; {self.empty} {folders} with no hamtui files"
        if not self.errors:
            return f"checked {self.files} {noun}: all valid"
        count = len(self.errors) - unchecked
        if count == 0:
            valid = ": all valid" if self.files else ""
            return f"checked {self.files} {noun}{valid}{gone}"
        return (
            f"checked {self.files} {noun}: {self.files - bad} valid, {bad} with problems "
            f"({count} problem{'s' if count != 1 else ''}){gone}"
        )


NO_HAMTUI_FILES = "no hamtui files in this folder (nothing ending in .toml)"


def expand(paths: Iterable[Path]) -> Iterator[Path | Problem]:
    """Files named, and every *.toml below folders named (hidden folders skipped); a folder
    with none is a problem (NO_HAMTUI_FILES), so a check pointed at the wrong path fails."""
    for path in paths:
        if path.is_dir():
            found_any = False
            for found in sorted(path.rglob("*.toml")):
                relative = found.relative_to(path).parts
                if not any(part.startswith(".") for part in relative) and not found.is_dir():
                    found_any = True
                    yield found
            if not found_any:
                yield Problem(str(path), NO_HAMTUI_FILES)
        elif path.exists():
            yield path
        else:
            yield Problem(str(path), "no such file or folder")


def _unknown_condition(path: Path, word: str, where: str, library: Library) -> Problem | None:
    """A condition not in the library's vocabulary (safety.toml), with a did-you-mean."""
    known = [condition.id for condition in library.safety_rules.conditions]
    if not known or word in known:
        return None
    hint = did_you_mean(word, known)
    message = f"unknown condition `{word}`"
    message += f"; did you mean `{hint}`?" if hint else f" (known: {', '.join(known)})"
    return Problem(str(path), message, where=where)


def _avoid_when_problems(
    path: Path, exercise: ExerciseBody, prefix: str, library: Library
) -> Iterator[Problem]:
    for n, avoid in enumerate(exercise.avoid_when):
        if isinstance(avoid, AvoidWhen):
            where = f"{prefix}avoid_when[{n}].condition"
            problem = _unknown_condition(path, avoid.condition, where, library)
            if problem is not None:
                yield problem


def exercise_hint(slug: str, inline: Iterable[str], library: Library) -> str:
    """`; did you mean `glute-bridge`?` for an unknown exercise: the nearest slug, else the
    exercise whose name is nearest (`glute brige`), else nothing."""
    slugs = [*inline, *library.entries]
    hint = did_you_mean(slug, slugs)
    if hint is None:
        names = {entry.card.name.casefold(): entry.slug for entry in library}
        near = did_you_mean(slug.replace("-", " ").casefold(), list(names))
        hint = names[near] if near is not None else None
    return f"; did you mean `{hint}`?" if hint else ""


def _unresolved(
    path: Path, where: str, slug: str, inline: Iterable[str], library: Library
) -> Problem:
    return Problem(
        str(path),
        f"unknown exercise `{one_line(slug, 80)}`: not in this file's [exercises] nor in the "
        f"library{exercise_hint(slug, inline, library)}",
        where=where,
    )


def unresolved_in_document(path: Path, document: dict[str, Any], library: Library) -> list[Problem]:
    """The unknown exercises of a program file that does not validate: the items that name a
    slug are checked anyway, so one run of validate reports everything."""
    inline = document.get("exercises")
    inline_slugs = list(inline) if isinstance(inline, dict) else []
    blocks = document.get("blocks")
    problems: list[Problem] = []
    for b, block in enumerate(blocks if isinstance(blocks, list) else []):
        items = block.get("items") if isinstance(block, dict) else None
        for i, item in enumerate(items if isinstance(items, list) else []):
            slug = item.get("exercise") if isinstance(item, dict) else None
            if not isinstance(slug, str) or not is_slug(slug):
                continue  # the schema error says what is wrong with it
            if slug not in inline_slugs and slug not in library:
                where = f"blocks[{b}].items[{i}].exercise"
                problems.append(_unresolved(path, where, slug, inline_slugs, library))
    return problems


def check_program(path: Path, program: Program, library: Library) -> list[Problem]:
    problems = []
    for n, word in enumerate(program.conditions):
        problem = _unknown_condition(path, word, f"conditions[{n}]", library)
        if problem is not None:
            problems.append(problem)
    for slug, exercise in program.exercises.items():
        problems.extend(_avoid_when_problems(path, exercise, f"exercises.{slug}.", library))
    for b, i, slug in library.unresolved(program):
        where = f"blocks[{b}].items[{i}].exercise"
        problems.append(_unresolved(path, where, slug, program.exercises, library))
    for slug, exercise in program.exercises.items():
        for key in ("progressions", "regressions"):
            for n, target in enumerate(getattr(exercise, key)):
                if target not in program.exercises and target not in library:
                    problems.append(
                        Problem(
                            str(path),
                            f"unknown exercise `{target}`",
                            where=f"exercises.{slug}.{key}[{n}]",
                        )
                    )
    return problems


def check_plan(path: Path, plan: Plan, library: Library) -> list[Problem]:
    """A plan's conditions must be the library's, each stage's program must be found (beside
    the plan, then in the programs folders), and a stage cannot go back when it is the first."""
    from hamtui.history import program_folders
    from hamtui.plan import plan_program_path

    problems = []
    for n, word in enumerate(plan.conditions):
        problem = _unknown_condition(path, word, f"conditions[{n}]", library)
        if problem is not None:
            problems.append(problem)
    for n, stage in enumerate(plan.stages):
        if stage.inline is not None:  # written inside the plan: its exercises must resolve
            for block, item, slug in library.unresolved(stage.inline):
                problems.append(
                    Problem(
                        str(path),
                        f"unknown exercise `{slug}`",
                        where=f"stages[{n}].program.blocks[{block}].items[{item}].exercise",
                    )
                )
            continue
        if plan_program_path(path, stage, program_folders()) is None:
            problems.append(
                Problem(
                    str(path),
                    f"the program `{stage.program}` is neither beside the plan nor in the "
                    "programs folders",
                    where=f"stages[{n}].program",
                )
            )
    first = plan.stages[0].step_back
    if first.pain_over_ceiling is not None or first.symptom_ended_session:
        problems.append(
            Problem(
                str(path),
                "the first stage has no stage before it to go back to",
                where="stages[0].step_back",
                severity="warning",
            )
        )
    return problems


def check_exercise(path: Path, exercise: Exercise, library: Library) -> list[Problem]:
    problems = []
    if not is_slug(path.stem):
        problems.append(
            Problem(str(path), "an exercise file name must be a slug, like glute-bridge.toml")
        )
    for key in ("progressions", "regressions"):
        for n, target in enumerate(getattr(exercise, key)):
            if target not in library:
                problems.append(
                    Problem(str(path), f"unknown exercise `{target}`", where=f"{key}[{n}]")
                )
    problems.extend(_avoid_when_problems(path, exercise, "", library))
    return problems


def validate_paths(paths: Iterable[Path], library: Library) -> Report:
    report = Report()
    for found in expand(paths):
        if isinstance(found, Problem):
            report.problems.append(found)
            if found.message == NO_HAMTUI_FILES:
                report.empty += 1
            else:
                report.missing += 1
            continue
        report.files += 1
        try:
            data = read_bytes(found)
            document = parse_toml(found, data)
        except LoadError as exc:
            report.problems.extend(exc.problems)  # unreadable, or not TOML: nothing more to check
            continue
        if document.get("format") == CONFIG_FORMAT:  # the settings file: its own checks
            try:
                parse_config(found, data)
            except LoadError as exc:
                report.problems.extend(exc.problems)
            continue
        try:
            model = validate_document(found, document)
        except LoadError as exc:
            report.problems.extend(exc.problems)
            if kind_of(document) == "program":  # its unknown exercises, in the same run
                report.problems.extend(unresolved_in_document(found, document, library))
            continue
        if isinstance(model, Program):
            report.problems.extend(check_program(found, model, library))
        elif isinstance(model, Exercise):
            report.problems.extend(check_exercise(found, model, library))
        elif isinstance(model, Plan):
            report.problems.extend(check_plan(found, model, library))
    return report
