"""PlanEditScreen: build and edit a rehab plan: its stages (name, program, sessions a week,
pain ceiling, criteria to move on, what sends the athlete back) and its details.

The stages are a list on the left (enter or e edits one, n adds one after it, x removes it,
shift+up/down or K/J move it, o opens its program in the program editor); the chosen stage's
settings on the right; under them what
`hamtui validate` would say of the plan (a program not found, an unknown condition). ctrl+t
edits the plan's details, ctrl+z / ctrl+y undo and redo, ctrl+s saves (the same save as the
program editor: comments kept, never over a file changed on disk; the bundled example is saved
as a copy in your plans folder), escape closes (asking first when there are unsaved changes).

Returns True when the plan was saved at least once (the plan view reads it again).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from hamtui import paths, resources
from hamtui.document import EditError
from hamtui.text import file_stem, one_line, plural
from hamtui.tui.save_flow import SaveFlow
from hamtui.tui.screens.confirm_dialog import ConfirmDialog

if TYPE_CHECKING:
    from hamtui.library import Library
    from hamtui.model.plan import Plan, Stage
    from hamtui.plan_editor import PlanDocument


def stage_line(number: int, stage: Stage) -> Text:
    """A stage as the list shows it: its number and name, then (dim) its program, sessions a
    week and pain ceiling."""
    text = Text(f"{number}. ")
    text.append(one_line(stage.name, 40), style="bold")
    text.append(
        f"\n   {one_line(stage.program_label().removesuffix('.toml'), 30)}"
        f"\n   {stage.sessions_per_week}/week · pain ≤ {stage.pain_ceiling}",
        style="dim",
    )
    return text


def stage_text(stage: Stage) -> Text:
    """Everything a stage says, in the words of the plan view."""
    from hamtui.plan import criteria_words

    text = Text()
    text.append(one_line(stage.name, 80), style="bold")
    text.append(f"\nProgram: {one_line(stage.program_label(), 80)}")
    text.append(
        f"\n{stage.sessions_per_week} sessions a week · pain ceiling {stage.pain_ceiling}"
        f"{' (pain-free)' if stage.pain_ceiling == 0 else ''}\n"
    )
    if stage.notes:
        text.append(f"\n{one_line(stage.notes, 400)}\n")
    text.append("\nTo move on\n", style="bold")
    words = criteria_words(stage)
    if not words and not stage.move_on.self_checks:
        text.append("  no criteria: moving on is the trainer's call\n")
    for line in words.values():
        text.append(f"  • {one_line(line, 200)}\n")
    for check in stage.move_on.self_checks:
        text.append(f"  • confirmed: {one_line(check, 200)}\n")
    back = stage.step_back
    text.append("\nBack a stage\n", style="bold")
    if back.pain_over_ceiling is None and not back.symptom_ended_session:
        text.append("  not advised by any rule\n")
    if back.pain_over_ceiling is not None:
        text.append(
            f"  • pain over the ceiling in {plural(back.pain_over_ceiling, 'session')} in a row\n"
        )
    if back.symptom_ended_session:
        text.append("  • a symptom ended the last session\n")
    return text


class PlanEditScreen(Screen[bool]):
    """See the module docstring."""

    CSS_PATH = "plan_edit_screen.tcss"
    SUB_TITLE = "Edit plan"
    # The footer shows the first ones; the rest are in the command palette (ctrl+p) too.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="plan-edit.close"),
        Binding("enter,e", "edit_stage", "Edit stage", id="plan-edit.edit"),
        Binding("n", "add_stage", "New stage", id="plan-edit.add"),
        Binding("ctrl+s", "save", "Save", id="plan-edit.save"),
        Binding("ctrl+z", "undo", "Undo", id="plan-edit.undo"),
        Binding("delete,x", "remove_stage", "Remove", id="plan-edit.remove"),
        Binding("shift+up,K", "move_up", "Move up", id="plan-edit.move-up"),
        Binding("o", "open_program", "Open program", id="plan-edit.open-program"),
        Binding("ctrl+t", "edit_details", "Details", id="plan-edit.details"),
        Binding("shift+down,J", "move_down", "Move down", show=False, id="plan-edit.move-down"),
        Binding("ctrl+y", "redo", "Redo", show=False, id="plan-edit.redo"),
        Binding("f12", "save_as", "Save as", show=False, id="plan-edit.save-as"),
    ]

    def __init__(self, document: PlanDocument, library: Library) -> None:
        super().__init__()
        self.document = document
        self.library = library
        self.saved = False
        self.saving = SaveFlow(
            self,
            lambda: self.document,
            folder=paths.user_plans_dir,
            suggested=self._suggested,
            read_only=resources.is_bundled_plan,
            changed=self._saved,
            say=self.say,
            name="this plan",
        )

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="plan-edit-title", markup=False)
        with Horizontal(id="plan-edit-body"):
            stages = OptionList(id="plan-stages")
            stages.border_title = "Stages"
            yield stages
            with VerticalScroll(id="stage-section") as section:
                section.border_title = "Stage"
                section.can_focus = False
                yield Static("", id="stage-detail", markup=False)
        yield Static("", id="plan-edit-problems", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_plan()
        self.query_one("#plan-stages", OptionList).focus()

    @property
    def plan(self) -> Plan:
        return self.document.plan

    @property
    def current(self) -> int:
        index = self.query_one("#plan-stages", OptionList).highlighted
        return 0 if index is None else min(index, len(self.plan.stages) - 1)

    def refresh_plan(self, select: int | None = None) -> None:
        """Show the plan as it is now; `select` moves the highlight to that stage."""
        plan = self.plan
        document = self.document
        where = one_line(document.path.name, 40) if document.path else "not saved yet"
        side = {"left": "left", "right": "right", "both": "both legs"}[plan.affected_side]
        title = Text(
            f"{'● ' if document.dirty else ''}{one_line(plan.title, 50)} · {where} · "
            f"injured leg: {side} · starts {plan.start:%Y-%m-%d} · "
            f"{plural(len(plan.stages), 'stage')}"
        )
        if document.read_only:
            title.append(" · bundled example: ctrl+s saves a copy", style="italic")
        self.query_one("#plan-edit-title", Static).update(title)
        stages = self.query_one("#plan-stages", OptionList)
        keep = self.current if select is None else select
        stages.clear_options()
        stages.add_options(
            [Option(stage_line(n, stage)) for n, stage in enumerate(plan.stages, start=1)]
        )
        stages.highlighted = max(0, min(keep, len(plan.stages) - 1))
        self._show_stage()
        self._show_problems()

    def _show_stage(self) -> None:
        index = self.current
        section = self.query_one("#stage-section", VerticalScroll)
        section.border_title = f"Stage {index + 1}"
        self.query_one("#stage-detail", Static).update(stage_text(self.plan.stages[index]))

    def _show_problems(self) -> None:
        from hamtui.validate import check_plan

        path = self.document.path or paths.user_plans_dir() / self._suggested()
        problems = check_plan(path, self.plan, self.library)
        text = Text()
        if not problems:
            text.append("✓ No problems: every stage's program is found.")
        for problem in problems[:4]:
            mark = "⚠" if problem.severity == "warning" else "✗"
            text.append(f"{mark} {one_line(problem.where, 40)}: {one_line(problem.message, 200)}\n")
        if len(problems) > 4:
            text.append(f"and {len(problems) - 4} more (hamtui validate lists them all)")
        text.rstrip()
        self.query_one("#plan-edit-problems", Static).update(text)

    @on(OptionList.OptionHighlighted, "#plan-stages")
    def _highlighted(self) -> None:
        self._show_stage()

    @on(OptionList.OptionSelected, "#plan-stages")
    def _selected(self) -> None:
        self.action_edit_stage()

    def say(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
    ) -> None:
        self.notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # -- edits ---------------------------------------------------------------------------

    def _edit(self, label: str, edit: Callable[[Plan], Plan], select: int | None = None) -> None:
        try:
            self.document.apply(label, edit)
        except EditError as exc:
            self.say(one_line(str(exc), 300), title="Not changed", severity="warning")
            return
        self.refresh_plan(select)

    def _programs(self) -> list[str]:
        from hamtui.history import program_folders

        folders = [*program_folders()]
        if self.document.path is not None:
            folders.insert(0, self.document.path.parent)
        names: set[str] = set()
        for folder in folders:
            try:
                names.update(
                    p.name for p in folder.glob("*.toml") if not p.name.endswith(".log.toml")
                )
            except OSError:
                continue
        return sorted(names)

    def action_edit_stage(self) -> None:
        from hamtui.plan_editor import set_stage
        from hamtui.tui.screens.stage_form import StageForm

        index = self.current

        def edited(stage: Stage | None) -> None:
            if stage is not None:
                self._edit(f"edit stage {index + 1}", lambda p: set_stage(p, index, stage))

        self.app.push_screen(
            StageForm(self.plan.stages[index], index + 1, self._programs()), edited
        )

    def action_add_stage(self) -> None:
        from hamtui.plan_editor import add_stage

        index = self.current
        self._edit("add a stage", lambda p: add_stage(p, index), select=index + 1)

    @work(exclusive=True, group="plan-edit")
    async def action_remove_stage(self) -> None:
        from hamtui.plan_editor import remove_stage

        index = self.current
        name = one_line(self.plan.stages[index].name, 60)
        sure = await self.app.push_screen_wait(
            ConfirmDialog(
                f"Remove stage {index + 1}, {name}? (ctrl+z brings it back)", yes="Remove"
            )
        )
        if sure:
            self._edit(f"remove stage {index + 1}", lambda p: remove_stage(p, index))

    def action_move_up(self) -> None:
        self._move(-1)

    def action_move_down(self) -> None:
        self._move(1)

    def _move(self, delta: int) -> None:
        from hamtui.plan_editor import move_stage

        index = self.current
        target = max(0, min(index + delta, len(self.plan.stages) - 1))
        self._edit("move a stage", lambda p: move_stage(p, index, delta), select=target)

    @work(exclusive=True, group="plan-edit")
    async def action_open_program(self) -> None:
        """Edit the chosen stage's program in the program editor (this plan's unsaved changes
        are settled first)."""
        from hamtui.history import program_folders
        from hamtui.plan import plan_program_path
        from hamtui.tui.screens.main_screen import MainScreen

        stage = self.plan.stages[self.current]
        if stage.inline is not None:
            self.say("This stage's program is written inside the plan: edit it in the plan file.")
            return
        where = self.document.path or paths.user_plans_dir() / self._suggested()
        path = plan_program_path(where, stage, program_folders())
        if path is None:
            self.say(
                f"{one_line(stage.program_label(), 80)} is neither beside the plan nor in the "
                "programs folders.",
                severity="warning",
            )
            return
        main = next((s for s in self.app.screen_stack if isinstance(s, MainScreen)), None)
        if main is None:
            self.say("The program editor is not open here: hamtui edit opens it.")
            return
        if not await self.saving.settle_unsaved("opening the stage's program"):
            return
        app = self.app

        def go() -> None:
            while app.screen is not main and len(app.screen_stack) > 1:
                app.pop_screen()
            main.open_program(path)

        app.call_later(go)

    def action_edit_details(self) -> None:
        from hamtui.plan_editor import update_details
        from hamtui.tui.screens.plan_details_form import PlanDetailsForm

        def edited(changes: dict[str, Any] | None) -> None:
            if changes:
                self._edit("edit the details", lambda p: update_details(p, **changes))

        conditions = [c.id for c in self.library.safety_rules.conditions]
        self.app.push_screen(PlanDetailsForm(self.plan, conditions), edited)

    def action_undo(self) -> None:
        label = self.document.undo()
        if label is None:
            self.say("Nothing to undo.")
            return
        self.refresh_plan()
        self.say(f"Undone: {label}", timeout=2)

    def action_redo(self) -> None:
        label = self.document.redo()
        if label is None:
            self.say("Nothing to redo.")
            return
        self.refresh_plan()
        self.say(f"Redone: {label}", timeout=2)

    # -- files ---------------------------------------------------------------------------

    def _suggested(self) -> str:
        return f"{file_stem(self.plan.title, 'plan')}.toml"

    def _saved(self) -> None:
        self.saved = True
        self.refresh_plan()

    @work(exclusive=True, group="plan-edit")
    async def action_save(self) -> None:
        await self.saving.save()

    @work(exclusive=True, group="plan-edit")
    async def action_save_as(self) -> None:
        await self.saving.save_as()

    @work(exclusive=True, group="plan-edit")
    async def action_close(self) -> None:
        if await self.saving.settle_unsaved("closing it"):
            self.dismiss(self.saved)
