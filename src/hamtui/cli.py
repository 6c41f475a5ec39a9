"""The `hamtui` command. Textual is imported only when a full-screen UI is opened."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from hamtui import __version__
from hamtui.errors import HamtuiError, did_you_mean
from hamtui.text import one_line
from hamtui.workspace import WorkspaceError

if TYPE_CHECKING:
    from hamtui.library import Library

SCHEMA_KINDS = ("program", "exercise", "session", "safety")
COMMAND_LIBRARY = "command_library"


def _out(line: str) -> None:
    sys.stdout.write(one_line(line) + "\n")


def _err(line: str) -> None:
    sys.stderr.write(one_line(line) + "\n")


def _add_library_option(parser: argparse.ArgumentParser, *, dest: str = "library") -> None:
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hamtui",
        description="Build, check and run hamstring training and rehab programs.",
        epilog="With no command, hamtui opens the full-screen app.",
    )
    parser.add_argument("--version", action="version", version=f"hamtui {__version__}")
    _add_library_option(parser)
    parser.add_argument(
        "--restricted",
        action="store_true",
        help="for shared servers (see docs/SSH.md): read and write only inside the workspace "
        "folder HAMTUI_HOME names (which must be set), plus reading the bundled library and "
        "programs; never start a shell, an editor or any other program. HAMTUI_RESTRICTED=1 "
        "in the environment does the same and cannot be undone by arguments",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help="check program, exercise and session files",
        description="Check TOML syntax, the schema, and that every exercise resolves. "
        "Prints one line per problem and a summary; exits 0 when all are valid, 1 otherwise.",
    )
    validate.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    _add_library_option(validate, dest=COMMAND_LIBRARY)

    review = commands.add_parser(
        "review",
        help="check a program against the safety guidance",
        description="Read a program against the library and the safety guidance (stages, "
        "contraindications, eccentric frequency, stretch holds, rest days, plyometrics). "
        "Prints one line per finding and a summary; exits 1 when any finding is a problem.",
    )
    review.add_argument("program", type=Path, metavar="PROGRAM", help="a program file")
    _add_library_option(review, dest=COMMAND_LIBRARY)

    # `hamtui library ACTION`: import, search, show (handlers in LIBRARY_COMMANDS).
    library = commands.add_parser(
        "library",
        help="import, search and show library exercises",
        description="Work with exercise libraries.",
    )
    library_actions = library.add_subparsers(
        dest="library_command", metavar="ACTION", required=True
    )
    library_import = library_actions.add_parser(
        "import",
        help="convert a free-exercise-db JSON file into exercise files",
        description="Convert the free-exercise-db format (exercises.json) into one exercise "
        "file per record in DIR (see docs/IMPORT.md). Importing again writes nothing new. "
        "Prints one line per skipped record and a summary; exits 0 when nothing was skipped, "
        "1 when some records were skipped, 2 when the file cannot be read.",
    )
    library_import.add_argument("file", type=Path, metavar="FILE.json", help="the JSON file")
    library_import.add_argument(
        "--into", type=Path, required=True, metavar="DIR", help="folder to write (made if missing)"
    )
    library_import.add_argument(
        "--muscle",
        metavar="MUSCLE",
        help="import only records with this muscle among their primary or secondary muscles",
    )
    library_import.add_argument(
        "--force",
        action="store_true",
        help="overwrite files in DIR whose content differs from the import (e.g. edited ones)",
    )

    library_search = library_actions.add_parser(
        "search",
        help="find exercises by words and filters",
        description="Find exercises. Words match the name, aliases, summary, muscles and "
        "equipment, typos allowed (`hamstrng strech`); every word must match. Filters narrow "
        "the list: cat: stage: pos: equip: mode: level: muscle: tag: (`cat:stretch`, "
        "`stage:early,mid` for either, `equip:none`). No query lists every exercise. Prints "
        "one line per hit, best first: slug, name, category, stages. Exits 0 when something "
        "matches, 1 when nothing does, 2 when the query has a problem (said on stderr).",
    )
    library_search.add_argument("query", nargs="*", metavar="QUERY", help="words and filters")
    library_search.add_argument(
        "--limit", type=int, metavar="N", help="print at most N hits (default: all)"
    )
    _add_library_option(library_search, dest=COMMAND_LIBRARY)
    library_show = library_actions.add_parser(
        "show",
        help="print one exercise in full",
        description="Print an exercise as plain text: its details, steps, tips, mistakes, "
        "cues, red flags, default dose, progressions, regressions and sources. "
        "Exits 1 when no exercise has that slug.",
    )
    library_show.add_argument("slug", metavar="SLUG", help="the exercise's slug, like glute-bridge")
    _add_library_option(library_show, dest=COMMAND_LIBRARY)

    _add_export_parser(commands)
    _add_history_parser(commands)

    _add_run_parser(commands)

    schema = commands.add_parser("schema", help="print the JSON Schema of a file format")
    schema.add_argument("kind", choices=SCHEMA_KINDS)
    _add_config_parser(commands)
    _add_web_parser(commands)

    edit = commands.add_parser(
        "edit",
        help="open the app with a program file loaded",
        description="Open the full-screen app with PROGRAM in the editor (plain `hamtui` starts "
        "with a new, empty program).",
    )
    edit.add_argument("program", type=Path, metavar="PROGRAM")
    _add_library_option(edit)
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


def cmd_review(args: argparse.Namespace) -> int:
    from hamtui.files import load_program
    from hamtui.library import load_library
    from hamtui.review import format_finding, has_problems, review, summary

    library = load_library(args.library)
    program = load_program(args.program).model
    findings = review(program, library)
    for finding in findings:
        _out(format_finding(str(args.program), finding))
    _out(summary(findings))
    return 1 if has_problems(findings) else 0


def cmd_library_import(args: argparse.Namespace) -> int:
    from hamtui.importer import ImportFileError, import_file

    try:
        report = import_file(args.file, args.into, args.muscle, force=args.force)
    except ImportFileError as exc:
        for line in str(exc).splitlines():
            _err(line)
        return 2
    for problem in report.problems():
        _out(str(problem))
    _out(report.summary())
    return 0 if report.ok else 1


def _library_errors(library: Library) -> None:
    """Broken library files go to stderr: they are why an exercise may be missing."""
    for problem in library.problems:
        if problem.severity == "error":
            _err(str(problem))


def cmd_library_search(args: argparse.Namespace) -> int:
    from hamtui.library import load_library

    library = load_library(args.library)
    _library_errors(library)
    if args.limit is not None and args.limit < 1:
        _err("search: --limit must be at least 1")
        return 2
    cards = library.cards()
    index = library.search_index()
    text = " ".join(args.query)
    query = index.parse(text)
    if query.problems:
        for problem in query.problems:
            _err(f"search: {problem}")
        return 2
    hits = index.search(query, limit=args.limit)
    if not hits:
        _err(f"search: no exercise matches `{text}`")
        return 1
    rows = []
    for hit in hits:
        card = cards[hit.slug]
        rows.append((hit.slug, card.name, card.category, ", ".join(card.stages)))
    slug_width = max(len(row[0]) for row in rows)
    name_width = min(max(len(one_line(row[1])) for row in rows), 48)
    category_width = max(len(row[2]) for row in rows)
    for slug, name, category, stages in rows:
        line = f"{slug:<{slug_width}}  {one_line(name):<{name_width}}  {category:<{category_width}}"
        _out(f"{line}  {stages}".rstrip())
    return 0


def cmd_library_show(args: argparse.Namespace) -> int:
    from hamtui.library import load_library
    from hamtui.search import exercise_page

    library = load_library(args.library)
    _library_errors(library)
    entry = library.entries.get(args.slug)
    if entry is None:
        message = f"unknown exercise `{args.slug}`"
        hint = did_you_mean(args.slug, list(library.entries))
        if hint is None:
            hits = library.search_index().search(args.slug, limit=1)
            hint = hits[0].slug if hits else None
        _err(f"{message}; did you mean `{hint}`?" if hint else message)
        return 1
    names = {slug: card.name for slug, card in library.cards().items()}
    for line in exercise_page(entry.slug, entry.exercise, names):
        _out(line)
    _out("")
    _out(f"File: {entry.path} ({entry.origin})")
    return 0


LIBRARY_COMMANDS = {
    "import": cmd_library_import,
    "search": cmd_library_search,
    "show": cmd_library_show,
}


def cmd_library(args: argparse.Namespace) -> int:
    return LIBRARY_COMMANDS[args.library_command](args)


# ---------------------------------------------------------------------------------------------
# `hamtui export` and `hamtui history`


def _add_export_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = commands.add_parser(
        "export",
        help="write a printable handout of a program (Markdown or HTML)",
        description="Write a printable handout of a program: its details, a dose table per "
        "block, each exercise's summary, steps, cues, red flags and when to avoid it, and the "
        "general safety rules with what to do about each symptom. HTML is one self-contained "
        "page (nothing loaded from elsewhere) with print styles. PROGRAM is a program file, or "
        "the file name of a program in your programs folder or among the bundled programs "
        "(`early-hamstring-rehab`). Prints the handout unless -o is given. Exercises not found "
        "in the library are listed as missing (with a warning on stderr). Exits 1 when the "
        "program cannot be read or the file cannot be written.",
    )
    export.add_argument("program", metavar="PROGRAM", help="a program file or name")
    export.add_argument(
        "--format",
        choices=("md", "html"),
        help="md (Markdown) or html; default: from the -o file's suffix, else md",
    )
    export.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write to FILE (atomically)"
    )
    _add_library_option(export, dest=COMMAND_LIBRARY)


def _add_history_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    history = commands.add_parser(
        "history",
        help="list past sessions, adherence and pain ratings; export them as CSV",
        description="List the recorded sessions (local date and time, program, status, sets "
        "done, symptoms reported), then per program the sessions done against its "
        "sessions_per_week in each of the last weeks (ISO weeks, Monday to Sunday; completed "
        "and ended-early sessions count, unfinished ones do not), then the pain ratings per "
        "exercise as a small chart, oldest to newest. Programs are looked up by file name in "
        "your programs folder, then among the bundled programs. With --csv, writes CSV "
        "instead: one row per exercise entry of each session (started, program, status, "
        "exercise, block, item, sets_done, side, pain, effort, skipped, notes; a session with "
        "no entries gets one row with those empty); with --events, one row per session event "
        "(started, program, status, at, kind, detail). CSV times are UTC, block and item count "
        "from 0 as in the session files, and text that a spreadsheet would read as a formula "
        "gets a leading apostrophe. Session files that cannot be read are reported on stderr "
        "and skipped. Exits 0.",
    )
    history.add_argument(
        "--csv", action="store_true", help="write the session entries as CSV instead"
    )
    history.add_argument(
        "--events",
        action="store_true",
        help="write the session events (symptoms, pauses, skips, swaps, cues) as CSV instead "
        "of the entries (implies --csv)",
    )
    history.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="with --csv: write to FILE"
    )
    history.add_argument(
        "--weeks",
        type=int,
        default=4,
        metavar="N",
        help="how many weeks of adherence to show, this one included (default: 4)",
    )


def _find_program_argument(name: str) -> Path:
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


def cmd_export(args: argparse.Namespace) -> int:
    from hamtui.export import format_for_path, render_handout
    from hamtui.files import load_program, write_atomic
    from hamtui.library import load_library

    path = _find_program_argument(args.program)
    program = load_program(path).model
    library = load_library(args.library)
    missing = [slug for _, _, slug in library.unresolved(program)]
    if missing:
        slugs = ", ".join(dict.fromkeys(missing))
        _err(f"{path}: warning: exercises not found in the library, listed as missing: {slugs}")
    output: Path | None = args.output
    fmt = args.format or (format_for_path(output) if output else None) or "md"
    text = render_handout(program, library, fmt)
    if output is None:
        sys.stdout.write(text)
        return 0
    write_atomic(output, text.encode("utf-8"))
    _out(f"wrote {output}")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from hamtui.files import write_atomic
    from hamtui.history import (
        STATUS_WORDS,
        entries_csv,
        events_csv,
        exercises_with_pain,
        load_history,
        pain_trend,
        program_adherence,
        session_table,
        sparkline,
    )

    if args.weeks < 1:
        _err("history: --weeks must be at least 1")
        return 2
    as_csv = args.csv or args.events
    if args.output is not None and not as_csv:
        _err("history: -o writes CSV; add --csv (or --events)")
        return 2
    history = load_history()
    for problem in history.problems:
        _err(f"{problem} (skipped)")
    if as_csv:
        newline = "\r\n" if args.output is not None else "\n"
        text = (events_csv if args.events else entries_csv)(history, newline)
        if not history.sessions:
            _err(f"no sessions recorded yet (in {history.folder}); the CSV has only its header")
        if args.output is None:
            sys.stdout.write(text)
        else:
            write_atomic(args.output, text.encode("utf-8"))
            _out(f"wrote {args.output}")
        return 0
    if not history.sessions:
        _out(f"No sessions recorded yet (looked in {history.folder}).")
        _out("Run one with `hamtui run PROGRAM` (or F5 in the editor); it is listed here.")
        return 0
    for line in session_table(history.sessions):
        _out(line)
    counts = dict.fromkeys(STATUS_WORDS.values(), 0)
    for row in history.sessions:
        counts[row.status_text] += 1
    total = len(history.sessions)
    _out(
        f"{total} session{'s' if total != 1 else ''}: "
        + ", ".join(f"{n} {status}" for status, n in counts.items() if n)
    )

    _out("")
    _out(f"Sessions per week, last {args.weeks} week{'s' if args.weeks != 1 else ''}")
    _out("(completed or ended early, Monday to Sunday, this week last):")
    for found in program_adherence(history, weeks=args.weeks):
        name = one_line(found.program, 40)
        if found.note:
            _out(f"  {name}: {found.note}")
            continue
        weeks = " · ".join(f"{w.week_start:%b %d} {w.done}/{w.planned}" for w in found.weeks)
        _out(f"  {name} ({found.sessions_per_week} a week): {weeks}")

    slugs = exercises_with_pain(history)
    if slugs:
        _out("")
        _out("Pain (0-10) per exercise, oldest to newest:")
        width = max(len(slug) for slug in slugs)
        for slug in slugs:
            trend = pain_trend(history, slug)
            chart = sparkline(pain for _, pain in trend[-30:])
            count = len(trend)
            ratings = f"{count} rating{'s' if count != 1 else ''}"
            _out(f"  {slug:<{width}}  {chart}  last {trend[-1][1]} ({ratings})")
    return 0


# ---------------------------------------------------------------------------------------------
# `hamtui config`


def _add_config_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    config = commands.add_parser(
        "config",
        help="show the settings file and the settings in force",
        description="Print where the settings file is and whether it exists, then every "
        "setting in force with where it comes from: the file, or the default. A broken file's "
        "problems are printed on stderr and the exit code is 1 (other commands warn in one "
        "line and use the defaults). With --init, write a commented starter file if there is "
        "none (never replacing one).",
    )
    config.add_argument(
        "--init", action="store_true", help="write a commented starter file if none exists"
    )


def cmd_config(args: argparse.Namespace) -> int:
    from hamtui.config import config_path, effective_settings, load_config, write_starter
    from hamtui.errors import LoadError
    from hamtui.workspace import check_write

    path = config_path()
    if args.init:
        written = write_starter(check_write(path))
        _out(f"wrote {written}")
        _out("edit it, then run `hamtui config` to check it")
        return 0
    exists = path.exists() or path.is_symlink()
    _out(f"config file: {path} ({'exists' if exists else 'not found: all defaults'})")
    try:
        config = load_config(path)
    except LoadError as exc:
        for line in str(exc).splitlines():
            _err(line)
        return 1
    rows = effective_settings(config)
    name_width = max(len(row.name) for row in rows)
    value_width = max(len(row.value) for row in rows)
    for row in rows:
        _out(f"{row.name:<{name_width}} = {row.value:<{value_width}}  ({row.source})")
    return 0


# ---------------------------------------------------------------------------------------------
# Restricted mode: every path a command takes goes through hamtui.workspace's policy.

# The path arguments of each command ("library ACTION" for the library actions), by argparse
# dest. A command that takes a path lists it here; "tree" reads a folder and all below it.
USER_PATHS: dict[str, dict[str, str]] = {
    "validate": {"paths": "tree"},
    "review": {"program": "read"},
    "library import": {"file": "read", "into": "write"},
    "export": {"program": "read", "output": "write"},
    "history": {"output": "write"},
    "run": {"program": "read"},
    "edit": {"program": "read"},
}


def _confine_paths(args: argparse.Namespace) -> None:
    """Refuse (WorkspaceError) any path outside what the policy allows; no-op unrestricted.

    Paths are checked as typed: in restricted mode the current folder is the workspace, so a
    relative path means the same to the check and to the command."""
    from hamtui import workspace

    policy = workspace.current()
    if not policy.restricted:
        return
    from hamtui.validate import expand

    for folder in args.library:
        policy.check_read(folder)
    command = args.command or ""
    if command == "library":
        command = f"library {args.library_command}"
    for dest, access in USER_PATHS.get(command, {}).items():
        value = getattr(args, dest, None)
        for path in value if isinstance(value, list) else [value]:
            if path is None:
                continue
            if access == "write":
                policy.check_write(path)
                continue
            policy.check_read(path)
            if access == "tree" and Path(path).is_dir():
                for found in expand([Path(path)]):
                    if isinstance(found, Path):
                        policy.check_read(found)


def _has_screen() -> bool:
    """A terminal on stdin and stdout, or a browser tab of `hamtui web` (pipes, web driver)."""
    if sys.stdin.isatty() and sys.stdout.isatty():
        return True
    from hamtui.web import in_browser_tab

    return in_browser_tab()


def _restrict(args: argparse.Namespace) -> None:
    """Put the run's policy in force (HAMTUI_RESTRICTED=1 counts as --restricted)."""
    from hamtui import workspace

    policy = workspace.configure(args.restricted)
    args.restricted = policy.restricted
    policy.enter()
    _confine_paths(args)
    full_screen = (
        args.command in (None, "run", "edit")
        and not getattr(args, "headless", False)
        and not getattr(args, "plain", False)
    )
    if policy.restricted and full_screen and not _has_screen():
        raise workspace.WorkspaceError(
            "hamtui: the app needs a terminal; connect with `ssh -t` (a plain `ssh user@host` "
            "asks for one too)"
        )


