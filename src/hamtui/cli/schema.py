"""`hamtui schema KIND`: the JSON Schema of a file format."""

from __future__ import annotations

import argparse
import json
import sys

from hamtui.cli.common import Commands

SCHEMA_KINDS = ("program", "exercise", "session", "safety")


def add_parser(commands: Commands) -> None:
    schema = commands.add_parser("schema", help="print the JSON Schema of a file format")
    schema.add_argument("kind", choices=SCHEMA_KINDS)


def run(args: argparse.Namespace) -> int:
    from hamtui.files import FORMATS

    kind = args.kind
    model = FORMATS[kind][1]
    sys.stdout.write(json.dumps(model.model_json_schema(), indent=2) + "\n")
    return 0
