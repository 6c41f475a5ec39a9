"""`hamtui review PROGRAM`: one line per finding, a summary, exit 1 only on problems."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., tuple[int, str, str]]
Write = Callable[[str, str | bytes], Path]

REPO = Path(__file__).resolve().parents[2]

HEAD = 'format = "hamtui-program/1"\ntitle = "Test"\n'

OWN_STRETCH = """
[exercises.my-stretch]
name = "My Stretch"
category = "static-stretch"
mode = "hold"
"""


def test_clean_program(run_cli: Run, write: Write) -> None:
    path = write(
        "clean.toml",
        HEAD + '\n[[blocks]]\n[[blocks.items]]\nexercise = "my-stretch"\nhold_s = 30\n'
        '[[blocks.items]]\nexercise = "glute-bridge"\n' + OWN_STRETCH,
    )
    assert run_cli("review", path) == (0, "no findings\n", "")


def test_warning_line_format_and_exit_0(run_cli: Run, write: Write) -> None:
    path = write(
        "short.toml",
        HEAD + '\n[[blocks]]\n[[blocks.items]]\nexercise = "glute-bridge"\n'
        '[[blocks.items]]\nexercise = "my-stretch"\nhold_s = 5\n' + OWN_STRETCH,
    )
    code, out, err = run_cli("review", path)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith(f"{path}: blocks[0].items[1] (My Stretch): warning: My Stretch is ")
    assert lines[0].endswith(" [static-hold]")
    assert lines[1:] == ["1 finding: 1 warning"]


def test_problem_exits_1(run_cli: Run, write: Write) -> None:
    path = write(
        "early.toml",
        HEAD + 'stage = "early"\nsessions_per_week = 2\n'
        '\n[[blocks]]\n[[blocks.items]]\nexercise = "hops"\n'
        '\n[exercises.hops]\nname = "Hops"\ncategory = "plyometric"\nmode = "reps"\n',
    )
    code, out, err = run_cli("review", path)
    assert (code, err) == (1, "")
    assert f"{path}: blocks[0].items[0] (Hops): problem: " in out
    assert "[plyometric-early]" in out
    assert out.splitlines()[-1] == "1 finding: 1 problem"


def test_program_wide_finding_line(run_cli: Run, write: Write) -> None:
    path = write(
        "once.toml",
        HEAD + "sessions_per_week = 1\n"
        '\n[[blocks]]\n[[blocks.items]]\nexercise = "ecc"\n'
        '\n[exercises.ecc]\nname = "Ecc"\ncategory = "eccentric"\nmode = "reps"\n',
    )
    code, out, _ = run_cli("review", path)
    assert code == 0
    assert out.startswith(f"{path}: sessions_per_week: warning: eccentric work (Ecc) ")
    assert "[eccentric-frequency]" in out


def test_unresolved_exercise_exits_1(run_cli: Run, write: Write) -> None:
    path = write("lost.toml", HEAD + '\n[[blocks]]\n[[blocks.items]]\nexercise = "nowhere"\n')
    code, out, _ = run_cli("review", path)
    assert code == 1
    assert f"{path}: blocks[0].items[0] (nowhere): problem: cannot review `nowhere`" in out


def test_names_from_the_file_are_shown_literally(run_cli: Run, write: Write) -> None:
    path = write(
        "esc.toml",
        HEAD + '\n[[blocks]]\n[[blocks.items]]\nexercise = "odd"\n'
        '\n[exercises.odd]\nname = "Odd\\u001b[31m"\ncategory = "static-stretch"\nmode = "hold"\n',
    )
    code, out, _ = run_cli("review", path)
    assert code == 0
    assert "\x1b" not in out
    assert "(Odd\\x1b[31m)" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [("title = \n", "esc.toml:1:9: "), ('format = "hamtui-program/1"\n', "title: is required")],
)
def test_load_error_is_reported_on_stderr(
    run_cli: Run, write: Write, content: str, message: str
) -> None:
    path = write("esc.toml", content)
    code, out, err = run_cli("review", path)
    assert (code, out) == (1, "")
    assert message in err
    assert "Traceback" not in err


def test_missing_file(run_cli: Run, tmp_path: Path) -> None:
    code, out, err = run_cli("review", tmp_path / "nope.toml")
    assert (code, out) == (1, "")
    assert "nope.toml: no such file" in err


def test_extra_library_folder(run_cli: Run, write: Write) -> None:
    write(
        "lib/extra-move.toml",
        'format = "hamtui-exercise/1"\nname = "Extra Move"\ncategory = "eccentric"\n'
        'mode = "reps"\n',
    )
    path = write("p.toml", HEAD + '\n[[blocks]]\n[[blocks.items]]\nexercise = "extra-move"\n')
    assert run_cli("review", path)[0] == 1  # unresolved without the folder
    code, out, _ = run_cli("review", path, "--library", path.parent / "lib")
    assert code == 0
    assert "(Extra Move)" not in out  # program-wide note, not an item
    assert "[eccentric-frequency]" in out


@pytest.mark.parametrize("path", sorted((REPO / "programs").glob("*.toml")), ids=lambda p: p.stem)
def test_examples_review_with_exit_0(run_cli: Run, path: Path) -> None:
    code, out, err = run_cli("review", path)
    assert (code, err) == (0, "")
    assert " warning: " not in out and " problem: " not in out
