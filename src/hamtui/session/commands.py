"""`COMMANDS`: the one table of what an athlete can do during a session. The full-screen key
bindings, the plain-text commands, the help screen and the plain-text help are all made from
it; `QUESTION_KEYS` says what the questions take, for the help screen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from hamtui.session.engine import (
    ADD_REST_S,
)

if TYPE_CHECKING:
    pass

# ---------------------------------------------------------------------------------------------
# Commands


@dataclass(frozen=True)
class Command:
    """Something an athlete can do during a session, in both front ends.

    `keys`: the full-screen keys (Textual names, comma-separated), `key_label` how help writes
    them, `plain` the plain-text command ("" = full screen only); `actions`: (action name,
    footer label) pairs that share the keys, one of which applies at a time (pause / resume)."""

    id: str  # the binding id a config [keymap] names
    keys: str
    key_label: str
    plain: str
    help: str
    actions: tuple[tuple[str, str], ...]


COMMANDS: tuple[Command, ...] = (
    Command(
        "pause",
        "space",
        "space",
        "p",
        "Pause, or resume",
        (("pause", "Pause"), ("resume", "Resume")),
    ),
    Command(
        "reps-done",
        "enter,d",
        "enter or d",
        "d",
        "Reps done (reps at your own pace)",
        (("done", "Reps done"),),
    ),
    Command(
        "skip", "n", "n", "n", "Skip this step (a skipped set is not counted)", (("skip", "Skip"),)
    ),
    Command(
        "back",
        "b",
        "b",
        "b",
        "Back to the start of the set (twice: the set before)",
        (("back", "Back"),),
    ),
    Command(
        "more-rest",
        "plus",
        "+",
        "+",
        f"{ADD_REST_S} seconds more rest (during a rest)",
        (("more_rest", "More rest"),),
    ),
    Command(
        "symptom",
        "exclamation_mark",
        "!",
        "!",
        "Symptom check: advice and what to do",
        (("symptom", "Symptom"),),
    ),
    Command("end", "q", "q", "q", "End the session (asks first)", (("end", "End"),)),
    Command(
        "mute",
        "m",
        "m",
        "m",
        "Bell on or off (the screen still flashes)",
        (("bell_off", "Mute"), ("bell_on", "Unmute")),
    ),
    Command("help", "question_mark,f1", "? or F1", "h", "These keys", (("keys", "Keys"),)),
)
# What the questions take, for the help screen (the plain text says it with each question).
QUESTION_KEYS: tuple[tuple[str, str, str], ...] = (
    ("Start pop-up", "enter or space", "Ready: start the get-ready countdown"),
    ("Start pop-up", "n", "Skip this exercise"),
    ("Start pop-up", "q", "End the session (asks first)"),
    ("Pain and effort", "0 to 9, t", "Rate 0 to 9; t is 10"),
    ("Pain and effort", "s or enter / esc", "Skip the question / both"),
)
