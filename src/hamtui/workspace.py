"""Restricted mode: one workspace folder per person, and nothing outside it.

`hamtui --restricted` (or `HAMTUI_RESTRICTED=1` in the environment, so that an SSH forced
command cannot be undone by arguments) is what a shared server runs for trainers and
athletes. In that mode:

- `HAMTUI_HOME` must be set to an existing folder: the person's workspace. Everything hamtui
  keeps (config, user library, programs, sessions, cache) lives there already (`hamtui.paths`).
- Every path a person types goes through the policy: `check_read(path)` and
  `check_write(path)` return the real path (links resolved) or raise `OutsideWorkspace`.
  Relative paths are taken inside the workspace, not the current folder. A `..` that climbs
  out, an absolute path elsewhere, and a link (anywhere along the path) that leads out are all
  refused. Devices, pipes and sockets are never read or written.
- The bundled library and example programs (package data) may be read, never written.
- Nothing whose name starts with a dot is written (`.ssh/authorized_keys`, `.profile`, ...),
  even inside the workspace.
- hamtui never starts another program: no shell, no editor, no browser
  (`may_run_programs()` is False; the app hides whatever would).

Outside restricted mode the policy lets every path through unchanged.

The same holds for every file hamtui finds in its own folders (programs, library, sessions,
cache, config): `hamtui.files` opens each without blocking, reads it only if it is a regular
file, and in restricted mode only if the file it opened is inside the workspace (or the bundled
data); it writes and makes folders only inside it (`make_folder`, `check_write`). A missing
path outside the workspace and an existing one get the same answer, so the answers tell
nothing about what lies outside.

The checks look at the file system when they are made; a file opened is checked to be the one
the check saw, but a link swapped into a folder between a check and a write is not caught.
hamtui never makes links, and a person confined to hamtui has no other way to make one, so only
someone with a shell on the server could try that.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from hamtui import paths, resources
from hamtui.errors import HamtuiError
from hamtui.text import one_line

RESTRICTED_ENV = "HAMTUI_RESTRICTED"
Access = Literal["read", "write"]


class WorkspaceError(HamtuiError):
    """Restricted mode cannot start, or refuses a path."""


class OutsideWorkspace(WorkspaceError):
    """A path that restricted mode refuses."""


def restricted_by_environment() -> bool:
    """HAMTUI_RESTRICTED set to anything but empty or `0` turns restricted mode on."""
    return os.environ.get(RESTRICTED_ENV, "").strip() not in ("", "0")


def _shown(user_path: str | os.PathLike[str]) -> str:
    return one_line(os.fspath(user_path), 200)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


class Workspace:
    """A folder that a person's paths must stay inside."""

    def __init__(self, root: Path) -> None:
        self.given = Path(os.path.abspath(root))
        self.root = _real(root)

    def __repr__(self) -> str:
        return f"Workspace({str(self.root)!r})"

    @classmethod
    def from_environment(cls) -> Workspace:
        """The workspace HAMTUI_HOME names; an error when it is unset, relative or missing."""
        home = paths.home()
        if home is None:
            raise WorkspaceError(
                "hamtui: restricted mode needs HAMTUI_HOME, the person's workspace folder "
                "(for example HAMTUI_HOME=/srv/hamtui/ana); it is not set"
            )
        shown = one_line(str(home), 200)
        if not home.is_absolute():
            raise WorkspaceError(
                f"hamtui: HAMTUI_HOME={shown}: restricted mode needs an absolute path"
            )
        if not home.is_dir():
            raise WorkspaceError(
                f"hamtui: HAMTUI_HOME={shown}: no such folder; restricted mode does not create "
                "workspaces, so make it first (one per person)"
            )
        return cls(home)

    def contains(self, path: Path) -> bool:
        """True when a real (link-free, absolute) path is the root or below it."""
        return _inside(path, self.root)

    def resolve(self, user_path: str | os.PathLike[str]) -> Path:
        """The real path inside the workspace that a user's path names, or OutsideWorkspace."""
        text = os.fspath(user_path)
        shown = _shown(user_path)
        if not text:
            raise OutsideWorkspace("an empty path names no file")
        if "\x00" in text:
            raise OutsideWorkspace(f"{shown}: is not a valid path (it holds a NUL character)")
        path = Path(text)
        candidate = path if path.is_absolute() else self.root / path
        real = _real(candidate)
        if self.contains(real):
            return real
        raise OutsideWorkspace(f"{shown}: {self._why_outside(path, candidate)}")

    def _why_outside(self, path: Path, candidate: Path) -> str:
        lexical = Path(os.path.normpath(candidate))
        where = f"the workspace {one_line(str(self.root), 200)}"
        if _inside(lexical, self.root) or _inside(lexical, self.given):
            reason = f"leads outside {where} through a link"
        elif not path.is_absolute():
            reason = f"climbs out of {where} with `..`"
        else:
            reason = f"is outside {where}"
        return f"{reason}; in restricted mode hamtui reads and writes only inside it"


