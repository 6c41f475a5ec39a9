"""Property: any valid program (or session record) survives save -> load unchanged, and saving
what was loaded gives the same bytes again."""

from __future__ import annotations

import tomllib
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hamtui.files import dumps, load, save
from hamtui.model import Program, SessionRecord
from hamtui.model.common import (
    CATEGORIES,
    CUE_MOMENTS,
    LEVELS,
    MODES,
    POSITIONS,
    SIDES,
    SLUG_PATTERN,
    STAGES,
)

PROPERTY = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

TRICKY = [
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    "\\n",
    "\\u0041",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\x00",
    "\x1b[2J",
    "\x7f",
    "\x85",
    "\u2028",
    "\ufeff",
    "😀",
    "👩‍⚕️",
    "é",
    "[bold red]",
    "# not a comment",
    " = ",
    "[[x]]",
    "key = 1",
    "\\\n",
    '"\n"',
    " ",
    "",
    "ß",
    "𝔘",
]

chars = st.characters(blacklist_categories=("Cs",))
fragments = st.one_of(st.sampled_from(TRICKY), st.text(chars, max_size=12))


def text(min_size: int = 0, max_size: int = 2000) -> st.SearchStrategy[str]:
    joined = st.lists(fragments, max_size=6).map("".join)
    return joined.filter(lambda s: min_size <= len(s) <= max_size)


names = text(max_size=120)
required_names = text(min_size=1, max_size=120)
texts = text()
slugs = st.from_regex(SLUG_PATTERN, fullmatch=True).filter(lambda s: len(s) <= 64)


def optional(
    draw: st.DrawFn, doc: dict[str, Any], key: str, strategy: st.SearchStrategy[Any]
) -> None:
    """Set doc[key] from strategy, or leave the key out."""
    if draw(st.booleans()):
        doc[key] = draw(strategy)


@st.composite
def cues(draw: st.DrawFn) -> dict[str, Any]:
    cue: dict[str, Any] = {"text": draw(text(min_size=1))}
    optional(draw, cue, "at", st.one_of(st.sampled_from(CUE_MOMENTS), st.integers(0, 3600)))
    optional(draw, cue, "level", st.sampled_from(["info", "caution", "stop"]))
    return cue


@st.composite
def exercise_bodies(draw: st.DrawFn) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": draw(required_names),
        "category": draw(st.sampled_from(CATEGORIES)),
        "mode": draw(st.sampled_from(MODES)),
    }
    small = {"max_size": 3}
    optional(draw, body, "aliases", st.lists(names, **small))
    optional(draw, body, "position", st.sampled_from(POSITIONS))
    for key in ("equipment", "primary_muscles", "secondary_muscles", "tags"):
        optional(draw, body, key, st.lists(names, **small))
    optional(draw, body, "stages", st.lists(st.sampled_from(STAGES), **small))
    optional(draw, body, "level", st.sampled_from(LEVELS))
    optional(draw, body, "summary", texts)
    for key in ("steps", "tips", "mistakes", "red_flags", "avoid_when", "sources"):
        optional(draw, body, key, st.lists(texts, **small))
    for key in ("progressions", "regressions"):
        optional(draw, body, key, st.lists(slugs, **small))
    if draw(st.booleans()):
        dose: dict[str, Any] = {}
        optional(draw, dose, "sets", st.integers(1, 20))
        optional(draw, dose, "reps", st.integers(1, 100))
        optional(draw, dose, "hold_s", st.integers(1, 600))
        optional(draw, dose, "rest_s", st.integers(0, 600))
        optional(draw, dose, "side", st.sampled_from(SIDES))
        body["defaults"] = dose
    optional(draw, body, "cues", st.lists(cues(), max_size=5))
    return body


