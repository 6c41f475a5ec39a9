"""The check-in before a plan's session: today's dose decided once from the answers."""

from __future__ import annotations

from pathlib import Path

from hamtui.files import load_program
from hamtui.library import load_library
from hamtui.model.safety import Symptom
from hamtui.session.checkin import advise, eased

REPO = Path(__file__).resolve().parents[2]


def symptoms() -> list[Symptom]:
    return load_library(bundled_only=True, use_cache=False).safety_rules.symptoms


def by_id(name: str) -> Symptom:
    return next(s for s in symptoms() if s.id == name)


def test_no_lasting_or_new_symptoms_trains_as_planned() -> None:
    advice = advise(False, None, symptoms())
    assert advice.dose == "as planned"
    assert advice.lines == ("Train as planned: no lasting or new symptoms.",)


def test_symptoms_that_lasted_a_day_lower_the_dose_and_say_why() -> None:
    advice = advise(True, None, symptoms())
    assert advice.dose == "eased"
    assert advice.lines[0] == (
        "Today's dose is lowered: one set fewer of each exercise "
        "(symptoms lasted more than 24 hours)."
    )
    assert by_id("lasting-over-24h").advice in advice.lines


def test_a_symptom_the_rules_end_a_session_for_means_no_training_today() -> None:
    pop = by_id("sharp-pain-or-pop")
    advice = advise(False, pop, symptoms())
    assert advice.dose == "rest"
    assert advice.lines[0] == f"Do not train today: {pop.label}."
    assert pop.advice in advice.lines


def test_a_mild_symptom_trains_as_planned_with_its_advice() -> None:
    pull = by_id("mild-stretch-discomfort")
    advice = advise(False, pull, symptoms())
    assert advice.dose == "as planned" and pull.advice in advice.lines


def test_an_eased_day_has_one_set_and_one_round_fewer_never_below_one() -> None:
    program = load_program(REPO / "programs" / "mid-stage-strength.toml").model
    lighter = eased(program)
    for block, light in zip(program.blocks, lighter.blocks, strict=True):
        assert light.rounds == max(block.rounds - 1, 1)
        assert [i.sets for i in light.items] == [max(i.sets - 1, 1) for i in block.items]
    assert any(i.sets > 1 for b in program.blocks for i in b.items)  # something did change
