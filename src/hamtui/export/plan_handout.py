"""The handout of a rehab plan: its stages, each with its program, dose of sessions, pain
ceiling, the criteria to move on and what sends the athlete back, and the pain rule, as
Markdown or one self-contained HTML page (no Textual). Text from the plan is escaped the same
way as a program's handout, so it reads exactly as typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from hamtui import __version__
from hamtui.export.html import h, page_start
from hamtui.export.markdown import md_inline, md_paragraph
from hamtui.model.plan import Plan, Stage, StepBack
from hamtui.text import plural

PAIN_RULE = (
    "Move on only when the criteria below are met, and then only when a person agrees: the "
    "plan advises, you decide. Stop an exercise that hurts. If soreness or another symptom "
    "lasts more than 24 hours after a session, ease off: the check-in before the next session "
    "lowers the dose, or advises rest and a visit to a physiotherapist or doctor."
)
SIDES = {"left": "left leg", "right": "right leg", "both": "both legs"}


def move_on_lines(stage: Stage) -> list[str]:
    """The criteria to move on, in words (the same words `hamtui plan status` judges)."""
    from hamtui.plan import criteria_words

    words = list(criteria_words(stage).values())
    return words + [f"checked: {check}" for check in stage.move_on.self_checks]


def step_back_lines(rules: StepBack, ceiling: int) -> list[str]:
    lines = []
    if rules.pain_over_ceiling is not None:
        lines.append(
            f"pain over {ceiling} in each of the last {plural(rules.pain_over_ceiling, 'session')}"
        )
    if rules.symptom_ended_session:
        lines.append("a symptom ended the last session")
    return lines


@dataclass(frozen=True)
class StageView:
    number: int
    stage: Stage
    move_on: list[str]
    step_back: list[str]

    @property
    def dose(self) -> str:
        ceiling = self.stage.pain_ceiling
        pain = "pain-free (0 of 10)" if ceiling == 0 else f"pain up to {ceiling} of 10"
        return f"{self.stage.sessions_per_week} sessions a week · {pain}"


def stages_of(plan: Plan) -> list[StageView]:
    return [
        StageView(
            number,
            stage,
            move_on_lines(stage),
            step_back_lines(stage.step_back, stage.pain_ceiling),
        )
        for number, stage in enumerate(plan.stages, start=1)
    ]


def plan_markdown(plan: Plan) -> str:
    out = [f"# {md_inline(plan.title)}", ""]
    if plan.author.strip():
        out += [f"By {md_inline(plan.author)}", ""]
    if plan.summary.strip():
        out += [md_paragraph(plan.summary), ""]
    out += [
        f"- Injured leg: {SIDES[plan.affected_side]}",
        f"- Starts: {plan.start:%Y-%m-%d}",
    ]
    if plan.conditions:
        out.append(f"- Conditions: {md_inline(', '.join(plan.conditions))}")
    out += ["", "## The pain rule", "", md_paragraph(PAIN_RULE), ""]
    for view in stages_of(plan):
        stage = view.stage
        out += [f"## Stage {view.number}: {md_inline(stage.name)}", ""]
        out += [f"Program: {md_inline(stage.program_label())} · {md_inline(view.dose)}", ""]
        if stage.notes.strip():
            out += [md_paragraph(stage.notes), ""]
        if view.move_on:
            out += ["To move on:", ""] + [f"- {md_inline(line)}" for line in view.move_on] + [""]
        if view.step_back:
            out += ["Back a stage if:", ""]
            out += [f"- {md_inline(line)}" for line in view.step_back] + [""]
    if plan.sources:
        out += ["## Sources", ""] + [f"- {md_inline(source)}" for source in plan.sources] + [""]
    out.append(f"Made with hamtui {md_inline(__version__)}.")
    return "\n".join(out) + "\n"


def plan_html(plan: Plan) -> str:
    out = page_start(plan.title)
    if plan.author.strip():
        out.append(f'<p class="byline">By {h(plan.author)}</p>')
    if plan.summary.strip():
        out.append(f'<p class="text">{h(plan.summary)}</p>')
    details = [("Injured leg", SIDES[plan.affected_side]), ("Starts", f"{plan.start:%Y-%m-%d}")]
    if plan.conditions:
        details.append(("Conditions", ", ".join(plan.conditions)))
    out.append('<dl class="details">')
    out += [f"<dt>{h(term)}</dt><dd>{h(value)}</dd>" for term, value in details]
    out += ["</dl>", "</header>"]
    out += ["<section>", "<h2>The pain rule</h2>", f'<p class="text">{h(PAIN_RULE)}</p>']
    out.append("</section>")
    for view in stages_of(plan):
        stage = view.stage
        out += [
            "<section>",
            f"<h2>Stage {view.number}: {h(stage.name)}</h2>",
            f'<p class="text">Program: {h(stage.program_label())} · {h(view.dose)}</p>',
        ]
        if stage.notes.strip():
            out.append(f'<p class="text">{h(stage.notes)}</p>')
        for title, lines in (("To move on", view.move_on), ("Back a stage if", view.step_back)):
            if lines:
                out += [f"<h3>{title}</h3>", "<ul>"]
                out += [f"<li>{h(line)}</li>" for line in lines]
                out.append("</ul>")
        out.append("</section>")
    if plan.sources:
        out += ["<section>", "<h2>Sources</h2>", "<ul>"]
        out += [f"<li>{h(source)}</li>" for source in plan.sources]
        out += ["</ul>", "</section>"]
    out += [f"<footer>Made with hamtui {h(__version__)}.</footer>", "</main>", "</body>"]
    out.append("</html>")
    return "\n".join(out) + "\n"
