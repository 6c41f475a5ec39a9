"""Rehab plans: where the athlete stands, driven through simulated weeks of records with a
fixed clock, and the decision log (appended, never rewritten, whole after a crash)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from hamtui.errors import LoadError
from hamtui.files import load
from hamtui.model.plan import LogEntry, Plan
from hamtui.model.session import Entry, Event, SessionRecord, symptom_detail
from hamtui.plan import append_decision, log_path, read_log, standing

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "plans" / "home-rehab-ladder.toml"
START = date(2026, 11, 2)  # a Monday
EARLY = "early-hamstring-rehab.toml"
MID = "mid-stage-strength.toml"


def plan() -> Plan:
    loaded = load(BUNDLED, Plan).model
    return loaded.model_copy(update={"start": START})


def session(
    day: date,
    program: str = EARLY,
    pain: int | None = 0,
    status: str = "completed",
    symptom: tuple[str, str] | None = None,
) -> SessionRecord:
    started = datetime(day.year, day.month, day.day, 18, tzinfo=UTC)
    events = []
    if symptom is not None:
        label, action = symptom
        events.append(Event(at=started, kind="symptom", detail=symptom_detail(label, action)))
    return SessionRecord(
        format="hamtui-session/1",
        program=program,
        program_sha256="0" * 64,
        started=started,
        finished=started + timedelta(minutes=20),
        status=status,  # type: ignore[arg-type]
        entries=[Entry(exercise="seated-hamstring-set", block=0, item=0, sets_done=2, pain=pain)],
        events=events,
    )


def weeks_of_sessions(first: date, weeks: int, program: str = EARLY) -> list[SessionRecord]:
    """Monday, Wednesday and Friday sessions for `weeks` weeks, all pain-free."""
    return [
        session(first + timedelta(weeks=w, days=d), program)
        for w in range(weeks)
        for d in (0, 2, 4)
    ]


def confirm(check: str, stage: int, when: date) -> LogEntry:
    at = datetime(when.year, when.month, when.day, 19, tzinfo=UTC)
    return LogEntry(at=at, kind="confirm", from_stage=stage, to_stage=stage, check=check)


def test_the_bundled_plan_uses_the_bundled_programs() -> None:
    loaded = plan()
    assert [stage.program for stage in loaded.stages] == [
        EARLY,
        MID,
        "eccentric-injury-prevention.toml",
    ]
    for stage in loaded.stages:
        assert (REPO / "programs" / stage.program).is_file()


def test_pain_free_weeks_that_meet_every_criterion_say_move_on() -> None:
    records = weeks_of_sessions(START, 2)
    today = START + timedelta(days=14)
    checks = plan().stages[0].move_on.self_checks
    before = standing(plan(), [], records, today, UTC)
    assert before.advice == "stay"  # the self-checks are not confirmed yet
    assert {c.asks: c.state for c in before.criteria}[checks[0]] == "not yet"
    log = [confirm(check, 1, today) for check in checks]
    now = standing(plan(), log, records, today, UTC)
    assert now.stage_number == 1
    assert [c.state for c in now.criteria] == ["met"] * len(now.criteria)
    assert now.advice == "move on"
    assert "stage 2 (Curls and bridges)" in now.reasons[0]
    shown = {c.asks: c.evidence for c in now.criteria}
    assert shown[checks[0]] == "confirmed 2026-11-16"  # the self-check, confirmed and shown
    assert shown["at least 6 sessions in this stage"].startswith("6 done (11-02, 11-04")


def test_a_session_over_the_ceiling_says_stay_and_names_it() -> None:
    records = weeks_of_sessions(START, 2)
    records[-2] = session(records[-2].started.date(), pain=3)  # Wednesday of week 2
    today = START + timedelta(days=14)
    log = [confirm(check, 1, today) for check in plan().stages[0].move_on.self_checks]
    now = standing(plan(), log, records, today, UTC)
    assert now.advice == "stay"
    pain = next(c for c in now.criteria if c.asks.startswith("pain at or under 0"))
    assert pain.state == "not yet"
    assert "11-11: 3" in pain.evidence
    assert any("11-11: 3" in reason for reason in now.reasons)


def test_too_few_sessions_or_days_and_unrated_pain() -> None:
    records = [session(START), session(START + timedelta(days=2), pain=None)]
    now = standing(plan(), [], records, START + timedelta(days=3), UTC)
    states = {c.asks: c.state for c in now.criteria}
    assert states["at least 6 sessions in this stage"] == "not yet"
    assert states["at least 14 days in this stage"] == "not yet"
    pain = next(c for c in now.criteria if c.asks.startswith("pain at or under"))
    assert pain.state == "not yet" and "not rated" in pain.evidence and "(2 of 3)" in pain.evidence


def test_sessions_of_a_stage_start_on_the_day_it_began() -> None:
    moved = datetime(2026, 11, 16, 9, tzinfo=UTC)
    log = [LogEntry(at=moved, kind="advance", from_stage=1, to_stage=2, why="ready")]
    records = weeks_of_sessions(START, 2) + weeks_of_sessions(date(2026, 11, 16), 1, MID)
    now = standing(plan(), log, records, date(2026, 11, 21), UTC)
    assert (now.stage_number, now.since) == (2, date(2026, 11, 16))
    assert len(now.sessions) == 3  # the early stage's sessions are not counted here


def test_pain_over_the_ceiling_again_and_again_says_step_back() -> None:
    moved = datetime(2026, 11, 16, 9, tzinfo=UTC)
    log = [LogEntry(at=moved, kind="advance", from_stage=1, to_stage=2, why="ready")]
    records = [
        session(date(2026, 11, 16), MID, pain=0),
        session(date(2026, 11, 18), MID, pain=3),
        session(date(2026, 11, 20), MID, pain=4),
    ]
    now = standing(plan(), log, records, date(2026, 11, 21), UTC)
    assert now.advice == "step back"
    assert "back to stage 1" in now.reasons[0]
    assert "11-18: 3, 11-20: 4" in now.reasons[0]


def test_a_symptom_that_ended_the_last_session_says_step_back() -> None:
    moved = datetime(2026, 11, 16, 9, tzinfo=UTC)
    log = [LogEntry(at=moved, kind="advance", from_stage=1, to_stage=2, why="ready")]
    records = [
        session(date(2026, 11, 16), MID),
        session(
            date(2026, 11, 18),
            MID,
            status="ended-early",
            symptom=("Sharp pain in the back of the thigh", "end-session"),
        ),
    ]
    now = standing(plan(), log, records, date(2026, 11, 19), UTC)
    assert now.advice == "step back"
    assert "a symptom ended the last session (11-18: Sharp pain" in now.reasons[0]
    symptoms = next(c for c in now.criteria if c.asks.startswith("no symptom"))
    assert symptoms.state == "not yet"


def test_the_log_keeps_every_decision_in_order(tmp_path: Path) -> None:
    plan_file = tmp_path / "ladder.toml"
    plan_file.write_bytes(BUNDLED.read_bytes())
    moved = datetime(2026, 11, 16, 9, tzinfo=UTC)
    append_decision(
        plan_file,
        LogEntry(
            at=moved,
            kind="advance",
            from_stage=1,
            to_stage=2,
            who="Sam [PT]",
            why='ready: "no pain"',
        ),
    )
    append_decision(
        plan_file,
        LogEntry(
            at=moved + timedelta(days=3),
            kind="back",
            from_stage=2,
            to_stage=1,
            why="sore for two days",
        ),
    )
    log = read_log(plan_file)
    assert [(e.kind, e.from_stage, e.to_stage) for e in log.entries] == [
        ("advance", 1, 2),
        ("back", 2, 1),
    ]
    assert log.entries[0].who == "Sam [PT]" and log.entries[0].why == 'ready: "no pain"'
    assert (
        log_path(plan_file).read_text(encoding="utf-8").startswith('format = "hamtui-plan-log/1"')
    )


def test_a_log_cut_short_by_a_crash_keeps_the_decisions_before(tmp_path: Path) -> None:
    plan_file = tmp_path / "ladder.toml"
    plan_file.write_bytes(BUNDLED.read_bytes())
    moved = datetime(2026, 11, 16, 9, tzinfo=UTC)
    append_decision(plan_file, LogEntry(at=moved, kind="advance", from_stage=1, to_stage=2))
    whole = log_path(plan_file).read_bytes()
    append_decision(plan_file, LogEntry(at=moved, kind="back", from_stage=2, to_stage=1))
    torn = log_path(plan_file).read_bytes()[: len(whole) + 20]  # the second append, cut
    log_path(plan_file).write_bytes(torn)
    log = read_log(plan_file)
    assert [e.kind for e in log.entries] == ["advance"]
    assert "cut short" in log.warning
    now = standing(plan(), log.entries, [], date(2026, 11, 17), UTC)
    assert now.stage_number == 2


def _append_many(plan_file: str, start: int) -> None:
    for n in range(25):
        at = datetime(2026, 11, 16, 9, tzinfo=UTC) + timedelta(seconds=start + n)
        append_decision(
            Path(plan_file),
            LogEntry(at=at, kind="confirm", from_stage=1, to_stage=1, check=f"check {start + n}"),
        )


def test_writers_at_once_lose_no_decision(tmp_path: Path) -> None:
    plan_file = tmp_path / "ladder.toml"
    plan_file.write_bytes(BUNDLED.read_bytes())
    context = multiprocessing.get_context("fork")
    workers = [
        context.Process(target=_append_many, args=(str(plan_file), k * 100)) for k in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    log = read_log(plan_file)
    assert log.warning == ""
    assert sorted(e.check for e in log.entries) == sorted(
        f"check {k * 100 + n}" for k in range(4) for n in range(25)
    )


def test_a_decision_survives_a_kill_right_after_it(tmp_path: Path) -> None:
    """`hamtui plan advance` killed as soon as it has said so: the decision is on disk."""
    plan_file = tmp_path / "ladder.toml"
    plan_file.write_bytes(BUNDLED.read_bytes())
    env = {**os.environ, "HAMTUI_HOME": str(tmp_path / "home")}
    child = subprocess.Popen(
        [sys.executable, "-m", "hamtui.cli", "plan", "advance", str(plan_file), "--why", "ok"],
        stdout=subprocess.PIPE,
        env=env,
    )
    assert child.stdout is not None
    first = child.stdout.readline()
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert b"Stage 2 of 3" in first or b"Note:" in first
    assert [e.to_stage for e in read_log(plan_file).entries] == [2]


def test_a_broken_plan_says_where(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    text = BUNDLED.read_text(encoding="utf-8").replace(
        'program = "mid-stage-strength.toml"', 'program = "../mid-stage-strength.toml"'
    )
    broken.write_text(text.replace("pain_ceiling = 2", "pain_ceiling = 12"), encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load(broken, Plan)
    shown = [str(problem) for problem in caught.value.problems]
    wanted = "must be a program's file name like early-rehab.toml, without folders"
    assert f"{broken}: stages[1].program: {wanted}" in shown, shown
    assert f"{broken}: stages[2].pain_ceiling: must be at most 10 (got 12)" in shown, shown


def test_a_wrong_entry_in_the_log_is_an_error_not_dropped(tmp_path: Path) -> None:
    plan_file = tmp_path / "ladder.toml"
    plan_file.write_bytes(BUNDLED.read_bytes())
    moved = datetime(2026, 11, 16, 9, tzinfo=UTC)
    append_decision(plan_file, LogEntry(at=moved, kind="advance", from_stage=1, to_stage=2))
    with log_path(plan_file).open("a", encoding="utf-8") as log:
        log.write(
            '\n[[entries]]\nat = 2026-11-17T09:00:00Z\nkind = "jump"\nfrom_stage = 2\n'
            "to_stage = 3\n"
        )
    with pytest.raises(LoadError) as caught:
        read_log(plan_file)
    assert str(caught.value.problems[0]).endswith(
        'entries[1].kind: must be one of advance | back | confirm (got "jump")'
    )


def test_a_stage_whose_program_is_written_in_the_plan_counts_its_own_sessions() -> None:
    from hamtui.model.program import Program

    inline = Program(format="hamtui-program/1", title="Easy bike")
    base = plan()
    first = base.stages[0].model_copy(update={"program": inline, "name": "Bike and walk!"})
    with_inline = base.model_copy(update={"stages": [first, *base.stages[1:]]})
    assert first.program_file("ladder") == "ladder.bike-and-walk.toml"
    assert first.program_label() == "Easy bike (written in the plan)"
    records = [
        *weeks_of_sessions(START, 1, "ladder.bike-and-walk.toml"),
        *weeks_of_sessions(START, 1, "other.bike-and-walk.toml"),  # another plan's stage
    ]
    now = standing(with_inline, [], records, START + timedelta(days=6), UTC, "ladder")
    assert len(now.sessions) == 3
    assert standing(with_inline, [], records, START + timedelta(days=6), UTC).sessions == ()
