"""`hamtui export PROGRAM`: a printable handout (Markdown or HTML)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hamtui.cli.common import (
    COMMAND_LIBRARY,
    Commands,
    add_library_option,
    err,
    find_program_argument,
    load_cli_library,
    out,
)


def add_parser(commands: Commands) -> None:
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
    export.add_argument(
        "--force",
        action="store_true",
        help="let -o replace a file that holds a hamtui file (a program, exercise, record, ...)",
    )
    add_library_option(export, dest=COMMAND_LIBRARY)


def _holds_hamtui_file(path: Path) -> bool:
    """True when `path` is a TOML file with a hamtui `format` (a handout must not replace it)."""
    import tomllib

    from hamtui.files import read_bytes

    try:
        fmt = tomllib.loads(read_bytes(path).decode("utf-8")).get("format")
    except Exception:  # anything unreadable as TOML is not a hamtui file
        return False
    return isinstance(fmt, str) and fmt.startswith("hamtui-")


def run(args: argparse.Namespace) -> int:
    from hamtui.cli.plan_run import is_plan_file
    from hamtui.export import format_for_path, render_handout
    from hamtui.files import load_program, write_atomic

    if is_plan_file(Path(args.program)):  # a rehab plan: its stages, criteria and the pain rule
        return _export_plan(args)
    path = find_program_argument(args.program)
    program = load_program(path).model
    library = load_cli_library(args)
    missing = [slug for _, _, slug in library.unresolved(program)]
    if missing:
        slugs = ", ".join(dict.fromkeys(missing))
        err(f"{path}: warning: exercises not found in the library, listed as missing: {slugs}")
    output: Path | None = args.output
    if _refused(output, path, "program", force=args.force):
        return 1
    from hamtui.review import count_text, review

    findings = review(program, library)
    counted = count_text(findings)
    if counted:
        err(f"{path}: warning: the review found {counted}; the handout lists them at the top")
    fmt = args.format or (format_for_path(output) if output else None) or "md"
    text = render_handout(program, library, fmt, findings)
    if output is None:
        sys.stdout.write(text)
        return 0
    write_atomic(output, text.encode("utf-8"))
    out(f"wrote {output}")
    return 0


def _refused(output: Path | None, source: Path, noun: str, *, force: bool) -> bool:
    """Whether writing the handout to `output` must be refused (said on stderr): never over the
    file it is made from, nor over another hamtui file without --force."""
    if output is None or not output.exists():
        return False
    same = output.resolve() == source.resolve()
    if same or (not force and _holds_hamtui_file(output)):
        what = f"the {noun} itself" if same else "a hamtui file"
        err(
            f"export: {output} is {what}; write the handout elsewhere"
            + ("" if same else " (or add --force)")
        )
        return True
    return False


def _export_plan(args: argparse.Namespace) -> int:
    from hamtui.export import format_for_path
    from hamtui.export.plan_handout import plan_html, plan_markdown
    from hamtui.files import write_atomic
    from hamtui.plan import load_plan

    plan_path = Path(args.program)
    plan = load_plan(plan_path)
    output: Path | None = args.output
    if _refused(output, plan_path, "plan", force=args.force):
        return 1
    fmt = args.format or (format_for_path(output) if output else None) or "md"
    text = plan_html(plan) if fmt == "html" else plan_markdown(plan)
    if output is None:
        sys.stdout.write(text)
        return 0
    write_atomic(output, text.encode("utf-8"))
    out(f"wrote {output}")
    return 0
