"""The `hamtui` command. Textual is imported only when a full-screen UI is opened."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from hamtui import __version__
from hamtui.errors import HamtuiError
from hamtui.text import one_line

SCHEMA_KINDS = ("program", "exercise", "session", "safety")


def _out(line: str) -> None:
    sys.stdout.write(one_line(line) + "\n")


def _err(line: str) -> None:
    sys.stderr.write(one_line(line) + "\n")


def _add_library_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--library",
        action="append",
        type=Path,
        default=[],
        metavar="DIR",
        help="an extra library folder, loaded after the bundled and user libraries (repeatable)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hamtui",
        description="Build, check and run hamstring training and rehab programs.",
        epilog="With no command, hamtui opens the full-screen app.",
    )
    parser.add_argument("--version", action="version", version=f"hamtui {__version__}")
    _add_library_option(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help="check program, exercise and session files",
        description="Check TOML syntax, the schema, and that every exercise resolves. "
        "Prints one line per problem and a summary; exits 0 when all are valid, 1 otherwise.",
    )
    validate.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    _add_library_option(validate)

    schema = commands.add_parser("schema", help="print the JSON Schema of a file format")
    schema.add_argument("kind", choices=SCHEMA_KINDS)
    return parser


def cmd_validate(args: argparse.Namespace) -> int:
    from hamtui.library import load_library
    from hamtui.validate import validate_paths

    library = load_library(args.library)
    report = validate_paths(args.paths, library)
    for problem in report.problems:
        _out(str(problem))
    _out(report.summary())
    return 0 if report.ok else 1


def cmd_schema(args: argparse.Namespace) -> int:
    from hamtui.files import FORMATS

    kind = args.kind
    model = FORMATS[kind][1]
    sys.stdout.write(json.dumps(model.model_json_schema(), indent=2) + "\n")
    return 0


def cmd_tui(args: argparse.Namespace) -> int:
    from hamtui.tui.app import run_app

    return run_app(extra_library=args.library)


COMMANDS = {"validate": cmd_validate, "schema": cmd_schema}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = COMMANDS.get(args.command, cmd_tui) if args.command else cmd_tui
    try:
        return handler(args)
    except HamtuiError as exc:
        for line in str(exc).splitlines():
            _err(line)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (hamtui ... | head): nothing left to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        if os.environ.get("HAMTUI_DEBUG"):
            raise
        _err(f"hamtui: internal error: {type(exc).__name__}: {exc}")
        _err("hamtui: this is a bug; run again with HAMTUI_DEBUG=1 for details and report it")
        return 70


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
