"""`hamtui config`: the path, whether it exists, each setting and its source; `--init`."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from hamtui.config import Config, load_config, starter_text

Run = Callable[..., tuple[int, str, str]]
HEAD = 'format = "hamtui-config/1"\n'


def test_no_file_shows_the_defaults(run_cli: Run, hamtui_home: Path) -> None:
    code, out, err = run_cli("config")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"config file: {hamtui_home / 'config.toml'} (not found: all defaults)",
        'theme          = "textual-dark"  (default)',
        "bell           = true            (default)",
        "pain_threshold = 5               (default)",
        "default_rest_s = 30              (default)",
        "get_ready_s    = 10              (default)",
        "web_max_tabs   = 8               (default)",
        "keymap         = {}              (default)",
    ]


def test_file_values_and_their_sources(run_cli: Run, hamtui_home: Path) -> None:
    (hamtui_home / "config.toml").write_text(
        HEAD + 'theme = "nord"\nget_ready_s = 5\n[keymap]\npause = "space,p"\nsave = "f2"\n'
    )
    code, out, err = run_cli("config")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"config file: {hamtui_home / 'config.toml'} (exists)",
        'theme          = "nord"     (file)',
        "bell           = true       (default)",
        "pain_threshold = 5          (default)",
        "default_rest_s = 30         (default)",
        "get_ready_s    = 5          (file)",
        "web_max_tabs   = 8          (default)",
        'keymap.save    = "f2"       (file)',
        'keymap.pause   = "space,p"  (file)',
    ]


def test_broken_file_prints_every_problem_and_exits_1(run_cli: Run, hamtui_home: Path) -> None:
    path = hamtui_home / "config.toml"
    path.write_text(HEAD + 'bell = "yes"\ntheme = "dracla"\nbel = true\n[keymap]\nsav = "f2"\n')
    code, out, err = run_cli("config")
    assert code == 1
    assert out == f"config file: {path} (exists)\n"
    assert err.splitlines() == [
        f'{path}: theme: must be a built-in theme (got "dracla"); did you mean `dracula`?',
        f'{path}: bell: must be true or false (got "yes")',
        f"{path}: keymap.sav: this key is not an action hamtui knows; did you mean `save`?",
        f"{path}: bel: unknown key `bel`; did you mean `bell`?",
    ]


def test_syntax_error_is_one_line_with_position(run_cli: Run, hamtui_home: Path) -> None:
    path = hamtui_home / "config.toml"
    path.write_text(HEAD + "[keymap\n")
    code, _, err = run_cli("config")
    assert code == 1
    [line] = err.splitlines()
    assert line.startswith(f"{path}:2:")


def test_init_writes_a_starter_file(run_cli: Run, hamtui_home: Path) -> None:
    path = hamtui_home / "config.toml"
    code, out, err = run_cli("config", "--init")
    assert (code, err) == (0, "")
    assert out.splitlines() == [f"wrote {path}", "edit it, then run `hamtui config` to check it"]
    assert path.read_text(encoding="utf-8") == starter_text()
    assert load_config(path) == Config()
    assert not [p for p in hamtui_home.iterdir() if p.name != "config.toml"]  # no temp file
    code, out, _ = run_cli("config")
    assert code == 0 and "(exists)" in out and "(file)" not in out


def test_init_makes_the_config_folder(
    run_cli: Run, hamtui_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nested = hamtui_home / "a" / "b"
    monkeypatch.setenv("HAMTUI_HOME", str(nested))
    code, _, _ = run_cli("config", "--init")
    assert code == 0 and (nested / "config.toml").is_file()


def test_init_refuses_to_overwrite(run_cli: Run, hamtui_home: Path) -> None:
    path = hamtui_home / "config.toml"
    path.write_text(HEAD + "bell = false\n")
    code, out, err = run_cli("config", "--init")
    assert code == 1 and out == ""
    assert err == f"{path}: already exists; edit it, or move it away to start from a fresh one\n"
    assert path.read_text() == HEAD + "bell = false\n"


def test_help_describes_the_command(run_cli: Run) -> None:
    code, out, _ = run_cli("config", "--help")
    assert code == 0 and "--init" in out and "exit code is 1" in out
    code, out, _ = run_cli("--help")
    assert "config" in out and "--restricted" in out and "HAMTUI_RESTRICTED" in out


def test_config_command_does_not_import_textual(tmp_path: Path) -> None:
    probe = (
        "import sys, hamtui.cli\n"
        "code = hamtui.cli.main(['config'])\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')], 'heavy'\n"
        "sys.exit(code)\n"
    )
    (tmp_path / "config.toml").write_text(HEAD + 'theme = "nord"\n')
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={**os.environ, "HAMTUI_HOME": str(tmp_path)},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert 'theme          = "nord"  (file)' in result.stdout
