"""The session screen, driven by Pilot with a fake clock: the test moves the clock and calls
`tick()` itself (the screen's own timer is off), so no test sleeps.

The program carries its exercises in its own `[exercises]`, with hostile names and cues; the
bundled library gives the safety rules (symptoms, pain threshold 5).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from fakes import FakeClock, WallClock
from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import Label, OptionList, Static
from textual.widgets._footer import FooterKey

from hamtui.errors import HamtuiError
from hamtui.files import load
from hamtui.library import Library, load_library
from hamtui.model.session import SessionRecord
from hamtui.session import SessionRecorder, StepStarted, find_unfinished
from hamtui.session.run import SessionOptions
from hamtui.tui.screens.cue_popup import CuePopup
from hamtui.tui.screens.end_confirm import EndConfirm
from hamtui.tui.screens.help_screen import HelpScreen
from hamtui.tui.screens.rating_prompt import RatingPrompt
from hamtui.tui.screens.resume_offer import ResumeOffer
from hamtui.tui.screens.session_screen import SessionOutcome, SessionScreen
from hamtui.tui.screens.symptom_check import SymptomCheck
from hamtui.tui.widgets.countdown import Countdown
from hamtui.tui.widgets.cue_banner import CueBanner
from programs import block, cued_hold, easier_hold, exercise, item, program_toml

HOSTILE = "[bold]x\x1b[2J"
HOSTILE_SHOWN = "[bold]x\\x1b[2J"
GET_READY = 3
SWITCH = 2

PROGRAM = program_toml(
    "Tiny [bold]session\x1b[2J",
    block(
        "Main",
        item(
            "tiny-hold",
            sets=2,
            reps=2,
            hold_s=4,
            rest_s=5,
            side="each",
            notes="Easy [red]does\x1b[2J it",
            cues=["Trainer [b]cue[/b]"],
        ),
        item("tiny-reps", sets=1, reps=5),
    ),
    exercises={
        "tiny-hold": cued_hold(
            "Tiny [bold]Hold\x1b[2J",
            ["Lie on your back", "Straighten the knee [i]slowly[/i]", "Breathe"],
            halfway="Halfway [b]breathe[/b] out",
            regressions=["tiny-easy"],
        ),
        "tiny-easy": easier_hold("Tiny Easy"),
        "tiny-reps": exercise("Tiny Reps", "strength", "reps", ["Lift", "Lower"]),
    },
)
# Timeline (get ready 3, switch 2): tiny-hold set 1: get-ready 3 (pop-up first), left 11
# (hold 4, release 3, hold 4), switch 2, right 11, rest 5; set 2: left 11, switch 2, right 11;
# tiny-reps: get-ready 3 (pop-up), 5 reps at one's own pace (enter when done).


class Host(App[None]):
    """Pushes one session screen and records what it closes with; counts bells."""

    def __init__(self, screen: SessionScreen) -> None:
        super().__init__()
        self.session_screen = screen
        self.results: list[SessionOutcome | None] = []
        self.rings = 0

    def on_mount(self) -> None:
        self.push_screen(self.session_screen, self.results.append)

    def bell(self) -> None:
        self.rings += 1


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(bundled_only=True)


@pytest.fixture
def program_path(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.toml"
    path.write_text(PROGRAM, encoding="utf-8")
    return path


class Run:
    """A session screen on a Host, with its fake clock."""

    def __init__(self, pilot: Pilot[None], screen: SessionScreen, clock: FakeClock) -> None:
        self.pilot = pilot
        self.screen = screen
        self.clock = clock

    @property
    def app(self) -> Host:
        app = self.pilot.app
        assert isinstance(app, Host)
        return app

    @property
    def top(self) -> Any:
        return self.pilot.app.screen

    async def advance(self, seconds: float) -> None:
        self.clock.now += seconds
        self.screen.tick()
        await self.pilot.pause()

    async def press(self, *keys: str) -> None:
        await self.pilot.press(*keys)
        await self.pilot.pause()

    def step(self) -> str:
        session = self.screen.session
        assert session is not None
        return repr(session.step)

    def remaining(self) -> float | None:
        assert self.screen.session is not None
        return self.screen.session.remaining()

    def record(self) -> SessionRecord:
        assert self.screen.recorder is not None
        return load(self.screen.recorder.path, SessionRecord).model

    def label(self, selector: str) -> str:
        return str(self.screen.query_one(selector, Label).content)


def drive(
    program_path: Path,
    library: Library,
    steps: Callable[[Run], Awaitable[None]],
    size: tuple[int, int] = (80, 24),
    **options: Any,
) -> Host:
    clock = FakeClock()
    options.setdefault("flash", False)
    session_options = SessionOptions(get_ready_s=GET_READY, switch_side_s=SWITCH)
    screen = SessionScreen(
        program_path,
        library,
        session_options,
        clock=clock,
        wall_clock=WallClock(clock),
        ticking=False,
        **options,
    )

    async def go() -> Host:
        app = Host(screen)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await steps(Run(pilot, screen, clock))
            await pilot.pause()
        return app

    return asyncio.run(go())


async def start(run: Run) -> None:
    """Dismiss the first start pop-up: the get-ready countdown begins."""
    assert isinstance(run.top, CuePopup)
    await run.press("enter")
    assert run.screen.session is not None and run.screen.session.state == "running"


# -- a whole session ---------------------------------------------------------------------------


def test_a_short_program_runs_to_the_end_and_is_recorded(
    program_path: Path, library: Library
) -> None:
    async def steps(run: Run) -> None:
        popup = run.top
        assert isinstance(popup, CuePopup)
        shown = str(popup.query_one("#cue-text", Static).content)
        for text in ("Relax the toes", "Trainer [b]cue[/b]", "Stop if it burns"):
            assert text in shown
        assert "Easy [red]does\\x1b[2J it" in shown
        assert "Tingling \\x1b[2J into the foot" in shown
        assert "\x1b" not in shown
        # the countdown waits for the pop-up
        await run.advance(30)
        assert "get-ready" in run.step() and run.remaining() == GET_READY
        await run.press("enter")

        await run.advance(GET_READY)
        assert "work tiny-hold b0i0 set 1/2 left" in run.step()
        countdown = run.screen.query_one(Countdown)
        assert countdown.value == "0:04"
        assert "HOLD · LEFT SIDE" in str(countdown.query_one("#countdown-phase", Label).content)
        assert run.label("#session-indicators") == "Set 1 of 2 · Rep 1 of 2 · Side: left (1 of 2)"
        assert run.label("#session-next").startswith("Next: switch to the right side, then")
        await run.advance(4)
        assert "RELEASE" in str(countdown.query_one("#countdown-phase", Label).content)
        assert countdown.value == "0:03"
        await run.advance(7)  # left done
        assert "switch-side" in run.step()
        await run.advance(SWITCH + 11)  # right done: set 1 finished and recorded
        assert "rest" in run.step()
        assert run.record().entries[0].sets_done == 1
        assert run.record().status == "in-progress"
        await run.advance(5 + 11 + SWITCH + 11)  # set 2 (no get-ready within an item)
        # the exercise is over: pain and effort, then the next exercise's pop-up
        assert isinstance(run.top, RatingPrompt)
        await run.press("2", "5")
        assert isinstance(run.top, CuePopup)
        await run.press("enter")
        await run.advance(GET_READY)
        assert "work tiny-reps" in run.step()
        assert run.remaining() is None  # at one's own pace
        assert "DO THE REPS" in str(countdown.query_one("#countdown-phase", Label).content)
        await run.advance(9)
        assert countdown.value == "0:09"  # counts up
        await run.press("enter")  # reps done: the last step
        assert isinstance(run.top, RatingPrompt)
        await run.press("s", "escape")  # skip both questions

        summary = str(run.screen.query_one("#session-summary", Static).content)
        assert summary.startswith("Session complete")
        assert "Sets done: 3 of 3" in summary
        assert "Skipped: nothing" in summary
        assert "Symptoms reported: none" in summary
        assert "pain 2, effort 5" in summary
        assert str(run.screen.recorder.path if run.screen.recorder else "") in summary
        assert run.app.results == []
        await run.press("x")  # any key closes

    app = drive(program_path, library, steps)
    assert len(app.results) == 1
    outcome = app.results[0]
    assert outcome is not None and outcome.status == "completed"
    assert outcome.record_path is not None
    record = load(outcome.record_path, SessionRecord).model
    assert re.fullmatch(r"20261120T180000Z-tiny-[0-9a-f]{6}\.toml", outcome.record_path.name)
    assert record.status == "completed"
    assert record.program == "tiny.toml"
    assert record.finished is not None and record.finished > record.started
    entries = [(e.exercise, e.sets_done, e.side, e.pain, e.effort) for e in record.entries]
    assert entries == [("tiny-hold", 2, "each", 2, 5), ("tiny-reps", 1, "both", None, None)]
    assert [e.kind for e in record.events] == ["cue", "cue"]


def test_pause_freezes_the_countdown_and_resume_goes_on(
    program_path: Path, library: Library
) -> None:
    async def steps(run: Run) -> None:
        await start(run)
        await run.advance(GET_READY + 2)
        assert run.remaining() == 9
        await run.press("space")
        assert run.screen.session is not None and run.screen.session.state == "paused"
        assert "PAUSED" in run.label("#session-status")
        countdown = run.screen.query_one(Countdown)
        assert str(countdown.query_one("#countdown-phase", Label).content).startswith("PAUSED")
        await run.advance(100)
        assert run.remaining() == 9 and "work" in run.step()
        await run.press("space")
        assert run.screen.session.state == "running"
        await run.advance(8.5)
        assert run.remaining() == 0.5 and "left" in run.step()
        await run.advance(0.5)
        assert "switch-side" in run.step()
        kinds = [e.kind for e in run.record().events]
        assert kinds == ["cue", "pause", "resume"]

    drive(program_path, library, steps)


def test_skip_does_not_count_the_set_and_back_redoes_it(
    program_path: Path, library: Library
) -> None:
    async def steps(run: Run) -> None:
        await start(run)
        await run.press("n")  # skip the get-ready
        assert "work tiny-hold b0i0 set 1/2 left" in run.step()
        await run.advance(5)
        await run.press("n")  # skip the left side's work
        assert "switch-side" in run.step()
        await run.advance(SWITCH + 11)
        assert "rest" in run.step()
        assert run.record().entries[0].sets_done == 0  # a skipped set is not counted
        await run.press("b")  # back from the rest: redo set 1
        assert "work tiny-hold b0i0 set 1/2 left" in run.step()
        assert run.remaining() == 11
        await run.advance(11 + SWITCH + 11)
        assert "rest" in run.step()
        assert run.record().entries[0].sets_done == 1
        skips = [e.detail for e in run.record().events if e.kind == "skip"]
        assert skips == ["tiny-hold: set 1 of 2, left"]

    drive(program_path, library, steps)


def test_more_rest_during_a_rest_only(program_path: Path, library: Library) -> None:
    async def steps(run: Run) -> None:
        await start(run)
        await run.press("plus")  # not a rest: nothing happens
        assert run.remaining() == GET_READY
        await run.advance(GET_READY + 11 + SWITCH + 11 + 1)
        assert "rest" in run.step() and run.remaining() == 4
        await run.press("plus")
        assert run.remaining() == 14
        assert "+ adds 10 s" in str(run.screen.query_one("#countdown-detail", Label).content)

    drive(program_path, library, steps)


# -- cues, bell and flash ----------------------------------------------------------------------


def test_timed_cues_pop_up_without_stopping_the_timer_and_go_away(
    program_path: Path, library: Library
) -> None:
    async def steps(run: Run) -> None:
        await start(run)
        banner = run.screen.query_one(CueBanner)
        await run.advance(GET_READY + 5)
        assert not banner.display
        await run.advance(0.5)  # halfway through 11 s
        assert banner.display
        assert isinstance(run.top, SessionScreen)  # no modal: the timer runs on
        assert "▲ Caution: Halfway [b]breathe[/b] out" in str(banner.content)
        assert run.remaining() == 5.5
        await run.advance(2.75)  # the end cue: 11 - min(5, 11/4)
        assert "■ STOP: Stop if it burns" in str(banner.content)
        assert banner.has_class("-stop")
        await run.press("space")  # paused: cues still go away in their time
        await run.advance(3.5)  # the halfway cue has had its 6 s; the stop cue stays longer
        assert "Halfway" not in str(banner.content)
        assert "Stop if it burns" in str(banner.content)
        await run.advance(9)
        assert not banner.display

    drive(program_path, library, steps)


def test_phase_changes_ring_the_bell_and_flash_and_m_mutes(
    program_path: Path, library: Library
) -> None:
    async def steps(run: Run) -> None:
        await start(run)
        assert run.app.rings == 0
        await run.advance(GET_READY)  # get ready -> hold
        assert run.app.rings == 1
        assert run.screen.query_one(Countdown).flashing
        await run.advance(4)  # hold -> release
        assert run.app.rings == 2
        await run.advance(3)  # release -> second hold
        assert run.app.rings == 3
        await run.advance(1)  # nothing changes
        assert run.app.rings == 3
        await run.press("m")
        assert "bell off" in run.label("#session-status")
        await run.advance(3)  # hold -> switch side: flashes, no bell
        assert run.app.rings == 3 and run.screen.bells == 4
        await run.press("m")
        await run.advance(SWITCH)
        assert run.app.rings == 4

    drive(program_path, library, steps, flash=True)


def test_keys_follow_a_keymap_by_binding_id(program_path: Path, library: Library) -> None:
    async def steps(run: Run) -> None:
        run.app.set_keymap({"pause": "p", "mute": "u"})
        await start(run)
        session = run.screen.session
        assert session is not None
        await run.press("p")
        assert session.state == "paused"
        await run.press("p")  # the same id resumes
        assert session.state == "running"
        await run.press("u")
        assert not run.screen.bell_on

    drive(program_path, library, steps)


def test_the_footer_lists_the_keys_and_fits_80_columns(
    program_path: Path, library: Library
) -> None:
    async def steps(run: Run) -> None:
        await start(run)
        await run.advance(GET_READY)
        shown = {b.binding.description for b in run.screen.active_bindings.values()}
        assert {"Pause", "Skip", "Back", "Symptom", "End", "Mute", "Keys"} <= shown
        assert "Resume" not in shown and "Reps done" not in shown
        footer_keys = list(run.screen.query(FooterKey))
        assert len(footer_keys) == 9  # space n b + ! q m ?, and the command palette's
        assert all(0 < key.region.right <= 80 for key in footer_keys)
        await run.press("space")
        shown = {b.binding.description for b in run.screen.active_bindings.values()}
        assert "Resume" in shown and "Pause" not in shown
        await run.press("question_mark")
        assert isinstance(run.top, HelpScreen)
        await run.press("escape")
        assert run.top is run.screen

    drive(program_path, library, steps)


# -- symptoms, pain and the end ----------------------------------------------------------------


def test_a_symptom_that_regresses_swaps_the_exercise_and_is_recorded(
    program_path: Path, library: Library
) -> None:
    async def steps(run: Run) -> None:
        await start(run)
        await run.advance(GET_READY + 2)
        await run.press("exclamation_mark")
        check = run.top
        assert isinstance(check, SymptomCheck)
        session = run.screen.session
        assert session is not None and session.state == "paused"
        symptoms = check.query_one("#symptom-list", OptionList)
        ids = [symptoms.get_option_at_index(n).id for n in range(symptoms.option_count)]
        assert library.safety is not None
        assert ids == [s.id for s in library.safety.symptoms]
        symptoms.highlighted = ids.index("sit-bone-pain")
        await run.press("enter")
        advice = str(check.query_one("#symptom-advice-text", Static).content)
        assert "high hamstring tendinopathy" in advice
        assert "■ See a professional:" in advice
        actions = check.query_one("#symptom-actions", OptionList)
        first = actions.get_option_at_index(0)
        assert first.id == "regress"
        assert isinstance(first.prompt, Text) and "Tiny Easy  (advised)" in first.prompt.plain
        await run.press("enter")
        # the set restarts with the regression's own start pop-up
        assert isinstance(run.top, CuePopup)
        assert run.top.info.slug == "tiny-easy"
        await run.press("enter")
        await run.advance(GET_READY)
        assert "work tiny-easy b0i0 set 1/2 left" in run.step()
        assert run.remaining() == 11  # same mode (hold): the item's dose goes on
        assert run.screen.session is not None and run.screen.session.state == "running"
        record = run.record()
        kinds = [(e.kind, e.detail) for e in record.events]
        assert (
            "symptom",
            "Pain at the sit bone with sitting or bending forward -> regress: during tiny-hold",
        ) in kinds
        assert ("regress", "tiny-hold -> tiny-easy") in kinds
        assert [e.exercise for e in record.entries] == ["tiny-easy"]

    drive(program_path, library, steps)


def test_escape_from_the_symptom_check_resumes_and_records_nothing(
    program_path: Path, library: Library
) -> None:
    async def steps(run: Run) -> None:
        await start(run)
        await run.advance(GET_READY + 2)
        await run.press("exclamation_mark", "escape")
        assert run.top is run.screen
        assert run.screen.session is not None and run.screen.session.state == "running"
        assert [e.kind for e in run.record().events] == ["cue", "pause", "resume"]

    drive(program_path, library, steps)


def test_a_symptom_can_end_the_session(program_path: Path, library: Library) -> None:
    async def steps(run: Run) -> None:
        await start(run)
        await run.advance(GET_READY + 2)
        await run.press("exclamation_mark")
        check = run.top
        assert isinstance(check, SymptomCheck)
        symptoms = check.query_one("#symptom-list", OptionList)
        ids = [symptoms.get_option_at_index(n).id for n in range(symptoms.option_count)]
        symptoms.highlighted = ids.index("sharp-pain-or-pop")
        await run.press("enter", "enter")
        assert run.screen.finished_status == "ended-early"
        summary = str(run.screen.query_one("#session-summary", Static).content)
        assert summary.startswith("Session ended early")
        assert "Sharp pain, a sudden pull or a pop" in summary
        assert run.record().status == "ended-early"

    drive(program_path, library, steps)


def test_pain_above_the_threshold_shows_the_advice(program_path: Path, library: Library) -> None:
    async def steps(run: Run) -> None:
        await start(run)
        await run.advance(GET_READY + 2 * (11 + SWITCH + 11) + 5)
        assert isinstance(run.top, RatingPrompt)
        await run.press("7", "4")
        check = run.top
        assert isinstance(check, SymptomCheck)
        assert "above 5" in str(check.query_one("#symptom-intro", Label).content)
        advice = str(check.query_one("#symptom-advice-text", Static).content)
        assert advice.startswith("Pain that builds and becomes strong")
        actions = check.query_one("#symptom-actions", OptionList)
        ids = [actions.get_option_at_index(n).id for n in range(actions.option_count)]
        assert ids == ["continue", "end-session"]  # the exercise is over
        await run.press("enter")
        assert isinstance(run.top, CuePopup)  # then the next exercise's pop-up
        record = run.record()
        assert (record.entries[0].pain, record.entries[0].effort) == (7, 4)
        symptom = [e.detail for e in record.events if e.kind == "symptom"]
        advice = "Pain that builds and becomes strong -> continue: pain 7/10 after tiny-hold"
        assert symptom == [advice]

    drive(program_path, library, steps)


def test_pain_at_the_threshold_asks_nothing_more(program_path: Path, library: Library) -> None:
    async def steps(run: Run) -> None:
        await start(run)
        await run.advance(GET_READY + 2 * (11 + SWITCH + 11) + 5)
        await run.press("5", "t")
        assert isinstance(run.top, CuePopup)
        entry = run.record().entries[0]
        assert (entry.pain, entry.effort) == (5, 10)

    drive(program_path, library, steps)


def test_q_asks_then_ends_early(program_path: Path, library: Library) -> None:
    async def steps(run: Run) -> None:
        await start(run)
        await run.advance(GET_READY + 2)
        await run.press("q")
        assert isinstance(run.top, EndConfirm)
        assert run.screen.session is not None and run.screen.session.state == "paused"
        await run.press("n")  # keep going
        assert run.screen.session.state == "running"
        await run.press("q", "y")
        assert run.screen.finished_status == "ended-early"
        assert run.record().status == "ended-early"
        await run.press("space")  # any key closes

    app = drive(program_path, library, steps)
    assert app.results and app.results[0] is not None
    assert app.results[0].status == "ended-early"


def test_ending_from_the_start_pop_up_can_be_taken_back(
    program_path: Path, library: Library
) -> None:
    async def steps(run: Run) -> None:
        await run.press("q")
        assert isinstance(run.top, EndConfirm)
        await run.press("escape")
        assert isinstance(run.top, CuePopup)  # shown again
        await run.press("n")  # skip the exercise from the pop-up
        assert isinstance(run.top, CuePopup) and run.top.info.slug == "tiny-reps"
        assert run.record().entries[0].skipped

    drive(program_path, library, steps)


# -- text, layout, scheduling ------------------------------------------------------------------


def test_file_text_is_shown_literally(program_path: Path, library: Library) -> None:
    async def steps(run: Run) -> None:
        await start(run)
        assert run.label("#session-title") == "Tiny [bold]session\\x1b[2J"
        exercise = run.label("#session-exercise")
        assert exercise.startswith("Tiny [bold]Hold\\x1b[2J")
        assert "Easy [red]does\\x1b[2J it" in exercise
        steps_text = str(run.screen.query_one("#session-steps", Static).content)
        assert "2. Straighten the knee [i]slowly[/i]" in steps_text

    drive(program_path, library, steps)


def test_compact_at_80x24_and_roomy_at_120x40(program_path: Path, library: Library) -> None:
    async def small(run: Run) -> None:
        assert run.screen.has_class("-compact")

    async def large(run: Run) -> None:
        assert not run.screen.has_class("-compact")

    drive(program_path, library, small, size=(80, 24))
    drive(program_path, library, large, size=(120, 40))


def test_the_next_tick_is_at_the_next_deadline(program_path: Path, library: Library) -> None:
    async def steps(run: Run) -> None:
        await start(run)
        clock = run.clock
        await run.advance(GET_READY + 3.9)  # 0.1 s left in the first hold
        wake = run.screen.next_wake()
        assert wake is not None and wake == pytest.approx(clock.now + 0.1)
        await run.advance(0.1 + 1.95)  # in the release: next whole second in 0.05 s
        wake = run.screen.next_wake()
        assert wake is not None and wake == pytest.approx(clock.now + 0.05)

    drive(program_path, library, steps)


def test_events_hook_sees_every_phase_change(program_path: Path, library: Library) -> None:
    seen: list[Any] = []

    async def steps(run: Run) -> None:
        await start(run)
        await run.advance(GET_READY + 11 + SWITCH + 1)

    drive(program_path, library, steps, on_events=seen.extend)
    starts = [e.step.kind for e in seen if isinstance(e, StepStarted)]
    assert starts == ["get-ready", "work", "switch-side", "work"]


def test_a_broken_program_is_an_error_before_anything_runs(
    tmp_path: Path, library: Library
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('format = "hamtui-program/1"\ntitle = \n')
    with pytest.raises(HamtuiError, match=r"broken\.toml:2"):
        SessionScreen(broken, library)
    missing = tmp_path / "missing.toml"
    missing.write_text(
        'format = "hamtui-program/1"\ntitle = "t"\n[[blocks]]\n[[blocks.items]]\n'
        'exercise = "no-such-exercise"\n'
    )
    with pytest.raises(HamtuiError, match="no-such-exercise"):
        SessionScreen(missing, library)


# -- resuming ----------------------------------------------------------------------------------


def interrupted(program_path: Path, library: Library) -> Path:
    """A session of tiny.toml left in progress after its first set."""
    sessions: list[Path] = []

    async def steps(run: Run) -> None:
        await start(run)
        await run.advance(GET_READY + 11 + SWITCH + 11 + 1)
        assert run.screen.recorder is not None
        sessions.append(run.screen.recorder.path)

    drive(program_path, library, steps)
    return sessions[0]


def test_an_unfinished_session_is_offered_and_resumed_at_the_next_set(
    program_path: Path, library: Library
) -> None:
    path = interrupted(program_path, library)

    async def steps(run: Run) -> None:
        offer = run.top
        assert isinstance(offer, ResumeOffer)
        detail = str(offer.query_one("#body", Static).content)
        assert "1 set done" in detail and "block 1, item 1, set 2" in detail
        assert "changed" not in detail
        await run.press("r")
        assert isinstance(run.top, CuePopup)
        await run.press("enter")
        assert "get-ready tiny-hold b0i0 set 2/2 left" in run.step()
        assert run.screen.recorder is not None and run.screen.recorder.path == path

    drive(program_path, library, steps)
    record = load(path, SessionRecord).model
    assert record.status == "in-progress"
    events = [(e.kind, e.detail) for e in record.events]
    assert ("resume", "resumed after an interruption") in events


def test_starting_fresh_closes_the_unfinished_session(program_path: Path, library: Library) -> None:
    path = interrupted(program_path, library)
    program_path.write_text(PROGRAM.replace("sets = 2", "sets = 3"), encoding="utf-8")

    async def steps(run: Run) -> None:
        offer = run.top
        assert isinstance(offer, ResumeOffer)
        assert "changed since" in str(offer.query_one("#body", Static).content)
        await run.press("f")
        assert isinstance(run.top, CuePopup)
        assert run.screen.recorder is not None and run.screen.recorder.path != path

    drive(program_path, library, steps)
    assert load(path, SessionRecord).model.status == "ended-early"
    assert len(find_unfinished()) == 1


def test_quitting_at_the_offer_leaves_everything_as_it_was(
    program_path: Path, library: Library
) -> None:
    path = interrupted(program_path, library)
    before = path.read_bytes()

    async def steps(run: Run) -> None:
        assert isinstance(run.top, ResumeOffer)
        await run.press("q")

    app = drive(program_path, library, steps)
    assert app.results == [None]
    assert path.read_bytes() == before


def test_resuming_a_session_with_nothing_left_closes_it(
    program_path: Path, library: Library
) -> None:
    path = interrupted(program_path, library)
    recorder = SessionRecorder.reopen(path)
    recorder.record.entries[0].sets_done = 2
    recorder.entry(0, 1, "tiny-reps").sets_done = 1
    recorder.write()
    recorder.close()
    resume = find_unfinished()[0]

    async def steps(run: Run) -> None:
        assert run.screen.finished_status == "completed"
        summary = str(run.screen.query_one("#session-summary", Static).content)
        assert "Sets done: 3 of 3" in summary

    drive(program_path, library, steps, resume=resume)
    assert load(path, SessionRecord).model.status == "completed"


# -- what the runner decides, as the screen shows it -------------------------------------------


def test_the_start_pop_up_names_the_side_of_a_one_sided_dose(
    tmp_path: Path, library: Library
) -> None:
    """The plain text said "right side only" and the pop-up said nothing: both show the
    runner's heading now."""
    path = tmp_path / "right.toml"
    path.write_text(PROGRAM.replace('side = "each"', 'side = "right"'), encoding="utf-8")

    async def steps(run: Run) -> None:
        popup = run.top
        assert isinstance(popup, CuePopup)
        title = str(popup.query_one("#cue-title", Label).content)
        assert title.endswith("set 1 of 2, right side only")

    drive(path, library, steps)


