"""The session runner: the whole flow of a live session, written once for every front end.

No Textual, no Rich, no terminal. The full-screen session screen and the plain-text session are
thin views over a `SessionRunner`: they draw or say what it reports, turn a `Question` into a
modal or a line of text, send the answer back, and map keys or typed words to its commands.
Every decision an athlete relies on is made here:

- the options of a session, from the config and the command line (`SessionOptions`), the pain
  threshold included (`SessionRunner.pain_threshold`: the config's when its file sets one,
  else the library's safety rules);
- whether to offer to resume an unfinished session, and what starting fresh does to the old one;
- the questions, in one queue, the first being the one asked: resume, the start pop-up of each
  exercise, pain and effort after it, the symptom check (with the advice a pain rating above
  the threshold brings up), and "end the session?";
- which questions pause the timer (the symptom check and "end?": the athlete is reading, not
  training), and that it goes on afterwards only when it was running before;
- what a symptom check offers (the actions that apply now, an easier exercise only when one
  resolves) and what each action does: swap, skip, end, a shorter range, carry on;
- the summary at the end;
- for a session of a rehab plan, the check-in's dose (`SessionOptions.checkin`, decided by
  `hamtui.session.checkin`): an eased day runs the eased program, says so at its start, and the
  check-in goes into the record.

Front ends learn what happens through two callbacks: `on_events` (the engine's events, to draw
or say) and `on_notice` (a `Notice`: a warning, a piece of information, or an acknowledgement
that only a text front end needs to say, such as "Keep going."). After any call they read
`question`, `status` and `over`.

The questions and notices live in `hamtui.session.questions`, the table of commands in
`hamtui.session.commands` and the summary in `hamtui.session.summary`; this module re-exports
them, so a front end imports everything from here.

Why one long module: `SessionRunner` is one state machine whose answer methods, commands and
polling share the question queue, the engine session and the recorder; its question, command
and summary types already live in their own modules.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from hamtui.errors import HamtuiError
from hamtui.library import Library
from hamtui.model.common import AffectedSide
from hamtui.model.safety import Symptom, SymptomAction
from hamtui.model.session import CheckIn
from hamtui.progression import session_progress, with_progress
from hamtui.session.advice import allowed_actions
from hamtui.session.checkin import eased
from hamtui.session.commands import COMMANDS as COMMANDS
from hamtui.session.commands import QUESTION_KEYS as QUESTION_KEYS
from hamtui.session.commands import Command as Command
from hamtui.session.engine import (
    GET_READY_S,
    SWITCH_SIDE_S,
    AwaitingAck,
    CueSpec,
    ExerciseFinished,
    Session,
    SessionEvent,
    SessionFinished,
    Status,
    Step,
    build_timeline,
    end_status,
    pain_needs_advice,
)
from hamtui.session.opening import load_session_program, unfinished_of
from hamtui.session.questions import EndQuestion as EndQuestion
from hamtui.session.questions import Notice as Notice
from hamtui.session.questions import NoticeLevel as NoticeLevel
from hamtui.session.questions import Question as Question
from hamtui.session.questions import RatingQuestion as RatingQuestion
from hamtui.session.questions import ResumeChoice as ResumeChoice
from hamtui.session.questions import ResumeQuestion as ResumeQuestion
from hamtui.session.questions import StartChoice as StartChoice
from hamtui.session.questions import StartQuestion as StartQuestion
from hamtui.session.questions import SymptomQuestion as SymptomQuestion
from hamtui.session.record import (
    SessionOpenElsewhere,
    SessionRecorder,
    UnfinishedSession,
    plan_resume,
    utc_now,
)
from hamtui.session.summary import STATUS_WORDS as STATUS_WORDS
from hamtui.session.summary import Outcome as Outcome
from hamtui.session.summary import Rated as Rated
from hamtui.session.summary import Summary as Summary
from hamtui.session.summary import symptom_words
from hamtui.swap import SwapChoice, easier_exercise
from hamtui.text import one_line

if TYPE_CHECKING:
    from hamtui.model.config import Config

ResumeMode = Literal["ask", "resume"]
Clock = Callable[[], float]
WallClock = Callable[[], datetime]
EventsHook = Callable[[Sequence[SessionEvent]], None]

PAIN_SYMPTOM = "strong-pain"  # the advice shown first when a pain rating is too high

# ---------------------------------------------------------------------------------------------
# Options


@dataclass(frozen=True)
class SessionOptions:
    """How a session runs. `pain_threshold` None: the library's safety rules decide."""

    get_ready_s: int = GET_READY_S
    switch_side_s: int = SWITCH_SIDE_S
    pain_threshold: int | None = None
    bell: bool = True
    resume: ResumeMode = "ask"
    auto_ack: bool = False  # start cues not waited for, no ratings, a resume taken
    sessions_dir: Path | None = None
    checkin: CheckIn | None = None  # a plan's check-in: recorded, and an eased day's dose
    affected_side: AffectedSide | None = None  # a plan's injured leg, for items marked affected
    pain_ceiling: int | None = None  # a plan stage's pain ceiling (items with a range)
    progress_since: date | None = None  # a plan stage's first day: earlier sessions do not count

    @classmethod
    def from_config(
        cls,
        config: Config,
        *,
        get_ready_s: int | None = None,
        switch_side_s: int = SWITCH_SIDE_S,
        no_bell: bool = False,
        resume: ResumeMode = "ask",
        auto_ack: bool = False,
        sessions_dir: Path | None = None,
    ) -> SessionOptions:
        """The options of a session from the config and the command line's flags (a flag wins).
        The config's pain threshold counts only when its file sets one."""
        return cls(
            get_ready_s=config.get_ready_s if get_ready_s is None else get_ready_s,
            switch_side_s=switch_side_s,
            pain_threshold=(
                config.pain_threshold if config.source("pain_threshold") == "file" else None
            ),
            bell=config.bell and not no_bell,
            resume=resume,
            auto_ack=auto_ack,
            sessions_dir=sessions_dir,
        )


