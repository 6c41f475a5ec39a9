"""FilterPicker: pick a filter key, then one of its values in this library.

Returns the `key:value` text to add to the query (values with spaces quoted), or None.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from hamtui.search import FILTER_ORDER, SearchIndex
from hamtui.text import one_line

KEY_WORDS: dict[str, str] = {
    "cat": "category",
    "stage": "rehab stage",
    "pos": "position",
    "equip": "equipment",
    "mode": "reps or hold",
    "level": "level",
    "muscle": "muscle",
    "tag": "tag",
}


def filter_text(key: str, value: str) -> str:
    """`key:value`, quoting a value that has spaces (`equip:"stability ball"`)."""
    return f'{key}:"{value}"' if " " in value else f"{key}:{value}"


class FilterPicker(ModalScreen[str | None]):
    """Two lists: filter keys, and the values the highlighted key has in the library."""

    CSS_PATH = "filter_picker.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="filter_picker.cancel"),
        Binding("right", "values", "Values", show=False, id="filter_picker.values"),
        Binding("left", "keys", "Keys", show=False, id="filter_picker.keys"),
    ]

    def __init__(self, index: SearchIndex, keys: Sequence[str] = FILTER_ORDER) -> None:
        super().__init__()
        self.index = index
        self.keys = list(keys)
        self.key: str | None = None
        self.values: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="filter-picker"):
            yield Label("Add a filter", id="filter-picker-title")
            with Horizontal(id="filter-picker-lists"):
                yield OptionList(
                    *(
                        Option(Content.assemble(f"{key:<7}", (KEY_WORDS.get(key, ""), "dim")))
                        for key in self.keys
                    ),
                    id="filter-keys",
                )
                yield OptionList(id="filter-values")
            yield Label(
                "enter: add · tab or ←/→: switch lists · escape: cancel", id="filter-picker-help"
            )

    def on_mount(self) -> None:
        keys = self.query_one("#filter-keys", OptionList)
        keys.highlighted = 0
        self._show_values(0)
        keys.focus()

    def _show_values(self, row: int | None) -> None:
        if row is None or not 0 <= row < len(self.keys):
            return
        key = self.keys[row]
        if key == self.key:
            return
        self.key = key
        self.values = self.index.values(key)
        values = self.query_one("#filter-values", OptionList)
        values.clear_options()
        if self.values:
            values.add_options(Option(Content(one_line(v))) for v in self.values)
            values.highlighted = 0
        else:
            values.add_options([Option(Content("(none in this library)"), disabled=True)])

    @on(OptionList.OptionHighlighted, "#filter-keys")
    def _key_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_values(event.option_index)

    @on(OptionList.OptionSelected, "#filter-keys")
    def _key_selected(self, event: OptionList.OptionSelected) -> None:
        self._show_values(event.option_index)
        self.action_values()

    @on(OptionList.OptionSelected, "#filter-values")
    def _value_selected(self, event: OptionList.OptionSelected) -> None:
        if self.key is not None and 0 <= event.option_index < len(self.values):
            self.dismiss(filter_text(self.key, self.values[event.option_index]))

    def action_values(self) -> None:
        if self.values:
            self.query_one("#filter-values", OptionList).focus()

    def action_keys(self) -> None:
        self.query_one("#filter-keys", OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
