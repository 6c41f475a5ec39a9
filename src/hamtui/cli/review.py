"""`hamtui review PROGRAM`: a program read against the safety guidance."""

from __future__ import annotations

import argparse
from pathlib import Path

from hamtui.cli.common import COMMAND_LIBRARY, Commands, add_library_option, load_cli_library, out


def add_parser(commands: Commands) -> None:
    review = commands.add_parser(
        "review",
        help="check a program against the safety guidance",
        description="Read a program against the library and the safety guidance (stages, "
        "contraindications, eccentric frequency, stretch holds, rest days, plyometrics). "
        "Prints one line per finding and a summary; exits 1 when any finding is a problem.",
    )
    review.add_argument("program", type=Path, metavar="PROGRAM", help="a program file")
    add_library_option(review, dest=COMMAND_LIBRARY)


def run(args: argparse.Namespace) -> int:
    from hamtui.files import load_program
    from hamtui.review import format_finding, has_problems, review, summary

    library = load_cli_library(args)
    program = load_program(args.program).model
    findings = review(program, library)
    for finding in findings:
        out(format_finding(str(args.program), finding))
    out(summary(findings))
    return 1 if has_problems(findings) else 0
