"""The settings file: `<config dir>/config.toml` (format hamtui-config/1).

The lists below are contracts. `BUILTIN_THEMES` mirrors the themes Textual ships (a test
compares it with `textual.theme.BUILTIN_THEMES`, so the CLI never has to import Textual to
check a theme name). `BINDING_IDS` are the ids of the app's bindings that a `[keymap]` table
may rebind; the app gives its `Binding`s these ids.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from hamtui.errors import did_you_mean
from hamtui.model.common import Strict
from hamtui.text import one_line

CONFIG_FORMAT: Literal["hamtui-config/1"] = "hamtui-config/1"

# Textual's built-in theme names (textual.theme.BUILTIN_THEMES), sorted.
BUILTIN_THEMES: tuple[str, ...] = (
    "ansi-dark",
    "ansi-light",
    "atom-one-dark",
    "atom-one-light",
    "catppuccin-frappe",
    "catppuccin-latte",
    "catppuccin-macchiato",
    "catppuccin-mocha",
    "dracula",
    "flexoki",
    "gruvbox",
    "monokai",
    "nord",
    "rose-pine",
    "rose-pine-dawn",
    "rose-pine-moon",
    "solarized-dark",
    "solarized-light",
    "textual-dark",
    "textual-light",
    "tokyo-night",
)
DEFAULT_THEME = "textual-dark"

# The binding ids a keymap may rebind: the editor's, then the session screen's.
BINDING_IDS: tuple[str, ...] = (
    "save",
    "save-as",
    "open",
    "new",
    "undo",
    "redo",
    "search",
    "add-block",
    "details",
    "swap-easier",
    "toggle-pane",
    "review",
    "run-session",
    "history",
    "plan",
    "quit-q",
    "help",
    "pause",
    "skip",
    "back",
    "more-rest",
    "symptom",
    "end",
    "mute",
    "reps-done",
)

MODIFIERS: tuple[str, ...] = ("ctrl", "shift", "alt")
# One key: modifiers joined by `+` to a key name (`f5`, `pageup`, `question_mark`) or to a
# single character (`K`, `?`). A binding may list several keys separated by commas.
_ONE_KEY = rf"(?:(?:{'|'.join(MODIFIERS)})\+)*(?:[a-z][a-z0-9_]*|[^\s+,])"
KEY_PATTERN = rf"^{_ONE_KEY}(?:,{_ONE_KEY})*$"
KEY_RE = re.compile(KEY_PATTERN)
KEY_MAX = 64


def _check_theme(value: str) -> str:
    if value in BUILTIN_THEMES:
        return value
    got = '"' + one_line(value, 40) + '"'
    hint = did_you_mean(value, BUILTIN_THEMES)
    if hint:
        raise ValueError(f"must be a built-in theme (got {got}); did you mean `{hint}`?")
    raise ValueError(f"must be a built-in theme: {' | '.join(BUILTIN_THEMES)} (got {got})")


def _check_binding_id(value: str) -> str:
    if value in BINDING_IDS:
        return value
    hint = did_you_mean(value, BINDING_IDS)
    if hint:
        raise ValueError(f"is not an action hamtui knows; did you mean `{hint}`?")
    raise ValueError(f"is not an action hamtui knows (the actions: {', '.join(BINDING_IDS)})")


def is_key(text: str) -> bool:
    """True when text is a key string a keymap accepts (`ctrl+s`, `f5`, `ctrl+s,f5`)."""
    return len(text) <= KEY_MAX and KEY_RE.fullmatch(text) is not None


def _check_key(value: str) -> str:
    if is_key(value):
        return value
    got = '"' + one_line(value, 40) + '"'
    message = (
        "must be a key such as `ctrl+s`, `f5` or `shift+up`: modifiers "
        f"({', '.join(MODIFIERS)}) joined by `+` to a key name, several keys separated by commas "
        f"(got {got})"
    )
    guess = re.sub(r"\s+", "", value).lower().replace("-", "+").replace("control+", "ctrl+")
    if guess != value and is_key(guess):
        message += f"; did you mean `{guess}`?"
    raise ValueError(message)


Theme = Annotated[str, AfterValidator(_check_theme)]
BindingId = Annotated[str, AfterValidator(_check_binding_id)]
KeyString = Annotated[str, AfterValidator(_check_key)]
Source = Literal["file", "default"]

SETTINGS: tuple[str, ...] = (
    "theme",
    "bell",
    "pain_threshold",
    "default_rest_s",
    "get_ready_s",
    "web_max_tabs",
    "keymap",
)


class Config(Strict):
    """The user's settings. Every key is optional; an omitted key takes its default."""

    format: Literal["hamtui-config/1"] = CONFIG_FORMAT
    theme: Theme = DEFAULT_THEME
    bell: bool = True
    pain_threshold: int = Field(default=5, ge=0, le=10)
    default_rest_s: int = Field(default=30, ge=0, le=600)
    get_ready_s: int = Field(default=10, ge=0, le=60)
    web_max_tabs: int = Field(
        default=8, ge=1, le=64, description="browser tabs `hamtui web` serves at once"
    )
    keymap: dict[BindingId, KeyString] = Field(default_factory=dict)

    def source(self, name: str) -> Source:
        """Whether a setting came from the file or is the default."""
        if name not in SETTINGS:
            raise KeyError(name)
        if name == "keymap" and not self.keymap:
            return "default"  # an empty [keymap] table changes nothing
        return "file" if name in self.model_fields_set else "default"
