"""LibraryPane: search the exercise library, see the results and the highlighted exercise.

The query (the language of `hamtui.search`) is searched on every keystroke, with no timer:
the search takes a few milliseconds even over 10,000 exercises, and the results list holds a
lazy view of the hits (`ResultCards`), so a keystroke costs the same for 10 or 10,000 hits.
The search runs inside the keystroke (a watcher on the box's value, which Textual calls
synchronously) rather than on the later `Input.Changed` message, so the box, the chips, the
status line, the results and the detail repaint together in one frame.
Filters in the query show as chips under the search box; a click on a chip removes it, and
ctrl+f / F3 opens a picker of filter keys and values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar, NamedTuple, overload

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input

from hamtui.card import Card
from hamtui.search import OPEN_KEYS, Query, Results, SearchIndex, parse_query, query_parts
from hamtui.text import one_line
from hamtui.tui.screens.filter_picker import FilterPicker
from hamtui.tui.widgets.exercise_detail import ExerciseDetail
from hamtui.tui.widgets.filter_bar import FilterBar
from hamtui.tui.widgets.results_list import ResultsList

if TYPE_CHECKING:  # the core models load after the first paint
    from hamtui.library import Entry, Library


PLACEHOLDER = "Search: hamstring curl · cat:stretch stage:early equip:none level:beginner"
COMPACT_HEIGHT = 18  # below this many rows the detail view is hidden unless asked for


# Where an exercise comes from, as the detail view says it (other folders by their path).
ORIGIN_WORDS = {"bundled": "the bundled library", "user": "your library folder"}


class FilterPart(NamedTuple):
    """A `key:value` part of a query text: where it is, and its chip label."""

    start: int
    end: int
    label: str


def filter_parts(text: str, index: SearchIndex | None = None) -> list[FilterPart]:
    """The filter parts of a query, in order. A part the search cannot use (an unknown
    value) is labelled with a trailing ` ?`; an unknown key is not a chip (the status line
    names it)."""
    if ":" not in text:
        return []
    found: list[FilterPart] = []
    for part in query_parts(text):
        key = part.key
        if key is None:
            continue
        piece = part.text
        query = index.parse(piece) if index is not None and key in OPEN_KEYS else parse_query(piece)
        typed = part.values()
        resolved = sorted(query.filters.get(key, ()))
        shown = resolved if resolved and len(resolved) <= len(typed) else typed
        label = f"{key}: {', '.join(shown) or '…'}"
        if query.problems or not resolved:
            label += " ?"
        found.append(FilterPart(part.start, part.end, label))
    return found


def without_part(text: str, start: int, end: int) -> str:
    """The query text with one part taken out, spaces tidied at the cut."""
    before, after = text[:start].rstrip(), text[end:].lstrip()
    return f"{before} {after}".strip() if before and after else (before or after)


def missing_card(slug: str) -> Card:
    """A row for a slug the index has but the library does not (the index is stale)."""
    known: dict[str, object] = {
        "slug": slug,
        "name": slug,
        "category": "unknown",
        "mode": "reps",
        "position": None,
        "level": "beginner",
        "summary": "",
    }
    return Card._make(known.get(field, ()) for field in Card._fields)


class ResultCards(Sequence[Card]):
    """The cards of search results, made only for the rows that are read (the visible ones)."""

    __slots__ = ("_entries", "_results", "_slugs")

    def __init__(self, results: Results, entries: Mapping[str, Entry]) -> None:
        self._results = results
        self._entries = entries
        self._slugs: list[str] | None = None

    def __len__(self) -> int:
        return len(self._results)

    @overload
    def __getitem__(self, index: int) -> Card: ...

    @overload
    def __getitem__(self, index: slice) -> list[Card]: ...

    def __getitem__(self, index: int | slice) -> Card | list[Card]:
        if isinstance(index, slice):
            return [self._card(hit.slug) for hit in self._results[index]]
        return self._card(self._results[index].slug)

    def _card(self, slug: str) -> Card:
        entry = self._entries.get(slug)
        if entry is not None:
            return entry.card
        return missing_card(slug)

    def index_of_slug(self, slug: str) -> int | None:
        if self._slugs is None:
            self._slugs = self._results.slugs()
        try:
            return self._slugs.index(slug)
        except ValueError:
            return None


class StatusLine(Widget):
    """One line of text that repaints without a layout pass (a Static would relayout)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._content = Content("")

    @property
    def content(self) -> Content:
        return self._content

    def render(self) -> Content:
        return self._content

    def show(self, content: Content) -> None:
        if content.plain != self._content.plain or content.spans != self._content.spans:
            self._content = content
            self.refresh()


