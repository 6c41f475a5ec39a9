"""Saving: the key order of docs/formats.md, defaults left out, deterministic bytes, atomic,
conflict-safe."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from hamtui.errors import ConflictError, HamtuiError
from hamtui.files import dumps, load_exercise, load_program, save, sha256_bytes
from hamtui.model import Exercise, Program

Write = Callable[[str, str | bytes], Path]

# Every field of a program, keys in docs/formats.md order, every value different from its default.
FULL_PROGRAM = """\
format = "hamtui-program/1"
title = "Early-stage hamstring rehab"
author = "Coach Ana"
summary = "Two lines\\nof summary"
stage = "early"
sessions_per_week = 3
tags = ["rehab", "runner"]

[[blocks]]
name = "Activation"
rounds = 2
rest_between_rounds_s = 60

[[blocks.items]]
exercise = "seated-hamstring-set"
sets = 2
reps = 10
hold_s = 5
rest_s = 30
side = "each"
tempo = "3-1-1-0"
notes = "Stop before it hurts"
cues = ["Press the heel down, not back"]

[[blocks.items]]
exercise = "towel-hamstring-slide"

[exercises.towel-hamstring-slide]
name = "Towel hamstring slide"
aliases = ["towel slide"]
category = "eccentric"
mode = "reps"
position = "supine"
equipment = ["towel"]
primary_muscles = ["hamstrings"]
secondary_muscles = ["glutes"]
stages = ["early", "mid"]
level = "intermediate"
summary = "Slide the heel out slowly."
steps = ["Lie down", "Slide"]
tips = ["Go slow"]
mistakes = ["Rushing"]
red_flags = ["Sharp pain"]
avoid_when = ["acute strain"]
progressions = ["nordic-hamstring-curl"]
regressions = ["glute-bridge"]
sources = ["Somewhere, someone"]
tags = ["floor"]

[exercises.towel-hamstring-slide.defaults]
sets = 3
reps = 8
hold_s = 2
rest_s = 45
side = "each"

[[exercises.towel-hamstring-slide.cues]]
text = "Keep the hips up"
at = "halfway"
level = "caution"

[[exercises.towel-hamstring-slide.cues]]
text = "Breathe"
at = 10
level = "stop"
"""

MINIMAL_PROGRAM = """\
format = "hamtui-program/1"
title = "Short"

[[blocks]]

