"""Shared fixtures: an isolated HAMTUI_HOME, file writing, and in-process CLI runs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hamtui.cli import main

PLATFORM_FOLDERS = ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME")


@pytest.fixture(scope="session", autouse=True)
def platform_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Before any other fixture: every platform folder (platformdirs' XDG folders, and a HOME
    for what has none) points at a temporary one, so that no test, nor a module-scoped
    fixture that runs before `hamtui_home`, writes under the real ~/.cache, ~/.local or
    ~/.config. Subprocesses inherit it."""
    root = tmp_path_factory.mktemp("platform")
    with pytest.MonkeyPatch.context() as patch:
        for name in PLATFORM_FOLDERS:
            folder = root / name.removeprefix("XDG_").removesuffix("_HOME").lower()
            folder.mkdir()
            patch.setenv(name, str(folder))
        patch.delenv("HAMTUI_HOME", raising=False)
        yield root


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
