"""Showing untrusted text literally.

Text from a file (titles, notes, cues, even key names) is shown as the author typed it. Rich
markup needs no escaping when text is wrapped in `rich.text.Text` or printed plainly, but
terminal control characters would still act on the terminal, so they are spelled out here.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and the C1 controls (which include CSI, 0x9b).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _spell(match: re.Match[str]) -> str:
    char = match.group(0)
    if char == "\n":
        return "\\n"
    if char == "\t":
        return "\\t"
    return f"\\x{ord(char):02x}"


def literal(text: str) -> str:
    """Text with control characters spelled out (`\\x1b`); newlines and tabs kept."""
    return _CONTROL.sub(_spell, text)


def one_line(text: str, limit: int | None = None) -> str:
    """Text on one line: every control character spelled out, optionally shortened."""
    flat = _CONTROL_ONE_LINE.sub(_spell, text)
    if limit is not None and len(flat) > limit:
        return flat[: max(limit - 1, 0)] + "…"
    return flat


def file_stem(title: str, default: str) -> str:
    """A file name's stem made from a title: lowercase words joined by hyphens, at most 60
    characters (`Knee rehab, week 3` -> `knee-rehab-week-3`); `default` when none is left."""
    stem = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return (stem or default)[:60]


def plural(n: int, noun: str) -> str:
    """`1 session`, `3 sessions`: a count and its noun (nouns that take an s)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