[[blocks.items]]
exercise = "glute-bridge"
"""


def keys_in_order(text: str) -> list[str]:
    """Every key and table header of a TOML text, in the order written."""
    found = []
    for line in text.splitlines():
        header = re.fullmatch(r"\[\[?([^\]]+)\]\]?", line)
        if header:
            found.append(f"[{header.group(1)}]")
            continue
        key = re.match(r"([A-Za-z0-9_-]+) = ", line)
        if key:
            found.append(key.group(1))
    return found


def test_full_program_is_written_in_formats_md_order(write: Write) -> None:
    program = load_program(write("full.toml", FULL_PROGRAM)).model
    text = dumps(program)
    assert keys_in_order(text) == keys_in_order(FULL_PROGRAM)
    # The source text above was written in docs/formats.md order, so the saved text matches it,
    # apart from how the multi-line summary is spelled.
    assert text == FULL_PROGRAM.replace(
        'summary = "Two lines\\nof summary"', 'summary = """\nTwo lines\nof summary"""'
    )


def test_full_exercise_is_written_in_formats_md_order(write: Write) -> None:
    body = FULL_PROGRAM.split("[exercises.towel-hamstring-slide]\n", 1)[1]
    source = 'format = "hamtui-exercise/1"\n' + body.replace("exercises.towel-hamstring-slide.", "")
    exercise = load_exercise(write("towel-hamstring-slide.toml", source)).model
    assert isinstance(exercise, Exercise)
    assert dumps(exercise) == source


def test_defaults_are_left_out(write: Write) -> None:
    verbose = MINIMAL_PROGRAM.replace(
        'exercise = "glute-bridge"\n',
        'exercise = "glute-bridge"\nsets = 1\nreps = 1\nrest_s = 0\nside = "both"\nnotes = ""\n'
        "cues = []\n",
    ).replace("[[blocks]]\n", '[[blocks]]\nname = ""\nrounds = 1\nrest_between_rounds_s = 0\n')
    verbose = verbose.replace('title = "Short"\n', 'title = "Short"\nauthor = ""\ntags = []\n')
    program = load_program(write("verbose.toml", verbose)).model
    assert dumps(program) == MINIMAL_PROGRAM


def test_save_load_save_is_byte_identical(tmp_path: Path, write: Write) -> None:
    loaded = load_program(write("full.toml", FULL_PROGRAM))
    first = tmp_path / "first.toml"
    save(loaded.model, first, expected_sha256=None)
    again = load_program(first)
    assert again.model == loaded.model
    second = tmp_path / "second.toml"
    save(again.model, second, expected_sha256=None)
    assert first.read_bytes() == second.read_bytes()


def test_embedded_exercises_are_written_sorted(write: Write) -> None:
    body = 'name = "X"\ncategory = "strength"\nmode = "reps"\n'
    text = MINIMAL_PROGRAM + f"\n[exercises.zeta]\n{body}\n[exercises.alpha]\n{body}"
    program = load_program(write("p.toml", text)).model
    saved = dumps(program)
    assert saved.index("[exercises.alpha]") < saved.index("[exercises.zeta]")


def test_save_returns_the_hash_of_the_bytes_on_disk(tmp_path: Path, write: Write) -> None:
    program = load_program(write("p.toml", MINIMAL_PROGRAM)).model
    path = tmp_path / "out.toml"
    digest = save(program, path, expected_sha256=None)
    assert digest == sha256_bytes(path.read_bytes())
    assert load_program(path).sha256 == digest


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_save_over_a_loaded_file_and_no_temporary_file_left(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(MINIMAL_PROGRAM)
    loaded = load_program(path)
    changed = loaded.model.model_copy(update={"title": "Longer"})
    digest = save(changed, path, expected_sha256=loaded.sha256)
    assert load_program(path).model.title == "Longer"
    assert leftovers(tmp_path) == []
    # and once more, with the hash save returned
    save(changed.model_copy(update={"title": "Third"}), path, expected_sha256=digest)
    assert load_program(path).model.title == "Third"
    assert leftovers(tmp_path) == []


def test_file_permissions_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "private.toml"
    path.write_text(MINIMAL_PROGRAM)
    path.chmod(0o600)
    loaded = load_program(path)
    save(loaded.model.model_copy(update={"title": "New"}), path, expected_sha256=loaded.sha256)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o640)
    loaded = load_program(path)
    save(loaded.model.model_copy(update={"title": "Newer"}), path, expected_sha256=loaded.sha256)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    program = Program.model_validate({"format": "hamtui-program/1", "title": "x"})
    old = os.umask(0o027)
    try:
        save(program, tmp_path / "new.toml", expected_sha256=None)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.toml").stat().st_mode) == 0o640


def test_conflict_when_the_file_changed_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(MINIMAL_PROGRAM)
    loaded = load_program(path)
    someone_else = MINIMAL_PROGRAM.replace("Short", "Edited elsewhere")
    path.write_text(someone_else)
    with pytest.raises(ConflictError) as info:
        save(loaded.model.model_copy(update={"title": "Mine"}), path, expected_sha256=loaded.sha256)
    assert info.value.reason == "changed"
    assert str(info.value).startswith(f"{path}: changed on disk since it was opened")
    assert path.read_text() == someone_else
    assert leftovers(tmp_path) == []


def test_conflict_is_by_content_even_when_mtime_is_restored(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(MINIMAL_PROGRAM)
    before = path.stat()
    loaded = load_program(path)
    same_size = MINIMAL_PROGRAM.replace("Short", "Shory")
    assert len(same_size) == len(MINIMAL_PROGRAM)
    path.write_text(same_size)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    with pytest.raises(ConflictError):
        save(loaded.model, path, expected_sha256=loaded.sha256)
    assert path.read_text() == same_size
    assert leftovers(tmp_path) == []


def test_conflict_when_a_new_file_would_overwrite_one(tmp_path: Path) -> None:
    path = tmp_path / "taken.toml"
    path.write_text("precious")
    program = Program.model_validate({"format": "hamtui-program/1", "title": "x"})
    with pytest.raises(ConflictError) as info:
        save(program, path, expected_sha256=None)
    assert info.value.reason == "exists"
    assert str(info.value) == f"{path}: already exists; overwrite it, or save under another name"
    assert path.read_text() == "precious"
    assert leftovers(tmp_path) == []


def test_force_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "taken.toml"
    path.write_text("precious")
    program = Program.model_validate({"format": "hamtui-program/1", "title": "x"})
    save(program, path, expected_sha256=None, force=True)
    assert load_program(path).model == program
    path.write_text("changed again")
    save(program, path, expected_sha256=sha256_bytes(b"something else"), force=True)
    assert load_program(path).model == program
    assert leftovers(tmp_path) == []


def test_a_file_deleted_since_loading_is_recreated(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(MINIMAL_PROGRAM)
    loaded = load_program(path)
    path.unlink()
    save(loaded.model, path, expected_sha256=loaded.sha256)
    assert load_program(path).model == loaded.model


def test_saving_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    program = Program.model_validate({"format": "hamtui-program/1", "title": "x"})
    target = tmp_path / "nowhere" / "p.toml"
    with pytest.raises(HamtuiError) as info:
        save(program, target, expected_sha256=None)
    assert str(info.value).startswith(f"{target}: cannot save: ")


def test_saving_over_a_folder_is_a_clear_error_and_leaves_nothing(tmp_path: Path) -> None:
    program = Program.model_validate({"format": "hamtui-program/1", "title": "x"})
    folder = tmp_path / "taken.toml"
    folder.mkdir()
    for force in (False, True):
        with pytest.raises(HamtuiError) as info:
            save(program, folder, expected_sha256=None, force=force)
        assert str(info.value).startswith(f"{folder}: ")
        assert folder.is_dir()
        assert leftovers(tmp_path) == []
