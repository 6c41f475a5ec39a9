"""Restricted mode: paths outside the workspace (`..`, absolute, links) are refused."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hamtui import resources, workspace
from hamtui.workspace import (
    OutsideWorkspace,
    Policy,
    Workspace,
    WorkspaceError,
    check_read,
    check_write,
    configure,
)

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture(autouse=True)
def unrestricted_afterwards(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts and ends unrestricted, in its own current folder."""
    monkeypatch.delenv("HAMTUI_RESTRICTED", raising=False)
    monkeypatch.chdir(os.getcwd())  # restored after the test, whatever main() changed
    workspace.set_policy(workspace.UNRESTRICTED)
    yield
    workspace.set_policy(workspace.UNRESTRICTED)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A workspace with a file and a folder, next to an outside folder with a secret."""
    ws = tmp_path / "ws"
    (ws / "programs").mkdir(parents=True)
    (ws / "programs" / "p.toml").write_text("x")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.toml").write_text("secret")
    return ws


@pytest.fixture
def ws(root: Path) -> Workspace:
    return Workspace(root)


# ---------------------------------------------------------------------------------------------
# Workspace.resolve


def test_relative_paths_are_taken_inside(ws: Workspace, root: Path) -> None:
    assert ws.resolve("programs/p.toml") == root.resolve() / "programs" / "p.toml"
    assert ws.resolve(Path("new.toml")) == root.resolve() / "new.toml"  # need not exist
    assert ws.resolve(".") == root.resolve()
    assert ws.resolve("programs/../programs/p.toml") == root.resolve() / "programs" / "p.toml"


def test_dotdot_that_escapes_is_refused(ws: Workspace, root: Path) -> None:
    with pytest.raises(OutsideWorkspace) as caught:
        ws.resolve("../outside/secret.toml")
    assert str(caught.value) == (
        f"../outside/secret.toml: climbs out of the workspace {root.resolve()} with `..`; "
        "in restricted mode hamtui reads and writes only inside it"
    )
    with pytest.raises(OutsideWorkspace, match="climbs out"):
        ws.resolve("programs/../../x")
    with pytest.raises(OutsideWorkspace, match="climbs out"):
        ws.resolve("..")


def test_absolute_outside_is_refused(ws: Workspace, root: Path) -> None:
    with pytest.raises(OutsideWorkspace) as caught:
        ws.resolve("/etc/passwd")
    assert str(caught.value).startswith(f"/etc/passwd: is outside the workspace {root.resolve()}")
    with pytest.raises(OutsideWorkspace, match="is outside"):
        ws.resolve(root.parent / "outside" / "secret.toml")
    with pytest.raises(OutsideWorkspace, match="is outside"):
        ws.resolve(str(root) + "-sibling/x.toml")  # a name that merely starts the same


def test_absolute_inside_is_allowed(ws: Workspace, root: Path) -> None:
    assert ws.resolve(root / "programs" / "p.toml") == root.resolve() / "programs" / "p.toml"
    assert ws.resolve(str(root)) == root.resolve()


def test_link_to_a_file_outside_is_refused(ws: Workspace, root: Path) -> None:
    (root / "link.toml").symlink_to(root.parent / "outside" / "secret.toml")
    with pytest.raises(OutsideWorkspace) as caught:
        ws.resolve("link.toml")
    message = str(caught.value)
    assert message.startswith("link.toml: leads outside the workspace")
    assert "through a link" in message
    assert "secret" not in message  # where the link points is not told


def test_link_to_a_folder_outside_is_refused(ws: Workspace, root: Path) -> None:
    (root / "out").symlink_to(root.parent / "outside", target_is_directory=True)
    for path in ("out", "out/secret.toml", "out/new.toml", root / "out" / "secret.toml"):
        with pytest.raises(OutsideWorkspace, match="through a link"):
            ws.resolve(path)


def test_link_then_dotdot_is_judged_on_the_real_path(ws: Workspace, root: Path) -> None:
    """`deep/..` after a link to a deep outside folder lands outside, not back inside."""
    (root.parent / "outside" / "deep").mkdir()
    (root / "deep").symlink_to(root.parent / "outside" / "deep", target_is_directory=True)
    with pytest.raises(OutsideWorkspace):
        ws.resolve("deep/../secret.toml")


def test_link_inside_pointing_inside_is_allowed(ws: Workspace, root: Path) -> None:
    (root / "alias.toml").symlink_to(root / "programs" / "p.toml")
    (root / "progs").symlink_to(root / "programs", target_is_directory=True)
    real = root.resolve() / "programs" / "p.toml"
    assert ws.resolve("alias.toml") == real
    assert ws.resolve("progs/p.toml") == real


def test_a_linked_workspace_root_is_fine(tmp_path: Path, root: Path) -> None:
    """The workspace may itself be reached through a link (e.g. /srv -> /data/srv)."""
    alias = tmp_path / "alias"
    alias.symlink_to(root, target_is_directory=True)
    ws = Workspace(alias)
    assert ws.root == root.resolve()
    assert ws.resolve(alias / "programs" / "p.toml") == root.resolve() / "programs" / "p.toml"
    assert ws.resolve("programs/p.toml") == root.resolve() / "programs" / "p.toml"


def test_link_loop_stays_a_path_inside(ws: Workspace, root: Path) -> None:
    (root / "loop").symlink_to(root / "loop")
    assert ws.contains(ws.resolve("loop"))


@pytest.mark.parametrize("bad", ["", "a\x00b"])
def test_empty_and_nul_paths(ws: Workspace, bad: str) -> None:
    with pytest.raises(OutsideWorkspace):
        ws.resolve(bad)


def test_control_characters_in_messages_are_spelled_out(ws: Workspace) -> None:
    with pytest.raises(OutsideWorkspace) as caught:
        ws.resolve("/tmp/\x1b[2Jx")
    assert "\x1b" not in str(caught.value) and "\\x1b[2J" in str(caught.value)


# ---------------------------------------------------------------------------------------------
# The policy


def test_unrestricted_policy_lets_everything_through() -> None:
    policy = Policy()
    assert not policy.restricted and policy.may_run_programs
    assert policy.check_read("/etc/passwd") == Path("/etc/passwd")
    assert policy.check_write("../x") == Path("../x")
    assert not workspace.restricted() and workspace.may_run_programs()


def test_restricted_policy_reads_and_writes_inside(ws: Workspace, root: Path) -> None:
    policy = Policy.for_workspace(ws)
    assert policy.restricted and not policy.may_run_programs
    assert policy.check_read("programs/p.toml") == root.resolve() / "programs" / "p.toml"
    assert policy.check_write("programs/new.toml") == root.resolve() / "programs" / "new.toml"
    assert policy.check_write("programs") == root.resolve() / "programs"  # a folder to write into
    for method in (policy.check_read, policy.check_write):
        for path in ("../outside/secret.toml", "/etc/passwd"):
            with pytest.raises(OutsideWorkspace):
                method(path)


def test_bundled_data_is_readable_never_writable(ws: Workspace) -> None:
    policy = Policy.for_workspace(ws)
    bundled = next(resources.bundled_library_dir().glob("*.toml"))
    program = next(resources.bundled_programs_dir().glob("*.toml"))
    assert policy.check_read(bundled) == bundled.resolve()
    assert policy.check_read(str(program)) == program.resolve()
    assert policy.check_read(resources.bundled_library_dir()) == (
        resources.bundled_library_dir().resolve()
    )
    for path in (bundled, program, resources.bundled_programs_dir() / "new.toml"):
        with pytest.raises(OutsideWorkspace):
            policy.check_write(path)


def test_bundled_data_inside_the_workspace_is_still_read_only(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    policy = Policy(Workspace(tmp_path), read_only=[library])
    assert policy.check_read("library/x.toml") == library.resolve() / "x.toml"
    with pytest.raises(OutsideWorkspace, match="bundled library or programs"):
        policy.check_write("library/x.toml")


def test_hidden_names_are_never_written(ws: Workspace, root: Path) -> None:
    policy = Policy.for_workspace(ws)
    for path in (".ssh/authorized_keys", ".profile", "programs/.hidden/x.toml", root / ".bashrc"):
        with pytest.raises(OutsideWorkspace, match="starting with a dot"):
            policy.check_write(path)
    (root / ".notes.toml").write_text("x")
    assert policy.check_read(".notes.toml") == root.resolve() / ".notes.toml"


def test_devices_and_pipes_are_refused(ws: Workspace, root: Path) -> None:
    policy = Policy.for_workspace(ws)
    os.mkfifo(root / "pipe.toml")
    (root / "null.toml").symlink_to("/dev/null")
    for method in (policy.check_read, policy.check_write):
        with pytest.raises(OutsideWorkspace, match="not a regular file"):
            method("pipe.toml")
    with pytest.raises(OutsideWorkspace):
        policy.check_read("null.toml")
    with pytest.raises(OutsideWorkspace):
        policy.check_read("/dev/zero")


def test_module_level_policy(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HAMTUI_HOME", str(root))
    policy = configure(True)
    assert workspace.current() is policy and workspace.restricted()
    assert not workspace.may_run_programs()
    assert check_read("programs/p.toml") == root.resolve() / "programs" / "p.toml"
    with pytest.raises(OutsideWorkspace):
        check_write("../x.toml")
    configure(False)
    assert not workspace.restricted()
    assert check_write("../x.toml") == Path("../x.toml")


@pytest.mark.parametrize("value", ["1", "yes", "true"])
def test_environment_turns_restricted_mode_on(
    root: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("HAMTUI_HOME", str(root))
    monkeypatch.setenv("HAMTUI_RESTRICTED", value)
    assert configure(False).restricted  # the environment wins over a missing flag


@pytest.mark.parametrize("value", ["", "0"])
def test_environment_zero_or_empty_is_off(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("HAMTUI_RESTRICTED", value)
    assert not configure(False).restricted


def test_restricted_mode_needs_hamtui_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("HAMTUI_HOME")
    with pytest.raises(WorkspaceError, match="restricted mode needs HAMTUI_HOME"):
        configure(True)
    monkeypatch.setenv("HAMTUI_HOME", "relative/folder")
    with pytest.raises(WorkspaceError, match="needs an absolute path"):
        configure(True)
    monkeypatch.setenv("HAMTUI_HOME", str(tmp_path / "missing"))
    with pytest.raises(WorkspaceError, match="no such folder"):
        configure(True)
    assert not tmp_path.joinpath("missing").exists()  # never made


def test_enter_makes_the_workspace_current(root: Path) -> None:
    Policy.for_workspace(Workspace(root)).enter()
    assert Path.cwd() == root.resolve()


# ---------------------------------------------------------------------------------------------
# `hamtui --restricted ...`


@pytest.fixture
def home_programs(hamtui_home: Path) -> Path:
    """A program in the test's workspace (HAMTUI_HOME), and a secret next to it."""
    folder = hamtui_home / "programs"
    folder.mkdir()
    bundled = next(resources.bundled_programs_dir().glob("*.toml"))
    (folder / "mine.toml").write_bytes(bundled.read_bytes())
    (hamtui_home.parent / "secret.toml").write_text('format = "hamtui-program/1"\ntitle = "s"\n')
    return folder


