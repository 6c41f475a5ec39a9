"""Peak resident memory of this process, for the baseline and app scripts beside this file."""

from __future__ import annotations


def peak_rss_kib() -> int:
    """This process's peak resident memory (VmHWM). Not ru_maxrss: Linux carries that over
    from the process that forked this one, so it would report the benchmark's own memory."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")
