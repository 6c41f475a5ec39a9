"""Saving an edited program keeps the author's comments, blank lines, key order and quoting
wherever the content did not change; the saved file always reads back as the edited program."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hamtui import editor as ed
from hamtui.errors import ConflictError
from hamtui.files import load_program, render
from hamtui.library import Library, load_library
from hamtui.model.program import Item, Program

SLUGS = ["glute-bridge", "seated-hamstring-set", "single-leg-balance", "sciatic-nerve-slider"]


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(bundled_only=True)


ISSUE_FILE = """\
# Patient: J.D. — week 3
# progress to 3 sets next week
format = "hamtui-program/1"
title = 'Knee rehab'   # single quotes, kept
author = "Coach Ana"

[[blocks]]
name = "Activation"

# the bridge: keep it low
[[blocks.items]]
exercise = "glute-bridge"
reps = 10     # ten, not more
rest_s = 30

[[blocks.items]]
rest_s = 20   # keys in the author's order
exercise = "seated-hamstring-set"
hold_s = 5
"""


def open_file(tmp_path: Path, text: str) -> tuple[Path, ed.ProgramDocument]:
    path = tmp_path / "knee.toml"
    path.write_text(text, encoding="utf-8")
    return path, ed.ProgramDocument.open(path)


def test_duplicating_an_item_keeps_every_comment(tmp_path: Path, library: Library) -> None:
    path, doc = open_file(tmp_path, ISSUE_FILE)
    doc.apply("duplicate", lambda p: ed.duplicate_item(p, 0, 0))
    doc.save(library)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Patient: J.D. — week 3\n# progress to 3 sets next week\n")
    for kept in (
        "title = 'Knee rehab'   # single quotes, kept",
        '# the bridge: keep it low\n[[blocks.items]]\nexercise = "glute-bridge"\n'
        "reps = 10     # ten, not more\n",
        'rest_s = 20   # keys in the author\'s order\nexercise = "seated-hamstring-set"',
    ):
        assert kept in text
    assert load_program(path).model == doc.program
    assert [i.exercise for i in doc.program.blocks[0].items] == [
        "glute-bridge",
        "glute-bridge",
        "seated-hamstring-set",
    ]


def test_a_changed_value_keeps_its_line_comment(tmp_path: Path, library: Library) -> None:
    path, doc = open_file(tmp_path, ISSUE_FILE)
    item = doc.program.blocks[0].items[0]
    doc.apply("dose", lambda p: ed.replace_item(p, 0, 0, item.model_copy(update={"reps": 12})))
    doc.apply("title", lambda p: ed.update_details(p, stage="mid"))
    doc.save(library)
    text = path.read_text(encoding="utf-8")
    assert "reps = 12     # ten, not more\n" in text
    # a new key goes where docs/formats.md puts it: after the author, before the blocks
    assert 'author = "Coach Ana"\nstage = "mid"\n' in text
    assert load_program(path).model == doc.program


def test_only_the_changed_lines_change(tmp_path: Path, library: Library) -> None:
    path, doc = open_file(tmp_path, ISSUE_FILE)
    item = doc.program.blocks[0].items[1]
    doc.apply("dose", lambda p: ed.replace_item(p, 0, 1, item.model_copy(update={"hold_s": 8})))
    doc.save(library)
    assert path.read_text(encoding="utf-8") == ISSUE_FILE.replace("hold_s = 5", "hold_s = 8")


def test_save_load_save_is_byte_identical(tmp_path: Path, library: Library) -> None:
    path, doc = open_file(tmp_path, ISSUE_FILE)
    doc.apply("remove", lambda p: ed.remove_item(p, 0, 1))
    doc.save(library)
    first = path.read_bytes()
    again = ed.ProgramDocument.open(path)
    again.save(library, force=False)
    assert path.read_bytes() == first
    loaded = load_program(path)
    assert render(loaded.model, loaded.source) == first.decode("utf-8")


def test_reload_then_save_keeps_the_comment_made_on_disk(tmp_path: Path, library: Library) -> None:
    path, doc = open_file(tmp_path, ISSUE_FILE)
    doc.apply("remove", lambda p: ed.remove_item(p, 0, 1))
    elsewhere = ISSUE_FILE.replace('author = "Coach Ana"', 'author = "Dr Lee"  # took over')
    path.write_text(elsewhere, encoding="utf-8")
    with pytest.raises(ConflictError):
        doc.save(library)
    doc.reload()
    doc.apply("remove", lambda p: ed.remove_item(p, 0, 1))
    doc.save(library)
    text = path.read_text(encoding="utf-8")
    assert 'author = "Dr Lee"  # took over' in text
    assert "# Patient: J.D. — week 3" in text
    assert "seated-hamstring-set" not in text


def test_moving_an_item_moves_its_comments(tmp_path: Path, library: Library) -> None:
    text = ISSUE_FILE + '\n# cool down, gently\n[[blocks]]\nname = "Cool-down"\n'
    path, doc = open_file(tmp_path, text)
    doc.apply("move", lambda p: ed.move_item(p, 0, 0, 1, 0))
    doc.save(library)
    saved = path.read_text(encoding="utf-8")
    assert (
        '# cool down, gently\n[[blocks]]\nname = "Cool-down"\n\n# the bridge: keep it low\n'
        '[[blocks.items]]\nexercise = "glute-bridge"\nreps = 10     # ten, not more\n'
    ) in saved
    assert load_program(path).model == doc.program


def test_save_as_keeps_the_comments_in_the_copy(tmp_path: Path, library: Library) -> None:
    _, doc = open_file(tmp_path, ISSUE_FILE)
    copy = tmp_path / "copy.toml"
    doc.save(library, path=copy)
    assert copy.read_text(encoding="utf-8") == ISSUE_FILE


def test_a_layout_tomlkit_cannot_edit_still_saves_the_right_content(
    tmp_path: Path, library: Library
) -> None:
    inline = (
        'format = "hamtui-program/1"\ntitle = "Inline"  # note\n'
        'blocks = [{ name = "A", items = [{ exercise = "glute-bridge" }] }]\n'
    )
    path, doc = open_file(tmp_path, inline)
    doc.apply("add", lambda p: ed.insert_item(p, 0, 1, Item(exercise="single-leg-balance")))
    doc.save(library)
    assert load_program(path).model == doc.program


def test_a_new_program_is_written_in_the_documented_order(tmp_path: Path, library: Library) -> None:
    doc = ed.ProgramDocument.new()
    doc.apply("add", lambda p: ed.insert_item(p, 0, 0, Item(exercise="glute-bridge", sets=2)))
    doc.apply("details", lambda p: ed.update_details(p, stage="early", author="Ana"))
    path = tmp_path / "new.toml"
    doc.save(library, path=path)
    assert path.read_text(encoding="utf-8") == (
        'format = "hamtui-program/1"\ntitle = "Untitled program"\nauthor = "Ana"\n'
        'stage = "early"\n\n[[blocks]]\nname = "Main"\n\n[[blocks.items]]\n'
        'exercise = "glute-bridge"\nsets = 2\n'
    )


# ---------------------------------------------------------------------------------------------
# Property: random edits of hand-written, commented files.
#
# Every item carries a unique note (`item-N`) and every block a unique name (`block-N`), so a
# comment can be traced to the table it was written for. Comments are `# above:ID` on the line
# above a header, `# key:ID:KEY` at the end of a value's line, and two at the top of the file.


def handwrite(program: Program) -> str:
    lines = ["# top of the file", "# second line", ""]
    lines += [f'format = "{program.format}"', f'title = "{program.title}"  # key:title', ""]
    for block in program.blocks:
        lines += [f"# above:{block.name}", "[[blocks]]", f'name = "{block.name}"']
        if block.rounds != 1:
            lines.append(f"rounds = {block.rounds}  # key:{block.name}:rounds")
        lines.append("")
        for item in block.items:
            lines += [f"# above:{item.notes}", "[[blocks.items]]"]
            lines.append(f'exercise = "{item.exercise}"  # key:{item.notes}:exercise')
            lines.append(f"sets = {item.sets}  # key:{item.notes}:sets")
            lines.append(f'notes = "{item.notes}"')
            lines.append("")
    return "\n".join(lines)


@st.composite
def commented_programs(draw: st.DrawFn) -> Program:
    counter = iter(range(1000))
    blocks = []
    for _ in range(draw(st.integers(1, 3))):
        items = [
            Item(
                exercise=draw(st.sampled_from(SLUGS)),
                sets=draw(st.integers(1, 4)),
                notes=f"item-{next(counter)}",
            )
            for _ in range(draw(st.integers(0, 4)))
        ]
        rounds = draw(st.integers(1, 2))
        blocks.append({"name": f"block-{next(counter)}", "rounds": rounds, "items": items})
    return Program.model_validate(
        {"format": "hamtui-program/1", "title": "Property", "blocks": blocks}
    )


EDITS = ["duplicate", "remove", "move", "sets", "swap", "title", "move_block", "remove_block"]


def apply_edit(doc: ed.ProgramDocument, edit: str, data: st.DataObject, fresh: int) -> None:
    program = doc.program
    places = [(b, i) for b, block in enumerate(program.blocks) for i in range(len(block.items))]
    if edit == "title":
        doc.apply(edit, lambda p: ed.update_details(p, title=f"Renamed {fresh}"))
    elif edit in ("move_block", "remove_block"):
        if len(program.blocks) < 2:
            return
        src = data.draw(st.integers(0, len(program.blocks) - 1))
        if edit == "remove_block":
            doc.apply(edit, lambda p: ed.remove_block(p, src))
        else:
            dst = data.draw(st.integers(0, len(program.blocks) - 1))
            doc.apply(edit, lambda p: ed.move_block(p, src, dst))
    elif places:
        b, i = data.draw(st.sampled_from(places))
        item = program.blocks[b].items[i]
        if edit == "duplicate":  # a copy is a new item: it gets its own note
            copy = item.model_copy(update={"notes": f"item-new-{fresh}"})
            doc.apply(edit, lambda p: ed.insert_item(p, b, i + 1, copy))
        elif edit == "remove":
            doc.apply(edit, lambda p: ed.remove_item(p, b, i))
        elif edit == "move":
            db = data.draw(st.integers(0, len(program.blocks) - 1))
            di = data.draw(st.integers(0, len(program.blocks[db].items)))
            doc.apply(edit, lambda p: ed.move_item(p, b, i, db, di))
        elif edit == "sets":
            changed = item.model_copy(update={"sets": item.sets % 4 + 1})
            doc.apply(edit, lambda p: ed.replace_item(p, b, i, changed))
        else:
            slug = data.draw(st.sampled_from(SLUGS))
            changed = item.model_copy(update={"exercise": slug})
            doc.apply(edit, lambda p: ed.replace_item(p, b, i, changed))


def header_below(text: str, comment: str) -> str:
    """The first `notes`/`name` value written after a comment line: whose table it sits above."""
    after = text.split(comment + "\n", 1)[1]
    found = re.search(r'^(?:notes|name) = "([^"]*)"', after, re.MULTILINE)
    assert found, comment
    return found.group(1)


def items_by_note(program: Program) -> dict[str, tuple[str, Item]]:
    """Each item by its note, with the name of its block."""
    return {item.notes: (block.name, item) for block in program.blocks for item in block.items}


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    original=commented_programs(),
    edits=st.lists(st.sampled_from(EDITS), max_size=8),
    data=st.data(),
)
def test_random_edits_keep_the_comments_of_what_did_not_change(
    tmp_path: Path, library: Library, original: Program, edits: list[str], data: st.DataObject
) -> None:
    text = handwrite(original)
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    doc = ed.ProgramDocument.open(path)
    assert doc.program == original
    for n, edit in enumerate(edits):
        apply_edit(doc, edit, data, n)
    doc.save(library, force=True)
    saved = path.read_text(encoding="utf-8")
    edited = doc.program
    assert Program.model_validate(tomllib.loads(saved)) == edited

    assert saved.startswith("# top of the file\n# second line\n")
    if edited.title == original.title:
        assert 'title = "Property"  # key:title' in saved
    before, after = items_by_note(original), items_by_note(edited)
    for note, (block, item) in after.items():
        if note not in before:
            continue
        old_block, old = before[note]
        if old_block != block and old.exercise != item.exercise:
            # Moved to another block and swapped for another exercise at once: nothing in the
            # content says it is the same item (it reads as one removed, another added).
            continue
        for key in ("exercise", "sets"):
            if getattr(old, key) == getattr(item, key):
                assert f"# key:{note}:{key}" in saved, (note, key, saved)
        if old == item:  # an unchanged item keeps the comment above its header
            assert header_below(saved, f"# above:{note}") == note, saved
    old_blocks = {block.name: block for block in original.blocks}
    for block in edited.blocks:
        old_block = old_blocks.get(block.name)
        if old_block is not None and old_block.rounds == block.rounds and block.rounds != 1:
            assert f"# key:{block.name}:rounds" in saved
        if old_block is not None:
            assert header_below(saved, f"# above:{block.name}") == block.name, saved
