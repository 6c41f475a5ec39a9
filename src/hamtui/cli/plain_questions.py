"""The plain-text views of the runner's questions: how each is said, and how a typed line
answers it. `PlainSession` (hamtui.cli.plain) shows the one the runner asks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from hamtui.cli.plain_words import advice_lines, intro_lines, step_name
from hamtui.model.safety import Symptom, SymptomAction
from hamtui.session.run import (
    EndQuestion,
    Question,
    RatingQuestion,
    ResumeChoice,
    ResumeQuestion,
    StartChoice,
    StartQuestion,
    SymptomQuestion,
)
from hamtui.text import one_line

if TYPE_CHECKING:
    from hamtui.cli.plain import PlainSession


# ---------------------------------------------------------------------------------------------
# Questions: the runner's questions, each as lines to say and lines to read


class QuestionView:
    """How the plain text asks one of the runner's questions. `answer` takes the lines it
    understands; the start pop-up and the ratings let the others through as commands, the
    other questions insist on an answer."""

    def __init__(self, plain: PlainSession, question: Question) -> None:
        self.plain = plain
        self.runner = plain.runner
        self.question = question

    def show(self) -> None:  # pragma: no cover - every view says something
        raise NotImplementedError

    def answer(self, line: str) -> bool:
        """Take a line; False when it is not an answer (then it is a command)."""
        raise NotImplementedError  # pragma: no cover

    def at_end_of_input(self) -> None:
        """No more lines will come while this is asked (most questions stay unanswered)."""


class ResumeView(QuestionView):
    question: ResumeQuestion

    def show(self) -> None:
        q, say = self.question, self.plain.say
        for line in q.lines:
            say(line)
        if q.warning:
            say(f"Warning: {q.warning[:1].lower()}{q.warning[1:]}")
        say(
            "Resume it? Type r to resume, f to start fresh (the old one is closed as ended "
            "early), or q to quit."
        )

    def answer(self, line: str) -> bool:
        choice = RESUME_WORDS.get(line.lower())
        if choice is None:
            self.plain.say("Type r to resume, f to start fresh, or q to quit.")
            return True
        self.runner.answer_resume(self.question, choice)
        return True


class StartView(QuestionView):
    """The start pop-up: enter starts the get-ready count-down."""

    question: StartQuestion

    def show(self) -> None:
        for line in intro_lines(self.question.step.exercise, self.question.heading):
            self.plain.say(line)
        if self.question.today:
            self.plain.say(one_line(self.question.today, 600))
        self.plain.say("Press enter when ready; n skips this exercise, q ends the session.")

    def answer(self, line: str) -> bool:
        choice = START_WORDS.get(line.lower())
        if choice is None:
            return False
        self.runner.answer_start(self.question, choice)
        return True


class RatingView(QuestionView):
    """Pain, then effort, 0 to 10; enter skips a question."""

    question: RatingQuestion

    def __init__(self, plain: PlainSession, question: Question) -> None:
        super().__init__(plain, question)
        self.asking: Literal["pain", "effort"] = "pain"
        self.pain: int | None = None

    def show(self) -> None:
        name = step_name(self.question.step)
        if self.asking == "pain":
            self.plain.say(
                f"Pain during {name}? 0 = no pain, 10 = the worst pain you can imagine. "
                "Type 0 to 10, or press enter to skip."
            )
        else:
            self.plain.say(
                f"Effort of {name}? 0 = no effort, 10 = the hardest you could work. "
                "Type 0 to 10, or press enter to skip."
            )

    def answer(self, line: str) -> bool:
        value: int | None
        if line in ("", "s"):
            value = None
        elif line.isdigit() and int(line) <= 10:
            value = int(line)
        elif line.lstrip("-").isdigit():
            self.plain.say("Type a whole number from 0 to 10, or press enter to skip.")
            return True
        else:
            return False
        if self.asking == "pain":
            self.pain = value
            self.asking = "effort"
            self.show()
            return True
        self.runner.answer_rating(self.question, self.pain, value)
        return True

    def at_end_of_input(self) -> None:
        """Keep the pain already given (effort is left out)."""
        self.runner.answer_rating(self.question, self.pain, None)


class SymptomView(QuestionView):
    """The symptom check: a numbered list, then the advice and the numbered actions."""

    question: SymptomQuestion

    def __init__(self, plain: PlainSession, question: Question) -> None:
        super().__init__(plain, question)
        self.current: Symptom | None = self.question.preselected()
        self.actions: list[SymptomAction] = []

    def show(self) -> None:
        q, say = self.question, self.plain.say
        session = self.runner.session
        paused = (
            "the session is paused" if session is not None and session.state == "paused" else ""
        )
        title = "Symptom check"
        if q.exercise_name:
            title += f", {one_line(q.exercise_name, 80)}"
        say(f"{title}: {paused}." if paused else f"{title}.")
        if q.intro:
            say(q.intro)
        if self.current is not None:
            self.show_advice(self.current)
        else:
            self.show_list()

    def show_list(self) -> None:
        self.current = None
        say, symptoms = self.plain.say, self.question.symptoms
        if not symptoms:
            say("The library's safety rules list no symptoms. Press enter to go back.")
            return
        say("What do you feel? Type the number of the closest, or press enter to go back.")
        for n, symptom in enumerate(symptoms, start=1):
            say(f"  {n}. {one_line(symptom.label)}")

    def show_advice(self, symptom: Symptom) -> None:
        self.current = symptom
        actions, note = self.question.actions(symptom)
        self.actions = list(actions)
        for line in advice_lines(symptom, note):
            self.plain.say(line)
        self.plain.say("What now? Type its number, or press enter for the list of symptoms.")
        for n, action in enumerate(actions, start=1):
            self.plain.say(f"  {n}. {self.question.action_words(action, symptom)}")

    def answer(self, line: str) -> bool:
        symptoms = self.question.symptoms
        if self.current is None:
            if line == "":
                self.runner.answer_symptom(self.question, None, None)
            elif line.isdigit() and 1 <= int(line) <= len(symptoms):
                self.show_advice(symptoms[int(line) - 1])
            else:
                self.plain.say(
                    f"Type a number from 1 to {len(symptoms)}, or press enter to go back."
                )
            return True
        if line == "":
            self.show_list()
        elif line.isdigit() and 1 <= int(line) <= len(self.actions):
            action = self.actions[int(line) - 1]
            self.runner.answer_symptom(self.question, self.current, action)
        else:
            self.plain.say(
                f"Type a number from 1 to {len(self.actions)}, or press enter for the list."
            )
        return True


class EndView(QuestionView):
    question: EndQuestion

    def show(self) -> None:
        self.plain.say(
            "End the session now? What you did so far is saved and the session is recorded "
            "as ended early. Type y to end it, or n to keep going."
        )

    def answer(self, line: str) -> bool:
        choice = line.lower()
        if choice not in ("y", "yes", "n", "no", ""):
            self.plain.say("Type y to end the session, or n to keep going.")
            return True
        self.runner.answer_end(self.question, choice in ("y", "yes"))
        return True


RESUME_WORDS: dict[str, ResumeChoice] = {"r": "resume", "f": "fresh", "q": "quit"}
START_WORDS: dict[str, StartChoice] = {"": "start", "n": "skip"}
VIEWS: dict[type, type[QuestionView]] = {
    ResumeQuestion: ResumeView,
    StartQuestion: StartView,
    RatingQuestion: RatingView,
    SymptomQuestion: SymptomView,
    EndQuestion: EndView,
}
