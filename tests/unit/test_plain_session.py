"""`hamtui run --plain`: the session as lines of text, driven with a fake clock and scripted
lines. The test moves the clock from one `next_wake()` to the next and calls `tick()`, so no
test sleeps; every line said is kept with the session time it was said at.

The program carries its exercises in its own `[exercises]` (holds on each side with cues, reps
at one's own pace, a circuit of a tempo exercise and a hold), with hostile text in the title,
a trainer cue and a red flag; the bundled library gives the safety rules (symptoms, pain
threshold 5).
"""

from __future__ import annotations

import io
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fakes import FakeClock, WallClock

from hamtui.cli.plain import (
    COUNTDOWN_AT,
    HELP_LINES,
    PlainSession,
    _LineReader,
    line_writer,
    run_plain_session,
    seconds_words,
)
from hamtui.errors import HamtuiError
from hamtui.library import Library, load_library
from hamtui.session.run import SessionOptions
from programs import block, cued_hold, easier_hold, exercise, item, program_toml

T0 = 1000.0
GET_READY = 6
SWITCH = 3

PROGRAM = program_toml(
    "Plain [bold]test\x1b[2J",
    block(
        "Main",
        item(
            "p-hold",
            sets=2,
            reps=1,
            hold_s=8,
            rest_s=5,
            side="each",
            cues=["Trainer [b]cue\x1b[2J"],
            notes="Go easy",
        ),
        item("p-reps", sets=1, reps=5),
    ),
    block(
        "Circuit",
        item("p-tempo", reps=2, tempo="2-1-2-0", rest_s=4),
        item("p-bridge", reps=2, hold_s=6),
        rounds=2,
        rest_between_rounds_s=10,
    ),
    exercises={
        "p-hold": cued_hold(
            "Plain Hold", ["Lie on your back", "Straighten the knee"], regressions=["p-easy"]
        ),
        "p-easy": easier_hold("Plain Easy"),
        "p-reps": exercise("Plain Reps", "strength", "reps", ["Lift", "Lower"]),
        "p-tempo": exercise("Plain Tempo", "strength", "reps", ["Slowly"]),
        "p-bridge": exercise(
            "Plain Bridge",
            "strength",
            "hold",
            ["Bridge up"],
            cues=[{"text": "Squeeze", "at": "start"}],
        ),
    },
)
# Timeline (get ready 6, switch 3): Plain Hold set 1: get-ready 6 (pop-up first), left 8,
# switch 3, right 8, rest 5; set 2: left 8, switch 3, right 8. Plain Reps: get-ready 6
# (pop-up), 5 reps at one's own pace (d). Circuit round 1: Plain Tempo get-ready 6 (pop-up),
# 2 reps of 5 s, rest 4; Plain Bridge get-ready 6 (pop-up), 2 holds of 6 s with 3 s between;
# round rest 10; round 2: the same without pop-ups.

LONG_HOLD = """\
format = "hamtui-program/1"
title = "Long hold"

[[blocks]]

[[blocks.items]]
exercise = "p-long"
hold_s = 30

[exercises.p-long]
name = "Long Hold"
category = "static-stretch"
mode = "hold"
"""

PHASES = ("Get ready", "Set ", "Round ", "Switch", "Rest ", "Hold ", "Release", "Rep ")


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(bundled_only=True, use_cache=False)


