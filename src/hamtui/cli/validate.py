"""`hamtui validate PATH...`: check program, exercise and session files."""

from __future__ import annotations

import argparse
from pathlib import Path

from hamtui.cli.common import COMMAND_LIBRARY, Commands, add_library_option, load_cli_library, out


def add_parser(commands: Commands) -> None:
    validate = commands.add_parser(
        "validate",
        help="check program, exercise and session files",
        description="Check TOML syntax, the schema, and that every exercise resolves. "
        "Prints one line per problem and a summary; exits 0 when all are valid, 1 otherwise.",
    )
    validate.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    add_library_option(validate, dest=COMMAND_LIBRARY)


def run(args: argparse.Namespace) -> int:
    from hamtui.validate import validate_paths

    library = load_cli_library(args)
    report = validate_paths(args.paths, library)
    for problem in report.problems:
        out(str(problem))
    out(report.summary())
    return 0 if report.ok else 1
