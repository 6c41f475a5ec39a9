"""The settings file, `config.toml` in the config folder (format hamtui-config/1).

```toml
format = "hamtui-config/1"
theme = "nord"           # one of Textual's built-in themes
bell = true              # ring the terminal bell at the end of work, rest and get-ready
pain_threshold = 5       # 0..10: a reported pain above this shows advice in a session
default_rest_s = 30      # 0..600: the rest between sets an added exercise gets if it gives none
get_ready_s = 10         # 0..60: the count-down before each exercise in a session
web_max_tabs = 8         # 1..64: browser tabs `hamtui web` serves at once

[keymap]                 # binding id = key(s); only the ids in BINDING_IDS
save = "ctrl+s"
pause = "space,p"
```

A missing file means every default. A broken file is reported with the same clear lines as
any other hamtui file (`path:line:col: ...` for TOML syntax, `path: key: ...` for values, a
"did you mean" for a misspelt key, theme or action). `hamtui config` shows those problems and
exits 1; everything else (the app, `hamtui run`) prints one warning line to stderr and goes on
with all the defaults (`load_config_or_defaults`).

How the settings are used:
- `theme`: the app's theme at start (`App.theme`).
- `bell`: whether the session screen rings the bell.
- `pain_threshold`: when set in the file, it replaces safety.toml's `general.pain_threshold`
  for this person (`hamtui.session.run.SessionOptions.from_config` decides it, once).
- `default_rest_s`: when the editor adds an exercise whose `[defaults]` give no rest (no
  `rest_s`, or `rest_s = 0`) or an exercise that does not resolve, the new item gets this rest
  between its sets (`rest_for_new_item`). An exercise's own rest always wins, and a trainer
  can set any item's rest to 0 afterwards.
- `get_ready_s`: the get-ready step of a session.
- `web_max_tabs`: how many browser tabs `hamtui web` serves at once (each runs its own app);
  the next one gets a page saying so.
- `keymap`: passed to Textual's `App.set_keymap`; binding ids not listed keep their keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hamtui import paths, workspace
from hamtui.errors import ConflictError, HamtuiError, LoadError, Problem, validation_problems
from hamtui.files import parse_toml, read_bytes, write_atomic
from hamtui.model.config import (
    BINDING_IDS,
    BUILTIN_THEMES,
    CONFIG_FORMAT,
    DEFAULT_THEME,
    KEY_PATTERN,
    MODIFIERS,
    SETTINGS,
    Config,
    Source,
    is_key,
)
from hamtui.model.exercise import ExerciseBody
from hamtui.text import one_line

__all__ = [
    "BINDING_IDS",
    "BUILTIN_THEMES",
    "CONFIG_FILE",
    "CONFIG_FORMAT",
    "DEFAULT_THEME",
    "KEY_PATTERN",
    "MODIFIERS",
    "SETTINGS",
    "Config",
    "Setting",
    "Source",
    "config_path",
    "effective_settings",
    "is_key",
    "load_config",
    "load_config_or_defaults",
    "parse_config",
    "rest_for_new_item",
    "starter_text",
    "write_starter",
]

CONFIG_FILE = "config.toml"


def config_path() -> Path:
    """Where the settings live: `<config dir>/config.toml` (`$HAMTUI_HOME/config.toml`)."""
    return paths.config_dir() / CONFIG_FILE


# ---------------------------------------------------------------------------------------------
# Reading


def _format_problem(shown: str, document: dict[str, Any]) -> Problem | None:
    fmt = document.get("format")
    if fmt is None:
        return Problem(
            shown, f'is required: a hamtui file starts with format = "{CONFIG_FORMAT}"', "format"
        )
    if not isinstance(fmt, str):
        return Problem(shown, "must be text in quotes", "format")
    if fmt == CONFIG_FORMAT:
        return None
    family = fmt.split("/", 1)[0]
    got = one_line(fmt, 60)
    if family == CONFIG_FORMAT.split("/", 1)[0]:
        return Problem(
            shown,
            f'unknown version "{got}": this hamtui reads {CONFIG_FORMAT} '
            "(the file may come from a newer hamtui)",
            "format",
        )
    if family.startswith("hamtui-"):
        return Problem(shown, f"this is a {got} file, where a config file was expected", "format")
    return Problem(shown, f'unknown format "{got}" (expected {CONFIG_FORMAT})', "format")


def parse_config(path: Path, data: bytes) -> Config:
    """Validate the bytes of a config file, or raise LoadError with every problem."""
    shown = str(path)
    document = parse_toml(path, data)
    problem = _format_problem(shown, document)
    if problem is not None:
        raise LoadError([problem])
    try:
        return Config.model_validate(document)
    except ValidationError as exc:
        raise LoadError(validation_problems(shown, exc, Config)) from None


def load_config(path: Path | None = None) -> Config:
    """The settings in `path` (default: `config_path()`); all defaults when there is no file.

    Raises LoadError when the file cannot be read or is not a valid config.
    """
    path = config_path() if path is None else path
    if not path.exists() and not path.is_symlink():
        return Config()
    return parse_config(path, read_bytes(path))


def load_config_or_defaults(path: Path | None = None) -> tuple[Config, str | None]:
    """The settings, or all defaults and a one-line warning when the file is broken.

    For everything but `hamtui config`: the caller prints the warning to stderr (or shows it in
    the app) and goes on.
    """
    try:
        return load_config(path), None
    except LoadError as exc:
        problems = exc.problems or [Problem(str(path or config_path()), str(exc))]
        more = len(problems) - 1
        extra = f" (and {more} more)" if more else ""
        return Config(), (
            f"hamtui: warning: {problems[0]}{extra}; using the default settings "
            "(`hamtui config` lists every problem)"
        )
    except HamtuiError as exc:  # pragma: no cover - read_bytes raises only LoadError
        return Config(), f"hamtui: warning: {one_line(str(exc))}; using the default settings"


# ---------------------------------------------------------------------------------------------
# Using the settings


def rest_for_new_item(config: Config, exercise: ExerciseBody | None) -> int:
    """The rest between sets of an item the editor adds: the exercise's default rest when it
    gives one (above 0), else the config's `default_rest_s`."""
    if exercise is not None and exercise.defaults.rest_s > 0:
        return exercise.defaults.rest_s
    return config.default_rest_s


