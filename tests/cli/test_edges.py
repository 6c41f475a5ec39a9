"""Edges answered cleanly (issue: nothing lost, no one in): a missing file is not counted
as a checked one, a number of weeks is bounded, a record that finishes before it starts is a
validation error, a handout never replaces a hamtui file, closed or full standard streams get
one line, and global options are kept before a command and taken after it. (The importer's
reserved names are tested with the importer.)"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

Run = Callable[..., tuple[int, str, str]]
Write = Callable[[str, str], Path]


def test_validate_never_counts_a_missing_file(run_cli: Run, tmp_path: Path) -> None:
    code, out, _ = run_cli("validate", tmp_path / "nonexistent.toml")
    assert code == 1
    assert out.splitlines()[-1] == "checked 0 files; 1 not found"


def test_history_weeks_is_bounded(run_cli: Run) -> None:
    code, out, err = run_cli("history", "--weeks", "1000000")
    assert (code, out) == (2, "")
    assert err == "history: --weeks must be between 1 and 520 (got 1000000)\n"


def test_a_record_that_finishes_before_it_starts_is_invalid(run_cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "backwards.toml"
    path.write_text(
        'format = "hamtui-session/1"\nprogram = "p.toml"\nprogram_sha256 = "' + "0" * 64 + '"\n'
        "started = 2026-11-20T18:00:00Z\nfinished = 2026-11-20T17:00:00Z\n"
        'status = "completed"\n',
        encoding="utf-8",
    )
    code, out, _ = run_cli("validate", path)
    assert code == 1
    assert "finished must not be before started" in out


def test_export_never_writes_a_handout_over_its_program_or_a_hamtui_file(
    run_cli: Run, tmp_path: Path
) -> None:
    program = tmp_path / "p.toml"
    text = 'format = "hamtui-program/1"\ntitle = "P"\n'
    program.write_text(text, encoding="utf-8")
    code, _, err = run_cli("export", program, "-o", program)
    assert code == 1 and "is the program itself" in err
    assert program.read_text(encoding="utf-8") == text
    other = tmp_path / "config.toml"
    other.write_text('format = "hamtui-config/1"\n', encoding="utf-8")
    code, _, err = run_cli("export", program, "-o", other, "--format", "md")
    assert code == 1 and "is a hamtui file" in err and "--force" in err
    assert other.read_text(encoding="utf-8") == 'format = "hamtui-config/1"\n'
    code, _, _ = run_cli("export", program, "-o", other, "--format", "md", "--force")
    assert code == 0 and other.read_text(encoding="utf-8").startswith("# P")


def _shell(command: str) -> tuple[int, str]:
    import shlex
    import subprocess
    import sys

    hamtui = shlex.quote(str(Path(sys.executable).parent / "hamtui"))
    done = subprocess.run(
        ["bash", "-c", command.replace("hamtui", hamtui, 1)],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    return done.returncode, done.stderr


def test_closed_or_full_standard_streams_get_one_line_and_exit_1() -> None:
    assert _shell("hamtui validate programs >&-") == (1, "hamtui: standard output is closed\n")
    assert _shell("hamtui validate programs > /dev/full") == (
        1,
        "hamtui: cannot write the output: No space left on device\n",
    )
    assert _shell("hamtui run --plain programs/mid-stage-strength.toml <&-") == (
        1,
        "hamtui: standard input is closed\n",
    )


def test_a_global_library_option_before_edit_is_kept() -> None:
    """`hamtui --library DIR edit P` used to drop DIR: the edit command's own option erased
    the global one."""
    from hamtui.cli.common import COMMAND_LIBRARY
    from hamtui.cli.parser import build_parser

    parser = build_parser()
    for argv in (
        ["--library", "extra", "edit", "p.toml"],
        ["edit", "--library", "extra", "p.toml"],
    ):
        args = parser.parse_args(argv)
        merged = [*args.library, *getattr(args, COMMAND_LIBRARY, [])]
        assert merged == [Path("extra")], argv


def test_global_options_are_taken_after_the_command_too(run_cli: Run, tmp_path: Path) -> None:
    import os

    from hamtui import workspace

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "glute-bridge.toml").write_text(
        'format = "hamtui-exercise/1"\nname = "My bridge"\ncategory = "strength"\nmode = "reps"\n',
        encoding="utf-8",
    )
    code, _, err = run_cli("library", "show", "glute-bridge", "--library", mine)
    assert code == 0 and "overrides exercise `glute-bridge`" in err  # said, as asked for
    code, _, err = run_cli("library", "show", "glute-bridge", "--library", mine, "--quiet")
    assert (code, err) == (0, "")  # --quiet after the command is kept
    here = os.getcwd()
    try:
        code, out, err = run_cli("validate", "/etc/passwd", "--restricted")
    finally:
        os.chdir(here)
        workspace.set_policy(workspace.UNRESTRICTED)
    assert (code, out) == (2, "")
    assert "is outside the workspace" in err
