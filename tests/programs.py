"""Program files for tests, built instead of copied: `program_toml` writes a
`hamtui-program/1` file from blocks and inline exercises, and `cued_hold` is the held
stretch the session tests share (three cues: start, halfway caution, end stop; red flag;
an easier regression). Import as `from programs import ...` (tests/ is on sys.path)."""

from __future__ import annotations

from typing import Any

import tomli_w

Table = dict[str, Any]

# The entries of a session record that did one set (it counts toward the plan).
ONE_SET: list[Table] = [{"exercise": "glute-bridge", "block": 0, "item": 0, "sets_done": 1}]


def item(exercise: str, **dose: Any) -> Table:
    """An item of a block: the exercise's slug and its dose (sets, reps, hold_s, ...)."""
    return {"exercise": exercise, **dose}


def block(name: str, *items: Table, **fields: Any) -> Table:
    """A block (rounds = N makes it a circuit)."""
    return {"name": name, **fields, "items": list(items)}


def exercise(name: str, category: str, mode: str, steps: list[str], **fields: Any) -> Table:
    return {"name": name, "category": category, "mode": mode, "steps": steps, **fields}


def cued_hold(name: str, steps: list[str], *, halfway: str = "Breathe out", **fields: Any) -> Table:
    """A held stretch with a start cue, a halfway caution and an end stop cue, and a red
    flag: what the session's pop-ups, cue banners and symptom checks are tested with."""
    cues = [
        {"text": "Relax the toes", "at": "start"},
        {"text": halfway, "at": "halfway", "level": "caution"},
        {"text": "Stop if it burns", "at": "end", "level": "stop"},
    ]
    fields.setdefault("red_flags", ["Tingling \x1b[2J into the foot"])
    return exercise(name, "static-stretch", "hold", steps, **fields, cues=cues)


def easier_hold(name: str, hold_s: int = 6, loads: list[str] | None = None) -> Table:
    """The regression a symptom swaps to: one isometric hold of `hold_s` seconds, which puts
    nothing a symptom rules out on the body unless `loads` says otherwise. (tomli_w writes
    no key for an empty list, so "nothing" is the isometric's guessed loads.)"""
    fields: Table = {"defaults": {"reps": 1, "hold_s": hold_s}}
    if loads:
        fields["loads"] = loads
    return exercise(name, "isometric", "hold", ["The easier one"], **fields)


def program_toml(title: str, *blocks: Table, exercises: Table | None = None, **top: Any) -> str:
    """A program file's text, keys in the documented order."""
    document: Table = {"format": "hamtui-program/1", "title": title, **top, "blocks": list(blocks)}
    if exercises:
        document["exercises"] = exercises
    return tomli_w.dumps(document)


# One glute bridge held 1 s: a session of it runs in about two seconds on the real clock.
QUICK = """\
format = "hamtui-program/1"
title = "Quick"

[[blocks]]

[[blocks.items]]
exercise = "glute-bridge"
hold_s = 1
"""
