"""SaveFlow: the dialogs around saving an edited file, written once for the program editor and
the plan editor.

Save writes to the document's own file, or asks for a name (a new file, or a read-only
template such as a bundled example, which is saved as a copy). A file changed on disk since it
was loaded is never overwritten silently: the conflict dialog offers to reload it (the user's
version stays one undo away), overwrite it, or save as another file; saving as a file that
exists asks first. Before unsaved work would be lost (a new file, another file, quitting,
closing) the unsaved dialog offers to save, discard or cancel.

Every method pushes modal screens and waits for them, so it runs in a worker (`@work`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from textual.screen import Screen

from hamtui import workspace
from hamtui.errors import ConflictError, HamtuiError
from hamtui.text import one_line

Say = Callable[..., None]  # screen.say / screen.notify: (message, *, title, severity, timeout)


class Saveable(Protocol):
    """What SaveFlow needs of an edited document."""

    @property
    def path(self) -> Path | None: ...

    @property
    def dirty(self) -> bool: ...

    def save(self, *, path: Path | None = None, force: bool = False) -> Path: ...

    def reload(self) -> None: ...


class SaveFlow:
    """See the module docstring. `document()` is the document being edited now; `folder()`
    where a new file goes and `suggested()` its suggested name; `read_only(path)` says a file
    is saved only as a copy; `changed()` redraws after a save or a reload; `say` tells the
    user (literal text); `name` is how the unsaved dialog names the document."""

    def __init__(
        self,
        screen: Screen[Any],
        document: Callable[[], Saveable],
        *,
        folder: Callable[[], Path],
        suggested: Callable[[], str],
        read_only: Callable[[Path], bool],
        changed: Callable[[], None],
        say: Say,
        name: str = "this program",
    ) -> None:
        self.screen = screen
        self.document = document
        self.folder = folder
        self.suggested = suggested
        self.read_only = read_only
        self.changed = changed
        self.say = say
        self.name = name

    async def save(self, *, path: Path | None = None, force: bool = False) -> bool:
        """Save (to `path`: save as); True when it was saved."""
        document = self.document()
        target = path or document.path
        if target is None or (path is None and self.read_only(target)):
            return await self.save_as()
        try:
            saved = document.save(path=path, force=force)
        except ConflictError as exc:
            return await self._resolve_conflict(exc, target)
        except HamtuiError as exc:
            self.say(one_line(str(exc), 300), title="Not saved", severity="error")
            return False
        self.changed()
        self.say(f"Saved {one_line(str(saved), 120)}", timeout=3)
        return True

    async def _resolve_conflict(self, exc: ConflictError, target: Path) -> bool:
        from hamtui.tui.screens.confirm_dialog import ConfirmDialog
        from hamtui.tui.screens.conflict_dialog import ConflictDialog

        app = self.screen.app
        if exc.reason == "exists":
            overwrite = await app.push_screen_wait(
                ConfirmDialog(
                    f"{one_line(str(target), 80)} already exists. Overwrite it?", yes="Overwrite"
                )
            )
            return bool(overwrite) and await self.save(path=target, force=True)
        choice = await app.push_screen_wait(ConflictDialog(target))
        if choice == "reload":
            try:
                self.document().reload()
            except HamtuiError as error:
                self.say(one_line(str(error), 300), title="Not reloaded", severity="error")
                return False
            self.changed()
            self.say("Reloaded from disk (ctrl+z brings your version back).", timeout=4)
            return False
        if choice == "overwrite":
            return await self.save(path=target, force=True)
        if choice == "save-as":
            return await self.save_as()
        return False

    async def save_as(self) -> bool:
        from hamtui.tui.screens.save_as import SaveAsDialog

        folder = self.folder()
        workspace.make_folder(folder)
        target = await self.screen.app.push_screen_wait(SaveAsDialog(folder, self.suggested()))
        if target is None:
            return False
        try:
            target = workspace.check_write(target)
        except HamtuiError as exc:
            self.say(str(exc), title="Not saved", severity="error")
            return False
        return await self.save(path=target)

    async def settle_unsaved(self, what: str) -> bool:
        """True when it is fine to throw the document away (saved, discarded or unchanged)."""
        from hamtui.tui.screens.unsaved_dialog import UnsavedDialog

        if not self.document().dirty:
            return True
        choice = await self.screen.app.push_screen_wait(UnsavedDialog(what, name=self.name))
        if choice == "discard":
            return True
        if choice == "save":
            return await self.save()
        return False
