"""Where hamtui keeps things: platformdirs, or everything under HAMTUI_HOME when it is set."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "hamtui"


def home() -> Path | None:
    """HAMTUI_HOME, which overrides every other folder (tests, one workspace per trainer)."""
    value = os.environ.get("HAMTUI_HOME")
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    root = home()
    return root if root else platformdirs.user_data_path(APP)


def config_dir() -> Path:
    root = home()
    return root if root else platformdirs.user_config_path(APP)


def cache_dir() -> Path:
    root = home()
    return root / "cache" if root else platformdirs.user_cache_path(APP)


def user_library_dir() -> Path:
    return data_dir() / "library"


def user_programs_dir() -> Path:
    return data_dir() / "programs"


def user_plans_dir() -> Path:
    return data_dir() / "plans"


def sessions_dir() -> Path:
    return data_dir() / "sessions"
