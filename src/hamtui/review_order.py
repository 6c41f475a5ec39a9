"""Review rules about the order of a program, how often its strength work comes, and the
injured leg of one-sided items.

Registered in `hamtui.review.RULES` when that module loads (it imports this one last):

- nerve sliders before any nerve tensioner (a nerve glides before it is put on tension);
- an exercise that needs a warm body (leg swings: tag `needs-warm-up`) not first;
- in early and mid stages, stretching after the strength work, not before it (stretching
  comes in once pain has settled and strength improves);
- strength work two or three days a week in a rehab program;
- items for the injured leg (`side = "affected"`) in a program that does not name the leg.
"""

from __future__ import annotations

from collections.abc import Iterator

from hamtui.review import REHAB_STAGES, Context, Finding, rule
from hamtui.swap import STRETCHES, loads_of

STRENGTH_CATEGORIES = frozenset({"isometric", "concentric", "eccentric", "strength"})
WARM_UP_TAG = "needs-warm-up"
STRENGTH_DAYS = (2, 3)


@rule("slider-before-tensioner", "nerve sliders come before any nerve tensioner")
def check_slider_first(ctx: Context) -> Iterator[Finding]:
    slider_seen = False
    for view, exercise in ctx.resolved():
        if exercise.category != "nerve-glide":
            continue
        if "nerve-tension" not in loads_of(exercise):
            slider_seen = True
        elif not slider_seen:
            yield view.finding(
                "warning",
                "slider-before-tensioner",
                f"{view.name} puts the sciatic nerve on tension with no nerve slider before "
                "it; let the nerve glide first (a slider earlier in the program), and use a "
                "tensioner only once sliders cause no symptoms",
            )


@rule("warm-up-first", "exercises that need a warm body do not open the program")
def check_warm_up_first(ctx: Context) -> Iterator[Finding]:
    first = next(iter(ctx.items), None)
    if first is None or first.exercise is None:
        return
    if WARM_UP_TAG in first.exercise.tags:
        yield first.finding(
            "warning",
            "warm-up-first",
            f"{first.name} works best once the body is warm, and it opens the program; put "
            "some easy movement before it",
        )


@rule("stretch-after-strength", "in early and mid stages, stretching after the strength work")
def check_stretch_after_strength(ctx: Context) -> Iterator[Finding]:
    if ctx.program.stage not in ("early", "mid"):
        return
    resolved = list(ctx.resolved())
    strength_at = [n for n, (_, ex) in enumerate(resolved) if ex.category in STRENGTH_CATEGORIES]
    if not strength_at:
        return
    for view, exercise in resolved[: strength_at[-1]]:
        if exercise.category in STRETCHES:  # a nerve slider may come first: it prepares
            yield view.finding(
                "warning",
                "stretch-after-strength",
                f"{view.name} stretches before the strength work of this "
                f"{ctx.program.stage}-stage program; at this stage stretching comes after "
                "strength work, and only once pain has settled",
            )


@rule("strength-days", "strength work two or three days a week in a rehab program")
def check_strength_days(ctx: Context) -> Iterator[Finding]:
    per_week = ctx.program.sessions_per_week
    if per_week is None or ctx.program.stage not in REHAB_STAGES:
        return
    if not any(ex.category in STRENGTH_CATEGORIES for _, ex in ctx.resolved()):
        return
    low, high = STRENGTH_DAYS
    if per_week > high:
        yield Finding(
            "warning",
            "strength-days",
            f"this program does strength work {per_week} days a week; {low} to {high} days, "
            "with a rest day between, is what rehab guidance advises",
            where="sessions_per_week",
        )


@rule("affected-side", "items for the injured leg need the program to say which leg it is")
def check_affected_side(ctx: Context) -> Iterator[Finding]:
    if ctx.program.affected_side is not None:
        return
    one_sided = [view for view in ctx.items if ctx.dose(view).side == "affected"]
    if one_sided:
        count = len(one_sided)
        yield Finding(
            "warning",
            "affected-side",
            f"{count} item{'s' if count != 1 else ''} work the injured leg only, and the "
            'program does not say which leg that is; set affected_side = "left" or "right" '
            "(Injured leg in the details, ctrl+t) before a session",
            where="affected_side",
        )
