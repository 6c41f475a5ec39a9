"""The core session runner: the whole session flow, once, on a fake clock (no front end).

Each scenario drives a `SessionRunner` the way either front end does (commands and answers)
and checks the questions it asks, what they offer, whether the timer waits, what is recorded,
and the summary. The front-end tests (tests/unit/test_plain_session.py,
tests/tui/test_session_screen.py) only check how each shows these.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from fakes import FakeClock, WallClock

from hamtui.library import Library, load_library
from hamtui.model.safety import Symptom
from hamtui.session.engine import ExerciseSkipped, ExerciseSwapped, SessionEvent
from hamtui.session.record import SessionOpenElsewhere, SessionRecorder
from hamtui.session.run import (
    COMMANDS,
    EndQuestion,
    Notice,
    RatingQuestion,
    ResumeQuestion,
    SessionOptions,
    SessionRunner,
    StartQuestion,
    SymptomQuestion,
)
from programs import block, exercise, item, program_toml

PROGRAM = program_toml(
    "Runner test",
    block(
        "Main",
        item("r-hold", sets=2, reps=1, hold_s=20, rest_s=10),
        item("r-reps", sets=1, reps=5, side="right"),
    ),
    exercises={
        "r-hold": exercise(
            "Runner Hold", "static-stretch", "hold", ["Hold it"], regressions=["r-easy"]
        ),
        "r-easy": exercise(
            "Runner Easy",
            "static-stretch",
            "hold",
            ["Easier"],
            loads=["sitting"],
            defaults={"hold_s": 10},
        ),
        "r-reps": exercise(
            "Runner Reps", "strength", "reps", ["Lift"], regressions=["not-in-any-library"]
        ),
    },
)
# get ready 5: r-hold set 1: get-ready 5 (pop-up first), hold 20, rest 10; set 2: hold 20.
# r-reps: get-ready 5 (pop-up), 5 reps at one's own pace (right side only).


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(bundled_only=True, use_cache=False)


class Run:
    """A runner on a fake clock, with every event and notice it reports."""

    def __init__(self, folder: Path, library: Library, **options: object) -> None:
        self.clock = FakeClock()
        self.path = folder / "runner.toml"
        if not self.path.exists():
            self.path.write_text(PROGRAM, encoding="utf-8")
        self.sessions = folder / "sessions"
        self.runner = SessionRunner(
            self.path,
            library,
            SessionOptions(get_ready_s=5, sessions_dir=self.sessions, **options),  # type: ignore[arg-type]
            clock=self.clock,
            wall_clock=WallClock(self.clock),
        )
        self.events: list[SessionEvent] = []
        self.notices: list[Notice] = []
        self.runner.on_events = self.events.extend
        self.runner.on_notice = self.notices.append
        self.runner.start()

    def at(self, seconds: float) -> None:
        """Move the clock to T0 + seconds and poll."""
        self.clock.set(1000.0 + seconds)
        self.runner.poll()

    def start_exercise(self) -> None:
        question = self.runner.question
        assert isinstance(question, StartQuestion)
        self.runner.answer_start(question, "start")

    def state(self) -> str:
        session = self.runner.session
        assert session is not None
        return session.state

    def record(self) -> dict[str, object]:
        assert self.runner.recorder is not None
        return tomllib.loads(self.runner.recorder.path.read_text(encoding="utf-8"))


def symptom(library: Library, symptom_id: str) -> Symptom:
    found = library.safety_rules.symptom(symptom_id)
    assert found is not None
    return found


def ask_symptom(run: Run) -> SymptomQuestion:
    """`!`: the symptom check the runner asks now."""
    run.runner.symptom_check()
    question = run.runner.question
    assert isinstance(question, SymptomQuestion)
    return question


def finish_first_exercise(run: Run) -> RatingQuestion:
    """r-hold: both sets done; its rating is asked."""
    run.start_exercise()
    run.at(5 + 20 + 10 + 20)
    question = run.runner.question
    assert isinstance(question, RatingQuestion)
    assert question.step.slug == "r-hold"
    return question


# ---------------------------------------------------------------------------------------------
# Pain and effort


def test_pain_above_the_threshold_brings_up_the_strong_pain_advice_and_waits(
    tmp_path: Path, library: Library
) -> None:
    run = Run(tmp_path, library)
    assert run.runner.pain_threshold == 5  # the bundled safety rules'
    rating = finish_first_exercise(run)
    run.runner.answer_rating(rating, 6, 4)
    question = run.runner.question
    assert isinstance(question, SymptomQuestion)
    assert question.preselected() is not None and question.preselected().id == "strong-pain"  # type: ignore[union-attr]
    assert question.allowed == ("continue", "end-session")  # the exercise is over
    assert "6 of 10, above 5" in question.intro
    # the next exercise waits for its start pop-up, which comes after the advice
    assert run.state() == "awaiting-ack"
    run.runner.answer_symptom(question, symptom(library, "strong-pain"), "continue")
    assert isinstance(run.runner.question, StartQuestion)
    record = run.record()
    [entry] = [e for e in record["entries"] if e["exercise"] == "r-hold"]  # type: ignore[attr-defined]
    assert (entry["pain"], entry["effort"]) == (6, 4)
    [event] = [e for e in record["events"] if e["kind"] == "symptom"]  # type: ignore[attr-defined]
    assert "pain 6/10 after r-hold" in event["detail"]


def test_pain_at_the_threshold_asks_nothing_more(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library)
    rating = finish_first_exercise(run)
    run.runner.answer_rating(rating, 5, None)
    assert isinstance(run.runner.question, StartQuestion)  # straight on to the next exercise


def test_a_threshold_from_the_options_replaces_the_safety_rules(
    tmp_path: Path, library: Library
) -> None:
    run = Run(tmp_path, library, pain_threshold=0)  # pain-free
    rating = finish_first_exercise(run)
    run.runner.answer_rating(rating, 1, None)
    assert isinstance(run.runner.question, SymptomQuestion)


def test_a_pain_free_program_brings_up_advice_for_any_pain(
    tmp_path: Path, library: Library
) -> None:
    """The program says `pain_ceiling = 0`: a pain of 1 brings up the advice although the
    safety rules allow 5; a ceiling above the configured threshold never loosens it."""
    (tmp_path / "runner.toml").write_text(
        PROGRAM.replace('title = "Runner test"', 'title = "Runner test"\npain_ceiling = 0'),
        encoding="utf-8",
    )
    run = Run(tmp_path, library)
    assert run.runner.pain_threshold == 0
    rating = finish_first_exercise(run)
    run.runner.answer_rating(rating, 1, None)
    question = run.runner.question
    assert isinstance(question, SymptomQuestion)
    assert "1 of 10, and this program is meant to be pain-free." in question.intro
    loose = tmp_path / "loose"
    loose.mkdir()
    (loose / "runner.toml").write_text(
        PROGRAM.replace('title = "Runner test"', 'title = "Runner test"\npain_ceiling = 8'),
        encoding="utf-8",
    )
    assert Run(loose, library, pain_threshold=3).runner.pain_threshold == 3


# ---------------------------------------------------------------------------------------------
# The symptom check


def test_a_symptom_that_regresses_swaps_to_the_easier_exercise(
    tmp_path: Path, library: Library
) -> None:
    run = Run(tmp_path, library)
    run.start_exercise()
    run.at(5 + 4)  # 4 s into the first hold
    question = ask_symptom(run)
    assert run.state() == "paused"
    lasting = symptom(library, "lasting-over-24h")
    assert question.swap_for(lasting) is not None
    actions, note = question.actions(lasting)
    assert actions[0] == "regress" and note == ""
    assert question.action_words("regress", lasting) == (
        "Swap to an easier exercise: Runner Easy (advised)"
    )
    run.runner.answer_symptom(question, lasting, "regress")
    assert any(isinstance(e, ExerciseSwapped) and e.slug == "r-easy" for e in run.events)
    # the set starts again with the easier exercise's intro
    assert isinstance(run.runner.question, StartQuestion)
    assert run.runner.question.step.slug == "r-easy"


def test_no_swap_is_offered_when_no_easier_exercise_resolves(
    tmp_path: Path, library: Library
) -> None:
    """r-reps names a regression that is in no library: both front ends offered a swap that
    did nothing; the runner offers to skip instead."""
    run = Run(tmp_path, library)
    finish = finish_first_exercise(run)
    run.runner.answer_rating(finish, None, None)
    run.at(5 + 20 + 10 + 20 + 1)
    run.start_exercise()
    run.at(5 + 20 + 10 + 20 + 1 + 5 + 1)
    question = ask_symptom(run)
    sit_bone = symptom(library, "sit-bone-pain")
    assert question.swap_for(sit_bone) is None
    actions, note = question.actions(sit_bone)
    assert actions[0] == "stop-exercise" and "regress" not in actions
    assert note == "No easier version of this exercise is in the library: skip it instead."


def test_a_swap_that_would_load_what_the_symptom_rules_out_is_not_offered(
    tmp_path: Path, library: Library
) -> None:
    """Pain at the sit bone rules out sitting: Runner Easy is done seated, so the runner
    does not swap to it (it did: the first regression, whatever it loads) and says why;
    a symptom that rules out nothing still swaps to it."""
    run = Run(tmp_path, library)
    run.start_exercise()
    run.at(5 + 4)
    question = ask_symptom(run)
    sit_bone = symptom(library, "sit-bone-pain")
    assert question.swap_for(sit_bone) is None
    actions, note = question.actions(sit_bone)
    assert actions[0] == "stop-exercise" and "regress" not in actions
    assert note.startswith("No easier exercise on its ladder avoids ")
    assert note.endswith(" or sitting: skip it instead.")
    assert question.action_words("stop-exercise", sit_bone) == "Skip this exercise"
    run.runner.answer_symptom(question, sit_bone, "stop-exercise")
    assert not any(isinstance(e, ExerciseSwapped) for e in run.events)


def test_a_symptom_that_skips_the_exercise(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library)
    run.start_exercise()
    run.at(6)
    question = ask_symptom(run)
    run.runner.answer_symptom(question, symptom(library, "strong-pain"), "stop-exercise")
    assert any(isinstance(e, ExerciseSkipped) and e.step.slug == "r-hold" for e in run.events)
    assert isinstance(run.runner.question, StartQuestion)  # the next exercise's pop-up
    assert run.runner.question.step.slug == "r-reps"
    # The summary tells it in words: the exercise's name and what was done, no ids.
    label = symptom(library, "strong-pain").label
    assert run.runner.summary().symptoms == (f"{label}: skipped the exercise (during Runner Hold)",)


def test_skipping_every_exercise_ends_early_and_says_it_does_not_count(
    tmp_path: Path, library: Library
) -> None:
    """Skipping both exercises at their pop-ups reaches the end with no set done: that used
    to read "Session complete." and count as a session of the plan."""
    run = Run(tmp_path, library)
    for slug in ("r-hold", "r-reps"):
        question = run.runner.question
        assert isinstance(question, StartQuestion) and question.step.slug == slug
        run.runner.answer_start(question, "skip")
    assert run.runner.over and run.runner.status == "ended-early"
    assert run.record()["status"] == "ended-early"
    summary = run.runner.summary()
    assert summary.sets_done == 0
    assert summary.status_words == (
        "Session ended early, with no set done: it does not count toward the plan"
    )
    from hamtui.files import load
    from hamtui.history import counts_toward_plan
    from hamtui.model.session import SessionRecord

    assert run.runner.recorder is not None
    assert not counts_toward_plan(load(run.runner.recorder.path, SessionRecord).model)


def test_one_set_done_then_the_rest_skipped_completes_and_counts(
    tmp_path: Path, library: Library
) -> None:
    run = Run(tmp_path, library)
    rating = finish_first_exercise(run)
    run.runner.answer_rating(rating, None, None)
    question = run.runner.question
    assert isinstance(question, StartQuestion)
    run.runner.answer_start(question, "skip")
    assert run.runner.status == "completed"
    assert run.runner.summary().status_words == "Session complete"


def test_a_symptom_that_ends_the_session(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library)
    run.start_exercise()
    run.at(6)
    question = ask_symptom(run)
    run.runner.answer_symptom(question, symptom(library, "sharp-pain-or-pop"), "end-session")
    assert run.runner.status == "ended-early"
    assert run.runner.over
    assert run.record()["status"] == "ended-early"
    summary = run.runner.summary()
    assert summary.status_words == (
        "Session ended early, with no set done: it does not count toward the plan"
    )
    assert len(summary.symptoms) == 1


def test_a_shorter_range_is_told_as_cues(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library)
    run.start_exercise()
    run.at(6)
    question = ask_symptom(run)
    neural = symptom(library, "neural-tension")
    run.runner.answer_symptom(question, neural, "shorten-range")
    [notice] = run.notices
    assert notice.cues and notice.cues[0].text == neural.adjustments[0]
    assert run.state() == "running"


def test_leaving_a_question_unanswered_goes_back_as_it_was(
    tmp_path: Path, library: Library
) -> None:
    run = Run(tmp_path, library)
    run.start_exercise()
    run.at(6)
    question = ask_symptom(run)
    run.runner.answer_symptom(question, None, None)  # back to the session
    assert run.state() == "running" and run.runner.question is None
    run.runner.pause()
    question = ask_symptom(run)
    run.runner.answer_symptom(question, None, None)
    assert run.state() == "paused"  # it was paused before: it stays paused
    assert "symptom" not in [e["kind"] for e in run.record().get("events", [])]  # type: ignore[attr-defined]


def test_end_asks_first_and_the_timer_waits(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library)
    run.start_exercise()
    run.at(6)
    run.runner.ask_end()
    question = run.runner.question
    assert isinstance(question, EndQuestion)
    assert run.state() == "paused"
    run.at(500)  # a long read: nothing moves
    run.runner.answer_end(question, False)
    assert run.state() == "running"
    assert [n.text for n in run.notices] == ["Keep going."]
    run.runner.ask_end()
    question = run.runner.question
    assert isinstance(question, EndQuestion)
    run.runner.answer_end(question, True)
    assert run.runner.status == "ended-early"


def test_end_from_the_start_pop_up_comes_back_to_it(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library)
    start = run.runner.question
    assert isinstance(start, StartQuestion)
    run.runner.answer_start(start, "end")
    end = run.runner.question
    assert isinstance(end, EndQuestion)
    run.runner.answer_end(end, False)
    assert run.runner.question is start


# ---------------------------------------------------------------------------------------------
# Resume


def unfinished(tmp_path: Path, library: Library) -> Run:
    """A session stopped after the first set of r-hold (as a crash leaves it)."""
    run = Run(tmp_path, library)
    run.start_exercise()
    run.at(5 + 20 + 3)
    assert run.runner.outcome.status == "in-progress"
    run.runner.let_go()  # the process is gone: its lock on the record with it
    return run


def test_a_session_running_elsewhere_is_not_offered_nor_written(
    tmp_path: Path, library: Library
) -> None:
    first = Run(tmp_path, library)
    first.start_exercise()
    first.at(5 + 20 + 3)  # still running: it holds its record
    assert first.runner.recorder is not None
    before = first.runner.recorder.path.read_bytes()
    second = Run(tmp_path, library)
    assert isinstance(second.runner.question, StartQuestion)  # a new session, no resume offer
    assert any(
        "is still open in another hamtui: it is left to that one" in notice.text
        for notice in second.notices
    )
    assert first.runner.recorder is not None and second.runner.recorder is not None
    assert second.runner.recorder.path != first.runner.recorder.path
    assert first.runner.recorder.path.read_bytes() == before
    with pytest.raises(SessionOpenElsewhere, match="open in another hamtui"):
        SessionRecorder.reopen(first.runner.recorder.path)


def test_resume_goes_on_at_the_set_in_progress(tmp_path: Path, library: Library) -> None:
    first = unfinished(tmp_path, library)
    run = Run(tmp_path, library)
    question = run.runner.question
    assert isinstance(question, ResumeQuestion)
    assert question.where == "block 1, item 1, set 2"
    assert question.exercise_name == "Runner Hold"
    assert question.sets_done == 1
    run.runner.answer_resume(question, "resume")
    assert run.runner.recorder is not None and first.runner.recorder is not None
    assert run.runner.recorder.path == first.runner.recorder.path  # the same record
    step = run.runner.session.step  # type: ignore[union-attr]
    assert step is not None and (step.slug, step.set) == ("r-hold", 2)


def test_start_fresh_closes_the_old_session(tmp_path: Path, library: Library) -> None:
    first = unfinished(tmp_path, library)
    run = Run(tmp_path, library)
    question = run.runner.question
    assert isinstance(question, ResumeQuestion)
    run.runner.answer_resume(question, "fresh")
    assert first.record()["status"] == "ended-early"
    assert run.runner.recorder is not None
    assert run.runner.recorder.path != first.runner.recorder.path  # type: ignore[union-attr]


def test_quit_at_the_offer_starts_nothing(tmp_path: Path, library: Library) -> None:
    unfinished(tmp_path, library)
    run = Run(tmp_path, library)
    question = run.runner.question
    assert isinstance(question, ResumeQuestion)
    run.runner.answer_resume(question, "quit")
    assert run.runner.over and run.runner.outcome.status is None
    assert run.runner.session is None


# ---------------------------------------------------------------------------------------------
# One-sided doses, the end, the commands


def test_a_one_sided_dose_says_which_side_in_the_start_pop_up(
    tmp_path: Path, library: Library
) -> None:
    run = Run(tmp_path, library)
    run.runner.answer_start(run.runner.question, "skip")  # type: ignore[arg-type]
    question = run.runner.question
    assert isinstance(question, StartQuestion)
    assert question.step.slug == "r-reps"
    assert question.heading == "set 1 of 1, right side only"


def test_the_end_waits_for_the_last_exercise_s_questions(tmp_path: Path, library: Library) -> None:
    run = Run(tmp_path, library)
    run.runner.answer_start(run.runner.question, "skip")  # type: ignore[arg-type]
    run.start_exercise()
    run.at(5)
    run.runner.done()
    assert run.runner.status == "completed"
    assert not run.runner.over  # the rating of the last exercise is still to come
    rating = run.runner.question
    assert isinstance(rating, RatingQuestion)
    run.runner.answer_rating(rating, 2, 3)
    assert run.runner.over
    summary = run.runner.summary()
    assert (summary.sets_done, summary.sets_planned) == (1, 3)
    assert summary.skipped_words() == "0 sets, 1 exercise"
    assert [(r.name, r.pain, r.effort) for r in summary.ratings] == [("Runner Reps", 2, 3)]


def test_every_command_has_a_key_and_words() -> None:
    ids = [c.id for c in COMMANDS]
    assert len(ids) == len(set(ids))
    for command in COMMANDS:
        assert command.keys and command.key_label and command.help and command.actions
    plain = [c.plain for c in COMMANDS if c.plain]
    assert len(plain) == len(set(plain))