class LibraryPane(Vertical):
    """Search box, filter chips, status line, results and the highlighted exercise."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+f", "pick_filter", "Add filter", id="library.filter"),
        Binding("f3", "pick_filter", "Add filter", show=False, id="library.filter_f3"),
        Binding("i", "toggle_detail", "Details", show=False, id="library.toggle_detail"),
        Binding("down", "results('down')", "Next result", show=False, id="library.down"),
        Binding("up", "results('up')", "Previous result", show=False, id="library.up"),
        Binding("pagedown", "results('page_down')", show=False, id="library.page_down"),
        Binding("pageup", "results('page_up')", show=False, id="library.page_up"),
    ]

    class AddRequested(Message):
        """Add this exercise to the program (enter on a result, or in the search box)."""

        def __init__(self, slug: str) -> None:
            super().__init__()
            self.slug = slug

    def __init__(
        self,
        index: SearchIndex,
        library: Library,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        details: bool = True,
    ) -> None:
        """`details` False: the library's full exercises and safety rules are not loaded yet
        (a two-step start): the detail view waits for `details_loaded()`."""
        super().__init__(name=name, id=id, classes=classes)
        self.index = index
        self.library = library
        self.details = details
        self.query_text = ""
        self.current_query: Query = Query()
        self.results: Results | None = None
        self._parts: list[FilterPart] = []
        self._detail_wanted: bool | None = None  # None: shown when there is room

    def compose(self) -> ComposeResult:
        yield Input(placeholder=PLACEHOLDER, id="search")
        yield FilterBar(id="filters")
        yield StatusLine(id="library-status")
        yield ResultsList(id="results")
        yield ExerciseDetail(id="detail")

    def on_mount(self) -> None:
        # Search inside the keystroke that changed the text (a watcher runs synchronously),
        # so the box, the chips, the results and the detail repaint in one frame.
        self.watch(self.search_input, "value", self._value_changed, init=False)
        self.search("")

    # -- public -----------------------------------------------------------------------------

    @property
    def results_list(self) -> ResultsList:
        return self.query_one("#results", ResultsList)

    @property
    def detail(self) -> ExerciseDetail:
        return self.query_one("#detail", ExerciseDetail)

    @property
    def search_input(self) -> Input:
        return self.query_one("#search", Input)

    @property
    def detail_shown(self) -> bool:
        return not self.has_class("-no-detail")

    def focus_search(self) -> None:
        self.search_input.focus()

    def set_query(self, text: str) -> None:
        """Put this text in the search box and show its results now."""
        search = self.search_input
        self.search(text)
        if search.value != text:
            search.value = text  # its Changed is ignored: the text is already searched
        search.cursor_position = len(text)

    def search(self, text: str) -> None:
        """Search now and show the results, with the best match highlighted."""
        index = self.index
        query = index.parse(text)
        results = index.search(query)
        self.query_text = text
        self.current_query = query
        self.results = results
        self._parts = filter_parts(text, index)
        self.query_one("#filters", FilterBar).set_chips([p.label for p in self._parts])
        self._show_status()
        cards = ResultCards(results, self.library.entries)
        self.results_list.set_cards(cards, keep_highlight=False)
        self._show_detail()

    def details_loaded(self) -> None:
        """The rest of the app has loaded: show the highlighted exercise's details."""
        self.details = True
        self._show_detail(again=True)

    def set_library(self, index: SearchIndex, library: Library) -> None:
        """Search another library (after a reload): the query stays, and so does the
        highlighted exercise if the new results list it."""
        card = self.results_list.highlighted_card
        self.index = index
        self.library = library
        self.search(self.query_text)
        if card is not None:
            self.results_list.highlight_slug(card.slug)
        self._show_detail(again=True)

    def jump_to(self, slug: str) -> bool:
        """Highlight this exercise, clearing the query if the results do not list it."""
        results_list = self.results_list
        if not results_list.highlight_slug(slug):
            if slug not in self.library.entries:
                self._show_status(f"`{one_line(slug)}` is not in the library")
                return False
            self.set_query("")
            if not results_list.highlight_slug(slug):
                return False
        results_list.focus()
        return True

    # -- events -----------------------------------------------------------------------------

    def _value_changed(self, value: str) -> None:
        if value != self.query_text:
            self.search(value)

    @on(Input.Changed, "#search")
    def _query_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._value_changed(event.value)

    @on(Input.Submitted, "#search")
    def _query_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        card = self.results_list.highlighted_card
        if card is not None:
            self.post_message(self.AddRequested(card.slug))

    @on(ResultsList.Highlighted, "#results")
    def _highlighted(self, event: ResultsList.Highlighted) -> None:
        self._show_detail()  # usually shown already: search() shows it in the same frame

    @on(ResultsList.Selected, "#results")
    def _selected(self, event: ResultsList.Selected) -> None:
        event.stop()
        self.post_message(self.AddRequested(event.card.slug))

    @on(ExerciseDetail.JumpTo)
    def _jump(self, event: ExerciseDetail.JumpTo) -> None:
        event.stop()
        self.jump_to(event.slug)

    @on(FilterBar.RemoveRequested, "#filters")
    def _remove_filter(self, event: FilterBar.RemoveRequested) -> None:
        event.stop()
        self.remove_filter(event.index)

    def remove_filter(self, position: int) -> None:
        """Take the n-th filter chip's part out of the query."""
        if 0 <= position < len(self._parts):
            part = self._parts[position]
            self.set_query(without_part(self.query_text, part.start, part.end))

    def add_filter(self, text: str) -> None:
        """Append `key:value` to the query."""
        current = self.query_text.rstrip()
        self.set_query(f"{current} {text}" if current else text)

    def on_resize(self, event: Resize) -> None:
        self._apply_detail()

    # -- actions ----------------------------------------------------------------------------

    def action_pick_filter(self) -> None:
        def picked(text: str | None) -> None:
            if text:
                self.add_filter(text)
            self.focus_search()

        self.app.push_screen(FilterPicker(self.index), picked)

    def action_toggle_detail(self) -> None:
        self._detail_wanted = not self.detail_shown
        self._apply_detail()

    def action_results(self, move: str) -> None:
        """Move the results' highlight while typing in the search box."""
        results_list = self.results_list
        actions = {
            "up": results_list.action_cursor_up,
            "down": results_list.action_cursor_down,
            "page_up": results_list.action_page_up,
            "page_down": results_list.action_page_down,
        }
        action = actions.get(move)
        if action is not None:
            action()

    # -- internals --------------------------------------------------------------------------

    def _apply_detail(self) -> None:
        wanted = self._detail_wanted
        if wanted is None:
            wanted = self.size.height >= COMPACT_HEIGHT
        was = self.detail_shown
        self.set_class(not wanted, "-no-detail")
        if wanted and not was:
            self._show_detail(again=True)

    def _show_detail(self, *, again: bool = False) -> None:
        if not self.detail_shown:
            return
        card = self.results_list.highlighted_card
        detail = self.detail
        if card is not None and card.slug == detail.slug and not again:
            return
        if card is None:
            detail.clear("No exercise matches the search." if self.query_text else "")
            return
        if not self.details:  # reading the exercise now would wait for pydantic to load
            detail.clear(f"{one_line(card.name, 60)}: loading its details…")
            return
        entries = self.library.entries

        def name_of(slug: str) -> str | None:
            entry = entries.get(slug)
            return entry.card.name if entry is not None else None

        exercise = self.library.get(card.slug)
        problems = [str(p) for p in self.library.unreadable.get(card.slug, ())]
        conditions = {c.id: c for c in self.library.safety_rules.conditions}
        entry = entries.get(card.slug)
        origin = entry.origin if entry is not None else ""
        source = ORIGIN_WORDS.get(origin, origin)
        detail.show(
            card.slug, exercise, name_of, problems if exercise is None else (), conditions, source
        )

    def _show_status(self, note: str | None = None) -> None:
        count = len(self.results) if self.results is not None else 0
        total = len(self.index)
        everything = self.current_query.empty
        words = f"{total:,} exercises" if everything else f"{count:,} of {total:,} exercises"
        parts: list[str | tuple[str, str]] = [(words, "$text-muted")]
        for problem in self.current_query.problems:
            parts += [" · ", ("? ", "bold $warning"), one_line(problem)]
        if note:
            parts += [" · ", ("! ", "bold $warning"), note]
        self.query_one("#library-status", StatusLine).show(Content.assemble(*parts))
