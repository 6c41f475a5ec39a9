"""The program editor's core: edits, undo/redo, unsaved changes, save and reload."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from hamtui import editor as ed
from hamtui.dose import effective_dose
from hamtui.errors import ConflictError
from hamtui.library import load_library
from hamtui.model.exercise import ExerciseBody
from hamtui.model.program import Block, Item, Program


def slugs(program: Program) -> list[list[str]]:
    return [[item.exercise for item in block.items] for block in program.blocks]


def program_of(*blocks: list[str]) -> Program:
    return Program(
        format="hamtui-program/1",
        title="T",
        blocks=[
            Block(name=f"B{n}", items=[Item(exercise=s) for s in slugs_])
            for n, slugs_ in enumerate(blocks)
        ],
    )


def test_item_for_uses_the_exercise_defaults() -> None:
    library = load_library(bundled_only=True)
    bridge = library.get("glute-bridge")
    item = ed.item_for("glute-bridge", bridge)
    assert bridge is not None
    assert (item.sets, item.reps, item.rest_s, item.side) == (
        bridge.defaults.sets,
        bridge.defaults.reps,
        bridge.defaults.rest_s,
        bridge.defaults.side,
    )
    reps_only = ExerciseBody(name="x", category="strength", mode="reps")
    assert ed.item_for("x", reps_only).hold_s is None
    assert ed.item_for("unknown", None) == Item(exercise="unknown")


def test_dose_text_reads_at_a_glance() -> None:
    item = Item(exercise="a", sets=2, reps=10, hold_s=5, rest_s=30, side="each")
    assert effective_dose(item, None).text() == "2 × 10 · hold 5 s · rest 30 s · each side"
    tempo = Item(exercise="a", tempo="3-1-1-0")
    assert effective_dose(tempo, None).text() == "1 × 1 · tempo 3-1-1-0"


@pytest.mark.parametrize(
    ("src", "dst", "expected"),
    [
        ((0, 0), (0, 3), [["b", "c", "a"], ["d"]]),  # to the end of its own block
        ((0, 2), (0, 0), [["c", "a", "b"], ["d"]]),  # to the top
        ((0, 1), (0, 1), [["a", "b", "c"], ["d"]]),  # onto itself: nothing moves
        ((0, 1), (1, 0), [["a", "c"], ["b", "d"]]),  # across blocks
        ((1, 0), (0, 3), [["a", "b", "c", "d"], []]),
    ],
)
def test_move_item(src: tuple[int, int], dst: tuple[int, int], expected: list[list[str]]) -> None:
    program = program_of(["a", "b", "c"], ["d"])
    assert slugs(ed.move_item(program, *src, *dst)) == expected


def test_edits_share_untouched_blocks() -> None:
    program = program_of(["a", "b"], ["c"])
    moved = ed.move_item(program, 0, 0, 0, 2)
    assert moved.blocks[1] is program.blocks[1]
    assert slugs(program) == [["a", "b"], ["c"]]  # the original is never changed


def test_block_operations_and_validation() -> None:
    program = program_of(["a"], ["b"])
    program = ed.insert_block(program, 1, "Circuit")
    assert [b.name for b in program.blocks] == ["B0", "Circuit", "B1"]
    program = ed.update_block(program, 1, rounds=3, rest_between_rounds_s=60)
    assert (program.blocks[1].rounds, program.blocks[1].rest_between_rounds_s) == (3, 60)
    program = ed.move_block(program, 0, 2)
    assert [b.name for b in program.blocks] == ["Circuit", "B1", "B0"]
    program = ed.remove_block(program, 0)
    assert [b.name for b in program.blocks] == ["B1", "B0"]
    with pytest.raises(Exception, match="rounds"):
        ed.update_block(program, 0, rounds=0)
    with pytest.raises(ed.EditError):
        ed.remove_block(program, 5)


def test_update_details_validates() -> None:
    program = ed.update_details(program_of(["a"]), title="New", stage="mid", tags=["runner"])
    assert (program.title, program.stage, program.tags) == ("New", "mid", ["runner"])
    with pytest.raises(Exception, match="sessions_per_week"):
        ed.update_details(program, sessions_per_week=15)
    with pytest.raises(ed.EditError, match="not a program detail"):
        ed.update_details(program, colour="red")


def test_item_limit_is_enforced() -> None:
    program = Program(
        format="hamtui-program/1",
        title="Big",
        blocks=[Block(items=[Item(exercise="a")] * 500)],
    )
    with pytest.raises(ed.EditError, match="at most 500"):
        ed.insert_item(program, 0, 0, Item(exercise="b"))


def test_undo_redo_and_dirty_tracking(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    library = load_library(bundled_only=True)
    doc = ed.ProgramDocument(program_of(["a", "b"]))
    assert not doc.dirty  # nothing done yet: nothing to lose
    doc.apply("remove", lambda p: ed.remove_item(p, 0, 1))
    assert doc.dirty  # changed and never saved
    doc.undo()
    doc.save(library, path=path)
    assert not doc.dirty
    doc.apply("move", lambda p: ed.move_item(p, 0, 0, 0, 2))
    assert doc.dirty and slugs(doc.program) == [["b", "a"]]
    assert doc.undo() == "move"
    assert not doc.dirty  # back to what is on disk
    assert doc.redo() == "move"
    assert slugs(doc.program) == [["b", "a"]]
    doc.apply("remove", lambda p: ed.remove_item(p, 0, 0))
    assert not doc.can_redo  # a new edit clears redo


def test_at_least_a_hundred_undo_steps() -> None:
    doc = ed.ProgramDocument(program_of(["a"]))
    for n in range(150):
        doc.apply(f"add {n}", lambda p, n=n: ed.insert_item(p, 0, 0, Item(exercise=f"x{n}")))
    undone = 0
    while doc.undo():
        undone += 1
    assert undone == 150
    assert slugs(doc.program) == [["a"]]


def test_failed_edit_changes_nothing() -> None:
    doc = ed.ProgramDocument(program_of(["a"]))
    with pytest.raises(ed.EditError):
        doc.apply("bad", lambda p: ed.remove_item(p, 0, 7))
    assert not doc.can_undo and slugs(doc.program) == [["a"]]


def test_save_carries_unbundled_exercises_and_checks_conflicts(tmp_path: Path) -> None:
    user_lib = tmp_path / "mine"
    user_lib.mkdir()
    (user_lib / "towel-slide.toml").write_text(
        'format = "hamtui-exercise/1"\nname = "Towel slide"\ncategory = "strength"\n'
        'mode = "reps"\n',
        encoding="utf-8",
    )
    library = load_library([user_lib])
    path = tmp_path / "p.toml"
    doc = ed.ProgramDocument(program_of(["glute-bridge", "towel-slide"]))
    doc.save(library, path=path)
    saved = tomllib.loads(path.read_text(encoding="utf-8"))
    assert list(saved["exercises"]) == ["towel-slide"]  # bundled ones stay out

    path.write_text(path.read_text(encoding="utf-8") + "\n# edited elsewhere\n", encoding="utf-8")
    doc.apply("remove", lambda p: ed.remove_item(p, 0, 0))
    with pytest.raises(ConflictError):
        doc.save(library)
    assert "# edited elsewhere" in path.read_text(encoding="utf-8")
    doc.reload()
    assert slugs(doc.program)[0] == ["glute-bridge", "towel-slide"]
    assert not doc.dirty
    assert doc.undo() == "reload from disk"  # reloading can be undone
