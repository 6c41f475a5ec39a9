"""An installed (non-editable) wheel carries the bundled library and validates programs with it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Install:
    python: Path
    hamtui: Path
    site: Path
    env: dict[str, str]
    library_names: frozenset[str]


def run(*argv: str | Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [str(a) for a in argv], capture_output=True, text=True, timeout=300, **kwargs
    )


@pytest.fixture(scope="module")
def install(tmp_path_factory: pytest.TempPathFactory) -> Install:
    root = tmp_path_factory.mktemp("wheel")
    library_names = frozenset(p.name for p in (REPO / "library").glob("*.toml"))
    built = run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "--no-build-isolation",
        "--wheel-dir",
        root / "dist",
        REPO,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = (root / "dist").glob("hamtui-*.whl")

    venv = root / "venv"
    made = run(sys.executable, "-m", "venv", "--without-pip", venv)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    installed = run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--quiet",
        "--no-deps",
        "--no-index",
        wheel,
    )
    assert installed.returncode == 0, installed.stderr
    site = Path(
        run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").stdout.strip()
    )
    # The dependencies (pydantic, tomli-w ...) come from the test venv, *after* the fresh
    # venv's own site-packages: a .pth line appends a folder without running its .pth files,
    # so the editable hamtui of the test venv stays out of sight.
    (site / "zz_test_deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "HAMTUI_DEBUG"}}
    env["HAMTUI_HOME"] = str(root / "home")
    return Install(python, venv / "bin" / "hamtui", site, env, library_names)


def test_bundled_library_dir_is_inside_the_installed_package(
    install: Install, tmp_path: Path
) -> None:
    probe = (
        "import json, hamtui, hamtui.resources as r;"
        "print(json.dumps([hamtui.__file__, str(r.bundled_library_dir()),"
        " str(r.bundled_programs_dir())]))"
    )
    result = run(install.python, "-c", probe, cwd=tmp_path, env=install.env)
    assert result.returncode == 0, result.stderr
    init, library, programs = (Path(p) for p in json.loads(result.stdout))
    package = install.site / "hamtui"
    assert init == package / "__init__.py"
    assert library == package / "_data" / "library"
    assert programs == package / "_data" / "programs"
    names = {p.name for p in library.glob("*.toml")}
    assert names == install.library_names
    assert "safety.toml" in names
    assert len(names) > 10


def test_installed_hamtui_validates_with_the_bundled_library(
    install: Install, tmp_path: Path
) -> None:
    bundled = install.site / "hamtui" / "_data"
    exercise = sorted(install.library_names - {"safety.toml"})[0].removesuffix(".toml")
    program = tmp_path / "mine.toml"
    program.write_text(
        f'format = "hamtui-program/1"\ntitle = "t"\n[[blocks]]\n[[blocks.items]]\n'
        f'exercise = "{exercise}"\n'
    )
    examples = sorted((bundled / "programs").glob("*.toml"))
    result = run(install.hamtui, "validate", program, *examples, cwd=tmp_path, env=install.env)
    assert (result.returncode, result.stderr) == (0, "")
    count = 1 + len(examples)
    assert result.stdout == f"checked {count} file{'s' if count > 1 else ''}: all valid\n"

    # The same program with an exercise the bundled library lacks does not validate.
    program.write_text(program.read_text().replace(exercise, "not-in-the-library"))
    result = run(install.hamtui, "validate", program, cwd=tmp_path, env=install.env)
    assert result.returncode == 1
    assert "unknown exercise `not-in-the-library`" in result.stdout
