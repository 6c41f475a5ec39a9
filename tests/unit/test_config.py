"""The settings file: defaults, values from the file, and every way it can be wrong."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from hamtui import config as cfg
from hamtui.config import (
    BINDING_IDS,
    BUILTIN_THEMES,
    Config,
    config_path,
    effective_settings,
    is_key,
    load_config,
    load_config_or_defaults,
    rest_for_new_item,
    starter_text,
    write_starter,
)
from hamtui.errors import HamtuiError, LoadError
from hamtui.model.exercise import Dose, ExerciseBody
from hamtui.session.run import SessionOptions

Write = Callable[[str, str | bytes], Path]
HEAD = 'format = "hamtui-config/1"\n'


def problems(path: Path) -> list[str]:
    with pytest.raises(LoadError) as caught:
        load_config(path)
    return [str(p) for p in caught.value.problems]


# ---------------------------------------------------------------------------------------------
# Contracts with Textual and the app


def test_theme_list_matches_textual() -> None:
    from textual.theme import BUILTIN_THEMES as TEXTUAL_THEMES

    assert set(BUILTIN_THEMES) == set(TEXTUAL_THEMES)
    assert list(BUILTIN_THEMES) == sorted(BUILTIN_THEMES)


def test_default_theme_is_textuals_default() -> None:
    from textual.app import App

    assert Config().theme == App[None]().theme


def test_binding_ids_are_the_contract() -> None:
    assert BINDING_IDS == (
        "save", "save-as", "open", "new", "undo", "redo", "search", "add-block", "details",
        "swap-easier", "toggle-pane", "review", "run-session", "history", "plan", "quit-q", "help",
        "pause", "skip", "back", "more-rest", "symptom", "end", "mute", "reps-done",
    )  # fmt: skip


def test_session_bindings_use_contract_ids() -> None:
    """Every id the session screen gives its bindings can be rebound by a keymap."""
    from textual.binding import Binding

    from hamtui.tui.screens.session_screen import SessionScreen

    ids = {b.id for b in SessionScreen.BINDINGS if isinstance(b, Binding) and b.id}
    assert ids and ids <= set(BINDING_IDS)


def test_editor_bindings_use_contract_ids() -> None:
    """Every id the editor screen gives its bindings can be rebound by a keymap."""
    from textual.binding import Binding

    from hamtui.tui.screens.main_screen import MainScreen

    ids = {b.id for b in MainScreen.BINDINGS if isinstance(b, Binding) and b.id}
    assert ids and ids <= set(BINDING_IDS)


@pytest.mark.parametrize(
    "key", ["ctrl+s", "f5", "shift+up", "ctrl+shift+z", "K", "?", "question_mark", "ctrl+s,f5"]
)
def test_key_strings_accepted(key: str) -> None:
    assert is_key(key)


@pytest.mark.parametrize(
    "key",
    ["", "ctrl-s", "Ctrl+S", "ctrl+", "+s", "ctrl+s, f5", "hyper+x", "ctrl s", "a,", "x" * 70],
)
def test_key_strings_refused(key: str) -> None:
    assert not is_key(key)


# ---------------------------------------------------------------------------------------------
# Loading


def test_path_is_in_the_config_folder(hamtui_home: Path) -> None:
    assert config_path() == hamtui_home / "config.toml"


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path / "absent.toml")
    assert config == Config()
    assert (config.theme, config.bell, config.pain_threshold) == ("textual-dark", True, 5)
    assert (config.default_rest_s, config.get_ready_s, config.keymap) == (30, 10, {})
    assert all(config.source(name) == "default" for name in cfg.SETTINGS)


def test_default_path_is_used(hamtui_home: Path) -> None:
    (hamtui_home / "config.toml").write_text(HEAD + "bell = false\n")
    assert load_config().bell is False


def test_values_from_the_file(write: Write) -> None:
    path = write(
        "config.toml",
        HEAD + 'theme = "nord"\nbell = false\npain_threshold = 3\ndefault_rest_s = 45\n'
        'get_ready_s = 5\nweb_max_tabs = 3\n\n[keymap]\nsave = "ctrl+w"\npause = "space,p"\n',
    )
    config = load_config(path)
    assert config.web_max_tabs == 3
    assert config.theme == "nord"
    assert config.bell is False
    assert (config.pain_threshold, config.default_rest_s, config.get_ready_s) == (3, 45, 5)
    assert config.keymap == {"save": "ctrl+w", "pause": "space,p"}
    assert all(config.source(name) == "file" for name in cfg.SETTINGS)


def test_sources_mix_file_and_default(write: Write) -> None:
    config = load_config(write("config.toml", HEAD + "get_ready_s = 0\n[keymap]\n"))
    assert config.source("get_ready_s") == "file"
    assert config.source("theme") == "default"
    assert config.source("keymap") == "default"  # an empty table overrides nothing
    with pytest.raises(KeyError):
        config.source("format")


def test_bom_and_inline_keymap(write: Write) -> None:
    path = write("config.toml", b"\xef\xbb\xbf" + HEAD.encode() + b'keymap = { help = "f1" }\n')
    assert load_config(path).keymap == {"help": "f1"}


def test_syntax_error_has_line_and_column(write: Write) -> None:
    path = write("config.toml", HEAD + "bell = \n")
    assert problems(path) == [f"{path}:2:8: invalid value"]


def test_not_utf8(write: Write) -> None:
    path = write("config.toml", HEAD.encode() + b'theme = "caf\xe9"\n')
    [line] = problems(path)
    assert line.startswith(f"{path}:2:") and "not valid UTF-8" in line


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('bell = "yes"', 'bell: must be true or false (got "yes")'),
        ("pain_threshold = 11", "pain_threshold: must be at most 10 (got 11)"),
        ("pain_threshold = -1", "pain_threshold: must be at least 0 (got -1)"),
        ("pain_threshold = 4.5", "pain_threshold: must be a whole number (got the decimal 4.5)"),
        ("default_rest_s = 601", "default_rest_s: must be at most 600 (got 601)"),
        ('get_ready_s = "10"', 'get_ready_s: must be a whole number (got "10")'),
        ("get_ready_s = 61", "get_ready_s: must be at most 60 (got 61)"),
        ("theme = 3", "theme: must be text in quotes (got 3)"),
        ('keymap = "ctrl+s"', 'keymap: must be a table (got "ctrl+s")'),
        ("[keymap]\nsave = 1", "keymap.save: must be text in quotes (got 1)"),
    ],
)
def test_schema_errors_name_the_key(write: Write, body: str, expected: str) -> None:
    path = write("config.toml", HEAD + body + "\n")
    assert problems(path) == [f"{path}: {expected}"]


def test_unknown_key_suggests_the_right_one(write: Write) -> None:
    path = write("config.toml", HEAD + "pain_treshold = 4\nzzz = 1\n")
    assert problems(path) == [
        f"{path}: pain_treshold: unknown key `pain_treshold`; did you mean `pain_threshold`?",
        f"{path}: zzz: unknown key `zzz`",
    ]


def test_bad_theme_suggests_a_builtin_one(write: Write) -> None:
    path = write("config.toml", HEAD + 'theme = "dracla"\n')
    assert problems(path) == [
        f'{path}: theme: must be a built-in theme (got "dracla"); did you mean `dracula`?'
    ]


def test_unknown_theme_lists_the_themes(write: Write) -> None:
    path = write("config.toml", HEAD + 'theme = "zebra"\n')
    [line] = problems(path)
    assert line.startswith(f"{path}: theme: must be a built-in theme: ansi-dark | ")
    assert "tokyo-night" in line and line.endswith('(got "zebra")')


def test_bad_keymap_action(write: Write) -> None:
    path = write("config.toml", HEAD + '[keymap]\nsav = "ctrl+s"\nfly = "f9"\n')
    lines = problems(path)
    assert lines[0] == (
        f"{path}: keymap.sav: this key is not an action hamtui knows; did you mean `save`?"
    )
    assert lines[1].startswith(f"{path}: keymap.fly: this key is not an action hamtui knows")
    assert "(the actions: save, save-as, open," in lines[1]


def test_bad_key_string(write: Write) -> None:
    path = write("config.toml", HEAD + '[keymap]\nsave = "Ctrl-S"\nhelp = "ctrl+"\n')
    lines = problems(path)
    assert lines[0].startswith(f"{path}: keymap.save: must be a key such as `ctrl+s`")
    assert lines[0].endswith('(got "Ctrl-S"); did you mean `ctrl+s`?')
    assert lines[1].startswith(f"{path}: keymap.help: must be a key")
    assert "did you mean" not in lines[1]


def test_every_problem_is_reported_at_once(write: Write) -> None:
    path = write("config.toml", HEAD + 'bell = "no"\ntheme = "nrd"\n[keymap]\nsave = "x y"\n')
    assert [line.split(": ")[1] for line in problems(path)] == ["theme", "bell", "keymap.save"]


def test_control_characters_are_spelled_out(write: Write) -> None:
    path = write("config.toml", HEAD + 'theme = "\\u001b[2J"\n')
    [line] = problems(path)
    assert "\x1b" not in line and "\\x1b[2J" in line


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("", 'format: is required: a hamtui file starts with format = "hamtui-config/1"'),
        ("format = 1\n", "format: must be text in quotes"),
        (
            'format = "hamtui-config/2"\n',
            'format: unknown version "hamtui-config/2": this hamtui reads hamtui-config/1 '
            "(the file may come from a newer hamtui)",
        ),
        (
            'format = "hamtui-program/1"\n',
            "format: this is a hamtui-program/1 file, where a config file was expected",
        ),
        ('format = "toml"\n', 'format: unknown format "toml" (expected hamtui-config/1)'),
    ],
)
def test_format_line(write: Write, head: str, expected: str) -> None:
    path = write("config.toml", head + "bell = true\n")
    assert problems(path) == [f"{path}: {expected}"]


def test_a_folder_or_a_huge_file_is_a_clear_error(tmp_path: Path, write: Write) -> None:
    (tmp_path / "dir.toml").mkdir()
    assert problems(tmp_path / "dir.toml") == [f"{tmp_path / 'dir.toml'}: is a folder, not a file"]
    huge = write("huge.toml", HEAD + "#" * (1024 * 1024 + 1) + "\n")
    [line] = problems(huge)
    assert "limit" in line


def test_lenient_loading_warns_in_one_line(write: Write) -> None:
    path = write("config.toml", HEAD + 'bell = "yes"\npain_threshold = 99\n')
    config, warning = load_config_or_defaults(path)
    assert config == Config()
    assert warning == (
        f'hamtui: warning: {path}: bell: must be true or false (got "yes") (and 1 more); '
        "using the default settings (`hamtui config` lists every problem)"
    )
    assert "\n" not in warning


def test_lenient_loading_of_a_good_file(write: Write, tmp_path: Path) -> None:
    assert load_config_or_defaults(tmp_path / "none.toml") == (Config(), None)
    config, warning = load_config_or_defaults(write("c.toml", HEAD + "bell = false\n"))
    assert warning is None and config.bell is False


# ---------------------------------------------------------------------------------------------
# Using the settings


def exercise(rest_s: int | None) -> ExerciseBody:
    dose = Dose(sets=2, rest_s=rest_s) if rest_s is not None else Dose()
    return ExerciseBody(name="x", category="strength", mode="reps", defaults=dose)


def test_rest_for_new_item() -> None:
    config = Config(default_rest_s=45)
    assert rest_for_new_item(config, exercise(20)) == 20  # the exercise's own rest wins
    assert rest_for_new_item(config, exercise(None)) == 45  # no rest given
    assert rest_for_new_item(config, exercise(0)) == 45
    assert rest_for_new_item(config, None) == 45  # an exercise that does not resolve
    assert rest_for_new_item(Config(), None) == 30


def test_pain_threshold_from_file_replaces_safety_rules(write: Write) -> None:
    # None: the library's safety rules decide (the runner reads them)
    assert SessionOptions.from_config(Config()).pain_threshold is None
    from_file = load_config(write("c.toml", HEAD + "pain_threshold = 3"))
    assert SessionOptions.from_config(from_file).pain_threshold == 3


def test_effective_settings_rows(write: Write) -> None:
    rows = effective_settings(Config())
    assert [(r.name, r.value, r.source) for r in rows] == [
        ("theme", '"textual-dark"', "default"),
        ("bell", "true", "default"),
        ("pain_threshold", "5", "default"),
        ("default_rest_s", "30", "default"),
        ("get_ready_s", "10", "default"),
        ("web_max_tabs", "8", "default"),
        ("keymap", "{}", "default"),
    ]
    config = load_config(write("c.toml", HEAD + '[keymap]\npause = "p"\nsave = "f2"\n'))
    keyed = [(r.name, r.value, r.source) for r in effective_settings(config)][-2:]
    assert keyed == [("keymap.save", '"f2"', "file"), ("keymap.pause", '"p"', "file")]


# ---------------------------------------------------------------------------------------------
# The starter file


def test_starter_file_is_valid_and_all_defaults(tmp_path: Path) -> None:
    path = write_starter(tmp_path / "sub" / "config.toml")
    assert path.read_text(encoding="utf-8") == starter_text()
    config = load_config(path)
    assert config == Config()
    assert all(config.source(name) == "default" for name in cfg.SETTINGS)


def test_starter_file_uncommented_is_valid(tmp_path: Path) -> None:
    """Every commented-out setting in the starter file is a valid line once uncommented."""
    text = re.sub(r"^# ([a-z_-]+ = .*)$", r"\1", starter_text(), flags=re.MULTILINE)
    document = tomllib.loads(text)
    assert set(document) == {"format", *cfg.SETTINGS}
    path = tmp_path / "config.toml"
    path.write_text(text)
    config = load_config(path)
    assert config.keymap == {"save": "ctrl+s", "pause": "space,p"}
    assert config.model_dump(exclude={"keymap"}) == Config().model_dump(exclude={"keymap"})


def test_starter_lists_every_theme_and_action() -> None:
    words = set(re.findall(r"[a-z0-9-]+", starter_text()))
    assert set(BUILTIN_THEMES) <= words
    assert set(BINDING_IDS) <= words
    assert max(len(line) for line in starter_text().splitlines()) <= 100


def test_starter_never_replaces_a_file(write: Write) -> None:
    path = write("config.toml", "mine\n")
    with pytest.raises(HamtuiError, match="already exists"):
        write_starter(path)
    assert path.read_text() == "mine\n"


def test_starter_never_replaces_a_dangling_link(tmp_path: Path) -> None:
    link = tmp_path / "config.toml"
    link.symlink_to(tmp_path / "elsewhere.toml")
    with pytest.raises(HamtuiError, match="already exists"):
        write_starter(link)
    assert not (tmp_path / "elsewhere.toml").exists()