def test_restricted_validate_refuses_etc_passwd(run_cli: Run, hamtui_home: Path) -> None:
    code, out, err = run_cli("--restricted", "validate", "/etc/passwd")
    assert code == 2
    assert out == ""
    assert err == (
        f"/etc/passwd: is outside the workspace {hamtui_home.resolve()}; "
        "in restricted mode hamtui reads and writes only inside it\n"
    )


def test_restricted_validate_refuses_dotdot(run_cli: Run, home_programs: Path) -> None:
    code, out, err = run_cli("--restricted", "validate", "../secret.toml")
    assert code == 2
    assert err.startswith("../secret.toml: climbs out of the workspace")
    assert out == ""


def test_restricted_validate_inside_works(run_cli: Run, home_programs: Path) -> None:
    code, out, _ = run_cli("--restricted", "validate", "programs/mine.toml", "programs")
    assert (code, out.splitlines()[-1]) == (0, "checked 2 files: all valid")
    code, out, _ = run_cli("--restricted", "validate", home_programs / "mine.toml")
    assert code == 0


def test_restricted_validate_refuses_a_link_inside_a_folder(
    run_cli: Run, home_programs: Path
) -> None:
    (home_programs / "link.toml").symlink_to(home_programs.parent.parent / "secret.toml")
    code, _, err = run_cli("--restricted", "validate", "programs")
    assert code == 2
    assert "link.toml: leads outside the workspace" in err


