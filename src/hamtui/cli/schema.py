"""`hamtui schema KIND`: the JSON Schema of a file format; `--all DIR` writes every one."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from hamtui.cli.common import Commands, err

SCHEMA_KINDS = ("program", "exercise", "session", "safety", "config", "plan", "plan-log")


def add_parser(commands: Commands) -> None:
    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of a file format, or write them all (--all DIR)",
    )
    schema.add_argument("kind", nargs="?", choices=SCHEMA_KINDS)
    schema.add_argument(
        "--all",
        metavar="DIR",
        type=Path,
        help="write <kind>.schema.json for every format into DIR (made if missing)",
    )


def schema_of(kind: str) -> dict[str, Any]:
    """The JSON Schema of one format, as `hamtui schema` prints it."""
    if kind == "config":
        from hamtui.model.config import Config

        return Config.model_json_schema()
    from hamtui.files import formats

    for name, (_, model) in formats().items():
        if name == kind:
            return model.model_json_schema()
    raise ValueError(kind)


def schema_text(kind: str) -> str:
    return json.dumps(schema_of(kind), indent=2) + "\n"


def run(args: argparse.Namespace) -> int:
    if args.all is not None:
        folder: Path = args.all
        from hamtui import workspace
        from hamtui.files import write_atomic

        try:
            workspace.make_folder(folder)
            for kind in SCHEMA_KINDS:
                write_atomic(folder / f"{kind}.schema.json", schema_text(kind).encode("utf-8"))
        except OSError as exc:
            err(f"schema: cannot write into {folder}: {exc.strerror or exc}")
            return 1
        return 0
    if args.kind is None:
        err("schema: name a format (" + ", ".join(SCHEMA_KINDS) + ") or use --all DIR")
        return 2
    sys.stdout.write(schema_text(args.kind))
    return 0
