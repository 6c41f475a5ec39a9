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

Why one long module: `PlainSession` is one read-and-say loop over the runner, with the timing
that makes it speak on time (ticks, countdown lines, wake-ups); its words and its views of the
questions live in `plain_words` and `plain_questions`.
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
from typing import TextIO

from hamtui.cli.plain_questions import (
    VIEWS,
    QuestionView,
    StartView,
)
from hamtui.cli.plain_words import (
    cue_line,
    next_words,
    seconds_words,
    set_words,
    step_name,
    work_words,
)
from hamtui.library import Library
from hamtui.session.engine import (
    Acknowledged,
    AwaitingAck,
    CueDue,
    ExerciseFinished,
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
    Notice,
    Outcome,
    SessionOptions,
    SessionRunner,
    Summary,
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
        self._view: QuestionView | None = None
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
            self.runner.let_go()
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
            self.say(f"{step_name(event.step)}: done.")
        elif isinstance(event, ExerciseSkipped):
            self.say(f"Skipped the rest of {step_name(event.step)}.")
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
            self.say(f"{lead}Get ready: {step_name(step)}{side}, {seconds_words(seconds)}.")
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
            self._view = VIEWS[type(question)](self, question)
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
            name = step_name(session.timeline[session.index])
            ack = isinstance(self._view, StartView)
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
            now = f"Waiting to start {step_name(step)}: press enter when ready"
        elif step.kind == "work":
            rep = session.rep()
            now = f"{next_words(step)}: "
            if remaining is None:
                now += (
                    f"{step.reps} reps at your own pace, {seconds_words(session.elapsed())} so "
                    "far; type d when done"
                )
            elif rep is not None and step.pacing == "timed":
                now += f"work, {seconds_words(rep.phase_remaining)} left"
            elif rep is not None:
                word = "hold" if step.pacing == "hold" else "rep"
                phase = "hold" if rep.phase == "hold" else rep.phase.replace("-", " ")
                now += (
                    f"{word} {rep.rep} of {rep.reps}, {phase} "
                    f"{seconds_words(rep.phase_remaining)}; the set ends in "
                    f"{seconds_words(remaining)}"
                )
        elif step.kind == "get-ready":
            now = f"Get ready for {step_name(step)}, {seconds_words(remaining or 0)} left"
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
        except (OSError, ValueError):
            pass  # input that cannot be read is input that has ended
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