class Run:
    """One plain session on a fake clock; `lines` are (session time, line)."""

    def __init__(
        self, folder: Path, library: Library, program: str = PROGRAM, **options: Any
    ) -> None:
        self.clock = FakeClock()
        self.lines: list[tuple[float, str]] = []
        self.path = folder / "plain.toml"
        self.path.write_text(program, encoding="utf-8")
        self.sessions = folder / "sessions"
        options.setdefault("get_ready_s", GET_READY)
        options.setdefault("switch_side_s", SWITCH)
        self.plain = PlainSession(
            self.path,
            library,
            self._out,
            SessionOptions(sessions_dir=self.sessions, **options),
            clock=self.clock,
            wall_clock=WallClock(self.clock),
        )

    def _out(self, line: str) -> None:
        self.lines.append((round(self.clock.now - T0, 3), line))

    @property
    def t(self) -> float:
        return round(self.clock.now - T0, 3)

    def start(self) -> Run:
        self.plain.start()
        return self

    def feed(self, *lines: str) -> list[str]:
        """Type lines; what was said in answer."""
        before = len(self.lines)
        for line in lines:
            self.plain.feed(line)
        return [line for _, line in self.lines[before:]]

    def advance_to(self, t: float) -> list[str]:
        """Move the clock to session time `t`, ticking at every wake on the way."""
        before = len(self.lines)
        target = T0 + t
        while True:
            wake = self.plain.next_wake()
            if wake is None or wake > target:
                self.clock.now = target
                self.plain.tick()
                break
            assert wake > self.clock.now, "a wake that does not move the clock"
            self.clock.now = wake
            self.plain.tick()
        return [line for _, line in self.lines[before:]]

    def advance(self, seconds: float) -> list[str]:
        return self.advance_to(self.t + seconds)

    def said(self) -> list[str]:
        return [line for _, line in self.lines]

    def phases(self, since: float = 0.0) -> list[tuple[float, str]]:
        """The phase announcements, with when they were said (to the nearest 0.01 s)."""
        return [
            (round(t, 2), line) for t, line in self.lines if t >= since and line.startswith(PHASES)
        ]

    def record(self) -> dict[str, Any]:
        assert self.plain.runner.recorder is not None
        with self.plain.runner.recorder.path.open("rb") as handle:
            return tomllib.load(handle)


def index_of(library: Library, symptom_id: str) -> str:
    assert library.safety is not None
    ids = [s.id for s in library.safety.symptoms]
    return str(ids.index(symptom_id) + 1)


# ---------------------------------------------------------------------------------------------
# A whole session


