"""CueBanner: the timed cues of a session step, shown while they last (no key needed)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from hamtui.session import CueSpec
from hamtui.text import one_line

LEVEL_WORDS = {"info": "Cue", "caution": "Caution", "stop": "STOP"}
LEVEL_MARKS = {"info": "•", "caution": "▲", "stop": "■"}


def cue_line(cue: CueSpec) -> Text:
    """`▲ Caution: text` — the level as a word and a mark, the cue text literal."""
    line = Text(no_wrap=False)
    style = "bold reverse" if cue.stop else "bold"
    line.append(f"{LEVEL_MARKS.get(cue.level, '•')} {LEVEL_WORDS.get(cue.level, 'Cue')}: ", style)
    line.append(one_line(cue.text))
    return line


class CueBanner(Static):
    """Hidden when there is no cue; one line per cue otherwise (a stop cue adds `-stop`)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes, markup=False)
        self.cues: tuple[CueSpec, ...] = ()
        self.display = False

    def show_cues(self, cues: Sequence[CueSpec]) -> None:
        cues = tuple(cues)
        if cues == self.cues:
            return
        self.cues = cues
        self.display = bool(cues)
        self.set_class(any(c.stop for c in cues), "-stop")
        self.update(Text("\n").join(cue_line(c) for c in cues))
