"""`hamtui validate`: files and folders, one line per problem, a summary, exit 0 or 1."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from hamtui.files import load_program
from hamtui.library import Library, load_library
from hamtui.model import ExerciseBody
from hamtui.validate import validate_paths

Write = Callable[[str, str | bytes], Path]
Run = Callable[..., tuple[int, str, str]]

GOOD = """\
format = "hamtui-program/1"
title = "Early rehab"

[[blocks]]
name = "Activation"

  [[blocks.items]]
  exercise = "glute-bridge"
  sets = 2

  [[blocks.items]]
  exercise = "towel-slide"
  reps = 8

[exercises.towel-slide]
name = "Towel hamstring slide"
category = "strength"
mode = "reps"
"""

EXERCISE = """\
format = "hamtui-exercise/1"
name = "My bridge"
category = "strength"
mode = "reps"
regressions = ["glute-bridge"]
"""

SUMMARY = re.compile(r"checked \d+ files?: .*")

# Every way a file can be wrong, as the CLI must report it: one clean line, no traceback.
BAD_FILES: dict[str, bytes] = {
    "syntax.toml": b'format = "hamtui-program/1"\ntitle = "x" y\n',
    "unterminated.toml": b'format = "hamtui-program/1"\ntitle = "x',
    "latin1.toml": b'format = "hamtui-program/1"\ntitle = "caf\xe9"\n',
    "bom-then-bad.toml": b'\xef\xbb\xbfformat = "hamtui-program/1"\ntitle = \n',
    "schema.toml": GOOD.replace("sets = 2", "sets = 0").encode(),
    "typo.toml": GOOD.replace("sets = 2", "hols_s = 2").encode(),
    "no-format.toml": b'title = "x"\n',
    "format-number.toml": b'format = 1\ntitle = "x"\n',
    "format-v9.toml": b'format = "hamtui-program/9"\ntitle = "x"\n',
    "format-other.toml": b'format = "other"\n',
    "too-big.toml": GOOD.encode() + b"#" + b"x" * (1024 * 1024),
    "empty-title.toml": b'format = "hamtui-program/1"\ntitle = ""\n',
    "datetime-title.toml": b'format = "hamtui-program/1"\ntitle = 2026-01-01T00:00:00Z\n',
    "session-naive.toml": (
        b'format = "hamtui-session/1"\nprogram = "p.toml"\nprogram_sha256 = "'
        + b"0" * 64
        + b'"\nstarted = 2026-11-20T18:02:11\n'
    ),
    "session-pain.toml": (
        b'format = "hamtui-session/1"\nprogram = "p.toml"\nprogram_sha256 = "'
        + b"0" * 64
        + b'"\nstarted = 2026-11-20T18:02:11Z\n[[entries]]\nexercise = "a"\nblock = 0\n'
        b"item = 0\npain = 11\n"
    ),
    "unresolved.toml": GOOD.replace(
        'exercise = "glute-bridge"', 'exercise = "no-such-move"'
    ).encode(),
    "deep.toml": b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n",
    "binary.toml": bytes(range(256)),
    "empty.toml": b"",
}


def problem_lines(out: str) -> list[str]:
    lines = out.splitlines()
    assert lines, "validate always prints a summary"
    assert SUMMARY.fullmatch(lines[-1]), lines[-1]
    return lines[:-1]


def test_a_clean_file_exits_0(write: Write, run_cli: Run) -> None:
    path = write("good.toml", GOOD)
    assert run_cli("validate", path) == (0, "checked 1 file: all valid\n", "")


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_each_bad_file_gives_clean_lines_and_exit_1(name: str, write: Write, run_cli: Run) -> None:
    path = write(name, BAD_FILES[name])
    code, out, err = run_cli("validate", path)
    assert code == 1
    assert err == ""
    assert "Traceback" not in out
    lines = problem_lines(out)
    assert lines
    for line in lines:
        assert line.startswith(f"{path}:"), line
        assert "\x1b" not in line
    assert out.splitlines()[-1] == (
        f"checked 1 file: 0 valid, 1 with problems ({len(lines)} problem"
        f"{'s' if len(lines) != 1 else ''})"
    )


def test_all_bad_files_at_once_one_line_per_problem(tmp_path: Path, run_cli: Run) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    for name, data in BAD_FILES.items():
        (folder / name).write_bytes(data)
    code, out, err = run_cli("validate", folder)
    assert (code, err) == (1, "")
    lines = problem_lines(out)
    assert {line.split(":", 1)[0] for line in lines} == {str(folder / n) for n in BAD_FILES}
    n = len(BAD_FILES)
    assert out.splitlines()[-1] == (
        f"checked {n} files: 0 valid, {n} with problems ({len(lines)} problems)"
    )


def test_exact_messages_for_syntax_schema_and_typo(write: Write, run_cli: Run) -> None:
    paths = [write(name, BAD_FILES[name]) for name in ("syntax.toml", "schema.toml", "typo.toml")]
    code, out, _ = run_cli("validate", *paths)
    assert code == 1
    assert problem_lines(out) == [
        f"{paths[0]}:2:13: expected newline or end of document after a statement",
        f"{paths[1]}: blocks[0].items[0].sets: must be at least 1 (got 0)",
        f"{paths[2]}: blocks[0].items[0].hols_s: unknown key `hols_s`; did you mean `hold_s`?",
    ]


def test_unresolved_exercise_is_reported_with_its_location(write: Write, run_cli: Run) -> None:
    path = write("unresolved.toml", BAD_FILES["unresolved.toml"])
    code, out, _ = run_cli("validate", path)
    assert code == 1
    assert problem_lines(out) == [
        f"{path}: blocks[0].items[0].exercise: unknown exercise `no-such-move`: "
        "not in this file's [exercises] nor in the library"
    ]


def test_embedded_exercises_resolve_and_come_first(tmp_path: Path, write: Write) -> None:
    # An empty library: only the file's own [exercises] can resolve anything.
    program_path = write("own.toml", GOOD.replace("glute-bridge", "towel-slide"))
    assert validate_paths([program_path], Library()).problems == []

    # Without its [exercises] table the same program does not resolve.
    bare = GOOD.replace("glute-bridge", "towel-slide").split("[exercises.")[0]
    report = validate_paths([write("bare.toml", bare)], Library())
    assert [p.where for p in report.problems] == [
        "blocks[0].items[0].exercise",
        "blocks[0].items[1].exercise",
    ]

    # The file's own definition wins over the library's exercise of the same slug.
    library = load_library(bundled_only=True)
    assert "glute-bridge" in library
    own = GOOD.replace("[exercises.towel-slide]", "[exercises.glute-bridge]")
    own = own.replace('exercise = "towel-slide"', 'exercise = "glute-bridge"')
    program = load_program(write("shadow.toml", own)).model
    resolved = library.resolve(program, "glute-bridge")
    assert isinstance(resolved, ExerciseBody)
    assert resolved.name == "Towel hamstring slide"
    bundled = library.get("glute-bridge")
    assert bundled is not None
    assert bundled.name != "Towel hamstring slide"


def test_unresolved_progression_in_embedded_exercise(write: Write, run_cli: Run) -> None:
    path = write("p.toml", GOOD + 'progressions = ["towel-slide", "moon-walk"]\n')
    code, out, _ = run_cli("validate", path)
    assert code == 1
    assert problem_lines(out) == [
        f"{path}: exercises.towel-slide.progressions[1]: unknown exercise `moon-walk`"
    ]


def test_folders_are_walked_and_hidden_folders_skipped(tmp_path: Path, run_cli: Run) -> None:
    root = tmp_path / "work"
    (root / "programs" / "nested").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "programs" / "a.toml").write_text(GOOD)
    (root / "programs" / "nested" / "b.toml").write_text(GOOD)
    (root / "programs" / "notes.txt").write_text("not toml, not checked")
    (root / ".git" / "broken.toml").write_text("= nonsense")
    (root / "my-bridge.toml").write_text(EXERCISE)
    assert run_cli("validate", root) == (0, "checked 3 files: all valid\n", "")

    (root / "programs" / "nested" / "c.toml").write_text("title = \n")
    code, out, _ = run_cli("validate", root)
    assert code == 1
    assert out.splitlines() == [
        f"{root / 'programs' / 'nested' / 'c.toml'}:1:9: invalid value",
        "checked 4 files: 3 valid, 1 with problems (1 problem)",
    ]


def test_files_and_folders_together_and_a_missing_path(
    tmp_path: Path, write: Write, run_cli: Run
) -> None:
    one = write("one.toml", GOOD)
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "two.toml").write_text(GOOD)
    assert run_cli("validate", one, folder) == (0, "checked 2 files: all valid\n", "")
    code, out, _ = run_cli("validate", one, folder, tmp_path / "missing.toml")
    assert code == 1
    assert problem_lines(out) == [f"{tmp_path / 'missing.toml'}: no such file or folder"]


def test_exercise_file_with_bad_name_and_unknown_regression(write: Write, run_cli: Run) -> None:
    path = write("My_Bridge.toml", EXERCISE.replace("glute-bridge", "no-such-move"))
    code, out, _ = run_cli("validate", path)
    assert code == 1
    assert problem_lines(out) == [
        f"{path}: an exercise file name must be a slug, like glute-bridge.toml",
        f"{path}: regressions[0]: unknown exercise `no-such-move`",
    ]


def test_extra_library_folder_resolves_exercises(
    tmp_path: Path, write: Write, run_cli: Run
) -> None:
    path = write("p.toml", BAD_FILES["unresolved.toml"].decode())
    extra = tmp_path / "lib"
    extra.mkdir()
    (extra / "no-such-move.toml").write_text(EXERCISE)
    assert run_cli("validate", path)[0] == 1
    assert run_cli("validate", "--library", extra, path) == (0, "checked 1 file: all valid\n", "")


def test_no_arguments_is_a_usage_error(run_cli: Run) -> None:
    code, out, err = run_cli("validate")
    assert code == 2
    assert "Traceback" not in out + err
    assert "the following arguments are required: PATH" in err


def test_one_pass_reports_schema_errors_and_unknown_exercises_together(
    write: Write, run_cli: Run
) -> None:
    """A file with a misspelt stage, a zero, a misspelt key and a misspelt exercise: all four
    in one run (the unknown exercise used to wait until the rest were fixed), the exercise
    with the nearest slug, and a misspelt name found by the exercise's name."""
    path = write(
        "typos.toml",
        'format = "hamtui-program/1"\ntitle = "T"\nstage = "erly"\n\n[[blocks]]\nname = "B"\n\n'
        '[[blocks.items]]\nexercise = "glute-brige"\nreps = 0\nhols_s = 5\n\n'
        '[[blocks.items]]\nexercise = "nordic-curl-hamstring"\n',
    )
    code, out, _ = run_cli("validate", path)
    assert code == 1
    lines = problem_lines(out)
    assert len(lines) == 5, lines
    assert any("stage: must be one of" in line for line in lines)
    assert any("reps: must be at least 1" in line for line in lines)
    assert any("hols_s" in line for line in lines)
    assert (
        f"{path}: blocks[0].items[0].exercise: unknown exercise `glute-brige`: not in this "
        "file's [exercises] nor in the library; did you mean `glute-bridge`?"
    ) in lines
    assert any(
        line.startswith(f"{path}: blocks[0].items[1].exercise: unknown exercise")
        and line.endswith("did you mean `nordic-hamstring-curl`?")
        for line in lines
    ), lines


