"""`hamtui history`: past sessions, adherence and pain; CSV export."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from hamtui.cli.common import Commands, err, out
from hamtui.text import one_line

MAX_WEEKS = 520  # ten years of weeks: more is never a useful view
LAST = 30  # sessions listed by default: the newest, above the prompt; --all lists every one


def add_parser(commands: Commands) -> None:
    history = commands.add_parser(
        "history",
        help="list past sessions, adherence and pain ratings; export them as CSV",
        description=f"List the newest recorded sessions ({LAST} unless --last or --all; local "
        "date and time, program, status, sets done, symptoms reported), oldest first, and how "
        "many there are in all, then per program the sessions done against its "
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
    shown = history.add_mutually_exclusive_group()
    shown.add_argument(
        "--last",
        type=int,
        default=LAST,
        metavar="N",
        help=f"list the newest N sessions (default: {LAST})",
    )
    shown.add_argument("--all", action="store_true", help="list every session")
    history.add_argument(
        "--weeks",
        type=int,
        default=4,
        metavar="N",
        help="how many weeks of adherence to show, this one included (default: 4)",
    )


def run(args: argparse.Namespace) -> int:
    from hamtui.records_index import gc_paused

    # A command that reads years of records into rows and exits: the cyclic garbage collector
    # would only go over those rows again and again (a fifth of the time at 5,000 records).
    with gc_paused():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from hamtui.files import write_atomic
    from hamtui.history import (
        STATUS_WORDS,
        entries_csv,
        events_csv,
        load_history,
        pain_trends,
        program_adherence,
        session_table,
        sparkline,
    )

    if not 1 <= args.weeks <= MAX_WEEKS:
        err(f"history: --weeks must be between 1 and {MAX_WEEKS} (got {args.weeks})")
        return 2
    if args.last < 1:
        err(f"history: --last must be at least 1 (got {args.last}); --all lists every session")
        return 2
    as_csv = args.csv or args.events
    if args.output is not None and not as_csv:
        err("history: -o writes CSV; add --csv (or --events)")
        return 2
    history = load_history()
    for problem in history.problems:
        err(f"{problem} (skipped)")
    if as_csv:
        newline = "\r\n" if args.output is not None else "\n"
        text = (events_csv if args.events else entries_csv)(history, newline)
        if not history.sessions:
            err(f"no sessions recorded yet (in {history.folder}); the CSV has only its header")
        if args.output is None:
            sys.stdout.write(text)
        else:
            write_atomic(args.output, text.encode("utf-8"))
            out(f"wrote {args.output}")
        return 0
    if not history.sessions:
        out(f"No sessions recorded yet (looked in {history.folder}).")
        out("Run one with `hamtui run PROGRAM` (or F5 in the editor); it is listed here.")
        return 0
    total = len(history.sessions)
    listed = history.sessions if args.all else history.sessions[-args.last :]
    if len(listed) < total:
        earlier = total - len(listed)
        out(
            f"{earlier} earlier session{'s' if earlier != 1 else ''} not listed "
            "(--all lists every one, --csv exports them)."
        )
    for line in session_table(listed):
        out(line)
    by_status = Counter(row.summary.status for row in history.sessions)
    counts = {words: by_status[status] for status, words in STATUS_WORDS.items()}
    out(
        f"{total} session{'s' if total != 1 else ''}: "
        + ", ".join(f"{n} {status}" for status, n in counts.items() if n)
    )

    out("")
    out(f"Sessions per week, last {args.weeks} week{'s' if args.weeks != 1 else ''}")
    out("(sessions with a set done, Monday to Sunday, this week last):")
    for found in program_adherence(history, weeks=args.weeks):
        name = one_line(found.program, 40)
        if found.title:
            name += f" ({one_line(found.title, 40)})"
        if found.note:
            out(f"  {name}: {found.note}")
            continue
        weeks = " · ".join(
            f"{w.week_start:%b %d} {w.done}/{w.planned}"
            + (f" ({w.partial} ended early)" if w.partial else "")
            for w in found.weeks
        )
        out(f"  {name} ({found.sessions_per_week} a week): {weeks}")

    from hamtui.plan import stage_changes

    changes = stage_changes()
    if changes:
        out("")
        out("Stage changes of your plans:")
        for change in changes[-20:]:
            who = f" ({one_line(change.who, 40)})" if change.who else ""
            why = f": {one_line(change.why, 100)}" if change.why else ""
            out(
                f"  {change.at.astimezone():%Y-%m-%d}  {one_line(change.plan, 40)}  "
                f"stage {change.from_stage} -> {change.to_stage}{who}{why}"
            )
    trends = pain_trends(history)
    slugs = sorted(trends)
    if slugs:
        out("")
        out("Pain (0-10) per exercise, oldest to newest:")
        width = max(len(slug) for slug in slugs)
        for slug in slugs:
            trend = trends[slug]
            chart = sparkline(pain for _, pain in trend[-30:])
            count = len(trend)
            ratings = f"{count} rating{'s' if count != 1 else ''}"
            out(f"  {slug:<{width}}  {chart}  last {trend[-1][1]} ({ratings})")
    return 0
