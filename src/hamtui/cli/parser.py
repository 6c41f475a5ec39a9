"""The argument parser of the `hamtui` command: global options, then each command's own."""

from __future__ import annotations

import argparse

from hamtui import __version__
from hamtui.cli import (
    config,
    edit,
    export,
    history,
    library,
    plan,
    review,
    run,
    schema,
    validate,
    web,
)
from hamtui.cli.common import add_library_option

# Each command's module, by the command's name: `add_parser` adds it, `run` carries it out.
COMMAND_MODULES = {
    "validate": validate,
    "review": review,
    "library": library,
    "export": export,
    "history": history,
    "plan": plan,
    "run": run,
    "schema": schema,
    "config": config,
    "web": web,
    "edit": edit,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hamtui",
        description="Build, check and run hamstring training and rehab programs.",
        epilog="With no command, hamtui opens the full-screen app.",
    )
    parser.add_argument("--version", action="version", version=f"hamtui {__version__}")
    add_library_option(parser)
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="do not say which exercises a later library folder replaces",
    )
    parser.add_argument(
        "--restricted",
        action="store_true",
        help="for shared servers (see docs/SSH.md): read and write only inside the workspace "
        "folder HAMTUI_HOME names (which must be set), plus reading the bundled library and "
        "programs; never start a shell, an editor or any other program. HAMTUI_RESTRICTED=1 "
        "in the environment does the same and cannot be undone by arguments",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    for module in COMMAND_MODULES.values():
        module.add_parser(commands)
    _global_options_anywhere(commands)
    return parser


def _global_options_anywhere(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`--quiet` and `--restricted` are taken after the command too (`hamtui validate X
    --quiet`). Left out there, they leave the global option's value alone (SUPPRESS)."""
    for sub in commands.choices.values():
        sub.add_argument(
            "--quiet", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
        )
        sub.add_argument(
            "--restricted", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
        )
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                _global_options_anywhere(action)