def test_a_folder_with_no_hamtui_files_is_not_all_valid(run_cli: Run, tmp_path: Path) -> None:
    empty = tmp_path / "wrong-path"
    empty.mkdir()
    (empty / "notes.txt").write_text("not a program")
    like_a_file = tmp_path / "x.toml"
    like_a_file.mkdir()
    code, out, _ = run_cli("validate", empty, like_a_file)
    assert code == 1
    assert out.splitlines() == [
        f"{empty}: no hamtui files in this folder (nothing ending in .toml)",
        f"{like_a_file}: no hamtui files in this folder (nothing ending in .toml)",
        "checked 0 files; 2 folders with no hamtui files",
    ]


def test_validate_checks_the_settings_file(run_cli: Run, tmp_path: Path) -> None:
    good = tmp_path / "config.toml"
    good.write_text('format = "hamtui-config/1"\nbell = false\nweb_max_tabs = 4\n')
    bad = tmp_path / "other" / "config.toml"
    bad.parent.mkdir()
    bad.write_text('format = "hamtui-config/1"\nbell = "loud"\n')
    code, out, _ = run_cli("validate", good)
    assert (code, out) == (0, "checked 1 file: all valid\n")
    code, out, _ = run_cli("validate", bad)
    assert code == 1
    assert out.splitlines()[0] == f'{bad}: bell: must be true or false (got "loud")'
