"""Printable handouts of a program: Markdown or one self-contained HTML page (no Textual).

    handout_markdown(program, library) -> str
    handout_html(program, library) -> str
    render_handout(program, library, "md" | "html") -> str
    write_handout(program, library, fmt, path)      # atomic, UTF-8
    handout_file_name(program_path, fmt) -> "early-rehab.html"

`library` is anything with `resolve(program, slug)` and `safety` (a `hamtui.library.Library`).
A handout has the program's details, each block's dose table, every exercise once (summary,
steps, cues, red flags, when to avoid it), and the library's general safety rules and symptom
advice. Exercises that do not resolve are named by slug and listed as missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal, get_args

from hamtui.export.handout import Handout, HandoutLibrary, build_handout
from hamtui.export.html import handout_html, render_html
from hamtui.export.markdown import handout_markdown, render_markdown
from hamtui.files import write_atomic
from hamtui.model.program import Program
from hamtui.review import Finding

HandoutFormat = Literal["md", "html"]
HANDOUT_FORMATS: tuple[str, ...] = get_args(HandoutFormat)
_SUFFIXES: dict[str, HandoutFormat] = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}


def render_handout(
    program: Program,
    library: HandoutLibrary,
    fmt: HandoutFormat,
    findings: Sequence[Finding] = (),
) -> str:
    """The handout text in the given format; the review's problems and warnings among
    `findings` come first."""
    handout = build_handout(program, library, findings)
    return render_html(handout) if fmt == "html" else render_markdown(handout)


def format_for_path(path: Path) -> HandoutFormat | None:
    """The format a file name asks for (`.md`, `.markdown`, `.html`, `.htm`), if any."""
    return _SUFFIXES.get(path.suffix.lower())


def handout_file_name(program_path: Path, fmt: HandoutFormat) -> str:
    """A file name for the handout of a program file: `early-rehab.toml` -> `early-rehab.html`."""
    stem = program_path.stem or "program"
    return f"{stem}.{fmt}"


def write_handout(program: Program, library: HandoutLibrary, fmt: HandoutFormat, path: Path) -> str:
    """Write the handout to `path` atomically (UTF-8) and return its text.
    Raises HamtuiError when the file cannot be written."""
    text = render_handout(program, library, fmt)
    write_atomic(path, text.encode("utf-8"))
    return text


__all__ = [
    "HANDOUT_FORMATS",
    "Handout",
    "HandoutFormat",
    "HandoutLibrary",
    "build_handout",
    "format_for_path",
    "handout_file_name",
    "handout_html",
    "handout_markdown",
    "render_handout",
    "render_html",
    "render_markdown",
    "write_handout",
]
