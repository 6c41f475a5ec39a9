"""What the app loads after its first paint: config, library, search index, the program.

Run in a worker thread by the main screen, so the window appears before pydantic and the
library load. Nothing here imports Textual.
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


def load_everything(extra_library: Iterable[Path] = (), program: Path | None = None) -> Loaded:
    from hamtui.config import load_config_or_defaults
    from hamtui.editor import ProgramDocument
    from hamtui.library import load_library

    config, warning = load_config_or_defaults()
    library = load_library(extra_library)
    index = library.search_index()
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
