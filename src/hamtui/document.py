"""An edited file: undo and redo, unsaved changes, and a save that keeps the user's comments
and never clobbers a file changed on disk since it was loaded (no Textual).

`ProgramDocument` (`hamtui.editor`) and `PlanDocument` (`hamtui.plan_editor`) are its two
kinds. Every edit builds a new model that shares what it did not touch with the old one
(nothing is changed in place), so an undo step costs a few small lists, not a copy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from hamtui.errors import HamtuiError
from hamtui.files import Source, render, save_text

UNDO_LIMIT = 200
M = TypeVar("M", bound=BaseModel)


class EditError(HamtuiError):
    """An edit that cannot be made, with the reason in plain words."""


@dataclass(frozen=True)
class Step(Generic[M]):
    """One entry of the undo history: the model before an edit, and what the edit was."""

    model: M
    label: str


class Document(Generic[M]):
    """A model being edited, where it lives on disk, and its history."""

    def __init__(
        self,
        model: M,
        path: Path | None = None,
        sha256: str | None = None,
        source: Source | None = None,
    ) -> None:
        self.model = model
        self.path = path
        self.sha256 = sha256  # of the bytes on disk when last loaded or saved
        # the text on disk when last loaded or saved: saves rewrite only what changed in it
        self._source = source
        self._saved = model  # what is on disk, or the untouched start of a new file
        self._undo: list[Step[M]] = []
        self._redo: list[Step[M]] = []

    # -- state ---------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """Unsaved changes: the model differs from what was last loaded or saved (a new
        file counts as changed once anything has been done to it)."""
        return self.model != self._saved

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    @property
    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    # -- editing -------------------------------------------------------------------------

    def apply(self, label: str, edit: Callable[[M], M]) -> M:
        """Run an edit; on success it can be undone. Raises EditError and changes nothing
        when the edit is not possible."""
        before = self.model
        after = edit(before)
        if after == before:
            return after
        self._undo.append(Step(before, label))
        del self._undo[:-UNDO_LIMIT]
        self._redo.clear()
        self.model = after
        return after

    def undo(self) -> str | None:
        if not self._undo:
            return None
        step = self._undo.pop()
        self._redo.append(Step(self.model, step.label))
        self.model = step.model
        return step.label

    def redo(self) -> str | None:
        if not self._redo:
            return None
        step = self._redo.pop()
        self._undo.append(Step(self.model, step.label))
        self.model = step.model
        return step.label

    # -- files ---------------------------------------------------------------------------

    def _write(self, model: M, target: Path, *, force: bool) -> Path:
        """Save `model` to `target`: the comments and layout of the text it was loaded from
        stay where the content did not change. ConflictError when the file changed on disk
        since it was loaded (or, saved as another file, when that one exists) unless `force`;
        nothing changes then."""
        expected = self.sha256 if target == self.path else None
        text = render(model, self._source)
        digest = save_text(text, target, expected_sha256=expected, force=force)
        self.path, self.sha256, self._source = target, digest, Source(text, model)
        self.model = model
        self._saved = model
        return target

    def _reloaded(self, model: M, sha256: str, source: Source | None) -> None:
        """Take the file on disk as it is now (undoable, like any edit)."""
        self.apply("reload from disk", lambda _: model)
        self.model = model
        self.sha256 = sha256
        self._source = source
        self._saved = model
