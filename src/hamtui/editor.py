"""Editing a program: pure edit operations, undo/redo, unsaved-change tracking, save (no Textual).

A `ProgramDocument` (a `hamtui.document.Document`) holds the program being edited. Every edit
builds a new `Program` that shares the untouched blocks and items with the old one (nothing is
ever changed in place), so each undo step costs a few small lists, not a copy of the program.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hamtui.document import UNDO_LIMIT as UNDO_LIMIT
from hamtui.document import Document
from hamtui.document import EditError as EditError
from hamtui.dose import DEFAULT_HOLD_S, DEFAULT_WORK_S
from hamtui.files import load_program
from hamtui.library import Library, embed_unbundled
from hamtui.model.common import MAX_PROGRAM_ITEMS
from hamtui.model.exercise import ExerciseBody
from hamtui.model.program import Block, Item, Program


def new_program(title: str = "Untitled program") -> Program:
    return Program(format="hamtui-program/1", title=title, blocks=[Block(name="Main")])


def item_for(slug: str, exercise: ExerciseBody | None) -> Item:
    """A new item with the exercise's default dose (a hold only for hold-mode exercises, a
    time of continuous work only for timed ones)."""
    if exercise is None:
        return Item(exercise=slug)
    dose = exercise.defaults
    if exercise.mode == "timed":
        return Item(
            exercise=slug,
            sets=dose.sets,
            work_s=dose.work_s or DEFAULT_WORK_S,
            rest_s=dose.rest_s,
            side=dose.side,
        )
    hold = dose.hold_s if exercise.mode == "hold" else None
    if exercise.mode == "hold" and hold is None:
        hold = DEFAULT_HOLD_S
    return Item(
        exercise=slug,
        sets=dose.sets,
        reps=dose.reps,
        hold_s=hold,
        rest_s=dose.rest_s,
        side=dose.side,
    )


# ---------------------------------------------------------------------------------------------
# Pure operations: each takes a program and returns a new one (or raises EditError).


def _with_blocks(program: Program, blocks: list[Block]) -> Program:
    return program.model_copy(update={"blocks": blocks})


def _with_items(block: Block, items: list[Item]) -> Block:
    return block.model_copy(update={"items": items})


def _block(program: Program, index: int) -> Block:
    if not 0 <= index < len(program.blocks):
        raise EditError(f"there is no block {index + 1}")
    return program.blocks[index]


def _check_room(program: Program, adding: int = 1) -> None:
    if program.item_count() + adding > MAX_PROGRAM_ITEMS:
        raise EditError(f"a program holds at most {MAX_PROGRAM_ITEMS} items")


def insert_item(program: Program, block: int, index: int, item: Item) -> Program:
    _check_room(program)
    if not program.blocks:
        program = _with_blocks(program, [Block(name="Main")])
        block = 0
    target = _block(program, block)
    items = list(target.items)
    items.insert(max(0, min(index, len(items))), item)
    blocks = list(program.blocks)
    blocks[block] = _with_items(target, items)
    return _with_blocks(program, blocks)


def remove_item(program: Program, block: int, index: int) -> Program:
    target = _block(program, block)
    if not 0 <= index < len(target.items):
        raise EditError("there is no such item")
    items = list(target.items)
    del items[index]
    blocks = list(program.blocks)
    blocks[block] = _with_items(target, items)
    return _with_blocks(program, blocks)


def replace_item(program: Program, block: int, index: int, item: Item) -> Program:
    target = _block(program, block)
    if not 0 <= index < len(target.items):
        raise EditError("there is no such item")
    items = list(target.items)
    items[index] = item
    blocks = list(program.blocks)
    blocks[block] = _with_items(target, items)
    return _with_blocks(program, blocks)


def swap_exercise(
    program: Program, block: int, index: int, slug: str, exercise: ExerciseBody
) -> Program:
    """The item at (block, index) does `exercise` instead, with its default dose; the
    trainer's notes and cues stay."""
    target = _block(program, block)
    if not 0 <= index < len(target.items):
        raise EditError("there is no such item")
    old = target.items[index]
    new = item_for(slug, exercise).model_copy(update={"notes": old.notes, "cues": old.cues})
    return replace_item(program, block, index, new)


def duplicate_item(program: Program, block: int, index: int) -> Program:
    target = _block(program, block)
    if not 0 <= index < len(target.items):
        raise EditError("there is no such item")
    return insert_item(program, block, index + 1, target.items[index])


