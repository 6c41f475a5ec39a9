"""The main screen's pane widgets, imported when first used rather than with the screen.

The screen paints "Loading…" first; its library and program panes are mounted after, once the
library has loaded in a worker thread. Importing their modules (~11 ms) in that thread, while
the main thread waits for its first frame, instead of before the first paint, brings both the
first paint and the results sooner. `hamtui.tui.panes.LibraryPane` and the others resolve on
first access; the loader imports them all with `load()`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hamtui.tui.widgets.library_pane import LibraryPane as LibraryPane
    from hamtui.tui.widgets.program_list import ProgramList as ProgramList
    from hamtui.tui.widgets.results_list import ResultsList as ResultsList
    from hamtui.tui.widgets.review_panel import ReviewPanel as ReviewPanel

_MODULES = {
    "LibraryPane": "hamtui.tui.widgets.library_pane",
    "ProgramList": "hamtui.tui.widgets.program_list",
    "ResultsList": "hamtui.tui.widgets.results_list",
    "ReviewPanel": "hamtui.tui.widgets.review_panel",
}


def load() -> None:
    """Import every pane module now (the loader thread does, before the panes are mounted)."""
    for module in _MODULES.values():
        importlib.import_module(module)


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'hamtui.tui.panes' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