@dataclass(frozen=True)
class Setting:
    """One effective setting, as `hamtui config` shows it."""

    name: str
    value: str  # as TOML writes it
    source: Source


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + one_line(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)


def effective_settings(config: Config) -> list[Setting]:
    """Every setting with its value and where it came from; keymap overrides one per line."""
    rows: list[Setting] = []
    for name in SETTINGS:
        if name == "keymap":
            continue
        rows.append(Setting(name, _toml(getattr(config, name)), config.source(name)))
    if config.keymap:
        for action in BINDING_IDS:
            if action in config.keymap:
                rows.append(Setting(f"keymap.{action}", _toml(config.keymap[action]), "file"))
    else:
        rows.append(Setting("keymap", "{}", config.source("keymap")))
    return rows


# ---------------------------------------------------------------------------------------------
# The starter file


def _wrapped(words: tuple[str, ...], prefix: str, width: int = 96) -> list[str]:
    lines: list[str] = []
    line = prefix
    for word in words:
        if len(line) + len(word) + 1 > width and line != prefix:
            lines.append(line.rstrip())
            line = prefix
        line += word + " "
    lines.append(line.rstrip())
    return lines


def starter_text() -> str:
    """A commented config file: every setting at its default, commented out."""
    defaults = Config()
    lines = [
        "# hamtui settings. Remove the `# ` before a line to change that setting;",
        "# `hamtui config` shows the values in force and checks this file.",
        f'format = "{CONFIG_FORMAT}"',
        "",
        "# The colours of the app. One of Textual's built-in themes:",
        *_wrapped(BUILTIN_THEMES, "#   "),
        f'# theme = "{defaults.theme}"',
        "",
        "# Ring the terminal bell when work, rest or get-ready ends in a session.",
        f"# bell = {_toml(defaults.bell)}",
        "",
        "# Pain (0-10) above which a session shows advice. When set here, it replaces the",
        "# pain_threshold of the library's safety.toml.",
        f"# pain_threshold = {defaults.pain_threshold}",
        "",
        "# Seconds of rest between sets (0-600) for an exercise added to a program when the",
        "# exercise's own defaults give no rest.",
        f"# default_rest_s = {defaults.default_rest_s}",
        "",
        "# Seconds of get-ready count-down (0-60) before each exercise in a session.",
        f"# get_ready_s = {defaults.get_ready_s}",
        "",
        "# Browser tabs (1-64) that `hamtui web` serves at once; each runs its own app.",
        f"# web_max_tabs = {defaults.web_max_tabs}",
        "",
        '# Other keys for the app\'s actions: action = "key". A key is a name such as f5,',
        "# pageup or question_mark, or one character, after modifiers ctrl+, shift+ or alt+;",
        "# list several keys with commas. Actions:",
        *_wrapped(BINDING_IDS, "#   "),
        "[keymap]",
        '# save = "ctrl+s"',
        '# pause = "space,p"',
        "",
    ]
    return "\n".join(lines)


def write_starter(path: Path | None = None) -> Path:
    """Write the starter file (atomically, making its folder); refuse to replace a file."""
    path = config_path() if path is None else path
    shown = one_line(str(path))
    if path.exists() or path.is_symlink():
        raise HamtuiError(
            f"{shown}: already exists; edit it, or move it away to start from a fresh one"
        )
    try:
        workspace.make_folder(path.parent)
    except OSError as exc:
        raise HamtuiError(f"{shown}: cannot make its folder: {exc.strerror or exc}") from None
    try:
        write_atomic(path, starter_text().encode("utf-8"), expected_sha256=None, force=False)
    except ConflictError:
        raise HamtuiError(
            f"{shown}: already exists; edit it, or move it away to start from a fresh one"
        ) from None
    return path