def test_a_whole_program_runs_to_the_end(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library).start()
    assert run.said()[0] == "Plain [bold]test\\x1b[2J (plain.toml): 7 sets, about 3 minutes."
    assert run.said()[-1].startswith("Press enter when ready")
    # the start pop-up waits: nothing happens until enter
    assert run.advance_to(100) == []
    run.clock.now = T0
    run.feed("")
    run.advance_to(49)
    assert run.said()[-1].startswith("Pain during Plain Hold?")
    run.feed("3", "5")  # pain, effort; then the start pop-up of Plain Reps
    assert run.said()[-1].startswith("Press enter when ready")
    run.advance_to(50)
    run.feed("")
    run.advance_to(60)
    run.feed("d", "", "")  # reps done; pain and effort skipped
    run.feed("")  # Plain Tempo's pop-up
    run.advance_to(80)
    run.feed("")  # Plain Bridge's pop-up
    run.advance_to(128)
    run.feed("", "")  # Plain Tempo's rating, skipped
    run.advance_to(152)
    run.feed("0", "")
    assert run.plain.finished
    assert run.phases() == [
        (0, "Get ready: Plain Hold, left side, 6 seconds."),
        (6, "Set 1 of 2, left side: hold for 8 seconds."),
        (14, "Switch sides: right side, 3 seconds."),
        (17, "Set 1 of 2, right side: hold for 8 seconds."),
        (25, "Rest 5 seconds. Next: Plain Hold, set 2 of 2, left side."),
        (30, "Set 2 of 2, left side: hold for 8 seconds."),
        (38, "Switch sides: right side, 3 seconds."),
        (41, "Set 2 of 2, right side: hold for 8 seconds."),
        (50, "Get ready: Plain Reps, 6 seconds."),
        (56, "Set 1 of 1: 5 reps at your own pace; type d and press enter when done."),
        (60, "Get ready: Plain Tempo, 6 seconds."),
        (
            66,
            "Round 1 of 2: 2 reps, each: lower 2 seconds, pause 1 second, lift 2 seconds; "
            "10 seconds in all.",
        ),
        (71, "Rep 2 of 2."),
        (76, "Rest 4 seconds. Next: Plain Bridge, round 1 of 2."),
        (80, "Get ready: Plain Bridge, 6 seconds."),
        (86, "Round 1 of 2: 2 holds of 6 seconds, 3 seconds to release between."),
        (92, "Release, 3 seconds."),
        (95, "Hold 2 of 2: 6 seconds."),
        (101, "Rest 10 seconds before round 2. Next: Plain Tempo, round 2 of 2."),
        (111, "Get ready: Plain Tempo, 6 seconds."),
        (
            117,
            "Round 2 of 2: 2 reps, each: lower 2 seconds, pause 1 second, lift 2 seconds; "
            "10 seconds in all.",
        ),
        (122, "Rep 2 of 2."),
        (127, "Rest 4 seconds. Next: Plain Bridge, round 2 of 2."),
        (131, "Get ready: Plain Bridge, 6 seconds."),
        (137, "Round 2 of 2: 2 holds of 6 seconds, 3 seconds to release between."),
        (143, "Release, 3 seconds."),
        (146, "Hold 2 of 2: 6 seconds."),
    ]
    said = run.said()
    # the start cue of a later circuit round is due at its get-ready
    assert (131, "Cue: Squeeze") in run.lines
    assert run.plain.runner.recorder is not None
    assert said[-7:] == [
        "Plain [bold]test\\x1b[2J (plain.toml)",
        "Sets done: 7 of 7.",
        "Skipped: nothing.",
        "Symptoms reported: none.",
        "  Plain Hold: pain 3, effort 5.",
        "  Plain Bridge: pain 0, effort -.",
        f"Saved to: {run.plain.runner.recorder.path}",
    ]
    # the end and the summary come once the last exercise's questions are answered
    assert said.index("Session complete.") > said.index(
        "Pain during Plain Bridge? 0 = no pain, 10 = the worst pain you can imagine. "
        "Type 0 to 10, or press enter to skip."
    )
    assert run.plain.outcome.status == "completed"
    # lines typed after the end (a pasted answer too many) are not answered again and again
    assert run.feed("4", "", "more") == []

    record = run.record()
    assert record["status"] == "completed"
    assert record["finished"] == datetime(2026, 11, 20, 18, 2, 32, tzinfo=UTC)
    entries = {e["exercise"]: e for e in record["entries"]}
    assert {slug: e["sets_done"] for slug, e in entries.items()} == {
        "p-hold": 2,
        "p-reps": 1,
        "p-tempo": 2,
        "p-bridge": 2,
    }
    assert (entries["p-hold"]["pain"], entries["p-hold"]["effort"]) == (3, 5)
    assert "pain" not in entries["p-reps"] and "effort" not in entries["p-reps"]
    assert entries["p-bridge"]["pain"] == 0
    assert [e["detail"] for e in record["events"]] == [
        "p-hold: start cues acknowledged",
        "p-reps: start cues acknowledged",
        "p-tempo: start cues acknowledged",
        "p-bridge: start cues acknowledged",
    ]


def test_the_record_is_written_after_every_finished_set(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library).start()
    run.feed("")
    run.advance_to(24.9)
    assert "entries" not in run.record()  # none yet
    run.advance_to(25)  # set 1 done (both sides)
    assert run.record()["entries"][0]["sets_done"] == 1
    assert run.record()["status"] == "in-progress"


def test_the_output_is_plain_text(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library).start()
    run.feed("", "h", "!", "1", "", "")
    run.advance_to(60)
    for _, line in run.lines:
        assert "\n" not in line
        assert all(char.isprintable() for char in line), repr(line)
    joined = "\n".join(run.said())
    assert "\x1b" not in joined
    assert "Trainer [b]cue\\x1b[2J" in joined and "Tingling \\x1b[2J into the foot" in joined


# ---------------------------------------------------------------------------------------------
# The start pop-up, cues, the count-down


def test_the_start_popup_says_the_cues_and_waits_for_enter(
    tmp_path: Path, library: Library
) -> None:
    run = Run(tmp_path, library).start()
    assert run.said()[2:] == [
        "Plain Hold, set 1 of 2, left side first.",
        "Steps:",
        "  1. Lie on your back",
        "  2. Straighten the knee",
        "Before you start:",
        "  - Relax the toes",
        "Stop if:",
        "  - STOP: Stop if it burns",
        "From your trainer:",
        "  - Trainer [b]cue\\x1b[2J",
        "  - Go easy",
        "Red flags: stop and type ! if you feel:",
        "  - Tingling \\x1b[2J into the foot",
        "Press enter when ready; n skips this exercise, q ends the session.",
    ]
    assert run.plain.next_wake() is None  # nothing timed while it waits
    assert run.feed("p") == [
        "The session waits for you to start Plain Hold: press enter when ready."
    ]
    assert run.feed("") == ["Get ready: Plain Hold, left side, 6 seconds."]


