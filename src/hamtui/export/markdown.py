"""A handout as Markdown (CommonMark with GitHub-style tables).

Text from a program or the library is escaped so that it renders as typed: every character
Markdown could read as markup anywhere in a line gets a backslash (`* _ [ ] < > # | ~ & $`,
backticks, backslashes), markers that only count at the start of a line (`-`, `+`, `=`, `1.`)
are escaped there, and text that must stay on one line (headings, table cells, list items)
has its line breaks turned into spaces.
"""

from __future__ import annotations

import re

from hamtui import __version__
from hamtui.exercise_page import CUES, ExercisePage, Section
from hamtui.export.handout import BlockView, Handout, HandoutLibrary, build_handout
from hamtui.model.program import Program

# Backslash-escapable characters that can start or end markup anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>|~&#$])")
# Markers that only count at the start of a line: block quotes, lists, headings, rules.
_LINE_START_NUMBER = re.compile(r"^(\d{1,9})([.)])")
_LINE_START_MARK = re.compile(r"^([-+=])")
_BREAKS = re.compile(r"\s*[\r\n]+\s*")
DASH = "–"


def md_inline(text: str) -> str:
    """Text for one line of Markdown (a heading, a table cell, a list item): escaped, with
    line breaks turned into spaces."""
    flat = _BREAKS.sub(" ", text).strip()
    escaped = _INLINE.sub(r"\\\1", flat)
    escaped = _LINE_START_NUMBER.sub(r"\1\\\2", escaped)
    return _LINE_START_MARK.sub(r"\\\1", escaped)


def md_paragraph(text: str) -> str:
    """A paragraph of text, escaped; the author's line breaks are kept as hard breaks and blank
    lines as paragraph breaks."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()) if p]
    return "\n\n".join(
        "\\\n".join(md_inline(line) for line in p.split("\n") if line.strip()) for p in paragraphs
    )


def _cell(text: str) -> str:
    return md_inline(text) if text.strip() else DASH


def _block(block: BlockView) -> list[str]:
    out = [f"### {block.number}. {md_inline(block.name)}", "", md_inline(block.how), ""]
    if not block.rows:
        return [*out, "_No exercises in this block yet._", ""]
    out += [
        "| Exercise | Sets × reps | Hold | Rest | Side | Tempo | Notes |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in block.rows:
        name = md_inline(row.name)
        if not row.resolved:
            name = f"`{row.slug}` (not in the library)"
        notes = [f"Builds up to {row.climbs_to}"] if row.climbs_to else []
        notes += [row.notes] if row.notes.strip() else []
        notes += [f"Cue: {cue}" for cue in row.cues]
        cells = [name, row.sets_reps, _cell(row.hold), _cell(row.rest), _cell(row.side)]
        cells += [_cell(row.tempo), " · ".join(md_inline(n) for n in notes) or DASH]
        out.append("| " + " | ".join(cells) + " |")
    return [*out, ""]


def _list(title: str, items: list[str], *, numbered: bool = False) -> list[str]:
    if not items:
        return []
    lines = [f"{n}. {item}" if numbered else f"- {item}" for n, item in enumerate(items, 1)]
    return [f"**{title}**", "", *lines, ""]


def _section(section: Section) -> list[str]:
    return _list(section.title, [md_inline(i) for i in section.items], numbered=section.numbered)


def _exercise(page: ExercisePage) -> list[str]:
    out = [f"### {md_inline(page.name)}", ""]
    if page.summary.strip():
        out += [md_paragraph(page.summary), ""]
    if page.equipment:
        out += [f"Equipment: {md_inline(', '.join(page.equipment))}", ""]
    out += _section(page.steps)
    cues = []
    for cue in page.cues:
        when = cue.when_first + (f" ({cue.level})" if cue.level != "info" else "")
        cues.append(f"{md_inline(when)}: {md_inline(cue.text)}")
    out += _list(CUES, cues)
    out += _section(page.red_flags)
    out += _section(page.avoid_when)
    return out


def render_markdown(handout: Handout) -> str:
    """The Markdown text of a handout."""
    out = [f"# {md_inline(handout.title)}", ""]
    if handout.author.strip():
        out += [f"By {md_inline(handout.author)}", ""]
    if handout.summary.strip():
        out += [md_paragraph(handout.summary), ""]
    details = []
    if handout.stage:
        details.append(f"- **Stage:** {md_inline(handout.stage)}")
    if handout.sessions_per_week:
        details.append(f"- **Sessions per week:** {handout.sessions_per_week}")
    if handout.tags:
        details.append(f"- **Tags:** {md_inline(', '.join(handout.tags))}")
    if details:
        out += [*details, ""]
    if handout.review:
        out += [
            f"## Review: {md_inline(handout.review_counts)}",
            "",
            "The program's review found these. Check them before following the program.",
            "",
            *(f"- {md_inline(line)}" for line in handout.review),
            "",
        ]

    out += ["## The plan", ""]
    if not handout.blocks:
        out += ["_This program has no blocks yet._", ""]
    for block in handout.blocks:
        out += _block(block)

    out += ["## The exercises", ""]
    for exercise in handout.exercises:
        out += _exercise(exercise)
    if handout.unresolved:
        out += [
            "### Not found in the library",
            "",
            "These exercises could not be found, so their instructions are missing here:",
            "",
            *(f"- `{slug}`" for slug in handout.unresolved),
            "",
        ]
    if not handout.exercises and not handout.unresolved:
        out += ["_No exercises yet._", ""]

    out += ["## Safety", ""]
    if not handout.has_safety:
        out += ["_The library in use has no safety rules (safety.toml)._", ""]
    out += _list("General rules", [md_inline(rule) for rule in handout.rules])
    if handout.symptoms:
        out += ["### If you notice a symptom", ""]
    for symptom in handout.symptoms:
        out += [f"#### {md_inline(symptom.label)}", "", md_paragraph(symptom.advice), ""]
        if symptom.adjustments:
            out += ["Things to change:", ""]
            out += [f"- {md_inline(a)}" for a in symptom.adjustments] + [""]
        out += [f"**What to do:** {md_inline(symptom.action)}", ""]
        if symptom.see_professional or symptom.professional_note.strip():
            head = "Get it checked" if symptom.see_professional else "When to get help"
            note = symptom.professional_note.strip() or "See a doctor or physical therapist."
            out += [f"**{head}:** {md_inline(note)}", ""]
    out += ["---", "", f"_Made with hamtui {__version__}._", ""]
    return "\n".join(out)


def handout_markdown(program: Program, library: HandoutLibrary) -> str:
    """A printable handout of `program` as Markdown."""
    return render_markdown(build_handout(program, library))
