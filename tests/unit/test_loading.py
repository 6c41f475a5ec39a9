"""Reading files: limits, encodings, and problems worded `path:line:col: what` or
`path: where: what`."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from hamtui.errors import LoadError
from hamtui.files import load_any, load_exercise, load_program
from hamtui.model import Program
from hamtui.model.common import MAX_FILE_BYTES

Write = Callable[[str, str | bytes], Path]

PROGRAM = """\
format = "hamtui-program/1"
title = "Early rehab"

[[blocks]]
name = "Activation"

  [[blocks.items]]
  exercise = "glute-bridge"
  sets = 2

  [[blocks.items]]
  exercise = "lean-away"

  [[blocks.items]]
  exercise = "seated-hamstring-set"
  sets = 3
"""


def problems(path: Path, loader: Callable[[Path], object] = load_any) -> list[str]:
    with pytest.raises(LoadError) as info:
        loader(path)
    lines = [str(p) for p in info.value.problems]
    assert str(info.value) == "\n".join(lines)
    return lines


def test_a_plain_program_loads(write: Write) -> None:
    loaded = load_program(write("p.toml", PROGRAM))
    assert isinstance(loaded.model, Program)
    assert [i.exercise for i in loaded.model.blocks[0].items] == [
        "glute-bridge",
        "lean-away",
        "seated-hamstring-set",
    ]
    assert len(loaded.sha256) == 64


def test_a_byte_order_mark_is_accepted(write: Write) -> None:
    path = write("bom.toml", b"\xef\xbb\xbf" + PROGRAM.encode())
    assert load_program(path).model == load_program(write("plain.toml", PROGRAM)).model


def test_crlf_line_endings_are_accepted(write: Write) -> None:
    path = write("crlf.toml", PROGRAM.replace("\n", "\r\n").encode())
    assert load_program(path).model.blocks[0].items[0].sets == 2


def test_exactly_one_mebibyte_is_read(write: Write) -> None:
    data = PROGRAM.encode() + b"#"
    data += b"x" * (MAX_FILE_BYTES - len(data))
    assert len(data) == 1024 * 1024
    assert load_program(write("big.toml", data)).model.title == "Early rehab"


def test_over_one_mebibyte_is_refused_naming_the_file_and_limit(write: Write) -> None:
    data = PROGRAM.encode() + b"#" + b"x" * MAX_FILE_BYTES
    path = write("huge.toml", data)
    [line] = problems(path)
    assert line.startswith(f"{path}: ")
    assert "limit" in line
    assert "1 MiB" in line or "1024 KiB" in line


def test_syntax_error_is_path_line_col_message(write: Write) -> None:
    text = PROGRAM.replace("  sets = 3\n", "  sets = 3 4\n")
    path = write("syntax.toml", text)
    # line 16 is `  sets = 3 4`; the stray 4 is its 12th character
    assert problems(path) == [
        f"{path}:16:12: expected newline or end of document after a statement"
    ]


def test_syntax_error_column_counts_characters_not_bytes(write: Write) -> None:
    path = write("accents.toml", 'format = "hamtui-program/1"\ntitle = "éé" x\n')
    assert problems(path) == [f"{path}:2:14: expected newline or end of document after a statement"]


def test_syntax_error_at_end_of_file_has_a_position(write: Write) -> None:
    path = write("eof.toml", 'format = "hamtui-program/1"\ntitle = "x')
    [line] = problems(path)
    assert re.fullmatch(re.escape(f"{path}:2:") + r"\d+: [a-z].*", line)


def test_schema_error_names_the_toml_location(write: Write) -> None:
    path = write("schema.toml", PROGRAM.replace("  sets = 3\n", "  sets = 0\n"))
    assert problems(path) == [f"{path}: blocks[0].items[2].sets: must be at least 1 (got 0)"]


def test_several_schema_errors_are_all_reported(write: Write) -> None:
    text = PROGRAM.replace("  sets = 3\n", '  sets = 21\n  side = "eech"\n')
    text = text.replace('title = "Early rehab"', 'title = "Early rehab"\nsessions_per_week = 15')
    path = write("many.toml", text)
    assert problems(path) == [
        f"{path}: sessions_per_week: must be at most 14 (got 15)",
        f"{path}: blocks[0].items[2].sets: must be at most 20 (got 21)",
        f"{path}: blocks[0].items[2].side: must be one of both | each | left | right | affected "
        '(got "eech"); did you mean `each`?',
    ]


def test_unknown_key_gets_a_did_you_mean_hint(write: Write) -> None:
    path = write("typo.toml", PROGRAM.replace("  sets = 2\n", "  sets = 2\n  hols_s = 30\n"))
    assert problems(path) == [
        f"{path}: blocks[0].items[0].hols_s: unknown key `hols_s`; did you mean `hold_s`?"
    ]


def test_unknown_key_without_a_near_miss_has_no_hint(write: Write) -> None:
    path = write("typo.toml", PROGRAM.replace('title = "Early rehab"', 'title = "x"\nzzz = 1'))
    assert problems(path) == [f"{path}: zzz: unknown key `zzz`"]


def test_non_utf8_bytes_give_line_and_column(write: Write) -> None:
    path = write("latin1.toml", b'format = "hamtui-program/1"\ntitle = "caf\xe9"\n')
    assert problems(path) == [f"{path}:2:13: is not valid UTF-8 (byte 0xe9)"]


def test_missing_format(write: Write) -> None:
    path = write("noformat.toml", PROGRAM.replace('format = "hamtui-program/1"\n', ""))
    [line] = problems(path)
    assert line.startswith(f"{path}: format: is required")
    assert 'format = "hamtui-program/1"' in line


def test_missing_format_when_a_program_is_expected(write: Write) -> None:
    path = write("noformat.toml", PROGRAM.replace('format = "hamtui-program/1"\n', ""))
    assert problems(path, load_program) == [
        f'{path}: format: is required: a hamtui file starts with format = "hamtui-program/1"'
    ]


def test_wrong_kind_of_file(write: Write) -> None:
    path = write("p.toml", PROGRAM)
    assert problems(path, load_exercise) == [
        f"{path}: format: this is a hamtui-program/1 file, where an exercise file was expected"
    ]


def test_unknown_version(write: Write) -> None:
    path = write("v2.toml", PROGRAM.replace("hamtui-program/1", "hamtui-program/2"))
    assert problems(path) == [
        f'{path}: format: unknown version "hamtui-program/2": this hamtui reads '
        "hamtui-program/1 (the file may come from a newer hamtui)"
    ]


def test_unknown_format(write: Write) -> None:
    path = write("odd.toml", PROGRAM.replace("hamtui-program/1", "something-else"))
    [line] = problems(path)
    assert line.startswith(f'{path}: format: unknown format "something-else" (expected ')


def test_format_that_is_not_text(write: Write) -> None:
    path = write("num.toml", PROGRAM.replace('"hamtui-program/1"', "1"))
    assert problems(path) == [f"{path}: format: must be text in quotes"]


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert problems(tmp_path / "nope.toml") == [f"{tmp_path / 'nope.toml'}: no such file"]
    assert problems(tmp_path) == [f"{tmp_path}: is a folder, not a file"]


def test_deep_nesting_is_a_problem_not_a_crash(write: Write) -> None:
    path = write("deep.toml", "x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    [line] = problems(path)
    assert line.startswith(f"{path}")
