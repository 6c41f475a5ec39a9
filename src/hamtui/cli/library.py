"""`hamtui library import|search|show`: work with exercise libraries."""

from __future__ import annotations

import argparse
from pathlib import Path

from hamtui.cli.common import (
    COMMAND_LIBRARY,
    Commands,
    add_library_option,
    err,
    library_errors,
    load_cli_library,
    out,
)
from hamtui.errors import did_you_mean
from hamtui.text import one_line


def add_parser(commands: Commands) -> None:
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
        "--override",
        action="store_true",
        help="let an imported exercise replace a bundled one of the same slug (by default it "
        "is written as <slug>-imported)",
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
    add_library_option(library_search, dest=COMMAND_LIBRARY)
    library_show = library_actions.add_parser(
        "show",
        help="print one exercise in full",
        description="Print an exercise as plain text: its details, steps, tips, mistakes, "
        "cues, red flags, default dose, progressions, regressions and sources. "
        "Exits 1 when no exercise has that slug.",
    )
    library_show.add_argument("slug", metavar="SLUG", help="the exercise's slug, like glute-bridge")
    add_library_option(library_show, dest=COMMAND_LIBRARY)


def cmd_library_import(args: argparse.Namespace) -> int:
    from hamtui.importer import ImportFileError, import_file
    from hamtui.library import load_library

    reserved = () if args.override else tuple(load_library(bundled_only=True).entries)
    try:
        report = import_file(args.file, args.into, args.muscle, force=args.force, reserved=reserved)
    except ImportFileError as exc:
        for line in str(exc).splitlines():
            err(line)
        return 2
    for problem in report.problems():
        out(str(problem))
    out(report.summary())
    return 0 if report.ok else 1


def cmd_library_search(args: argparse.Namespace) -> int:

    library = load_cli_library(args)
    library_errors(library)
    if args.limit is not None and args.limit < 1:
        err("search: --limit must be at least 1")
        return 2
    cards = library.cards()
    index = library.search_index()
    text = " ".join(args.query)
    query = index.parse(text)
    if query.problems:
        for problem in query.problems:
            err(f"search: {problem}")
        return 2
    hits = index.search(query, limit=args.limit)
    if not hits:
        err(f"search: no exercise matches `{text}`")
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
        out(f"{line}  {stages}".rstrip())
    return 0


def cmd_library_show(args: argparse.Namespace) -> int:
    from hamtui.cli.page import page_lines
    from hamtui.exercise_page import exercise_page

    library = load_cli_library(args)
    library_errors(library)
    entry = library.entries.get(args.slug)
    if entry is None:
        message = f"unknown exercise `{args.slug}`"
        hint = did_you_mean(args.slug, list(library.entries))
        if hint is None:
            hits = library.search_index().search(args.slug, limit=1)
            hint = hits[0].slug if hits else None
        err(f"{message}; did you mean `{hint}`?" if hint else message)
        return 1
    names = {slug: card.name for slug, card in library.cards().items()}
    conditions = {c.id: c for c in library.safety_rules.conditions}
    for line in page_lines(exercise_page(entry.slug, entry.exercise, names, conditions)):
        out(line)
    out("")
    out(f"File: {entry.path} ({entry.origin})")
    return 0


LIBRARY_COMMANDS = {
    "import": cmd_library_import,
    "search": cmd_library_search,
    "show": cmd_library_show,
}


def run(args: argparse.Namespace) -> int:
    return LIBRARY_COMMANDS[args.library_command](args)
