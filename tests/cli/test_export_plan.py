"""`hamtui export PLAN`: the plan's handout (stages, criteria, the pain rule), text literal."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

Run = Callable[..., tuple[int, str, str]]
BUNDLED = Path(__file__).resolve().parents[2] / "plans" / "home-rehab-ladder.toml"
HOSTILE = "<script>alert(1)</script> [x](javascript:y) *bold*"


def hostile_plan(tmp_path: Path) -> Path:
    text = BUNDLED.read_text(encoding="utf-8")
    text = text.replace(
        'title = "Hamstring rehab at home, stage by stage"', f'title = "{HOSTILE}"'
    ).replace('name = "Curls and bridges"', 'name = "# not a heading <b>"')
    path = tmp_path / "ladder.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_markdown_lists_each_stage_its_criteria_and_the_pain_rule(
    run_cli: Run, tmp_path: Path, hamtui_home: Path
) -> None:
    code, out, err = run_cli("export", BUNDLED)
    assert (code, err) == (0, "")
    assert "## The pain rule" in out
    assert "## Stage 2: Curls and bridges" in out
    assert "Program: mid-stage-strength.toml · 3 sessions a week · pain-free (0 of 10)" in out
    assert "- pain at or under 0 in each of the last 4 sessions" in out
    assert "- checked: A bodyweight single-leg squat is pain-free" in out
    assert "Back a stage if:" in out and "- a symptom ended the last session" in out


def test_hostile_text_stays_text(run_cli: Run, tmp_path: Path, hamtui_home: Path) -> None:
    plan = hostile_plan(tmp_path)
    _, markdown, _ = run_cli("export", plan)
    assert "# \\<script\\>alert(1)\\</script\\> \\[x\\](javascript:y) \\*bold\\*" in markdown
    assert "## Stage 2: \\# not a heading \\<b\\>" in markdown
    target = tmp_path / "ladder.html"
    code, out, _ = run_cli("export", plan, "-o", target)
    assert code == 0 and out.startswith("wrote")
    html = target.read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<h2>Stage 2: # not a heading &lt;b&gt;</h2>" in html


def test_the_plan_itself_is_never_overwritten(
    run_cli: Run, tmp_path: Path, hamtui_home: Path
) -> None:
    plan = hostile_plan(tmp_path)
    before = plan.read_bytes()
    code, _, err = run_cli("export", plan, "-o", plan, "--format", "md")
    assert code == 1 and "the plan itself" in err
    assert plan.read_bytes() == before
