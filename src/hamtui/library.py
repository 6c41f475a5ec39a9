"""The exercise library: the bundled folder, then the user's folder, then any `--library DIR`.

A later folder's exercise overrides an earlier one with the same slug, and says so. A broken
file is reported (`path:line:col: ...`) and skipped; the rest still loads.

Loading is built for large libraries. Each exercise is held as a `Card` (the fields that
lists and search need) plus its validated data, turned into a full `ExerciseBody` only when
something asks for it. Each folder has a cache of validated cards and data, keyed per file by
(size, mtime, ctime, inode): a second load re-reads only the files that changed, and a load
with nothing changed reads no exercise file at all.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import mmap
import os
import re
import struct
import sys
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG
from types import ModuleType
from typing import TYPE_CHECKING, Any

from hamtui import __version__, paths, resources
from hamtui.card import Card as Card  # re-exported: where the cards come from
from hamtui.errors import HamtuiError, LoadError, Problem
from hamtui.files import load_any, parse_toml, read_bytes, validate_document, write_atomic
from hamtui.model.common import is_slug
from hamtui.model.exercise import EXERCISE_FORMAT, Exercise, ExerciseBody
from hamtui.model.program import Program
from hamtui.model.safety import SafetyRules

if TYPE_CHECKING:
    from hamtui.search import SearchIndex

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
CACHE_VERSION = 5  # bump whenever Card or the cache layout changes


class Entry:
    """One exercise of the library, where it came from, and its full data on demand.

    The full exercise comes from the bytes validated when the card was made: held here after
    a parse, or at `offset` (`length` bytes) in the folder cache's blob file. If that file has
    gone or changed since, the exercise file itself is read again.
    """

    __slots__ = (
        "_data",
        "_exercise",
        "_length",
        "_name",
        "_offset",
        "_store",
        "card",
        "folder",
        "origin",
    )

    def __init__(
        self,
        card: Card,
        folder: Path,
        name: str,
        origin: str,
        store: BlobStore | None = None,
        offset: int = 0,
        length: int = 0,
        *,
        exercise: ExerciseBody | None = None,
        data: bytes | None = None,
    ) -> None:
        self.card = card
        self.folder = folder
        self._name = name
        self.origin = origin  # "bundled", "user", or the --library folder
        self._store = store
        self._offset = offset
        self._length = length
        self._exercise = exercise
        self._data = data

    @property
    def slug(self) -> str:
        return self.card.slug

    @property
    def path(self) -> Path:
        return self.folder / self._name

    def data(self) -> bytes | None:
        """The validated bytes, if this process still has them."""
        if self._data is not None:
            return self._data
        return self._store.read(self._offset, self._length) if self._store is not None else None

    @property
    def exercise(self) -> ExerciseBody:
        if self._exercise is None:
            self._exercise = _exercise_from(self.path, self.data())
        return self._exercise


def _exercise_from(path: Path, data: bytes | None) -> ExerciseBody:
    if data is None:
        data = read_bytes(path)
    # One exercise reads well enough with tomllib; rtoml only once a bulk read imported it.
    parsed = _fast_exercise(data) if _rtoml is not None else None
    if parsed is not None:
        body: ExerciseBody = parsed[0]
        return body
    model = validate_document(path, parse_toml(path, data), expected="exercise")
    assert isinstance(model, Exercise)
    return model.body()


class BlobStore:
    """A cache's blob file: every exercise's bytes end to end, mapped into memory on first use
    (only the pages of exercises actually opened become resident)."""

    def __init__(self, path: Path, token: bytes) -> None:
        self.path = path
        self.token = token
        self._map: mmap.mmap | None = None
        self._valid = True

    def read(self, offset: int, length: int) -> bytes | None:
        if self._map is None and self._valid:
            try:
                with self.path.open("rb") as handle:
                    self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):  # gone, unreadable, or empty
                self._valid = False
                return None
            self._valid = self._map[: len(self.token)] == self.token
        if not self._valid or self._map is None:
            return None
        start = len(self.token) + offset
        return self._map[start : start + length]


@dataclass
class Library:
    entries: dict[str, Entry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    safety: SafetyRules | None = None
    # The summaries of the loaded exercises (slug -> summary), which cards leave out, until a
    # search index has read them (see search_index).
    summaries: dict[str, str] = field(default_factory=dict, repr=False)

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
        if self.safety is not None:
            return self.safety
        return SafetyRules(format="hamtui-safety/1")

    def get(self, slug: str) -> ExerciseBody | None:
        entry = self.entries.get(slug)
        return entry.exercise if entry else None

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

    def add_folder(self, folder: Path, origin: str, *, use_cache: bool = True) -> None:
        """Load every `<slug>.toml` of a folder over what is already here."""
        if not folder.is_dir():
            if origin not in ("bundled", "user"):
                self.problems.append(Problem(str(folder), "library folder not found"))
            return
        loaded = FolderLoader(folder, origin, use_cache=use_cache).load()
        incoming = {entry.card[0]: entry for entry in loaded.entries}
        for slug in incoming.keys() & self.entries.keys():
            self.problems.append(
                Problem(
                    str(incoming[slug].path),
                    f"overrides exercise `{slug}` from {self.entries[slug].path}",
                    severity="warning",
                )
            )
        self.entries.update(incoming)
        self.summaries.update(loaded.summaries)
        self.problems.extend(loaded.problems)
        safety = folder / SAFETY_FILE
        if safety.is_file():
            self._add_safety(safety)

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
_STAT_IN_FOLDER = os.stat in os.supports_dir_fd
# One file of a load: name, stamp, its entry (None when broken) and summary, its problems.
_Row = tuple[str, bytes, "Entry | None", str, list[tuple[Any, ...]]]


@dataclass
class FolderResult:
    entries: list[Entry]
    problems: list[Problem]
    summaries: dict[str, str] = field(default_factory=dict)  # slug -> summary


@dataclass
class _Cache:
    """What a folder's cache index holds, column by column (in the order of `names`).

    `stamps` is every file's packed stamp end to end; a good file has its card's fields in
    `cards`, its summary in `summaries` and its bytes at `offsets[i]`, `lengths[i]` of the
    blob; a broken file has None in `cards` and its problems in `broken`."""

    names: list[str] = field(default_factory=list)
    stamps: bytes = b""
    cards: list[tuple[Any, ...] | None] = field(default_factory=list)
    summaries: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    broken: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    store: BlobStore | None = None


class FolderLoader:
    """Loads one library folder, reusing the cache for every file whose stamp is unchanged.

    The cache is two files: an index (marshal) of each file's stamp, card and the span of its
    bytes in a blob file, which holds the validated bytes end to end behind a random token that
    the index also names. A load reads only the index and stats each file; the blob is read on
    the first request for a full exercise.
    """

    def __init__(self, folder: Path, origin: str, *, use_cache: bool = True) -> None:
        self.folder = folder
        self.origin = origin
        self.use_cache = use_cache
        self.index_path = cache_file(folder)
        self.blob_path = self.index_path.with_suffix(".blob")
        self._prefix = str(folder / "_")[:-1]  # what str(folder / name) starts with

    def _read_cache(self) -> _Cache:
        if not self.use_cache:
            return _Cache()
        try:
            raw = marshal.loads(self.index_path.read_bytes())
            if not isinstance(raw, tuple) or len(raw) != 9 or raw[0] != _cache_key(self.folder):
                return _Cache()
            _, token, names, stamps, cards, summaries, offsets, lengths, broken = raw
            cache = _Cache(names, stamps, cards, summaries, offsets, lengths, broken)
            if not (
                isinstance(token, bytes)
                and isinstance(stamps, bytes)
                and len(stamps) == _STAMP.size * len(names)
                and len(names) == len(cards) == len(summaries) == len(offsets) == len(lengths)
                and isinstance(broken, dict)
            ):
                return _Cache()
        except (OSError, EOFError, ValueError, TypeError):
            return _Cache()
        cache.store = BlobStore(self.blob_path, token)
        return cache

    def _stamps(self) -> tuple[list[str], list[bytes]]:
        """The folder's exercise files (sorted) and their stamps."""
        folder = self.folder
        names = sorted(
            name for name in os.listdir(folder) if name.endswith(".toml") and name != SAFETY_FILE
        )
        found: list[str] = []
        stamps: list[bytes] = []
        pack = _STAMP.pack
        if _STAT_IN_FOLDER:  # no walk down the folder's path for every file
            where = os.open(folder, os.O_RDONLY)

            def stat(name: str) -> os.stat_result:
                return os.stat(name, dir_fd=where)

        else:  # pragma: no cover - Windows

            def stat(name: str) -> os.stat_result:
                return os.stat(folder / name)

        try:
            for name in names:
                try:
                    info = stat(name)
                except OSError:
                    continue  # gone since the listing, or a broken link
                if S_ISREG(info.st_mode):
                    found.append(name)
                    stamps.append(
                        pack(info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
                    )
        finally:
            if _STAT_IN_FOLDER:
                os.close(where)
        return found, stamps

    def load(self) -> FolderResult:
        cache = self._read_cache()
        names, stamps = self._stamps()
        folder, origin, store = self.folder, self.origin, cache.store
        entries: list[Entry] = []
        problems: list[Problem] = []
        summaries: dict[str, str] = {}
        if names == cache.names and b"".join(stamps) == cache.stamps:  # nothing changed
            # The cache's names and cards, not copies beside them: each card's plain tuple
            # is dropped as its Card is made, so memory holds one of the two at a time.
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
                entries.append(
                    Entry(
                        make_card(card),
                        folder,
                        name,
                        origin,
                        store,
                        cache.offsets[n],
                        cache.lengths[n],
                    )
                )
            return FolderResult(entries, problems, summaries)

        known = {name: n for n, name in enumerate(cache.names)}
        size = _STAMP.size
        fresh: list[_Row] = []
        for name, stamp in zip(names, stamps, strict=True):
            at = known.get(name)
            if at is not None and cache.stamps[at * size : (at + 1) * size] == stamp:
                card = cache.cards[at]
                summary = cache.summaries[at]
                if card is None:
                    rows = cache.broken.get(name, [])
                    entry = None
                else:
                    entry = Entry(
                        Card._make(card),
                        folder,
                        name,
                        origin,
                        store,
                        cache.offsets[at],
                        cache.lengths[at],
                    )
                    rows = []
            else:
                entry, summary, rows = self._parse(name)
            if entry is None:
                problems.extend(Problem(*row) for row in rows)
            else:
                entries.append(entry)
                summaries[entry.slug] = summary
            fresh.append((name, stamp, entry, summary, rows))
        if self.use_cache:
            self._write_cache(fresh)
        return FolderResult(entries, problems, summaries)

    def _parse(self, name: str) -> tuple[Entry | None, str, list[tuple[Any, ...]]]:
        """(the entry and its summary, or None, "" and its problems as rows) of one exercise
        file."""
        slug = name[: -len(".toml")]
        if not is_slug(slug):
            problem = Problem(
                str(self.folder / name),
                "skipped: an exercise file name must be a slug like glute-bridge.toml",
            )
            return None, "", [_problem_row(problem)]
        try:
            data = read_bytes(self._prefix + name)  # a str: cheaper than a Path for each file
            parsed = _fast_exercise(data)
            if parsed is None:  # the canonical path, which also words every error
                path = self.folder / name
                model = validate_document(path, parse_toml(path, data), expected="exercise")
                assert isinstance(model, Exercise)
                body = model.body()
            else:
                body = parsed[0]
        except LoadError as exc:
            return None, "", [_problem_row(p) for p in exc.problems]
        entry = Entry(Card.of(slug, body), self.folder, name, self.origin, data=data)
        return entry, body.summary, []

    def _write_cache(self, fresh: list[_Row]) -> None:
        """Write the index and blob for these rows. An entry whose bytes this process no
        longer has is left out, so it is parsed again next time."""
        token = b"hamtui-blob:" + os.urandom(16).hex().encode() + b"\n"
        chunks: list[bytes] = []
        kept = _Cache()
        stamps: list[bytes] = []
        offset = 0
        for name, stamp, entry, summary, rows in fresh:
            card: tuple[Any, ...] | None = None
            length = 0
            if entry is None:
                kept.broken[name] = rows
            else:
                data = entry.data()
                if data is None:
                    continue
                card = tuple(entry.card)
                chunks.append(data)
                length = len(data)
            kept.names.append(name)
            stamps.append(stamp)
            kept.cards.append(card)
            kept.summaries.append(summary)
            kept.offsets.append(offset)
            kept.lengths.append(length)
            offset += length
        kept.stamps = b"".join(stamps)
        index = (
            _cache_key(self.folder),
            token,
            kept.names,
            kept.stamps,
            kept.cards,
            kept.summaries,
            kept.offsets,
            kept.lengths,
            kept.broken,
        )
        try:
            self.index_path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.blob_path, token + b"".join(chunks))
            write_atomic(self.index_path, marshal.dumps(index))
        except (OSError, HamtuiError):
            pass  # a cache that cannot be written only costs speed next time


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
        return ExerciseBody.model_validate(document), document
    except Exception:
        return None


def _problem_row(problem: Problem) -> tuple[Any, ...]:
    return (problem.path, problem.message, problem.where, problem.line, problem.col)


def _cache_key(folder: Path) -> tuple[Any, ...]:
    return (CACHE_VERSION, __version__, sys.version_info[:2], str(folder.resolve()))


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
    extra: Iterable[Path] = (), *, bundled_only: bool = False, use_cache: bool = True
) -> Library:
    library = Library()
    # A large library allocates a few hundred thousand small objects and no cycles: pausing
    # the cyclic collector meanwhile saves its repeated passes over them.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for folder, origin in library_folders(extra):
            if bundled_only and origin != "bundled":
                continue
            library.add_folder(folder, origin, use_cache=use_cache)
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
