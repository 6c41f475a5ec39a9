"""Short plain-text descriptions shared by the CLI, the TUI and handouts (no Textual)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hamtui.model.exercise import Dose
    from hamtui.model.program import Item

SIDE_WORDS = {"both": "", "each": "each side", "left": "left side", "right": "right side"}


def dose_text(dose: Item | Dose) -> str:
    """`2 × 10 · hold 5 s · rest 30 s · each side`: a dose at a glance."""
    parts = [f"{dose.sets} × {dose.reps}"]
    if dose.hold_s:
        parts.append(f"hold {dose.hold_s} s")
    tempo = getattr(dose, "tempo", None)  # items have a tempo, exercise defaults do not
    if tempo:
        parts.append(f"tempo {tempo}")
    if dose.rest_s:
        parts.append(f"rest {dose.rest_s} s")
    side = SIDE_WORDS[dose.side]
    if side:
        parts.append(side)
    return " · ".join(parts)
