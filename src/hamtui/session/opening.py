"""Opening a program for a session: load it, check every exercise resolves, build its timeline;
and the unfinished sessions of that program (no Textual: both session front ends use this)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hamtui.files import load_program
from hamtui.library import Library
from hamtui.model.common import AffectedSide
from hamtui.model.program import Program
from hamtui.model.safety import Symptom
from hamtui.session.engine import GET_READY_S, SWITCH_SIDE_S, SessionError, Timeline, build_timeline
from hamtui.session.record import UnfinishedSession, find_unfinished


@dataclass(frozen=True)
class LoadedProgram:
    path: Path
    program: Program
    sha256: str
    timeline: Timeline
    pain_threshold: int  # a pain rating above this brings up the symptom advice
    symptoms: tuple[Symptom, ...]  # what the symptom check offers (the library's safety rules)


def load_session_program(
    path: Path,
    library: Library,
    *,
    get_ready_s: int = GET_READY_S,
    switch_side_s: int = SWITCH_SIDE_S,
    pain_threshold: int | None = None,
    affected_side: AffectedSide | None = None,
) -> LoadedProgram:
    """The program, its bytes' sha256, its whole timeline and the safety rules a session of it
    follows (`pain_threshold`, when given, replaces the rules' own; the program's
    `pain_ceiling` lowers it, never raises it: 0 means pain-free; `affected_side`, a rehab
    plan's injured leg, replaces the program's for the items marked `affected`); raises
    HamtuiError (LoadError for a broken file, SessionError naming every exercise that does not
    resolve)."""
    loaded = load_program(path)
    program = loaded.model
    if affected_side is not None and affected_side != program.affected_side:
        program = program.model_copy(update={"affected_side": affected_side})
    try:
        timeline = build_timeline(
            program, library, get_ready_s=get_ready_s, switch_side_s=switch_side_s
        )
    except SessionError as exc:
        # An exercise whose file broke after the library loaded: say why it is missing.
        broken = [
            str(problem)
            for slug in loaded.model.referenced_slugs()
            for problem in library.unreadable.get(slug, ())
        ]
        why = "; its file cannot be read now: " + "; ".join(broken) if broken else ""
        raise SessionError(f"{path}: {exc}{why}") from None
    rules = library.safety_rules
    if pain_threshold is None:
        pain_threshold = rules.general.pain_threshold
    ceiling = loaded.model.pain_ceiling
    if ceiling is not None:  # a program's own ceiling only ever makes it stricter
        pain_threshold = min(pain_threshold, ceiling)
    return LoadedProgram(
        path, program, loaded.sha256, timeline, pain_threshold, tuple(rules.symptoms)
    )


def unfinished_of(program_path: Path, folder: Path | None = None) -> list[UnfinishedSession]:
    """Unfinished sessions of a program (matched by its file name), newest first."""
    return find_unfinished(folder, program_path.name)
