"""The bundled library and example programs, in a source checkout or an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    installed = _PACKAGE / "_data" / name  # a wheel puts them here (pyproject force-include)
    if installed.is_dir():
        return installed
    return _PACKAGE.parent.parent / name  # src/hamtui -> the checkout's top folder


def bundled_library_dir() -> Path:
    return _bundled("library")


def bundled_programs_dir() -> Path:
    return _bundled("programs")


def bundled_plans_dir() -> Path:
    return _bundled("plans")


def is_bundled_plan(path: Path) -> bool:
    """A plan file of the bundled examples (never written: decisions and saves go to a copy)."""
    try:
        return path.resolve().parent == bundled_plans_dir().resolve()
    except OSError:
        return False
