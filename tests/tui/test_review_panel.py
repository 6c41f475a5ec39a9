"""ReviewPanel: findings with level words, literal text, and jumping to items (Pilot).

Plain test functions running the Pilot with asyncio.run (no async pytest plugin needed).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path, PurePath
from typing import ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Static

from hamtui.files import load_program
from hamtui.library import load_library
from hamtui.review import Finding, review
from hamtui.tui.widgets import review_panel as review_panel_module
from hamtui.tui.widgets.review_panel import FindingList, ReviewPanel

WIDGETS = Path(review_panel_module.__file__).parent
EXAMPLES = Path(__file__).resolve().parents[2] / "programs"

LONG = (
    "Glute Bridge is meant for mid or late programs, a later stage than this early-stage "
    "program; swap it for an easier exercise such as Seated Hamstring Set, or keep it for a "
    "later program"
)

FINDINGS = [
    Finding(
        "note",
        "eccentric-frequency",
        "set sessions_per_week to 2 or more",
        where="sessions_per_week",
    ),
    Finding(
        "problem",
        "unresolved-exercise",
        "cannot review `mystery`: fix the name",
        block=0,
        item=1,
        where="blocks[0].items[1]",
        exercise="mystery",
        exercise_name="mystery",
    ),
    Finding(
        "warning",
        "stage-mismatch",
        LONG,
        block=1,
        item=0,
        where="blocks[1].items[0]",
        exercise="glute-bridge",
        exercise_name="Glute Bridge",
    ),
]


class PanelApp(App[None]):
    CSS_PATH: ClassVar[list[str | PurePath]] = [WIDGETS / "review_panel.tcss"]

    def __init__(self, findings: Sequence[Finding]) -> None:
        super().__init__()
        self.findings = list(findings)
        self.jumps: list[tuple[int | None, int | None]] = []

    def compose(self) -> ComposeResult:
        yield ReviewPanel()

    def on_mount(self) -> None:
        panel = self.query_one(ReviewPanel)
        panel.set_findings(self.findings)
        panel.focus()

    @on(ReviewPanel.JumpToItem)
    def _jump(self, event: ReviewPanel.JumpToItem) -> None:
        self.jumps.append((event.block, event.item))


def run(app: PanelApp, steps: Callable[[Pilot[None]], Awaitable[None]]) -> None:
    async def main() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await steps(pilot)

    asyncio.run(main())


def lines(app: PanelApp) -> list[str]:
    findings = app.query_one(FindingList)
    height = findings.scrollable_content_region.height
    return [findings.render_line(y).text.rstrip() for y in range(height)]


def summary_text(app: PanelApp) -> str:
    return str(app.query_one("#review-summary", Static).render())


def test_findings_are_listed_with_level_words_and_places() -> None:
    app = PanelApp(FINDINGS)

    async def steps(pilot: Pilot[None]) -> None:
        shown = lines(app)
        assert shown[0].startswith("▶note")
        assert "program · sessions_per_week" in shown[0]
        assert "set sessions_per_week to 2 or more" in shown[1]
        assert "problem" in shown[2] and "block 1 · item 2 · mystery" in shown[2]
        assert "warning" in shown[4] and "block 2 · item 1 · Glute Bridge" in shown[4]
        assert "3 findings: 1 problem, 1 warning, 1 note" in summary_text(app)

    run(app, steps)


def test_long_messages_wrap_to_the_width() -> None:
    app = PanelApp(FINDINGS)

    async def steps(pilot: Pilot[None]) -> None:
        shown = lines(app)
        message = shown[5:]
        message = message[: next(i for i, line in enumerate(message) if not line)]
        assert len(message) > 1
        assert all(line.startswith("    ") for line in message)
        assert " ".join(line.strip() for line in message) == LONG
        assert all(len(line) <= 80 for line in shown)

    run(app, steps)


def test_no_findings() -> None:
    app = PanelApp([])

    async def steps(pilot: Pilot[None]) -> None:
        assert "No findings" in lines(app)[0]
        assert "no findings" in summary_text(app)
        await pilot.press("enter")
        assert app.jumps == []
        app.query_one(ReviewPanel).set_findings(FINDINGS[:1])
        await pilot.pause()
        assert "No findings" not in lines(app)[0]

    run(app, steps)


def test_enter_jumps_to_the_item_of_the_finding() -> None:
    app = PanelApp(FINDINGS)

    async def steps(pilot: Pilot[None]) -> None:
        assert isinstance(app.focused, FindingList)
        await pilot.press("enter")
        await pilot.press("down", "enter")
        await pilot.press("down", "enter")
        await pilot.press("down", "enter")  # stays on the last finding
        await pilot.press("home", "enter")
        assert app.jumps == [(None, None), (0, 1), (1, 0), (1, 0), (None, None)]

    run(app, steps)


def test_clicking_a_finding_jumps_to_its_item() -> None:
    app = PanelApp(FINDINGS)

    async def steps(pilot: Pilot[None]) -> None:
        findings = app.query_one(FindingList)
        await pilot.click(findings, offset=(10, 6))  # a line of the third finding's message
        assert app.jumps == [(1, 0)]
        assert app.query_one(ReviewPanel).highlighted == FINDINGS[2]
        assert lines(app)[4].startswith("▶warning")
        await pilot.click(findings, offset=(10, 2))
        assert app.jumps == [(1, 0), (0, 1)]
        await pilot.click(findings, offset=(10, 20))  # below the findings: nothing
        assert app.jumps == [(1, 0), (0, 1)]

    run(app, steps)


def test_untrusted_text_is_shown_literally() -> None:
    hostile = "[bold]x\x1b[2J"
    finding = Finding(
        "warning",
        "static-hold",
        f"{hostile} is held 5 s",
        block=0,
        item=0,
        exercise="x",
        exercise_name=hostile,
    )
    app = PanelApp([finding])

    async def steps(pilot: Pilot[None]) -> None:
        shown = lines(app)
        assert "[bold]x\\x1b[2J" in shown[0]
        assert "[bold]x\\x1b[2J is held 5 s" in shown[1]
        findings = app.query_one(FindingList)
        for y in (0, 1):
            assert all("\x1b" not in seg.text for seg in findings.render_line(y))

    run(app, steps)


def test_the_cursor_stays_on_its_finding_when_the_findings_change() -> None:
    app = PanelApp(FINDINGS)

    async def steps(pilot: Pilot[None]) -> None:
        panel = app.query_one(ReviewPanel)
        await pilot.press("down", "down")
        assert panel.highlighted == FINDINGS[2]
        panel.set_findings([FINDINGS[2], FINDINGS[0]])
        await pilot.pause()
        assert panel.highlighted == FINDINGS[2]
        panel.set_findings([FINDINGS[0]])
        await pilot.pause()
        assert panel.highlighted == FINDINGS[0]

    run(app, steps)


def test_many_findings_scroll_with_the_cursor() -> None:
    many = [
        Finding("warning", "static-hold", f"hold {n} is short", block=0, item=n) for n in range(300)
    ]
    app = PanelApp(many)

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("end")
        assert "hold 299 is short" in "\n".join(lines(app))
        await pilot.press("enter")
        assert app.jumps == [(0, 299)]
        await pilot.press("pageup", "enter")
        block, item = app.jumps[-1]
        assert block == 0 and item is not None and item < 299

    run(app, steps)


def test_real_review_findings() -> None:
    program = load_program(EXAMPLES / "early-hamstring-rehab.toml").model
    findings = review(program, load_library())
    app = PanelApp(findings)

    async def steps(pilot: Pilot[None]) -> None:
        panel = app.query_one(ReviewPanel)
        assert panel.findings == tuple(findings)
        if findings:
            assert findings[0].level in lines(app)[0]
        else:
            assert "No findings" in lines(app)[0]

    run(app, steps)
