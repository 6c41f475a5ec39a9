"""ChoiceDialog: one modal for every "pick one of these" question.

Confirm (remove a block, overwrite a file), unsaved changes, a file changed on disk, ending a
session and resuming one are all the same screen: a bold title, a body that wraps, and one
button per choice with its key. A dialog is a subclass that lists its `CHOICES`; the key
bindings, the button labels ("Save (s)") and the dismissed value all come from that list, so
a key and its button can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static
from textual.widgets.button import ButtonVariant

T = TypeVar("T")

KEY_WORDS = {"escape": "esc", "enter": "enter"}


@dataclass(frozen=True)
class Choice:
    """One answer: what `dismiss` returns, its button (`id`, label, variant) and its keys."""

    value: Any
    id: str
    label: str
    keys: str
    variant: ButtonVariant = "default"

    @property
    def hint(self) -> str:
        """The keys as a button shows them: `n/esc` (ctrl combinations are left out)."""
        shown = [KEY_WORDS.get(key, key) for key in self.keys.split(",") if "+" not in key]
        return "/".join(shown)

    @property
    def button(self) -> str:
        return f"{self.label} ({self.hint})" if self.hint else self.label


class ChoiceDialog(ModalScreen[T], Generic[T]):
    """A title, a wrapped body and one button per choice; `DEFAULT` is focused, so enter
    picks it (make that the safe one); `TONE` colours the border (warning or primary)."""

    CSS_PATH = str(Path(__file__).with_name("choice_dialog.tcss"))
    CHOICES: ClassVar[tuple[Choice, ...]] = ()
    DEFAULT: ClassVar[str] = ""
    TONE: ClassVar[str] = "warning"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Textual merges BINDINGS when the class is made, so they are set before that.
        prefix = cls.__name__.removesuffix("Dialog").lower()
        bindings: list[BindingType] = [
            Binding(choice.keys, f"choose({choice.id!r})", choice.label, id=f"{prefix}.{choice.id}")
            for choice in cls.CHOICES
        ]
        cls.BINDINGS = bindings
        if cls.CHOICES:
            cls.AUTO_FOCUS = f"#{cls.DEFAULT or cls.CHOICES[-1].id}"
        super().__init_subclass__(**kwargs)

    title_text: str = ""

    def body(self) -> Text:
        raise NotImplementedError  # pragma: no cover

    def button_label(self, choice: Choice) -> str:
        """A dialog may word its buttons for the question ("Save and run (y)")."""
        return choice.button

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes=self.TONE):
            if self.title_text:
                yield Label(Text(self.title_text, style="bold"), id="dialog-title")
            yield Static(self.body(), id="body")
            with Horizontal(id="buttons"):
                for choice in self.CHOICES:
                    yield Button(
                        self.button_label(choice),
                        id=choice.id,
                        variant=choice.variant,
                        compact=True,
                    )

    def _value(self, choice_id: str | None) -> T:
        for choice in self.CHOICES:
            if choice.id == choice_id:
                value: T = choice.value
                return value
        raise ValueError(choice_id)  # pragma: no cover - buttons and keys come from CHOICES

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(self._value(event.button.id))

    def action_choose(self, choice_id: str) -> None:
        self.dismiss(self._value(choice_id))
