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
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Literal, TextIO

from hamtui.library import Library
from hamtui.model.safety import Symptom, SymptomAction
from hamtui.session.engine import (
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
    SessionEvent,
    SessionFinished,
    Step,
    StepSkipped,
    StepStarted,
)
from hamtui.session.record import utc_now
from hamtui.session.run import (
    COMMANDS,
    EndQuestion,
    Notice,
    Outcome,
    Question,
    RatingQuestion,
    ResumeChoice,
    ResumeQuestion,
    SessionOptions,
    SessionRunner,
    StartChoice,
    StartQuestion,
    Summary,
    SymptomQuestion,
)
from hamtui.text import literal, one_line

Clock = Callable[[], float]
WallClock = Callable[[], datetime]
Output = Callable[[str], None]

COUNTDOWN_AT: tuple[int, ...] = (10, 5, 3, 2, 1)  # seconds before a phase ends
CUE_CHECK_S = 0.25  # during work with cues, the longest time between two ticks
WAKE_SLACK_S = 0.0001  # wake just after a moment, never just before it
_EPS = 1e-6
HELP_LINES: tuple[str, ...] = (
    "Commands: type one and press enter.",
    "  enter: say where the session is (at a question: skip it, or go back)",
    *(f"  {c.plain}: {c.help[0].lower()}{c.help[1:]}" for c in COMMANDS if c.plain),
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
# Questions: the runner's questions, each as lines to say and lines to read


class _View:
    """How the plain text asks one of the runner's questions. `answer` takes the lines it
    understands; the start pop-up and the ratings let the others through as commands, the
    other questions insist on an answer."""

    def __init__(self, plain: PlainSession, question: Question) -> None:
        self.plain = plain
        self.runner = plain.runner
        self.question = question

    def show(self) -> None:  # pragma: no cover - every view says something
        raise NotImplementedError

    def answer(self, line: str) -> bool:
        """Take a line; False when it is not an answer (then it is a command)."""
        raise NotImplementedError  # pragma: no cover

    def at_end_of_input(self) -> None:
        """No more lines will come while this is asked (most questions stay unanswered)."""


class _ResumeView(_View):
    question: ResumeQuestion

    def show(self) -> None:
        q, say = self.question, self.plain.say
        for line in q.lines:
            say(line)
        if q.warning:
            say(f"Warning: {q.warning[:1].lower()}{q.warning[1:]}")
        say(
            "Resume it? Type r to resume, f to start fresh (the old one is closed as ended "
            "early), or q to quit."
        )

    def answer(self, line: str) -> bool:
        choice = RESUME_WORDS.get(line.lower())
        if choice is None:
            self.plain.say("Type r to resume, f to start fresh, or q to quit.")
            return True
        self.runner.answer_resume(self.question, choice)
        return True


class _StartView(_View):
    """The start pop-up: enter starts the get-ready count-down."""

    question: StartQuestion

    def show(self) -> None:
        for line in intro_lines(self.question.step.exercise, self.question.heading):
            self.plain.say(line)
        self.plain.say("Press enter when ready; n skips this exercise, q ends the session.")

    def answer(self, line: str) -> bool:
        choice = START_WORDS.get(line.lower())
        if choice is None:
            return False
        self.runner.answer_start(self.question, choice)
        return True


class _RatingView(_View):
    """Pain, then effort, 0 to 10; enter skips a question."""

    question: RatingQuestion

    def __init__(self, plain: PlainSession, question: Question) -> None:
        super().__init__(plain, question)
        self.asking: Literal["pain", "effort"] = "pain"
        self.pain: int | None = None

    def show(self) -> None:
        name = _name(self.question.step)
        if self.asking == "pain":
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
        if self.asking == "pain":
            self.pain = value
            self.asking = "effort"
            self.show()
            return True
        self.runner.answer_rating(self.question, self.pain, value)
        return True

    def at_end_of_input(self) -> None:
        """Keep the pain already given (effort is left out)."""
        self.runner.answer_rating(self.question, self.pain, None)


class _SymptomView(_View):
    """The symptom check: a numbered list, then the advice and the numbered actions."""

    question: SymptomQuestion

    def __init__(self, plain: PlainSession, question: Question) -> None:
        super().__init__(plain, question)
        self.current: Symptom | None = self.question.preselected()
        self.actions: list[SymptomAction] = []

    def show(self) -> None:
        q, say = self.question, self.plain.say
        session = self.runner.session
        paused = (
            "the session is paused" if session is not None and session.state == "paused" else ""
        )
        title = "Symptom check"
        if q.exercise_name:
            title += f", {one_line(q.exercise_name, 80)}"
        say(f"{title}: {paused}." if paused else f"{title}.")
        if q.intro:
            say(q.intro)
        if self.current is not None:
            self.show_advice(self.current)
        else:
            self.show_list()

    def show_list(self) -> None:
        self.current = None
        say, symptoms = self.plain.say, self.question.symptoms
        if not symptoms:
            say("The library's safety rules list no symptoms. Press enter to go back.")
            return
        say("What do you feel? Type the number of the closest, or press enter to go back.")
        for n, symptom in enumerate(symptoms, start=1):
            say(f"  {n}. {one_line(symptom.label)}")

    def show_advice(self, symptom: Symptom) -> None:
        self.current = symptom
        actions, note = self.question.actions(symptom)
        self.actions = list(actions)
        for line in advice_lines(symptom, note):
            self.plain.say(line)
        self.plain.say("What now? Type its number, or press enter for the list of symptoms.")
        for n, action in enumerate(actions, start=1):
            self.plain.say(f"  {n}. {self.question.action_words(action, symptom)}")

    def answer(self, line: str) -> bool:
        symptoms = self.question.symptoms
        if self.current is None:
            if line == "":
                self.runner.answer_symptom(self.question, None, None)
            elif line.isdigit() and 1 <= int(line) <= len(symptoms):
                self.show_advice(symptoms[int(line) - 1])
            else:
                self.plain.say(
                    f"Type a number from 1 to {len(symptoms)}, or press enter to go back."
                )
            return True
        if line == "":
            self.show_list()
        elif line.isdigit() and 1 <= int(line) <= len(self.actions):
            action = self.actions[int(line) - 1]
            self.runner.answer_symptom(self.question, self.current, action)
        else:
            self.plain.say(
                f"Type a number from 1 to {len(self.actions)}, or press enter for the list."
            )
        return True


class _EndView(_View):
    question: EndQuestion

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
        self.runner.answer_end(self.question, choice in ("y", "yes"))
        return True


RESUME_WORDS: dict[str, ResumeChoice] = {"r": "resume", "f": "fresh", "q": "quit"}
START_WORDS: dict[str, StartChoice] = {"": "start", "n": "skip"}
_VIEWS: dict[type, type[_View]] = {
    ResumeQuestion: _ResumeView,
    StartQuestion: _StartView,
    RatingQuestion: _RatingView,
    SymptomQuestion: _SymptomView,
    EndQuestion: _EndView,
}


# ---------------------------------------------------------------------------------------------
# The session


QUIET = SessionOptions(bell=False)  # no bell unless asked for


class PlainSession:
    """A session said as lines (see the module docstring). Construct, `start()`, then `feed`
    lines and `tick()` at `next_wake()` until `finished`."""

    def __init__(
        self,
        program_path: Path,
        library: Library,
        out: Output,
        options: SessionOptions = QUIET,
        *,
        clock: Clock = time.monotonic,
        wall_clock: WallClock = utc_now,
        bell: Callable[[], None] | None = None,
    ) -> None:
        """Loads the program: raises HamtuiError (LoadError, SessionError) when the file is
        broken or an exercise does not resolve, before anything is said. `bell` is called at
        every phase change while the bell is on (None: silent)."""
        self.runner = SessionRunner(
            program_path, library, options, clock=clock, wall_clock=wall_clock
        )
        self.runner.on_events = self._events
        self.runner.on_notice = self._notice
        self.program_path = program_path
        self.program = self.runner.program
        self.full_timeline = self.runner.full_timeline
        self.library = library
        self.out = out
        self.clock = clock
        self.bell = bell
        self.finished = False  # nothing more to do: the loop stops
        self._eof = False
        self._view: _View | None = None
        self._entry = 0  # counts step entries: a count-down is said once per entry
        self._said: set[tuple[object, ...]] = set()
        self._phase_len: dict[int, float] = {}  # entry -> length of the count-down (+ rest)
        self._phase_key: tuple[int, int, str] | None = None

    @property
    def outcome(self) -> Outcome:
        """How it ended (the runner's; its `session` and `recorder` are the state)."""
        return self.runner.outcome

    # -- saying ------------------------------------------------------------------------------

    def say(self, text: str) -> None:
        """One or more lines, literal: control characters spelled out, never sent."""
        for line in literal(text).split("\n"):
            self.out(line)

    def _ring(self) -> None:
        if self.bell is not None and self.runner.bell_on:
            self.bell()

    def _notice(self, notice: Notice) -> None:
        text = notice.text
        if notice.level == "warning":
            text = f"Warning: {text[0].lower()}{text[1:]}"
        self.say(text)
        for cue in notice.cues:
            self.say(cue_line(cue))

    # -- the loop's side -----------------------------------------------------------------------

    def start(self) -> None:
        """Say what is run, then offer to resume an unfinished session, or begin."""
        sets = len(self.full_timeline.plans)
        self.say(
            f"{one_line(self.program.title, 100)} ({one_line(self.program_path.name)}): "
            f"{sets} set{'s' if sets != 1 else ''}, about "
            f"{seconds_words(60 * math.ceil(self.full_timeline.planned_s / 60))}."
        )
        self.say("Type a command and press enter at any time; h lists them.")
        self.runner.start()
        self._settle()

    def tick(self) -> None:
        """Catch the engine up with the clock and say what happened."""
        if self.finished:
            return
        self.runner.poll()
        self._settle()

    def feed(self, line: str) -> None:
        """A line typed by the athlete (without its newline)."""
        if self.finished:
            return
        self.tick()
        if self.finished:
            return
        line = line.strip()
        view = self._view
        if view is None or not view.answer(line):
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
        session = self.runner.running()
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

    def _events(self, events: Sequence[SessionEvent]) -> None:
        """Say what the engine reports (the runner records it and queues the questions)."""
        for n, event in enumerate(events):
            following = events[n + 1] if n + 1 < len(events) else None
            self._say_event(event, following)

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
            session = self.runner.session
            left = session.remaining() if session is not None else None
            if left is not None:
                self._phase_len[self._entry] = left
                self.say(f"{seconds_words(event.seconds)} more rest: {seconds_words(left)} left.")
        elif isinstance(event, SessionFinished) and event.status == "completed":
            self._ring()

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
        session = self.runner.session
        if session is None:
            return None
        for step in session.timeline.steps[index + 1 :]:
            if step.kind == "work":
                return step
        return None

    # -- what happens between events: hold / release, the count-down ---------------------------

    def _countdown(self) -> tuple[float, float, tuple[object, ...]] | None:
        """(seconds left, length, key) of the phase counted down now, if any."""
        session = self.runner.running()
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
        session = self.runner.running()
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

    # -- questions and the end -----------------------------------------------------------------

    def _settle(self) -> None:
        """After anything: say the next question, the count-down, the end."""
        if self.finished:
            return
        self._phase_checks()
        self._show_question()
        if self._eof:
            if self._view is not None:
                self._view.at_end_of_input()
            self.runner.leave_unanswered()
            self._show_question()
            if self._waits_for_input():
                self.finished = True
                self.say(
                    "No more input: the session stops here, unfinished; `hamtui run` "
                    "offers to resume it."
                )
                return
        if self.runner.over:
            self.finished = True
            if not self.runner.quit:
                self._summary(self.runner.summary())

    def _show_question(self) -> None:
        """Ask the runner's question, unless it is being asked already."""
        question = self.runner.question
        if question is None:
            self._view = None
        elif self._view is None or self._view.question is not question:
            self._view = _VIEWS[type(question)](self, question)
            self._view.show()

    def _waits_for_input(self) -> bool:
        if self.runner.question is not None:
            return True
        session = self.runner.running()
        if session is None:
            return False
        step = session.step
        return session.state in ("awaiting-ack", "paused") or (
            step is not None and step.kind == "work" and step.duration_s is None
        )

    # -- commands ------------------------------------------------------------------------------

    def command(self, line: str) -> None:
        word = line.lower()
        if word in ("h", "help", "?"):
            for help_line in HELP_LINES:
                self.say(help_line)
            return
        if word == "m":
            self.runner.toggle_bell()
            self.say("Bell on." if self.runner.bell_on else "Bell off.")
            return
        session = self.runner.running()
        if session is None:
            if word == "":
                return
            over = self.runner.status is not None
            self.say("The session is over." if over else "The session has not started.")
            return
        if word == "":
            self.say(self.where())
            return
        if word in ("p", "n", "b", "+", "d") and session.state == "awaiting-ack":
            name = _name(session.timeline[session.index])
            ack = isinstance(self._view, _StartView)
            self.say(
                f"The session waits for you to start {name}: "
                + ("press enter when ready." if ack else "answer the question first.")
            )
            return
        runner = self.runner
        if word == "p":
            runner.toggle_pause()
        elif word == "n":
            runner.skip()
        elif word == "b":
            runner.back()
        elif word == "+":
            if runner.can("more_rest"):
                runner.add_rest()
            else:
                self.say("+ adds rest only during a rest.")
        elif word == "d":
            if runner.can("done"):
                runner.done()
            else:
                self.say("d is for reps at your own pace; this step ends by itself.")
        elif word == "!":
            runner.symptom_check()
        elif word == "q":
            runner.ask_end()
        else:
            self.say(f"Unknown command `{one_line(line, 20)}`: type h and press enter for help.")

    def where(self) -> str:
        """Where the session is, as the full screen shows it: one line."""
        session = self.runner.running()
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
        done = self.runner.sets_done()
        total = len(self.full_timeline.plans)
        return (
            f"{lead}{now}. {done} of {total} sets done, about "
            f"{seconds_words(session.time_left())} left in the session."
        )

    # -- the end -------------------------------------------------------------------------------

    def _summary(self, summary: Summary) -> None:
        """How it ended, what was done, skipped and reported, and where the record is."""
        self.say(f"{summary.status_words}.")
        if summary.record_path is None:
            return
        self.say(f"{one_line(summary.title, 100)} ({one_line(summary.file_name)})")
        for line in summary.count_lines():
            self.say(f"{line}.")
        for detail in summary.symptoms:
            self.say(f"  - {one_line(detail, 100)}")
        for rated in summary.ratings:
            self.say(f"  {rated.words(60)}.")
        self.say(f"Saved to: {one_line(str(summary.record_path))}")


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
    options: SessionOptions = QUIET,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    """`hamtui run --plain`: the session on stdin and stdout; 0, or 130 after Ctrl+C. Raises
    HamtuiError before saying anything when the program cannot run. The bell (BEL) rings
    only when stdout is a terminal."""
    stdin = sys.stdin if stdin is None else stdin
    stdout = sys.stdout if stdout is None else stdout
    write = line_writer(stdout)
    ring: Callable[[], None] | None = None
    if stdout.isatty():

        def ring() -> None:
            stdout.write("\a")
            stdout.flush()

    plain = PlainSession(program_path, library, write, options, bell=ring)
    try:
        drive(plain, _LineReader(stdin))
    except KeyboardInterrupt:
        plain.interrupt()
        return 130
    return 0
