"""Opening a program for a session: what is said when an exercise cannot be had."""

from __future__ import annotations

from pathlib import Path

import pytest

from hamtui.library import load_library
from hamtui.session.engine import SessionError
from hamtui.session.opening import load_session_program

PROGRAM = """format = "hamtui-program/1"
title = "Mine"

[[blocks]]
name = "Main"

[[blocks.items]]
exercise = "my-curl"
sets = 2
reps = 5

[[blocks.items]]
exercise = "no-such-exercise"
"""

MY_CURL = """format = "hamtui-exercise/1"
name = "My curl"
category = "strength"
mode = "reps"
"""


def test_an_exercise_broken_after_the_library_loaded_says_why(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "my-curl.toml").write_text(MY_CURL, encoding="utf-8")
    program = tmp_path / "mine.toml"
    program.write_text(PROGRAM, encoding="utf-8")
    library = load_library([folder])
    (folder / "my-curl.toml").write_text(MY_CURL.replace('mode = "reps"', "mode = reps"))

    with pytest.raises(SessionError) as caught:
        load_session_program(program, library)
    assert str(caught.value) == (
        f"{program}: cannot run this program: exercises not found: "
        "block 1, item 1: `my-curl`; block 1, item 2: `no-such-exercise`; "
        f"its file cannot be read now: {folder / 'my-curl.toml'}:4:8: invalid value"
    )


def test_a_missing_exercise_alone_is_named(tmp_path: Path) -> None:
    program = tmp_path / "mine.toml"
    program.write_text(PROGRAM.replace('"my-curl"', '"glute-bridge"'), encoding="utf-8")
    with pytest.raises(SessionError) as caught:
        load_session_program(program, load_library(bundled_only=True))
    assert str(caught.value) == (
        f"{program}: cannot run this program: exercises not found: "
        "block 1, item 2: `no-such-exercise`"
    )
