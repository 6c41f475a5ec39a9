"""An index of the session records, so that history and `hamtui run` do not read years of
records at every start (no Textual).

The records stay the truth. The index (one file in the cache folder per sessions folder) holds,
for each record file, its stamp (size, modification time, inode) and its summary row (what a
list, adherence, pain trends and the run picker need), or the problems of a file that did not
load. A second file beside it, the bodies, holds each record whole as validated JSON; it is
read only when someone needs whole records (a session's detail, CSV), so listing years of
records reads a file of summaries, not of records.

A file whose stamp changed, or that the index does not know, is read again; a missing,
damaged, foreign or older index is rebuilt (and so is one whose bodies are missing or
damaged). A body is used only with its file's stamp, else the file is read. A record is always
rewritten whole by a rename (a new inode and time), so a changed record never keeps its stamp.
A stale or damaged index therefore never changes what history says; it only costs the time to
read the records again. The index is brought up to date by whoever reads the records next,
atomically (a temporary file renamed into place); it is a cache, not synced to disk, and
checked by a checksum when read.

Longer than our usual 500 lines, on purpose: the index, the bodies and the list of unfinished
sessions are three caches one listing writes together, and each is only right with the others'
rules beside it (stamps, inodes, what a rewrite by hamtui does to a record).

Reading the index instead of the files skips the TOML parsing, which was most of the time:
validating a record's JSON is ten times quicker than parsing its TOML.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import marshal
import os
import struct
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from stat import S_ISREG
from typing import Any, NamedTuple

from pydantic import ValidationError

from hamtui import paths, workspace
from hamtui.errors import LoadError, Problem
from hamtui.files import load, load_cache, save_cache
from hamtui.model.session import SessionRecord, symptom_parts

INDEX_VERSION = 5
_STAMP = struct.Struct("<qqq")

# name -> (stamp, status, problems as rows, *its summary's plain values); a file that did not
# load has no summary (three values). One flat tuple: years of entries are read at once.
Index = dict[str, tuple[Any, ...]]
# name -> (stamp, the record as JSON)
BodiesMap = dict[str, tuple[bytes, str]]


class RecordSummary(NamedTuple):
    """What a list of sessions, adherence, pain trends and the run picker need of a record,
    without its entries and events: read from the index without validating the record.
    (A named tuple: thousands are made at every listing, and a tuple is made quickest.)"""

    started: datetime
    finished: datetime | None
    program: str
    program_title: str
    status: str
    sets_done: int
    symptoms: tuple[str, ...]  # the labels of the symptoms reported, in order
    pains: tuple[tuple[str, int], ...]  # (exercise, highest pain rated in the session)
    program_path: str = ""  # as recorded: where the program file was
    program_sha256: str = ""  # as recorded: the program file's bytes

    @classmethod
    def of(cls, record: SessionRecord) -> RecordSummary:
        pains: dict[str, int] = {}
        for entry in record.entries:
            if entry.pain is not None:
                pains[entry.exercise] = max(entry.pain, pains.get(entry.exercise, entry.pain))
        return cls(
            started=record.started,
            finished=record.finished,
            program=record.program,
            program_title=record.program_title,
            status=record.status,
            sets_done=sum(entry.sets_done for entry in record.entries),
            symptoms=tuple(
                symptom_label(event.detail) for event in record.events if event.kind == "symptom"
            ),
            pains=tuple(pains.items()),
            program_path=record.program_path,
            program_sha256=record.program_sha256,
        )

    def plain(self) -> tuple[Any, ...]:
        """The summary as plain values, for the index, made small (years of them are read at
        once): each time as microseconds since 1970 and its UTC offset in seconds, the pain
        ratings as one flat tuple (exercise, pain, exercise, pain, ...)."""
        finished = self.finished
        return (
            *_moment(self.started),
            *(_moment(finished) if finished is not None else (None, 0)),
            self.program,
            self.program_title,
            self.status,
            self.sets_done,
            self.symptoms,
            tuple(value for pair in self.pains for value in pair),
            self.program_path,
            self.program_sha256,
        )

    @classmethod
    def from_plain(
        cls, plain: Sequence[Any], shared: dict[tuple[Any, ...], tuple[Any, ...]] | None = None
    ) -> RecordSummary:
        """The summary from `plain()`'s values; TypeError or ValueError when they are not
        (an index from elsewhere: the caller reads the record instead). With `shared`, equal
        symptom and pain lists are kept once (years of records repeat a few of them)."""
        (
            started,
            started_off,
            finished,
            finished_off,
            program,
            title,
            status,
            sets,
            symptoms,
            flat,
            where,
            sha,
        ) = plain
        if not (
            type(started) is int
            and type(program) is str
            and type(title) is str
            and type(status) is str
            and type(sets) is int
            and type(symptoms) is tuple
            and type(flat) is tuple
            and type(where) is str
            and type(sha) is str
        ):
            raise TypeError("not a summary")
        pains = shared.get(flat) if shared is not None else None
        if pains is None:
            pains = tuple(zip(flat[::2], flat[1::2], strict=True))
            if shared is not None:
                shared[flat] = pains
                symptoms = shared.setdefault(symptoms, symptoms)
        elif shared is not None:
            symptoms = shared.setdefault(symptoms, symptoms)
        return cls(
            _at(started, started_off),
            _at(finished, finished_off) if finished is not None else None,
            program,
            title,
            status,
            sets,
            symptoms,
            pains,
            where,
            sha,
        )


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ZONES: dict[int, timezone] = {0: UTC}


def _moment(when: datetime) -> tuple[int, int]:
    """(microseconds since 1970, UTC offset in seconds) of an aware time."""
    offset = when.utcoffset()
    seconds = int(offset.total_seconds()) if offset is not None else 0
    return (when - _EPOCH) // timedelta(microseconds=1), seconds


def _at(micros: int, offset_s: int) -> datetime:
    """The aware time `_moment` made those two numbers of."""
    zone = _ZONES.get(offset_s)
    if zone is None:
        zone = _ZONES[offset_s] = timezone(timedelta(seconds=offset_s))
    return (_EPOCH + timedelta(microseconds=micros)).astimezone(zone)


def symptom_label(detail: str) -> str:
    """The symptom's label from an event detail (`label -> action: note`)."""
    return symptom_parts(detail)[0] or "symptom"