# ---------------------------------------------------------------------------------------------
# `hamtui run`


def _seconds(text: str) -> int:
    """A whole number of seconds, 0..600 (`run --get-ready` and `--switch-side`)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of seconds: {text!r}") from None
    if not 0 <= value <= 600:
        raise argparse.ArgumentTypeError(f"must be within 0..600 seconds: {value}")
    return value


def _add_run_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run = commands.add_parser(
        "run",
        help="run a program as a guided session",
        description="Run a program full-screen: a countdown for every hold, rest and side "
        "switch, safety cues, a symptom check (!), and a session record written after every "
        "set to the sessions folder of the data folder. If an unfinished session of the same "
        "program file exists, it offers to resume it at the set in progress. Exits 1 when the "
        "program cannot be run (a broken file, an exercise not found). With --plain, the "
        "same session as plain lines of text, for screen readers and dumb terminals.",
    )
    run.add_argument("program", type=Path, metavar="PROGRAM", help="a program file")
    _add_library_option(run, dest=COMMAND_LIBRARY)
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
        type=_seconds,
        default=None,
        metavar="S",
        help="seconds to get ready before each exercise (default: the config's get_ready_s, 10)",
    )
    run.add_argument(
        "--switch-side",
        type=_seconds,
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


def cmd_run(args: argparse.Namespace) -> int:
    """`hamtui run`. Two hidden options for tests and benchmarks: `--headless` runs without a
    terminal, `--auto-ack` acknowledges start cues at once, asks no ratings, answers a resume
    offer with "resume" and exits at the end of the session. `--plain` runs the session as lines
    of text (hamtui.session.plain, no Textual). Both read the config: bell, pain_threshold,
    get_ready_s (the default of --get-ready); a broken config is a warning on stderr."""
    from hamtui.config import effective_pain_threshold, load_config_or_defaults
    from hamtui.library import load_library

    config, warning = load_config_or_defaults()
    if warning:
        _err(warning)
    library = load_library(args.library)
    pain_threshold = effective_pain_threshold(config, library.safety_rules.general.pain_threshold)
    get_ready_s = config.get_ready_s if args.get_ready is None else args.get_ready
    bell = config.bell and not args.no_bell
    resume: Literal["ask", "resume"] = "resume" if args.resume else "ask"
    try:
        if args.plain:
            from hamtui.session.plain import run_plain_session

            return run_plain_session(
                args.program,
                library,
                bell=bell,
                get_ready_s=get_ready_s,
                switch_side_s=args.switch_side,
                auto_ack=args.auto_ack,
                resume=resume,
                pain_threshold=pain_threshold,
            )
        from hamtui.tui.session_app import run_session

        return run_session(
            args.program,
            library,
            bell=bell,
            get_ready_s=get_ready_s,
            switch_side_s=args.switch_side,
            headless=args.headless,
            auto_ack=args.auto_ack,
            resume=resume,
            pain_threshold=pain_threshold,
        )
    except HamtuiError:
        _library_errors(library)  # a broken library file may be why an exercise is missing
        raise


# ---------------------------------------------------------------------------------------------
# `hamtui web`


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be within 1..65535: {value}")
    return value


def _add_web_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    web = commands.add_parser(
        "web",
        help="serve the app to a web browser (textual-serve)",
        description="Serve the full-screen app to web browsers: open the address it prints, "
        "and each browser tab gets its own app. It listens on 127.0.0.1 (this machine only) "
        "unless --host says otherwise; there are no passwords, so anyone who can reach the "
        "port can use the app. With --restricted, every tab is restricted to HAMTUI_HOME. "
        "Runs until Ctrl+C. Needs textual-serve (pip install 'hamtui[web]'). Exits 1 when "
        "the port is in use or the address cannot be used.",
    )
    web.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="ADDRESS",
        help="the address to listen on (default: 127.0.0.1; 0.0.0.0 for every network, "
        "with a warning)",
    )
    web.add_argument(
        "--port", type=_port, default=8000, metavar="N", help="the port (default: 8000)"
    )
    web.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use to reach the server, when it differs from "
        "http://HOST:PORT (behind a proxy, or listening on 0.0.0.0)",
    )
    _add_library_option(web, dest=COMMAND_LIBRARY)


def cmd_web(args: argparse.Namespace) -> int:
    from hamtui.web import serve

    return serve(
        host=args.host,
        port=args.port,
        library=args.library,
        restricted=args.restricted,
        url=args.public_url,
        say=_out,
        warn=_err,
    )


def cmd_schema(args: argparse.Namespace) -> int:
    from hamtui.files import FORMATS

    kind = args.kind
    model = FORMATS[kind][1]
    sys.stdout.write(json.dumps(model.model_json_schema(), indent=2) + "\n")
    return 0


def cmd_tui(args: argparse.Namespace) -> int:
    from hamtui.tui.app import run_app

    program = getattr(args, "program", None)
    if program is not None:
        from hamtui.files import load_program

        load_program(program)  # a broken file is reported here, before the screen opens
    # The app loads the config itself after its first paint and shows a broken file's warning.
    return run_app(extra_library=args.library, program=program)


COMMANDS = {
    "edit": cmd_tui,
    "validate": cmd_validate,
    "review": cmd_review,
    "library": cmd_library,
    "export": cmd_export,
    "history": cmd_history,
    "run": cmd_run,
    "schema": cmd_schema,
    "config": cmd_config,
    "web": cmd_web,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.library = [*args.library, *getattr(args, COMMAND_LIBRARY, [])]
    handler = COMMANDS.get(args.command, cmd_tui) if args.command else cmd_tui
    try:
        _restrict(args)
        return handler(args)
    except WorkspaceError as exc:
        for line in str(exc).splitlines():
            _err(line)
        return 2
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
