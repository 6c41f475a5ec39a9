"""The history screen: session records written to the test's HAMTUI_HOME (conftest), read by
the screen when it is mounted, with a fixed `today` (Wednesday 25 November 2026) and UTC.

Plain functions running the Pilot with asyncio.run (no async pytest plugin). The screen is
pushed over a tiny host App, as the editor pushes it over the main screen.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Static

from hamtui import paths
from hamtui.files import dumps
from hamtui.history import (
    History,
    WeekAdherence,
    exercises_with_pain,
    load_history,
    pain_trend,
)
from hamtui.model.program import Program
from hamtui.model.session import Entry, Event, SessionRecord
from hamtui.session.record import session_file_name
from hamtui.tui.screens.history_screen import HistoryScreen, week_text
from hamtui.tui.widgets.lazy_table import LazyTable
from hamtui.tui.widgets.pain_chart import PainChart, PainPoint, bars_that_fit, chart_lines
from programs import ONE_SET

TODAY = date(2026, 11, 25)  # a Wednesday: its ISO week (W48) starts on Monday 23 November
PLAN = "my-plan.toml"  # 3 sessions a week, in the user programs folder
HOSTILE = "[bold]x\x1b[2J"
HOSTILE_SHOWN = "[bold]x\\x1b[2J"
WIDE = (120, 40)
NARROW = (80, 24)

Steps = Callable[[Pilot[None]], Awaitable[None]]


# -- files --------------------------------------------------------------------------------------


def at(month: int, day: int, hour: int = 18) -> datetime:
    return datetime(2026, month, day, hour, 0, 0, tzinfo=UTC)


def save_program(name: str = PLAN, per_week: int | None = 3) -> Path:
    program = Program.model_validate(
        {"format": "hamtui-program/1", "title": "My plan", "sessions_per_week": per_week}
    )
    folder = paths.user_programs_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(dumps(program), encoding="utf-8")
    return path


def save_record(
    started: datetime,
    *,
    program: str = PLAN,
    status: str = "completed",
    entries: list[dict[str, Any]] | None = None,
    events: list[tuple[int, str, str]] | None = None,
) -> Path:
    record = SessionRecord(
        format="hamtui-session/1",
        program=program,
        program_sha256="0" * 64,
        started=started,
        finished=None if status == "in-progress" else started + timedelta(minutes=25),
        status=status,  # type: ignore[arg-type]
        # A record with no entries given did one set: it counts toward the plan.
        entries=[Entry.model_validate(e) for e in (ONE_SET if entries is None else entries)],
        events=[
            Event(at=started + timedelta(minutes=m), kind=k, detail=d)  # type: ignore[arg-type]
            for m, k, d in events or []
        ],
    )
    folder = paths.sessions_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / session_file_name(started, Path(program if program != HOSTILE else "x"))
    path.write_text(dumps(record), encoding="utf-8")
    return path


def entry(slug: str, block: int = 0, item: int = 0, **more: Any) -> dict[str, Any]:
    return {"exercise": slug, "block": block, "item": item, **more}


def some_sessions() -> None:
    """Four weeks of `my-plan.toml` (W45: 2, W46: 0, W47: 3, W48: 1 and one in progress),
    plus one session of a program that no file has."""
    save_program()
    save_record(at(11, 3), entries=[entry("glute-bridge", sets_done=2, pain=2)])
    save_record(
        at(11, 5),
        status="ended-early",
        entries=[
            entry("glute-bridge", sets_done=1, pain=7, effort=8, notes="sharp at the top"),
            entry("seated-hamstring-set", 0, 1, skipped=True),
        ],
        events=[(9, "symptom", "sharp pain -> stop: felt a pull"), (10, "pause", "")],
    )
    save_record(at(11, 16), entries=[entry("glute-bridge", sets_done=3, pain=4)])
    save_record(at(11, 18), entries=[entry("sciatic-nerve-slider", sets_done=2, pain=1)])
    save_record(at(11, 20), entries=[entry("glute-bridge", sets_done=3, pain=3)])
    save_record(at(11, 23), entries=[entry("glute-bridge", sets_done=2, pain=2)])
    save_record(at(11, 25, 7), status="in-progress", entries=[entry("glute-bridge", sets_done=1)])
    save_record(at(11, 10), program="gone.toml", entries=[entry("glute-bridge", sets_done=1)])


# -- running ------------------------------------------------------------------------------------


class Host(App[None]):
    """Any App: a host screen with the history screen pushed over it."""

    def __init__(self, screen: HistoryScreen) -> None:
        super().__init__()
        self.history_screen = screen

    def compose(self) -> ComposeResult:
        yield Static("host screen", id="host")

    async def on_mount(self) -> None:
        await self.push_screen(self.history_screen)


@dataclass
class Seen:
    """What the history screen showed at the end of a run (taken before the app closes)."""

    rows: list[list[str]]
    detail: str
    adherence: str
    problems: str
    empty: str
    views: str
    chart: list[str]
    text: str
    screen: HistoryScreen
    focused: str | None
    shown: dict[str, bool]  # selector -> takes up room on the screen
    selected_started: datetime | None
    selected_exercise: str | None
    chart_points: list[int]
    chart_shown: int


PANELS = (
    "#body",
    "#problems",
    "#views",
    "#sessions",
    "#session-detail",
    "#adherence-section",
    "#pain-section",
    "#pain-chart",
)


def look(screen: HistoryScreen) -> Seen:
    table = screen.query_one("#sessions", LazyTable)
    chart = screen.query_one(PainChart)
    selected = screen.selected_session
    focused = screen.focused
    return Seen(
        rows=[list(table.row_cells(n)) for n in range(table.row_count)],
        detail=static_text(screen, "#detail-text"),
        adherence=static_text(screen, "#adherence-text"),
        problems=static_text(screen, "#problems"),
        empty=static_text(screen, "#empty"),
        views=static_text(screen, "#views"),
        chart=[line.plain for line in chart.lines()],
        text="\n".join(strip.text for strip in screen._compositor.render_strips()),
        screen=screen,
        focused=focused.id if focused is not None else None,
        shown={p: screen.query_one(p).region.height > 0 for p in PANELS},
        selected_started=selected.started if selected is not None else None,
        selected_exercise=screen.selected_exercise,
        chart_points=[point.pain for point in chart.points],
        chart_shown=chart.shown,
    )


def static_text(screen: HistoryScreen, selector: str) -> str:
    content = screen.query_one(selector, Static).content
    return content.plain if isinstance(content, Text) else str(content)


def run(
    steps: Steps | None = None,
    size: tuple[int, int] = WIDE,
    history: History | None = None,
    tz: tzinfo = UTC,
    name_of: Callable[[str], str] = str,
) -> Seen:
    screen = HistoryScreen(history, today=TODAY, tz=tz, name_of=name_of)
    app = Host(screen)
    seen: list[Seen] = []

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            if steps is not None:
                await steps(pilot)
            await pilot.pause()
            if app.screen is screen:
                seen.append(look(screen))

    asyncio.run(main())
    assert seen, "the history screen was closed"
    return seen[0]


# -- the sessions table -----------------------------------------------------------------------


def test_sessions_are_listed_newest_first_with_their_status_in_words() -> None:
    some_sessions()
    rows = run().rows
    assert [row[0] for row in rows] == [
        "2026-11-25 07:00",
        "2026-11-23 18:00",
        "2026-11-20 18:00",
        "2026-11-18 18:00",
        "2026-11-16 18:00",
        "2026-11-10 18:00",
        "2026-11-05 18:00",
        "2026-11-03 18:00",
    ]
    assert rows[0] == ["2026-11-25 07:00", "my-plan", "in progress", "1", "none"]
    assert rows[5] == ["2026-11-10 18:00", "gone", "completed", "1", "none"]
    assert rows[6] == ["2026-11-05 18:00", "my-plan", "ended early", "1", "1 · sharp pain"]
    assert rows[7] == ["2026-11-03 18:00", "my-plan", "completed", "2", "none"]


def test_dates_are_shown_in_the_time_zone_given() -> None:
    some_sessions()
    seen = run(tz=timezone(timedelta(hours=-8)))
    assert seen.rows[0][0] == "2026-11-24 23:00"


def test_highlighting_a_session_shows_its_entries_and_events() -> None:
    some_sessions()

    async def steps(pilot: Pilot[None]) -> None:
        for _ in range(6):  # newest first: row 6 is the session of 5 November
            await pilot.press("down")

    seen = run(steps)
    assert seen.selected_started == at(11, 5)
    detail = seen.detail
    assert "Thu 2026-11-05 18:00-18:25, 25 min" in detail
    assert "Program: my-plan.toml" in detail
    assert "Status: ended early · 1 set done" in detail
    assert "1.1 glute-bridge\n      1 set · pain 7/10 · effort 8/10" in detail
    assert "notes: sharp at the top" in detail
    assert "1.2 seated-hamstring-set\n      0 sets · skipped" in detail
    assert "Symptoms: 1" in detail
    assert "18:09 sharp pain -> stop: felt a pull" in detail
    assert "18:10 pause" in detail
    assert re.search(r"Record: 20261105T180000Z-my-plan-[0-9a-f]{6}\.toml", detail)


def test_the_newest_session_is_shown_first() -> None:
    some_sessions()
    seen = run()
    assert seen.selected_started == at(11, 25, 7)
    assert seen.focused == "sessions"
    assert "Status: in progress · 1 set done" in seen.detail


def test_enter_on_a_session_moves_to_its_details() -> None:
    some_sessions()

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("down", "enter")

    seen = run(steps)
    assert seen.focused == "session-detail"
    assert "2026-11-23 18:00" in seen.detail


# -- adherence ------------------------------------------------------------------------------


def test_adherence_per_week_against_the_plan_including_weeks_without_sessions() -> None:
    some_sessions()
    seen = run()
    lines = [line.strip() for line in seen.adherence.splitlines()]
    plan = lines.index("my-plan.toml")
    assert lines[plan + 1 : plan + 6] == [
        "W45 11-02 ●◐○ 2/3",  # one of them ended early
        "W46 11-09 ○○○ 0/3",  # a week without sessions
        "W47 11-16 ●●● 3/3 ✓",
        "W48 11-23 ●○○ 1/3 this week",  # the session in progress does not count
        "6 of 12 in 4 weeks (plan: 3 a week)",
    ]
    gone = lines.index("gone.toml")
    assert lines[gone + 1] == "program file not found"
    found = {item.program: item for item in seen.screen.adherence}
    assert [week.done for week in found[PLAN].weeks] == [2, 0, 3, 1]
    assert "W47 11-16 ●●● 3/3 ✓" in seen.text


def test_week_text_marks_sessions_beyond_the_plan() -> None:
    assert week_text(WeekAdherence(date(2026, 11, 16), 4, 2), TODAY) == "W47 11-16 ●●+2 4/2 ✓"
    assert week_text(WeekAdherence(date(2026, 11, 23), 0, 2), TODAY) == "W48 11-23 ○○ 0/2 this week"


def test_a_program_without_sessions_per_week_says_so() -> None:
    save_program(per_week=None)
    save_record(at(11, 24))
    assert "the program sets no sessions per week" in run().adherence


# -- pain chart ----------------------------------------------------------------------------


def test_the_pain_chart_has_one_bar_per_rating_and_the_threshold_line() -> None:
    some_sessions()
    seen = run()
    assert seen.screen.pain_slugs == ["glute-bridge", "sciatic-nerve-slider"]
    assert seen.selected_exercise == "glute-bridge"
    assert seen.chart_points == [2, 7, 4, 3, 2]
    assert seen.chart_shown == 5
    lines = seen.chart
    assert lines[0] == "glute-bridge · 5 ratings · last 2 · highest 7"
    bottom = next(line for line in lines if line.startswith(" 1 ┤"))
    assert bottom.count("███") == 5  # every rating here is at least 1
    threshold = next(line for line in lines if line.startswith(" 5 ┤"))
    assert "╌╌╌" in threshold
    assert threshold.count("███") == 1  # only the 7 reaches the threshold row
    above = next(line for line in lines if line.startswith(" 7 ┤"))
    assert above.count("███") == 1
    assert lines[-2].split() == ["11-03", "11-05", "11-16", "11-20", "11-23"]
    assert "pain threshold 5" in lines[-1]
    for label in ("10 ┤", " 0 └"):
        assert any(line.startswith(label) for line in lines)
    assert " 5 ┤" in seen.text  # drawn on the screen


def test_choosing_another_exercise_charts_its_pain() -> None:
    some_sessions()

    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press("3", "down")

    seen = run(steps)
    assert seen.selected_exercise == "sciatic-nerve-slider"
    assert seen.chart_points == [1]
    assert seen.chart[0] == "sciatic-nerve-slider · 1 rating · last 1 · highest 1"


def test_chart_lines_keep_the_newest_points_that_fit() -> None:
    points = [PainPoint(f"11-{day:02d}", day % 11) for day in range(1, 13)]
    width = 4 + 6 * 5 + 3
    assert bars_that_fit(width) == 5
    lines, shown = chart_lines(points, width)
    assert shown == 5
    assert lines[-2].plain.split() == ["11-08", "11-09", "11-10", "11-11", "11-12"]
    assert len(lines) == 14  # values row, 10 to 1, axis, dates, legend
    assert all(len(line.plain) <= width for line in lines[:-1])
    assert "10" in lines[0].plain  # day 10's value, above its bar
    assert "███" in lines[1].plain  # the bar at 10


def test_a_narrow_chart_says_how_many_it_shows() -> None:
    some_sessions()
    for day in range(1, 10):
        save_record(at(10, day), entries=[entry("glute-bridge", sets_done=1, pain=day)])
    seen = run(size=(80, 24), steps=press("3"))
    assert seen.chart_points[:9] == list(range(1, 10))
    assert seen.chart_shown == 8
    assert seen.chart[0].endswith(" · newest 8 of 14 shown")


def test_no_pain_ratings_says_so() -> None:
    save_program()
    save_record(at(11, 24), entries=[entry("glute-bridge", sets_done=2)])
    seen = run()
    assert seen.screen.pain_slugs == []
    assert "No pain ratings yet" in "\n".join(seen.chart)


# -- literal text, empty state, broken files, closing ------------------------------------------


def test_names_labels_and_notes_from_files_are_shown_literally() -> None:
    save_record(
        at(11, 24),
        program=HOSTILE,
        entries=[entry("glute-bridge", sets_done=1, pain=3, notes="[red]n\x1b[2J")],
        events=[(2, "symptom", f"{HOSTILE} -> rest")],
    )
    seen = run()
    row = seen.rows[0]
    assert row[1] == HOSTILE_SHOWN
    assert row[4] == f"1 · {HOSTILE_SHOWN}"[:13] + "…"
    assert f"Program: {HOSTILE_SHOWN}" in seen.detail
    assert "notes: [red]n\\x1b[2J" in seen.detail
    assert f"18:02 {HOSTILE_SHOWN} -> rest" in seen.detail
    assert f"{HOSTILE_SHOWN}\n  program file not found" in seen.adherence
    assert HOSTILE_SHOWN in seen.text
    assert "\x1b" not in seen.text


def test_no_sessions_shows_how_sessions_get_recorded() -> None:
    seen = run(size=NARROW)
    assert seen.screen.has_class("empty")
    assert "No sessions recorded yet." in seen.text
    assert "hamtui run PROGRAM.toml" in seen.text
    assert str(paths.sessions_dir()) in seen.empty
    assert not seen.shown["#body"]
    assert not seen.shown["#problems"]


def test_broken_session_files_are_listed_in_a_notice() -> None:
    some_sessions()
    folder = paths.sessions_dir()
    (folder / "20261112T180000Z-broken.toml").write_text("format = \n", encoding="utf-8")
    seen = run(size=NARROW)
    assert seen.problems.startswith("1 session file could not be read and is left out:")
    assert "20261112T180000Z-broken.toml:1" in seen.problems
    assert seen.shown["#problems"]
    assert len(seen.rows) == 8
    assert "could not be read" in seen.text


def test_many_broken_files_are_summed_up() -> None:
    folder = paths.sessions_dir()
    folder.mkdir(parents=True)
    for n in range(5):
        (folder / f"broken-{n}.toml").write_text("x = [\n", encoding="utf-8")
    seen = run()
    assert seen.problems.startswith("5 session files could not be read and are left out:")
    assert "… and 2 more" in seen.problems
    assert seen.shown["#problems"]
    assert "No sessions recorded yet." in seen.text


def test_no_notice_without_broken_files() -> None:
    some_sessions()
    assert not run().shown["#problems"]


def test_escape_and_q_close_the_screen() -> None:
    some_sessions()
    for key in ("escape", "q"):
        app = Host(HistoryScreen(today=TODAY, tz=UTC))
        closed: list[bool] = []

        async def main(app: Host = app, key: str = key, closed: list[bool] = closed) -> None:
            async with app.run_test(size=NARROW) as pilot:
                await pilot.pause()
                assert isinstance(app.screen, HistoryScreen)
                await pilot.press(key)
                await pilot.pause()
                closed.append(not isinstance(app.screen, HistoryScreen))
                assert app.screen.query_one("#host")

        asyncio.run(main())
        assert closed == [True], key


def test_a_history_given_is_shown_as_it_is() -> None:
    some_sessions()
    history = load_history()
    del history.sessions[1:]
    assert len(run(history=history).rows) == 1


# -- layout -----------------------------------------------------------------------------------


def press(*keys: str) -> Steps:
    async def steps(pilot: Pilot[None]) -> None:
        await pilot.press(*keys)
        await pilot.pause()

    return steps


def test_small_terminal_shows_one_panel_at_a_time_and_1_2_3_switch() -> None:
    some_sessions()
    seen = {keys: run(press(*keys), size=NARROW) for keys in ((), ("2",), ("3",), ("3", "1"))}
    panels = ("#sessions", "#adherence-section", "#pain-section")
    shown = {keys: tuple(one.shown[p] for p in panels) for keys, one in seen.items()}
    assert shown == {
        (): (True, False, False),
        ("2",): (False, True, False),
        ("3",): (False, False, True),
        ("3", "1"): (True, False, False),
    }
    assert all(one.screen.narrow for one in seen.values())
    assert "▶ 1 Sessions" in seen[()].views
    assert "▶ 3 Pain" in seen[("3",)].views
    assert seen[("2",)].focused == "adherence-section"
    assert seen[("3",)].focused == "pain-exercises"
    assert seen[("3", "1")].focused == "sessions"
    assert seen[()].shown["#session-detail"]  # the details are under the table


def test_a_large_terminal_shows_every_panel() -> None:
    some_sessions()
    seen = run()
    assert not seen.screen.narrow
    for panel in ("#sessions", "#session-detail", "#adherence-section", "#pain-chart"):
        assert seen.shown[panel], panel
    assert not seen.shown["#views"]


def test_on_the_editor_app_the_keys_are_commands_and_escape_goes_back() -> None:
    from hamtui.library import load_library
    from hamtui.tui.app import HamApp
    from hamtui.tui.screens.main_screen import MainScreen

    some_sessions()
    app = HamApp(load_library(bundled_only=True, use_cache=False), folders=[])
    seen: dict[str, Any] = {}

    async def main() -> None:
        async with app.run_test(size=NARROW) as pilot:
            await pilot.pause()
            await app.push_screen(HistoryScreen(today=TODAY, tz=UTC))
            await pilot.pause()
            seen["titles"] = [command.title for command in app.get_system_commands(app.screen)]
            seen["rows"] = app.screen.query_one("#sessions", LazyTable).row_count
            await pilot.press("escape")
            await pilot.pause()
            seen["after"] = type(app.screen)

    asyncio.run(main())
    assert {"Close", "Sessions", "Adherence", "Pain"} <= set(seen["titles"])
    assert seen["rows"] == 8
    assert seen["after"] is MainScreen


NAMES = {"glute-bridge": "Glute Bridge", "seated-hamstring-set": "Seated Hamstring Set"}


def test_exercises_are_shown_by_their_names_not_their_slugs() -> None:
    """The pain chart was labelled `sciatic-nerve-slider`; the detail listed slugs."""
    some_sessions()

    async def steps(pilot: Pilot[None]) -> None:
        for _ in range(6):
            await pilot.press("down")

    seen = run(steps, name_of=lambda slug: NAMES.get(slug, slug))
    assert "1.1 Glute Bridge\n      1 set · pain 7/10" in seen.detail
    assert "glute-bridge" not in seen.detail
    assert "Glute Bridge" in seen.text
    assert "glute-bridge" not in seen.text


def test_the_pain_chart_marks_where_a_plan_stage_began() -> None:
    from hamtui.plan import StageChange
    from hamtui.tui.screens.history_screen import pain_points
    from hamtui.tui.widgets.pain_chart import chart_lines

    some_sessions()
    history = load_history()
    slug = exercises_with_pain(history)[0]
    trend = pain_trend(history, slug)
    moved = trend[1][0] - timedelta(hours=1)  # between the first and second ratings
    change = StageChange(moved, "ladder.toml", 1, 2, "", "")
    points = pain_points(history, slug, UTC, [change])
    assert [p.mark for p in points][:2] == ["", "▲S2"]
    assert all(not p.mark for p in points[2:])
    lines, _ = chart_lines(points, 80)
    text = [line.plain for line in lines]
    assert "▲S2" in text[-2] and "stage 2 of a plan began" in text[-1]


def test_a_plan_session_shows_its_check_in() -> None:
    from hamtui.model.session import CheckIn
    from hamtui.tui.screens.history_screen import session_detail

    some_sessions()
    row = load_history().sessions[0]
    row.record.checkin = CheckIn(
        plan="ladder.toml", stage=2, lasted_24h=True, symptom="cramp", dose="eased", advice="x"
    )
    shown = session_detail(row, UTC).plain
    assert (
        "Plan: ladder.toml, stage 2 · check-in: symptoms lasted over 24 h, new: cramp · "
        "dose eased" in shown
    )


def test_a_session_shows_the_dose_done_and_the_dose_of_the_day() -> None:
    from hamtui.model.session import ProgressNote, SetDone
    from hamtui.tui.screens.history_screen import session_detail

    some_sessions()
    row = load_history().sessions[0]
    entry = row.record.entries[0]
    entry.done = [SetDone(reps=12, load="2 kg"), SetDone(reps=12, load="2 kg"), SetDone(reps=10)]
    row.record.progress = [
        ProgressNote(
            block=entry.block,
            item=entry.item,
            exercise=entry.exercise,
            rung=1,
            rungs=4,
            reps=12,
            change="up",
            why="Up from 10 to 12 reps: the last 2 sessions were pain-free with effort at most 6.",
        )
    ]
    shown = session_detail(row, UTC).plain
    assert "      done: 2 × 12 · 2 kg, 1 × 10\n" in shown
    assert (
        "      dose of the day: Up from 10 to 12 reps: the last 2 sessions were pain-free with "
        "effort at most 6.\n" in shown
    )
