"""Fault suite, restricted mode: the workspace holds for every file hamtui finds in its own
folders, not only for the paths people type; pipes and devices are never waited on.

Each escape below was found in an adversarial pass: a link in the workspace's own folders
(programs, library, sessions, cache, config) leading out, a pipe or device where a file is
expected, and an open dialog whose answers told what exists outside."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hamtui import resources, workspace
from hamtui.catalog import scan_programs
from hamtui.library import load_library
from programs import QUICK

Run = Callable[..., tuple[int, str, str]]
OUTSIDE_TITLE = "Outside secret program"


@pytest.fixture(autouse=True)
def unrestricted_afterwards(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("HAMTUI_RESTRICTED", raising=False)
    monkeypatch.chdir(os.getcwd())  # restricted mode makes the workspace current
    workspace.set_policy(workspace.UNRESTRICTED)
    yield
    workspace.set_policy(workspace.UNRESTRICTED)


@pytest.fixture
def outside(hamtui_home: Path) -> Path:
    """A folder beside the workspace with a program, an exercise and a config of its own."""
    folder = hamtui_home.parent / f"{hamtui_home.name}-outside"
    folder.mkdir()
    bundled = next(resources.bundled_programs_dir().glob("*.toml")).read_text(encoding="utf-8")
    title_line = next(line for line in bundled.splitlines() if line.startswith("title = "))
    (folder / "p.toml").write_text(
        bundled.replace(title_line, f'title = "{OUTSIDE_TITLE}"'), encoding="utf-8"
    )
    (folder / "secret-move.toml").write_text(
        'format = "hamtui-exercise/1"\nname = "Secret move"\ncategory = "strength"\n'
        'mode = "reps"\n',
        encoding="utf-8",
    )
    (folder / "config.toml").write_text('format = "hamtui-config/1"\nbell = false\n')
    return folder


def restricted(home: Path) -> None:
    workspace.set_policy(workspace.Policy.for_workspace(workspace.Workspace(home)))


def test_a_programs_link_leading_out_shows_and_exports_nothing(
    run_cli: Run, hamtui_home: Path, outside: Path
) -> None:
    (hamtui_home / "programs").symlink_to(outside)
    code, _, err = run_cli("--restricted", "export", "programs/p.toml", "-o", "out.md")
    assert code != 0 and "outside the workspace" in err
    assert not (hamtui_home / "out.md").exists()
    restricted(hamtui_home)
    listed = scan_programs([hamtui_home / "programs"], load_library())
    [found] = [f for f in listed if f.path.name == "p.toml"]
    assert found.program is None  # no title, no content
    assert "outside the workspace" in found.problems[0]
    assert OUTSIDE_TITLE not in " ".join(found.problems)


def test_a_library_link_leading_out_adds_no_exercise(
    run_cli: Run, hamtui_home: Path, outside: Path
) -> None:
    (hamtui_home / "library").symlink_to(outside)
    code, out, _ = run_cli("--restricted", "library", "show", "secret-move")
    assert code != 0 and "Secret move" not in out
    restricted(hamtui_home)
    library = load_library()
    assert library.get("secret-move") is None
    assert any("outside the workspace" in str(p) for p in library.problems)


def test_an_exercise_file_linked_from_outside_is_refused(hamtui_home: Path, outside: Path) -> None:
    (hamtui_home / "library").mkdir()
    (hamtui_home / "library" / "secret-move.toml").symlink_to(outside / "secret-move.toml")
    restricted(hamtui_home)
    library = load_library()
    assert library.get("secret-move") is None
    assert any("is a link" in str(p) for p in library.problems)


def test_a_sessions_link_leading_out_keeps_no_record_there(
    run_cli: Run, hamtui_home: Path, outside: Path
) -> None:
    (hamtui_home / "sessions").symlink_to(outside)
    program = hamtui_home / "mine.toml"
    program.write_bytes((outside / "p.toml").read_bytes())
    before = sorted(p.name for p in outside.iterdir())
    code, _, err = run_cli("--restricted", "run", "--plain", "--auto-ack", "mine.toml")
    assert code != 0
    assert "cannot keep session records" in err and "outside the workspace" in err
    assert sorted(p.name for p in outside.iterdir()) == before


def test_a_cache_link_leading_out_writes_no_index_there(hamtui_home: Path, outside: Path) -> None:
    (hamtui_home / "library").mkdir()
    (hamtui_home / "library" / "mine.toml").write_text(
        'format = "hamtui-exercise/1"\nname = "Mine"\ncategory = "strength"\nmode = "reps"\n'
    )
    (hamtui_home / "cache").symlink_to(outside)
    before = sorted(p.name for p in outside.rglob("*"))
    restricted(hamtui_home)
    library = load_library()
    assert library.get("mine") is not None  # the library works, only without its cache
    assert sorted(p.name for p in outside.rglob("*")) == before


def test_a_config_link_leading_out_or_to_a_device_is_not_read(
    run_cli: Run, hamtui_home: Path, outside: Path
) -> None:
    config = hamtui_home / "config.toml"
    config.symlink_to(outside / "config.toml")
    code, _, err = run_cli("--restricted", "config")
    assert code == 1 and "outside the workspace" in err
    config.unlink()
    config.symlink_to("/dev/zero")
    code, _, err = run_cli("--restricted", "config")
    assert code == 1 and "outside the workspace" in err  # not a mebibyte of zeros
    code, _, err = run_cli("config")  # unrestricted: still not read
    assert code == 1 and "not a regular file" in err


def test_the_open_dialog_answers_alike_for_missing_and_existing_outside_files(
    hamtui_home: Path, outside: Path
) -> None:
    from hamtui.tui.screens.open_picker import resolve_typed

    restricted(hamtui_home)
    _, existing = resolve_typed(str(outside / "p.toml"), hamtui_home)
    _, missing = resolve_typed(str(outside / "nothing.toml"), hamtui_home)
    assert existing is not None and missing is not None
    assert existing.replace("p.toml", "X") == missing.replace("nothing.toml", "X")
    assert "outside the workspace" in existing


# -- pipes: never waited on, restricted or not ----------------------------------------------


def hamtui(home: Path, *argv: str, restricted: bool = False) -> subprocess.CompletedProcess[str]:
    """A subprocess, so that a hang is a timeout here, not a stuck test run."""
    return subprocess.run(
        [sys.executable, "-m", "hamtui.cli", *(["--restricted"] if restricted else []), *argv],
        env={**os.environ, "HAMTUI_HOME": str(home)},
        cwd=home,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("is_restricted", [False, True])
def test_a_pipe_as_config_is_refused_not_waited_on(hamtui_home: Path, is_restricted: bool) -> None:
    os.mkfifo(hamtui_home / "config.toml")
    result = hamtui(hamtui_home, "config", restricted=is_restricted)
    assert result.returncode == 1
    assert "not a regular file" in result.stderr or "device, pipe or socket" in result.stderr


@pytest.mark.parametrize("is_restricted", [False, True])
def test_a_pipe_among_the_sessions_is_skipped(hamtui_home: Path, is_restricted: bool) -> None:
    (hamtui_home / "sessions").mkdir()
    os.mkfifo(hamtui_home / "sessions" / "20261120T180211Z-p-000000.toml")
    (hamtui_home / "mine.toml").write_text(QUICK, encoding="utf-8")
    result = hamtui(
        hamtui_home, "history", restricted=is_restricted
    )  # reads every record: must not wait on the pipe
    assert result.returncode in (0, 1), result.stderr
    result = hamtui(
        hamtui_home,
        "run",
        "--plain",
        "--auto-ack",
        "--resume",
        "mine.toml",
        "--get-ready",
        "1",
        restricted=is_restricted,
    )
    assert "Traceback" not in result.stderr


def test_a_pipe_among_the_programs_is_listed_as_unreadable(hamtui_home: Path) -> None:
    (hamtui_home / "programs").mkdir()
    os.mkfifo(hamtui_home / "programs" / "stuck.toml")
    [found] = scan_programs([hamtui_home / "programs"], load_library())
    assert found.program is None and "not a regular file" in found.problems[0]


def test_a_pipe_given_to_the_importer_is_refused(hamtui_home: Path) -> None:
    os.mkfifo(hamtui_home / "exercises.json")
    result = hamtui(hamtui_home, "library", "import", "exercises.json", "--into", "lib")
    assert result.returncode != 0 and "not a regular file" in result.stderr