class Bodies:
    """The whole records of one sessions folder as JSON (the bodies file). The first few
    records asked for are read from their files (the bodies of years of records take longer
    to read than a few records: a history screen shows one session at a time); from then on
    (a CSV export wants them all) the bodies are read once. A body is used only if its stamp
    is its file's."""

    FROM_FILES = 8  # records read from their own files before the bodies are read

    def __init__(self, folder: Path, fresh: BodiesMap | None = None) -> None:
        self.folder = folder
        self._map: BodiesMap | None = fresh
        self._asked = 0

    def load(self, name: str) -> SessionRecord:
        """The whole record of file `name`: from the bodies when they hold the file as it is
        now, else from the file (LoadError when it does not load)."""
        path = self.folder / name
        text = self._get(name, path)
        if text is not None:
            try:
                return SessionRecord.model_validate_json(text)
            except ValidationError:  # bodies from elsewhere, or damaged: read the file
                pass
        return load(path, SessionRecord).model

    def _get(self, name: str, path: Path) -> str | None:
        self._asked += 1
        if self._map is None and self._asked <= self.FROM_FILES:
            return None
        if self._map is None:
            self._map = _read_bodies(self.folder)
            if not self._map:  # missing or damaged: have the next listing rebuild both
                with contextlib.suppress(OSError):
                    index_file(self.folder).unlink()
        body = self._map.get(name)
        if body is None:
            return None
        try:
            info = os.stat(path)
        except OSError:
            return None
        return (
            body[1] if body[0] == _STAMP.pack(info.st_size, info.st_mtime_ns, info.st_ino) else None
        )


