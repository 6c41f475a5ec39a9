"""A handout as one self-contained HTML file, styled for the screen and for print.

Nothing is loaded from elsewhere: no scripts, no web fonts, no images, no links out; the
only links are to the exercise sections inside the page. Every text from a program or the
library goes through `html.escape`, so markup in a title is shown, never run.
"""

from __future__ import annotations

from html import escape

from hamtui import __version__
from hamtui.exercise_page import CUES, ExercisePage, Section
from hamtui.export.handout import BlockView, Handout, HandoutLibrary, build_handout
from hamtui.model.program import Program

DASH = "–"

STYLE = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body {
  margin: 0; padding: 2rem 1rem; background: #f4f5f7; color: #1d232b;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    sans-serif;
}
main { max-width: 52rem; margin: 0 auto; background: #fff; padding: 2rem 2.5rem;
  border-radius: 6px; box-shadow: 0 1px 4px rgba(0, 0, 0, .12); }
h1 { font-size: 1.9rem; margin: 0 0 .25rem; line-height: 1.2; }
h2 { font-size: 1.4rem; margin: 2.2rem 0 .8rem; padding-bottom: .25rem;
  border-bottom: 2px solid #2f6f5e; color: #24584a; }
h3 { font-size: 1.15rem; margin: 1.6rem 0 .4rem; }
h4 { font-size: 1rem; margin: 1.2rem 0 .3rem; }
p { margin: .4rem 0; }
.text { white-space: pre-line; }
.byline, .how, .muted { color: #56606b; }
.details { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem;
  margin: 1rem 0; }
.details dt { font-weight: 600; }
.details dd { margin: 0; }
table { width: 100%; border-collapse: collapse; margin: .6rem 0 1rem; font-size: .92rem; }
th, td { border: 1px solid #c9ced4; padding: .35rem .5rem; text-align: left;
  vertical-align: top; }
th { background: #e9eef0; }
td.num { white-space: nowrap; }
td .cue { display: block; margin-top: .2rem; font-style: italic; }
a { color: #24584a; }
.exercise { border-top: 1px solid #dde1e5; padding-top: .4rem; }
.label { font-weight: 600; margin: .8rem 0 .2rem; }
ol, ul { margin: .2rem 0 .6rem; padding-left: 1.6rem; }
li { margin: .15rem 0; }
.flags { border-left: 4px solid #b3261e; padding: .2rem .8rem; background: #fdf1f0; }
.flags .label { color: #8c1d18; }
.level { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em;
  border: 1px solid currentColor; border-radius: 3px; padding: 0 .25rem; margin-left: .3rem; }
.level-stop { color: #8c1d18; }
.level-caution { color: #8a5300; }
.unresolved code { background: #eef0f2; padding: 0 .2rem; }
.symptom { margin: .8rem 0; }
.todo { font-weight: 600; }
footer { margin-top: 2.5rem; font-size: .85rem; color: #56606b; }

@page { margin: 15mm; }
@media print {
  body { background: #fff; color: #000; padding: 0; font-size: 11pt; }
  main { max-width: none; padding: 0; box-shadow: none; border-radius: 0; }
  h2 { color: #000; border-bottom-color: #000; break-after: avoid; page-break-after: avoid; }
  h3, h4, .label { break-after: avoid; page-break-after: avoid; }
  table, tr, .flags, .symptom { break-inside: avoid; page-break-inside: avoid; }
  th { background: #fff; }
  th, td { border-color: #000; }
  .byline, .how, .muted, footer { color: #000; }
  .flags { background: #fff; border-left-color: #000; }
  .level, .level-stop, .level-caution, .flags .label { color: #000; }
  a { color: #000; text-decoration: none; }
}
""".strip()


def h(text: str) -> str:
    """Text for HTML: everything escaped, quotes included."""
    return escape(text, quote=True)


def _cell(text: str) -> str:
    return h(text) if text.strip() else DASH


def _block(block: BlockView) -> list[str]:
    out = [
        '<section class="block">',
        f"<h3>{block.number}. {h(block.name)}</h3>",
        f'<p class="how">{h(block.how)}</p>',
    ]
    if not block.rows:
        return [*out, '<p class="muted">No exercises in this block yet.</p>', "</section>"]
    out += [
        "<table>",
        "<thead><tr><th>Exercise</th><th>Sets × reps</th><th>Hold</th><th>Rest</th>"
        "<th>Side</th><th>Tempo</th><th>Notes</th></tr></thead>",
        "<tbody>",
    ]
    for row in block.rows:
        if row.resolved:
            name = f'<a href="#exercise-{row.slug}">{h(row.name)}</a>'
        else:
            name = f"<code>{h(row.slug)}</code> (not in the library)"
        notes = (
            f'<span class="text">Builds up to {h(row.climbs_to)}</span>' if row.climbs_to else ""
        )
        notes += f'<span class="text">{h(row.notes)}</span>' if row.notes.strip() else ""
        notes += "".join(f'<span class="cue">Cue: {h(cue)}</span>' for cue in row.cues)
        out.append(
            f'<tr><td>{name}</td><td class="num">{h(row.sets_reps)}</td>'
            f'<td class="num">{_cell(row.hold)}</td><td class="num">{_cell(row.rest)}</td>'
            f'<td>{_cell(row.side)}</td><td class="num">{_cell(row.tempo)}</td>'
            f"<td>{notes or DASH}</td></tr>"
        )
    return [*out, "</tbody>", "</table>", "</section>"]


def _list(title: str, items: list[str], *, numbered: bool = False, cls: str = "") -> list[str]:
    """A titled list; `items` are HTML already."""
    if not items:
        return []
    tag = "ol" if numbered else "ul"
    inner = [f'<p class="label">{h(title)}</p>', f"<{tag}>"]
    inner += [f"<li>{item}</li>" for item in items]
    inner.append(f"</{tag}>")
    if cls:
        return [f'<div class="{cls}">', *inner, "</div>"]
    return inner


def _section(section: Section, cls: str = "") -> list[str]:
    items = [h(item) for item in section.items]
    return _list(section.title, items, numbered=section.numbered, cls=cls)


def _exercise(page: ExercisePage) -> list[str]:
    out = [
        f'<article class="exercise" id="exercise-{h(page.slug)}">',
        f"<h3>{h(page.name)}</h3>",
    ]
    if page.summary.strip():
        out.append(f'<p class="text">{h(page.summary)}</p>')
    if page.equipment:
        out.append(f'<p class="muted">Equipment: {h(", ".join(page.equipment))}</p>')
    out += _section(page.steps)
    cues = []
    for cue in page.cues:
        level = ""
        if cue.level != "info":
            level = f'<span class="level level-{h(cue.level)}">{h(cue.level)}</span>'
        cues.append(f"<strong>{h(cue.when_first)}</strong>{level}: {h(cue.text)}")
    out += _list(CUES, cues)
    out += _section(page.red_flags, cls="flags")
    out += _section(page.avoid_when)
    return [*out, "</article>"]


def page_start(title: str) -> list[str]:
    """The start of a handout's page, up to its open header with the title: one look for the
    handouts of programs and of plans."""
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="hamtui {h(__version__)}">',
        f"<title>{h(title)}</title>",
        "<style>",
        STYLE,
        "</style>",
        "</head>",
        "<body>",
        "<main>",
        "<header>",
        f"<h1>{h(title)}</h1>",
    ]


def render_html(handout: Handout) -> str:
    """The HTML page of a handout."""
    out = page_start(handout.title)
    if handout.author.strip():
        out.append(f'<p class="byline">By {h(handout.author)}</p>')
    if handout.summary.strip():
        out.append(f'<p class="text">{h(handout.summary)}</p>')
    details = []
    if handout.stage:
        details.append(("Stage", handout.stage))
    if handout.sessions_per_week:
        details.append(("Sessions per week", str(handout.sessions_per_week)))
    if handout.tags:
        details.append(("Tags", ", ".join(handout.tags)))
    if details:
        out.append('<dl class="details">')
        out += [f"<dt>{h(term)}</dt><dd>{h(value)}</dd>" for term, value in details]
        out.append("</dl>")
    out.append("</header>")
    if handout.review:
        out += [
            '<section class="review">',
            f"<h2>Review: {h(handout.review_counts)}</h2>",
            '<p class="text">The program\'s review found these. Check them before following '
            "the program.</p>",
            "<ul>",
            *(f"<li>{h(line)}</li>" for line in handout.review),
            "</ul>",
            "</section>",
        ]

    out += ['<section class="plan">', "<h2>The plan</h2>"]
    if not handout.blocks:
        out.append('<p class="muted">This program has no blocks yet.</p>')
    for block in handout.blocks:
        out += _block(block)
    out.append("</section>")

    out += ['<section class="exercises">', "<h2>The exercises</h2>"]
    for exercise in handout.exercises:
        out += _exercise(exercise)
    if handout.unresolved:
        out += [
            '<div class="unresolved">',
            "<h3>Not found in the library</h3>",
            "<p>These exercises could not be found, so their instructions are missing here:</p>",
            "<ul>",
            *(f"<li><code>{h(slug)}</code></li>" for slug in handout.unresolved),
            "</ul>",
            "</div>",
        ]
    if not handout.exercises and not handout.unresolved:
        out.append('<p class="muted">No exercises yet.</p>')
    out.append("</section>")

    out += ['<section class="safety">', "<h2>Safety</h2>"]
    if not handout.has_safety:
        out.append('<p class="muted">The library in use has no safety rules (safety.toml).</p>')
    out += _list("General rules", [h(rule) for rule in handout.rules])
    if handout.symptoms:
        out.append("<h3>If you notice a symptom</h3>")
    for symptom in handout.symptoms:
        out += [
            '<div class="symptom">',
            f"<h4>{h(symptom.label)}</h4>",
            f'<p class="text">{h(symptom.advice)}</p>',
        ]
        out += _list("Things to change", [h(a) for a in symptom.adjustments])
        out.append(f'<p><span class="todo">What to do:</span> {h(symptom.action)}</p>')
        if symptom.see_professional or symptom.professional_note.strip():
            head = "Get it checked" if symptom.see_professional else "When to get help"
            note = symptom.professional_note.strip() or "See a doctor or physical therapist."
            out.append(f'<p><span class="todo">{head}:</span> {h(note)}</p>')
        out.append("</div>")
    out += [
        "</section>",
        f"<footer>Made with hamtui {h(__version__)}.</footer>",
        "</main>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out)


def handout_html(program: Program, library: HandoutLibrary) -> str:
    """A printable handout of `program` as one self-contained HTML page."""
    return render_html(build_handout(program, library))
