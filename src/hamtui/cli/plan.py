"""`hamtui plan`: where an athlete stands in a rehab plan, and the decisions to move on or back.

hamtui plan status PLAN                       the stage, each criterion with its evidence,
                                              and the advice (stay, move on, step back)
hamtui plan advance PLAN --why "..."          move on to the next stage (logged)
hamtui plan back PLAN --why "..."             go back a stage (logged)
hamtui plan confirm PLAN "SELF-CHECK"         confirm a self-check of the current stage
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from hamtui.cli.common import Commands, err, out
from hamtui.text import one_line, plural

MARKS = {"met": "[met]    ", "not yet": "[not yet]", "unknown": "[unknown]"}


def add_parser(commands: Commands) -> None:
    plan = commands.add_parser(
        "plan",
        help="a rehab plan: where the athlete stands, moving on or back",
        description="A rehab plan (format hamtui-plan/1, see docs/formats.md) is a ladder of "
        "stages, each with its program, sessions a week, a pain ceiling and criteria to move on. "
        "`status` reads the session records and says which stage the athlete is in, each "
        "criterion (met, not yet, unknown) with the sessions and pain values that show it, and "
        "the advice: stay, move on or step back. The app advises; a person decides: `advance` "
        "and `back` record the decision (when, from, to, who, why) in the log beside the plan "
        "(NAME.log.toml), and `confirm` records a self-check such as a painless single-leg "
        "squat. The log is only ever added to.",
    )
    actions = plan.add_subparsers(dest="plan_action", metavar="ACTION", required=True)
    status = actions.add_parser("status", help="the stage, its criteria and the advice")
    status.add_argument("plan", type=Path, metavar="PLAN")
    for name, words in (("advance", "move on to the next stage"), ("back", "go back a stage")):
        action = actions.add_parser(name, help=words + " (recorded in the plan's log)")
        action.add_argument("plan", type=Path, metavar="PLAN")
        action.add_argument("--why", required=True, help="the reason, in a few words")
        action.add_argument("--who", default=None, help="who decides (default: your user name)")
    confirm = actions.add_parser(
        "confirm", help="confirm a self-check of the current stage (recorded in the log)"
    )
    confirm.add_argument("plan", type=Path, metavar="PLAN")
    confirm.add_argument("check", help="the self-check, as the plan words it")
    confirm.add_argument("--who", default=None, help="who confirms (default: your user name)")


def run(args: argparse.Namespace) -> int:
    from hamtui.errors import HamtuiError
    from hamtui.plan import decide, status_of

    status = status_of(args.plan)
    if status.log.warning:
        err(status.log.warning)
    now = status.standing
    if args.plan_action == "status":
        _print_status(args.plan, status.plan.title, len(status.plan.stages), now)
        return 0
    who = args.who if args.who is not None else os.environ.get("USER", "")
    try:
        if args.plan_action == "confirm":
            decide(status, "confirm", who=who, check=args.check)
            out(f"Confirmed in stage {now.stage_number}: {one_line(args.check, 100)}")
            return 0
        entry = decide(status, args.plan_action, why=args.why, who=who)
    except HamtuiError as exc:
        err(f"hamtui plan {args.plan_action}: {exc}")
        if args.plan_action == "confirm":
            checks = now.stage.move_on.self_checks
            listed = "; ".join(one_line(check, 80) for check in checks) or "none"
            err(f"the self-checks of stage {now.stage_number}: {listed}")
        return 2
    wanted = "move on" if args.plan_action == "advance" else "step back"
    if now.advice != wanted:
        out(f"Note: the plan's advice was to {now.advice}: " + "; ".join(now.reasons))
    stage = status.plan.stages[entry.to_stage - 1]
    out(
        f"Stage {entry.to_stage} of {len(status.plan.stages)} from today: "
        f"{one_line(stage.name, 80)} ({one_line(stage.program_label(), 80)}). "
        "Recorded in the plan's log."
    )
    return 0


def _print_status(path: Path, title: str, stages: int, now: object) -> None:
    from hamtui.plan import Standing

    assert isinstance(now, Standing)
    stage = now.stage
    out(f"{one_line(title, 80)} ({one_line(path.name, 80)})")
    out(
        f"Stage {now.stage_number} of {stages}: {one_line(stage.name, 80)} "
        f"({one_line(stage.program_label(), 80)}), since {now.since:%Y-%m-%d}"
    )
    out(
        f"  pain ceiling {stage.pain_ceiling}"
        + (" (pain-free)" if stage.pain_ceiling == 0 else "")
        + f" · {stage.sessions_per_week} sessions a week"
        + f" · {plural(len(now.sessions), 'session')} so far"
    )
    out("")
    if now.criteria:
        out("To move on:")
        for criterion in now.criteria:
            out(f"  {MARKS[criterion.state]}  {one_line(criterion.asks, 120)}")
            out(f"             {one_line(criterion.evidence, 200)}")
    else:
        out("This stage sets no criteria to move on.")
    out("")
    out(f"Advice: {now.advice}")
    for reason in now.reasons:
        out(f"  {one_line(reason, 300)}")
    out("")
    out('A person decides: hamtui plan advance|back PLAN --why "..." records it.')
