"""Shared fixtures: an isolated HAMTUI_HOME, file writing, and in-process CLI runs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from hamtui.cli import main


@pytest.fixture(autouse=True)
def hamtui_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty HAMTUI_HOME, so no user library leaks in."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HAMTUI_HOME", str(home))
    return home


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """write("name.toml", text or bytes) -> the path of a new file under tmp_path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return _write


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """run_cli("validate", path, ...) -> (exit code, stdout, stderr), in-process."""

    def _run(*argv: str | Path) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:  # argparse errors and --help
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return code, out, err

    return _run