class Listed(NamedTuple):
    """One record as the index gives it: its summary, and the record itself when it was read
    now; otherwise it is validated from the bodies (or read from its file) when asked for."""

    folder: Path
    name: str
    summary: RecordSummary
    record: SessionRecord | None
    bodies: Bodies

    @property
    def path(self) -> Path:
        return self.folder / self.name

    def load(self) -> SessionRecord:
        """The whole record (LoadError when it no longer loads)."""
        return self.record if self.record is not None else self.bodies.load(self.name)


def index_file(folder: Path) -> Path:
    """Where the index of a sessions folder is kept: the cache folder, one file per folder
    (its bodies beside it, `.bodies` for `.index`)."""
    key = str(folder.resolve()).encode("utf-8", "surrogateescape")
    return paths.cache_dir() / "sessions" / f"{hashlib.sha256(key).hexdigest()[:24]}.index"


def bodies_file(folder: Path) -> Path:
    return index_file(folder).with_suffix(".bodies")


def load_records(
    folder: Path, statuses: Iterable[str] | None = None, *, _force_open: bool = False
) -> tuple[list[tuple[Path, SessionRecord]], list[Problem]]:
    """The records of a sessions folder, in file-name order, and the problems of the files
    that do not load; with `statuses`, only the records whose status is one of them (the
    others are not even validated). The index is read first and brought up to date."""
    listed, problems = list_records(folder, statuses, _force_open=_force_open)
    found: list[tuple[Path, SessionRecord]] = []
    for item in listed:
        try:
            found.append((item.path, item.load()))
        except LoadError as exc:  # changed since it was listed
            problems.extend(exc.problems)
    return found, problems


def list_records(
    folder: Path, statuses: Iterable[str] | None = None, *, _force_open: bool = False
) -> tuple[list[Listed], list[Problem]]:
    """`load_records` without validating what the index already holds: each record's summary,
    and the record itself only when it had to be read from its file."""
    wanted = None if statuses is None else set(statuses)
    try:
        workspace.check_read(folder)  # restricted mode: not through a link leading out
    except workspace.WorkspaceError as exc:
        return [], [Problem(str(folder), str(exc).split(": ", 1)[-1])]
    listed = _listed(folder)
    if not listed:
        return [], []
    with gc_paused():
        return _list(folder, listed, wanted, _force_open)


class Unfinished(NamedTuple):
    """An unfinished session as the index knows it; `load()` reads its whole record."""

    path: Path
    program: str
    started: datetime
    load: Callable[[], SessionRecord]


def unfinished_records(folder: Path, program: str | None = None) -> list[Unfinished]:
    """The records of `folder` whose status is in-progress (of `program`, a file name, when
    given), in file-name order, for the offer to resume; none is read until asked for.

    Quick when the folder's files are still those the index saw (same names, same inodes, and
    the unfinished ones unchanged): hamtui rewrites a record only by a rename, which gives it
    another inode, so a record that kept its name and inode is the one indexed. New and
    rewritten records send this to the full listing. (A finished record edited in place by
    another program, without a rename, is seen by the next full listing: history, or this
    after any record changes.)"""
    quick = _unfinished_quickly(folder)
    if quick is None:
        listed, _ = list_records(folder, ("in-progress",), _force_open=True)
        quick = [
            Unfinished(item.path, item.summary.program, item.summary.started, item.load)
            for item in listed
        ]
    return [u for u in quick if program is None or u.program == program]


