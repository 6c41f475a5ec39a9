"""The exercise library: the bundled folder, then the user's folder, then any `--library DIR`.

A later folder's exercise overrides an earlier one with the same slug, and says so. A broken
file is reported and skipped; the rest still loads.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from hamtui import paths, resources
from hamtui.errors import LoadError, Problem
from hamtui.files import load_any, parse_toml, read_bytes, validate_document
from hamtui.model.common import is_slug
from hamtui.model.exercise import Exercise, ExerciseBody
from hamtui.model.program import Program
from hamtui.model.safety import SafetyRules

SAFETY_FILE = "safety.toml"


@dataclass(frozen=True)
class Entry:
    """One exercise of the library and where it came from."""

    slug: str
    exercise: ExerciseBody
    path: Path
    origin: str  # "bundled", "user", or the --library folder


@dataclass
class Library:
    entries: dict[str, Entry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    safety: SafetyRules | None = None

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, slug: object) -> bool:
        return slug in self.entries

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    def get(self, slug: str) -> ExerciseBody | None:
        entry = self.entries.get(slug)
        return entry.exercise if entry else None

    def exercises(self) -> dict[str, ExerciseBody]:
        return {slug: entry.exercise for slug, entry in self.entries.items()}

    def resolve(self, program: Program, slug: str) -> ExerciseBody | None:
        """An exercise as a program sees it: its own [exercises] first, then the library."""
        return program.exercises.get(slug) or self.get(slug)

    def unresolved(self, program: Program) -> list[tuple[int, int, str]]:
        """(block, item, slug) of every item whose exercise resolves nowhere."""
        return [
            (b, i, item.exercise)
            for b, block in enumerate(program.blocks)
            for i, item in enumerate(block.items)
            if self.resolve(program, item.exercise) is None
        ]

    def add_folder(self, folder: Path, origin: str) -> None:
        """Load every `<slug>.toml` of a folder over what is already here."""
        if not folder.is_dir():
            if origin not in ("bundled", "user"):
                self.problems.append(Problem(str(folder), "library folder not found"))
            return
        for path in sorted(folder.glob("*.toml")):
            if path.name == SAFETY_FILE:
                self._add_safety(path)
                continue
            self._add_file(path, origin)

    def _add_safety(self, path: Path) -> None:
        try:
            loaded = load_any(path)
        except LoadError as exc:
            self.problems.extend(exc.problems)
            return
        if isinstance(loaded.model, SafetyRules):
            self.safety = loaded.model
        else:
            self.problems.append(Problem(str(path), "safety.toml must be a hamtui-safety/1 file"))

    def _add_file(self, path: Path, origin: str) -> None:
        slug = path.stem
        if not is_slug(slug):
            self.problems.append(
                Problem(
                    str(path),
                    "skipped: an exercise file name must be a slug like glute-bridge.toml",
                )
            )
            return
        try:
            data = read_bytes(path)
            model = validate_document(path, parse_toml(path, data), expected="exercise")
        except LoadError as exc:
            self.problems.extend(exc.problems)
            return
        assert isinstance(model, Exercise)
        previous = self.entries.get(slug)
        if previous is not None:
            self.problems.append(
                Problem(
                    str(path),
                    f"overrides exercise `{slug}` from {previous.path}",
                    severity="warning",
                )
            )
        self.entries[slug] = Entry(slug, model.body(), path, origin)

    def broken_links(self) -> list[Problem]:
        """Progressions and regressions that name no exercise of the library."""
        found: list[Problem] = []
        for entry in self.entries.values():
            for key in ("progressions", "regressions"):
                for n, slug in enumerate(getattr(entry.exercise, key)):
                    if slug not in self.entries:
                        found.append(
                            Problem(
                                str(entry.path), f"unknown exercise `{slug}`", where=f"{key}[{n}]"
                            )
                        )
        return found


def library_folders(extra: Iterable[Path] = ()) -> list[tuple[Path, str]]:
    """The folders the library is made of, in the order they override each other."""
    folders = [
        (resources.bundled_library_dir(), "bundled"),
        (paths.user_library_dir(), "user"),
    ]
    folders += [(Path(folder), str(folder)) for folder in extra]
    return folders


def load_library(extra: Iterable[Path] = (), *, bundled_only: bool = False) -> Library:
    library = Library()
    for folder, origin in library_folders(extra):
        if bundled_only and origin != "bundled":
            continue
        library.add_folder(folder, origin)
    return library


def embed_unbundled(
    program: Program, bundled: Mapping[str, ExerciseBody], library: Library
) -> Program:
    """A program whose `[exercises]` carries every referenced exercise not in `bundled`.

    A shared file must open on another machine with only the bundled library there.
    """
    carried = dict(program.exercises)
    for slug in program.referenced_slugs():
        if slug in bundled or slug in carried:
            continue
        exercise = library.get(slug)
        if exercise is not None:
            carried[slug] = exercise
    if carried == program.exercises:
        return program
    return program.model_copy(update={"exercises": dict(sorted(carried.items()))})
