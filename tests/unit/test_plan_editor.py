"""Editing a plan in the core: stage operations, details, undo and redo, and a save that keeps
comments, never clobbers a file changed on disk and never writes the bundled example."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from hamtui import resources
from hamtui.document import EditError
from hamtui.errors import ConflictError
from hamtui.model.plan import MAX_STAGES, Stage
from hamtui.plan_editor import (
    PlanDocument,
    add_stage,
    move_stage,
    new_plan,
    remove_stage,
    set_stage,
    update_details,
)

BUNDLED = resources.bundled_plans_dir() / "home-rehab-ladder.toml"


def names(document: PlanDocument) -> list[str]:
    return [stage.name for stage in document.plan.stages]


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    path = tmp_path / "ladder.toml"
    text = BUNDLED.read_text(encoding="utf-8")
    path.write_text("# Ana's knee: started after the scan\n" + text, encoding="utf-8")
    return path


def test_stages_are_added_moved_changed_and_removed_with_undo(copy: Path) -> None:
    document = PlanDocument.open(copy)
    first, second, third = names(document)
    document.apply("add", lambda p: add_stage(p, 0))
    assert names(document) == [first, "Stage 4", second, third]
    document.apply("move", lambda p: move_stage(p, 1, 1))
    assert names(document) == [first, second, "Stage 4", third]
    stage = Stage(name="Bike and walk", program="walks.toml", sessions_per_week=5)
    document.apply("set", lambda p: set_stage(p, 2, stage))
    assert document.plan.stages[2] == stage
    document.apply("remove", lambda p: remove_stage(p, 0))
    assert names(document) == [second, "Bike and walk", third]
    assert document.dirty and document.undo_label == "remove"
    for _ in range(4):
        document.undo()
    assert names(document) == [first, second, third] and not document.dirty
    assert document.redo() == "add"
    assert names(document) == [first, "Stage 4", second, third]


def test_impossible_edits_say_why_and_change_nothing() -> None:
    plan = new_plan("One", date(2026, 12, 1))
    with pytest.raises(EditError, match="a plan needs at least one stage"):
        remove_stage(plan, 0)
    with pytest.raises(EditError, match="there is no stage 3"):
        set_stage(plan, 2, plan.stages[0])
    full = plan
    for n in range(MAX_STAGES - 1):
        full = add_stage(full, n)
    with pytest.raises(EditError, match=f"a plan has at most {MAX_STAGES} stages"):
        add_stage(full, 0)
    assert move_stage(plan, 0, -1) is plan  # at the top nothing moves
    with pytest.raises(EditError, match=r"^title: must not be empty$"):
        update_details(plan, title="")
    with pytest.raises(EditError, match="not a detail of a plan: stages"):
        update_details(plan, stages=[])
    changed = update_details(plan, affected_side="left", conditions=["hamstring-strain"])
    assert (changed.affected_side, changed.conditions) == ("left", ["hamstring-strain"])


def test_a_save_keeps_comments_and_writes_the_changes(copy: Path) -> None:
    document = PlanDocument.open(copy)
    document.apply("title", lambda p: update_details(p, title="Ana's ladder"))
    document.apply("move", lambda p: move_stage(p, 2, -1))
    document.save()
    text = copy.read_text(encoding="utf-8")
    assert text.startswith("# Ana's knee: started after the scan\n")
    data = tomllib.loads(text)
    assert data["title"] == "Ana's ladder"
    assert [s["name"] for s in data["stages"]] == names(document)
    assert not document.dirty


def test_a_file_changed_on_disk_is_never_overwritten_silently(copy: Path) -> None:
    document = PlanDocument.open(copy)
    document.apply("title", lambda p: update_details(p, title="Mine"))
    copy.write_text(copy.read_text(encoding="utf-8") + "\n# someone else\n", encoding="utf-8")
    with pytest.raises(ConflictError):
        document.save()
    assert copy.read_text(encoding="utf-8").endswith("# someone else\n")
    document.save(force=True)
    assert tomllib.loads(copy.read_text(encoding="utf-8"))["title"] == "Mine"


def test_the_bundled_example_is_saved_only_as_a_copy(tmp_path: Path) -> None:
    before = BUNDLED.read_bytes()
    document = PlanDocument.open(BUNDLED)
    assert document.read_only
    document.apply("title", lambda p: update_details(p, title="Mine"))
    with pytest.raises(EditError, match="the bundled example plan stays as it is"):
        document.save()
    saved = document.save(path=tmp_path / "mine.toml")
    assert BUNDLED.read_bytes() == before
    assert tomllib.loads(saved.read_text(encoding="utf-8"))["title"] == "Mine"
    assert not document.read_only