def _unfinished_quickly(folder: Path) -> list[Unfinished] | None:
    opened = _read_open(folder)
    if opened is None:
        return None
    inodes, unfinished = opened
    try:
        workspace.check_read(folder)
        entries = list(os.scandir(folder))
    except (OSError, workspace.WorkspaceError):
        return None
    for entry in entries:  # names and inodes come with the folder's listing: no stat
        name = entry.name
        if name.startswith(".") or not name.endswith(".toml"):
            continue
        if inodes.get(name) != entry.inode():
            return None
    found: list[Unfinished] = []
    for name, stamp, program, started, offset in sorted(unfinished):
        path = folder / name
        try:
            info = os.stat(path)
        except OSError:
            return None
        if _STAMP.pack(info.st_size, info.st_mtime_ns, info.st_ino) != stamp:
            return None  # changed in place since it was indexed: the full listing says how
        found.append(Unfinished(path, program, _at(started, offset), _file_loader(path)))
    return found


def _file_loader(path: Path) -> Callable[[], SessionRecord]:
    return lambda: load(path, SessionRecord).model


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while thousands of rows are made that all stay alive
    (it would go over them again and again for nothing: a third of a listing's time)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _list(
    folder: Path, listed: list[tuple[str, bytes]], wanted: set[str] | None, force_open: bool
) -> tuple[list[Listed], list[Problem]]:
    # The index is read a chunk at a time beside the folder's listing (both in name order), and
    # each entry is let go once its row is made: years of entries are never in memory at once.
    source = _indexed(folder)
    pending = next(source, None)
    indexed = matched = 0
    others: Index = {}  # entries that make no row (a file that did not load, a status not wanted)
    updates: Index = {}  # entries read again from their files
    fresh: BodiesMap = {}
    found: list[Listed] = []
    problems: list[Problem] = []
    bodies = Bodies(folder)
    from_plain = RecordSummary.from_plain
    shared: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for name, stamp in listed:
        while pending is not None and pending[0] < name:  # an indexed file that is gone
            indexed += 1
            pending = next(source, None)
        cached = None
        if pending is not None and pending[0] == name:
            cached = pending[1]
            indexed += 1
            pending = next(source, None)
        if _current(cached, stamp):
            try:  # an entry from elsewhere, or damaged, raises: the file is read again
                status, rows = cached[1], cached[2]  # type: ignore[index]
                if len(cached) == 3:  # type: ignore[arg-type]
                    problems.extend([Problem(*row) for row in rows])
                    others[name] = cached  # type: ignore[assignment]
                elif wanted is None or status in wanted:
                    summary = from_plain(cached[3:], shared)  # type: ignore[index]
                    found.append(Listed(folder, name, summary, None, bodies))
                else:
                    others[name] = cached  # type: ignore[assignment]
                matched += 1
                continue
            except (TypeError, ValueError):
                pass
        try:
            record = load(folder / name, SessionRecord).model
        except LoadError as exc:
            updates[name] = (stamp, "", tuple(_row(p) for p in exc.problems))
            problems.extend(exc.problems)
            continue
        summary = RecordSummary.of(record)
        updates[name] = (stamp, record.status, (), *_interned(summary.plain()))
        fresh[name] = (stamp, record.model_dump_json())
        if wanted is None or record.status in wanted:
            found.append(Listed(folder, name, summary, record, bodies))
    while pending is not None:
        indexed += 1
        pending = next(source, None)
    changed = bool(updates) or indexed != matched
    if changed or force_open:  # the index was let go of: make it again from what was read
        stamps = dict(listed)
        made = {**others, **_entries_of(found, stamps), **updates}
        kept = {name: made[name] for name, _ in listed}
        if changed:
            _write_index(folder, kept, fresh)
        inodes = {name: _STAMP.unpack(stamp)[2] for name, stamp in listed}
        unfinished = [entry for n, e in kept.items() for entry in _open_entries(n, e)]
        _write_open(folder, inodes, unfinished)
    return found, problems


def _current(cached: object, stamp: bytes) -> bool:
    """Whether an index entry is one (a tuple) whose file still has this stamp."""
    return type(cached) is tuple and len(cached) in (3, 15) and cached[0] == stamp


