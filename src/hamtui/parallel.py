"""Work shared with forked copies of this process, one per spare core: for cold library loads.

`split_map(work, items)` cuts the items into one share per usable core, forks a child for every
share but the first, does the first itself, and reads each child's results back in order, so
the result is `work(items)` computed on all cores. Forking copies the process as it is (the
loaded modules, the work's closure), so nothing is imported or pickled again, and a share
starts at once.

Rules for `work`: it takes a list of items and returns a list of values `marshal` can write
(str, bytes, numbers, None, tuples, lists, dicts of those), and it must not write to the
terminal or touch other threads' objects: a child has only the thread that forked it, and
runs the work and nothing else before `os._exit`. So forking from a process with other
threads (the TUI loads its library in a worker thread) is safe for such work: the child takes
no lock another thread could hold (glibc's malloc and CPython's own locks are made ready for
the child by fork itself). Every failure of a child (it could not be
forked, it crashed, it was killed, its answer is short) falls back to doing that share here,
so a result is never lost. Forking is used on Linux only (on macOS system frameworks make fork
without exec unsafe, and Windows has none); elsewhere everything is done in this process.
"""

from __future__ import annotations

import contextlib
import fcntl
import marshal
import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

_T = TypeVar("_T")

MAX_PROCESSES = 8  # past this, reading the answers back costs more than another core gives
CAN_FORK = sys.platform == "linux" and hasattr(os, "fork")
PIPE_BYTES = 1 << 20  # what Linux lets anyone ask for (fs.pipe-max-size)


def usable_cores() -> int:
    """The cores this process may run on (its affinity, not the machine's total)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def split_map(
    work: Callable[[list[_T]], list[Any]],
    items: Sequence[_T],
    *,
    min_share: int,
    processes: int | None = None,
) -> list[Any]:
    """`work(items)`, shared among up to `processes` processes (default: one per usable core)
    when every share gets at least `min_share` items."""
    wanted = usable_cores() if processes is None else processes
    count = max(1, min(wanted, MAX_PROCESSES, len(items) // max(min_share, 1)))
    if count < 2 or not CAN_FORK:
        return work(list(items))
    size, extra = divmod(len(items), count)
    shares: list[list[_T]] = []
    start = 0
    for n in range(count):
        end = start + size + (1 if n < extra else 0)
        shares.append(list(items[start:end]))
        start = end
    children: list[tuple[int, int] | None] = []
    try:
        for share in shares[1:]:
            children.append(_fork(work, share))
        results = work(shares[0])
        for n, child in enumerate(children):
            children[n] = None  # _answer reaps it, whatever happens
            answer = _answer(child) if child is not None else None
            results.extend(answer if answer is not None else work(shares[n + 1]))
        return results
    finally:
        for child in children:  # only when this process was interrupted meanwhile
            if child is not None:
                _stop(*child)


def _fork(work: Callable[[list[_T]], list[Any]], share: list[_T]) -> tuple[int, int] | None:
    """(pid, read end of its pipe) of a child doing `work(share)`, or None if none started."""
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    with contextlib.suppress(OSError, AttributeError):  # a roomier pipe: fewer round trips
        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # pragma: no cover - runs in the child, which coverage does not follow
        status = 1
        try:
            # Signals are the parent's to handle (it stops its children); the child must not
            # run the parent's Python signal handlers, which belong to another program state.
            signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
            os.close(read_end)
            payload = memoryview(marshal.dumps(work(share)))
            while payload:
                payload = payload[os.write(write_end, payload) :]
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def _answer(child: tuple[int, int]) -> list[Any] | None:
    """The child's results, or None if it failed. The child is reaped whatever happens."""
    pid, read_end = child
    chunks: list[bytes] = []
    read = False
    try:
        while chunk := os.read(read_end, 1 << 20):
            chunks.append(chunk)
        read = True
    except OSError:
        pass
    finally:
        if read:
            os.close(read_end)
        else:  # a read error, or this process interrupted: the child's answer is not wanted
            _stop(pid, read_end)
    if not read:
        return None
    try:
        _, status = os.waitpid(pid, 0)
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
            return None
    except ChildProcessError:  # pragma: no cover - reaped by a SIGCHLD handler: the answer tells
        pass
    try:
        answer = marshal.loads(b"".join(chunks))
    except (EOFError, ValueError, TypeError):
        return None
    return answer if isinstance(answer, list) else None


def _stop(pid: int, read_end: int) -> None:
    """Kill a child whose answer is not wanted, and reap it."""
    os.close(read_end)
    with contextlib.suppress(ProcessLookupError):  # already gone (reaped elsewhere)
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
