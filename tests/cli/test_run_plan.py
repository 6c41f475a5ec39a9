"""`hamtui run PLAN`: the check-in, then today's session of the current stage (plain)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from hamtui import paths
from hamtui.files import load
from hamtui.model.session import SessionRecord

Run = Callable[..., tuple[int, str, str]]
BUNDLED = Path(__file__).resolve().parents[2] / "plans" / "home-rehab-ladder.toml"


@pytest.fixture
def plan(tmp_path: Path, hamtui_home: Path) -> Path:
    path = tmp_path / "ladder.toml"
    path.write_bytes(BUNDLED.read_bytes())
    return path


def records() -> list[SessionRecord]:
    folder = paths.sessions_dir()
    return [load(p, SessionRecord).model for p in sorted(folder.glob("*.toml"))]


def run_with(run_cli: Run, monkeypatch: pytest.MonkeyPatch, plan: Path, typed: str) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    code, out, err = run_cli("run", "--plain", "--no-bell", "--get-ready", "0", plan)
    assert code == 0, err
    return out


def test_lasting_symptoms_lower_the_dose_and_the_record_keeps_the_check_in(
    run_cli: Run, monkeypatch: pytest.MonkeyPatch, plan: Path
) -> None:
    out = run_with(run_cli, monkeypatch, plan, "maybe\ny\n\nq\ny\n")
    lines = out.splitlines()
    assert lines[0].startswith("Hamstring rehab at home, stage by stage: stage 1 of 3")
    assert "Today's dose is lowered: one set fewer of each exercise" in out
    assert "(early-hamstring-rehab.toml): 2 sets" in out  # 4 sets as planned
    at = lines.index("Type a command and press enter at any time; h lists them.")
    assert lines[at + 1] == (  # the session itself says what today's dose is, and why
        "Today's dose is lowered: one set fewer of each exercise "
        "(symptoms lasted more than 24 hours)."
    )
    (record,) = records()
    assert record.checkin is not None
    assert (record.checkin.plan, record.checkin.stage) == ("ladder.toml", 1)
    assert (record.checkin.lasted_24h, record.checkin.dose) == (True, "eased")
    assert record.checkin.advice.startswith("Today's dose is lowered")


def test_a_pop_means_no_session_today_and_is_recorded(
    run_cli: Run, monkeypatch: pytest.MonkeyPatch, plan: Path
) -> None:
    out = run_with(run_cli, monkeypatch, plan, "n\n8\n")
    assert "Do not train today: Sharp pain, a sudden pull or a pop" in out
    assert out.rstrip().endswith("No session today: the check-in is kept in the session records.")
    (record,) = records()
    assert record.status == "ended-early" and record.entries == []
    assert record.checkin is not None and record.checkin.symptom == "sharp-pain-or-pop"
    assert record.checkin.dose == "rest"


def test_no_answer_starts_nothing(
    run_cli: Run, monkeypatch: pytest.MonkeyPatch, plan: Path
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _, err = run_cli("run", "--plain", plan)
    assert code == 1 and "no answer" in err
    assert records() == [] if paths.sessions_dir().is_dir() else True


def test_the_plans_injured_leg_resolves_items_marked_affected(
    run_cli: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, hamtui_home: Path
) -> None:
    program = tmp_path / "one-leg.toml"
    program.write_text(
        'format = "hamtui-program/1"\ntitle = "One leg"\n\n[[blocks]]\n\n[[blocks.items]]\n'
        'exercise = "single-leg-balance"\nhold_s = 10\nside = "affected"\n',
        encoding="utf-8",
    )
    code, _, err = run_cli("run", "--plain", program)  # alone it cannot say which leg
    assert code == 1 and "injured leg" in err
    plan = tmp_path / "plan.toml"
    text = BUNDLED.read_text(encoding="utf-8").replace(
        'program = "early-hamstring-rehab.toml"', 'program = "one-leg.toml"'
    )
    plan.write_text(text.replace('affected_side = "left"', 'affected_side = "right"'), "utf-8")
    out = run_with(run_cli, monkeypatch, plan, "n\n\nq\ny\n")
    assert "Single Leg Balance, set 1 of 1, right side only." in out


INLINE_PLAN = """\
format = "hamtui-plan/1"
title = "Bike first"
affected_side = "left"
start = 2026-11-02

[[stages]]
name = "Bike and walk"
sessions_per_week = 5

[stages.program]   # written inside the plan
format = "hamtui-program/1"
title = "Easy bike"

[[stages.program.blocks]]

[[stages.program.blocks.items]]
exercise = "easy-bike"
work_s = 300

[stages.program.exercises.easy-bike]
name = "Easy stationary bike"
category = "concentric"
mode = "timed"

[stages.move_on]
sessions = 2

[[stages]]
name = "Curls and bridges"
program = "mid-stage-strength.toml"
sessions_per_week = 3
"""


def test_a_program_written_inside_the_plan_runs_from_its_own_file(
    run_cli: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, hamtui_home: Path
) -> None:
    plan = tmp_path / "bike.toml"
    plan.write_text(INLINE_PLAN, encoding="utf-8")
    code, out, err = run_cli("validate", plan)
    assert code == 0, out + err
    code, out, _ = run_cli("plan", "status", plan)
    assert "Stage 1 of 2: Bike and walk (Easy bike (written in the plan))" in out
    out = run_with(run_cli, monkeypatch, plan, "n\n\nq\ny\n")
    assert "Easy stationary bike, set 1 of 1." in out
    written = tmp_path / ".stage-programs" / "bike.bike-and-walk.toml"
    assert 'title = "Easy bike"' in written.read_text(encoding="utf-8")
    (record,) = records()
    assert record.program == "bike.bike-and-walk.toml"
    assert record.program_path == str(written)
    stamp = written.stat().st_mtime_ns
    run_with(run_cli, monkeypatch, plan, "n\n\nq\ny\n")
    assert written.stat().st_mtime_ns == stamp  # unchanged: not written again


def test_a_program_written_inside_the_plan_is_validated(
    run_cli: Run, tmp_path: Path, hamtui_home: Path
) -> None:
    plan = tmp_path / "bike.toml"
    plan.write_text(INLINE_PLAN.replace('exercise = "easy-bike"', 'exercise = "easy-bkie"'))
    code, out, _ = run_cli("validate", plan)
    assert code == 1
    assert "stages[0].program.blocks[0].items[0].exercise: unknown exercise `easy-bkie`" in out