@st.composite
def items(draw: st.DrawFn) -> dict[str, Any]:
    item: dict[str, Any] = {"exercise": draw(slugs)}
    optional(draw, item, "sets", st.integers(1, 20))
    optional(draw, item, "reps", st.integers(1, 100))
    optional(draw, item, "hold_s", st.integers(1, 600))
    optional(draw, item, "rest_s", st.integers(0, 600))
    optional(draw, item, "side", st.sampled_from(SIDES))
    optional(draw, item, "tempo", st.from_regex(r"\A[0-9]{1,2}-[0-9]{1,2}-[0-9]{1,2}-[0-9]{1,2}\Z"))
    optional(draw, item, "notes", texts)
    optional(draw, item, "cues", st.lists(texts, max_size=3))
    return item


@st.composite
def blocks(draw: st.DrawFn) -> dict[str, Any]:
    block: dict[str, Any] = {}
    optional(draw, block, "name", names)
    optional(draw, block, "rounds", st.integers(1, 20))
    optional(draw, block, "rest_between_rounds_s", st.integers(0, 600))
    optional(draw, block, "items", st.lists(items(), max_size=4))
    return block


@st.composite
def programs(draw: st.DrawFn) -> Program:
    doc: dict[str, Any] = {"format": "hamtui-program/1", "title": draw(required_names)}
    optional(draw, doc, "author", names)
    optional(draw, doc, "summary", texts)
    optional(draw, doc, "stage", st.sampled_from(STAGES))
    optional(draw, doc, "sessions_per_week", st.integers(1, 14))
    optional(draw, doc, "tags", st.lists(names, max_size=4))
    optional(draw, doc, "blocks", st.lists(blocks(), max_size=3))
    optional(draw, doc, "exercises", st.dictionaries(slugs, exercise_bodies(), max_size=3))
    return Program.model_validate(doc)


offsets = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))
moments = st.datetimes(
    min_value=datetime(1000, 1, 2), max_value=datetime(9999, 12, 30), timezones=offsets
)


@st.composite
def sessions(draw: st.DrawFn) -> SessionRecord:
    doc: dict[str, Any] = {
        "format": "hamtui-session/1",
        "program": draw(names),
        "program_sha256": draw(st.from_regex(r"\A[0-9a-f]{64}\Z")),
        "started": draw(moments),
    }
    optional(draw, doc, "finished", moments)
    if "finished" in doc and doc["finished"] < doc["started"]:  # a record ends after it starts
        doc["started"], doc["finished"] = doc["finished"], doc["started"]
    optional(draw, doc, "status", st.sampled_from(["in-progress", "completed", "ended-early"]))
    entry = st.fixed_dictionaries(
        {"exercise": slugs, "block": st.integers(0, 50), "item": st.integers(0, 50)},
        optional={
            "sets_done": st.integers(0, 400),
            "side": st.sampled_from(SIDES),
            "pain": st.integers(0, 10),
            "effort": st.integers(0, 10),
            "skipped": st.booleans(),
            "notes": texts,
        },
    )
    event = st.fixed_dictionaries(
        {"at": moments, "kind": st.sampled_from(["symptom", "pause", "resume", "skip", "cue"])},
        optional={"detail": texts},
    )
    optional(draw, doc, "entries", st.lists(entry, max_size=3))
    optional(draw, doc, "events", st.lists(event, max_size=3))
    return SessionRecord.model_validate(doc)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("roundtrip")


@PROPERTY
@given(program=programs())
def test_program_save_load_roundtrip(program: Program, folder: Path) -> None:
    path = folder / "program.toml"
    save(program, path, expected_sha256=None, force=True)
    written = path.read_bytes()
    loaded = load(path, Program)
    assert loaded.model == program
    assert dumps(loaded.model).encode("utf-8") == written
    # and the text parses as plain TOML to the same document, without hamtui's reader
    assert Program.model_validate(tomllib.loads(written.decode("utf-8"))) == program


@PROPERTY
@given(record=sessions())
def test_session_save_load_roundtrip(record: SessionRecord, folder: Path) -> None:
    text = dumps(record)
    again = SessionRecord.model_validate(tomllib.loads(text))
    assert again == record
    assert dumps(again) == text
    # what is written is each moment as written, not only the same instant
    assert again.started.utcoffset() == record.started.utcoffset()