def _entries_of(found: list[Listed], stamps: dict[str, bytes]) -> Index:
    """Index entries made again from listed records."""
    return {
        item.name: (stamps[item.name], item.summary.status, (), *_interned(item.summary.plain()))
        for item in found
    }


def note_written(path: Path, record: SessionRecord) -> None:
    """Bring the index up to date with a record this process has just written (a session's
    start and end): its summary, and whether it is unfinished. Only an index that exists is
    updated (the next listing builds a missing one); a failure costs only time later."""
    folder = path.parent
    try:
        info = os.stat(path)
    except OSError:
        return
    with gc_paused():
        index = _read_index(folder)
        if index:
            stamp = _STAMP.pack(info.st_size, info.st_mtime_ns, info.st_ino)
            plain = _interned(RecordSummary.of(record).plain())
            index[path.name] = (stamp, record.status, (), *plain)
            _save_index(folder, index)
        opened = _read_open(folder)
        if opened is not None:
            inodes, unfinished = opened
            inodes[path.name] = info.st_ino
            unfinished = [entry for entry in unfinished if entry[0] != path.name]
            stamp = _STAMP.pack(info.st_size, info.st_mtime_ns, info.st_ino)
            summary = RecordSummary.of(record)
            entry = (stamp, record.status, (), *summary.plain())
            unfinished += _open_entries(path.name, entry)
            _write_open(folder, inodes, unfinished)


def open_file(folder: Path) -> Path:
    """The names and inodes of a folder's records as last listed, and which are unfinished."""
    return index_file(folder).with_suffix(".open")


OpenEntry = tuple[str, bytes, str, int, int]  # name, stamp, program, started (see _moment)


def _open_entries(name: str, entry: tuple[Any, ...]) -> list[OpenEntry]:
    """The unfinished-list entry of an index entry: one if it is in progress, else none."""
    if entry[1] != "in-progress" or len(entry) == 3:
        return []
    plain = entry[3:]
    return [(name, entry[0], plain[4], plain[0], plain[1])]


def _read_open(folder: Path) -> tuple[dict[str, int], list[OpenEntry]] | None:
    body = _cached_body(open_file(folder), folder)
    if (
        body is None
        or len(body) != 2
        or not isinstance(body[0], dict)
        or not isinstance(body[1], list)
        or not all(_is_open_entry(entry) for entry in body[1])
    ):
        return None
    return body[0], body[1]


def _is_open_entry(entry: object) -> bool:
    return (
        isinstance(entry, tuple)
        and len(entry) == 5
        and isinstance(entry[0], str)
        and isinstance(entry[1], bytes)
        and isinstance(entry[2], str)
        and isinstance(entry[3], int)
        and isinstance(entry[4], int)
    )


def _write_open(folder: Path, inodes: dict[str, int], unfinished: list[OpenEntry]) -> None:
    save_cache(open_file(folder), (INDEX_VERSION, str(folder.resolve()), inodes, unfinished))


def _interned(plain: tuple[Any, ...]) -> tuple[Any, ...]:
    """The summary's recurring words (program, title, status, where, symptom labels, exercise
    slugs) as one string each: marshal then writes each once and refers to it after, so the
    index is smaller and quicker to read."""
    intern = sys.intern
    (started, off, finished, finished_off, program, title, status, sets, symptoms, flat, where,
     sha) = plain  # fmt: skip
    return (
        started,
        off,
        finished,
        finished_off,
        intern(program),
        intern(title),
        intern(status),
        sets,
        tuple(intern(label) for label in symptoms),
        tuple(intern(value) if isinstance(value, str) else value for value in flat),
        intern(where),
        intern(sha),
    )


