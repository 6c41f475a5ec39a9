"""An index of the session records, so that history and `hamtui run` do not read years of
records at every start (no Textual).

The records stay the truth. The index (one file in the cache folder per sessions folder) holds,
for each record file, its stamp (size, modification time, inode) and what the record said, as
validated JSON, or the problems of a file that did not load. A file whose stamp changed, or that
the index does not know, is read again; a missing, damaged, foreign or older index is rebuilt.
A record is always rewritten whole by a rename (a new inode and time), so a changed record never
keeps its stamp. A stale or damaged index therefore never changes what history says; it only
costs the time to read the records again. The index is brought up to date by whoever reads the
records next, atomically (a temporary file renamed into place); it is a cache, not synced to
disk, and checked by a checksum when read.

Reading the index instead of the files skips the TOML parsing, which was most of the time:
validating a record's JSON is ten times quicker than parsing its TOML.
"""

from __future__ import annotations

import hashlib
import os
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from stat import S_ISREG
from typing import Any

from pydantic import ValidationError

from hamtui import paths, workspace
from hamtui.errors import LoadError, Problem
from hamtui.files import load, load_cache, save_cache
from hamtui.model.session import SessionRecord, symptom_parts

INDEX_VERSION = 2
_STAMP = struct.Struct("<qqq")

# name -> (stamp, status, the record as JSON or None, problems as rows, its summary or None)
Index = dict[str, tuple[bytes, str, str | None, list[tuple[Any, ...]], tuple[Any, ...] | None]]


@dataclass(frozen=True)
class RecordSummary:
    """What a list of sessions, adherence and pain trends need of a record, without its
    entries and events: read from the index without validating the record."""

    started: datetime
    finished: datetime | None
    program: str
    program_title: str
    status: str
    sets_done: int
    symptoms: tuple[str, ...]  # the labels of the symptoms reported, in order
    pains: tuple[tuple[str, int], ...]  # (exercise, highest pain rated in the session)

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
        )

    def plain(self) -> tuple[Any, ...]:
        """The summary as plain values, for the index."""
        finished = self.finished.isoformat() if self.finished is not None else None
        return (
            self.started.isoformat(),
            finished,
            self.program,
            self.program_title,
            self.status,
            self.sets_done,
            self.symptoms,
            self.pains,
        )

    @classmethod
    def from_plain(cls, plain: tuple[Any, ...]) -> RecordSummary:
        started, finished, program, title, status, sets, symptoms, pains = plain
        return cls(
            datetime.fromisoformat(started),
            datetime.fromisoformat(finished) if finished is not None else None,
            str(program),
            str(title),
            str(status),
            int(sets),
            tuple(str(label) for label in symptoms),
            tuple((str(slug), int(pain)) for slug, pain in pains),
        )


def symptom_label(detail: str) -> str:
    """The symptom's label from an event detail (`label -> action: note`)."""
    return symptom_parts(detail)[0] or "symptom"


@dataclass(frozen=True)
class Listed:
    """One record as the index gives it: its summary, and either the record (read now) or
    its JSON (validated only when someone needs the whole record)."""

    path: Path
    summary: RecordSummary
    record: SessionRecord | None
    text: str | None

    def load(self) -> SessionRecord:
        if self.record is not None:
            return self.record
        assert self.text is not None
        return SessionRecord.model_validate_json(self.text)


def index_file(folder: Path) -> Path:
    """Where the index of a sessions folder is kept: the cache folder, one file per folder."""
    key = str(folder.resolve()).encode("utf-8", "surrogateescape")
    return paths.cache_dir() / "sessions" / f"{hashlib.sha256(key).hexdigest()[:24]}.index"


def load_records(
    folder: Path, statuses: Iterable[str] | None = None
) -> tuple[list[tuple[Path, SessionRecord]], list[Problem]]:
    """The records of a sessions folder, in file-name order, and the problems of the files
    that do not load; with `statuses`, only the records whose status is one of them (the
    others are not even validated). The index is read first and brought up to date."""
    listed, problems = list_records(folder, statuses)
    found: list[tuple[Path, SessionRecord]] = []
    for item in listed:
        try:
            found.append((item.path, item.load()))
        except ValidationError:  # an index from elsewhere, damaged: read the file itself
            try:
                found.append((item.path, load(item.path, SessionRecord).model))
            except LoadError as exc:
                problems.extend(exc.problems)
    return found, problems


def list_records(
    folder: Path, statuses: Iterable[str] | None = None
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
    index = _read_index(folder)
    kept: Index = {}
    found: list[Listed] = []
    problems: list[Problem] = []
    for name, stamp in listed:
        path = folder / name
        cached = index.get(name)
        if cached is not None and cached[0] == stamp:
            _, status, text, rows, plain = cached
            if text is None:
                kept[name] = cached
                problems.extend(Problem(*row) for row in rows)
                continue
            if wanted is not None and status not in wanted:
                kept[name] = cached
                continue
            try:
                summary = RecordSummary.from_plain(plain) if plain is not None else None
            except (TypeError, ValueError):
                summary = None  # an index from elsewhere, or damaged: read the file
            if summary is not None:
                kept[name] = cached
                found.append(Listed(path, summary, None, text))
                continue
        try:
            record = load(path, SessionRecord).model
        except LoadError as exc:
            kept[name] = (stamp, "", None, [_row(p) for p in exc.problems], None)
            problems.extend(exc.problems)
            continue
        summary = RecordSummary.of(record)
        kept[name] = (stamp, record.status, record.model_dump_json(), [], summary.plain())
        if wanted is None or record.status in wanted:
            found.append(Listed(path, summary, record, None))
    if kept != index:
        _write_index(folder, kept)
    return found, problems


def _listed(folder: Path) -> list[tuple[str, bytes]]:
    """(name, stamp) of each record file (`*.toml`, not hidden, regular), by name."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    listed: list[tuple[str, bytes]] = []
    for entry in entries:
        name = entry.name
        if name.startswith(".") or not name.endswith(".toml"):
            continue
        try:
            info = entry.stat()
        except OSError:
            continue
        if S_ISREG(info.st_mode):
            listed.append((name, _STAMP.pack(info.st_size, info.st_mtime_ns, info.st_ino)))
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


def _read_index(folder: Path) -> Index:
    """The index of `folder`, or {} when there is none that can be trusted."""
    raw = load_cache(index_file(folder))
    if (
        not isinstance(raw, tuple)
        or len(raw) != 3
        or raw[0] != INDEX_VERSION
        or raw[1] != str(folder.resolve())
        or not isinstance(raw[2], dict)
    ):
        return {}
    index: Index = {}
    for name, value in raw[2].items():
        if _well_formed(name, value):
            index[name] = value
    return index


def _well_formed(name: object, value: object) -> bool:
    return (
        isinstance(name, str)
        and isinstance(value, tuple)
        and len(value) == 5
        and isinstance(value[0], bytes)
        and isinstance(value[1], str)
        and (value[2] is None or isinstance(value[2], str))
        and isinstance(value[3], list)
        and all(isinstance(row, tuple) and len(row) == 6 for row in value[3])
        and (value[4] is None or (isinstance(value[4], tuple) and len(value[4]) == 8))
    )


def _write_index(folder: Path, index: Index) -> None:
    save_cache(index_file(folder), (INDEX_VERSION, str(folder.resolve()), index))
