"""What the plain-text session says: a step, a set, a cue, an exercise's intro and a symptom's
advice as lines of text. Every string is made literal (hamtui.text) before it is said."""

from __future__ import annotations

import math

from hamtui.model.safety import Symptom
from hamtui.session.engine import (
    CueSpec,
    ExerciseInfo,
    Step,
)
from hamtui.text import literal, one_line

_EPS = 1e-6

# ---------------------------------------------------------------------------------------------
# Words


def seconds_words(seconds: float) -> str:
    """`1 second`, `45 seconds`, `2 minutes`, `1 minute 30 seconds` (rounded up)."""
    total = max(0, math.ceil(seconds - _EPS))
    minutes, rest = divmod(total, 60)

    def unit(n: int, word: str) -> str:
        return f"{n} {word}" if n == 1 else f"{n} {word}s"

    if minutes == 0:
        return unit(rest, "second")
    if rest == 0:
        return unit(minutes, "minute")
    return f"{unit(minutes, 'minute')} {unit(rest, 'second')}"


def step_name(step: Step | ExerciseInfo) -> str:
    return one_line(step.name, 80)


def set_words(step: Step) -> str:
    """`Set 1 of 2, left side` (`Round ...` in a circuit)."""
    label = "Round" if step.circuit else "Set"
    words = f"{label} {step.set} of {step.sets}"
    return f"{words}, {step.side} side" if step.side else words


def work_words(step: Step) -> str:
    """What a work step asks for, without its set: `hold for 30 seconds`, `10 reps at your
    own pace, with 2 kg; ...`."""
    words = _work_words(step)
    load = step.plan.dose.effective.load
    if load:
        head, sep, tail = words.partition(";")
        words = f"{head}, with {load}{sep}{tail}"
    return words


def _work_words(step: Step) -> str:
    dose = step.plan.dose
    if step.duration_s is None:
        return f"{dose.reps} reps at your own pace; type d and press enter when done"
    if dose.pacing == "timed":
        return f"keep going steadily for {seconds_words(step.duration_s)}"
    if dose.pacing == "hold" and dose.hold_s is not None:
        if dose.reps == 1:
            return f"hold for {seconds_words(dose.hold_s)}"
        between = (
            f"{seconds_words(dose.rep_gap_s)} to release between"
            if dose.rep_gap_s > 0
            else "one after the other"
        )
        return f"{dose.reps} holds of {seconds_words(dose.hold_s)}, {between}"
    if dose.tempo is not None:
        words = ("lower", "pause", "lift", "pause")
        phases = ", ".join(
            f"{word} {seconds_words(s)}" for word, s in zip(words, dose.tempo, strict=True) if s
        )
        return f"{dose.reps} reps, each: {phases}; {seconds_words(step.duration_s)} in all"
    return f"{dose.reps} reps, {seconds_words(step.duration_s)}"  # pragma: no cover


def next_words(step: Step) -> str:
    """A work step as "Next:" says it: `Glute Bridge, set 2 of 3, left side`."""
    words = set_words(step)
    return f"{step_name(step)}, {words[0].lower()}{words[1:]}"


def cue_line(cue: CueSpec) -> str:
    prefix = {"stop": "STOP", "caution": "Caution"}.get(cue.level, "Cue")
    return f"{prefix}: {one_line(cue.text)}"


def intro_lines(info: ExerciseInfo, heading: str = "") -> list[str]:
    """What the start pop-up shows, as lines: the steps, start cues, stop cues, the trainer's
    cues and notes, and the red flags."""
    lines = [f"{step_name(info)}, {heading}." if heading else f"{step_name(info)}."]
    if info.instructions:
        lines.append("Steps:")
        lines.extend(f"  {n}. {one_line(s)}" for n, s in enumerate(info.instructions, start=1))
    start = [c for c in info.start_cues if not c.stop]
    if start:
        lines.append("Before you start:")
        lines.extend(f"  - {one_line(c.text)}" for c in start)
    if info.stop_cues:
        lines.append("Stop if:")
        lines.extend(f"  - STOP: {one_line(c.text)}" for c in info.stop_cues)
    if info.trainer_cues or info.notes:
        lines.append("From your trainer:")
        lines.extend(f"  - {one_line(c)}" for c in info.trainer_cues)
        if info.notes:
            lines.append(f"  - {one_line(info.notes)}")
    if info.red_flags:
        lines.append("Red flags: stop and type ! if you feel:")
        lines.extend(f"  - {one_line(flag)}" for flag in info.red_flags)
    if not (start or info.stop_cues or info.trainer_cues or info.notes or info.red_flags):
        lines.append("No cues for this exercise. Move slowly and stay in control.")
    return lines


def advice_lines(symptom: Symptom, note: str = "") -> list[str]:
    """A symptom's advice, what to try and when to see a professional."""
    lines = [one_line(symptom.label), *literal(symptom.advice).split("\n")]
    if symptom.adjustments:
        lines.append("Try:")
        lines.extend(f"  - {one_line(a)}" for a in symptom.adjustments)
    if symptom.see_professional:
        note_text = symptom.professional_note or "have a doctor or physical therapist look at it."
        lines.append(f"See a professional: {one_line(note_text)}")
    elif symptom.professional_note:
        lines.append(f"When to see a professional: {one_line(symptom.professional_note)}")
    if note:
        lines.append(one_line(note))
    return lines
