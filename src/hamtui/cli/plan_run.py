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
from hamtui.session.run import SessionOptions
from hamtui.text import one_line


def is_plan_file(path: Path) -> bool:
    """Whether `path` is a plan (its format line says so); False for anything unreadable."""
    from hamtui.files import parse_toml, read_bytes
    from hamtui.model.plan import PLAN_FORMAT

    try:
        return parse_toml(path, read_bytes(path)).get("format") == PLAN_FORMAT
    except HamtuiError:
        return False


def _ask(question: str, stdin: TextIO) -> str | None:
    out(question)
    sys.stdout.flush()
    line = stdin.readline()
    return None if not line else line.strip()


def plan_session(
    plan_path: Path, library: Library, options: SessionOptions, stdin: TextIO | None = None
) -> tuple[Path, SessionOptions] | int:
    """The program to run today and the options carrying the check-in, or an exit code when
    no session is to be run (a day of rest, no answer, no program)."""
    from hamtui.history import program_folders
    from hamtui.plan import plan_program_path, status_of
    from hamtui.session.checkin import (
        LASTING,
        QUESTION_LASTED,
        QUESTION_SYMPTOM,
        advise,
        record_of,
    )

    stdin = sys.stdin if stdin is None else stdin
    status = status_of(plan_path)
    now = status.standing
    stage = now.stage
    program = plan_program_path(plan_path, stage, program_folders())
    if program is None:
        err(
            f"hamtui run: stage {now.stage_number}'s program {one_line(stage.program, 80)} is "
            "neither beside the plan nor in the programs folders"
        )
        return 1
    out(
        f"{one_line(status.plan.title, 80)}: stage {now.stage_number} of "
        f"{len(status.plan.stages)}, {one_line(stage.name, 80)} ({one_line(stage.program, 80)})"
    )
    out(f"The plan's advice: {now.advice}. `hamtui plan status` says why.")
    out("")
    out("Check-in before today's session.")
    lasted: bool | None = None
    while lasted is None:
        answer = _ask(f"{QUESTION_LASTED} Type y or n and press enter.", stdin)
        if answer is None:
            err("hamtui run: no answer: nothing was started")
            return 1
        lasted = {"y": True, "yes": True, "n": False, "no": False}.get(answer.casefold())
    symptoms = [s for s in library.safety_rules.symptoms if s.id != LASTING]
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
    advice = advise(lasted, chosen, library.safety_rules.symptoms)
    out("")
    for line in advice.lines:
        out(line)
    checkin = record_of(plan_path.name, now.stage_number, lasted, chosen, advice)
    if advice.dose == "rest":
        _record_rest(program, checkin, options)
        out("No session today: the check-in is kept in the session records.")
        return 0
    out("")
    return program, replace(options, checkin=checkin)


def _record_rest(program: Path, checkin: object, options: SessionOptions) -> None:
    """A day of rest: a record with the check-in and no sets (it never counts)."""
    from hamtui.files import load_program
    from hamtui.model.session import CheckIn
    from hamtui.session.record import SessionRecorder

    assert isinstance(checkin, CheckIn)
    loaded = load_program(program)
    recorder = SessionRecorder.create(
        program, loaded.sha256, folder=options.sessions_dir, title=loaded.model.title
    )
    recorder.record.checkin = checkin
    recorder.finish("ended-early")
    recorder.close()
