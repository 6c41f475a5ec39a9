"""Editing a rehab plan: pure edit operations on its stages and details, and `PlanDocument`
(undo, redo, unsaved changes, a conflict-checked save that keeps comments) (no Textual).

The bundled example plan is never written: it opens like any plan, and saving it asks for a
file in the user's plans folder (`PlanDocument.read_only`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hamtui import resources
from hamtui.document import Document, EditError
from hamtui.errors import validation_problems
from hamtui.files import load
from hamtui.model.plan import MAX_STAGES, Plan, Stage


def new_stage(name: str = "New stage", program: str = "program.toml") -> Stage:
    """A stage to start from: three sessions a week, pain-free, no criteria yet."""
    return Stage(name=name, program=program, sessions_per_week=3)


def new_plan(title: str = "Rehab plan", start: date | None = None) -> Plan:
    return Plan(
        format="hamtui-plan/1",
        title=title,
        start=start if start is not None else date.today(),
        stages=[new_stage("Stage 1")],
    )


def _with_stages(plan: Plan, stages: list[Stage]) -> Plan:
    return plan.model_copy(update={"stages": stages})


def _check_index(plan: Plan, index: int) -> None:
    if not 0 <= index < len(plan.stages):
        raise EditError(f"there is no stage {index + 1}")


def add_stage(plan: Plan, after: int, stage: Stage | None = None) -> Plan:
    """A new stage after stage `after` (0-based; -1: first)."""
    if len(plan.stages) >= MAX_STAGES:
        raise EditError(f"a plan has at most {MAX_STAGES} stages")
    stages = list(plan.stages)
    stages.insert(max(after + 1, 0), stage or new_stage(f"Stage {len(stages) + 1}"))
    return _with_stages(plan, stages)


def remove_stage(plan: Plan, index: int) -> Plan:
    _check_index(plan, index)
    if len(plan.stages) == 1:
        raise EditError("a plan needs at least one stage")
    stages = list(plan.stages)
    del stages[index]
    return _with_stages(plan, stages)


def move_stage(plan: Plan, index: int, delta: int) -> Plan:
    """Move a stage up (delta -1) or down (+1); at either end nothing moves."""
    _check_index(plan, index)
    target = index + delta
    if not 0 <= target < len(plan.stages):
        return plan
    stages = list(plan.stages)
    stages[index], stages[target] = stages[target], stages[index]
    return _with_stages(plan, stages)


def set_stage(plan: Plan, index: int, stage: Stage) -> Plan:
    _check_index(plan, index)
    stages = list(plan.stages)
    stages[index] = stage
    return _with_stages(plan, stages)


DETAILS = ("title", "author", "summary", "affected_side", "conditions", "start", "sources")


def update_details(plan: Plan, **changes: Any) -> Plan:
    """Change the plan's own fields (title, author, summary, affected_side, conditions,
    start, sources); EditError with the model's words when a value does not fit."""
    unknown = set(changes) - set(DETAILS)
    if unknown:
        raise EditError(f"not a detail of a plan: {', '.join(sorted(unknown))}")
    data = plan.model_dump()
    data.update(changes)
    try:
        checked = Plan.model_validate(data)
    except ValidationError as error:
        problems = validation_problems("", error, Plan)
        raise EditError("; ".join(f"{p.where}: {p.message}" for p in problems)) from None
    return plan.model_copy(update={key: getattr(checked, key) for key in changes})


class PlanDocument(Document[Plan]):
    """A plan being edited, where it lives on disk, and its history."""

    @property
    def plan(self) -> Plan:
        return self.model

    @classmethod
    def new_at(cls, path: Path, start: date | None = None) -> PlanDocument:
        """A new plan that will be saved to `path`, its title made from the file's name."""
        words = path.stem.replace("-", " ").replace("_", " ").strip()
        title = (words[:1].upper() + words[1:]) if words else "Rehab plan"
        return cls(new_plan(title, start), path, None)

    @classmethod
    def open(cls, path: Path) -> PlanDocument:
        loaded = load(path, Plan)
        return cls(loaded.model, path, loaded.sha256, loaded.source)

    @property
    def read_only(self) -> bool:
        """The bundled example: saved only as a copy elsewhere."""
        return self.path is not None and resources.is_bundled_plan(self.path)

    def save(self, *, path: Path | None = None, force: bool = False) -> Path:
        """Save to `path` (save as) or to the file it came from. ConflictError when the file
        changed on disk since it was loaded (or, saving as, when the target exists) unless
        `force`; EditError for the bundled example's own file."""
        target = path or self.path
        if target is None:
            raise EditError("this plan has no file yet: save it as a new file")
        if resources.is_bundled_plan(target):
            raise EditError(
                "the bundled example plan stays as it is: save your copy in your plans folder"
            )
        return self._write(self.model, target, force=force)

    def reload(self) -> None:
        """Replace the plan with the file on disk (undoable, like any edit)."""
        if self.path is None:
            raise EditError("this plan has no file to reload")
        loaded = load(self.path, Plan)
        self._reloaded(loaded.model, loaded.sha256, loaded.source)
