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
        "with a new, empty program). A PROGRAM that does not exist yet starts a new program "
        "that ctrl+s saves there.",
    )
    edit.add_argument("program", type=Path, metavar="PROGRAM")
    add_library_option(edit, dest=COMMAND_LIBRARY)


def run(args: argparse.Namespace) -> int:
    from hamtui.tui.app import run_app

    program = getattr(args, "program", None)
    if program is not None and (program.exists() or program.is_symlink()):
        from hamtui.files import load_program

        load_program(program)  # a broken file is reported here, before the screen opens
    elif program is not None:
        from hamtui.errors import HamtuiError

        folder = program.parent if str(program.parent) else Path(".")
        if not folder.is_dir():
            raise HamtuiError(
                f"{program}: no such file, and its folder {folder} does not exist to make it in"
            )
    # The app loads the config itself after its first paint and shows a broken file's warning.
    return run_app(extra_library=args.library, program=program)