def test_n_at_the_start_popup_skips_the_exercise(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library).start()
    said = run.feed("n")
    assert said[0] == "Skipped the rest of Plain Hold."
    assert said[1] == "Plain Reps, set 1 of 1."
    record = run.record()
    assert record["entries"][0]["skipped"] is True
    assert record["events"][-1]["detail"] == "p-hold: exercise skipped"


def test_timed_cues_are_said_when_due(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library).start()
    run.feed("")
    run.advance_to(14)
    cues = [(t, line) for t, line in run.lines if line.startswith(("Caution", "STOP:", "Cue"))]
    # halfway of the 8 s hold at 4 s, the end cue at 8 - min(5, 8/4) = 6 s, on the 0.25 s check
    assert cues == [(10.0, "Caution: Breathe out"), (12.0, "STOP: Stop if it burns")]


def test_the_count_down_is_sparse(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library, LONG_HOLD, get_ready_s=10).start()
    run.feed("")
    run.advance_to(40)
    assert run.lines[5:] == [
        (0, "Get ready: Long Hold, 10 seconds."),  # no "10 seconds left" right after it
        (5, "5 seconds left."),
        (7, "3."),
        (8, "2."),
        (9, "1."),
        (10, "Set 1 of 1: hold for 30 seconds."),
        (30, "10 seconds left."),
        (35, "5 seconds left."),
        (37, "3."),
        (38, "2."),
        (39, "1."),
        (40, "Long Hold: done."),
        (40, run.said()[-1]),  # pain and effort first; the end is said once they are answered
    ]
    assert run.said()[-1].startswith("Pain during Long Hold?")
    numbers = [line for _, line in run.lines if line[0].isdigit()]
    assert len(numbers) == 9  # not one a second
    assert COUNTDOWN_AT == (10, 5, 3, 2, 1)


def test_the_count_down_is_on_time_after_a_pause(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library, LONG_HOLD, get_ready_s=0).start()
    run.feed("")
    run.advance_to(10)
    run.feed("p")
    assert run.advance_to(500) == []  # paused: nothing is said, nothing is due
    assert run.plain.next_wake() is None
    assert run.feed("p") == ["Resumed."]
    # 20 s were left at the pause: the hold ends at 520
    assert run.advance_to(509.9) == []
    assert run.advance_to(510) == ["10 seconds left."]
    assert run.advance_to(520)[:5] == ["5 seconds left.", "3.", "2.", "1.", "Long Hold: done."]
    assert [(t, line) for t, line in run.lines if t >= 510] == [
        (510, "10 seconds left."),
        (515, "5 seconds left."),
        (517, "3."),
        (518, "2."),
        (519, "1."),
        (520, "Long Hold: done."),
        (520, run.said()[-1]),  # pain and effort first; the end is said once they are answered
    ]


# ---------------------------------------------------------------------------------------------
# Pain and effort


def test_pain_above_the_threshold_shows_the_advice(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library).start()
    run.feed("")
    run.advance_to(49)
    assert run.said()[-1] == (
        "Pain during Plain Hold? 0 = no pain, 10 = the worst pain you can imagine. "
        "Type 0 to 10, or press enter to skip."
    )
    assert run.feed("11") == ["Type a whole number from 0 to 10, or press enter to skip."]
    assert run.feed("7")[0].startswith("Effort of Plain Hold? 0 = no effort")
    said = run.feed("4")
    assert said[:7] == [
        "Symptom check, Plain Hold.",
        "You rated the pain of Plain Hold 7 of 10, above 5. Read the advice, or choose what "
        "you felt.",
        "Pain that builds and becomes strong",
        "Stop this exercise now. Strong pain is a signal to stop, not something to push "
        "through. Return to an easier exercise you can do without pain.",
        "When to see a professional: If the pain keeps getting worse instead of easing over "
        "the following days, see a doctor or physical therapist.",
        "This exercise is already over: keep the advice in mind for the next ones.",
        "What now? Type its number, or press enter for the list of symptoms.",
    ]
    assert said[7:] == ["  1. Continue", "  2. End the session"]
    assert run.feed("9") == ["Type a number from 1 to 2, or press enter for the list."]
    said = run.feed("1")
    assert said[0] == "Carry on."
    assert said[1] == "Plain Reps, set 1 of 1."  # the next start pop-up
    record = run.record()
    assert (record["entries"][0]["pain"], record["entries"][0]["effort"]) == (7, 4)
    assert record["events"][-1]["kind"] == "symptom"
    assert record["events"][-1]["detail"] == (
        "Pain that builds and becomes strong -> continue: pain 7/10 after p-hold"
    )


