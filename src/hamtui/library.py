"""The exercise library: the bundled folder, then the user's folder, then any `--library DIR`.

A later folder's exercise overrides an earlier one with the same slug, and says so. A broken
file is reported (`path:line:col: ...`) and skipped; the rest still loads.

Loading is built for large libraries. Each exercise is held as a `Card` (the fields that
lists and search need); its file is read again for the full `ExerciseBody` only when something
asks for it. Each folder has a cache of validated cards, keyed per file by (size, mtime, ctime,
inode): a second load parses only the files that changed, and a load with nothing changed
reads no exercise file at all. A folder without a cache is parsed on all usable cores.

Why one long module: loading, the per-folder cache and the parallel cold load share the
entries and their file identities.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import re
import struct
import sys
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG
from types import ModuleType
from typing import TYPE_CHECKING, Any

from hamtui import __version__, paths, resources, workspace
from hamtui.card import Card as Card  # re-exported: where the cards come from
from hamtui.card import card_fields
from hamtui.errors import LoadError, Problem
from hamtui.files import (
    load_any,
    load_cache,
    parse_toml,
    read_bytes,
    read_regular,
    save_cache,
    validate_document,
)
from hamtui.parallel import split_map
from hamtui.vocab import is_slug

if TYPE_CHECKING:  # the models (pydantic) load where they are used: a library read from its
    # cache needs none of them, so the app can show its results before pydantic loads
    from hamtui.model.exercise import ExerciseBody
    from hamtui.model.program import Program
    from hamtui.model.safety import SafetyRules
    from hamtui.search import SearchIndex

EXERCISE_FORMAT = "hamtui-exercise/1"

_rtoml: ModuleType | None = None  # rtoml, once a folder load has needed it (see _bulk_parser)


def _bulk_parser() -> ModuleType | None:
    """rtoml, a compiled TOML parser for loading many files; tomllib stays the judge (see
    _fast_exercise). Imported when a folder has files to parse, not for a cached load."""
    global _rtoml
    if _rtoml is None:
        try:
            import rtoml
        except ImportError:  # pragma: no cover - rtoml ships wheels for the usual platforms
            return None
        _rtoml = rtoml
    return _rtoml


SAFETY_FILE = "safety.toml"
CACHE_VERSION = 6  # bump whenever Card or the cache layout changes


class Entry:
    """One exercise of the library: its card, where it came from, and its full data on demand.

    The full exercise is read from its file the first time something asks for it, and kept.
    A file changed since the load gives its new content; one broken since raises LoadError
    (`Library.get` turns that into None and keeps the problem).
    """

    __slots__ = ("_exercise", "_name", "card", "folder", "origin")

    def __init__(
        self,
        card: Card,
        folder: Path,
        name: str,
        origin: str,
        *,
        exercise: ExerciseBody | None = None,
    ) -> None:
        self.card = card
        self.folder = folder
        self._name = name
        self.origin = origin  # "bundled", "user", or the --library folder
        self._exercise = exercise

    @property
    def slug(self) -> str:
        return self.card.slug

    @property
    def path(self) -> Path:
        return self.folder / self._name

    @property
    def exercise(self) -> ExerciseBody:
        if self._exercise is None:
            self._exercise = _exercise_from(self.path)
        return self._exercise


def _exercise_from(path: Path) -> ExerciseBody:
    data = read_bytes(path)
    # One exercise reads well enough with tomllib; rtoml only once a bulk read imported it.
    parsed = _fast_exercise(data) if _rtoml is not None else None
    if parsed is not None:
        body: ExerciseBody = parsed[0]
        return body
    from hamtui.model.exercise import Exercise

    model = validate_document(path, parse_toml(path, data), expected="exercise")
    assert isinstance(model, Exercise)
    return model.body()


@dataclass
class Library:
    entries: dict[str, Entry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # The warnings among `problems` that say a later folder replaced an exercise.
    overrides: list[Problem] = field(default_factory=list)
    safety: SafetyRules | None = None
    # The summaries of the loaded exercises (slug -> summary), which cards leave out, until a
    # search index has read them (see search_index).
    summaries: dict[str, str] = field(default_factory=dict, repr=False)
    # Exercises whose files broke after the load, with their problems (see get).
    unreadable: dict[str, list[Problem]] = field(default_factory=dict, repr=False)
    # safety.toml files not read yet (a load that deferred them: see load_safety)
    pending_safety: list[Path] = field(default_factory=list, repr=False)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, slug: object) -> bool:
        return slug in self.entries

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    @property
    def safety_rules(self) -> SafetyRules:
        """The safety file's rules, or their defaults (no symptoms, pain threshold 5) when no
        library folder has a safety.toml."""
        self.load_safety()
        if self.safety is not None:
            return self.safety
        from hamtui.model.safety import SafetyRules

        return SafetyRules(format="hamtui-safety/1")

    def load_safety(self) -> None:
        """Read the safety files a load deferred (`load_library(defer_safety=True)`)."""
        while self.pending_safety:
            self._add_safety(self.pending_safety.pop(0))

    def get(self, slug: str) -> ExerciseBody | None:
        """The full exercise, or None when there is none by that slug, or its file cannot be
        read any more (changed since the load into something broken: see `unreadable`)."""
        entry = self.entries.get(slug)
        if entry is None:
            return None
        try:
            exercise = entry.exercise
        except LoadError as exc:
            self.unreadable[slug] = exc.problems
            return None
        if self.unreadable:
            self.unreadable.pop(slug, None)  # mended since
        return exercise

    def cards(self) -> dict[str, Card]:
        return {slug: entry.card for slug, entry in self.entries.items()}

    def search_index(self) -> SearchIndex:
        """A search index of the library, built from its cards and summaries. The summaries
        are then let go (the index keeps their words); a later index reads the summaries it
        lacks from the exercises themselves."""
        from hamtui.search import SearchIndex

        summaries = self.summaries
        self.summaries = {}
        missing = self.entries.keys() - summaries.keys()
        if missing:
            summaries = {
                **summaries,
                **{slug: self.entries[slug].exercise.summary for slug in missing},
            }
        return SearchIndex(self.cards(), summaries)

    def exercises(self) -> dict[str, ExerciseBody]:
        _bulk_parser()  # every exercise: worth the compiled parser
        return {slug: entry.exercise for slug, entry in self.entries.items()}

    def resolve(self, program: Program, slug: str) -> ExerciseBody | None:
        """An exercise as a program sees it: its own [exercises] first, then the library."""
        own = program.exercises.get(slug)
        return own if own is not None else self.get(slug)

    def unresolved(self, program: Program) -> list[tuple[int, int, str]]:
        """(block, item, slug) of every item whose exercise resolves nowhere."""
        return [
            (b, i, item.exercise)
            for b, block in enumerate(program.blocks)
            for i, item in enumerate(block.items)
            if item.exercise not in program.exercises and item.exercise not in self.entries
        ]

    def add_folder(
        self, folder: Path, origin: str, *, use_cache: bool = True, defer_safety: bool = False
    ) -> None:
        """Load every `<slug>.toml` of a folder over what is already here (its safety.toml
        too, or with `defer_safety` when `load_safety` is called)."""
        if not folder.is_dir():
            if origin not in ("bundled", "user"):
                self.problems.append(Problem(str(folder), "library folder not found"))
            return
        loaded = FolderLoader(folder, origin, use_cache=use_cache).load()
        incoming = {entry.card[0]: entry for entry in loaded.entries}
        for slug in incoming.keys() & self.entries.keys():
            override = Problem(
                str(incoming[slug].path),
                f"overrides exercise `{slug}` from {self.entries[slug].path}",
                severity="warning",
            )
            self.problems.append(override)
            self.overrides.append(override)
        self.entries.update(incoming)
        self.summaries.update(loaded.summaries)
        self.problems.extend(loaded.problems)
        safety = folder / SAFETY_FILE
        if safety.is_file():
            self.pending_safety.append(safety)
            if not defer_safety:
                self.load_safety()

    def _add_safety(self, path: Path) -> None:
        from hamtui.model.safety import SafetyRules

        try:
            loaded = load_any(path)
        except LoadError as exc:
            self.problems.extend(exc.problems)
            return
        if isinstance(loaded.model, SafetyRules):
            self.safety = loaded.model
        else:
            self.problems.append(Problem(str(path), "safety.toml must be a hamtui-safety/1 file"))

    def broken_links(self) -> list[Problem]:
        """Progressions and regressions that name no exercise of the library."""
        found: list[Problem] = []
        _bulk_parser()  # every exercise: worth the compiled parser
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


# ---------------------------------------------------------------------------------------------
# One folder, with its cache.

_STAMP = struct.Struct("<qqqQ")  # size, mtime_ns, ctime_ns, inode of one file
_IN_FOLDER = os.stat in os.supports_dir_fd and os.open in os.supports_dir_fd
# What parsing one file gives, as plain values a forked share can send back: its stamp when
# read (None: no regular file by that name any more), its card's fields (None when broken),
# summary, and problems as rows.
_Parsed = tuple[bytes | None, tuple[Any, ...] | None, str, list[tuple[Any, ...]]]
PARALLEL_MIN_SHARE = 500  # files for each process, below which forking costs more than it gives


def _stamp(info: os.stat_result) -> bytes:
    return _STAMP.pack(info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


@dataclass
class FolderResult:
    entries: list[Entry]
    problems: list[Problem]
    summaries: dict[str, str] = field(default_factory=dict)  # slug -> summary


@dataclass
class _Cache:
    """What a folder's cache holds, column by column (in the order of `names`).

    `stamps` is every file's packed stamp end to end; a good file has its card's fields in
    `cards` and its summary in `summaries`; a broken file has None in `cards` and its problems
    in `broken`."""

    names: list[str] = field(default_factory=list)
    stamps: bytes = b""
    cards: list[tuple[Any, ...] | None] = field(default_factory=list)
    summaries: list[str] = field(default_factory=list)
    broken: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)


class FolderLoader:
    """Loads one library folder, reusing the cache for every file whose stamp is unchanged.

    The cache (marshal) holds each file's stamp, card and summary, or its problems. A load
    with a cache stats each file and parses only those whose stamp changed; a load without
    one parses every file, on all cores when there are many (see hamtui.parallel), taking the
    stamps from the open files.
    """

    def __init__(self, folder: Path, origin: str, *, use_cache: bool = True) -> None:
        self.folder = folder
        self.origin = origin
        self.use_cache = use_cache
        self.cache_path = cache_file(folder)
        self._prefix = str(folder / "_")[:-1]  # what str(folder / name) starts with

    def _read_cache(self) -> _Cache:
        if not self.use_cache:
            return _Cache()
        raw = load_cache(self.cache_path)
        if not isinstance(raw, tuple) or len(raw) != 6 or raw[0] != _cache_key(self.folder):
            return _Cache()
        cache = _Cache(*raw[1:])
        try:
            if not (
                isinstance(cache.stamps, bytes)
                and len(cache.stamps) == _STAMP.size * len(cache.names)
                and len(cache.names) == len(cache.cards) == len(cache.summaries)
                and isinstance(cache.broken, dict)
            ):
                return _Cache()
        except TypeError:  # names, cards or summaries without a length
            return _Cache()
        return cache

    def _names(self) -> list[str]:
        """The folder's exercise file names, sorted."""
        return sorted(
            name
            for name in os.listdir(self.folder)
            if name.endswith(".toml") and name != SAFETY_FILE
        )

    @contextmanager
    def _opened(self) -> Iterator[int | None]:
        """The folder, open, for reaching its files by name without a walk down the folder's
        path for each (None where the platform cannot: then files are reached by path)."""
        if not _IN_FOLDER:  # pragma: no cover - Windows
            yield None
            return
        where = os.open(self.folder, os.O_RDONLY)
        try:
            yield where
        finally:
            os.close(where)

    def _stamps(self, names: list[str]) -> tuple[list[str], list[bytes]]:
        """Those of `names` that are regular files, and their stamps."""
        found: list[str] = []
        stamps: list[bytes] = []
        with self._opened() as where:
            for name in names:
                try:
                    info = os.stat(name if where is not None else self._prefix + name, dir_fd=where)
                except OSError:
                    continue  # gone since the listing, or a broken link
                if S_ISREG(info.st_mode):
                    found.append(name)
                    stamps.append(_stamp(info))
        return found, stamps

    def load(self) -> FolderResult:
        try:
            workspace.check_read(self.folder)  # restricted mode: not through a link leading out
        except workspace.WorkspaceError as exc:
            return FolderResult([], [Problem(str(self.folder), _after_colon(str(exc)))], {})
        cache = self._read_cache()
        folder, origin = self.folder, self.origin
        entries: list[Entry] = []
        problems: list[Problem] = []
        summaries: dict[str, str] = {}
        names = self._names()
        if not cache.names:  # nothing to compare with: every file is parsed
            stamps: list[bytes] | None = None
        else:
            names, stamps = self._stamps(names)
            if names == cache.names and b"".join(stamps) == cache.stamps:  # nothing changed
                # The cache's cards, not copies beside them: each card's plain tuple is
                # dropped as its Card is made, so memory holds one of the two at a time.
                del names, stamps
                names, cards = cache.names, cache.cards
                make_card = Card._make
                for n, name in enumerate(names):
                    card = cards[n]
                    if card is None:
                        problems.extend(Problem(*row) for row in cache.broken.get(name, ()))
                        continue
                    cards[n] = None
                    summaries[card[0]] = cache.summaries[n]
                    entries.append(Entry(make_card(card), folder, name, origin))
                return FolderResult(entries, problems, summaries)

        # Which files the cache still answers for (their place in it), and which to parse.
        size = _STAMP.size
        places: list[int] | None = None  # None: parse every file
        to_parse = names
        if stamps is not None:
            known = {name: n for n, name in enumerate(cache.names)}
            places = []
            for name, stamp in zip(names, stamps, strict=True):
                at = known.get(name, -1)
                if at >= 0 and cache.stamps[at * size : (at + 1) * size] != stamp:
                    at = -1
                places.append(at)
            to_parse = [name for name, at in zip(names, places, strict=True) if at < 0]
        # Parsing is most of a cold load: a large one is shared among the cores. rtoml and the
        # exercise model (pydantic) are imported first, once, rather than in every share.
        _bulk_parser()
        if to_parse:
            import hamtui.model.exercise  # noqa: F401
        parsed = iter(split_map(self._parse_share, to_parse, min_share=PARALLEL_MIN_SHARE))

        kept = _Cache(broken={})  # what the cache holds after this load
        kept_stamps: list[bytes] = []
        for n, name in enumerate(names):
            at = places[n] if places is not None else -1
            if at < 0:
                stamp, card, summary, rows = next(parsed)
                if stamp is None:
                    continue  # no regular file by that name any more
            else:
                assert stamps is not None
                stamp, card, summary = stamps[n], cache.cards[at], cache.summaries[at]
                rows = cache.broken.get(name, []) if card is None else []
            kept.names.append(name)
            kept_stamps.append(stamp)
            kept.cards.append(card)
            kept.summaries.append(summary)
            if card is None:
                kept.broken[name] = rows
                problems.extend(Problem(*row) for row in rows)
            else:
                entries.append(Entry(Card._make(card), folder, name, origin))
                summaries[card[0]] = summary
        if self.use_cache:
            kept.stamps = b"".join(kept_stamps)
            self._write_cache(kept)
        return FolderResult(entries, problems, summaries)

    def _parse_share(self, names: list[str]) -> list[_Parsed]:
        """What parsing each of these files gives (see _parse)."""
        with self._opened() as where:
            return [self._parse(name, where) for name in names]

    def _parse(self, name: str, where: int | None) -> _Parsed:
        """One exercise file, read by name in the open folder `where` (by path if None): its
        stamp, card's fields and summary, or its stamp, None, "" and its problems as rows; or
        None for its stamp when it is no regular file. Plain values, so that a forked share
        can send them back."""
        slug = name[: -len(".toml")]
        shown = self._prefix + name
        stamp = b""  # for a file that cannot be read: never matches, so it is tried again
        try:
            read = read_regular(name if where is not None else shown, dir_fd=where, shown=shown)
            if read is None:
                return None, None, "", []
            data, info = read
            stamp = _stamp(info)
            if not is_slug(slug):
                problem = Problem(
                    shown, "skipped: an exercise file name must be a slug like glute-bridge.toml"
                )
                return stamp, None, "", [_problem_row(problem)]
            parsed = _fast_exercise(data)
            if parsed is None:  # the canonical path, which also words every error
                from hamtui.model.exercise import Exercise

                path = self.folder / name
                model = validate_document(path, parse_toml(path, data), expected="exercise")
                assert isinstance(model, Exercise)
                body = model.body()
            else:
                body = parsed[0]
        except LoadError as exc:
            return stamp, None, "", [_problem_row(p) for p in exc.problems]
        return stamp, card_fields(slug, body), body.summary, []

    def _write_cache(self, kept: _Cache) -> None:
        index = (
            _cache_key(self.folder),
            kept.names,
            kept.stamps,
            kept.cards,
            kept.summaries,
            kept.broken,
        )
        save_cache(self.cache_path, index)
        # Before version 6 a cache had a second file, holding every exercise's bytes.
        with contextlib.suppress(OSError):
            self.cache_path.with_suffix(".blob").unlink(missing_ok=True)


