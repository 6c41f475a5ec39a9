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

Modals (start-cue pop-up, pain and effort prompt, symptom check, end confirmation, resume
offer) are shown one at a time from a queue; each returns its value with `dismiss`.

Usable on any App: `app.push_screen(SessionScreen(path, library), callback)`; it dismisses
with a `SessionOutcome` (None when the athlete quit at the resume offer). Constructing it
loads the program and raises `HamtuiError` (LoadError, SessionError) when the file is broken or
an exercise does not resolve.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePath
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from hamtui.errors import HamtuiError
from hamtui.library import Library
from hamtui.model.exercise import ExerciseBody
from hamtui.model.safety import Symptom
from hamtui.session import (
    AwaitingAck,
    CueDue,
    CueSpec,
    ExerciseFinished,
    ExerciseInfo,
    ExerciseSwapped,
    RepPhase,
    Session,
    SessionEvent,
    SessionFinished,
    SessionRecorder,
    Step,
    UnfinishedSession,
    build_timeline,
    first_regression,
    pain_needs_advice,
    plan_resume,
)
from hamtui.session.advice import allowed_actions
from hamtui.session.engine import ADD_REST_S, GET_READY_S, SWITCH_SIDE_S, Status
from hamtui.session.opening import load_session_program, unfinished_of
from hamtui.session.record import utc_now
from hamtui.text import literal, one_line
from hamtui.tui.screens.cue_popup import CueChoice, CuePopup
from hamtui.tui.screens.end_confirm import EndConfirm
from hamtui.tui.screens.rating_prompt import Rating, RatingPrompt
from hamtui.tui.screens.resume_offer import ResumeChoice, ResumeOffer
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
PAIN_SYMPTOM = "strong-pain"  # the advice shown first when a pain rating is too high

PHASE_WORDS = {
    "hold": "HOLD",
    "release": "RELEASE",
    "lower": "LOWER",
    "pause-bottom": "PAUSE",
    "lift": "LIFT",
    "pause-top": "PAUSE",
}
STATUS_WORDS: dict[str, str] = {
    "completed": "Session complete",
    "ended-early": "Session ended early",
    "in-progress": "Session not finished",
}

Clock = Callable[[], float]
WallClock = Callable[[], datetime]
EventsHook = Callable[[Sequence[SessionEvent]], None]
_Modal = tuple[Callable[[], Screen[Any] | None], Callable[[Any], None]]


