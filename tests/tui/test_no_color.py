"""NO_COLOR (https://no-color.org) in the full-screen apps.

Textual honours it itself: `App.__init__` reads NO_COLOR (`app.no_color`) and adds a line
filter (`textual.filter.Monochrome`, or `NoColor` with a native ANSI theme) that every widget's
lines go through, so the screen is drawn in shades of grey only. (Its console deliberately
keeps colour: Textual removes NO_COLOR from the console's environment and filters instead.)
These tests check that on what the compositor actually draws. `hamtui run --plain` never
colours at all (tests/unit/test_plain_session.py, tests/cli/test_plain_cli.py).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from rich.color import Color
from textual.app import App
from textual.filter import Monochrome, NoColor

from hamtui.library import Library, load_library
from hamtui.session.run import SessionOptions
from hamtui.tui.app import HamApp
from hamtui.tui.session_app import build_session_app

PROGRAM = """\
format = "hamtui-program/1"
title = "Colours"

[[blocks]]

[[blocks.items]]
exercise = "c-hold"
hold_s = 10

[exercises.c-hold]
name = "Colour Hold"
category = "static-stretch"
mode = "hold"
steps = ["Hold it"]
red_flags = ["Anything sharp"]
"""


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(bundled_only=True, use_cache=False)


def _grey(color: Color | None) -> bool:
    if color is None or color.is_default:
        return True
    rgb = color.get_truecolor()
    return rgb.red == rgb.green == rgb.blue


Drawn = tuple[list[tuple[Color | None, Color | None]], str]


def _drawn(app: App[Any]) -> Drawn:
    """Run the app headless (no async pytest plugin here): the (foreground, background) of
    every segment its screen is drawn with, and the text drawn."""

    async def go() -> Drawn:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.pause()
            strips = app.screen._compositor.render_strips()
        segments = [segment for strip in strips for segment in strip]
        colours = [(s.style.color, s.style.bgcolor) for s in segments if s.style is not None]
        return colours, "".join(s.text for s in segments)

    return asyncio.run(go())


def _session_app(tmp_path: Path, library: Library) -> App[Any]:
    program = tmp_path / "colours.toml"
    program.write_text(PROGRAM, encoding="utf-8")
    options = SessionOptions(bell=False, sessions_dir=tmp_path / "sessions")
    return build_session_app(program, library, options)


def test_no_color_draws_the_session_in_grey(
    tmp_path: Path, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = _session_app(tmp_path, library)
    assert app.no_color
    assert any(isinstance(f, Monochrome | NoColor) for f in app.get_line_filters())
    colours, text = _drawn(app)
    assert "Colour Hold" in text  # the start pop-up over the session screen
    assert all(_grey(fg) and _grey(bg) for fg, bg in colours)


def test_without_no_color_the_session_has_colour(
    tmp_path: Path, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check above would notice colour: the same screen is coloured without NO_COLOR."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    app = _session_app(tmp_path, library)
    assert not app.no_color
    colours, _text = _drawn(app)
    assert not all(_grey(fg) and _grey(bg) for fg, bg in colours)


def test_no_color_draws_the_main_app_in_grey(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "")  # set, even empty, is enough (no-color.org)
    app = HamApp(library, folders=[])
    assert app.no_color
    colours, text = _drawn(app)
    assert "Untitled program" in text
    assert all(_grey(fg) and _grey(bg) for fg, bg in colours)
