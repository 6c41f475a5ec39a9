"""The program files the app can open, with their titles and problems (no Textual)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hamtui import paths, resources

if TYPE_CHECKING:
    from hamtui.library import Library
    from hamtui.model.program import Program
    from hamtui.review import Finding


@dataclass(frozen=True)
class ProgramFile:
    """A program file found on disk: loaded, with its review (the same one the editor and
    `hamtui review` give), or not, with why (`problems`)."""

    path: Path
    program: Program | None
    problems: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()

    @property
    def title(self) -> str:
        return self.program.title if self.program else self.path.name


def program_folders() -> list[Path]:
    """The bundled examples, then the user's own programs."""
    return [resources.bundled_programs_dir(), paths.user_programs_dir()]


def scan_programs(folders: Iterable[Path], library: Library) -> list[ProgramFile]:
    from hamtui.errors import LoadError
    from hamtui.files import load_program
    from hamtui.review import review

    found: list[ProgramFile] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                program = load_program(path).model
            except LoadError as exc:
                found.append(ProgramFile(path, None, tuple(str(p) for p in exc.problems)))
                continue
            found.append(ProgramFile(path, program, findings=tuple(review(program, library))))
    return found
