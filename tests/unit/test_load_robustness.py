"""Whatever a parsed document holds, checking it ends in a model or in clean problems."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hamtui.errors import LoadError
from hamtui.files import formats as all_formats
from hamtui.files import validate_document

KEYS = [
    "format",
    "title",
    "blocks",
    "items",
    "exercise",
    "sets",
    "reps",
    "hold_s",
    "side",
    "tempo",
    "exercises",
    "glute-bridge",
    "name",
    "category",
    "mode",
    "cues",
    "at",
    "level",
    "defaults",
    "entries",
    "events",
    "pain",
    "started",
    "program_sha256",
    "status",
    "hols_s",
    "[bold]",
    "\x1b[2J",
    "",
    "général",
    "stage",
    "sessions_per_week",
    "summary",
    "general",
    "rules",
]

scalars = st.one_of(
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["hold", "reps", "early", "each", "start", "3-1-1-0", "glute-bridge"]),
    st.datetimes(timezones=st.just(UTC)),
    st.datetimes(),
    st.dates(),
    st.times(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)
    ),
    max_leaves=25,
)
formats = st.sampled_from([fmt for fmt, _ in all_formats().values()])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fmt=formats, body=st.dictionaries(st.sampled_from(KEYS), values, max_size=8))
def test_any_document_gives_a_model_or_clean_problems(fmt: str, body: dict[str, Any]) -> None:
    document = {**body, "format": fmt}
    try:
        validate_document(Path("f.toml"), document)
    except LoadError as exc:
        assert exc.problems
        for problem in exc.problems:
            line = str(problem)
            assert line.startswith("f.toml: ")
            assert "\n" not in line and "\x1b" not in line
            assert "Traceback" not in line


def test_deeply_nested_values_are_refused_cleanly() -> None:
    deep: Any = "x"
    for _ in range(200):
        deep = [deep]
    document = {"format": "hamtui-program/1", "title": "t", "tags": deep}
    with pytest.raises(LoadError) as info:
        validate_document(Path("f.toml"), document)
    assert [str(p) for p in info.value.problems] == [
        "f.toml: tags[0]: must be text in quotes (got an array)"
    ]