def test_restricted_by_environment_cannot_be_undone(
    run_cli: Run, home_programs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HAMTUI_RESTRICTED", "1")
    code, _, err = run_cli("validate", "../secret.toml")
    assert code == 2 and "climbs out" in err


def test_restricted_without_hamtui_home_is_a_clear_error(
    run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HAMTUI_HOME")
    monkeypatch.setenv("HAMTUI_RESTRICTED", "1")
    code, out, err = run_cli("validate", "x.toml")
    assert code == 2 and out == ""
    assert err == (
        "hamtui: restricted mode needs HAMTUI_HOME, the person's workspace folder "
        "(for example HAMTUI_HOME=/srv/hamtui/ana); it is not set\n"
    )
    assert run_cli("--restricted", "schema", "program")[0] == 2


@pytest.mark.parametrize(
    "argv",
    [
        ["--library", "/usr", "library", "search", "bridge"],
        ["library", "show", "glute-bridge", "--library", "../"],
        ["review", "/etc/hosts"],
        ["library", "import", "/etc/hosts", "--into", "lib"],
        ["library", "import", "x.json", "--into", "../lib"],
        ["library", "import", "x.json", "--into", ".ssh"],
        ["run", "/etc/hosts"],
        ["export", "../secret.toml"],
        ["export", "early-hamstring-rehab", "-o", "../handout.md"],
        ["history", "--csv", "-o", "/tmp/sessions.csv"],
    ],
)
def test_restricted_commands_refuse_outside_paths(run_cli: Run, argv: list[str]) -> None:
    code, out, err = run_cli("--restricted", *argv)
    assert code == 2, err
    assert out == ""
    assert "restricted mode" in err and "Traceback" not in err


def test_restricted_review_reads_bundled_programs(run_cli: Run) -> None:
    program = next(resources.bundled_programs_dir().glob("*.toml"))
    code, _, err = run_cli("--restricted", "review", program)
    assert code in (0, 1) and "restricted" not in err


def test_restricted_export_finds_programs_by_name(run_cli: Run, hamtui_home: Path) -> None:
    code, _, err = run_cli("--restricted", "export", "early-hamstring-rehab", "-o", "h.md")
    assert code == 0, err
    assert (hamtui_home / "h.md").is_file()  # relative to the workspace


def test_restricted_config_and_schema_work(run_cli: Run, hamtui_home: Path) -> None:
    assert run_cli("--restricted", "schema", "program")[0] == 0
    code, _, _ = run_cli("--restricted", "config", "--init")
    assert code == 0 and (hamtui_home / "config.toml").is_file()
    assert run_cli("--restricted", "config")[0] == 0


@pytest.mark.parametrize("argv", [[], ["run", "programs/mine.toml"]])
def test_restricted_app_needs_a_terminal(
    run_cli: Run, home_programs: Path, argv: list[str]
) -> None:
    code, out, err = run_cli("--restricted", *argv)  # pytest's stdin is not a terminal
    assert code == 2 and out == ""
    assert "needs a terminal" in err and "ssh -t" in err


def test_restricted_commands_start_no_program(
    run_cli: Run, home_programs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("restricted mode started a program")

    monkeypatch.setattr(subprocess, "Popen", forbidden)
    for name in ("system", "fork", "posix_spawn", "posix_spawnp", "execv", "execve", "execvp"):
        if hasattr(os, name):
            monkeypatch.setattr(os, name, forbidden)
    runs = [
        ["validate", "programs"],
        ["review", "programs/mine.toml"],
        ["library", "search", "hamstring"],
        ["library", "show", "glute-bridge"],
        ["config"],
        ["validate", "/etc/passwd"],
    ]
    for argv in runs:
        code, _, err = run_cli("--restricted", *argv)
        assert code in (0, 1, 2), err
        assert "internal error" not in err
