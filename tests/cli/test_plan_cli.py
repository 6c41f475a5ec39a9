"""`hamtui plan status|advance|back|confirm PLAN`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hamtui import paths
from hamtui.files import dumps
from hamtui.model.session import Entry, SessionRecord
from hamtui.plan import log_path, read_log

Run = Callable[..., tuple[int, str, str]]
BUNDLED = Path(__file__).resolve().parents[2] / "plans" / "home-rehab-ladder.toml"


@pytest.fixture
def ladder(tmp_path: Path, hamtui_home: Path) -> Path:
    """The bundled plan, started three weeks ago, with pain-free sessions every other day,
    one of them rated 3 (a name with markup, to see it stay text)."""
    start = (datetime.now(UTC) - timedelta(days=21)).date()
    text = BUNDLED.read_text(encoding="utf-8").replace("start = 2026-11-02", f"start = {start}")
    plan = tmp_path / "ladder.toml"
    plan.write_text(text, encoding="utf-8")
    folder = paths.sessions_dir()
    folder.mkdir(parents=True)
    for n in range(9):
        started = datetime.combine(start, datetime.min.time(), UTC) + timedelta(
            days=2 * n, hours=18
        )
        record = SessionRecord(
            format="hamtui-session/1",
            program="early-hamstring-rehab.toml",
            program_sha256="0" * 64,
            started=started,
            finished=started + timedelta(minutes=20),
            status="completed",
            entries=[
                Entry(
                    exercise="seated-hamstring-set",
                    block=0,
                    item=0,
                    sets_done=2,
                    pain=3 if n == 7 else 0,
                )
            ],
        )
        (folder / f"{started:%Y%m%dT%H%M%SZ}-early-{n:06x}.toml").write_text(
            dumps(record), encoding="utf-8"
        )
    return plan


def test_status_shows_the_stage_the_criteria_and_the_advice(run_cli: Run, ladder: Path) -> None:
    code, out, err = run_cli("plan", "status", ladder)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Hamstring rehab at home, stage by stage (ladder.toml)"
    assert lines[1].startswith("Stage 1 of 3: Wake the hamstring up (early-hamstring-rehab.toml)")
    assert "  [met]      at least 6 sessions in this stage" in lines
    assert "  [not yet]  pain at or under 0 in each of the last 3 sessions" in lines
    assert "Advice: stay" in lines
    assert any(": 3" in line and "highest pain per session" in line for line in lines)


def test_confirm_then_status_shows_it(run_cli: Run, ladder: Path) -> None:
    check = "Walking at an ordinary pace is pain-free"
    code, out, _ = run_cli("plan", "confirm", ladder, check, "--who", "Sam")
    assert code == 0 and out.startswith("Confirmed in stage 1: Walking")
    _, status, _ = run_cli("plan", "status", ladder)
    at = status.splitlines().index(f"  [met]      {check}")
    assert status.splitlines()[at + 1].strip().startswith("confirmed ")
    assert status.splitlines()[at + 1].strip().endswith("by Sam")
    code, _, err = run_cli("plan", "confirm", ladder, "Not a check of this stage")
    assert code == 2 and "has no self-check" in err


def test_advance_and_back_are_logged_with_who_and_why(run_cli: Run, ladder: Path) -> None:
    code, out, _ = run_cli("plan", "advance", ladder, "--why", "physio says go", "--who", "Ana")
    assert code == 0
    assert "Note: the plan's advice was to stay" in out  # a person may decide otherwise
    assert "Stage 2 of 3 from today: Curls and bridges" in out
    _, status, _ = run_cli("plan", "status", ladder)
    assert status.splitlines()[1].startswith("Stage 2 of 3: Curls and bridges")
    assert run_cli("plan", "back", ladder, "--why", "sore")[0] == 0
    entries = read_log(ladder).entries
    assert [(e.kind, e.from_stage, e.to_stage, e.who, e.why) for e in entries] == [
        ("advance", 1, 2, "Ana", "physio says go"),
        ("back", 2, 1, entries[1].who, "sore"),
    ]
    code, _, err = run_cli("plan", "back", ladder, "--why", "x")
    assert code == 2 and "the first stage" in err
    assert run_cli("plan", "advance", ladder)[0] == 2  # --why is required
    assert log_path(ladder).is_file()


def test_a_broken_plan_is_a_clear_error(run_cli: Run, tmp_path: Path, hamtui_home: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('format = "hamtui-plan/1"\ntitle = "x"\nstart = 2026-11-02\n', "utf-8")
    code, _, err = run_cli("plan", "status", broken)
    assert code != 0 and "Traceback" not in err
    assert f"{broken}: stages: " in err


def test_history_lists_the_stage_changes_of_your_plans(run_cli: Run, ladder: Path) -> None:
    from hamtui import paths

    mine = paths.user_plans_dir()
    mine.mkdir(parents=True)
    plan = mine / "ladder.toml"
    plan.write_bytes(ladder.read_bytes())
    assert run_cli("plan", "advance", plan, "--why", "[red]ready[/red]", "--who", "Sam")[0] == 0
    code, out, _ = run_cli("history")
    assert code == 0
    lines = out.splitlines()
    at = lines.index("Stage changes of your plans:")
    assert lines[at + 1].endswith("ladder.toml  stage 1 -> 2 (Sam): [red]ready[/red]")


def test_validate_checks_a_plans_conditions_programs_and_first_stage(
    run_cli: Run, tmp_path: Path, hamtui_home: Path
) -> None:
    assert run_cli("validate", BUNDLED)[0] == 0
    text = BUNDLED.read_text(encoding="utf-8")
    text = text.replace('program = "mid-stage-strength.toml"', 'program = "missing.toml"')
    text = text.replace('conditions = ["hamstring-strain"]', 'conditions = ["hamstring-strian"]')
    text = text.replace(
        "[stages.move_on]\nsessions = 6",
        "[stages.step_back]\nsymptom_ended_session = true\n\n[stages.move_on]\nsessions = 6",
    )
    plan = tmp_path / "plan.toml"
    plan.write_text(text, encoding="utf-8")
    code, out, _ = run_cli("validate", plan)
    assert code == 1
    assert f"{plan}: conditions[0]: unknown condition `hamstring-strian`" in out
    assert (
        f"{plan}: stages[1].program: the program `missing.toml` is neither beside the plan nor "
        "in the programs folders" in out
    )
    assert (
        "stages[0].step_back: warning: the first stage has no stage before it to go back to" in out
    )
