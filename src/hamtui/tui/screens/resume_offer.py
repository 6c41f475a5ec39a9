"""ResumeOffer: an unfinished session of this program was found. Resume it at the set in
progress, start fresh (the old one is closed as ended early), or quit. The words are the
runner's (`ResumeQuestion.lines`), the same the plain session says.

Returns "resume", "fresh" or "quit".
"""

from __future__ import annotations

from rich.text import Text

from hamtui.session.run import ResumeChoice, ResumeQuestion
from hamtui.tui.screens.choice_dialog import Choice, ChoiceDialog


class ResumeOffer(ChoiceDialog[ResumeChoice]):
    CHOICES = (
        Choice("resume", "resume", "Resume", "r", "success"),
        Choice("fresh", "fresh", "Start fresh", "f"),
        Choice("quit", "quit", "Quit", "q,escape"),
    )
    DEFAULT = "resume"
    TONE = "primary"
    title_text = "Resume the last session?"

    def __init__(self, question: ResumeQuestion) -> None:
        super().__init__()
        self.question = question

    def body(self) -> Text:
        text = Text("\n".join(self.question.lines))
        if self.question.warning:
            text.append(f"\n▲ {self.question.warning}", style="bold")
        return text
