"""HistoryScreen: past sessions, adherence per week and pain per exercise.

Three panels: the sessions (a table, newest first, with the highlighted session's entries and
events beside or below it), adherence (for each program, the last weeks as `W45 ●●○ 2/3`
against its `sessions_per_week`) and pain (the exercises that have pain ratings, and a chart
of the highlighted one). At 120 columns and more they show together; in a smaller terminal one
shows at a time and `1` / `2` / `3` switch (the line under the title says which is showing).

Usable on any App: `app.push_screen(HistoryScreen())` reads the sessions folder when it is
mounted; tests pass a `History` and a fixed `today` and `tz`. escape or q closes it.
Everything from the files (program names, labels, notes) is shown literally.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, tzinfo
from pathlib import PurePath
from typing import TYPE_CHECKING, ClassVar, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from hamtui.history import (
    STATUS_WORDS,
    History,
    ProgramAdherence,
    SessionRow,
    WeekAdherence,
    done_text,
    exercises_with_pain,
    load_history,
    pain_trend,
    program_adherence,
    week_start,
)
from hamtui.text import one_line, plural
from hamtui.tui.widgets.lazy_table import Column, Justify, LazyTable
from hamtui.tui.widgets.pain_chart import PainChart, PainPoint

if TYPE_CHECKING:
    from hamtui.plan import StageChange

View = Literal["sessions", "adherence", "pain"]
VIEWS: tuple[View, ...] = ("sessions", "adherence", "pain")
VIEW_TITLES: dict[View, str] = {"sessions": "Sessions", "adherence": "Adherence", "pain": "Pain"}

WIDE_COLUMNS = 120  # from this width on, the three panels show together
WIDE_ROWS = 34  # ... and from this height
WEEKS = 4
PROGRAM_MAX = 20  # table cells: the table fits 78 columns
CHART_POINTS = 200  # the newest ratings handed to the chart (it draws the newest that fit)
SYMPTOMS_MAX = 14
MAX_PROBLEMS_SHOWN = 3
DONE, PARTIAL, NOT_DONE = "●", "◐", "○"
MET = "✓"
EMPTY_TEXT = (
    "No sessions recorded yet.\n\n"
    "A session is recorded when a program is run as a guided session:\n\n"
    "    hamtui run PROGRAM.toml\n\n"
    "Every session, finished or not, is then listed here with its sets, pain ratings and "
    "symptoms, with how many sessions a week were done against the program's plan."
)
NO_PAIN_TEXT = "No pain ratings yet: a session asks for one after each exercise."


# -- what the panels show (pure, for tests) -----------------------------------------------------


def status_words(row: SessionRow) -> str:
    """`completed`, `ended early` or `in progress`."""
    return row.status_text


def program_cell(name: str, limit: int = PROGRAM_MAX) -> str:
    """A program's file name on one line, without `.toml`, shortened to `limit`."""
    return one_line(name.removesuffix(".toml") or name, limit)


def symptoms_cell(row: SessionRow | tuple[str, ...], limit: int = SYMPTOMS_MAX) -> str:
    """`none`, or the count and the first label: `2 · hamstring pain` (of a row, or of its
    symptom labels)."""
    symptoms = row if isinstance(row, tuple) else row.symptoms
    if not symptoms:
        return "none"
    return one_line(f"{len(symptoms)} · {symptoms[0]}", limit)


def week_text(week: WeekAdherence, today: date | None = None) -> str:
    """`W45 11-03 ●●○ 2/3`: filled dots for sessions done, open dots for the rest of the
    plan, `+N` for sessions beyond it; `✓` once the plan is met, `this week` on the last."""
    _, number = week.iso_week
    filled = min(week.done, week.planned)
    partial = min(week.partial, filled)
    dots = DONE * (filled - partial) + PARTIAL * partial + NOT_DONE * (week.planned - filled)
    extra = week.done - week.planned
    if extra > 0:
        dots += f"+{extra}"
    text = f"W{number:02d} {week.week_start:%m-%d} {dots} {week.done}/{week.planned}"
    if week.met:
        text += f" {MET}"
    if today is not None and week.week_start == week_start(today):
        text += " this week"
    return text


