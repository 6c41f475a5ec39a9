"""`hamtui library search` and `hamtui library show`: output, exit codes, literal text."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from hamtui.library import load_library

Write = Callable[[str, str | bytes], Path]
Run = Callable[..., tuple[int, str, str]]

# Valid exercise text carrying markup, an ESC (clear screen) and a C1 CSI.
HOSTILE = r"""
format = "hamtui-exercise/1"
name = "[bold]Evil[/bold] \u001b[2J Slide"
aliases = ["[link=https://example.com]click[/link]"]
category = "strength"
mode = "reps"
stages = ["early"]
summary = "Sneaky \u001b[31mred\u009b0m summary [red]text[/red]"
steps = ["Step with \u001b]8;;https://example.com\u0007link"]
progressions = ["glute-bridge"]

[[cues]]
text = "Cue \u001b[5m blink"
"""

TOWEL = """
format = "hamtui-exercise/1"
name = "Towel Wiggle"
category = "isometric"
mode = "hold"
equipment = ["towel"]
stages = ["early", "mid"]

[defaults]
sets = 2
reps = 10
hold_s = 5
rest_s = 30
side = "each"
"""


def _library(write: Write) -> Path:
    write("extra/evil-slide.toml", HOSTILE.lstrip())
    write("extra/towel-wiggle.toml", TOWEL.lstrip())
    return Path(write("extra/.keep", "").parent)


def test_search_prints_one_line_per_hit_best_first(run_cli: Run) -> None:
    code, out, err = run_cli("library", "search", "hamstrng", "strech")
    assert (code, err) == (0, "")
    rows = [re.split(r" {2,}", line) for line in out.splitlines()]
    assert len(rows) >= 5
    assert all(len(row) == 4 for row in rows)
    for slug, _name, category, _stages in rows[:5]:
        assert slug.endswith("hamstring-stretch")
        assert category.endswith("-stretch")
    assert [
        "doorway-hamstring-stretch",
        "Doorway Hamstring Stretch",
        "static-stretch",
        "mid, maintenance",
    ] in rows


def test_search_columns_line_up(run_cli: Run) -> None:
    cards = load_library().cards()
    code, out, _ = run_cli("library", "search", "cat:stretch")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) >= 3
    name_at, category_at, stages_at = set(), set(), set()
    for line in lines:
        card = cards[line.split()[0]]
        name_at.add(line.index(card.name))
        category_at.add(line.index(card.category, line.index(card.name) + len(card.name)))
        stages_at.add(line.rindex(", ".join(card.stages)))
    assert len(name_at) == len(category_at) == len(stages_at) == 1


def test_empty_search_lists_the_whole_library_by_name(run_cli: Run) -> None:
    library = load_library()
    code, out, err = run_cli("library", "search")
    assert (code, err) == (0, "")
    slugs = [line.split()[0] for line in out.splitlines()]
    assert slugs == sorted(
        library.entries, key=lambda s: (library.entries[s].card.name.casefold(), s)
    )


def test_search_limit(run_cli: Run) -> None:
    code, out, _ = run_cli("library", "search", "--limit", "2", "hamstring")
    assert code == 0
    assert len(out.splitlines()) == 2
    code, out, err = run_cli("library", "search", "--limit", "0", "hamstring")
    assert (code, out) == (2, "")
    assert "--limit must be at least 1" in err


def test_search_with_a_bad_query_says_why_and_exits_2(run_cli: Run) -> None:
    code, out, err = run_cli("library", "search", "cat:strech", "nordic", "colour:red")
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        "search: cat: unknown value `strech`; did you mean `static-stretch`?",
        "search: unknown filter `colour:` (filters are cat: stage: pos: equip: mode: level: "
        "muscle: tag:)",
    ]
    code, out, err = run_cli("library", "search", "equip:kettlbell")
    assert (code, out) == (2, "")
    assert err == "search: equip: no exercise uses `kettlbell`; did you mean `kettlebell`?\n"


def test_search_without_matches_exits_1(run_cli: Run) -> None:
    code, out, err = run_cli("library", "search", "qqqzzzx")
    assert (code, out) == (1, "")
    assert err == "search: no exercise matches `qqqzzzx`\n"


def test_show_prints_a_readable_page(run_cli: Run) -> None:
    code, out, err = run_cli("library", "show", "stability-ball-hamstring-curl")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Stability Ball Hamstring Curl (stability-ball-hamstring-curl)"
    assert lines[1].startswith("Also called: swiss ball curl")
    for expected in (
        "Category:   concentric · reps · intermediate",
        "Position:   supine",
        "Equipment:  stability ball",
        "Steps",
        "  1. Lie on your back with your arms by your sides and rest both heels on the",
        "Tips",
        "Common mistakes",
        "Cues",
        "Red flags: stop and get it checked",
        "Avoid when",
        "Progressions (harder)",
        "  - romanian-deadlift: Romanian Deadlift",
        "Regressions (easier)",
        "  - glute-bridge: Glute Bridge",
        "Sources",
    ):
        assert expected in lines, expected
    assert any(line.startswith("Dose:       2 × 8") for line in lines)
    assert any(line.startswith("  - caution, every rep: ") for line in lines)
    assert lines[-1].startswith("File: ") and lines[-1].endswith(
        "stability-ball-hamstring-curl.toml (bundled)"
    )
    assert max(len(line) for line in lines[:-1]) <= 80


def test_show_dose_in_the_short_form(write: Write, run_cli: Run) -> None:
    extra = _library(write)
    code, out, err = run_cli("library", "show", "--library", extra, "towel-wiggle")
    assert (code, err) == (0, "")
    assert "Dose:       2 × 10 · hold 5 s · rest 30 s · each side" in out.splitlines()
    assert "Equipment:  towel" in out.splitlines()


def test_show_unknown_slug_suggests_one(run_cli: Run) -> None:
    code, out, err = run_cli("library", "show", "glute-bridg")
    assert (code, out) == (1, "")
    assert err == "unknown exercise `glute-bridg`; did you mean `glute-bridge`?\n"
    code, out, err = run_cli("library", "show", "nordic")
    assert (code, out) == (1, "")
    assert err == "unknown exercise `nordic`; did you mean `nordic-hamstring-curl`?\n"
    code, out, err = run_cli("library", "show", "zzzz-\x1b[2J")
    assert (code, out) == (1, "")
    assert err == "unknown exercise `zzzz-\\x1b[2J`\n"


def test_markup_and_escapes_print_literally(write: Write, run_cli: Run) -> None:
    extra = _library(write)
    code, out, err = run_cli("library", "search", "--library", extra, "evil")
    assert (code, err) == (0, "")
    assert out.startswith("evil-slide  [bold]Evil[/bold] \\x1b[2J Slide  strength  early")
    assert "\x1b" not in out

    code, out, err = run_cli("library", "show", "--library", extra, "evil-slide")
    assert (code, err) == (0, "")
    assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out
    lines = out.splitlines()
    assert lines[0] == "[bold]Evil[/bold] \\x1b[2J Slide (evil-slide)"
    assert "Also called: [link=https://example.com]click[/link]" in lines
    assert "Sneaky \\x1b[31mred\\x9b0m summary [red]text[/red]" in lines
    assert "  1. Step with \\x1b]8;;https://example.com\\x07link" in lines
    assert "  - info, at the start: Cue \\x1b[5m blink" in lines


def test_global_and_command_library_options_both_count(write: Write, run_cli: Run) -> None:
    extra = _library(write)
    other = write("other/seated-wiggle.toml", TOWEL.replace("Towel", "Seated").lstrip()).parent
    code, out, _ = run_cli("--library", extra, "library", "search", "wiggle")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == ["towel-wiggle"]
    code, out, _ = run_cli("--library", extra, "library", "search", "--library", other, "wiggle")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == ["seated-wiggle", "towel-wiggle"]
    code, out, _ = run_cli("--library", extra, "library", "show", "towel-wiggle")
    assert code == 0
    assert out.startswith("Towel Wiggle (towel-wiggle)\n")


def test_broken_library_files_are_reported_on_stderr(write: Write, run_cli: Run) -> None:
    extra = _library(write)
    write("extra/broken.toml", 'format = "hamtui-exercise/1"\nname = \n')
    code, out, err = run_cli("library", "search", "--library", extra, "wiggle")
    assert code == 0
    assert out.startswith("towel-wiggle ")
    assert "broken.toml" in err


def test_an_exercise_a_later_folder_replaces_is_said_unless_quiet(
    write: Write, run_cli: Run
) -> None:
    """`--library` with its own glute-bridge used to replace the curated one silently."""
    extra = write("mine/glute-bridge.toml", TOWEL.lstrip()).parent
    code, out, err = run_cli("--library", extra, "library", "search", "towel wiggle")
    assert code == 0 and out.startswith("glute-bridge")
    lines = err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"hamtui: warning: {extra / 'glute-bridge.toml'}: ")
    assert "overrides exercise `glute-bridge` from " in lines[0]
    code, out, err = run_cli("--quiet", "--library", extra, "library", "search", "towel wiggle")
    assert (code, err) == (0, "")
    program = Path(__file__).resolve().parents[2] / "programs" / "mid-stage-strength.toml"
    for command in (("validate", extra), ("review", program)):
        _, _, err = run_cli("--library", extra, *command)
        assert "overrides exercise `glute-bridge`" in err, command