# Text that TOML 1.1 reads but TOML 1.0 (tomllib) rejects: inline tables over several lines or
# with a trailing comma, \x and \e escapes, a byte order mark after the start. rtoml reads some
# of these; tomllib decides whether a file containing any of them is valid. Looked for in the
# bytes, one cheap scan each.
_TOML_1_1_ESCAPE = re.compile(rb"\\[ex]")
_BOM = b"\xef\xbb\xbf"


def _maybe_toml_1_1(data: bytes) -> bool:
    return (
        b"{" in data
        or (b"\xef" in data and _BOM in data)
        or _TOML_1_1_ESCAPE.search(data) is not None
    )


def _fast_exercise(data: bytes) -> tuple[ExerciseBody, dict[str, Any]] | None:
    """An exercise parsed by rtoml (a compiled TOML parser) when that cannot differ from tomllib.

    Returns the model and its document (without `format`), or None whenever the canonical
    path must decide: rtoml missing, text that is not UTF-8 or holds TOML 1.1 constructs, any
    parse error, or a document that fails validation (so every problem is reported with the
    same words as `hamtui validate`).
    """
    parser = _bulk_parser()
    if parser is None:
        return None
    if data.startswith(_BOM):
        data = data[3:]
    if _maybe_toml_1_1(data):
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    try:
        document = parser.loads(text)
        if document.pop("format", None) != EXERCISE_FORMAT:
            return None
        from hamtui.model.exercise import ExerciseBody

        return ExerciseBody.model_validate(document), document
    except Exception:
        return None


