"""What every command of the command line shares: output lines, the --library option, and
finding a program by its file name. No Textual."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from hamtui.errors import HamtuiError
from hamtui.text import one_line

if TYPE_CHECKING:
    from hamtui.library import Library

COMMAND_LIBRARY = "command_library"
# what each command module's add_parser receives
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def out(line: str) -> None:
    sys.stdout.write(one_line(line) + "\n")


def err(line: str) -> None:
    sys.stderr.write(one_line(line) + "\n")


def add_library_option(parser: argparse.ArgumentParser, *, dest: str = "library") -> None:
    """`--library DIR`; a subcommand passes dest=COMMAND_LIBRARY, and `main` adds those folders
    after the global ones (a subparser's default would otherwise erase the global option)."""
    parser.add_argument(
        "--library",
        dest=dest,
        action="append",
        type=Path,
        default=[],
        metavar="DIR",
        help="an extra library folder, loaded after the bundled and user libraries (repeatable)",
    )


def load_cli_library(args: argparse.Namespace) -> Library:
    """The library of a command: the bundled, user and `--library` folders. Each exercise a
    later folder replaces is said on stderr, one line a slug, unless `--quiet`."""
    from hamtui.library import load_library

    library = load_library(args.library)
    if not getattr(args, "quiet", False):
        for override in library.overrides:
            err(f"hamtui: warning: {override}")
    return library


def library_errors(library: Library) -> None:
    """Broken library files go to stderr: they are why an exercise may be missing."""
    for problem in library.problems:
        if problem.severity == "error":
            err(str(problem))


def find_program_argument(name: str) -> Path:
    """A PROGRAM argument: a file, else a program's file name in the programs folders."""
    from hamtui import paths
    from hamtui.history import find_program

    path = Path(name)
    if path.exists() or path.name != name:
        return path
    found = find_program(name)
    if found is None:
        raise HamtuiError(
            f"{name}: no such program file (nor a program of that name in "
            f"{paths.user_programs_dir()} or the bundled programs)"
        )
    return found


def seconds(text: str) -> int:
    """A whole number of seconds, 0..600 (`run --get-ready` and `--switch-side`)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of seconds: {text!r}") from None
    if not 0 <= value <= 600:
        raise argparse.ArgumentTypeError(f"must be within 0..600 seconds: {value}")
    return value