def test_pain_at_the_threshold_asks_nothing_more(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library, pain_threshold=6).start()
    run.feed("")
    run.advance_to(49)
    run.feed("6")
    assert run.feed("")[0] == "Plain Reps, set 1 of 1."
    assert run.record()["entries"][0]["pain"] == 6


def test_commands_work_while_a_rating_is_asked(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library).start()
    run.feed("n")  # Plain Hold skipped at its pop-up: Plain Reps
    run.feed("")
    run.advance_to(6)
    run.feed("d")
    assert run.said()[-1].startswith("Pain during Plain Reps?")
    assert run.feed("h") == list(HELP_LINES)
    assert run.feed("2")[0].startswith("Effort of Plain Reps?")


# ---------------------------------------------------------------------------------------------
# The symptom check


def test_a_symptom_regresses_the_exercise(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library).start()
    run.feed("")
    run.advance_to(8)
    said = run.feed("!")
    assert said[:3] == [
        "Paused. Type p and press enter to resume.",
        "Symptom check, Plain Hold: the session is paused.",
        "What do you feel? Type the number of the closest, or press enter to go back.",
    ]
    assert library.safety is not None
    assert said[3:] == [f"  {n}. {s.label}" for n, s in enumerate(library.safety.symptoms, start=1)]
    assert run.advance(60) == []  # paused meanwhile
    said = run.feed(index_of(library, "sit-bone-pain"))
    assert said[0] == "Pain at the sit bone with sitting or bending forward"
    assert "Try:" in said
    assert "  - Raise the seat or sit on a cushion" in said
    assert any(line.startswith("See a professional: If the pain does not ease") for line in said)
    assert said[-5:] == [
        "What now? Type its number, or press enter for the list of symptoms.",
        "  1. Swap to an easier exercise: Plain Easy (advised)",
        "  2. Continue",
        "  3. Skip this exercise",
        "  4. End the session",
    ]
    said = run.feed("1")
    assert said[0] == "Swapped to Plain Easy for the rest of this exercise."
    assert "Plain Easy, set 1 of 2, left side first." in said  # its own start pop-up
    assert said[-1].startswith("Press enter when ready")
    said = run.feed("")
    assert said[0] == "Get ready: Plain Easy, left side, 6 seconds."
    run.advance(6)
    assert run.said()[-1] == "Set 1 of 2, left side: hold for 8 seconds."
    record = run.record()
    kinds = [(e["kind"], e.get("detail", "")) for e in record["events"]]
    assert (
        "symptom",
        "Pain at the sit bone with sitting or bending forward -> regress: during p-hold",
    ) in kinds
    assert ("regress", "p-hold -> p-easy") in kinds
    assert [e["exercise"] for e in record["entries"]] == ["p-easy"]


def test_the_symptom_check_goes_back_without_a_choice(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library).start()
    run.feed("")
    run.advance_to(8)
    run.feed("!")
    assert run.feed("99")[0].startswith("Type a number from 1 to ")
    said = run.feed("1")
    assert said[0] == "A firm, even pull in the back of the thigh"
    assert run.feed("")[0].startswith("What do you feel?")  # back to the list
    assert run.feed("") == ["Resumed."]
    record = run.record()
    assert [e["kind"] for e in record["events"]] == ["cue", "pause", "resume"]


