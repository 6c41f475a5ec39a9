"""`hamtui run --plain`: a session as plain lines of text, for screen readers and dumb terminals.

The same engine, cues, questions and records as the full-screen session, said one line at a
time on stdout and answered one line at a time on stdin (type a command, press enter). No
colours, no cursor movement, no escape sequences: every text from a file goes through
`hamtui.text` (control characters spelled out), so the output is the same with `TERM=dumb`,
`NO_COLOR`, a braille display or a pipe. This module imports neither Textual nor Rich.

What is said
    Each phase change as one sentence when it happens ("Get ready: Glute Bridge, 10
    seconds.", "Set 1 of 2, left side: hold for 30 seconds.", "Switch sides: right side, 5
    seconds.", "Rest 20 seconds. Next: ..."), each hold or rep of a set as it starts, a
    count-down only at 10, 5, 3, 2 and 1 seconds before a phase ends (never every second),
    timed cues as lines when due. Before each exercise: its steps, start cues, stop cues, the
    trainer's cues and its red flags, and the session waits for enter (the start pop-up).
    After each exercise: pain, then effort, 0 to 10 (enter skips), and the advice when the
    pain is above the threshold.

Commands, one per line, at any time: enter (where am I), p (pause / resume), n (skip), b
(back), + (more rest), ! (symptom check), d (reps done), q (end, asks y/n), h (help).

Design
    `PlainSession` holds no loop and never sleeps: `start()`, `feed(line)` for each line
    typed, `tick()` when the clock reaches `next_wake()` (an absolute time on the injected
    monotonic clock: the next deadline, rep phase, count-down number or cue check; None when
    only input can move the session), and `close_input()` at end of input. Tests drive it with
    a fake clock and scripted lines. `run_plain_session` wires it to stdin, stdout and
    `time.monotonic`: select() on stdin with the time left to the next wake as timeout.
"""

from __future__ import annotations

import io
import math
import os
import queue
import select
import sys
import threading
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal, TextIO

from hamtui.errors import HamtuiError
from hamtui.library import Library
from hamtui.model.exercise import ExerciseBody
from hamtui.model.safety import Symptom, SymptomAction
from hamtui.session.advice import ACTION_WORDS, allowed_actions, available_actions
from hamtui.session.engine import (
    ADD_REST_S,
    GET_READY_S,
    SWITCH_SIDE_S,
    Acknowledged,
    AwaitingAck,
    CueDue,
    CueSpec,
    ExerciseFinished,
    ExerciseInfo,
    ExerciseSkipped,
    ExerciseSwapped,
    Paused,
    RepStarted,
    RestAdded,
    Resumed,
    Session,
    SessionEvent,
    SessionFinished,
    Status,
    Step,
    StepSkipped,
    StepStarted,
    build_timeline,
    first_regression,
    pain_needs_advice,
)
from hamtui.session.opening import load_session_program, unfinished_of
from hamtui.session.record import (
    ResumePlan,
    SessionRecorder,
    UnfinishedSession,
    plan_resume,
    utc_now,
)
from hamtui.text import literal, one_line

ResumeMode = Literal["ask", "resume"]
Clock = Callable[[], float]
WallClock = Callable[[], datetime]
Output = Callable[[str], None]

COUNTDOWN_AT: tuple[int, ...] = (10, 5, 3, 2, 1)  # seconds before a phase ends
CUE_CHECK_S = 0.25  # during work with cues, the longest time between two ticks
WAKE_SLACK_S = 0.0001  # wake just after a moment, never just before it
_EPS = 1e-6
PAIN_SYMPTOM = "strong-pain"  # the advice shown first when a pain rating is too high

STATUS_WORDS: dict[str, str] = {
    "completed": "Session complete.",
    "ended-early": "Session ended early.",
    "in-progress": "Session not finished.",
}
HELP_LINES: tuple[str, ...] = (
    "Commands: type one and press enter.",
    "  enter: say where the session is (at a question: skip it, or go back)",
    "  p: pause, or resume",
    "  n: skip this step (a skipped set is not counted)",
    "  b: back to the start of the set (twice: the set before)",
    f"  +: {ADD_REST_S} seconds more rest (during a rest)",
    "  !: symptom check: advice and what to do",
    "  d: reps done (reps at your own pace)",
    "  q: end the session (asks first)",
    "  h: this help",
)


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


def _name(step: Step | ExerciseInfo) -> str:
    return one_line(step.name, 80)


def set_words(step: Step) -> str:
    """`Set 1 of 2, left side` (`Round ...` in a circuit)."""
    label = "Round" if step.circuit else "Set"
    words = f"{label} {step.set} of {step.sets}"
    return f"{words}, {step.side} side" if step.side else words


def work_words(step: Step) -> str:
    """What a work step asks for, without its set: `hold for 30 seconds`."""
    dose = step.plan.dose
    if step.duration_s is None:
        return f"{dose.reps} reps at your own pace; type d and press enter when done"
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
    return f"{_name(step)}, {words[0].lower()}{words[1:]}"


def cue_line(cue: CueSpec) -> str:
    prefix = {"stop": "STOP", "caution": "Caution"}.get(cue.level, "Cue")
    return f"{prefix}: {one_line(cue.text)}"


