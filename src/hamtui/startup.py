"""What the app loads after its first paint: the library and its search index, then the
config and the program.

Run in a worker thread by the main screen, so the window appears before pydantic and the
library load; in two steps (`Startup`): the library from its caches needs no pydantic, so its
results show at once, and the rest (pydantic, the safety rules, the config, the program)
follows. Nothing here imports Textual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hamtui.editor import ProgramDocument
    from hamtui.library import Library
    from hamtui.model.config import Config
    from hamtui.search import SearchIndex


@dataclass
class Loaded:
    library: Library
    index: SearchIndex
    document: ProgramDocument
    config: Config
    warnings: list[str] = field(default_factory=list)


def settle_memory() -> None:
    """Once the loaded library is on screen: what was loaded lives as long as the app, so
    take it out of the cyclic collector's sight (full collections over a large library would
    otherwise pause typing). Done after the results are painted, not in the loader: the
    collection takes ~25 ms that a user waiting for the results should not wait for."""
    gc.collect()
    gc.freeze()


@dataclass
class Startup:
    """The app's start in two steps: `library_first()`, then `rest()`."""

    extra_library: Iterable[Path] = ()
    program: Path | None = None

    def library_first(self) -> tuple[Library, SearchIndex]:
        """The library and its search index; with current caches, without pydantic (the
        safety rules are read by `rest`)."""
        from hamtui.library import load_library

        library = load_library(self.extra_library, defer_safety=True)
        index = library.search_index()
        # What is loaded so far lives as long as the app: out of the cyclic collector's sight
        # at once, so that no full collection over it (~25 ms measured) falls in the middle of
        # showing the results. (`settle_memory` collects and freezes the rest later.)
        gc.freeze()
        return library, index

    def rest(self, library: Library, index: SearchIndex) -> Loaded:
        """The safety rules, the config and the program, with the library loaded first."""
        library.load_safety()
        return _rest(library, index, self.program)


def load_everything(extra_library: Iterable[Path] = (), program: Path | None = None) -> Loaded:
    """Both steps at once (`Startup`)."""
    start = Startup(extra_library, program)
    return start.rest(*start.library_first())


def _rest(library: Library, index: SearchIndex, program: Path | None) -> Loaded:
    from hamtui.config import load_config_or_defaults
    from hamtui.editor import ProgramDocument

    config, warning = load_config_or_defaults()
    if program is None:
        document = ProgramDocument.new()
    elif program.exists():
        document = ProgramDocument.open(program)
    else:  # `hamtui edit new.toml`: a new program, saved there
        document = ProgramDocument.new_at(program)
    warnings = [warning] if warning else []
    replaced = [str(override) for override in library.overrides]
    if replaced:  # one notice, naming each exercise a later library folder replaced
        count = len(replaced)
        warnings.append(
            f"{count} exercise{'s' if count != 1 else ''} replaced by a later library folder: "
            + "; ".join(replaced[:5])
            + (f" and {count - 5} more" if count > 5 else "")
        )
    return Loaded(library, index, document, config, warnings)