def test_a_shorter_range_says_what_to_try(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library).start()
    run.feed("")
    run.advance_to(8)
    run.feed("!", index_of(library, "neural-tension"))
    said = run.feed("1")  # the advised action first
    assert said == [
        "Go on with a shorter range:",
        "Caution: Bend the knee slightly",
        "Caution: Let the ankle point away instead of pulling the toes up toward the shin",
        "Resumed.",
    ]


def test_a_symptom_can_end_the_session(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library).start()
    run.feed("")
    run.advance_to(8)
    run.feed("!", index_of(library, "sharp-pain-or-pop"))
    said = run.feed("1")
    assert said[0] == "Session ended early, with no set done: it does not count toward the plan."
    assert run.plain.finished
    assert run.record()["status"] == "ended-early"


# ---------------------------------------------------------------------------------------------
# Commands


def test_pause_and_resume(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library).start()
    run.feed("")
    run.advance_to(8)
    assert run.feed("p") == ["Paused. Type p and press enter to resume."]
    assert run.feed("")[0].startswith("Paused. Plain Hold, set 1 of 2, left side: hold 1 of 1")
    run.advance_to(108)
    assert run.feed("p") == ["Resumed."]
    # 6 s of the hold were left at the pause: they go on from 108, cues and count-down too
    assert run.advance_to(114) == [
        "5 seconds left.",
        "Caution: Breathe out",
        "3.",
        "STOP: Stop if it burns",
        "2.",
        "1.",
        "Switch sides: right side, 3 seconds.",
    ]
    assert run.phases(since=100) == [(114, "Switch sides: right side, 3 seconds.")]
    kinds = [e["kind"] for e in run.record()["events"]]
    assert kinds == ["cue", "pause", "resume"]


def test_skip_back_and_more_rest(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library).start()
    run.feed("")
    run.advance_to(7)
    said = run.feed("n")  # skip the left side of set 1
    assert said == ["Skipped.", "Switch sides: right side, 3 seconds."]
    run.advance_to(11)
    said = run.feed("b")  # back to the start of the set's work
    assert said == ["Back: Set 1 of 2, left side: hold for 8 seconds."]
    run.advance_to(11 + 8 + 3 + 8)
    assert run.said()[-1] == "Rest 5 seconds. Next: Plain Hold, set 2 of 2, left side."
    assert run.feed("+") == ["10 seconds more rest: 15 seconds left."]
    assert run.advance(15)[-1] == "Set 2 of 2, left side: hold for 8 seconds."
    assert run.feed("+") == ["+ adds rest only during a rest."]
    assert run.feed("d") == ["d is for reps at your own pace; this step ends by itself."]
    record = run.record()
    assert record["entries"][0]["sets_done"] == 1  # the redone set counts
    assert ("skip", "p-hold: set 1 of 2, left") in [
        (e["kind"], e["detail"]) for e in record["events"]
    ]


def test_quit_asks_first(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library).start()
    run.feed("")
    run.advance_to(8)
    said = run.feed("q")
    assert said == [
        "Paused. Type p and press enter to resume.",
        "End the session now? What you did so far is saved and the session is recorded as "
        "ended early. Type y to end it, or n to keep going.",
    ]
    assert run.feed("p") == ["Type y to end the session, or n to keep going."]
    assert run.feed("n") == ["Keep going.", "Resumed."]
    assert run.plain.runner.session is not None and run.plain.runner.session.state == "running"
    run.feed("q")
    said = run.feed("y")
    assert said[0] == "Session ended early, with no set done: it does not count toward the plan."
    assert said[-1].startswith("Saved to: ")
    assert run.plain.finished and run.plain.outcome.status == "ended-early"
    record = run.record()
    assert record["status"] == "ended-early" and "finished" in record


def test_quit_from_the_start_popup_shows_it_again(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library).start()
    run.feed("q")
    said = run.feed("n")
    assert said[0] == "Keep going."
    assert said[1] == "Plain Hold, set 1 of 2, left side first."
    assert said[-1].startswith("Press enter when ready")