def intro_lines(info: ExerciseInfo, heading: str = "") -> list[str]:
    """What the start pop-up shows, as lines: the steps, start cues, stop cues, the trainer's
    cues and notes, and the red flags."""
    lines = [f"{_name(info)}, {heading}." if heading else f"{_name(info)}."]
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


# ---------------------------------------------------------------------------------------------
# Questions: one at a time, the first of the queue is the one being asked


class _Prompt:
    """A question. `answer` takes the lines it understands; the start pop-up and the ratings
    let the others through as commands, the other questions insist on an answer."""

    def __init__(self, plain: PlainSession) -> None:
        self.plain = plain

    def valid(self) -> bool:
        return True

    def show(self) -> None:  # pragma: no cover - every prompt says something
        raise NotImplementedError

    def answer(self, line: str) -> bool:
        """Take a line; False when it is not an answer (then it is a command)."""
        raise NotImplementedError  # pragma: no cover

    def at_end_of_input(self) -> bool:
        """No more input will come: True when the question could be left unanswered."""
        return False


class _ResumePrompt(_Prompt):
    def __init__(self, plain: PlainSession, found: UnfinishedSession, plan: ResumePlan) -> None:
        super().__init__(plain)
        self.found = found
        self.plan = plan

    def show(self) -> None:
        record = self.found.record
        sets = sum(entry.sets_done for entry in record.entries)
        say = self.plain.say
        say(
            f"An unfinished session of {one_line(record.program)} started "
            f"{record.started:%Y-%m-%d %H:%M} UTC ({sets} set{'s' if sets != 1 else ''} done)."
        )
        start_at = self.plan.start_at
        if start_at is None:
            say("Every set is done or skipped: resuming closes it as completed.")
        else:
            at = f"block {start_at.block + 1}, item {start_at.item + 1}, set {start_at.set}"
            where = self.plain.exercise_name_at(start_at.block, start_at.item, self.plan)
            say(f"Resume at {at}: {where}.")
        if self.plan.program_changed:
            say(
                "Warning: the program file changed since that session started: the sets may "
                "not line up."
            )
        say(
            "Resume it? Type r to resume, f to start fresh (the old one is closed as ended "
            "early), or q to quit."
        )

    def answer(self, line: str) -> bool:
        choice = line.lower()
        if choice not in ("r", "f", "q"):
            self.plain.say("Type r to resume, f to start fresh, or q to quit.")
            return True
        self.plain.close_prompt(self)
        if choice == "r":
            self.plain.begin(self.found)
        elif choice == "f":
            record = self.found.record
            old = SessionRecorder(
                self.found.path,
                Path(record.program),
                record.program_sha256,
                self.plain.wall_clock,
                record=record,
            )
            old.abandon()
            self.plain.begin(None)
        else:
            self.plain.quit_before_start()
        return True


class _AckPrompt(_Prompt):
    """The start pop-up: enter starts the get-ready count-down."""

    def __init__(self, plain: PlainSession, index: int) -> None:
        super().__init__(plain)
        self.index = index

    def valid(self) -> bool:
        session = self.plain.session
        return (
            session is not None and session.state == "awaiting-ack" and session.index == self.index
        )

    def show(self) -> None:
        session = self.plain.session
        assert session is not None
        step = session.timeline[self.index]
        label = "round" if step.circuit else "set"
        heading = f"{label} {step.set} of {step.sets}"
        if step.side and step.plan.dose.side == "each":
            heading += f", {step.side} side first"
        elif step.side:
            heading += f", {step.side} side only"
        for line in intro_lines(step.exercise, heading):
            self.plain.say(line)
        self.plain.say("Press enter when ready; n skips this exercise, q ends the session.")

    def answer(self, line: str) -> bool:
        session = self.plain.session
        if session is None:  # pragma: no cover - valid() says so
            return False
        if line == "":
            self.plain.close_prompt(self)
            self.plain.apply(session.acknowledge())
            return True
        if line.lower() == "n":
            self.plain.close_prompt(self)
            self.plain.apply(session.skip_exercise())
            return True
        return False


class _RatingPrompt(_Prompt):
    """Pain, then effort, 0 to 10; enter skips a question."""

    def __init__(self, plain: PlainSession, step: Step) -> None:
        super().__init__(plain)
        self.step = step
        self.question: Literal["pain", "effort"] = "pain"
        self.pain: int | None = None
        self.effort: int | None = None

    def show(self) -> None:
        name = _name(self.step)
        if self.question == "pain":
            self.plain.say(
                f"Pain during {name}? 0 = no pain, 10 = the worst pain you can imagine. "
                "Type 0 to 10, or press enter to skip."
            )
        else:
            self.plain.say(
                f"Effort of {name}? 0 = no effort, 10 = the hardest you could work. "
                "Type 0 to 10, or press enter to skip."
            )

    def answer(self, line: str) -> bool:
        value: int | None
        if line in ("", "s"):
            value = None
        elif line.isdigit() and int(line) <= 10:
            value = int(line)
        elif line.lstrip("-").isdigit():
            self.plain.say("Type a whole number from 0 to 10, or press enter to skip.")
            return True
        else:
            return False
        if self.question == "pain":
            self.pain = value
            self.question = "effort"
            self.show()
            return True
        self.effort = value
        self.finish()
        return True

    def finish(self) -> None:
        self.plain.close_prompt(self)
        self.plain.rated(self.step, self.pain, self.effort)

    def at_end_of_input(self) -> bool:
        self.finish()
        return True


