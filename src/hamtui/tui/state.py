"""What the main screen needs of the app that hosts it, as a typed protocol.

`HamApp` provides it; the main screen receives it through its constructor, so the screen never
imports the app (no import cycle) and every use is type-checked.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from hamtui.editor import ProgramDocument
    from hamtui.library import Library
    from hamtui.model.config import Config
    from hamtui.search import SearchIndex


class AppState(Protocol):
    """The library, its search index, the program being edited, the settings and the program
    folders; `ready` once `load()` has run (in a worker thread, after the first paint). An app
    that loads in two steps has its library and index after `load_library_first()`, whose
    results the main screen shows before the rest has loaded."""

    ready: bool
    library: Library
    index: SearchIndex
    document: ProgramDocument
    config: Config
    folders: list[Path]
    load_warnings: list[str]

    def load_library_first(self) -> bool: ...

    def load(self) -> None: ...

    def apply_config(self) -> None: ...

    def results_shown(self) -> None: ...

    def settled(self) -> None: ...
