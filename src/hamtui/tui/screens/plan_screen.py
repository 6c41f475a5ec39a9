"""PlanScreen: a rehab plan as a ladder, where the athlete stands, and the decisions.

The stages as a ladder (the current one marked ▶), the current stage's criteria to move on as
a checklist with their evidence (sessions, pain values, confirmations), and the advice: stay,
move on or step back, with its reasons. All of it is `hamtui.plan.status_of`'s result, the
same that `hamtui plan status` prints. A person decides: `a` moves on, `b` goes back (each
asks why), `c` confirms a self-check; each is appended to the plan's log. `e` edits the plan
and `n` builds a new one (`PlanEditScreen`). escape or q closes.

`open_plan(screen)` is how the editor and history open it: the plans of the plans folders,
one picked from a list when there are several.
"""

from __future__ import annotations

from datetime import date, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from hamtui.errors import HamtuiError
from hamtui.text import one_line, plural
from hamtui.tui.screens.list_picker import ListPicker
from hamtui.tui.screens.reason_dialog import ReasonDialog

if TYPE_CHECKING:  # the core loads after the first paint
    from hamtui.library import Library
    from hamtui.model.plan import LogKind
    from hamtui.plan import PlanStatus

MARKS = {"met": "✓", "not yet": "○", "unknown": "?"}
ADVICE_WORDS = {"stay": "Stay", "move on": "Move on", "step back": "Step back"}


def ladder_text(status: PlanStatus) -> Text:
    """The stages, first to last, the current one marked ▶ and in bold."""
    text = Text()
    current = status.standing.stage_number
    for number, stage in enumerate(status.plan.stages, start=1):
        here = number == current
        text.append("▶ " if here else "  ")
        text.append(f"{number}. {one_line(stage.name, 60)}", style="bold" if here else "")
        text.append(
            f"\n    {one_line(stage.program_label().removesuffix('.toml'), 40)}", style="dim"
        )
        text.append(
            f"\n    {stage.sessions_per_week}/week · pain ≤ {stage.pain_ceiling}\n", style="dim"
        )
    return text


def criteria_text(status: PlanStatus) -> Text:
    """The current stage's criteria to move on: mark, what it asks, and its evidence."""
    now = status.standing
    text = Text()
    text.append(
        f"In this stage since {now.since:%Y-%m-%d}: {plural(len(now.sessions), 'session')}\n\n"
    )
    if not now.criteria:
        text.append("This stage sets no criteria to move on.")
    for criterion in now.criteria:
        style = {"met": "bold green", "not yet": "", "unknown": "yellow"}[criterion.state]
        text.append(f"{MARKS[criterion.state]} ", style=style)
        text.append(one_line(criterion.asks, 200))
        text.append(f" ({criterion.state})", style="dim")
        text.append("\n    ")
        text.append(one_line(criterion.evidence, 300), style="dim")
        text.append("\n")
    return text


def advice_text(status: PlanStatus) -> Text:
    """The advice in a few lines: to move on or back, its reason; to stay, which criteria
    are not met yet (their evidence is beside them, above)."""
    now = status.standing
    text = Text()
    text.append(f"{ADVICE_WORDS[now.advice]}", style="bold")
    waiting = [c for c in now.criteria if c.state != "met"]
    if now.advice == "stay" and waiting:
        text.append(f": {len(waiting)} of {len(now.criteria)} criteria not met yet: ")
        text.append("; ".join(one_line(c.asks, 80) for c in waiting))
    else:
        for reason in now.reasons:
            text.append("\n• ")
            text.append(one_line(reason, 400))
    text.append("\nThe plan advises; you decide: a moves on, b goes back, c confirms a check.")
    return text


