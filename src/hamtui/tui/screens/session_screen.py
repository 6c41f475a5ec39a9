"""SessionScreen: runs a program as a guided session, step by step.

It shows the current exercise and its key steps, a big countdown for the phase (get ready,
hold / release or the tempo's phases, switch side, rest), set, rep and side indicators, what
comes next, and the whole session's progress and time left. Phase changes ring the terminal
bell (`m` turns it off) and flash the countdown.

Time is injected: `clock` (monotonic seconds) drives the engine and `wall_clock` (UTC) the
record. The screen never counts time: `tick()` polls the engine, reacts to its events, redraws,
and schedules the next tick for the next moment anything can change (the step's deadline, a
rep phase boundary, the next whole second shown, a cue going away), at most `REDRAW_S` later.
The event loop wakes at that moment exactly (`loop.call_at`) and posts the tick to this
screen. The events reach the recorder (which writes the session file atomically, with fsync)
only after the screen has been refreshed, so that a phase change never waits for the disk.
Tests pass a fake clock and `ticking=False`, and call `tick()` themselves.

Every decision of the session is the core runner's (`hamtui.session.run.SessionRunner`): the
resume offer, the questions and their order, what a symptom check offers and does, which
questions pause the timer, the summary. This screen draws the runner's state, shows its current
question as a modal (start-cue pop-up, pain and effort prompt, symptom check, end confirmation,
resume offer) and sends the answer back; its key bindings are made from the runner's
`COMMANDS` table.

Usable on any App: `app.push_screen(SessionScreen(path, library), callback)`; it dismisses
with a `SessionOutcome` (None when the athlete quit at the resume offer). Constructing it
loads the program and raises `HamtuiError` (LoadError, SessionError) when the file is broken or
an exercise does not resolve.

Why one long module: the screen maps every kind of runner question to its modal and every
engine event to a redraw; those handlers share the screen's widgets and timer.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial
from pathlib import Path, PurePath
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from hamtui.dose import clock
from hamtui.library import Library
from hamtui.session.engine import (
    ADD_REST_S,
    CueDue,
    CueSpec,
    ExerciseInfo,
    ExerciseSwapped,
    RepPhase,
    Session,
    SessionEvent,
    SessionFinished,
    Status,
    Step,
)
from hamtui.session.record import SessionRecorder, UnfinishedSession, utc_now
from hamtui.session.run import (
    COMMANDS,
    DEFAULT_OPTIONS,
    QUESTION_KEYS,
    EndQuestion,
    Notice,
    Outcome,
    Question,
    RatingQuestion,
    ResumeChoice,
    ResumeQuestion,
    SessionOptions,
    SessionRunner,
    StartQuestion,
    SymptomQuestion,
)
from hamtui.text import literal, one_line
from hamtui.tui.screens.cue_popup import CuePopup
from hamtui.tui.screens.end_confirm import EndConfirm
from hamtui.tui.screens.rating_prompt import Rating, RatingPrompt
from hamtui.tui.screens.resume_offer import ResumeOffer
from hamtui.tui.screens.symptom_check import SymptomCheck, SymptomChoice
from hamtui.tui.widgets.countdown import Countdown
from hamtui.tui.widgets.cue_banner import CueBanner
from hamtui.tui.widgets.session_progress import SessionProgress, clock_text

REDRAW_S = 0.25  # the longest time between two ticks while running
IDLE_REDRAW_S = 0.5  # ... while paused or waiting for a pop-up
SLACK_S = 0.0001  # wake just after a deadline (the event loop never fires early)
MIN_DELAY_S = 0.0005
CUE_SHOW_S = 6.0  # a timed cue stays this long on the session clock
STOP_CUE_SHOW_S = 12.0
MAX_CUES = 3
COMPACT_HEIGHT = 32  # below this many rows, key steps get one line each

PHASE_WORDS = {
    "work": "WORK",
    "hold": "HOLD",
    "release": "RELEASE",
    "lower": "LOWER",
    "pause-bottom": "PAUSE",
    "lift": "LIFT",
    "pause-top": "PAUSE",
}

Clock = Callable[[], float]
WallClock = Callable[[], datetime]
EventsHook = Callable[[Sequence[SessionEvent]], None]
SessionOutcome = Outcome  # what a session screen dismisses with


def session_bindings() -> list[BindingType]:
    """The screen's key bindings, made from the runner's table of commands. Ids are those a
    config [keymap] names; two actions on one key (pause / resume, mute / unmute) share one."""
    return [
        Binding(command.keys, action, label, id=command.id)
        for command in COMMANDS
        for action, label in command.actions
    ]


def _side_words(step: Step) -> str:
    return f"{step.side} side" if step.side else ""


def work_words(step: Step) -> str:
    """`Glute Bridge · set 2 of 3 · left side`"""
    label = "round" if step.circuit else "set"
    parts = [one_line(step.name, 60), f"{label} {step.set} of {step.sets}"]
    if step.side:
        parts.append(_side_words(step))
    return " · ".join(parts)


def step_words(step: Step) -> str:
    """A step as the "Next:" line says it."""
    if step.kind == "work":
        return work_words(step)
    if step.kind == "get-ready":
        return f"get ready for {one_line(step.name, 60)}"
    if step.kind == "switch-side":
        return f"switch to the {step.side or 'other'} side"
    seconds = clock_text(step.planned_s)
    if step.kind == "round-rest":
        return f"rest {seconds} before round {step.round + 1}"
    return f"rest {seconds}"


class SessionScreen(Screen[SessionOutcome | None]):
    """The guided session: see the module docstring."""

    CSS_PATH: ClassVar[list[str | PurePath]] = [
        "session_screen.tcss",
        "../widgets/countdown.tcss",
        "../widgets/session_progress.tcss",
        "../widgets/cue_banner.tcss",
    ]
    BINDINGS: ClassVar[list[BindingType]] = session_bindings()

    def __init__(
        self,
        program_path: Path,
        library: Library,
        options: SessionOptions = DEFAULT_OPTIONS,
        *,
        clock: Clock = time.monotonic,
        wall_clock: WallClock = utc_now,
        resume: UnfinishedSession | None = None,
        flash: bool = True,
        offer_resume: bool = True,
        on_events: EventsHook | None = None,
        ticking: bool = True,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """`options`: how the session runs (bell, pain threshold, get-ready seconds, ...).
        `resume`: go on with that unfinished session without asking; otherwise, with
        `offer_resume`, the newest unfinished session of the same program file is offered.
        With `options.auto_ack` (headless runs and tests) start cues are not waited for,
        ratings are not asked, a resume offer is answered "resume", and the screen closes at
        the end. `on_events` sees every batch of engine events as the screen receives them.
        `ticking=False` leaves every tick to the caller (tests with a fake clock)."""
        super().__init__(name=name, id=id, classes=classes)
        self.runner = SessionRunner(
            program_path,
            library,
            options,
            clock=clock,
            wall_clock=wall_clock,
            resume=resume,
            offer_resume=offer_resume,
            defer_recording=True,
        )
        self.runner.on_events = self._handle
        self.runner.on_notice = self._notice
        self.program_path = program_path
        self.library = library
        self.program = self.runner.program
        self.full_timeline = self.runner.full_timeline
        self.clock = clock
        self.flash_on = flash
        self.on_events = on_events
        self.ticking = ticking

        self.bells = 0  # phase-change alerts so far (the bell rings when bell_on)
        self.cues: list[tuple[CueSpec, float]] = []  # (cue, shown until, on `clock`)
        self._asking: Question | None = None  # the question whose modal is open
        self._wake: asyncio.TimerHandle | None = None
        self._phase_key: object = None
        self._steps_key: object = None
        self._steps_lines: list[Text] = []
        self._bindings_key: object = None
        self._dismissed = False
        self._summary_shown = False
        self._flush_pending = False

    # -- the runner's state, as tests and the app read it ------------------------------------

    @property
    def session(self) -> Session | None:
        return self.runner.session

    @property
    def recorder(self) -> SessionRecorder | None:
        return self.runner.recorder

    @property
    def finished_status(self) -> Status | None:
        return self.runner.status

    @property
    def auto_ack(self) -> bool:
        return self.runner.auto_ack

    @property
    def bell_on(self) -> bool:
        return self.runner.bell_on

    @bell_on.setter
    def bell_on(self, on: bool) -> None:
        self.runner.bell_on = on

    # -- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="session-body"):
            with Horizontal(id="session-top"):
                yield Label(Text(one_line(self.program.title)), id="session-title")
                yield Label("", id="session-status")
            yield Countdown(id="session-countdown")
            yield Label("", id="session-indicators")
            yield CueBanner(id="session-cues")
            yield Label("", id="session-exercise")
            yield Static("", id="session-steps", markup=False)
            yield Label("", id="session-next")
            yield SessionProgress(id="session-progress")
        yield Static("", id="session-summary", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#session-summary").display = False
        self._set_compact()
        self._redraw()
        self._start_or_offer()

    def on_resize(self, event: events.Resize) -> None:
        self._set_compact()
        self._steps_key = None
        self._redraw()
        self.call_after_refresh(self._fit_steps)

    def _set_compact(self) -> None:
        self.set_class(self.size.height < COMPACT_HEIGHT, "-compact")

    # -- starting ------------------------------------------------------------------------------

    def _start_or_offer(self) -> None:
        self.runner.start()
        self._after_runner()

    # -- the tick ------------------------------------------------------------------------------

    def tick(self) -> None:
        """Poll the engine, record and show what happened, and schedule the next tick."""
        self.runner.poll()
        self._after_runner()

    def _wake_up(self) -> None:
        """Called by the event loop at the wake time: the tick then runs as a message of this
        screen, like any Textual callback."""
        self._wake = None
        if self.is_attached and not self._dismissed:
            self.call_later(self._scheduled_tick)

    def _scheduled_tick(self) -> None:
        if not self._dismissed:
            self.tick()

    def _after_runner(self) -> None:
        """After every call to the runner: ask its question, redraw, reschedule, and show the
        summary once the session is over."""
        self._ask()
        self._redraw()
        self._schedule()
        if self.runner.status is not None:
            self._cancel_wake()
            self.cues = []
            self._refresh_bindings()
        if self.runner.over:
            self._at_end()

    def next_wake(self) -> float | None:
        """When (on `clock`) the screen next needs a tick; None once finished."""
        session = self.session
        if session is None or self.finished_status is not None:
            return None
        now = self.clock()
        wake = now + (REDRAW_S if session.state == "running" else IDLE_REDRAW_S)
        if self.cues:
            wake = min(wake, min(until for _, until in self.cues))
        if session.state == "running":
            remaining = session.remaining()
            if remaining is not None:
                wake = min(wake, now + remaining)
                fraction = remaining - math.floor(remaining)
                if fraction > 0:
                    wake = min(wake, now + fraction)  # the countdown's next whole second
            else:
                elapsed = session.elapsed()
                wake = min(wake, now + 1 - (elapsed - math.floor(elapsed)))
            rep = session.rep()
            if rep is not None and rep.phase_remaining > 0:
                wake = min(wake, now + rep.phase_remaining)
        return wake

    def _schedule(self) -> None:
        self._cancel_wake()
        if not self.ticking or not self.is_attached or self._dismissed:
            return
        wake = self.next_wake()
        if wake is None:
            return
        delay = max(MIN_DELAY_S, wake - self.clock() + SLACK_S)
        loop = asyncio.get_running_loop()
        self._wake = loop.call_at(loop.time() + delay, self._wake_up)

    def _cancel_wake(self) -> None:
        if self._wake is not None:
            self._wake.cancel()
            self._wake = None

    def on_unmount(self) -> None:
        self._cancel_wake()
        self.runner.let_go()

    # -- engine events -------------------------------------------------------------------------

    def _handle(self, events: Sequence[SessionEvent]) -> None:
        """The runner's engine events: cues, a swap's notice, the phase-change alert."""
        if self.on_events is not None:
            self.on_events(events)
        if self.runner.has_unrecorded and not self._flush_pending:
            # written once the screen has shown the change: the atomic write (with fsync)
            # takes milliseconds, and a phase change must not wait for it
            self._flush_pending = True
            self.call_after_refresh(self.flush_record)
        for event in events:
            if isinstance(event, CueDue):
                self._add_cue(event.cue, event.at)
            elif isinstance(event, ExerciseSwapped):
                self.notify(
                    f"Swapped to {one_line(event.name, 60)} for the rest of this exercise.",
                    timeout=5,
                    markup=False,
                )
            elif isinstance(event, SessionFinished) and event.status == "completed":
                self._alert()  # the last phase change

    def _notice(self, notice: Notice) -> None:
        """What the runner tells beyond the engine's events (acknowledgements are for text:
        the screen shows the change itself)."""
        if notice.cues:
            now = self.clock()
            for cue in notice.cues:
                self._add_cue(cue, now)
        elif notice.level != "ack":
            severity: SeverityLevel = "warning" if notice.level == "warning" else "information"
            self.notify(notice.text, severity=severity, timeout=8, markup=False)

    def flush_record(self) -> None:
        """Hand the engine events not yet recorded to the recorder (which writes the file)."""
        self._flush_pending = False
        self.runner.flush_record()

    def _add_cue(self, cue: CueSpec, at: float) -> None:
        until = at + (STOP_CUE_SHOW_S if cue.stop else CUE_SHOW_S)
        self.cues = [(c, u) for c, u in self.cues if c != cue][-(MAX_CUES - 1) :]
        self.cues.append((cue, until))

    def _alert(self) -> None:
        """A phase change: the bell (unless muted) and a flash of the countdown."""
        self.bells += 1
        if self.bell_on:
            self.app.bell()
        if self.flash_on and self.is_attached:
            self.query_one(Countdown).flash()

    # -- drawing -------------------------------------------------------------------------------

    def _redraw(self) -> None:
        if not self.is_attached:
            return
        session = self.session
        now = self.clock()
        self.cues = [(c, u) for c, u in self.cues if u > now]
        self.query_one(CueBanner).show_cues([c for c, _ in self.cues])
        self._refresh_bindings()
        step = session.step if session is not None else None
        if session is None or step is None:
            if self.finished_status is None:
                self.query_one(Countdown).show(
                    Text("GETTING READY"), "", Text("Loading the session…"), "waiting"
                )
            return
        rep = session.rep()
        # alert on every step change and every rep phase change (hold -> release -> hold)
        key = (session.index, rep.rep, rep.phase) if rep is not None else session.index
        if self._phase_key is not None and key != self._phase_key:
            self._alert()
        self._phase_key = key

        phase, value, detail, kind = self._phase_view(session, step, rep)
        self.query_one(Countdown).show(phase, value, detail, kind)
        self.query_one("#session-status", Label).update(self._status_text(session, step))
        self.query_one("#session-indicators", Label).update(self._indicators(step, rep))
        self._draw_exercise(step.exercise)
        self.query_one("#session-next", Label).update(self._next_text(session))
        done = self.runner.sets_done()
        self.query_one(SessionProgress).set_progress(
            session.progress(),
            session.time_left(),
            f"{done} of {len(self.full_timeline.plans)} sets done",
        )

    def _phase_view(
        self, session: Session, step: Step, rep: RepPhase | None
    ) -> tuple[Text, str, Text, str]:
        """(phase words, countdown value, detail line, countdown class)."""
        remaining = session.remaining()
        side = f" · {step.side.upper()} SIDE" if step.side else ""
        if session.state == "awaiting-ack":
            return (
                Text("GET READY" + side),
                clock_text(step.planned_s),
                Text("Read the cues, then press enter to start the countdown"),
                "waiting",
            )
        kind: str = step.kind
        if step.kind == "work":
            if remaining is None or rep is None:
                word = "DO THE REPS"
                value = clock_text(math.floor(session.elapsed()))
                detail = Text(f"{step.reps} reps at your own pace · enter or d when done")
            else:
                word = PHASE_WORDS.get(rep.phase, rep.phase.upper())
                value = clock_text(rep.phase_remaining)
                if rep.reps > 1:
                    ends = clock_text(remaining)
                    detail = Text(f"Rep {rep.rep} of {rep.reps} · set ends in {ends}")
                elif step.pacing == "timed":
                    detail = Text("Keep a steady pace you can talk at; stop if it hurts")
                else:
                    detail = Text("Stay in control and keep breathing")
            word += side
        else:
            value = clock_text(remaining if remaining is not None else step.planned_s)
            if step.kind == "get-ready":
                word = "GET READY" + side
                detail = Text(f"Get into position for {one_line(step.name, 60)}")
            elif step.kind == "switch-side":
                word = f"SWITCH TO THE {(step.side or 'other').upper()} SIDE"
                detail = Text("Change sides and get set")
            else:
                word = "REST" if step.kind == "rest" else f"REST BEFORE ROUND {step.round + 1}"
                detail = Text(f"+ adds {ADD_REST_S} s · n skips the rest")
                kind = "rest"
        if session.state == "paused":
            return Text(f"PAUSED · {word}"), value, Text("space resumes"), "paused"
        return Text(word), value, detail, kind

    def _status_text(self, session: Session, step: Step) -> Text:
        blocks = len(self.program.blocks)
        block = self.program.blocks[step.block] if step.block < blocks else None
        text = Text(f"Block {step.block + 1} of {blocks}")
        if block is not None and block.name:
            text.append(f": {one_line(block.name, 30)}")
        text.append(" · ")
        text.append("bell on" if self.bell_on else "bell off", style="" if self.bell_on else "dim")
        if session.state == "paused":
            text.append(" · ")
            text.append("PAUSED", style="bold reverse")
        return text

    def _indicators(self, step: Step, rep: RepPhase | None) -> Text:
        label = "Round" if step.circuit else "Set"
        text = Text()
        text.append(f"{label} {step.set} of {step.sets}", style="bold")
        if step.kind == "work":
            if step.pacing == "timed":
                text.append(f" · work {clock(int(step.planned_s))}", style="bold")
            elif rep is not None:
                text.append(f" · Rep {rep.rep} of {rep.reps}", style="bold")
            else:
                text.append(f" · {step.reps} reps", style="bold")
            if step.plan.dose.effective.load:
                text.append(f" · {step.plan.dose.effective.load}", style="bold")
        side = step.plan.dose.side
        if side == "each" and step.side:
            number = 1 if step.side == "left" else 2
            text.append(f" · Side: {step.side} ({number} of 2)", style="bold")
        elif side in ("left", "right"):
            text.append(f" · Side: {side} only", style="bold")
        return text

    def _draw_exercise(self, info: ExerciseInfo) -> None:
        compact = self.has_class("-compact")
        key = (info, compact)
        if key == self._steps_key:
            return
        self._steps_key = key
        name = Text(one_line(info.name), style="bold")
        if info.notes:
            name.append(f"  ·  {one_line(info.notes)}", style="italic")
        self.query_one("#session-exercise", Label).update(name)
        lines: list[Text] = []
        for number, instruction in enumerate(info.instructions, start=1):
            line = Text(f"{number}. ", style="bold")
            line.append(one_line(instruction) if compact else literal(instruction))
            lines.append(line)
        steps = self.query_one("#session-steps", Static)
        steps.update(Text("\n").join(lines))
        self._steps_lines = lines
        self.call_after_refresh(self._fit_steps)

    def _fit_steps(self) -> None:
        """The steps wrap below the countdown when every line fits the rows left; when they
        would not, each step is one line cut with "…", so that none is hidden."""
        steps = self.query_one("#session-steps", Static)
        width, height = steps.content_size
        if width <= 0 or height <= 0:
            return
        console = self.app.console
        wrapped = sum(len(line.wrap(console, width)) for line in self._steps_lines)
        steps.set_class(wrapped > height, "-one-line")

    def _next_text(self, session: Session) -> Text:
        text = Text("Next: ", style="bold")
        upcoming = session.next_step
        if upcoming is None:
            text.append("the end of the session")
            return text
        text.append(step_words(upcoming))
        if upcoming.kind != "work":
            work = session.next_work
            if work is not None:
                text.append(f", then {work_words(work)}")
        return text

    def _refresh_bindings(self) -> None:
        session = self.session
        key = (
            None if session is None else session.state,
            self._self_paced(),
            session is not None and session.can_add_rest(),
            self.bell_on,
            self.finished_status,
        )
        if key != self._bindings_key:
            self._bindings_key = key
            self.refresh_bindings()

    def _self_paced(self) -> bool:
        return self.runner.self_paced()

    # -- questions as modals -------------------------------------------------------------------

    def _ask(self) -> None:
        """Show the runner's question as a modal, unless it is open already. A question put
        ahead of an open one (a symptom check from a pain rating) opens on top of it."""
        question = self.runner.question
        if question is None or question is self._asking or self._dismissed:
            return
        if not self.is_attached:
            return
        self._asking = question
        screen, answer = self._modal_for(question)

        def done(result: Any) -> None:
            if self._asking is question:
                self._asking = None
            answer(result)
            self._after_runner()

        self.app.push_screen(screen, done)

    def _modal_for(self, question: Question) -> tuple[Screen[Any], Callable[[Any], None]]:
        runner = self.runner
        if isinstance(question, ResumeQuestion):

            def resumed(choice: ResumeChoice | None) -> None:
                runner.answer_resume(question, choice)
                if runner.quit:
                    self._close(None)

            return ResumeOffer(question), resumed
        if isinstance(question, StartQuestion):
            step = question.step

            started = partial(runner.answer_start, question)
            return (
                CuePopup(step.exercise, heading=question.heading, today=question.today),
                started,
            )
        if isinstance(question, RatingQuestion):

            def rated(rating: Rating | None) -> None:
                if rating is None:
                    runner.answer_rating(question, None, None)
                else:
                    runner.answer_rating(question, rating.pain, rating.effort)

            return RatingPrompt(question.step.name), rated
        if isinstance(question, SymptomQuestion):

            def chosen(choice: SymptomChoice | None) -> None:
                if choice is None:
                    runner.answer_symptom(question, None, None)
                else:
                    runner.answer_symptom(question, choice.symptom, choice.action)

            return SymptomCheck(question), chosen
        assert isinstance(question, EndQuestion)
        return EndConfirm(), lambda yes: runner.answer_end(question, bool(yes))

    # -- actions -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "keys":
            return True
        if self.runner.running() is None and action not in ("bell_off", "bell_on"):
            return False
        if action == "more_rest":  # shown dimmed outside a rest, so it can be found
            return True if self.runner.can(action) else None
        return self.runner.can(action)

    def action_pause(self) -> None:
        self.runner.pause()
        self._after_runner()

    def action_resume(self) -> None:
        self.runner.resume()
        self._after_runner()

    def action_done(self) -> None:
        self.runner.done()
        self._after_runner()

    def action_skip(self) -> None:
        self.runner.skip()
        self._after_runner()

    def action_back(self) -> None:
        self.runner.back()
        self._after_runner()

    def action_more_rest(self) -> None:
        self.runner.add_rest()
        self._after_runner()

    def action_end(self) -> None:
        self.runner.ask_end()
        self._after_runner()

    def action_symptom(self) -> None:
        self.runner.symptom_check()
        self._after_runner()

    def action_bell_off(self) -> None:
        self.runner.bell_on = False
        self._redraw()
        self.notify("Bell off: phase changes only flash (m turns it back on)", timeout=3)

    def action_bell_on(self) -> None:
        self.runner.bell_on = True
        self._redraw()
        self.notify("Bell on", timeout=2)

    def action_keys(self) -> None:
        from hamtui.tui.screens.help_screen import HelpScreen

        self.app.push_screen(HelpScreen(self.key_rows()))

    def key_rows(self) -> list[tuple[str, str, str]]:
        """(group, key, what it does) for the help screen, from the runner's commands."""
        rows = [("Session", command.key_label, command.help) for command in COMMANDS]
        return rows + list(QUESTION_KEYS)

    # -- the end -------------------------------------------------------------------------------

    def _at_end(self) -> None:
        """The session is over and every question answered: the summary, or close."""
        if self.runner.quit:
            self._close(None)
            return
        self._show_summary()
        if self.auto_ack:
            self._close(self.runner.outcome)

    def summary_text(self) -> Text:
        """How it ended, what was done, skipped and reported, and where the record is."""
        summary = self.runner.summary()
        text = Text(summary.status_words, style="bold")
        text.append(f"\n{one_line(summary.title)} ({one_line(summary.file_name)})\n")
        if summary.record_path is None:
            return text
        for line in summary.count_lines():
            text.append(f"\n{line}")
        for detail in summary.symptoms:
            text.append(f"\n  ▲ {one_line(detail, 100)}")
        for rated in summary.ratings:
            text.append(f"\n  {rated.words(50)}")
        text.append("\n\nSaved to: ")
        text.append(literal(str(summary.record_path)))
        text.append("\n\nPress any key to close.", style="bold")
        return text

    def _show_summary(self) -> None:
        if not self.is_attached or self._summary_shown:
            return
        self._summary_shown = True
        self.query_one("#session-body").display = False
        summary = self.query_one("#session-summary", Static)
        summary.update(self.summary_text())
        summary.display = True

    def on_key(self, event: events.Key) -> None:
        if self.runner.over and self._summary_shown:
            event.stop()
            event.prevent_default()
            self._close(self.runner.outcome)

    def _close(self, outcome: Outcome | None) -> None:
        if self._dismissed:
            return
        self._dismissed = True
        self._cancel_wake()
        self.flush_record()
        self.call_later(self._dismiss, outcome)  # as a message: safe from any caller

    def _dismiss(self, outcome: Outcome | None) -> None:
        self.dismiss(outcome)