def test_help_where_and_unknown_commands(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library).start()
    assert run.feed("h") == list(HELP_LINES)
    run.feed("")
    run.advance_to(3)
    (where,) = run.feed("")
    assert where.startswith("Get ready for Plain Hold, 3 seconds left. 0 of 7 sets done, about ")
    assert where.endswith(" left in the session.")
    assert run.feed("zz") == ["Unknown command `zz`: type h and press enter for help."]
    run.advance_to(26)
    assert run.feed("")[0].startswith(
        "Rest, 4 seconds left; next: Plain Hold, set 2 of 2, left side. 1 of 7 sets done"
    )


def test_reps_done(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library).start()
    run.feed("n", "")  # Plain Hold skipped; Plain Reps' get-ready
    run.advance_to(100)
    assert run.said()[-1] == (
        "Set 1 of 1: 5 reps at your own pace; type d and press enter when done."
    )
    assert run.plain.next_wake() is None  # no deadline, no cue due
    assert run.feed("")[0].startswith("Plain Reps, set 1 of 1: 5 reps at your own pace, ")
    said = run.feed("d")
    assert said[0] == "Plain Reps: done."
    assert run.record()["entries"][1]["sets_done"] == 1


# ---------------------------------------------------------------------------------------------
# Resuming, the end of input, auto-ack


def _leave_unfinished(tmp_path: Path, library: Library) -> Run:
    run = Run(tmp_path, library).start()
    run.feed("")
    run.advance_to(26)  # set 1 done
    run.plain.interrupt()
    assert run.record()["status"] == "in-progress"
    return run


def test_an_unfinished_session_is_offered_and_resumed(tmp_path: Path, library: Library) -> None:
    first = _leave_unfinished(tmp_path, library)
    run = Run(tmp_path, library).start()
    said = run.said()
    assert said[2] == (
        "An unfinished session of plain.toml started 2026-11-20 18:00 UTC (1 set done)."
    )
    assert said[3] == "Resume at block 1, item 1, set 2: Plain Hold."
    assert said[4].startswith("Resume it? Type r to resume, f to start fresh")
    assert run.feed("x") == ["Type r to resume, f to start fresh, or q to quit."]
    said = run.feed("r")
    assert said[0] == "Resuming the unfinished session."
    assert said[1] == "Plain Hold, set 2 of 2, left side first."
    assert run.plain.runner.recorder is not None and first.plain.runner.recorder is not None
    assert run.plain.runner.recorder.path == first.plain.runner.recorder.path
    assert run.record()["events"][-1]["kind"] == "resume"


def test_the_offer_warns_when_the_program_changed(tmp_path: Path, library: Library) -> None:
    _leave_unfinished(tmp_path, library)
    run = Run(tmp_path, library, PROGRAM.replace('notes = "Go easy"', 'notes = "Go slow"'))
    run.start()
    assert run.said()[4] == (
        "Warning: the program file changed since that session started: the sets may not line up."
    )
    said = run.feed("r")
    assert said[:2] == [
        "Resuming the unfinished session.",
        "Warning: the program file changed since this session started: check that the sets "
        "line up.",
    ]


def test_start_fresh_closes_the_old_session(tmp_path: Path, library: Library) -> None:
    first = _leave_unfinished(tmp_path, library)
    run = Run(tmp_path, library)
    run.clock.now += 3600  # an hour later: a new file name
    run.start()
    said = run.feed("f")
    assert said[0] == "Plain Hold, set 1 of 2, left side first."
    assert first.record()["status"] == "ended-early"
    assert run.plain.runner.recorder is not None and first.plain.runner.recorder is not None
    assert run.plain.runner.recorder.path != first.plain.runner.recorder.path


def test_quit_at_the_resume_offer(tmp_path: Path, library: Library) -> None:
    _leave_unfinished(tmp_path, library)
    run = Run(tmp_path, library).start()
    assert run.feed("q") == ["Nothing was started."]
    assert run.plain.finished
    assert run.plain.outcome.status is None and run.plain.outcome.record_path is None


def test_resume_without_asking(tmp_path: Path, library: Library) -> None:
    _leave_unfinished(tmp_path, library)
    run = Run(tmp_path, library, resume="resume").start()
    assert run.said()[2] == "Resuming the unfinished session."