class _SymptomPrompt(_Prompt):
    """The symptom check: a numbered list, then the advice and the numbered actions."""

    def __init__(
        self,
        plain: PlainSession,
        *,
        exercise_name: str,
        allowed: Collection[str],
        was_paused: bool,
        regression: tuple[str, ExerciseBody] | None = None,
        intro: str = "",
        preselect: str | None = None,
        note: str = "",
    ) -> None:
        super().__init__(plain)
        self.symptoms = plain.symptoms
        self.exercise_name = exercise_name
        self.allowed = allowed
        self.was_paused = was_paused
        self.regression = regression
        self.intro = intro
        self.note = note
        self.current = next((s for s in self.symptoms if s.id == preselect), None)
        self.actions: list[SymptomAction] = []

    def show(self) -> None:
        say = self.plain.say
        paused = "the session is paused" if self.plain.is_paused() else ""
        title = "Symptom check"
        if self.exercise_name:
            title += f", {one_line(self.exercise_name, 80)}"
        say(f"{title}: {paused}." if paused else f"{title}.")
        if self.intro:
            say(self.intro)
        if self.current is not None:
            self.show_advice(self.current)
        else:
            self.show_list()

    def show_list(self) -> None:
        self.current = None
        say = self.plain.say
        if not self.symptoms:
            say("The library's safety rules list no symptoms. Press enter to go back.")
            return
        say("What do you feel? Type the number of the closest, or press enter to go back.")
        for n, symptom in enumerate(self.symptoms, start=1):
            say(f"  {n}. {one_line(symptom.label)}")

    def show_advice(self, symptom: Symptom) -> None:
        self.current = symptom
        self.actions, note = available_actions(symptom, self.allowed)
        for line in advice_lines(symptom, note):
            self.plain.say(line)
        self.plain.say("What now? Type its number, or press enter for the list of symptoms.")
        for n, action in enumerate(self.actions, start=1):
            words = ACTION_WORDS[action]
            if action == "regress" and self.regression is not None:
                words += f": {one_line(self.regression[1].name, 60)}"
            if action == symptom.action:
                words += " (advised)"
            self.plain.say(f"  {n}. {words}")

    def answer(self, line: str) -> bool:
        if self.current is None:
            if line == "":
                self.plain.close_prompt(self)
                self.plain.symptom_chosen(self, None, None)
            elif line.isdigit() and 1 <= int(line) <= len(self.symptoms):
                self.show_advice(self.symptoms[int(line) - 1])
            else:
                self.plain.say(
                    f"Type a number from 1 to {len(self.symptoms)}, or press enter to go back."
                )
            return True
        if line == "":
            self.show_list()
        elif line.isdigit() and 1 <= int(line) <= len(self.actions):
            self.plain.close_prompt(self)
            self.plain.symptom_chosen(self, self.current, self.actions[int(line) - 1])
        else:
            self.plain.say(
                f"Type a number from 1 to {len(self.actions)}, or press enter for the list."
            )
        return True


class _EndPrompt(_Prompt):
    def __init__(self, plain: PlainSession, was_paused: bool) -> None:
        super().__init__(plain)
        self.was_paused = was_paused

    def valid(self) -> bool:
        return self.plain.running_session() is not None

    def show(self) -> None:
        self.plain.say(
            "End the session now? What you did so far is saved and the session is recorded "
            "as ended early. Type y to end it, or n to keep going."
        )

    def answer(self, line: str) -> bool:
        choice = line.lower()
        if choice not in ("y", "yes", "n", "no", ""):
            self.plain.say("Type y to end the session, or n to keep going.")
            return True
        self.plain.close_prompt(self)
        self.plain.end_answered(choice in ("y", "yes"), self.was_paused)
        return True


# ---------------------------------------------------------------------------------------------
# The session


@dataclass(frozen=True)
class PlainOutcome:
    """How a plain session ended: `status` None when quit at the resume offer; `in-progress`
    when it stopped unfinished (end of input, Ctrl+C): `hamtui run` offers to resume it."""

    status: Status | None
    record_path: Path | None


