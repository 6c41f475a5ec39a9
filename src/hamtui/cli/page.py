"""An exercise page as plain lines for `hamtui library show`, wrapped to 80 columns.

What the page says comes from `hamtui.exercise_page` (the same model the full-screen detail
and the handouts read); this module only lays it out as text.
"""

from __future__ import annotations

import textwrap

from hamtui.exercise_page import ExercisePage, Section
from hamtui.text import one_line

PAGE_WIDTH = 80
LABEL_WIDTH = 12


def _wrapped(text: str, indent: str = "", first: str | None = None) -> list[str]:
    """Text wrapped to the page; newlines in it start new paragraphs (the text is already
    literal; one_line spells out a tab so the columns hold)."""
    lead = indent if first is None else first
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines += textwrap.wrap(
            one_line(paragraph),
            width=PAGE_WIDTH,
            initial_indent=lead,
            subsequent_indent=indent,
            break_on_hyphens=False,
        ) or [lead.rstrip()]
        lead = indent
    return lines


def _section(section: Section) -> list[str]:
    lines: list[str] = []
    for n, item in enumerate(section.items, 1):
        lead = f"{n:>3}. " if section.numbered else "  - "
        lines += _wrapped(item, " " * len(lead), lead)
    return ["", section.title, *lines] if lines else []


def page_lines(page: ExercisePage) -> list[str]:
    """The lines of a readable page about one exercise."""
    out = _wrapped(f"{page.name} ({page.slug})")
    if page.aliases:
        out += _wrapped(", ".join(page.aliases), "  ", "Also called: ")
    out.append("")
    for fact in page.facts:
        out += _wrapped(fact.value, " " * LABEL_WIDTH, f"{fact.label + ':':<{LABEL_WIDTH}}")
    if page.summary:
        out += ["", *_wrapped(page.summary)]
    for section in page.before_cues:
        out += _section(section)
    if page.cues:
        out += ["", "Cues"]
        for cue in page.cues:
            out += _wrapped(cue.text, "    ", f"  - {cue.level}, {cue.when}: ")
    for section in page.after_cues:
        out += _section(section)
    for title, links in page.ladders:
        if links:
            out += ["", title]
            for link in links:
                name = link.name if link.name is not None else "(not in the library)"
                out += _wrapped(name, "    ", f"  - {link.slug}: ")
    if page.sources:
        out += ["", "Sources"]
        for source in page.sources:
            out += _wrapped(source, "    ", "  - ")
    return out