def move_item(
    program: Program, src_block: int, src_index: int, dst_block: int, dst_index: int
) -> Program:
    """Move an item; dst_index is the position in the destination as it is *before* the move
    (so dropping "before item 3" of the same block means dst_index 3)."""
    source = _block(program, src_block)
    destination = _block(program, dst_block)
    if not 0 <= src_index < len(source.items):
        raise EditError("there is no such item")
    item = source.items[src_index]
    blocks = list(program.blocks)
    if src_block == dst_block:
        items = list(source.items)
        del items[src_index]
        if dst_index > src_index:
            dst_index -= 1
        items.insert(max(0, min(dst_index, len(items))), item)
        blocks[src_block] = _with_items(source, items)
    else:
        src_items = list(source.items)
        del src_items[src_index]
        dst_items = list(destination.items)
        dst_items.insert(max(0, min(dst_index, len(dst_items))), item)
        blocks[src_block] = _with_items(source, src_items)
        blocks[dst_block] = _with_items(destination, dst_items)
    return _with_blocks(program, blocks)


def insert_block(program: Program, index: int, name: str) -> Program:
    blocks = list(program.blocks)
    blocks.insert(max(0, min(index, len(blocks))), Block(name=name))
    return _with_blocks(program, blocks)


def remove_block(program: Program, index: int) -> Program:
    _block(program, index)
    blocks = list(program.blocks)
    del blocks[index]
    return _with_blocks(program, blocks)


def move_block(program: Program, src: int, dst: int) -> Program:
    block = _block(program, src)
    blocks = list(program.blocks)
    del blocks[src]
    blocks.insert(max(0, min(dst, len(blocks))), block)
    return _with_blocks(program, blocks)


def update_block(program: Program, index: int, **changes: Any) -> Program:
    """Rename a block or set its rounds / rest between rounds (validated)."""
    block = _block(program, index)
    data = block.model_dump()
    data.update(changes)
    blocks = list(program.blocks)
    blocks[index] = Block.model_validate({**data, "items": block.items})
    return _with_blocks(program, blocks)


def update_details(program: Program, **changes: Any) -> Program:
    """Set title, author, summary, stage, sessions per week, the injured side or tags
    (validated)."""
    allowed = {"title", "author", "summary", "stage", "sessions_per_week", "affected_side", "tags"}
    unknown = set(changes) - allowed
    if unknown:
        raise EditError(f"not a program detail: {', '.join(sorted(unknown))}")
    data = {key: getattr(program, key) for key in ("format", *sorted(allowed))}
    data.update(changes)
    checked = Program.model_validate(data)
    return program.model_copy(update={key: getattr(checked, key) for key in changes})


# ---------------------------------------------------------------------------------------------


class ProgramDocument(Document[Program]):
    """A program being edited, where it lives on disk, and its history."""

    @property
    def program(self) -> Program:
        return self.model

    @program.setter
    def program(self, value: Program) -> None:
        self.model = value

    @classmethod
    def new(cls) -> ProgramDocument:
        return cls(new_program())

    @classmethod
    def new_at(cls, path: Path) -> ProgramDocument:
        """A new program that will be saved to `path` (a file that does not exist yet), its
        title made from the file's name (`knee-rehab.toml`: "Knee rehab")."""
        words = path.stem.replace("-", " ").replace("_", " ").strip()
        title = (words[:1].upper() + words[1:]) if words else "Untitled program"
        return cls(new_program(title), path, None)

    @classmethod
    def open(cls, path: Path) -> ProgramDocument:
        loaded = load_program(path)
        return cls(loaded.model, path, loaded.sha256, loaded.source)

    # -- files ---------------------------------------------------------------------------

    def save(self, library: Library, *, path: Path | None = None, force: bool = False) -> Path:
        """Save to `path` (save as) or to the file it came from.

        Exercises that are not in the bundled library are carried in the file. The comments
        and layout of the text it was loaded from stay where the content did not change (also
        in a copy saved as another file). Raises
        ConflictError when the file changed on disk since it was loaded (or, saving as, when
        the target exists) unless `force`; the document is unchanged then.
        """
        target = path or self.path
        if target is None:
            raise EditError("this program has no file yet: save it as a new file")
        bundled = {entry.slug for entry in library if entry.origin == "bundled"}
        program = embed_unbundled(self.program, bundled, library)
        return self._write(program, target, force=force)

    def reload(self) -> None:
        """Replace the program with the file on disk (undoable, like any edit)."""
        if self.path is None:
            raise EditError("this program has no file to reload")
        loaded = load_program(self.path)
        self._reloaded(loaded.model, loaded.sha256, loaded.source)
