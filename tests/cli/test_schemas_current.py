"""The JSON Schemas shipped in schemas/ are the ones hamtui makes now, and .taplo.toml hands
each to the files of its kind (so editors check program files as people type)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from hamtui.cli.schema import SCHEMA_KINDS, schema_text

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = REPO / "schemas"


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_the_shipped_schema_is_current(kind: str) -> None:
    shipped = SCHEMAS / f"{kind}.schema.json"
    assert shipped.read_text(encoding="utf-8") == schema_text(kind), (
        f"{shipped} is out of date: run `hamtui schema --all schemas`"
    )


def test_schema_all_writes_every_format(tmp_path: Path) -> None:
    from hamtui.cli import main

    assert main(["schema", "--all", str(tmp_path / "out")]) == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(f"{kind}.schema.json" for kind in SCHEMA_KINDS)
    program = json.loads((tmp_path / "out" / "program.schema.json").read_text(encoding="utf-8"))
    assert "conditions" in program["properties"]


def test_taplo_associates_each_schema_with_its_files() -> None:
    config = tomllib.loads((REPO / ".taplo.toml").read_text(encoding="utf-8"))
    rules = {rule["schema"]["path"]: rule["include"] for rule in config["rule"]}
    assert rules["./schemas/program.schema.json"] == ["programs/**/*.toml"]
    for path in rules:
        assert (REPO / path).is_file(), path
