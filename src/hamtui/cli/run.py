"""`hamtui run PROGRAM`: a program as a live session, full screen or as plain text."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hamtui.cli.common import (
    COMMAND_LIBRARY,
    Commands,
    add_library_option,
    err,
    library_errors,
    load_cli_library,
    out,
    seconds,
)
from hamtui.errors import HamtuiError


def add_parser(commands: Commands) -> None:
    run = commands.add_parser(
        "run",
        help="run a program as a guided session",
        description="Run a program full-screen: a countdown for every hold, rest and side "
        "switch, safety cues, a symptom check (!), and a session record written after every "
        "set to the sessions folder of the data folder. If an unfinished session of the same "
        "program file exists, it offers to resume it at the set in progress. Exits 1 when the "
        "program cannot be run (a broken file, an exercise not found). With --plain, the "
        "same session as plain lines of text, for screen readers and dumb terminals. Given a "
        "rehab plan (format hamtui-plan/1), it runs the program of the plan's current stage "
        "after a check-in: whether symptoms lasted more than 24 hours since the last session, "
        "and any new symptom; the answers may lower today's dose or advise a day of rest, and "
        "are kept in the session record.",
    )
    run.add_argument(
        "program",
        type=Path,
        metavar="PROGRAM",
        nargs="?",
        help="a program file; left out, hamtui lists the programs (the last one run first) "
        "and asks which",
    )
    add_library_option(run, dest=COMMAND_LIBRARY)
    run.add_argument(
        "--no-bell", action="store_true", help="no terminal bell at phase changes (m toggles it)"
    )
    run.add_argument(
        "--resume",
        action="store_true",
        help="resume the newest unfinished session of this program without asking",
    )
    run.add_argument(
        "--get-ready",
        type=seconds,
        default=None,
        metavar="S",
        help="seconds to get ready before each exercise (default: the config's get_ready_s, 10)",
    )
    run.add_argument(
        "--switch-side",
        type=seconds,
        default=5,
        metavar="S",
        help="seconds to change sides between left and right (default: 5)",
    )
    run.add_argument(
        "--plain",
        action="store_true",
        help="no full-screen UI: the session as plain lines of text on stdout, for screen "
        "readers and dumb terminals (TERM=dumb); type a command and press enter (h lists "
        "them). Same cues, questions and session records; never any colour",
    )
    # For tests and benchmarks (see cmd_run): no terminal; every pop-up answered by default.
    run.add_argument("--headless", action="store_true", help=argparse.SUPPRESS)
    run.add_argument("--auto-ack", action="store_true", help=argparse.SUPPRESS)


def dumb_terminal() -> bool:
    """A terminal that cannot draw the app: TERM unset, empty or `dumb` (Emacs shells, some
    screen-reader setups), outside a browser tab of `hamtui web`."""
    import os

    from hamtui.cli.restricted import in_browser_tab

    return os.environ.get("TERM", "") in ("", "dumb") and not in_browser_tab()


def pick_program() -> Path | None:
    """Ask which program to run: a numbered list, the last one run first; None (said why)
    when there is none to pick or no answer."""
    from hamtui.catalog import programs_by_last_run
    from hamtui.text import one_line

    choices = programs_by_last_run()
    if not choices:
        err("hamtui run: no program to run: name a program file (hamtui run PROGRAM)")
        return None
    out("Programs (the last one run first):")
    for number, (path, title, when) in enumerate(choices, start=1):
        last = f", last run {when}" if when else ""
        out(f"  {number}. {one_line(title, 60)} ({one_line(path.name, 40)}{last})")
    out("Run which? Type its number and press enter (enter alone: 1).")
    sys.stdout.flush()
    answer = sys.stdin.readline()
    if not answer:
        err("hamtui run: no answer: name a program file (hamtui run PROGRAM)")
        return None
    text = answer.strip() or "1"
    if not text.isdigit() or not 1 <= int(text) <= len(choices):
        err(f"hamtui run: {one_line(text, 20)} is not one of 1 to {len(choices)}")
        return None
    return choices[int(text) - 1][0]


def run(args: argparse.Namespace) -> int:
    """`hamtui run`. Two hidden options for tests and benchmarks: `--headless` runs without a
    terminal, `--auto-ack` acknowledges start cues at once, asks no ratings, answers a resume
    offer with "resume" and exits at the end of the session. `--plain` runs the session as lines
    of text (hamtui.cli.plain, no Textual). The options of the session (bell, pain threshold,
    get-ready seconds, ...) are made once from the config and the flags; a broken config is a
    warning on stderr."""
    from hamtui.config import load_config_or_defaults
    from hamtui.session.run import SessionOptions

    config, warning = load_config_or_defaults()
    if warning:
        err(warning)
    if args.program is None:
        args.program = pick_program()
        if args.program is None:
            return 1
    library = load_cli_library(args)
    options = SessionOptions.from_config(
        config,
        get_ready_s=args.get_ready,
        switch_side_s=args.switch_side,
        no_bell=args.no_bell,
        resume="resume" if args.resume else "ask",
        auto_ack=args.auto_ack,
    )
    from hamtui.cli.plan_run import is_plan_file, plan_day, plan_session
    from hamtui.session.checkin import PlanDay

    day: PlanDay | None = None
    if is_plan_file(args.program):  # a rehab plan: today's session of its stage, checked in
        found = plan_day(args.program, library)
        if isinstance(found, int):
            return found
        day = found
        args.program = day.program
        options = day.session_options(options)  # the plan's injured leg, the stage's ceiling
    if not args.plain and not args.headless and dumb_terminal():
        err(
            "hamtui run: this terminal (TERM=dumb or none) cannot show the full-screen app; "
            "running the session as plain text (--plain)"
        )
        args.plain = True
    if day is not None and (args.plain or args.headless):  # the check-in as lines of text
        chosen = plan_session(day, options)
        if isinstance(chosen, int):
            return chosen
        args.program, options = chosen
        day = None
    try:
        if args.plain:
            from hamtui.cli.plain import run_plain_session

            return run_plain_session(args.program, library, options)
        from hamtui.tui.session_app import run_session

        return run_session(args.program, library, options, headless=args.headless, day=day)
    except HamtuiError:
        library_errors(library)  # a broken library file may be why an exercise is missing
        raise
