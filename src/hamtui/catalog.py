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


def programs_by_last_run(
    folders: Iterable[Path] | None = None, sessions: Path | None = None, look_back: int = 500
) -> list[tuple[Path, str, str]]:
    """The programs to pick from when `hamtui run` names none: (path, title, when last run
    as `YYYY-MM-DD` or ""), the last one run first, then the others by title. The newest
    `look_back` records say what was run; files that do not load are left out."""
    from hamtui.errors import LoadError
    from hamtui.files import load_program
    from hamtui.history import find_recorded_program
    from hamtui.records_index import list_records

    found: list[tuple[Path, str]] = []
    for folder in folders if folders is not None else program_folders():
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                found.append((path, load_program(path).model.title))
            except LoadError:
                continue
    last_run: dict[Path, str] = {}
    folder = paths.sessions_dir() if sessions is None else sessions
    listed, _ = list_records(folder)  # through the records' index, in file-name order
    seen: set[tuple[str, str, str]] = set()  # each program is looked for once
    for item in reversed(listed[-look_back:]):  # names start with the UTC start: newest first
        record = item.summary
        key = (record.program_path, record.program, record.program_sha256)
        if key in seen:
            continue
        seen.add(key)
        program = find_recorded_program(record)
        if program is not None:
            last_run.setdefault(program.resolve(), f"{record.started:%Y-%m-%d}")
    order = {key: n for n, key in enumerate(last_run)}
    found.sort(key=lambda pt: (order.get(pt[0].resolve(), len(order)), pt[1].casefold()))
    return [(path, title, last_run.get(path.resolve(), "")) for path, title in found]