class PlainSession:
    """A session said as lines (see the module docstring). Construct, `start()`, then `feed`
    lines and `tick()` at `next_wake()` until `finished`."""

    def __init__(
        self,
        program_path: Path,
        library: Library,
        out: Output,
        *,
        clock: Clock = time.monotonic,
        wall_clock: WallClock = utc_now,
        pain_threshold: int | None = None,
        get_ready_s: int = GET_READY_S,
        switch_side_s: int = SWITCH_SIDE_S,
        resume: ResumeMode = "ask",
        auto_ack: bool = False,
        sessions_dir: Path | None = None,
        bell: Callable[[], None] | None = None,
    ) -> None:
        """Loads the program: raises HamtuiError (LoadError, SessionError) when the file is
        broken or an exercise does not resolve, before anything is said. `auto_ack`: start
        cues are not waited for, ratings not asked, an unfinished session resumed. `bell` is
        called at every phase change (None: silent)."""
        loaded = load_session_program(
            program_path,
            library,
            get_ready_s=get_ready_s,
            switch_side_s=switch_side_s,
            pain_threshold=pain_threshold,
        )
        self.full_timeline = loaded.timeline
        self.program_path = program_path
        self.program = loaded.program
        self.program_sha256 = loaded.sha256
        self.library = library
        self.out = out
        self.clock = clock
        self.wall_clock = wall_clock
        self.pain_threshold = loaded.pain_threshold
        self.symptoms: list[Symptom] = list(loaded.symptoms)
        self.get_ready_s = get_ready_s
        self.switch_side_s = switch_side_s
        self.resume_mode: ResumeMode = resume
        self.auto_ack = auto_ack
        self.sessions_dir = sessions_dir
        self.bell = bell

        self.session: Session | None = None
        self.recorder: SessionRecorder | None = None
        self.status: Status | None = None  # set when the engine finishes
        self.finished = False  # nothing more to do: the loop stops
        self._quit = False
        self._eof = False
        self._prompts: list[_Prompt] = []
        self._shown: _Prompt | None = None
        self._entry = 0  # counts step entries: a count-down is said once per entry
        self._said: set[tuple[object, ...]] = set()
        self._phase_len: dict[int, float] = {}  # entry -> length of the count-down (+ rest)
        self._phase_key: tuple[int, int, str] | None = None

    # -- saying ------------------------------------------------------------------------------

    def say(self, text: str) -> None:
        """One or more lines, literal: control characters spelled out, never sent."""
        for line in literal(text).split("\n"):
            self.out(line)

    def _ring(self) -> None:
        if self.bell is not None:
            self.bell()

    # -- state for the prompts -----------------------------------------------------------------

    @property
    def outcome(self) -> PlainOutcome:
        status: Status | None = None if self._quit else (self.status or "in-progress")
        return PlainOutcome(status, self.recorder.path if self.recorder else None)

    @property
    def prompt(self) -> _Prompt | None:
        """The question being asked, if any."""
        return self._prompts[0] if self._prompts else None

    def running_session(self) -> Session | None:
        session = self.session
        if session is None or self.status is not None or session.state == "finished":
            return None
        return session

    def is_paused(self) -> bool:
        return self.session is not None and self.session.state == "paused"

    def exercise_name_at(self, block: int, item: int, plan: ResumePlan) -> str:
        slug = plan.swaps.get((block, item)) or self.program.blocks[block].items[item].exercise
        exercise = self.library.resolve(self.program, slug)
        return one_line(exercise.name, 80) if exercise is not None else one_line(slug)

    # -- starting ----------------------------------------------------------------------------

    def start(self) -> None:
        """Say what is run, then offer to resume an unfinished session, or begin."""
        sets = len(self.full_timeline.plans)
        self.say(
            f"{one_line(self.program.title, 100)} ({one_line(self.program_path.name)}): "
            f"{sets} set{'s' if sets != 1 else ''}, about "
            f"{seconds_words(60 * math.ceil(self.full_timeline.planned_s / 60))}."
        )
        self.say("Type a command and press enter at any time; h lists them.")
        found = unfinished_of(self.program_path, self.sessions_dir)
        if not found:
            self.begin(None)
        elif self.auto_ack or self.resume_mode == "resume":
            self.begin(found[0])
        else:
            try:
                plan = plan_resume(found[0].record, self.program, self.program_sha256, self.library)
            except HamtuiError as exc:
                self.say(f"Cannot resume the last session: {one_line(str(exc))}")
                self.begin(None)
            else:
                self.push(_ResumePrompt(self, found[0], plan))
        self._settle()

    def begin(self, resume: UnfinishedSession | None) -> None:
        timeline = self.full_timeline
        if resume is None:
            self.recorder = SessionRecorder.create(
                self.program_path, self.program_sha256, self.wall_clock, folder=self.sessions_dir
            )
        else:
            plan = plan_resume(resume.record, self.program, self.program_sha256, self.library)
            self.recorder = SessionRecorder.reopen(resume.path, self.wall_clock)
            self.say("Resuming the unfinished session.")
            if plan.program_changed:
                self.say(
                    "Warning: the program file changed since this session started: check "
                    "that the sets line up."
                )
            if plan.start_at is None:
                self.recorder.finish("completed")
                self.status = "completed"
                self.say(STATUS_WORDS["completed"])
                return
            timeline = build_timeline(
                self.program,
                self.library,
                get_ready_s=self.get_ready_s,
                switch_side_s=self.switch_side_s,
                start_at=plan.start_at,
                swaps=plan.swaps,
            )
        self.session = Session(timeline, self.clock, require_ack=not self.auto_ack)
        self.apply(self.session.start())

    def quit_before_start(self) -> None:
        self._quit = True
        self.say("Nothing was started.")

    # -- the loop's side -----------------------------------------------------------------------

    def tick(self) -> None:
        """Catch the engine up with the clock and say what happened."""
        if self.finished:
            return
        session = self.running_session()
        if session is not None:
            self.apply(session.poll())
        self._settle()

    def feed(self, line: str) -> None:
        """A line typed by the athlete (without its newline)."""
        if self.finished:
            return
        self.tick()
        if self.finished:
            return
        line = line.strip()
        prompt = self.prompt
        if prompt is None or not prompt.answer(line):
            self.command(line)
        self._settle()

    def close_input(self) -> None:
        """No more lines will come (end of file, Ctrl+D)."""
        self._eof = True
        self._settle()

    def interrupt(self) -> None:
        """Ctrl+C: stop here; the record stays unfinished, to resume."""
        if not self.finished:
            self.finished = True
            self.say(
                "Interrupted: the session is saved unfinished; `hamtui run` offers to resume it."
            )

    def next_wake(self) -> float | None:
        """When (on `clock`) `tick()` is next needed; None when only input can move it."""
        session = self.running_session()
        if self.finished or session is None or session.state != "running":
            return None
        now = self.clock()
        step = session.step
        wakes: list[float] = []
        if step is not None and step.kind == "work" and step.exercise.cues:
            wakes.append(now + CUE_CHECK_S)  # timed cues: the engine says them when polled
        remaining = session.remaining()
        if remaining is not None:
            wakes.append(now + remaining)
        rep = session.rep()
        if rep is not None and rep.phase_remaining > 0:
            wakes.append(now + rep.phase_remaining)
        countdown = self._countdown()
        if countdown is not None:
            left, length, _key = countdown
            for mark in COUNTDOWN_AT:
                if mark < left - _EPS and _counts(mark, length):
                    wakes.append(now + left - mark)
                    break
        if not wakes:
            return None  # reps at one's own pace, no cues: only `d` ends them
        wake = min(wakes)
        return wake + WAKE_SLACK_S

    # -- engine events -------------------------------------------------------------------------

    def apply(self, events: Sequence[SessionEvent]) -> None:
        """Say what the engine reports, record it, queue the questions it raises."""
        if not events:
            return
        for n, event in enumerate(events):
            following = events[n + 1] if n + 1 < len(events) else None
            self._say_event(event, following)
        if self.recorder is not None:
            self.recorder.handle(events)
        for event in events:
            if isinstance(event, AwaitingAck):
                self._prompts = [p for p in self._prompts if not isinstance(p, _AckPrompt)]
                self.push(_AckPrompt(self, event.index))
            elif isinstance(event, ExerciseFinished) and not self.auto_ack:
                self.push(_RatingPrompt(self, event.step))

    def _say_event(self, event: SessionEvent, following: SessionEvent | None) -> None:
        if isinstance(event, StepStarted):
            self._entry += 1
            self._phase_key = None
            if isinstance(following, AwaitingAck) and following.index == event.index:
                return  # said once the start cues are acknowledged
            if event.cause in ("deadline", "done"):
                self._ring()
            self._announce(event.step, event.index, "Back: " if event.cause == "back" else "")
        elif isinstance(event, Acknowledged):
            self._announce(event.step, event.index)
        elif isinstance(event, RepStarted):
            self._ring()
            dose = event.step.plan.dose
            if dose.pacing == "hold" and dose.hold_s is not None:
                self.say(f"Hold {event.rep} of {dose.reps}: {seconds_words(dose.hold_s)}.")
            else:
                self.say(f"Rep {event.rep} of {dose.reps}.")
        elif isinstance(event, CueDue):
            self.say(cue_line(event.cue))
        elif isinstance(event, StepSkipped):
            self.say("Skipped.")
        elif isinstance(event, ExerciseFinished):
            self.say(f"{_name(event.step)}: done.")
        elif isinstance(event, ExerciseSkipped):
            self.say(f"Skipped the rest of {_name(event.step)}.")
        elif isinstance(event, ExerciseSwapped):
            self.say(f"Swapped to {one_line(event.name, 80)} for the rest of this exercise.")
        elif isinstance(event, Paused):
            self.say("Paused. Type p and press enter to resume.")
        elif isinstance(event, Resumed):
            self.say("Resumed.")
        elif isinstance(event, RestAdded):
            session = self.session
            left = session.remaining() if session is not None else None
            if left is not None:
                self._phase_len[self._entry] = left
                self.say(f"{seconds_words(event.seconds)} more rest: {seconds_words(left)} left.")
        elif isinstance(event, SessionFinished):
            if event.status == "completed":
                self._ring()
            self.status = event.status
            self.say(STATUS_WORDS.get(event.status, event.status))

    def _announce(self, step: Step, index: int, lead: str = "") -> None:
        """A phase change, as one sentence."""
        seconds = step.duration_s or 0.0
        if step.kind == "get-ready":
            if seconds <= 0:
                return
            side = f", {step.side} side" if step.side else ""
            self.say(f"{lead}Get ready: {_name(step)}{side}, {seconds_words(seconds)}.")
        elif step.kind == "work":
            self.say(f"{lead}{set_words(step)}: {work_words(step)}.")
        elif step.kind == "switch-side":
            self.say(f"{lead}Switch sides: {step.side or 'other'} side, {seconds_words(seconds)}.")
        else:
            words = f"{lead}Rest {seconds_words(seconds)}"
            if step.kind == "round-rest":
                words += f" before round {step.round + 1}"
            upcoming = self._next_work(index)
            self.say(f"{words}. Next: {next_words(upcoming)}." if upcoming else f"{words}.")

    def _next_work(self, index: int) -> Step | None:
        session = self.session
        if session is None:
            return None
        for step in session.timeline.steps[index + 1 :]:
            if step.kind == "work":
                return step
        return None

    # -- what happens between events: hold / release, the count-down ---------------------------

    def _countdown(self) -> tuple[float, float, tuple[object, ...]] | None:
        """(seconds left, length, key) of the phase counted down now, if any."""
        session = self.running_session()
        if session is None or session.state != "running":
            return None
        step = session.step
        if step is None or (step.kind == "work" and step.duration_s is None):
            return None
        dose = step.plan.dose
        rep = session.rep()
        if step.kind == "work" and dose.pacing == "hold" and rep is not None:
            if rep.phase != "hold" or dose.hold_s is None:
                return None
            return rep.phase_remaining, float(dose.hold_s), (self._entry, rep.rep)
        left = session.remaining()
        if left is None:  # pragma: no cover - timed steps have a deadline
            return None
        length = self._phase_len.get(self._entry, step.duration_s or 0.0)
        return left, length, (self._entry, 0, length)

    def _phase_checks(self) -> None:
        session = self.running_session()
        if session is None or session.state != "running":
            return
        step = session.step
        rep = session.rep()
        if step is not None and rep is not None and rep.reps > 1 and step.pacing == "hold":
            key = (self._entry, rep.rep, rep.phase)
            if key != self._phase_key:
                if rep.phase == "release" and self._phase_key is not None:
                    self._ring()
                    self.say(f"Release, {seconds_words(rep.phase_remaining)}.")
                self._phase_key = key
        countdown = self._countdown()
        if countdown is None:
            return
        left, length, phase = countdown
        crossed = [m for m in COUNTDOWN_AT if left <= m + _EPS and _counts(m, length)]
        new = [m for m in crossed if (*phase, m) not in self._said]
        for m in crossed:
            self._said.add((*phase, m))
        if new:
            mark = min(new)
            self.say(f"{mark} seconds left." if mark > 3 else f"{mark}.")

    # -- questions -----------------------------------------------------------------------------

    def push(self, prompt: _Prompt, *, first: bool = False) -> None:
        if first:
            self._prompts.insert(0, prompt)
        else:
            self._prompts.append(prompt)

    def close_prompt(self, prompt: _Prompt) -> None:
        if prompt in self._prompts:
            self._prompts.remove(prompt)
        if self._shown is prompt:
            self._shown = None

    def _settle(self) -> None:
        """After anything: say the next question, the count-down, the end."""
        if self.finished:
            return
        self._phase_checks()
        self._show_next()
        if self._eof:
            self._prune()
            while self.prompt is not None and self.prompt.at_end_of_input():
                self._prune()
            self._show_next()
            if self._waits_for_input():
                self.finished = True
                self.say(
                    "No more input: the session stops here, unfinished; `hamtui run` "
                    "offers to resume it."
                )
                return
        if (self.status is not None or self._quit) and not self._prompts:
            self.finished = True
            if not self._quit:
                self._summary()

    def _prune(self) -> None:
        """Drop the questions that no longer apply (a start pop-up the session moved past)."""
        while self._prompts and not self._prompts[0].valid():
            dropped = self._prompts.pop(0)
            if self._shown is dropped:
                self._shown = None

    def _show_next(self) -> None:
        """Ask the first question of the queue, unless it is being asked already."""
        self._prune()
        prompt = self.prompt
        if prompt is not None and prompt is not self._shown:
            self._shown = prompt
            prompt.show()
            self._prune()

    def _waits_for_input(self) -> bool:
        if self.prompt is not None:
            return True
        session = self.running_session()
        if session is None:
            return False
        step = session.step
        return session.state in ("awaiting-ack", "paused") or (
            step is not None and step.kind == "work" and step.duration_s is None
        )

    def rated(self, step: Step, pain: int | None, effort: int | None) -> None:
        if (pain is None and effort is None) or self.recorder is None:
            return
        self.recorder.rate(
            step.block, step.item, step.slug, pain=pain, effort=effort, side=step.plan.dose.side
        )
        if not pain_needs_advice(pain, self.pain_threshold):
            return
        was_paused = self._pause_for_question()
        preselect = PAIN_SYMPTOM if any(s.id == PAIN_SYMPTOM for s in self.symptoms) else None
        intro = (
            f"You rated the pain of {_name(step)} {pain} of 10, above {self.pain_threshold}. "
            "Read the advice, or choose what you felt."
        )
        self.push(
            _SymptomPrompt(
                self,
                exercise_name=step.name,
                allowed=("continue", "end-session"),
                was_paused=was_paused,
                intro=intro,
                preselect=preselect,
                note=f"pain {pain}/10 after {step.slug}",
            ),
            first=True,
        )

    def symptom_chosen(
        self, prompt: _SymptomPrompt, symptom: Symptom | None, action: SymptomAction | None
    ) -> None:
        if symptom is not None and action is not None and self.recorder is not None:
            self.recorder.symptom(symptom.label, action, prompt.note)
        session = self.running_session()
        if session is None:
            return
        if action == "end-session":
            self.apply(session.end())
            return
        if action == "regress" and prompt.regression is not None:
            self.apply(session.swap_exercise(*prompt.regression))
        elif action == "stop-exercise":
            self.apply(session.skip_exercise())
        elif action == "shorten-range" and symptom is not None:
            self.say("Go on with a shorter range:")
            for tip in symptom.adjustments[:2] or ["Shorten the range"]:
                self.say(cue_line(CueSpec(tip, "start", "caution")))
        elif action == "continue":
            self.say("Carry on.")
        self._resume_after_question(prompt.was_paused)

    def end_answered(self, yes: bool, was_paused: bool) -> None:
        session = self.running_session()
        if session is None:
            return
        if yes:
            self.apply(session.end())
            return
        self.say("Keep going.")
        self._resume_after_question(was_paused)

    def _pause_for_question(self) -> bool:
        """Pause while a question is asked; True when the session was paused already."""
        session = self.running_session()
        if session is None:
            return True
        was_paused = session.state == "paused"
        if session.state == "running":
            self.apply(session.pause())
        return was_paused

    def _resume_after_question(self, was_paused: bool) -> None:
        session = self.running_session()
        if session is not None and not was_paused and session.state == "paused":
            self.apply(session.resume())

    # -- commands ------------------------------------------------------------------------------

    def command(self, line: str) -> None:
        word = line.lower()
        if word in ("h", "help", "?"):
            for help_line in HELP_LINES:
                self.say(help_line)
            return
        session = self.running_session()
        if session is None:
            if word == "":
                return
            self.say("The session is over." if self.status else "The session has not started.")
            return
        if word == "":
            self.say(self.where())
            return
        if word in ("p", "n", "b", "+", "d") and session.state == "awaiting-ack":
            name = _name(session.timeline[session.index])
            ack = isinstance(self.prompt, _AckPrompt)
            self.say(
                f"The session waits for you to start {name}: "
                + ("press enter when ready." if ack else "answer the question first.")
            )
            return
        if word == "p":
            self.apply(session.resume() if session.state == "paused" else session.pause())
        elif word == "n":
            self.apply(session.skip())
        elif word == "b":
            self.apply(session.back())
        elif word == "+":
            if session.can_add_rest():
                self.apply(session.add_rest())
            else:
                self.say("+ adds rest only during a rest.")
        elif word == "d":
            step = session.step
            if step is not None and step.kind == "work" and step.duration_s is None:
                self.apply(session.done())
            else:
                self.say("d is for reps at your own pace; this step ends by itself.")
        elif word == "!":
            self.symptom_check()
        elif word == "q":
            self.push(_EndPrompt(self, self._pause_for_question()), first=True)
        else:
            self.say(f"Unknown command `{one_line(line, 20)}`: type h and press enter for help.")

    def symptom_check(self) -> None:
        session = self.running_session()
        step = session.step if session is not None else None
        if session is None or step is None:
            return
        was_paused = self._pause_for_question()
        regression = None
        if session.can_swap():
            regression = first_regression(step.exercise, self.program, self.library)
        self.push(
            _SymptomPrompt(
                self,
                exercise_name=step.name,
                allowed=allowed_actions(session.can_swap(), regression is not None),
                was_paused=was_paused,
                regression=regression,
                note=f"during {step.slug}",
            ),
            first=True,
        )

    def where(self) -> str:
        """Where the session is, as the full screen shows it: one line."""
        session = self.running_session()
        step = session.step if session is not None else None
        if session is None or step is None:
            return "The session is over."
        lead = "Paused. " if session.state == "paused" else ""
        remaining = session.remaining()
        if session.state == "awaiting-ack":
            now = f"Waiting to start {_name(step)}: press enter when ready"
        elif step.kind == "work":
            rep = session.rep()
            now = f"{next_words(step)}: "
            if remaining is None:
                now += (
                    f"{step.reps} reps at your own pace, {seconds_words(session.elapsed())} so "
                    "far; type d when done"
                )
            elif rep is not None:
                word = "hold" if step.pacing == "hold" else "rep"
                phase = "hold" if rep.phase == "hold" else rep.phase.replace("-", " ")
                now += (
                    f"{word} {rep.rep} of {rep.reps}, {phase} "
                    f"{seconds_words(rep.phase_remaining)}; the set ends in "
                    f"{seconds_words(remaining)}"
                )
        elif step.kind == "get-ready":
            now = f"Get ready for {_name(step)}, {seconds_words(remaining or 0)} left"
        elif step.kind == "switch-side":
            now = f"Switch to the {step.side or 'other'} side, {seconds_words(remaining or 0)} left"
        else:
            now = f"Rest, {seconds_words(remaining or 0)} left"
            upcoming = self._next_work(session.index)
            if upcoming is not None:
                now += f"; next: {next_words(upcoming)}"
        done = sum(e.sets_done for e in self.recorder.record.entries) if self.recorder else 0
        total = len(self.full_timeline.plans)
        return (
            f"{lead}{now}. {done} of {total} sets done, about "
            f"{seconds_words(session.time_left())} left in the session."
        )

    # -- the end -------------------------------------------------------------------------------

    def _summary(self) -> None:
        """What was done, skipped and reported, and where the record is."""
        recorder = self.recorder
        if recorder is None:
            return
        record = recorder.record
        self.say(f"{one_line(self.program.title, 100)} ({one_line(self.program_path.name)})")
        done = sum(e.sets_done for e in record.entries)
        self.say(f"Sets done: {done} of {len(self.full_timeline.plans)}.")
        skips = [e.detail for e in record.events if e.kind == "skip"]
        exercises = sum(1 for e in record.entries if e.skipped)
        sets = sum(1 for d in skips if not d.endswith("exercise skipped"))
        if exercises or sets:
            self.say(
                f"Skipped: {sets} set{'s' if sets != 1 else ''}, "
                f"{exercises} exercise{'s' if exercises != 1 else ''}."
            )
        else:
            self.say("Skipped: nothing.")
        symptoms = [e.detail for e in record.events if e.kind == "symptom"]
        self.say(f"Symptoms reported: {len(symptoms) or 'none'}.")
        for detail in symptoms:
            self.say(f"  - {one_line(detail, 100)}")
        for entry in record.entries:
            if entry.pain is None and entry.effort is None:
                continue
            exercise = self.library.resolve(self.program, entry.exercise)
            name = exercise.name if exercise is not None else entry.exercise
            pain = "-" if entry.pain is None else entry.pain
            effort = "-" if entry.effort is None else entry.effort
            self.say(f"  {one_line(name, 60)}: pain {pain}, effort {effort}.")
        self.say(f"Saved to: {one_line(str(recorder.path))}")


