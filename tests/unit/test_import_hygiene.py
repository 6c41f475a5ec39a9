"""The floors of ARCHITECTURE.md, seen from a fresh interpreter: importing any core module
loads no Textual, no Rich and neither of the floors above it; the command line's modules load
no Textual either. (import-linter checks the same statically in `make test`; this checks what
really ends up in sys.modules, lazy imports and all.)"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import hamtui

ABOVE_THE_CORE = ("hamtui.tui", "hamtui.cli")
NEVER_IN_THE_CORE = ("textual", "rich", "textual_serve")


def modules() -> list[str]:
    return sorted(info.name for info in pkgutil.walk_packages(hamtui.__path__, "hamtui."))


CORE = [m for m in modules() if not m.startswith(ABOVE_THE_CORE)]
CLI = [m for m in modules() if m.startswith("hamtui.cli") and m != "hamtui.cli.__main__"]


def loaded_after_import(module: str) -> list[str]:
    code = (
        f"import importlib, json, sys; importlib.import_module({module!r}); "
        "print(json.dumps(sorted(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    loaded: list[str] = json.loads(done.stdout)
    return loaded


def top(names: list[str], prefixes: tuple[str, ...]) -> list[str]:
    return sorted({n for n in names for p in prefixes if n == p or n.startswith(p + ".")})


def test_the_core_is_every_module_but_the_two_floors() -> None:
    assert "hamtui.session.run" in CORE and "hamtui.dose" in CORE
    assert "hamtui.cli.plain" not in CORE and "hamtui.tui.app" not in CORE
    assert len(CORE) > 25


@pytest.mark.parametrize("module", CORE)
def test_a_core_module_loads_nothing_from_above(module: str) -> None:
    loaded = loaded_after_import(module)
    assert top(loaded, NEVER_IN_THE_CORE + ABOVE_THE_CORE) == []


@pytest.mark.parametrize("module", CLI)
def test_a_command_line_module_loads_no_textual(module: str) -> None:
    loaded = loaded_after_import(module)
    assert top(loaded, ("textual", "rich", "hamtui.tui")) == []


def test_tests_use_temporary_platform_folders(platform_folders: Path) -> None:
    """No test writes under the real ~/.cache, ~/.local or ~/.config: platformdirs answers
    with the session's temporary folders even where HAMTUI_HOME is not set."""
    import os

    import platformdirs

    from hamtui import paths

    saved = os.environ.pop("HAMTUI_HOME")
    try:
        for folder in (paths.cache_dir(), paths.data_dir(), paths.config_dir()):
            assert folder.is_relative_to(platform_folders), folder
        assert Path(platformdirs.user_cache_dir()).is_relative_to(platform_folders)
    finally:
        os.environ["HAMTUI_HOME"] = saved
