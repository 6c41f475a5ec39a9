"""`hamtui run PLAN`: today's session of a rehab plan's current stage, after the check-in.

The plan's standing says which stage, and so which program; the check-in's two questions are
asked as lines of text on the terminal (before the full screen opens, or as the start of the
plain session), and `hamtui.session.checkin` decides today's dose from the answers. A day of
rest is recorded as a session that ended before it started (no sets, so it never counts
toward the plan), with the check-in in it.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from hamtui.cli.common import err, out
from hamtui.errors import HamtuiError
from hamtui.library import Library
from hamtui.session.checkin import PlanDay
from hamtui.session.run import SessionOptions
from hamtui.text import one_line


def is_plan_file(path: Path) -> bool:
    """Whether `path` is a plan (its format line says so); False for anything unreadable."""
    from hamtui.files import kind_of, parse_toml, read_bytes

    try:
        return kind_of(parse_toml(path, read_bytes(path))) == "plan"
    except HamtuiError:
        return False


def _ask(question: str, stdin: TextIO) -> str | None:
    out(question)
    sys.stdout.flush()
    line = stdin.readline()
    return None if not line else line.strip()


def plan_day(plan_path: Path, library: Library) -> PlanDay | int:
    """Today's session of the plan's current stage, or exit code 1 when its program is not
    found. Says which plan, stage and program, and the plan's advice."""
    from hamtui.history import program_folders
    from hamtui.plan import plan_program_path, status_of, write_stage_program

    status = status_of(plan_path)
    now = status.standing
    stage = now.stage
    if stage.inline is not None:  # written inside the plan: run from its own file
        try:
            program: Path | None = write_stage_program(plan_path, stage)
        except HamtuiError as exc:
            err(f"hamtui run: {exc}")
            return 1
    else:
        program = plan_program_path(plan_path, stage, program_folders())
    if program is None:
        err(
            f"hamtui run: stage {now.stage_number}'s program "
            f"{one_line(stage.program_label(), 80)} is neither beside the plan nor in the "
            "programs folders"
        )
        return 1
    heading = (
        f"{one_line(status.plan.title, 80)}: stage {now.stage_number} of "
        f"{len(status.plan.stages)}, {one_line(stage.name, 80)} "
        f"({one_line(stage.program_label(), 80)})"
    )
    out(heading)
    out(f"The plan's advice: {now.advice}. `hamtui plan status` says why.")
    symptoms = tuple(library.safety_rules.symptoms)
    side = status.plan.affected_side
    return PlanDay(
        program,
        plan_path.name,
        now.stage_number,
        heading,
        symptoms,
        side if side != "both" else None,
        pain_ceiling=stage.pain_ceiling,
        since=now.since,
    )


def plan_session(
    day: PlanDay, options: SessionOptions, stdin: TextIO | None = None
) -> tuple[Path, SessionOptions] | int:
    """The check-in as lines of text: the program to run and the options carrying the
    check-in, or an exit code when no session is to be run (a day of rest, no answer)."""
    from hamtui.session.checkin import QUESTION_LASTED, QUESTION_SYMPTOM, record_rest

    stdin = sys.stdin if stdin is None else stdin
    out("")
    out("Check-in before today's session.")
    lasted: bool | None = None
    while lasted is None:
        answer = _ask(f"{QUESTION_LASTED} Type y or n and press enter.", stdin)
        if answer is None:
            err("hamtui run: no answer: nothing was started")
            return 1
        lasted = {"y": True, "yes": True, "n": False, "no": False}.get(answer.casefold())
    symptoms = day.offered()
    out(QUESTION_SYMPTOM)
    for number, symptom in enumerate(symptoms, start=1):
        out(f"  {number}. {one_line(symptom.label, 100)}")
    chosen = None
    while True:
        answer = _ask("Type its number, or press enter for none.", stdin)
        if answer is None:
            err("hamtui run: no answer: nothing was started")
            return 1
        if not answer:
            break
        if answer.isdigit() and 1 <= int(answer) <= len(symptoms):
            chosen = symptoms[int(answer) - 1]
            break
        out(f"{one_line(answer, 20)} is not one of 1 to {len(symptoms)}.")
    advice, checkin = day.decide(lasted, chosen)
    out("")
    for line in advice.lines:
        out(line)
    if advice.dose == "rest":
        record_rest(day.program, checkin, options.sessions_dir)
        out("No session today: the check-in is kept in the session records.")
        return 0
    out("")
    return day.program, replace(options, checkin=checkin)