class PlanScreen(Screen[None]):
    """See the module docstring."""

    CSS_PATH = "plan_screen.tcss"
    SUB_TITLE = "Plan"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="plan.close", tooltip="Close the plan"),
        Binding("a", "advance", "Move on", id="plan.advance", tooltip="Move on a stage"),
        Binding("b", "back", "Go back", id="plan.back", tooltip="Go back a stage"),
        Binding("c", "confirm", "Confirm check", id="plan.confirm", tooltip="Confirm a check"),
        Binding("e", "edit", "Edit plan", id="plan.edit", tooltip="Edit the plan's stages"),
        Binding("n", "new", "New plan", id="plan.new", tooltip="Build a new plan"),
    ]

    def __init__(
        self,
        path: Path,
        *,
        today: date | None = None,
        tz: tzinfo | None = None,
        sessions: Path | None = None,
    ) -> None:
        """`today`, `tz` and `sessions` (default: today, local time, the sessions folder) are
        for tests."""
        super().__init__()
        self.path = path
        self.today = today
        self.tz = tz
        self.sessions = sessions
        self.status: PlanStatus | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="plan-title", markup=False)
        yield Static("", id="plan-problem", markup=False)
        with Horizontal(id="plan-body"):
            with VerticalScroll(id="ladder-section") as ladder:
                ladder.border_title = "Stages"
                yield Static("", id="ladder", markup=False)
            with VerticalScroll(id="criteria-section") as criteria:
                criteria.border_title = "To move on"
                yield Static("", id="criteria", markup=False)
        with VerticalScroll(id="advice-section") as advice:
            advice.border_title = "Advice"
            yield Static("", id="advice", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_status()
        self.query_one("#criteria-section").focus()

    def refresh_status(self) -> None:
        """Read the plan, its log and the records again, and show where the athlete stands."""
        from hamtui.plan import status_of

        problem = self.query_one("#plan-problem", Static)
        try:
            status = status_of(self.path, self.today, self.tz, self.sessions)
        except HamtuiError as exc:
            self.status = None
            problem.update(Text(f"Cannot read the plan: {one_line(str(exc), 400)}"))
            problem.display = True
            self.query_one("#plan-body").display = False
            self.query_one("#advice-section").display = False
            return
        self.status = status
        warning = status.log.warning
        problem.update(Text(one_line(warning, 400)))
        problem.display = bool(warning)
        plan = status.plan
        side = {"left": "left", "right": "right", "both": "both legs"}[plan.affected_side]
        self.query_one("#plan-title", Static).update(
            Text(
                f"{one_line(plan.title, 70)} · injured leg: {side} · "
                f"stage {status.standing.stage_number} of {len(plan.stages)}"
            )
        )
        self.query_one("#ladder", Static).update(ladder_text(status))
        self.query_one(
            "#criteria-section"
        ).border_title = f"To move on from stage {status.standing.stage_number}"
        self.query_one("#criteria", Static).update(criteria_text(status))
        self.query_one("#advice-section").border_title = "Advice"
        self.query_one("#advice", Static).update(advice_text(status))

    # -- decisions ------------------------------------------------------------------------

    def action_close(self) -> None:
        self.dismiss()

    def action_advance(self) -> None:
        self._move("advance")

    def action_back(self) -> None:
        self._move("back")

    def _move(self, kind: LogKind) -> None:
        status = self.status
        if status is None:
            return
        number = status.standing.stage_number
        target = number + 1 if kind == "advance" else number - 1
        if not 1 <= target <= len(status.plan.stages):
            where = "last" if kind == "advance" else "first"
            self.notify(f"Stage {number} is the {where} stage.", severity="warning")
            return
        stage = status.plan.stages[target - 1]
        advice = status.standing.advice
        body = f"From stage {number} to stage {target}: {one_line(stage.name, 60)}."
        wanted = "move on" if kind == "advance" else "step back"
        if advice != wanted:
            body += f" The plan's advice is to {advice}."
        title = "Move on a stage" if kind == "advance" else "Go back a stage"
        action = "Move on" if kind == "advance" else "Go back"

        def record(reason: str | None) -> None:
            if reason is not None:
                self._decide(kind, why=reason)

        self.app.push_screen(ReasonDialog(title, body, action), record)

    def action_confirm(self) -> None:
        status = self.status
        if status is None:
            return
        met = {c.asks for c in status.standing.criteria if c.state == "met"}
        checks = [check for check in status.standing.stage.move_on.self_checks if check not in met]
        if not checks:
            self.notify("No self-check of this stage is left to confirm.")
            return

        def chosen(index: int | None) -> None:
            if index is not None:
                self._decide("confirm", check=checks[index])

        body = (
            f"{one_line(status.standing.stage.name, 60)}: which test was done without pain? "
            "Enter records it in the plan's log with today's date; esc cancels."
        )
        self.app.push_screen(ListPicker("Confirm a self-check", body, checks), chosen)

    def action_new(self) -> None:
        start_new_plan(self)

    def action_edit(self) -> None:
        """Edit this plan; a plan saved as a copy (the bundled example) is shown after."""
        from hamtui.plan_editor import PlanDocument
        from hamtui.tui.screens.plan_edit_screen import PlanEditScreen

        try:
            document = PlanDocument.open(self.path)
        except HamtuiError as exc:
            self.notify(one_line(str(exc), 300), title="Cannot edit", severity="error")
            return

        def closed(saved: bool | None) -> None:
            if saved and document.path is not None:
                self.path = document.path
            self.refresh_status()

        self.app.push_screen(PlanEditScreen(document, plan_library(self.app)), closed)

    def _decide(self, kind: LogKind, why: str = "", check: str = "") -> None:
        import os

        from hamtui.plan import decide

        status = self.status
        if status is None:
            return
        try:
            decide(status, kind, why=why, who=os.environ.get("USER", ""), check=check)
        except HamtuiError as exc:
            self.notify(one_line(str(exc), 300), title="Not recorded", severity="error")
            return
        self.refresh_status()
        self.notify("Recorded in the plan's log.")


def plan_library(app: Any) -> Library:
    """The app's library when it has one loaded (the editor's), else the bundled one."""
    library = getattr(app, "library", None)
    if library is not None:
        return library  # type: ignore[no-any-return]
    from hamtui.library import load_library

    return load_library()


def start_new_plan(screen: Screen[Any]) -> None:
    """Build a new plan (its file is asked for at the first save, in the plans folder); once
    saved, the plan view shows it."""
    from hamtui.plan_editor import PlanDocument, new_plan
    from hamtui.tui.screens.plan_edit_screen import PlanEditScreen

    document = PlanDocument(new_plan())

    def closed(saved: bool | None) -> None:
        if saved and document.path is not None:
            screen.app.push_screen(PlanScreen(document.path))

    screen.app.push_screen(PlanEditScreen(document, plan_library(screen.app)), closed)


def open_plan(screen: Screen[Any], folders: list[Path] | None = None) -> None:
    """Open a plan of the plans folders: the only one at once, else the one picked; with
    none yet, a new plan to build."""
    from hamtui.plan import find_plans

    plans = find_plans(folders)
    if not plans:
        screen.notify("No plans yet: here is a new one to build.", timeout=4)
        start_new_plan(screen)
        return
    if len(plans) == 1:
        screen.app.push_screen(PlanScreen(plans[0]))
        return

    def chosen(index: int | None) -> None:
        if index is not None:
            screen.app.push_screen(PlanScreen(plans[index]))

    lines = [f"{path.stem} ({one_line(str(path.parent), 60)})" for path in plans]
    screen.app.push_screen(ListPicker("Open a plan", "Which plan? Enter opens it.", lines), chosen)