def _refuse_special(real: Path, shown: str) -> None:
    """Refuse devices, pipes and sockets; a missing path is left to the caller."""
    try:
        mode = os.stat(real).st_mode
    except OSError:
        return
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise OutsideWorkspace(
            f"{shown}: is not a regular file or folder (a device, pipe or socket); "
            "restricted mode does not open those"
        )


class Policy:
    """What hamtui may read and write: everything, or one workspace plus read-only data."""

    def __init__(self, workspace: Workspace | None = None, read_only: Iterable[Path] = ()) -> None:
        self.workspace = workspace
        self.read_only = [_real(folder) for folder in read_only]

    @classmethod
    def for_workspace(cls, workspace: Workspace) -> Policy:
        """A restricted policy: the workspace, plus the bundled library and programs to read."""
        bundled = [resources.bundled_library_dir(), resources.bundled_programs_dir()]
        return cls(workspace, bundled)

    @property
    def restricted(self) -> bool:
        return self.workspace is not None

    @property
    def may_run_programs(self) -> bool:
        """Whether hamtui may start another program (a shell, an editor, a browser)."""
        return self.workspace is None

    def _bundled(self, real: Path) -> bool:
        return any(_inside(real, folder) for folder in self.read_only)

    def check_read(self, user_path: str | os.PathLike[str]) -> Path:
        """The path to read: unchanged when unrestricted, else the real path, or an error."""
        if self.workspace is None:
            return Path(user_path)
        shown = _shown(user_path)
        try:
            real = self.workspace.resolve(user_path)
        except OutsideWorkspace:
            # The bundled data may be named by its absolute path (the app lists it).
            text = os.fspath(user_path)
            real = _real(Path(text)) if text and "\x00" not in text else Path()
            if not (Path(text).is_absolute() and self._bundled(real)):
                raise
        _refuse_special(real, shown)
        return real

    def check_write(self, user_path: str | os.PathLike[str]) -> Path:
        """The path to write (a file, or a folder to write into), or an error."""
        if self.workspace is None:
            return Path(user_path)
        shown = _shown(user_path)
        real = self.workspace.resolve(user_path)
        if self._bundled(real):
            raise OutsideWorkspace(
                f"{shown}: is part of the bundled library or programs, which restricted mode "
                "never changes; save a copy in the workspace instead"
            )
        hidden = [part for part in real.relative_to(self.workspace.root).parts if part[:1] == "."]
        if hidden:
            raise OutsideWorkspace(
                f"{shown}: names starting with a dot ({one_line(hidden[0], 60)}) are never "
                "written in restricted mode"
            )
        _refuse_special(real, shown)
        return real

    def confine_opened(self, fd: int, path: str | os.PathLike[str]) -> None:
        """Refuse (OutsideWorkspace) a file opened at `path` unless it is inside the workspace
        or the bundled data: the real path must be allowed and name the very file opened."""
        if self.workspace is None:
            return
        real = self.check_read(path)
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(real))
        except OSError:
            same = False
        if not same:
            raise OutsideWorkspace(
                f"{_shown(path)}: changed while it was opened; restricted mode did not read it"
            )

    def make_folder(self, folder: Path) -> None:
        """`mkdir -p`, refusing (OutsideWorkspace) a folder that is or would be outside the
        workspace (a link among its parents that leads out)."""
        if self.workspace is not None:
            self.check_write(folder)
        folder.mkdir(parents=True, exist_ok=True)
        if self.workspace is not None:
            self.check_write(folder)  # made through a link swapped in meanwhile: say so

    def enter(self) -> None:
        """In restricted mode, make the workspace the current folder, so that a relative path
        means the same to every part of hamtui as it did to the checks."""
        if self.workspace is not None:
            os.chdir(self.workspace.root)

    def check(self, user_path: str | os.PathLike[str], access: Access) -> Path:
        return self.check_read(user_path) if access == "read" else self.check_write(user_path)


UNRESTRICTED = Policy()
_current: Policy = UNRESTRICTED


def current() -> Policy:
    """The policy in force for this process (unrestricted until `configure` says otherwise)."""
    return _current


def set_policy(policy: Policy) -> Policy:
    """Put a policy in force (tests; `configure`); returns it."""
    global _current
    _current = policy
    return policy


def configure(restricted: bool) -> Policy:
    """Put the policy for this run in force: restricted when asked or when HAMTUI_RESTRICTED
    is set. Raises WorkspaceError when restricted mode has no usable HAMTUI_HOME."""
    if restricted or restricted_by_environment():
        return set_policy(Policy.for_workspace(Workspace.from_environment()))
    return set_policy(UNRESTRICTED)


def restricted() -> bool:
    return _current.restricted


def may_run_programs() -> bool:
    return _current.may_run_programs


def check_read(user_path: str | os.PathLike[str]) -> Path:
    return _current.check_read(user_path)


def check_write(user_path: str | os.PathLike[str]) -> Path:
    return _current.check_write(user_path)


def confine_opened(fd: int, path: str | os.PathLike[str]) -> None:
    _current.confine_opened(fd, path)


def make_folder(folder: Path) -> None:
    _current.make_folder(folder)