def _listed(folder: Path) -> list[tuple[str, bytes]]:
    """(name, stamp) of each record file (`*.toml`, not hidden, regular), by name."""
    listed: list[tuple[str, bytes]] = []
    pack = _STAMP.pack
    try:  # entry by entry: a list of years of entries, each with its stat, is megabytes
        with os.scandir(folder) as entries:
            for entry in entries:
                name = entry.name
                if name.startswith(".") or not name.endswith(".toml"):
                    continue
                try:
                    info = os.stat(entry.path, follow_symlinks=True)
                except OSError:
                    continue
                if S_ISREG(info.st_mode):
                    listed.append((name, pack(info.st_size, info.st_mtime_ns, info.st_ino)))
    except OSError:
        return []
    listed.sort()
    return listed


def _row(problem: Problem) -> tuple[Any, ...]:
    return (
        problem.path,
        problem.message,
        problem.where,
        problem.line,
        problem.col,
        problem.severity,
    )


def _cached_body(path: Path, folder: Path) -> tuple[Any, ...] | None:
    """What a cache file of `folder` holds after its header (this version, this folder), or
    None when there is none that can be trusted (missing, damaged, older, another folder's).
    The index, the bodies and the unfinished list all start with that header."""
    raw = load_cache(path)
    if (
        not isinstance(raw, tuple)
        or len(raw) < 3
        or raw[0] != INDEX_VERSION
        or raw[1] != str(folder.resolve())
    ):
        return None
    return raw[2:]


def _read_cached(path: Path, folder: Path) -> dict[Any, Any]:
    """A cache file of `folder` holding one mapping (the bodies), or {}."""
    body = _cached_body(path, folder)
    return body[0] if body is not None and len(body) == 1 and isinstance(body[0], dict) else {}


CHUNK = 1000  # index entries marshalled together: read one chunk at a time


def _indexed(folder: Path) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """(name, entry) of the index of `folder`, in name order, a chunk at a time; nothing when
    there is no index that can be trusted, and a damaged chunk's entries are left out (their
    files are read again)."""
    body = _cached_body(index_file(folder), folder)
    if body is None or len(body) != 1 or not isinstance(body[0], list):
        return
    chunks = body[0]
    del body
    while chunks:
        blob = chunks.pop(0)
        try:
            items = marshal.loads(blob) if isinstance(blob, bytes) else None
        except (EOFError, ValueError, TypeError):
            items = None
        del blob
        if not isinstance(items, list):
            continue
        for item in items:
            if type(item) is tuple and len(item) == 2 and type(item[0]) is str:
                yield item


def _read_index(folder: Path) -> Index:
    """The whole index of `folder`, or {} when there is none that can be trusted. Its entries
    are checked as they are used (`_current`)."""
    return dict(_indexed(folder))


def _read_bodies(folder: Path) -> BodiesMap:
    return {
        name: value
        for name, value in _read_cached(bodies_file(folder), folder).items()
        if isinstance(name, str)
        and isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], bytes)
        and isinstance(value[1], str)
    }


def _write_index(folder: Path, index: Index, fresh: BodiesMap) -> None:
    """Write the index, and the bodies with the records read now added and those of files gone
    or changed dropped (the bodies first: an index never names a body that was not written)."""
    bodies = _read_bodies(folder)
    kept_bodies = {
        name: body for name, body in bodies.items() if name in index and index[name][0] == body[0]
    }
    kept_bodies.update(fresh)
    if kept_bodies != bodies:
        save_cache(bodies_file(folder), (INDEX_VERSION, str(folder.resolve()), kept_bodies))
    _save_index(folder, index)


def _save_index(folder: Path, index: Index) -> None:
    """The index in chunks of CHUNK entries, in name order (the listing's order)."""
    items = sorted(index.items())
    chunks = [marshal.dumps(items[n : n + CHUNK]) for n in range(0, len(items), CHUNK)]
    save_cache(index_file(folder), (INDEX_VERSION, str(folder.resolve()), chunks))
