"""Reading and writing hamtui files: TOML as bytes in, deterministic TOML out, atomic saves.

Reading never raises anything but `LoadError`, whose problems say `path:line:col: what` for
TOML syntax and `path: where: what` for the schema. Saving writes to a temporary file in the
same folder, fsyncs it, keeps the old file's permissions and renames it over the old file, and
refuses to overwrite a file whose bytes changed since they were loaded.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import importlib
import marshal
import os
import re
import struct
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISDIR, S_ISREG
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from hamtui import locks, workspace
from hamtui.errors import ConflictError, HamtuiError, LoadError, Problem, validation_problems
from hamtui.text import one_line
from hamtui.vocab import MAX_FILE_BYTES

if TYPE_CHECKING:  # pydantic and the models load where they are used: reading the
    # library's cache at the app's start needs neither
    import tomllib

    from pydantic import BaseModel

    from hamtui.model.exercise import Exercise
    from hamtui.model.program import Program

Kind = Literal["program", "exercise", "session", "safety", "plan", "plan-log"]
M = TypeVar("M", bound="BaseModel")

# Each kind's format line and its model, as "module:class": a model's module is imported when a
# file of its kind is first read, so that the app's start reads a program without building the
# plan and session models (a plan's model alone takes ~20 ms to build).
_KINDS: dict[Kind, tuple[str, str]] = {
    "program": ("hamtui-program/1", "hamtui.model.program:Program"),
    "exercise": ("hamtui-exercise/1", "hamtui.model.exercise:Exercise"),
    "session": ("hamtui-session/1", "hamtui.model.session:SessionRecord"),
    "safety": ("hamtui-safety/1", "hamtui.model.safety:SafetyRules"),
    "plan": ("hamtui-plan/1", "hamtui.model.plan:Plan"),
    "plan-log": ("hamtui-plan-log/1", "hamtui.model.plan:PlanLog"),
}
_KIND_OF_FORMAT: dict[str, Kind] = {fmt: kind for kind, (fmt, _) in _KINDS.items()}
PROGRAM_FORMAT = _KINDS["program"][0]


def model_of(kind: Kind) -> type[BaseModel]:
    """The model of a kind of file (its module imported on first use)."""
    module, _, name = _KINDS[kind][1].partition(":")
    model: type[BaseModel] = getattr(importlib.import_module(module), name)
    return model


def formats() -> dict[Kind, tuple[str, type[BaseModel]]]:
    """Every kind of file: its format line and its model (imports every model)."""
    return {kind: (fmt, model_of(kind)) for kind, (fmt, _) in _KINDS.items()}


def kind_of_model(model: type[BaseModel]) -> Kind:
    return next(k for k, (_, where) in _KINDS.items() if where.endswith(":" + model.__name__))


_BOM = b"\xef\xbb\xbf"
_O_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NOCTTY = getattr(os, "O_NOCTTY", 0)
_TOML_POSITION = re.compile(r"^(?P<msg>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)$")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Loaded(Generic[M]):
    """A model read from a file, with the hash of the bytes it came from."""

    path: Path
    model: M
    sha256: str
    data: bytes = field(default=b"", repr=False, compare=False)

    @property
    def source(self) -> Source:
        """What an edit of this file saves over (its text and model)."""
        return Source(self.data.decode("utf-8").removeprefix("\ufeff"), self.model)


@dataclass(frozen=True)
class Source:
    """The text a model was loaded from (or last saved as), and that model."""

    text: str
    model: BaseModel


# ---------------------------------------------------------------------------------------------
# Reading


def read_bytes(path: str | Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """A regular file's bytes, refusing anything over the limit (1 MiB for hamtui files).

    Opened without blocking, so a pipe or device is refused, never waited on; in restricted
    mode only a file inside the workspace (or the bundled data) is read, whatever links lead
    to it, and a path outside gets the same answer whether it exists or not."""
    shown = str(path)
    policy = workspace.current()
    try:
        policy.check_read(path)
        fd = os.open(path, os.O_RDONLY | _O_NONBLOCK | _O_BINARY | _O_NOCTTY | _O_CLOEXEC)
    except OSError as exc:
        raise _read_error(shown, exc) from None
    except workspace.WorkspaceError as exc:
        raise LoadError([Problem(shown, _after_path(str(exc), path))]) from None
    try:
        info = os.fstat(fd)
        if S_ISDIR(info.st_mode):
            raise LoadError([Problem(shown, "is a folder, not a file")])
        if not S_ISREG(info.st_mode):
            raise LoadError([Problem(shown, _NOT_REGULAR)])
        policy.confine_opened(fd, path)
        data = _read_all(fd, info.st_size, limit)
    except OSError as exc:
        raise _read_error(shown, exc) from None
    except workspace.WorkspaceError as exc:
        raise LoadError([Problem(shown, _after_path(str(exc), path))]) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise _too_large(shown, limit)
    return data


_NOT_REGULAR = "is not a regular file (a pipe, device or socket): hamtui does not read those"


def _after_path(message: str, path: str | Path) -> str:
    """A workspace message without the path it starts with (the problem names it)."""
    for prefix in (f"{path}: ", f"{one_line(os.fspath(path), 200)}: "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message


def read_regular(
    name: str, *, dir_fd: int | None = None, shown: str | None = None
) -> tuple[bytes, os.stat_result] | None:
    """A regular file's bytes and its status when read, or None when `name` is no regular file
    (gone, a dangling link, a folder, a pipe). With `dir_fd`, `name` is a name in that open
    folder (no walk down the folder's path for each of thousands of files) and `shown` is what
    problems call it. Anything else that fails raises LoadError, as read_bytes does. In
    restricted mode a link is not followed: it is refused (the folder itself is checked by
    its reader)."""
    shown = shown or name
    restricted = workspace.restricted()
    flags = os.O_RDONLY | _O_NONBLOCK | _O_BINARY | _O_NOCTTY | _O_CLOEXEC
    try:
        # Without blocking: opening a pipe would otherwise wait for something to write to it.
        fd = os.open(name, flags | (_O_NOFOLLOW if restricted else 0), dir_fd=dir_fd)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP and restricted and os.path.islink(shown):
            raise LoadError([Problem(shown, _LINK_REFUSED)]) from None
        if exc.errno == errno.ELOOP:  # a loop of links: nothing there
            return None
        raise _read_error(shown, exc) from None
    try:
        info = os.fstat(fd)
        if not S_ISREG(info.st_mode):
            return None
        data = _read_all(fd, info.st_size)
    except OSError as exc:
        raise _read_error(shown, exc) from None
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(shown)
    return data, info


_LINK_REFUSED = "is a link; restricted mode does not follow links in its folders"


def _read_all(fd: int, size: int, limit: int = MAX_FILE_BYTES) -> bytes:
    """Up to one byte past the limit of an open file whose status gave `size`."""
    # Ask for the size the file has, plus one byte to see its end (asking for the whole limit
    # would allocate a mebibyte for every small file). A regular file gives all of it in one
    # read; more means it grew meanwhile, or has no size (a pipe).
    wanted = min(size, limit) + 1
    data = os.read(fd, wanted)
    if len(data) < wanted:
        return data
    parts = [data]
    total = len(data)
    while total <= limit:
        chunk = os.read(fd, limit + 1 - total)
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    return b"".join(parts)


def _read_error(shown: str, exc: OSError) -> LoadError:
    if isinstance(exc, FileNotFoundError):
        return LoadError([Problem(shown, "no such file")])
    if isinstance(exc, IsADirectoryError):
        return LoadError([Problem(shown, "is a folder, not a file")])
    if isinstance(exc, PermissionError):
        return LoadError([Problem(shown, "cannot read it: permission denied")])
    return LoadError([Problem(shown, f"cannot read it: {exc.strerror or exc}")])


def _too_large(shown: str, limit: int = MAX_FILE_BYTES) -> LoadError:
    if limit != MAX_FILE_BYTES:
        return LoadError([Problem(shown, f"is larger than the {limit // 2**20} MiB limit")])
    return LoadError(
        [Problem(shown, f"is larger than the {MAX_FILE_BYTES // 1024} KiB limit for hamtui files")]
    )


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    start = before.rfind(b"\n") + 1
    col = len(before[start:].decode("utf-8", errors="replace")) + 1
    return line, col


def parse_toml(path: Path, data: bytes) -> dict[str, Any]:
    """Parse TOML bytes (UTF-8, optional BOM) or raise LoadError with line and column."""
    shown = str(path)
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data, exc.start)
        raise LoadError(
            [
                Problem(
                    shown, f"is not valid UTF-8 (byte 0x{data[exc.start]:02x})", line=line, col=col
                )
            ]
        ) from None
    import tomllib  # here: a library read from its cache parses no TOML (2 ms saved at start)

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LoadError([_toml_problem(shown, text, exc)]) from None
    except RecursionError:
        raise LoadError([Problem(shown, "is nested too deeply to read")]) from None


def _toml_problem(shown: str, text: str, exc: tomllib.TOMLDecodeError) -> Problem:
    raw = str(exc)
    match = _TOML_POSITION.match(raw)
    if match:
        message = match.group("msg")
        line, col = int(match.group("line")), int(match.group("col"))
    else:
        message = raw.removesuffix(" (at end of document)")
        lines = text.split("\n")
        line, col = len(lines), len(lines[-1]) + 1
    message = one_line(message[:1].lower() + message[1:])
    return Problem(shown, message, line=line, col=col)


def kind_of(document: dict[str, Any]) -> Kind | None:
    fmt = document.get("format")
    return _KIND_OF_FORMAT.get(fmt) if isinstance(fmt, str) else None


def _format_problem(shown: str, document: dict[str, Any], expected: Kind | None) -> Problem | None:
    fmt = document.get("format")
    wanted = [_KINDS[expected][0]] if expected else [f for f, _ in _KINDS.values()]
    if fmt is None:
        return Problem(
            shown,
            f'is required: a hamtui file starts with format = "{wanted[0]}"'
            if expected
            else "is required: a hamtui file starts with a format line such as "
            f'format = "{PROGRAM_FORMAT}"',
            where="format",
        )
    if not isinstance(fmt, str):
        return Problem(shown, "must be text in quotes", where="format")
    if fmt in wanted:
        return None
    if fmt in _KIND_OF_FORMAT:
        return Problem(
            shown,
            f"this is a {fmt} file, where {'an' if expected == 'exercise' else 'a'} {expected} "
            "file was expected",
            where="format",
        )
    family = fmt.split("/", 1)[0]
    known = [f for f in wanted if f.split("/", 1)[0] == family]
    if known:
        return Problem(
            shown,
            f'unknown version "{one_line(fmt, 60)}": this hamtui reads {known[0]} '
            "(the file may come from a newer hamtui)",
            where="format",
        )
    if not expected:
        wanted = [*wanted, "hamtui-config/1"]  # `hamtui validate` reads the settings file too
    return Problem(
        shown,
        f'unknown format "{one_line(fmt, 60)}" (expected {" or ".join(wanted)})',
        where="format",
    )


def validate_document(
    path: Path, document: dict[str, Any], expected: Kind | None = None
) -> BaseModel:
    """Validate a parsed document against the model its `format` names."""
    shown = str(path)
    problem = _format_problem(shown, document, expected)
    if problem is not None:
        raise LoadError([problem])
    kind = kind_of(document)
    assert kind is not None
    from pydantic import ValidationError

    model = model_of(kind)
    try:
        return model.model_validate(document)
    except ValidationError as exc:
        raise LoadError(validation_problems(shown, exc, model)) from None


def load_any(path: Path) -> Loaded[BaseModel]:
    """Load any hamtui file, choosing its model by its `format` key."""
    data = read_bytes(path)
    model = validate_document(path, parse_toml(path, data))
    return Loaded(path, model, sha256_bytes(data), data)


def load(path: Path, model: type[M]) -> Loaded[M]:
    """Load a file that must be of the given model's kind."""
    kind = kind_of_model(model)
    data = read_bytes(path)
    value = validate_document(path, parse_toml(path, data), expected=kind)
    assert isinstance(value, model)
    return Loaded(path, value, sha256_bytes(data), data)


def load_program(path: Path) -> Loaded[Program]:
    from hamtui.model.program import Program

    return load(path, Program)


def load_exercise(path: Path) -> Loaded[Exercise]:
    from hamtui.model.exercise import Exercise

    return load(path, Exercise)


_CACHE_CHECK = struct.Struct(
    "<I"
)  # the CRC-32 of a cache file's marshal data, which it starts with


def load_cache(path: Path) -> Any:
    """What `save_cache` stored in `path`, or None when there is no such cache, it is not a
    regular file (in restricted mode: not inside the workspace), or it is not whole."""
    try:
        data = _read_cache_file(path)
        body = memoryview(data)[_CACHE_CHECK.size :]
        if data[: _CACHE_CHECK.size] != _CACHE_CHECK.pack(zlib.crc32(body)):
            return None
        return marshal.loads(body)
    except (OSError, EOFError, ValueError, TypeError):
        return None


def save_cache(path: Path, value: Any) -> None:
    """Store plain values in a cache file: marshalled, after their checksum (a cache is not
    synced to disk, so the checksum shows it whole), written atomically. A cache that cannot
    be written only costs time next time: nothing is raised."""
    try:
        workspace.make_folder(path.parent)
        body = marshal.dumps(value)
        write_atomic(path, _CACHE_CHECK.pack(zlib.crc32(body)) + body, durable=False)
    except (OSError, ValueError, HamtuiError):
        pass


def _read_cache_file(path: Path) -> bytes:
    """A cache file's bytes (no size limit: a cache indexes a whole folder), read only if it is
    a regular file, and in restricted mode only inside the workspace; OSError otherwise."""
    fd = os.open(path, os.O_RDONLY | _O_NONBLOCK | _O_BINARY | _O_CLOEXEC)
    try:
        info = os.fstat(fd)
        if not S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        try:
            workspace.confine_opened(fd, path)
        except workspace.WorkspaceError as exc:
            raise OSError(errno.EACCES, str(exc), str(path)) from None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    finally:
        os.close(fd)


# ---------------------------------------------------------------------------------------------
# Writing


def dumps(model: BaseModel) -> str:
    """The text of a model written as a new file (docs/formats.md order, defaults left out)."""
    from hamtui.toml_text import new_text  # tomlkit only when something is written

    return new_text(model)


def render(model: BaseModel, source: Source | None = None) -> str:
    """The text to save: a new file's, or with a `source` (the text the model was edited from,
    and the model that text held) that text with only what changed rewritten, so the author's
    comments and layout stay."""
    if source is None:
        return dumps(model)
    from hamtui.toml_text import edited_text

    return edited_text(source.text, source.model, model)


def save(
    model: BaseModel,
    path: Path,
    *,
    expected_sha256: str | None,
    force: bool = False,
    source: Source | None = None,
) -> str:
    """Save a model atomically (see `render`) and return the sha256 of the bytes written.

    `expected_sha256` is the hash of the file as it was loaded, or None for a file that should
    not exist yet. If the file on disk differs (or exists when it should not), ConflictError is
    raised and nothing is written, unless `force` is set.
    """
    return save_text(render(model, source), path, expected_sha256=expected_sha256, force=force)


def save_text(text: str, path: Path, *, expected_sha256: str | None, force: bool = False) -> str:
    """`save` for a text already rendered; the sha256 of the bytes written."""
    data = text.encode("utf-8")
    write_atomic(path, data, expected_sha256=expected_sha256, force=force)
    return sha256_bytes(data)


def _current_sha256(path: Path) -> str | None:
    try:
        return sha256_bytes(path.read_bytes())
    except FileNotFoundError:
        return None


TEMP_SUFFIX = ".hamtui.tmp"
STALE_AFTER_S = 2.0  # a temporary file this old whose writer is gone is removed


def temp_name(name: str) -> str:
    """`.program.toml.k3x9q1.hamtui.tmp`: hidden, recognisable, and unique."""
    import secrets

    return f".{name}.{secrets.token_hex(4)}{TEMP_SUFFIX}"


def remove_stale_temps(folder: Path, name: str | None = None) -> int:
    """Remove the temporary files of saves whose writer is gone (killed mid-save): those of
    `name`, or every one in `folder`. A writer holds a lock on its temporary file while it
    writes, so a file that can be locked (and is a few seconds old) is a leftover. Returns how
    many were removed."""
    prefix = f".{name}." if name else "."
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    now = time.time()
    for entry in entries:
        leftover = entry.name.startswith(prefix) and (
            entry.name.endswith(TEMP_SUFFIX)
            or (entry.name.endswith(".tmp") and ".toml." in entry.name)  # before 0.2
        )
        if not leftover:
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            if now - entry.stat(follow_symlinks=False).st_mtime < STALE_AFTER_S:
                continue
            lock = locks.try_lock(Path(entry.path), create=False)
        except OSError:
            continue
        if lock is not None:
            lock.release(remove=True)
            removed += 1
    return removed


def write_atomic(
    path: Path,
    data: bytes,
    *,
    expected_sha256: str | None = None,
    force: bool = True,
    durable: bool = True,
    tidy: bool = True,
) -> None:
    """Write bytes through a temporary file in the same folder, fsync, and rename it over the
    file.

    Unless `force`, the file must still be what the caller loaded (`expected_sha256`; None:
    it must not exist): the check and the rename are one step under a lock on the file being
    replaced (a new file is created exclusively), so of two concurrent saves expecting the same
    file, exactly one wins and the other gets ConflictError. The temporary file is locked while
    written, so a later save or start can tell a leftover of a killed save and remove it.

    `durable=False` leaves out the fsyncs: for a cache, which after a crash of the machine may
    hold anything (its reader must check it). `tidy=False` leaves the leftovers of killed
    saves of this file to the next start: for a file written often in a large folder (a
    session record, after every set), where looking for them would read the folder each time."""
    shown = str(path)
    try:
        workspace.check_write(path)  # restricted mode: inside the workspace, whatever links
    except workspace.WorkspaceError as exc:
        raise HamtuiError(f"{shown}: cannot save: {_after_path(str(exc), path)}") from None
    if path.is_symlink():  # save where the link points, and keep the link
        path = Path(os.path.realpath(path))
    folder = path.parent if str(path.parent) else Path(".")
    try:
        old_mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        old_mode = None
    except OSError as exc:
        raise HamtuiError(f"{shown}: cannot save: {exc.strerror or exc}") from None
    if old_mode is None:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    else:
        mode = old_mode
    if tidy:
        remove_stale_temps(folder, path.name)
    temp = folder / temp_name(path.name)
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY | _O_CLOEXEC, 0o600)
    except FileNotFoundError:
        raise HamtuiError(f"{shown}: cannot save: the folder {folder} does not exist") from None
    except PermissionError:
        raise HamtuiError(f"{shown}: cannot save: permission denied in {folder}") from None
    except OSError as exc:
        raise HamtuiError(f"{shown}: cannot save: {exc.strerror or exc}") from None
    try:
        locks.lock_fd(fd)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if durable:
            os.fsync(fd)
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        else:  # pragma: no cover - Windows
            os.chmod(temp, mode)
        if force:
            os.replace(temp, path)
        else:
            _replace_if_unchanged(temp, path, expected_sha256, shown)
    except HamtuiError:
        temp.unlink(missing_ok=True)
        raise
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise HamtuiError(f"{shown}: cannot save: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if durable:
        _fsync_folder(folder)


def _replace_if_unchanged(temp: Path, path: Path, expected: str | None, shown: str) -> None:
    """Rename `temp` over `path` if the file there still has the expected hash, as one step:
    under a lock on the file it replaces, taken again if the path moved on to a newer file
    while waiting; a missing file is created exclusively (a hard link of the temporary file)."""
    while True:
        try:
            fd = os.open(path, os.O_RDONLY | _O_NONBLOCK | _O_CLOEXEC | _O_NOFOLLOW)
        except FileNotFoundError:
            _create_exclusively(temp, path, expected, shown)
            return
        try:
            locks.lock_fd(fd)
            try:
                same_file = os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False))
            except FileNotFoundError:
                same_file = False
            if not same_file:
                continue  # replaced while we waited: check the newer file
            current = _current_sha256(path)
            if expected is None and current is not None:
                raise ConflictError(shown, "exists")
            if expected is not None and current not in (None, expected):
                raise ConflictError(shown, "changed")
            os.replace(temp, path)
            return
        finally:
            os.close(fd)


def _create_exclusively(temp: Path, path: Path, expected: str | None, shown: str) -> None:
    try:
        os.link(temp, path)
    except FileExistsError:
        raise ConflictError(shown, "exists" if expected is None else "changed") from None
    except OSError:  # no hard links here (some network and FAT file systems)
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_CLOEXEC, 0o600))
        except FileExistsError:
            raise ConflictError(shown, "exists" if expected is None else "changed") from None
        os.replace(temp, path)
        return
    temp.unlink(missing_ok=True)


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
