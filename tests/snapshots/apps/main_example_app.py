"""Snapshot app: the main screen with the bundled library and an example program loaded.

The program is the fixture tests/data/early-hamstring-rehab.toml (the early example as it
first shipped), opened in place (it is only read), so
the title bar names it and the editor shows its two blocks: a one-item block and a circuit.
"""

from __future__ import annotations

from pathlib import Path

from hamtui.editor import ProgramDocument
from hamtui.library import load_library
from hamtui.tui.app import HamApp

EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "early-hamstring-rehab.toml"

app = HamApp(
    load_library(bundled_only=True, use_cache=False),
    document=ProgramDocument.open(EXAMPLE),
    folders=[],
)