DEFAULT_OPTIONS = SessionOptions()


# ---------------------------------------------------------------------------------------------
# The runner


class SessionRunner:
    """One live session of one program: see the module docstring.

    Construct (loads the program: raises HamtuiError for a broken file or an exercise that does
    not resolve), set `on_events` / `on_notice`, `start()`, then call commands and answers and
    `poll()` when the clock reaches a deadline. With `defer_recording` the engine's events are
    written to the record only when `flush_record()` is called (a screen flushes after it has
    painted, so a phase change never waits for the disk); answers flush first."""

    def __init__(
        self,
        program_path: Path,
        library: Library,
        options: SessionOptions = SessionOptions(),
        *,
        clock: Clock = time.monotonic,
        wall_clock: WallClock = utc_now,
        resume: UnfinishedSession | None = None,
        offer_resume: bool = True,
        defer_recording: bool = False,
    ) -> None:
        loaded = load_session_program(
            program_path,
            library,
            get_ready_s=options.get_ready_s,
            switch_side_s=options.switch_side_s,
            pain_threshold=options.pain_threshold,
            affected_side=options.affected_side,
        )
        self.program_path = program_path
        self.library = library
        self.options = options
        self.program = loaded.program
        self.program_sha256 = loaded.sha256
        self.full_timeline = loaded.timeline
        easing = options.checkin is not None and options.checkin.dose == "eased"
        # Items with a range: today's step of each, from the sessions before (in the stage).
        ceiling = options.pain_ceiling
        if ceiling is None:
            ceiling = self.program.pain_ceiling or 0
        self.progress = session_progress(
            self.program,
            program_path.name,
            ceiling,
            sessions=options.sessions_dir,
            since=options.progress_since,
            eased_today=easing,
        )
        if self.progress:
            self.program = with_progress(self.program, self.progress)
        if easing:
            self.program = eased(self.program)  # the check-in lowered today's dose
        if self.progress or easing:
            self.full_timeline = build_timeline(
                self.program,
                library,
                get_ready_s=options.get_ready_s,
                switch_side_s=options.switch_side_s,
            )
        self.pain_threshold = loaded.pain_threshold
        if options.pain_ceiling is not None:  # a plan stage's ceiling lowers it, as a program's
            self.pain_threshold = min(self.pain_threshold, options.pain_ceiling)
        self.symptoms: tuple[Symptom, ...] = loaded.symptoms
        self.clock = clock
        self.wall_clock = wall_clock
        self.bell_on = options.bell
        self.on_events: EventsHook | None = None
        self.on_notice: Callable[[Notice], None] | None = None

        self.session: Session | None = None
        self.recorder: SessionRecorder | None = None
        self.status: Status | None = None  # set when the session finishes
        self.quit = False  # the athlete quit at the resume offer
        self._resume = resume
        self._offer_resume = offer_resume
        self._defer = defer_recording
        self._unrecorded: list[SessionEvent] = []
        self._questions: list[Question] = []

    # -- state -------------------------------------------------------------------------------

    @property
    def auto_ack(self) -> bool:
        return self.options.auto_ack

    @property
    def question(self) -> Question | None:
        """The question being asked: the first of the queue that still applies."""
        while self._questions and not self._applies(self._questions[0]):
            self._questions.pop(0)
        return self._questions[0] if self._questions else None

    @property
    def over(self) -> bool:
        """Nothing more will happen: quit at the resume offer, or finished with every
        question answered."""
        return self.quit or (self.status is not None and self.question is None)

    @property
    def outcome(self) -> Outcome:
        status: Status | None = None if self.quit else (self.status or "in-progress")
        return Outcome(status, self.recorder.path if self.recorder else None)

    def running(self) -> Session | None:
        """The engine while the session runs (None before it starts and once it is over)."""
        session = self.session
        if session is None or self.status is not None or session.state == "finished":
            return None
        return session

    def sets_done(self) -> int:
        """Sets done so far, as recorded (events not yet flushed are not counted)."""
        return sum(e.sets_done for e in self.recorder.record.entries) if self.recorder else 0

    def self_paced(self) -> bool:
        """A set of reps at the athlete's own pace is under way (it ends with `done`)."""
        session = self.running()
        step = session.step if session is not None else None
        return (
            session is not None
            and session.state in ("running", "paused")
            and step is not None
            and step.kind == "work"
            and step.duration_s is None
        )

    def can(self, action: str) -> bool:
        """Whether a command's action applies now (`COMMANDS`' action names)."""
        if action in ("keys", "help"):
            return True
        if action == "bell_off":
            return self.bell_on
        if action == "bell_on":
            return not self.bell_on
        session = self.running()
        if session is None:
            return False
        if action == "pause":
            return session.state == "running"
        if action == "resume":
            return session.state == "paused"
        if action == "done":
            return self.self_paced()
        if action == "more_rest":
            return session.can_add_rest()
        if action in ("skip", "back"):
            return session.state in ("running", "paused", "awaiting-ack")
        return action in ("symptom", "end")

    def today_words(self, step: Step) -> str:
        """Today's dose of a step's item and why, when the item has a range (else "")."""
        today = self.progress.get((step.block, step.item))
        item = self.program.blocks[step.block].items[step.item]
        if today is None or step.slug != item.exercise:
            return ""
        return f"Today: {today.dose.text()}. {today.why}"

    def exercise_name(self, slug: str) -> str:
        exercise = self.library.resolve(self.program, slug)
        return exercise.name if exercise is not None else slug

    # -- starting ----------------------------------------------------------------------------

    def start(self) -> None:
        """Offer to resume the newest unfinished session of this program, or begin."""
        if self._resume is not None:
            self._begin(self._resume)
            return
        found = unfinished_of(self.program_path, self.options.sessions_dir)
        for open_elsewhere in (u for u in found if u.elsewhere):
            started = open_elsewhere.started.astimezone().strftime("%Y-%m-%d %H:%M")
            self._notice(
                "warning",
                f"The session started {started} is still open in another hamtui: it is left to "
                "that one and not offered here.",
            )
        found = [u for u in found if not u.elsewhere]
        if not self._offer_resume or not found:
            self._begin(None)
        elif self.auto_ack or self.options.resume == "resume":
            self._begin(found[0])
        else:
            try:
                plan = plan_resume(found[0].record, self.program, self.program_sha256, self.library)
            except HamtuiError as exc:
                self._notice("warning", f"Cannot resume the last session: {one_line(str(exc))}")
                self._begin(None)
                return
            name = ""
            if plan.start_at is not None:
                block, item = plan.start_at.block, plan.start_at.item
                slug = (
                    plan.swaps.get((block, item)) or self.program.blocks[block].items[item].exercise
                )
                name = self.exercise_name(slug)
            self._questions.append(ResumeQuestion(found[0], plan, name))

    def answer_resume(self, question: ResumeQuestion, choice: ResumeChoice | None) -> None:
        """Resume the unfinished session, start fresh (it is closed as ended early), or quit
        (None: quit)."""
        if not self._take(question):
            return
        if choice == "resume":
            self._begin(question.found)
        elif choice == "fresh":
            try:
                SessionRecorder.claim(question.found.path, self.wall_clock).abandon()
            except HamtuiError as exc:  # taken by another hamtui meanwhile: it is theirs
                self._notice("warning", one_line(str(exc)))
            self._begin(None)
        else:
            self.quit = True
            self._notice("ack", "Nothing was started.")

    def _begin(self, resume: UnfinishedSession | None) -> None:
        timeline = self.full_timeline
        folder = self.options.sessions_dir
        if resume is not None:
            try:
                recorder = SessionRecorder.reopen(resume.path, self.wall_clock)
            except SessionOpenElsewhere as exc:  # another hamtui took it meanwhile
                self._notice("warning", f"{one_line(str(exc))}: starting a new session.")
                resume = None
        if resume is None:
            self.recorder = SessionRecorder.create(
                self.program_path,
                self.program_sha256,
                self.wall_clock,
                folder=folder,
                title=self.program.title,
            )
            if self.progress:  # today's dose of each item with a range, and why
                self.recorder.record.progress = [
                    today.note(b, i, self.program.blocks[b].items[i].exercise)
                    for (b, i), today in sorted(self.progress.items())
                ]
                self.recorder.write()
                if self.auto_ack:  # no start pop-ups to say it: say it now
                    for (b, i), today in sorted(self.progress.items()):
                        name = self.exercise_name(self.program.blocks[b].items[i].exercise)
                        self._notice(
                            "info", f"{one_line(name, 80)}: today {today.dose.text()}. {today.why}"
                        )
        else:
            plan = plan_resume(resume.record, self.program, self.program_sha256, self.library)
            self.recorder = recorder
            self._notice("ack", "Resuming the unfinished session.")
            if plan.program_changed:
                self._notice(
                    "warning",
                    "The program file changed since this session started: check that the sets "
                    "line up.",
                )
            if plan.start_at is None:
                done = sum(entry.sets_done for entry in resume.record.entries)
                self.status = end_status(done)
                self.recorder.finish(self.status)
                return
            timeline = build_timeline(
                self.program,
                self.library,
                get_ready_s=self.options.get_ready_s,
                switch_side_s=self.options.switch_side_s,
                start_at=plan.start_at,
                swaps=plan.swaps,
            )
        checkin = self.options.checkin
        if checkin is not None:
            self.recorder.record.checkin = checkin
            self.recorder.write()
            if checkin.dose == "eased":  # say what today's dose is, and why
                self._notice("info", checkin.advice.split(". ")[0].rstrip(".") + ".")
        before = sum(e.sets_done for e in resume.record.entries) if resume is not None else 0
        self.session = Session(
            timeline, self.clock, require_ack=not self.auto_ack, sets_done_before=before
        )
        self._apply(self.session.start())

    # -- the engine ----------------------------------------------------------------------------

    def poll(self) -> None:
        """Catch the engine up with the clock."""
        session = self.running()
        if session is not None:
            self._apply(session.poll())

    def _apply(self, events: Sequence[SessionEvent]) -> None:
        """Every engine call ends here: record, tell the front end, queue the questions."""
        if not events:
            return
        if self.recorder is not None:
            self._unrecorded.extend(events)
            if not self._defer:
                self.flush_record()
        if self.on_events is not None:
            self.on_events(events)
        for event in events:
            if isinstance(event, AwaitingAck):
                self._questions = [q for q in self._questions if not isinstance(q, StartQuestion)]
                self._questions.append(
                    StartQuestion(event.index, event.step, self.today_words(event.step))
                )
            elif isinstance(event, ExerciseFinished) and not self.auto_ack:
                self._questions.append(RatingQuestion(event.step))
            elif isinstance(event, SessionFinished):
                self.status = event.status

    @property
    def has_unrecorded(self) -> bool:
        return bool(self._unrecorded)

    def flush_record(self) -> None:
        """Hand the engine events not yet recorded to the recorder (which writes the file)."""
        if self._unrecorded and self.recorder is not None:
            events, self._unrecorded = self._unrecorded, []
            self.recorder.handle(events)

    # -- commands ------------------------------------------------------------------------------

    def pause(self) -> None:
        session = self.running()
        if session is not None:
            self._apply(session.pause())

    def resume(self) -> None:
        session = self.running()
        if session is not None:
            self._apply(session.resume())

    def toggle_pause(self) -> None:
        session = self.running()
        if session is not None:
            self._apply(session.resume() if session.state == "paused" else session.pause())

    def skip(self) -> None:
        session = self.running()
        if session is not None:
            self._apply(session.skip())

    def back(self) -> None:
        session = self.running()
        if session is not None:
            self._apply(session.back())

    def done(self) -> None:
        session = self.running()
        if session is not None:
            self._apply(session.done())

    def add_rest(self) -> None:
        session = self.running()
        if session is not None:
            self._apply(session.add_rest())

    def toggle_bell(self) -> None:
        self.bell_on = not self.bell_on

    def ask_end(self) -> None:
        """`q`: ask whether to end the session (the timer waits for the answer)."""
        if self.running() is None:
            return
        self._questions.insert(0, EndQuestion(self._pause_for_question()))

    def symptom_check(self) -> None:
        """`!`: the symptom check for the step under way (the timer waits for the answer)."""
        session = self.running()
        step = session.step if session is not None else None
        if session is None or step is None:
            return
        was_paused = self._pause_for_question()
        swaps: dict[str, SwapChoice] = {}
        current = self.library.resolve(self.program, step.slug) if session.can_swap() else None
        if current is not None:
            resolve = partial(self.library.resolve, self.program)
            for symptom in self.symptoms:
                swaps[symptom.id] = easier_exercise(current, resolve, symptom.avoid)
        self._questions.insert(
            0,
            SymptomQuestion(
                exercise_name=step.name,
                symptoms=self.symptoms,
                allowed=allowed_actions(session.can_swap()),
                swaps=swaps,
                note=f"during {step.slug}",
                was_paused=was_paused,
            ),
        )

    # -- answers -------------------------------------------------------------------------------

    def answer_start(self, question: StartQuestion, choice: StartChoice | None) -> None:
        """The start pop-up: start the countdown, skip the exercise, or ask to end (the pop-up
        comes back if the athlete goes on)."""
        session = self.running()
        if session is None or not self._applies(question):
            return
        if choice == "end":
            self.ask_end()
            return
        self._take(question)
        self._apply(session.skip_exercise() if choice == "skip" else session.acknowledge())

    def answer_rating(self, question: RatingQuestion, pain: int | None, effort: int | None) -> None:
        """Pain and effort of an exercise (None: not given). A pain above the threshold brings
        up the advice for strong pain, the timer waiting."""
        if not self._take(question):
            return
        if (pain is None and effort is None) or self.recorder is None:
            return
        step = question.step
        self.flush_record()
        self.recorder.rate(
            step.block, step.item, step.slug, pain=pain, effort=effort, side=step.plan.dose.side
        )
        if not pain_needs_advice(pain, self.pain_threshold):
            return
        was_paused = self._pause_for_question()
        has_pain_advice = any(s.id == PAIN_SYMPTOM for s in self.symptoms)
        self._questions.insert(
            0,
            SymptomQuestion(
                exercise_name=step.name,
                symptoms=self.symptoms,
                allowed=("continue", "end-session"),
                swaps={},
                note=f"pain {pain}/10 after {step.slug}",
                was_paused=was_paused,
                intro=(
                    f"You rated the pain of {one_line(step.name, 60)} {pain} of 10, "
                    + (
                        "and this program is meant to be pain-free."
                        if self.pain_threshold == 0
                        else f"above {self.pain_threshold}."
                    )
                    + " Read the advice, or choose what you felt."
                ),
                preselect=PAIN_SYMPTOM if has_pain_advice else None,
            ),
        )

    def answer_symptom(
        self,
        question: SymptomQuestion,
        symptom: Symptom | None,
        action: SymptomAction | None,
    ) -> None:
        """Record the symptom and carry out its action (None, None: back to the session)."""
        if not self._take(question):
            return
        if symptom is not None and action is not None and self.recorder is not None:
            self.flush_record()
            self.recorder.symptom(symptom.label, action, question.note)
        session = self.running()
        if session is None:
            return
        if action == "end-session":
            self._apply(session.end())
            return
        swap = question.swap_for(symptom) if symptom is not None else None
        if action == "regress" and swap is not None:
            self._apply(session.swap_exercise(*swap))
        elif action == "stop-exercise":
            self._apply(session.skip_exercise())
        elif action == "shorten-range" and symptom is not None:
            tips = symptom.adjustments[:2] or ["Shorten the range"]
            self._notice(
                "info",
                "Go on with a shorter range:",
                tuple(CueSpec(tip, "start", "caution") for tip in tips),
            )
        elif action == "continue":
            self._notice("ack", "Carry on.")
        self._resume_after_question(question.was_paused)

    def answer_end(self, question: EndQuestion, yes: bool) -> None:
        if not self._take(question):
            return
        session = self.running()
        if session is None:
            return
        if yes:
            self._apply(session.end())
            return
        self._notice("ack", "Keep going.")
        self._resume_after_question(question.was_paused)

    def leave_unanswered(self) -> None:
        """No more answers will come (end of input): questions that may be left out are
        dropped (ratings), the others stay."""
        self._questions = [q for q in self._questions if not isinstance(q, RatingQuestion)]

    def let_go(self) -> None:
        """This front end stops running the session (quit, Ctrl+C, the screen closed): the
        record is written and its lock freed, so an unfinished session can be resumed."""
        self.flush_record()
        if self.recorder is not None:
            self.recorder.close()

    # -- the end -------------------------------------------------------------------------------

    def summary(self) -> Summary:
        """What was done, skipped and reported, and where the record is."""
        self.flush_record()
        recorder = self.recorder
        record = recorder.record if recorder is not None else None
        entries = record.entries if record is not None else []
        events = record.events if record is not None else []
        skips = [e.detail for e in events if e.kind == "skip"]
        ratings = tuple(
            Rated(self.exercise_name(entry.exercise), entry.pain, entry.effort)
            for entry in entries
            if entry.pain is not None or entry.effort is not None
        )
        return Summary(
            status=self.status or "in-progress",
            title=self.program.title,
            file_name=self.program_path.name,
            sets_done=sum(e.sets_done for e in entries),
            sets_planned=len(self.full_timeline.plans),
            sets_skipped=sum(1 for d in skips if not d.endswith("exercise skipped")),
            exercises_skipped=sum(1 for e in entries if e.skipped),
            symptoms=tuple(
                symptom_words(e.detail, self.exercise_name) for e in events if e.kind == "symptom"
            ),
            ratings=ratings,
            record_path=recorder.path if recorder is not None else None,
        )

    # -- inside --------------------------------------------------------------------------------

    def _applies(self, question: Question) -> bool:
        if isinstance(question, StartQuestion):
            session = self.running()
            return (
                session is not None
                and session.state == "awaiting-ack"
                and session.index == question.index
            )
        if isinstance(question, EndQuestion):
            return self.running() is not None
        return True

    def _take(self, question: Question) -> bool:
        """Take an answered question off the queue; False when it was not asked."""
        if question not in self._questions:
            return False
        self._questions.remove(question)
        return True

    def _pause_for_question(self) -> bool:
        """Pause while a question is read; True when the session was paused already."""
        session = self.running()
        if session is None:
            return True
        was_paused = session.state == "paused"
        if session.state == "running":
            self._apply(session.pause())
        return was_paused

    def _resume_after_question(self, was_paused: bool) -> None:
        session = self.running()
        if session is not None and not was_paused and session.state == "paused":
            self._apply(session.resume())

    def _notice(self, level: NoticeLevel, text: str, cues: tuple[CueSpec, ...] = ()) -> None:
        if self.on_notice is not None:
            self.on_notice(Notice(level, text, cues))