def _counts(mark: int, length: float) -> bool:
    """Whether a phase of `length` s counts down at `mark` s before its end: only below its
    length, and 10 and 5 only when they come at least 3 s after the phase was announced."""
    return mark < length - _EPS and (mark <= 3 or length - mark >= 3)


# ---------------------------------------------------------------------------------------------
# The real loop: stdin, stdout, time.monotonic


class _LineReader:
    """Lines from stdin as they come, waiting at most `timeout` seconds: select() on the file
    descriptor where there is one, else a reader thread (a Windows console, a test's stream)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._buffer = b""
        self._fd: int | None
        try:
            fd = stream.fileno()
            select.select([fd], [], [], 0)
        except (OSError, ValueError, io.UnsupportedOperation):
            self._fd = None
            self._queue: queue.Queue[str | None] = queue.Queue()
            threading.Thread(target=self._pump, daemon=True).start()
        else:
            self._fd = fd

    def _pump(self) -> None:
        try:
            for line in iter(self._stream.readline, ""):
                self._queue.put(line)
        finally:
            self._queue.put(None)

    def read(self, timeout: float | None) -> tuple[list[str], bool]:
        """(complete lines, end of input)."""
        if self._fd is None:
            try:
                item = self._queue.get(timeout=timeout)
            except queue.Empty:
                return [], False
            if item is None:
                return [], True
            return [item.rstrip("\r\n")], False
        ready, _, _ = select.select([self._fd], [], [], timeout)
        if not ready:
            return [], False
        data = os.read(self._fd, 65536)
        if not data:
            rest = self._buffer.decode("utf-8", "replace")
            self._buffer = b""
            return ([rest.rstrip("\r")] if rest else []), True
        self._buffer += data
        *lines, self._buffer = self._buffer.split(b"\n")
        return [line.decode("utf-8", "replace").rstrip("\r") for line in lines], False


def line_writer(stream: TextIO) -> Output:
    """Write a line and flush at once (a pipe or a screen reader reads it now); characters
    the stream cannot encode are replaced rather than raising."""

    def write(line: str) -> None:
        try:
            stream.write(line + "\n")
        except UnicodeEncodeError:
            encoding = getattr(stream, "encoding", None) or "ascii"
            stream.write(line.encode(encoding, "replace").decode(encoding) + "\n")
        stream.flush()

    return write


def drive(plain: PlainSession, reader: _LineReader, clock: Clock = time.monotonic) -> None:
    """Run a started-or-not plain session to its end: wait for a line or the next wake."""
    plain.start()
    eof = False
    while not plain.finished:
        wake = plain.next_wake()
        timeout = None if wake is None else max(0.0, wake - clock())
        if eof:
            if timeout is None:  # pragma: no cover - close_input stops a waiting session
                break
            time.sleep(timeout)
        else:
            lines, eof = reader.read(timeout)
            for line in lines:
                plain.feed(line)
                if plain.finished:
                    break
            if eof:
                plain.close_input()
        plain.tick()


def run_plain_session(
    program_path: Path,
    library: Library,
    *,
    bell: bool = False,
    get_ready_s: int = GET_READY_S,
    switch_side_s: int = SWITCH_SIDE_S,
    auto_ack: bool = False,
    resume: ResumeMode = "ask",
    pain_threshold: int | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    sessions_dir: Path | None = None,
) -> int:
    """`hamtui run --plain`: the session on stdin and stdout; 0, or 130 after Ctrl+C. Raises
    HamtuiError before saying anything when the program cannot run. The bell (BEL) rings
    only when stdout is a terminal."""
    stdin = sys.stdin if stdin is None else stdin
    stdout = sys.stdout if stdout is None else stdout
    write = line_writer(stdout)
    ring: Callable[[], None] | None = None
    if bell and stdout.isatty():

        def ring() -> None:
            stdout.write("\a")
            stdout.flush()

    plain = PlainSession(
        program_path,
        library,
        write,
        pain_threshold=pain_threshold,
        get_ready_s=get_ready_s,
        switch_side_s=switch_side_s,
        resume=resume,
        auto_ack=auto_ack,
        sessions_dir=sessions_dir,
        bell=ring,
    )
    try:
        drive(plain, _LineReader(stdin))
    except KeyboardInterrupt:
        plain.interrupt()
        return 130
    return 0
