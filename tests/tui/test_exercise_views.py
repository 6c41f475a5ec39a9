"""One exercise page in every view.

`hamtui library show`, the library pane's detail view and both handouts read one
`ExercisePage`: the same facts, the same section titles and the same words for a cue's
moment. They used to word these separately ("Red flags: stop and check" in a handout, "stop
and get it checked" elsewhere; "Every rep" built twice).
"""

from __future__ import annotations

import asyncio
import re

from textual.app import App, ComposeResult

from hamtui.cli.page import page_lines
from hamtui.exercise_page import RED_FLAGS, exercise_page
from hamtui.export.handout import build_handout
from hamtui.export.html import render_html
from hamtui.export.markdown import render_markdown
from hamtui.library import load_library
from hamtui.model.program import Program
from hamtui.tui.widgets.exercise_detail import ExerciseDetail

SLUG = "stability-ball-hamstring-curl"


class DetailHost(App[None]):
    def compose(self) -> ComposeResult:
        yield ExerciseDetail()


def detail_text(slug: str) -> str:
    library = load_library()
    names = {s: card.name for s, card in library.cards().items()}

    async def go() -> str:
        app = DetailHost()
        async with app.run_test(size=(200, 60)) as pilot:
            detail = app.query_one(ExerciseDetail)
            detail.show(slug, library.entries[slug].exercise, names.get)
            await pilot.pause()
            return "\n".join(line.rstrip() for line in detail.rendered_lines())

    return asyncio.run(go())


def squash(text: str) -> str:
    """Text with markup and wrapping taken out, to compare words across formats."""
    text = re.sub(r"<[^>]+>", " ", text).replace("&amp;", "&").replace("\\", "")
    return " ".join(text.split())


def test_the_cli_page_the_detail_view_and_the_handouts_say_the_same() -> None:
    library = load_library()
    exercise = library.entries[SLUG].exercise
    names = {s: card.name for s, card in library.cards().items()}
    page = exercise_page(SLUG, exercise, names)
    program = Program.model_validate(
        {
            "format": "hamtui-program/1",
            "title": "One",
            "blocks": [{"name": "B", "items": [{"exercise": SLUG}]}],
        }
    )
    handout = build_handout(program, library)
    cli = squash("\n".join(page_lines(page)))
    detail = squash(detail_text(SLUG))
    markdown = squash(render_markdown(handout))
    html = squash(render_html(handout))

    every_rep = [cue for cue in page.cues if cue.when == "every rep"]
    assert every_rep, "the example needs a cue given every rep"
    for view in (cli, detail, markdown, html):
        assert RED_FLAGS in view
        for step in page.steps.items:
            assert squash(step) in view
        for flag in page.red_flags.items:
            assert squash(flag) in view
        assert re.search(r"every rep", view, re.IGNORECASE)
    for view in (cli, detail):  # the two full pages also share every fact and link
        for fact in page.facts:
            assert squash(f"{fact.label}: {fact.value}") in view
        for link in (*page.progressions, *page.regressions):
            assert link.name is not None and link.name in view
    assert "stop and check" not in markdown + html
