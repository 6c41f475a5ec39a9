"""The `hamtui` command. Textual is imported only when a full-screen UI is opened."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from hamtui import __version__
from hamtui.errors import HamtuiError, did_you_mean
from hamtui.text import one_line

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
    from hamtui.search import SearchIndex

    library = load_library(args.library)
    _library_errors(library)
    if args.limit is not None and args.limit < 1:
        _err("search: --limit must be at least 1")
        return 2
    cards = library.cards()
    index = SearchIndex(cards)
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
    from hamtui.search import SearchIndex, exercise_page

    library = load_library(args.library)
    _library_errors(library)
    entry = library.entries.get(args.slug)
    if entry is None:
        message = f"unknown exercise `{args.slug}`"
        hint = did_you_mean(args.slug, list(library.entries))
        if hint is None:
            hits = SearchIndex(library.cards()).search(args.slug, limit=1)
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


def cmd_schema(args: argparse.Namespace) -> int:
    from hamtui.files import FORMATS

    kind = args.kind
    model = FORMATS[kind][1]
    sys.stdout.write(json.dumps(model.model_json_schema(), indent=2) + "\n")
    return 0


def cmd_tui(args: argparse.Namespace) -> int:
    from hamtui.tui.app import run_app

    return run_app(extra_library=args.library)


COMMANDS = {
    "validate": cmd_validate,
    "review": cmd_review,
    "library": cmd_library,
    "schema": cmd_schema,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.library = [*args.library, *getattr(args, COMMAND_LIBRARY, [])]
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