def test_the_end_of_input_stops_where_input_is_needed(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library).start()
    run.feed("")
    run.plain.close_input()
    assert not run.plain.finished  # timed steps go on
    run.advance_to(49)
    # the rating is skipped; the next start pop-up needs enter
    assert run.plain.finished
    assert run.said()[-1] == (
        "No more input: the session stops here, unfinished; `hamtui run` offers to resume it."
    )
    assert run.plain.outcome.status == "in-progress"
    record = run.record()
    assert record["status"] == "in-progress" and record["entries"][0]["sets_done"] == 2


def test_a_pain_given_before_the_end_of_input_is_kept(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library).start()
    run.feed("")
    run.advance_to(49)
    assert run.said()[-1].startswith("Pain during Plain Hold?")
    run.feed("3")  # pain given; the input ends before effort is asked for
    run.plain.close_input()
    [entry] = [e for e in run.record()["entries"] if e["exercise"] == "p-hold"]
    assert entry["pain"] == 3 and "effort" not in entry


def test_auto_ack_runs_without_questions(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library, LONG_HOLD, auto_ack=True).start()
    run.plain.close_input()
    run.advance_to(36)
    assert run.plain.finished and run.plain.outcome.status == "completed"
    assert not any("Press enter" in line or "Pain during" in line for line in run.said())


def test_a_program_that_cannot_run_is_refused_before_anything_is_said(
    tmp_path: Path, library: Library
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(PROGRAM.replace('exercise = "p-reps"', 'exercise = "nope"'), encoding="utf-8")
    lines: list[str] = []
    with pytest.raises(HamtuiError, match="nope"):
        options = SessionOptions(sessions_dir=tmp_path / "sessions")
        PlainSession(path, library, lines.append, options)
    assert lines == []
    assert not (tmp_path / "sessions").exists()


# ---------------------------------------------------------------------------------------------
# Words and the real loop's parts


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1, "1 second"),
        (0.2, "1 second"),
        (45, "45 seconds"),
        (60, "1 minute"),
        (90, "1 minute 30 seconds"),
        (121, "2 minutes 1 second"),
    ],
)
def test_seconds_words(seconds: float, words: str) -> None:
    assert seconds_words(seconds) == words


def test_the_line_writer_flushes_and_never_fails_on_encoding() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii")
    line_writer(stream)("Räst … 5")
    assert raw.getvalue() == b"R?st ? 5\n"


def test_the_line_reader_reads_a_stream_without_a_file_descriptor() -> None:
    reader = _LineReader(io.StringIO("a\r\nb\n"))
    assert reader.read(5) == (["a"], False)
    assert reader.read(5) == (["b"], False)
    assert reader.read(5) == ([], True)


def test_the_line_reader_reads_a_pipe(tmp_path: Path) -> None:
    if sys.platform == "win32":  # pragma: no cover
        pytest.skip("select() on pipes is POSIX")
    import os

    read_fd, write_fd = os.pipe()
    with open(read_fd, encoding="utf-8") as stream:
        reader = _LineReader(stream)
        assert reader.read(0) == ([], False)
        os.write(write_fd, b"p\nhal")
        assert reader.read(5) == (["p"], False)
        os.write(write_fd, b"f\n")
        assert reader.read(5) == (["half"], False)
        os.write(write_fd, b"last")
        os.close(write_fd)
        lines, eof = reader.read(5)
        if not eof:
            lines, eof = reader.read(5)
        assert (lines, eof) == (["last"], True)


def test_run_plain_session_on_streams(tmp_path: Path, library: Library) -> None:
    """The real loop on the real clock, with a program of zero-second steps."""
    path = tmp_path / "zero.toml"
    path.write_text(LONG_HOLD.replace("hold_s = 30", "hold_s = 1"), encoding="utf-8")
    out = io.StringIO()
    code = run_plain_session(
        path,
        library,
        SessionOptions(get_ready_s=0, sessions_dir=tmp_path / "sessions"),
        stdin=io.StringIO("\n\n\n"),
        stdout=out,
    )
    assert code == 0
    text = out.getvalue()
    assert "Set 1 of 1: hold for 1 second." in text
    assert "Session complete." in text and "\x1b" not in text and "\a" not in text
