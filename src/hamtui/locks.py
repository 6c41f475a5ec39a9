"""Advisory file locks (no Textual): what makes a save's check-and-rename one step, and keeps a
running session's record to the one process that runs it.

A lock is held on an open file (flock on POSIX, msvcrt.locking on Windows) and released when
it is closed or its process dies, so a crash never leaves a lock behind: a lock file that is
left over is simply free. Lock files are opened without following links, and only if they are
regular files.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BUSY = {errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK}


class Lock:
    """An advisory lock held on a lock file; `release` (or the end of the process) frees it."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self, *, remove: bool = False) -> None:
        """Free the lock; with `remove`, delete the lock file first (while still holding it,
        so no other process is locking a file that is about to go)."""
        if self._fd is None:
            return
        if remove:
            with contextlib.suppress(OSError):
                self.path.unlink()
        with contextlib.suppress(OSError):
            os.close(self._fd)
        self._fd = None

    def __del__(self) -> None:
        self.release()


def _open(path: Path, *, create: bool = True) -> int:
    """The lock file, opened (created if missing) without following a link; OSError if it is
    a link or anything but a regular file."""
    flags = _NOFOLLOW | _NONBLOCK | getattr(os, "O_CLOEXEC", 0) | (os.O_CREAT if create else 0)
    try:
        fd = os.open(path, os.O_RDWR | flags, 0o666)
    except PermissionError:  # another user's lock file in a shared folder: reading is enough
        fd = os.open(path, os.O_RDONLY | flags)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    return fd


def _lock(fd: int, *, wait: bool) -> bool:
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except OSError as exc:
            if exc.errno in _BUSY:
                return False
            raise
        return True
    mode = msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK  # pragma: no cover - Windows
    try:  # pragma: no cover - Windows
        msvcrt.locking(fd, mode, 1)
    except OSError:  # pragma: no cover - Windows
        return False
    return True  # pragma: no cover - Windows


def try_lock(path: Path, *, create: bool = True) -> Lock | None:
    """The lock on `path` if no one holds it, else None. OSError if the file cannot be used
    (FileNotFoundError when it is missing and not to be created)."""
    fd = _open(path, create=create)
    if not _lock(fd, wait=False):
        os.close(fd)
        return None
    return Lock(path, fd)


def lock_fd(fd: int, *, wait: bool = True) -> bool:
    """Lock an open file (a save's temporary file, a file about to be replaced)."""
    return _lock(fd, wait=wait)


def held_elsewhere(path: Path) -> bool:
    """Whether some open file (another process, or another lock of this one) holds `path`."""
    try:
        lock = try_lock(path, create=False)
    except OSError:  # missing (no one ever held it) or unusable
        return False
    if lock is None:
        return True
    lock.release()
    return False