def _problem_row(problem: Problem) -> tuple[Any, ...]:
    return (problem.path, problem.message, problem.where, problem.line, problem.col)


def _cache_key(folder: Path) -> tuple[Any, ...]:
    return (CACHE_VERSION, __version__, sys.version_info[:2], str(folder.resolve()))


def _after_colon(message: str) -> str:
    return message.split(": ", 1)[1] if ": " in message else message


def cache_file(folder: Path) -> Path:
    digest = hashlib.sha256(str(folder.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return paths.cache_dir() / "library" / f"{digest[:24]}.index"


# ---------------------------------------------------------------------------------------------


def library_folders(extra: Iterable[Path] = ()) -> list[tuple[Path, str]]:
    """The folders the library is made of, in the order they override each other."""
    folders = [
        (resources.bundled_library_dir(), "bundled"),
        (paths.user_library_dir(), "user"),
    ]
    folders += [(Path(folder), str(folder)) for folder in extra]
    return folders


def load_library(
    extra: Iterable[Path] = (),
    *,
    bundled_only: bool = False,
    use_cache: bool = True,
    defer_safety: bool = False,
) -> Library:
    """The library of the bundled, the user's and `extra` folders. With `defer_safety` their
    safety files are read when the rules are first asked for (or `load_safety()`): a library
    whose caches are current then loads without pydantic."""
    library = Library()
    # A large library allocates a few hundred thousand small objects and no cycles: pausing
    # the cyclic collector meanwhile saves its repeated passes over them.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for folder, origin in library_folders(extra):
            if bundled_only and origin != "bundled":
                continue
            library.add_folder(folder, origin, use_cache=use_cache, defer_safety=defer_safety)
    finally:
        if collecting:
            gc.enable()
    return library


def embed_unbundled(program: Program, bundled: Collection[str], library: Library) -> Program:
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
