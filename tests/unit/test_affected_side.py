"""One-sided doses for the injured leg: `side = "affected"` and the program's `affected_side`.

The sources give several early exercises for the injured leg only (hamstring sets, balance,
lying curls, hip extension). An item with `side = "affected"` is done on the leg the program
names; until it names one, every view says "injured side only", the review warns, and a
session will not start (it cannot know which leg to time).
"""

from __future__ import annotations

import pytest

from hamtui.dose import effective_dose
from hamtui.editor import update_details
from hamtui.errors import HamtuiError
from hamtui.export.handout import build_handout
from hamtui.library import load_library
from hamtui.model.program import Program
from hamtui.review import review
from hamtui.session.engine import build_timeline

LIBRARY = load_library(bundled_only=True, use_cache=False)


def program(affected_side: str | None = None) -> Program:
    data: dict[str, object] = {
        "format": "hamtui-program/1",
        "title": "One leg",
        "blocks": [
            {"name": "B", "items": [{"exercise": "seated-hamstring-set", "side": "affected"}]}
        ],
    }
    if affected_side is not None:
        data["affected_side"] = affected_side
    return Program.model_validate(data)


def test_the_sources_one_sided_exercises_default_to_the_injured_leg() -> None:
    for slug in (
        "seated-hamstring-set",
        "single-leg-balance",
        "prone-hamstring-curl",
        "standing-hip-extension",
    ):
        assert LIBRARY.entries[slug].exercise.defaults.side == "affected", slug


def test_an_unnamed_injured_side_reads_as_such_everywhere_and_stops_a_session() -> None:
    p = program()
    item, block = p.blocks[0].items[0], p.blocks[0]
    exercise = LIBRARY.resolve(p, item.exercise)
    dose = effective_dose(item, exercise, block, affected_side=p.affected_side)
    assert dose.side == "affected" and dose.text().endswith("injured side only")
    assert build_handout(p, LIBRARY).blocks[0].rows[0].side == "injured side only"
    [warning] = [f for f in review(p, LIBRARY) if f.rule == "affected-side"]
    assert warning.where == "affected_side" and warning.level == "warning"
    with pytest.raises(HamtuiError) as caught:
        build_timeline(p, LIBRARY)
    assert 'say which leg it is with affected_side = "left" or "right"' in str(caught.value)


@pytest.mark.parametrize("side", ["left", "right"])
def test_a_named_side_is_the_only_side_worked(side: str) -> None:
    p = program(side)
    item, block = p.blocks[0].items[0], p.blocks[0]
    dose = effective_dose(item, LIBRARY.resolve(p, item.exercise), block, affected_side=side)  # type: ignore[arg-type]
    assert dose.side == side and dose.text().endswith(f"{side} side only")
    assert build_handout(p, LIBRARY).blocks[0].rows[0].side == f"{side} only"
    assert [f for f in review(p, LIBRARY) if f.rule == "affected-side"] == []
    timeline = build_timeline(p, LIBRARY)
    sides = {step.side for step in timeline if step.side}
    assert sides == {side}


def test_the_details_set_the_injured_leg() -> None:
    assert update_details(program(), affected_side="left").affected_side == "left"
    with pytest.raises(ValueError):
        update_details(program(), affected_side="middle")