def test_the_help_screen_lists_the_runner_s_commands(program_path: Path, library: Library) -> None:
    from hamtui.session.run import COMMANDS

    screen = SessionScreen(program_path, library, ticking=False)
    rows = screen.key_rows()
    for command in COMMANDS:
        assert ("Session", command.key_label, command.help) in rows
    bound = {(b.key, b.action) for b in screen.BINDINGS if isinstance(b, Binding)}
    assert ("space", "pause") in bound and ("q", "end") in bound


# -- timed work ----------------------------------------------------------------------------------


def test_timed_work_counts_down_as_work_not_as_a_hold(tmp_path: Path, library: Library) -> None:
    path = tmp_path / "bike.toml"
    path.write_text(
        program_toml(
            "Bike",
            block("Warm-up", item("easy-bike", sets=2, work_s=300, rest_s=30)),
            exercises={"easy-bike": exercise("Easy bike", "concentric", "timed", ["Pedal"])},
        ),
        encoding="utf-8",
    )

    async def steps(run: Run) -> None:
        await start(run)
        await run.advance(GET_READY)
        countdown = run.screen.query_one(Countdown)
        phase = str(countdown.query_one("#countdown-phase", Label).content)
        assert phase == "WORK" and countdown.value == "5:00"
        assert "steady pace" in str(countdown.query_one("#countdown-detail", Label).content)
        await run.advance(75)
        assert countdown.value == "3:45"
        assert run.label("#session-indicators").startswith("Set 1 of 2 · work 5:00")
        await run.advance(225)
        assert "rest" in run.step()
        assert run.record().entries[0].sets_done == 1

    drive(path, library, steps)


def test_the_start_popup_says_todays_dose_of_an_item_with_a_range(
    tmp_path: Path, library: Library
) -> None:
    path = tmp_path / "ladder.toml"
    path.write_text(
        program_toml(
            "Ladder",
            block("Main", item("p-bridge", reps=10, load="2 kg", progress={"reps": 14})),
            exercises={"p-bridge": exercise("Plain Bridge", "strength", "reps", ["Lift"])},
        ),
        encoding="utf-8",
    )

    async def steps(run: Run) -> None:
        popup = run.top
        assert isinstance(popup, CuePopup)
        shown = str(popup.query_one("#cue-text", Static).content)
        assert shown.startswith(
            "Today's dose\nToday: 1 × 10 · 2 kg. Starting at the bottom of the range, "
            "1 × 10 · 2 kg: the first session of this range."
        )
        await start(run)
        await run.advance(GET_READY)
        assert run.label("#session-indicators").startswith("Set 1 of 1 · 10 reps · 2 kg")

    drive(path, library, steps)
