"""`hamtui schema program|exercise|session` prints a JSON Schema users can feed to editors."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

Run = Callable[..., tuple[int, str, str]]


def schema(run_cli: Run, kind: str) -> dict[str, Any]:
    code, out, err = run_cli("schema", kind)
    assert (code, err) == (0, "")
    value = json.loads(out)
    assert isinstance(value, dict)
    return value


def resolve(root: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref:
        assert ref.startswith("#/$defs/")
        return root["$defs"][ref.removeprefix("#/$defs/")]  # type: ignore[no-any-return]
    return node


def test_program_schema(run_cli: Run) -> None:
    root = schema(run_cli, "program")
    props = root["properties"]
    assert list(props) == [
        "format",
        "title",
        "author",
        "summary",
        "stage",
        "sessions_per_week",
        "conditions",
        "affected_side",
        "pain_ceiling",
        "tags",
        "blocks",
        "exercises",
    ]
    assert props["format"]["const"] == "hamtui-program/1"
    assert set(root["required"]) == {"format", "title"}
    assert root["additionalProperties"] is False
    assert props["title"]["maxLength"] == 120
    assert props["summary"]["maxLength"] == 2000
    item = resolve(root, props["blocks"]["items"])["properties"]["items"]["items"]
    item = resolve(root, item)
    assert item["additionalProperties"] is False
    assert list(item["properties"]) == [
        "exercise",
        "sets",
        "reps",
        "hold_s",
        "rest_s",
        "side",
        "tempo",
        "work_s",
        "load",
        "notes",
        "cues",
        "progress",
    ]
    work = item["properties"]["work_s"]["anyOf"][0]
    assert (work["minimum"], work["maximum"]) == (5, 7200)
    sets = item["properties"]["sets"]
    assert (sets["minimum"], sets["maximum"]) == (1, 20)
    reps = item["properties"]["reps"]
    assert (reps["minimum"], reps["maximum"]) == (1, 100)
    assert item["properties"]["exercise"]["pattern"] == "^[a-z0-9]+(-[a-z0-9]+)*$"
    assert item["properties"]["side"]["enum"] == ["both", "each", "left", "right", "affected"]


def test_exercise_schema(run_cli: Run) -> None:
    root = schema(run_cli, "exercise")
    props = root["properties"]
    assert props["format"]["const"] == "hamtui-exercise/1"
    assert {"name", "category", "mode", "format"} <= set(root["required"])
    assert root["additionalProperties"] is False
    assert "static-stretch" in props["category"]["enum"]
    assert props["mode"]["enum"] == ["hold", "reps", "timed"]
    cue = resolve(root, props["cues"]["items"])
    assert set(cue["properties"]) == {"text", "at", "level"}
    assert cue["properties"]["level"]["enum"] == ["info", "caution", "stop"]


def test_session_schema(run_cli: Run) -> None:
    root = schema(run_cli, "session")
    props = root["properties"]
    assert props["format"]["const"] == "hamtui-session/1"
    assert props["status"]["enum"] == ["in-progress", "completed", "ended-early"]
    entry = resolve(root, props["entries"]["items"])
    pain = entry["properties"]["pain"]
    bounded = next(option for option in pain["anyOf"] if option.get("type") == "integer")
    assert (bounded["minimum"], bounded["maximum"]) == (0, 10)


def test_unknown_schema_kind_is_a_usage_error(run_cli: Run) -> None:
    code, out, err = run_cli("schema", "planet")
    assert code == 2
    assert out == ""
    assert "invalid choice: 'planet'" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("kind", ["program", "exercise", "session", "safety"])
def test_schema_output_is_stable(run_cli: Run, kind: str) -> None:
    assert run_cli("schema", kind)[1] == run_cli("schema", kind)[1]
