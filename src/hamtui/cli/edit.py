"""`hamtui` and `hamtui edit PROGRAM`: the full-screen app (Textual is imported only here,
when it opens)."""

from __future__ import annotations

import argparse
from pathlib import Path

from hamtui.cli.common import COMMAND_LIBRARY, Commands, add_library_option


def add_parser(commands: Commands) -> None:
    edit = commands.add_parser(
        "edit",
        help="open the app with a program file loaded",
        description="Open the full-screen app with PROGRAM in the editor (plain `hamtui` starts "
        "with a new, empty program).",
    )
    edit.add_argument("program", type=Path, metavar="PROGRAM")
    add_library_option(edit, dest=COMMAND_LIBRARY)


def run(args: argparse.Namespace) -> int:
    from hamtui.tui.app import run_app

    program = getattr(args, "program", None)
    if program is not None:
        from hamtui.files import load_program

        load_program(program)  # a broken file is reported here, before the screen opens
    # The app loads the config itself after its first paint and shows a broken file's warning.
    return run_app(extra_library=args.library, program=program)