def adherence_text(found: Sequence[ProgramAdherence], today: date | None = None) -> Text:
    """The adherence panel: per program its name and plan, then a line per week (or why there
    are none: `program file not found`)."""
    text = Text()
    if not found:
        return text
    text.append(f"{DONE} done  {PARTIAL} ended early  {NOT_DONE} to do  {MET} plan met\n", "italic")
    text.append("Weeks Mon-Sun; completed or ended early\n", "italic")
    for item in found:
        text.append("\n")
        text.append(one_line(item.program, 80), "bold")
        if item.note:
            text.append(f"\n  {one_line(item.note, 200)}\n")
            continue
        text.append("\n")
        for week in item.weeks:
            text.append(f"  {week_text(week, today)}\n")
        text.append(
            f"  {item.done} of {item.planned} in {plural(len(item.weeks), 'week')}"
            f" (plan: {item.sessions_per_week} a week)\n"
        )
    text.rstrip()
    return text


def session_detail(
    row: SessionRow, tz: tzinfo | None = None, name_of: Callable[[str], str] = str
) -> Text:
    """Everything about one session: when, program, status, entries (by the exercise's name,
    `name_of(slug)`), symptoms and events."""
    record = row.record
    text = Text()
    start = row.local_start(tz)
    when = f"{start:%a %Y-%m-%d %H:%M}"
    if record.finished is not None:
        finished = record.finished.astimezone(tz)
        minutes = max(int((record.finished - record.started).total_seconds() // 60), 0)
        when += f"-{finished:%H:%M}, {minutes} min"
    text.append(when + "\n", "bold")
    text.append("Program: ")
    text.append(one_line(row.program, 200) + "\n")
    text.append(f"Status: {status_words(row)} · {plural(row.sets_done, 'set')} done\n")
    checkin = record.checkin
    if checkin is not None:  # a session of a rehab plan
        text.append(f"Plan: {one_line(checkin.plan, 80)}, stage {checkin.stage} · check-in: ")
        text.append("symptoms lasted over 24 h" if checkin.lasted_24h else "nothing lasting")
        if checkin.symptom:
            text.append(f", new: {one_line(checkin.symptom, 60)}")
        text.append(f" · dose {checkin.dose}\n")
    notes = {(note.block, note.item, note.exercise): note for note in record.progress}
    text.append("\nExercises (block.item)\n", "bold")
    if not record.entries:
        text.append("  none recorded\n")
    for entry in record.entries:
        parts = [plural(entry.sets_done, "set")]
        if entry.side != "both":
            parts.append(f"side: {entry.side}")
        if entry.pain is not None:
            parts.append(f"pain {entry.pain}/10")
        if entry.effort is not None:
            parts.append(f"effort {entry.effort}/10")
        if entry.skipped:
            parts.append("skipped")
        text.append(f"  {entry.block + 1}.{entry.item + 1} ")
        text.append(one_line(name_of(entry.exercise), 80), "bold")
        text.append(f"\n      {' · '.join(parts)}\n")
        if entry.done:
            text.append(f"      done: {done_text(entry.done)}\n")
        note = notes.get((entry.block, entry.item, entry.exercise))
        if note is not None:  # an item with a range: the step of the day, and why
            text.append("      dose of the day: ")
            text.append(one_line(note.why, 300) + "\n")
        if entry.notes:
            text.append("      notes: ")
            text.append(one_line(entry.notes, 300) + "\n")
    symptoms = [event for event in record.events if event.kind == "symptom"]
    others = [event for event in record.events if event.kind != "symptom"]
    text.append(f"\nSymptoms: {len(symptoms) or 'none'}\n", "bold")
    for event in symptoms:
        text.append(f"  {event.at.astimezone(tz):%H:%M} ")
        text.append(one_line(event.detail or "symptom", 300) + "\n")
    text.append(f"\nOther events: {len(others) or 'none'}\n", "bold")
    for event in others:
        text.append(f"  {event.at.astimezone(tz):%H:%M} {event.kind}")
        if event.detail:
            text.append(": ")
            text.append(one_line(event.detail, 300))
        text.append("\n")
    text.append("\nRecord: ")
    text.append(one_line(row.path.name, 200))
    return text


def problems_text(history: History) -> str:
    """The notice about session files that could not be read (empty when there are none)."""
    problems = history.problems
    if not problems:
        return ""
    files = len({problem.path for problem in problems})
    lines = [
        f"{plural(files, 'session file')} could not be read and "
        f"{'is' if files == 1 else 'are'} left out:"
    ]
    lines += [f"  {one_line(str(problem), 300)}" for problem in problems[:MAX_PROBLEMS_SHOWN]]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        more = len(problems) - MAX_PROBLEMS_SHOWN
        lines.append(f"  … and {more} more (`hamtui history` lists them all)")
    return "\n".join(lines)


def pain_points(
    history: History,
    slug: str,
    tz: tzinfo | None = None,
    changes: Sequence[StageChange] = (),
    trend: Sequence[tuple[datetime, int]] | None = None,
) -> list[PainPoint]:
    """The pain trend of `slug` (or `trend`, already read), one point per session, labelled
    with the date (`11-03`); the first session after a plan's stage change is marked with the
    new stage (`▲S2`)."""
    points: list[PainPoint] = []
    waiting = sorted(changes, key=lambda change: change.at)
    for started, pain in pain_trend(history, slug) if trend is None else trend:
        mark = ""
        while waiting and waiting[0].at <= started:
            mark = f"▲S{waiting.pop(0).to_stage}"
        points.append(PainPoint(f"{started.astimezone(tz):%m-%d}", pain, mark))
    return points


# -- the screen -------------------------------------------------------------------------------


class HistoryScreen(Screen[None]):
    """Past sessions, adherence and pain trends: see the module docstring."""

    CSS_PATH: ClassVar[list[str | PurePath]] = [
        "history_screen.tcss",
        "../widgets/pain_chart.tcss",
        "../widgets/lazy_table.tcss",
    ]
    SUB_TITLE = "History"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="history.close", tooltip="Close the history"),
        Binding(
            "1",
            "show('sessions')",
            "Sessions",
            id="history.sessions",
            tooltip="Past sessions, and the highlighted one's exercises, symptoms and events",
        ),
        Binding(
            "2",
            "show('adherence')",
            "Adherence",
            id="history.adherence",
            tooltip="Sessions done per week against each program's sessions per week",
        ),
        Binding(
            "3",
            "show('pain')",
            "Pain",
            id="history.pain",
            tooltip="Pain ratings over time, as a chart, for an exercise",
        ),
        Binding("p", "show_plan", "Plan", id="history.plan", tooltip="A rehab plan's stages"),
    ]

    def __init__(
        self,
        history: History | None = None,
        *,
        today: date | None = None,
        tz: tzinfo | None = None,
        weeks: int = WEEKS,
        name_of: Callable[[str], str] = str,
    ) -> None:
        """`history` None reads the sessions folder when the screen is mounted; `today` and
        `tz` (default: today, the local time zone) fix the weeks and the times shown;
        `name_of` gives an exercise's name from its slug (the app passes its library's)."""
        super().__init__()
        self.name_of = name_of
        self.history = history if history is not None else History()
        self._load_on_mount = history is None
        self.today = today
        self.tz = tz
        self.weeks = weeks
        self.view: View = "sessions"
        self.adherence: list[ProgramAdherence] = []
        self.pain_slugs: list[str] = []
        self._rows: list[SessionRow] = []  # the table's rows, newest first
        self.stage_changes: list[StageChange] = []  # of the plans folders' plans

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="problems", markup=False)
        yield Static("", id="views", markup=False)
        yield Static(EMPTY_TEXT, id="empty", markup=False)
        with Vertical(id="body"):
            with Horizontal(id="sessions-section"):
                table = LazyTable(id="sessions")
                table.border_title = "Sessions (newest first)"
                yield table
                with VerticalScroll(id="session-detail") as detail:
                    detail.border_title = "Session"
                    yield Static("", id="detail-text", markup=False)
            with Horizontal(id="lower"):
                with VerticalScroll(id="adherence-section") as adherence:
                    adherence.border_title = "Adherence"
                    yield Static("", id="adherence-text", markup=False)
                with Horizontal(id="pain-section") as pain:
                    pain.border_title = "Pain (0-10) per exercise"
                    yield OptionList(id="pain-exercises", markup=False)
                    yield PainChart(id="pain-chart", empty=NO_PAIN_TEXT)
        yield Footer()

    def on_mount(self) -> None:
        if self._load_on_mount:
            from hamtui.plan import stage_changes

            self.history = load_history()
            self.stage_changes = stage_changes()
        self._apply_size(self.size.width, self.size.height)
        self.fill()

    def on_resize(self, event: Resize) -> None:
        self._apply_size(event.size.width, event.size.height)

    @property
    def narrow(self) -> bool:
        """True when one panel shows at a time."""
        return self.has_class("narrow")

    def _apply_size(self, width: int, height: int) -> None:
        self.set_class(width < WIDE_COLUMNS or height < WIDE_ROWS, "narrow")
        self._show_view(self.view)

    # -- filling in ---------------------------------------------------------------------

    def fill(self) -> None:
        """Show `self.history` in every panel."""
        history = self.history
        problems = problems_text(history)
        notice = self.query_one("#problems", Static)
        notice.update(problems)
        notice.display = bool(problems)
        empty = not history.sessions
        self.set_class(empty, "empty")
        where = f"\n\nRecords are kept in {one_line(str(history.folder))}" if history.folder else ""
        self.query_one("#empty", Static).update(EMPTY_TEXT + where)
        self.refresh_bindings()
        self._fill_table()
        self.adherence = program_adherence(history, weeks=self.weeks, today=self.today, tz=self.tz)
        today = self.today if self.today is not None else datetime.now(self.tz).date()
        self.query_one("#adherence-text", Static).update(adherence_text(self.adherence, today))
        self.query_one(
            "#adherence-section"
        ).border_title = f"Adherence, last {plural(self.weeks, 'week')}"
        self.pain_slugs = exercises_with_pain(history)
        options = self.query_one("#pain-exercises", OptionList)
        options.clear_options()
        options.add_options(
            Option(Text(one_line(self.name_of(slug)), no_wrap=True, overflow="ellipsis"), id=slug)
            for slug in self.pain_slugs
        )
        options.display = bool(self.pain_slugs)
        if self.pain_slugs:
            options.highlighted = 0
        self.show_pain(self.pain_slugs[0] if self.pain_slugs else None)
        self._show_view(self.view)

    def _fill_table(self) -> None:
        """The sessions, newest first: each row's cells are made when it is shown (years of
        records would otherwise be formatted, and measured, before the table appears)."""
        self._rows = list(reversed(self.history.sessions))
        rows = self._rows
        programs = {program_cell(name) for name in self.history.programs()}
        # each distinct list of labels once (the index keeps equal lists as one tuple)
        symptoms = {symptoms_cell(labels) for labels in dict.fromkeys(r.symptoms for r in rows)}
        most_sets = max((row.sets_done for row in rows), default=0)

        def column(label: str, cells: Iterable[str], justify: Justify = "left") -> Column:
            return Column(label, max([len(label), *map(len, cells)]), justify)

        columns = (
            column("Date", ["2026-11-03 18:00"]),
            column("Program", programs),
            column("Status", STATUS_WORDS.values()),
            column("Sets", [str(most_sets)], "right"),
            column("Symptoms", symptoms),
        )
        tz = self.tz

        def cells(number: int) -> tuple[str, ...]:
            row = rows[number]
            return (
                f"{row.local_start(tz):%Y-%m-%d %H:%M}",
                program_cell(row.program),
                status_words(row),
                str(row.sets_done),
                symptoms_cell(row),
            )

        self.query_one("#sessions", LazyTable).set_rows(columns, len(rows), cells)
        self.show_session(0 if rows else None)

    def show_session(self, number: int | None) -> None:
        """Show the details of the table's row `number` (newest first)."""
        detail = self.query_one("#detail-text", Static)
        if number is None or not 0 <= number < len(self._rows):
            detail.update("")
            return
        detail.update(session_detail(self._rows[number], self.tz, self.name_of))
        self.query_one("#session-detail", VerticalScroll).scroll_home(animate=False)

    def show_pain(self, slug: str | None) -> None:
        """Chart the pain ratings of `slug` (None: nothing to chart)."""
        chart = self.query_one(PainChart)
        if slug is None:
            chart.set_points("", [])
            return
        trend = pain_trend(self.history, slug)
        title = f"{one_line(self.name_of(slug), 60)} · {plural(len(trend), 'rating')}"
        if trend:
            highest = max(pain for _, pain in trend)
            title += f" · last {trend[-1][1]} · highest {highest}"
        # The chart shows the newest bars that fit: years of ratings need not all be drawn.
        points = pain_points(self.history, slug, self.tz, self.stage_changes, trend=trend)
        chart.set_points(title, points[-CHART_POINTS:], total=len(points))

    @property
    def selected_session(self) -> SessionRow | None:
        """The session highlighted in the table."""
        table = self.query_one("#sessions", LazyTable)
        if not self._rows:
            return None
        row = table.cursor_row
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @property
    def selected_exercise(self) -> str | None:
        """The exercise whose pain is charted."""
        options = self.query_one("#pain-exercises", OptionList)
        index = options.highlighted
        if index is None or not 0 <= index < len(self.pain_slugs):
            return None
        return self.pain_slugs[index]

    # -- events ---------------------------------------------------------------------------

    @on(LazyTable.Selected, "#sessions")
    def _row_selected(self, event: LazyTable.Selected) -> None:
        """enter on a session: its details get the focus (to scroll them)."""
        event.stop()
        self.show_session(event.row)
        self.query_one("#session-detail").focus()

    @on(LazyTable.Highlighted, "#sessions")
    def _row_highlighted(self, event: LazyTable.Highlighted) -> None:
        event.stop()
        self.show_session(event.row)

    @on(OptionList.OptionHighlighted, "#pain-exercises")
    def _exercise_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.show_pain(event.option.id)

    # -- actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Without sessions there are no panels to switch between."""
        return not (action == "show" and self.has_class("empty"))

    def action_show_plan(self) -> None:
        from hamtui.tui.screens.plan_screen import open_plan

        open_plan(self)

    def action_close(self) -> None:
        if len(self.app.screen_stack) > 1 and self.app.screen is self:
            self.dismiss(None)
        else:
            self.app.exit()

    def action_show(self, view: str) -> None:
        """Show a panel (one at a time in a small terminal) and focus it."""
        if view not in VIEWS:
            return
        chosen = VIEWS[VIEWS.index(view)]
        self._show_view(chosen)
        if self.has_class("empty"):
            return
        if chosen == "sessions":
            self.query_one("#sessions").focus()
        elif chosen == "adherence":
            self.query_one("#adherence-section").focus()
        elif self.pain_slugs:
            self.query_one("#pain-exercises").focus()

    def _show_view(self, view: View) -> None:
        self.view = view
        for name in VIEWS:
            self.set_class(name == view, f"view-{name}")
        bar = self.query_one("#views", Static)
        parts = []
        for number, name in enumerate(VIEWS, start=1):
            title = VIEW_TITLES[name]
            parts.append(f"▶ {number} {title}" if name == view else f"  {number} {title}")
        bar.update("   ".join(parts))