@dataclass(frozen=True)
class SessionOutcome:
    """What a session screen dismisses with."""

    status: Status
    record_path: Path | None


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
    BINDINGS: ClassVar[list[BindingType]] = [
        # ids as hamtui.model.config.BINDING_IDS names them, for a [keymap] in config.toml;
        # two bindings on one key (pause / resume, mute / unmute) share an id
        Binding("space", "pause", "Pause", id="pause"),
        Binding("space", "resume", "Resume", id="pause"),
        Binding("enter,d", "done", "Reps done", id="reps-done"),
        Binding("n", "skip", "Skip", id="skip"),
        Binding("b", "back", "Back", id="back"),
        Binding("plus", "more_rest", "More rest", id="more-rest"),
        Binding("exclamation_mark", "symptom", "Symptom", id="symptom"),
        Binding("q", "end", "End", id="end"),
        Binding("m", "bell_off", "Mute", id="mute"),
        Binding("m", "bell_on", "Unmute", id="mute"),
        Binding("question_mark,f1", "keys", "Keys", id="help"),
    ]

    def __init__(
        self,
        program_path: Path,
        library: Library,
        *,
        clock: Clock = time.monotonic,
        wall_clock: WallClock = utc_now,
        resume: UnfinishedSession | None = None,
        bell: bool = True,
        flash: bool = True,
        pain_threshold: int | None = None,
        offer_resume: bool = True,
        get_ready_s: int = GET_READY_S,
        switch_side_s: int = SWITCH_SIDE_S,
        auto_ack: bool = False,
        sessions_dir: Path | None = None,
        on_events: EventsHook | None = None,
        ticking: bool = True,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """`resume`: go on with that unfinished session without asking; otherwise, with
        `offer_resume`, the newest unfinished session of the same program file is offered.
        `auto_ack` (headless runs and tests): start cues are not waited for, ratings are not
        asked, a resume offer is answered "resume", and the screen closes at the end.
        `on_events` sees every batch of engine events as the screen receives them.
        `ticking=False` leaves every tick to the caller (tests with a fake clock)."""
        super().__init__(name=name, id=id, classes=classes)
        loaded = load_session_program(
            program_path,
            library,
            get_ready_s=get_ready_s,
            switch_side_s=switch_side_s,
            pain_threshold=pain_threshold,
        )
        self.program_path = program_path
        self.library = library
        self.program = loaded.program
        self.program_sha256 = loaded.sha256
        self.full_timeline = loaded.timeline
        self.clock = clock
        self.wall_clock = wall_clock
        self.resume = resume
        self.bell_on = bell
        self.flash_on = flash
        self.pain_threshold = loaded.pain_threshold
        self.symptoms: list[Symptom] = list(loaded.symptoms)
        self.offer_resume = offer_resume
        self.get_ready_s = get_ready_s
        self.switch_side_s = switch_side_s
        self.auto_ack = auto_ack
        self.sessions_dir = sessions_dir
        self.on_events = on_events
        self.ticking = ticking

        self.session: Session | None = None
        self.recorder: SessionRecorder | None = None
        self.finished_status: Status | None = None
        self.bells = 0  # phase-change alerts so far (the bell rings when bell_on)
        self.cues: list[tuple[CueSpec, float]] = []  # (cue, shown until, on `clock`)
        self._modals: deque[_Modal] = deque()
        self._modal_open = False
        self._wake: asyncio.TimerHandle | None = None
        self._phase_key: object = None
        self._steps_key: object = None
        self._bindings_key: object = None
        self._dismissed = False
        self._unrecorded: list[SessionEvent] = []
        self._flush_pending = False

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

    def _set_compact(self) -> None:
        self.set_class(self.size.height < COMPACT_HEIGHT, "-compact")

    # -- starting ------------------------------------------------------------------------------

    def _start_or_offer(self) -> None:
        if self.resume is not None:
            self._begin(self.resume)
            return
        found = unfinished_of(self.program_path, self.sessions_dir) if self.offer_resume else []
        if not found:
            self._begin(None)
            return
        newest = found[0]
        if self.auto_ack:
            self._begin(newest)
            return
        try:
            plan = plan_resume(newest.record, self.program, self.program_sha256, self.library)
        except HamtuiError as exc:
            self.notify(f"Cannot resume the last session: {one_line(str(exc))}", severity="warning")
            self._begin(None)
            return
        where = ""
        if plan.start_at is not None:
            block, item = plan.start_at.block, plan.start_at.item
            slug = plan.swaps.get((block, item)) or self.program.blocks[block].items[item].exercise
            exercise = self.library.resolve(self.program, slug)
            where = one_line(exercise.name, 60) if exercise is not None else slug
        self._push(
            lambda: ResumeOffer(
                newest.record, plan.start_at, program_changed=plan.program_changed, where=where
            ),
            lambda choice: self._after_offer(choice, newest),
        )

    def _after_offer(self, choice: ResumeChoice | None, unfinished: UnfinishedSession) -> None:
        if choice == "resume":
            self._begin(unfinished)
        elif choice == "fresh":
            record = unfinished.record
            old = SessionRecorder(
                unfinished.path,
                Path(record.program),
                record.program_sha256,
                self.wall_clock,
                record=record,
            )
            old.abandon()
            self._begin(None)
        else:
            self._close(None)

    def _begin(self, resume: UnfinishedSession | None) -> None:
        timeline = self.full_timeline
        if resume is None:
            self.recorder = SessionRecorder.create(
                self.program_path, self.program_sha256, self.wall_clock, folder=self.sessions_dir
            )
        else:
            plan = plan_resume(resume.record, self.program, self.program_sha256, self.library)
            self.recorder = SessionRecorder.reopen(resume.path, self.wall_clock)
            if plan.program_changed:
                self.notify(
                    "The program file changed since this session started: "
                    "check that the sets line up.",
                    severity="warning",
                    timeout=8,
                )
            if plan.start_at is None:
                self.recorder.finish("completed")
                self._finish("completed")
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
        self._apply(self.session.start())

    # -- the tick ------------------------------------------------------------------------------

    def tick(self) -> None:
        """Poll the engine, record and show what happened, and schedule the next tick."""
        if self.session is not None:
            self._apply(self.session.poll())

    def _wake_up(self) -> None:
        """Called by the event loop at the wake time: the tick then runs as a message of this
        screen, like any Textual callback."""
        self._wake = None
        if self.is_attached and not self._dismissed:
            self.call_later(self._scheduled_tick)

    def _scheduled_tick(self) -> None:
        if not self._dismissed:
            self.tick()

    def _apply(self, events: Sequence[SessionEvent]) -> None:
        """Every engine call ends here: record, react, redraw, reschedule."""
        self._handle(events)
        self._redraw()
        self._schedule()

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

    # -- engine events -------------------------------------------------------------------------

    def _handle(self, events: Sequence[SessionEvent]) -> None:
        if not events:
            return
        if self.on_events is not None:
            self.on_events(events)
        if self.recorder is not None:
            # written once the screen has shown the change: the atomic write (with fsync)
            # takes milliseconds, and a phase change must not wait for it
            self._unrecorded.extend(events)
            if not self._flush_pending:
                self._flush_pending = True
                self.call_after_refresh(self.flush_record)
        for event in events:
            if isinstance(event, CueDue):
                self._add_cue(event.cue, event.at)
            elif isinstance(event, AwaitingAck):
                self._push_cue_popup(event.index)
            elif isinstance(event, ExerciseFinished):
                if not self.auto_ack:
                    self._push_rating(event.step)
            elif isinstance(event, ExerciseSwapped):
                self.notify(
                    f"Swapped to {one_line(event.name, 60)} for the rest of this exercise.",
                    timeout=5,
                    markup=False,
                )
            elif isinstance(event, SessionFinished):
                if event.status == "completed":
                    self._alert()  # the last phase change
                self._finish(event.status)

    def flush_record(self) -> None:
        """Hand the engine events not yet recorded to the recorder (which writes the file)."""
        self._flush_pending = False
        if self._unrecorded and self.recorder is not None:
            events, self._unrecorded = self._unrecorded, []
            self.recorder.handle(events)

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
        done = sum(e.sets_done for e in self.recorder.record.entries) if self.recorder else 0
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
            if rep is not None:
                text.append(f" · Rep {rep.rep} of {rep.reps}", style="bold")
            else:
                text.append(f" · {step.reps} reps", style="bold")
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
        self.query_one("#session-steps", Static).update(Text("\n").join(lines))

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
        session = self.session
        step = session.step if session is not None else None
        return (
            session is not None
            and session.state in ("running", "paused")
            and step is not None
            and step.kind == "work"
            and step.duration_s is None
        )

    # -- modals --------------------------------------------------------------------------------

    def _push(
        self,
        make: Callable[[], Screen[Any] | None],
        callback: Callable[[Any], None],
        *,
        first: bool = False,
    ) -> None:
        """Show a modal now, or after the ones already waiting (`first`: before them)."""
        if first:
            self._modals.appendleft((make, callback))
        else:
            self._modals.append((make, callback))
        self._next_modal()

    def _next_modal(self) -> None:
        while not self._modal_open and self._modals and not self._dismissed:
            make, callback = self._modals.popleft()
            screen = make()
            if screen is None:
                continue
            self._modal_open = True

            def done(result: Any, callback: Callable[[Any], None] = callback) -> None:
                self._modal_open = False
                callback(result)
                self._next_modal()
                self._after_modals()

            self.app.push_screen(screen, done)

    @property
    def modal_pending(self) -> bool:
        return self._modal_open or bool(self._modals)

    def _push_cue_popup(self, index: int) -> None:
        def make() -> Screen[Any] | None:
            session = self.session
            if session is None or session.state != "awaiting-ack" or session.index != index:
                return None
            step = session.timeline[index]
            return CuePopup(step.exercise, heading=self._popup_heading(step))

        self._push(make, lambda choice: self._after_cue_popup(choice, index))

    def _popup_heading(self, step: Step) -> str:
        label = "round" if step.circuit else "set"
        heading = f"{label} {step.set} of {step.sets}"
        if step.side:
            heading += f", {step.side} side first" if step.plan.dose.side == "each" else ""
        return heading

    def _after_cue_popup(self, choice: CueChoice | None, index: int) -> None:
        session = self.session
        if session is None or session.state != "awaiting-ack" or session.index != index:
            return
        if choice == "skip":
            self._apply(session.skip_exercise())
        elif choice == "end":
            self.action_end()
        else:
            self._apply(session.acknowledge())

    def _push_rating(self, step: Step) -> None:
        self._push(lambda: RatingPrompt(step.name), lambda rating: self._after_rating(rating, step))

    def _after_rating(self, rating: Rating | None, step: Step) -> None:
        if rating is None or self.recorder is None:
            return
        self.flush_record()
        self.recorder.rate(
            step.block,
            step.item,
            step.slug,
            pain=rating.pain,
            effort=rating.effort,
            side=step.plan.dose.side,
        )
        if not pain_needs_advice(rating.pain, self.pain_threshold):
            return
        was_paused = self._pause_for_dialog()
        preselect = PAIN_SYMPTOM if any(s.id == PAIN_SYMPTOM for s in self.symptoms) else None
        intro = (
            f"You rated the pain of {one_line(step.name, 60)} {rating.pain} of 10, "
            f"above {self.pain_threshold}. Read the advice, or choose what you felt."
        )
        self._push(
            lambda: SymptomCheck(
                self.symptoms,
                exercise_name=step.name,
                allowed=("continue", "end-session"),
                intro=intro,
                preselect=preselect,
            ),
            lambda choice: self._after_symptom(
                choice, was_paused, None, note=f"pain {rating.pain}/10 after {step.slug}"
            ),
            first=True,
        )

    def _after_modals(self) -> None:
        if self.finished_status is not None and not self.modal_pending:
            self._show_summary()
            if self.auto_ack:
                self._close(self._outcome())

    # -- actions -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        session = self.session
        if action == "keys":
            return True
        if session is None or self.finished_status is not None:
            return False
        if action == "pause":
            return session.state == "running"
        if action == "resume":
            return session.state == "paused"
        if action == "done":
            return self._self_paced()
        if action == "more_rest":
            return True if session.can_add_rest() else None
        if action == "bell_off":
            return self.bell_on
        if action == "bell_on":
            return not self.bell_on
        return True

    def action_pause(self) -> None:
        if self.session is not None:
            self._apply(self.session.pause())

    def action_resume(self) -> None:
        if self.session is not None:
            self._apply(self.session.resume())

    def action_done(self) -> None:
        if self.session is not None:
            self._apply(self.session.done())

    def action_skip(self) -> None:
        if self.session is not None:
            self._apply(self.session.skip())

    def action_back(self) -> None:
        if self.session is not None:
            self._apply(self.session.back())

    def action_more_rest(self) -> None:
        if self.session is not None:
            self._apply(self.session.add_rest())

    def action_bell_off(self) -> None:
        self.bell_on = False
        self._redraw()
        self.notify("Bell off: phase changes only flash (m turns it back on)", timeout=3)

    def action_bell_on(self) -> None:
        self.bell_on = True
        self._redraw()
        self.notify("Bell on", timeout=2)

    def _pause_for_dialog(self) -> bool:
        """Pause while a dialog is open; True when the session was already paused."""
        session = self.session
        if session is None:
            return True
        was_paused = session.state == "paused"
        self._apply(session.pause())
        return was_paused

    def _resume_after_dialog(self, was_paused: bool) -> None:
        session = self.session
        if session is not None and not was_paused and session.state == "paused":
            self._apply(session.resume())

    def action_end(self) -> None:
        if self.session is None or self.finished_status is not None:
            return
        was_paused = self._pause_for_dialog()
        self._push(EndConfirm, lambda yes: self._after_end(yes, was_paused), first=True)

    def _after_end(self, yes: bool | None, was_paused: bool) -> None:
        session = self.session
        if session is None:
            return
        if yes:
            self._apply(session.end())
            return
        self._resume_after_dialog(was_paused)
        if session.state == "awaiting-ack":  # asked from the start pop-up: show it again
            self._push_cue_popup(session.index)

    def action_symptom(self) -> None:
        session = self.session
        if session is None or self.finished_status is not None:
            return
        step = session.step
        if step is None:
            return
        was_paused = self._pause_for_dialog()
        allowed = allowed_actions(session.can_swap())
        regression: tuple[str, ExerciseBody] | None = None
        if session.can_swap():
            regression = first_regression(step.exercise, self.program, self.library)
        self._push(
            lambda: SymptomCheck(
                self.symptoms,
                exercise_name=step.name,
                regression_name=regression[1].name if regression else None,
                allowed=allowed,
            ),
            lambda choice: self._after_symptom(
                choice, was_paused, regression, note=f"during {step.slug}"
            ),
            first=True,
        )

    def _after_symptom(
        self,
        choice: SymptomChoice | None,
        was_paused: bool,
        regression: tuple[str, ExerciseBody] | None,
        *,
        note: str = "",
    ) -> None:
        session = self.session
        if choice is not None and self.recorder is not None:
            self.flush_record()
            self.recorder.symptom(choice.label, choice.action, note)
        if session is None or self.finished_status is not None:
            return
        action = choice.action if choice is not None else "continue"
        if action == "end-session":
            self._apply(session.end())
            return
        if action == "regress" and regression is not None:
            self._apply(session.swap_exercise(*regression))
        elif action == "stop-exercise":
            self._apply(session.skip_exercise())
        elif action == "shorten-range" and choice is not None:
            symptom = next((s for s in self.symptoms if s.id == choice.symptom_id), None)
            tips = symptom.adjustments[:2] if symptom is not None else []
            for tip in tips or ["Shorten the range"]:
                self._add_cue(CueSpec(tip, "start", "caution"), self.clock())
        self._resume_after_dialog(was_paused)
        self._redraw()

    def action_keys(self) -> None:
        from hamtui.tui.screens.help_screen import HelpScreen

        self.app.push_screen(HelpScreen(self.key_rows()))

    def key_rows(self) -> list[tuple[str, str, str]]:
        """(group, key, what it does) for the help screen."""
        rows = [
            ("Session", "space", "Pause / resume"),
            ("Session", "enter or d", "Reps done (reps at your own pace)"),
            ("Session", "n", "Skip this step (a skipped set is not counted)"),
            ("Session", "b", "Back to the start of the set (twice: the set before)"),
            ("Session", "+", f"{ADD_REST_S} s more rest (during a rest)"),
            ("Session", "!", "Symptom check: advice and what to do"),
            ("Session", "q", "End the session (asks first)"),
            ("Session", "m", "Bell on / off (the countdown still flashes)"),
            ("Session", "? or F1", "These keys"),
            ("Start pop-up", "enter or space", "Ready: start the get-ready countdown"),
            ("Start pop-up", "n", "Skip this exercise"),
            ("Pain and effort", "0-9, t", "Rate 0 to 9, t for 10"),
            ("Pain and effort", "s or enter / esc", "Skip the question / both"),
        ]
        return rows

    # -- the end -------------------------------------------------------------------------------

    def _finish(self, status: Status) -> None:
        self.finished_status = status
        self._cancel_wake()
        self.cues = []
        self._refresh_bindings()
        self._after_modals()

    def _outcome(self) -> SessionOutcome:
        status: Status = self.finished_status or "in-progress"
        return SessionOutcome(status, self.recorder.path if self.recorder else None)

    def summary_text(self) -> Text:
        """What was done, skipped and reported, and where the record is."""
        status = self.finished_status or "in-progress"
        text = Text(STATUS_WORDS.get(status, status), style="bold")
        text.append(f"\n{one_line(self.program.title)} ({one_line(self.program_path.name)})\n")
        recorder = self.recorder
        if recorder is None:
            return text
        self.flush_record()
        record = recorder.record
        done = sum(e.sets_done for e in record.entries)
        text.append(f"\nSets done: {done} of {len(self.full_timeline.plans)}")
        skips = [e.detail for e in record.events if e.kind == "skip"]
        exercises = sum(1 for e in record.entries if e.skipped)
        sets = sum(1 for d in skips if not d.endswith("exercise skipped"))
        if exercises or sets:
            text.append(f"\nSkipped: {sets} set{'s' if sets != 1 else ''}")
            text.append(f", {exercises} exercise{'s' if exercises != 1 else ''}")
        else:
            text.append("\nSkipped: nothing")
        symptoms = [e.detail for e in record.events if e.kind == "symptom"]
        text.append(f"\nSymptoms reported: {len(symptoms) or 'none'}")
        for detail in symptoms:
            text.append(f"\n  ▲ {one_line(detail, 100)}")
        rated = [e for e in record.entries if e.pain is not None or e.effort is not None]
        for entry in rated:
            exercise = self.library.resolve(self.program, entry.exercise)
            name = exercise.name if exercise is not None else entry.exercise
            pain = "-" if entry.pain is None else entry.pain
            effort = "-" if entry.effort is None else entry.effort
            text.append(f"\n  {one_line(name, 50)}: pain {pain}, effort {effort}")
        text.append("\n\nSaved to: ")
        text.append(literal(str(recorder.path)))
        text.append("\n\nPress any key to close.", style="bold")
        return text

    def _show_summary(self) -> None:
        if not self.is_attached:
            return
        self.query_one("#session-body").display = False
        summary = self.query_one("#session-summary", Static)
        summary.update(self.summary_text())
        summary.display = True

    def on_key(self, event: events.Key) -> None:
        if self.finished_status is not None and not self.modal_pending:
            event.stop()
            event.prevent_default()
            self._close(self._outcome())

    def _close(self, outcome: SessionOutcome | None) -> None:
        if self._dismissed:
            return
        self._dismissed = True
        self._cancel_wake()
        self.flush_record()
        self.call_later(self._dismiss, outcome)  # as a message: safe from any caller

    def _dismiss(self, outcome: SessionOutcome | None) -> None:
        self.dismiss(outcome)
