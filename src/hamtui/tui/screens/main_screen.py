"""The main screen: the library pane and the program editor side by side.

Below 100 columns the two are stacked: one shows at a time and F2 switches; side by side,
F2 moves the focus between them. The screen owns the ProgramDocument (through the app) and
turns the widgets' requests into edits from `hamtui.editor`; the widgets only show and ask.

Why one long module: every request of the editor's widgets (add, move, remove, edit, swap,
save, open, run) ends in one `edit` or file action of this screen, which owns the document.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from hamtui import paths, resources, workspace
from hamtui.errors import HamtuiError
from hamtui.text import file_stem, one_line, plural
from hamtui.tui.save_flow import SaveFlow
from hamtui.tui.screens.confirm_dialog import ConfirmDialog
from hamtui.tui.widgets.library_pane import LibraryPane
from hamtui.tui.widgets.program_list import ProgramList
from hamtui.tui.widgets.results_list import ResultsList
from hamtui.tui.widgets.review_panel import ReviewPanel

# The core (pydantic models, editor, review) and the dialogs are imported where they are used:
# the screen paints before they load (HamApp.load runs in a thread started as it mounts), and
# by the time any action runs they are in sys.modules, so those imports cost nothing.
if TYPE_CHECKING:
    from hamtui import editor as ed
    from hamtui.export import HandoutFormat
    from hamtui.library import Library
    from hamtui.model.exercise import ExerciseBody
    from hamtui.model.program import Program
    from hamtui.review import Finding
    from hamtui.tui.state import AppState

NARROW = 100  # below this many columns the panes are stacked
LIBRARY_PAINT_WAIT_S = 1.0  # the loader lets the library's results paint before going on


class _SavedProgram:
    """The program document as SaveFlow saves it: with the library, which decides which
    exercises the file must carry."""

    def __init__(self, document: ed.ProgramDocument, library: Library) -> None:
        self.document = document
        self.library = library

    @property
    def path(self) -> Path | None:
        return self.document.path

    @property
    def dirty(self) -> bool:
        return self.document.dirty

    def save(self, *, path: Path | None = None, force: bool = False) -> Path:
        return self.document.save(self.library, path=path, force=force)

    def reload(self) -> None:
        self.document.reload()


class MainScreen(Screen[None]):
    """Build a program from the library."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="save"),
        Binding("f12", "save_as", "Save as", id="save-as"),
        Binding("ctrl+o", "open", "Open", id="open"),
        Binding("ctrl+n", "new", "New", id="new"),
        Binding("ctrl+z", "undo", "Undo", id="undo"),
        Binding("ctrl+y", "redo", "Redo", id="redo"),
        Binding("slash", "focus_search", "Search", id="search"),
        Binding("ctrl+b", "add_block", "New block", id="add-block"),
        Binding("ctrl+t", "edit_details", "Details", id="details"),
        Binding("w", "swap_easier", "Easier exercise", id="swap-easier"),
        Binding("f2", "toggle_pane", "Switch pane", id="toggle-pane"),
        Binding("f4", "focus_review", "Review", id="review"),
        Binding("f5", "run_session", "Run", id="run-session"),
        Binding("f6", "show_history", "History", id="history"),
        Binding("f7", "show_plan", "Plan", id="plan", tooltip="A rehab plan: stages and progress"),
        Binding("q", "quit", "Quit", id="quit-q"),
    ]

    def __init__(self, state: AppState) -> None:
        """`state`: the library, the program and the settings (the hosting HamApp)."""
        super().__init__()
        self.state = state
        self._dragging: str | None = None
        self._names: dict[str, str] = {}
        self._marks: dict[tuple[int, int], str] = {}
        self._review_pending = False
        self._heading = ""  # the program heading as last shown
        self._saving: SaveFlow | None = None
        self._library_painted = threading.Event()  # a two-step start's library is on screen
        self._results_told = False
        # the toasts on show: severity, shown until (monotonic), text, title
        self._toasts: list[tuple[SeverityLevel, float, str, str]] = []

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panes"):
            if self.state.ready:
                yield from self._panes()
            else:
                yield Static("Loading the exercise library…", id="loading", markup=False)
        yield Footer()

    def _panes(self, program: bool = True) -> ComposeResult:
        """The library pane and the program pane; without `program` (the library loaded
        first) the program pane says it is loading, and the library shows no details yet."""
        app = self.state
        yield LibraryPane(app.index, app.library, id="library-pane", details=program)
        with Vertical(id="program-pane"):
            if program:
                yield from self._program_parts()
            else:
                yield Static("Loading the program…", id="loading-program", markup=False)

    def _program_parts(self) -> ComposeResult:
        yield Static(id="program-heading", markup=False)
        yield ProgramList(id="program-list")
        yield ReviewPanel(id="review-panel")

    @property
    def document(self) -> ed.ProgramDocument:

        return self.state.document

    def on_mount(self) -> None:
        self._apply_width(self.size.width)
        if self.state.ready:
            self._start()
        else:
            # Started as the screen mounts, not after its first paint: the paint still comes
            # first (measured: on_mount to paint ~10 ms either way), and the results come
            # ~20 ms sooner than when the thread waited for Textual's work after that paint.
            self.run_worker(self._load, thread=True, exclusive=True, group="load")

    def _load(self) -> None:
        """Load the library and the program (in a worker thread, as the screen mounts). With
        a two-step start the library's results show first, and the rest (pydantic, the
        config, the program) loads once they are painted."""
        try:
            if self.state.load_library_first():
                self.app.call_from_thread(self.call_later, self._library_loaded)
                self._library_painted.wait(LIBRARY_PAINT_WAIT_S)
            self.state.load()
        except HamtuiError as exc:
            self.app.call_from_thread(self._load_failed, str(exc))
            return
        self.app.call_from_thread(self.call_later, self._loaded)

    async def _library_loaded(self) -> None:
        """The library's results, searchable at once; the program follows."""
        with self.app.batch_update():  # one repaint, not one without "Loading…" first
            await self.query_one("#panes", Horizontal).mount_compose(self._panes(program=False))
            await self.query_one("#loading").remove()
            self.query_one(LibraryPane).focus_search()
        self.call_after_refresh(self._results_painted)

    def _results_painted(self) -> None:
        self._library_painted.set()
        if not self._results_told:
            self._results_told = True
            self.state.results_shown()

    async def _loaded(self) -> None:
        library = self.query_one(LibraryPane) if self.query("#loading-program") else None
        if library is not None:  # the library shows already: the program joins it
            await self.query_one("#loading-program").remove()
            await self.query_one("#program-pane", Vertical).mount_compose(self._program_parts())
            library.details_loaded()
        else:
            await self.query_one("#loading").remove()
            await self.query_one("#panes", Horizontal).mount_compose(self._panes())
        self._start(typing=library is not None and bool(library.search_input.value))
        for warning in self.state.load_warnings:
            self.say(warning, severity="warning", timeout=10)

    def _load_failed(self, message: str) -> None:
        where = self.query("#loading-program") or self.query("#loading")
        where.first(Static).update(Text(f"Cannot start: {one_line(message, 300)}"))

    def _start(self, *, typing: bool = False) -> None:
        """Ready: a program opened from a file shows first on a narrow screen (one pane at a
        time); a new or empty one starts in the library, to add exercises. `typing`: the
        user is already searching (the library showed first): the focus stays."""
        self.state.apply_config()
        self.refresh_program()
        self.refresh_bindings()
        document = self.document
        from_file = document.path is not None and document.program.item_count() > 0
        if not typing:
            if from_file:
                self._show_program_pane()
            if from_file and self.size.width < NARROW:
                self.query_one(ProgramList).focus()
            else:  # side by side, typing goes to the search; the program is in view anyway
                self.query_one(LibraryPane).focus_search()
        if document.path is not None and document.sha256 is None:
            self.say(f"A new program: ctrl+s saves it to {document.path}", timeout=10)
        self.call_after_refresh(self._all_painted)

    def _all_painted(self) -> None:
        self._results_painted()
        self.state.settled()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Until everything has loaded only quitting and switching panes work; the footer
        leaves the other keys out meanwhile (it shows them once they work: composing a footer
        of keys that do nothing cost the first paint and the results ~10 ms each)."""
        return self.state.ready or action in ("quit", "toggle_pane")

    def on_resize(self, event: Resize) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        narrow = width < NARROW
        self.set_class(narrow, "narrow")
        if narrow and not (self.has_class("show-library") or self.has_class("show-program")):
            self.add_class("show-library")

    def action_toggle_pane(self) -> None:
        """F2: from the library to the program and back. On a narrow screen the pane shown
        switches; side by side, the focus moves (from anywhere but the library: to it)."""
        if not self.has_class("narrow"):
            library = self.query_one(LibraryPane)
            focused = self.focused
            if focused is not None and library in focused.ancestors_with_self:
                for program_list in self.query(ProgramList):  # none while the program loads
                    program_list.focus()
            else:
                library.focus_search()
            return
        showing_library = self.has_class("show-library")
        self.set_class(not showing_library, "show-library")
        self.set_class(showing_library, "show-program")
        if showing_library:
            for program_list in self.query(ProgramList):  # none while the program loads
                program_list.focus()
        else:
            self.query_one(LibraryPane).focus_search()

    def _show_program_pane(self) -> None:
        """On a narrow screen (now or once it is measured), the program pane is the one shown."""
        self.remove_class("show-library")
        self.add_class("show-program")

    # -- showing the program -------------------------------------------------------------

    def refresh_program(self) -> None:
        """Redraw the program at once; the review (a few ms on a long program) follows right
        after the repaint, so an edit never waits for it."""
        program = self.document.program
        library = self.state.library
        names: dict[str, str] = {}
        exercises: dict[str, ExerciseBody] = {}
        for slug in program.referenced_slugs():
            exercise = library.resolve(program, slug)
            if exercise is not None:
                names[slug] = exercise.name
                exercises[slug] = exercise
        self._names = names
        self.query_one(ProgramList).set_program(program, names, self._marks, exercises)
        self._update_title()
        if not self._review_pending:
            self._review_pending = True
            self.call_after_refresh(self._refresh_review)

    def _refresh_review(self) -> None:
        from hamtui.review import review

        self._review_pending = False
        program = self.document.program
        findings = review(program, self.state.library)
        marks: dict[tuple[int, int], str] = {}
        order = {"note": 0, "warning": 1, "problem": 2}
        for finding in findings:
            if finding.block is None or finding.item is None:
                continue
            key = (finding.block, finding.item)
            if order.get(finding.level, 0) >= order.get(marks.get(key, "note"), 0):
                marks[key] = finding.level
        if marks != self._marks:
            self._marks = marks
            self.query_one(ProgramList).set_program(program, self._names, marks)
        self.query_one(ReviewPanel).set_findings(findings)
        self._update_heading(program, findings)

    def _update_heading(self, program: Program, findings: list[Finding]) -> None:
        from hamtui.review import count_text

        # The review's counts come right after the title, so a narrow screen cuts the stage
        # or the item count, never them.
        parts = [one_line(program.title, 32)]
        counted = count_text(findings)
        if counted:
            parts.append(f"review: {counted}")
        if program.stage:
            parts.append(f"stage {program.stage}")
        if program.sessions_per_week:
            parts.append(f"{program.sessions_per_week}×/week")
        count = program.item_count()
        parts.append(f"{count} item" if count == 1 else f"{count} items")
        heading = " · ".join(parts)
        if heading != self._heading:  # an update lays the whole screen out again: only if new
            self._heading = heading
            self.query_one("#program-heading", Static).update(Text(heading))

    def _update_title(self) -> None:
        document = self.document
        name = document.path.name if document.path else "not saved yet"
        marker = "● " if document.dirty else ""
        self.app.title = f"{marker}hamtui"
        self.app.sub_title = one_line(
            f"{document.program.title} — {name}" + (" (unsaved changes)" if document.dirty else ""),
            100,
        )

    def say(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
    ) -> None:
        """A notification whose text (often a name or an error from a file) stays literal.

        It replaces the toast of its severity on show (undo, redo, undo: one toast, not a
        stack over half the screen); a toast of another severity (an error) stays until it
        times out."""
        now = time.monotonic()
        live = [toast for toast in self._toasts if toast[1] > now]
        if any(toast[0] == severity for toast in live):
            self.app.clear_notifications()  # then the others are shown again, for their time
            live = [toast for toast in live if toast[0] != severity]
            for level, until, text, heading in live:
                self.notify(text, title=heading, severity=level, timeout=until - now, markup=False)
        shown_for = self.app.NOTIFICATION_TIMEOUT if timeout is None else timeout
        text = one_line(message, 300)
        self._toasts = [*live, (severity, now + shown_for, text, title)]
        self.notify(text, title=title, severity=severity, timeout=timeout, markup=False)

    # -- edits ---------------------------------------------------------------------------

    def edit(
        self,
        label: str,
        change: Callable[[Program], Program],
        select: tuple[int, int | None] | None = None,
    ) -> bool:
        try:
            self.document.apply(label, change)
        except (HamtuiError, ValueError) as exc:
            self.say(one_line(str(exc), 200), title="Not done", severity="warning")
            return False
        self.refresh_program()
        if select is not None:
            self.query_one(ProgramList).select(*select)
        return True

    def _insert_position(self) -> tuple[int, int]:
        """Where a new item goes: after the program cursor, or at the end."""
        program = self.document.program
        if not program.blocks:
            return 0, 0
        block, item = self.query_one(ProgramList).cursor
        block = min(max(block, 0), len(program.blocks) - 1)
        if item is None:
            return block, len(program.blocks[block].items)
        return block, item + 1

    def add_exercise(self, slug: str, at: tuple[int, int] | None = None) -> None:
        from hamtui import editor as ed
        from hamtui.config import rest_for_new_item

        library = self.state.library
        resolved = library.resolve(self.document.program, slug)
        item = ed.item_for(slug, resolved)
        item = item.model_copy(update={"rest_s": rest_for_new_item(self.state.config, resolved)})
        block, index = at if at is not None else self._insert_position()
        if not self.document.program.blocks:
            block, index = 0, 0
        exercise = library.get(slug)
        name = exercise.name if exercise is not None else slug
        if self.edit(f"add {name}", lambda p: ed.insert_item(p, block, index, item)):
            self.query_one(ProgramList).select(block, index)
            self.say(f"Added {one_line(name, 60)}", timeout=2)

    @on(LibraryPane.AddRequested)
    def _add_requested(self, event: LibraryPane.AddRequested) -> None:
        self.add_exercise(event.slug)

    @on(ProgramList.MoveRequested)
    def _move(self, event: ProgramList.MoveRequested) -> None:
        from hamtui import editor as ed

        src_block, src_item = event.src_block, event.src_item
        dst_block, dst_index = event.dst_block, event.dst_index
        self.edit(
            "move item",
            lambda p: ed.move_item(p, src_block, src_item, dst_block, dst_index),
            select=event.landing,
        )

    @on(ProgramList.BlockMoveRequested)
    def _move_block(self, event: ProgramList.BlockMoveRequested) -> None:
        from hamtui import editor as ed

        src, dst = event.src, event.dst
        self.edit("move block", lambda p: ed.move_block(p, src, dst), select=(dst, None))

    @on(ProgramList.RemoveRequested)
    def _remove(self, event: ProgramList.RemoveRequested) -> None:
        from hamtui import editor as ed

        block, item = event.block, event.item
        after = max(item - 1, 0)
        self.edit("remove item", lambda p: ed.remove_item(p, block, item))
        self.query_one(ProgramList).select(block, after if self._has_item(block, after) else None)

    def _has_item(self, block: int, item: int) -> bool:
        blocks = self.document.program.blocks
        return block < len(blocks) and item < len(blocks[block].items)

    @on(ProgramList.DuplicateRequested)
    def _duplicate(self, event: ProgramList.DuplicateRequested) -> None:
        from hamtui import editor as ed

        block, item = event.block, event.item
        self.edit(
            "duplicate item",
            lambda p: ed.duplicate_item(p, block, item),
            select=(block, item + 1),
        )

    def action_swap_easier(self) -> None:
        """Swap the item under the program cursor for the nearest easier exercise down its
        ladders that spares what the program's conditions rule out (hamtui.swap, the same
        choice a session's symptom check makes)."""
        from hamtui import editor as ed
        from hamtui.swap import easier_exercise, program_avoids

        program = self.document.program
        block, item = self.query_one(ProgramList).cursor
        if item is None or not self._has_item(block, item):
            self.say("Put the program cursor on an item to swap it for an easier exercise.")
            return
        library = self.state.library
        slug = program.blocks[block].items[item].exercise
        exercise = library.resolve(program, slug)
        if exercise is None:
            self.say(f"`{slug}` is not in the library, so hamtui cannot tell what is easier.")
            return
        avoid = program_avoids(program, library.safety_rules)
        choice = easier_exercise(exercise, partial(library.resolve, program), avoid)
        if choice.slug is None or choice.exercise is None:
            self.say(f"{choice.reason}: leave it out or pick another.", severity="warning")
            return
        found, easier = choice.slug, choice.exercise
        if self.edit(
            "swap for an easier exercise",
            lambda p: ed.swap_exercise(p, block, item, found, easier),
            select=(block, item),
        ):
            self.say(f"Swapped {exercise.name} for {easier.name}; ctrl+z undoes it.")

    @on(ProgramList.EditRequested)
    def _edit_item(self, event: ProgramList.EditRequested) -> None:
        from hamtui import editor as ed
        from hamtui.tui.screens.dose_form import DoseForm

        block, index = event.block, event.item
        program = self.document.program
        item = program.blocks[block].items[index]
        exercise = self.state.library.resolve(program, item.exercise)
        name = exercise.name if exercise else f"{item.exercise} (unresolved)"

        def done(result: object) -> None:
            if result is not None and result != item:
                self.edit(
                    "edit dose",
                    lambda p: ed.replace_item(p, block, index, result),  # type: ignore[arg-type]
                    select=(block, index),
                )

        self.app.push_screen(
            DoseForm(item, name, exercise, program.blocks[block], program.affected_side), done
        )

    @on(ProgramList.BlockEditRequested)
    def _edit_block(self, event: ProgramList.BlockEditRequested) -> None:
        from hamtui import editor as ed
        from hamtui.tui.screens.block_form import BlockForm

        index = event.block
        block = self.document.program.blocks[index]

        def done(changes: dict[str, object] | None) -> None:
            if changes:
                self.edit(
                    "edit block",
                    lambda p: ed.update_block(p, index, **changes),
                    select=(index, None),
                )

        self.app.push_screen(BlockForm(block), done)

    @on(ProgramList.BlockRemoveRequested)
    def _remove_block(self, event: ProgramList.BlockRemoveRequested) -> None:
        from hamtui import editor as ed

        index = event.block
        block = self.document.program.blocks[index]
        name = block.name or f"block {index + 1}"

        def done(yes: bool | None) -> None:
            if yes:
                self.edit("remove block", lambda p: ed.remove_block(p, index))

        if block.items:
            self.app.push_screen(
                ConfirmDialog(
                    f"Remove the block “{one_line(name, 60)}” and its "
                    f"{plural(len(block.items), 'item')}?",
                    yes="Remove",
                ),
                done,
            )
        else:
            done(True)

    def action_add_block(self) -> None:
        from hamtui import editor as ed

        program = self.document.program
        block, _ = self.query_one(ProgramList).cursor if program.blocks else (-1, None)
        index = block + 1
        name = f"Block {len(program.blocks) + 1}"
        self.edit("new block", lambda p: ed.insert_block(p, index, name), select=(index, None))
        self._show_program_pane()
        self.query_one(ProgramList).focus()

    def action_edit_details(self) -> None:
        from hamtui import editor as ed
        from hamtui.tui.screens.details_form import DetailsForm

        def done(changes: dict[str, object] | None) -> None:
            if changes:
                self.edit("edit details", lambda p: ed.update_details(p, **changes))

        self.app.push_screen(DetailsForm(self.document.program), done)

    def action_undo(self) -> None:
        label = self.document.undo()
        if label is None:
            self.say("Nothing to undo.", timeout=2)
            return
        self.refresh_program()
        self.say(f"Undid: {label}", timeout=2)

    def action_redo(self) -> None:
        label = self.document.redo()
        if label is None:
            self.say("Nothing to redo.", timeout=2)
            return
        self.refresh_program()
        self.say(f"Redid: {label}", timeout=2)

    def action_focus_search(self) -> None:
        if self.has_class("narrow"):
            self.remove_class("show-program")
            self.add_class("show-library")
        self.query_one(LibraryPane).focus_search()

    def action_focus_review(self) -> None:
        self._show_program_pane()
        self.query_one(ReviewPanel).focus()

    @on(ReviewPanel.JumpToItem)
    def _jump(self, event: ReviewPanel.JumpToItem) -> None:
        program_list = self.query_one(ProgramList)
        if event.block is not None:
            program_list.select(event.block, event.item)
        self._show_program_pane()
        program_list.focus()

    # -- dragging an exercise from the library into the program --------------------------

    @on(ResultsList.DragStarted)
    def _drag_started(self, event: ResultsList.DragStarted) -> None:
        self._dragging = event.card.slug

    @on(ResultsList.DragMoved)
    def _drag_moved(self, event: ResultsList.DragMoved) -> None:
        if self._dragging is None:
            return
        self.query_one(ProgramList).track_external_drag(event.screen_x, event.screen_y)

    @on(ResultsList.DragReleased)
    def _drag_released(self, event: ResultsList.DragReleased) -> None:
        slug, self._dragging = self._dragging, None
        program_list = self.query_one(ProgramList)
        target = program_list.drop_target_at(event.screen_x, event.screen_y)
        program_list.show_drop_target(None)
        if slug is not None and target is not None:
            self.add_exercise(slug, at=target)

    @on(ResultsList.DragCancelled)
    def _drag_cancelled(self) -> None:
        self._dragging = None
        self.query_one(ProgramList).show_drop_target(None)

    # -- files ---------------------------------------------------------------------------

    def _is_template(self, path: Path | None) -> bool:
        """The bundled examples are read-only templates: saving them means saving a copy."""
        if path is None:
            return False
        try:
            return path.resolve().is_relative_to(resources.bundled_programs_dir().resolve())
        except OSError:
            return False

    @property
    def saving(self) -> SaveFlow:
        """The save, save-as, conflict and unsaved-changes dialogs (`hamtui.tui.save_flow`)."""
        if self._saving is None:
            self._saving = SaveFlow(
                self,
                lambda: _SavedProgram(self.document, self.state.library),
                folder=paths.user_programs_dir,
                suggested=lambda: f"{file_stem(self.document.program.title, 'program')}.toml",
                read_only=self._is_template,
                changed=self.refresh_program,
                say=self.say,
            )
        return self._saving

    @work(exclusive=True, group="files")
    async def action_save(self) -> None:
        await self._save()

    async def _save(self, *, path: Path | None = None, force: bool = False) -> bool:
        return await self.saving.save(path=path, force=force)

    @work(exclusive=True, group="files")
    async def action_save_as(self) -> None:
        await self.saving.save_as()

    async def _settle_unsaved(self, what: str) -> bool:
        """True when it is fine to throw the current program away (saved or discarded)."""
        return await self.saving.settle_unsaved(what)

    @work(exclusive=True, group="files")
    async def action_new(self) -> None:
        from hamtui import editor as ed

        if await self._settle_unsaved("starting a new program"):
            self._replace_document(ed.ProgramDocument.new())

    @work(exclusive=True, group="files")
    async def action_open(self) -> None:
        from hamtui.catalog import scan_programs
        from hamtui.tui.screens.open_picker import OpenPicker

        if not await self._settle_unsaved("opening another program"):
            return
        files = scan_programs(self.state.folders, self.state.library)
        path = await self.app.push_screen_wait(OpenPicker(files, folder=paths.user_programs_dir()))
        if path is not None:
            self._open_path(path)

    @work(exclusive=True, group="files")
    async def open_program(self, path: Path) -> None:
        """Open `path` in the editor (a plan's stage program, from the plan editor), once the
        program being edited is saved or let go."""
        if await self._settle_unsaved("opening another program"):
            self._open_path(path)

    def _open_path(self, path: Path) -> None:
        from hamtui import editor as ed

        try:
            document = ed.ProgramDocument.open(workspace.check_read(path))
        except HamtuiError as exc:
            self.say(one_line(str(exc), 300), title="Cannot open", severity="error")
            return
        self._replace_document(document)
        unresolved = self.state.library.unresolved(document.program)
        if unresolved:
            self.say(
                f"{len(unresolved)} items use exercises this library does not have: "
                "they are marked unresolved.",
                severity="warning",
            )

    def _replace_document(self, document: ed.ProgramDocument) -> None:
        self.state.document = document
        self.refresh_program()
        self.query_one(ProgramList).select(0, None)

    # -- running the program, and the history of sessions --------------------------------

    @work(exclusive=True, group="files")
    async def action_run_session(self) -> None:
        """Run this program as a live session: it must be saved first (the record names the
        file and its hash), so unsaved changes are saved, or the run is called off."""
        from hamtui.session.run import SessionOptions
        from hamtui.tui.screens.session_screen import SessionScreen

        document = self.document
        if not document.program.item_count():
            self.say("Add an exercise first: this program has nothing to run.")
            return
        if document.path is None or document.dirty:
            choice = await self.app.push_screen_wait(
                ConfirmDialog("Save the program before running it?", yes="Save and run")
            )
            if not choice or not await self._save():
                return
        path = document.path
        assert path is not None
        if self.state.library.unresolved(document.program):
            self.say(
                "Some exercises are unresolved: a session needs every exercise.",
                severity="warning",
            )
            return
        options = SessionOptions.from_config(self.state.config)
        try:
            screen = SessionScreen(path, self.state.library, options)
        except HamtuiError as exc:
            self.say(str(exc), title="Cannot run", severity="error")
            return
        await self.app.push_screen_wait(screen)

    def action_show_plan(self) -> None:
        from hamtui.tui.screens.plan_screen import open_plan

        open_plan(self)

    def action_show_history(self) -> None:
        from hamtui.tui.screens.history_screen import HistoryScreen

        library = self.state.library

        def name_of(slug: str) -> str:
            entry = library.entries.get(slug)
            return entry.card.name if entry is not None else slug

        self.app.push_screen(HistoryScreen(name_of=name_of))

    # -- commands that have no key of their own: the command palette -------------------

    def extra_commands(self) -> Iterator[SystemCommand]:
        yield SystemCommand(
            "Export handout (Markdown)",
            "Write a printable handout of this program as a .md file beside it",
            lambda: self.export_handout("md"),
        )
        yield SystemCommand(
            "Export handout (HTML)",
            "Write a printable, self-contained .html handout of this program beside it",
            lambda: self.export_handout("html"),
        )

    def export_handout(self, fmt: HandoutFormat) -> None:
        from hamtui.export import handout_file_name, write_handout

        document = self.document
        source = document.path
        if source is None or self._is_template(source):
            folder = paths.user_programs_dir()
            name = f"{file_stem(document.program.title, 'program')}.{fmt}"
        else:
            folder = source.parent
            name = handout_file_name(source, fmt)
        try:
            workspace.make_folder(folder)
            target = workspace.check_write(folder / name)
            write_handout(document.program, self.state.library, fmt, target)
        except (HamtuiError, OSError) as exc:
            self.say(str(exc), title="Handout not written", severity="error")
            return
        self.say(f"Handout written: {target}", timeout=5)

    @work(exclusive=True, group="files")
    async def action_quit(self) -> None:
        if not self.state.ready or await self._settle_unsaved("quitting"):
            self.app.exit()
