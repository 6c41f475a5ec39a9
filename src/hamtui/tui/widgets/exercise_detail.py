"""ExerciseDetail: everything about one exercise, beside or below the search results.

All text from the exercise file is shown literally (hamtui.text spells out control
characters; Content parts are never parsed as markup). Progressions and regressions are
links: click one, or, with the detail focused, move between them with `right`/`left` (or
`n`/`p`) and press enter; each posts `JumpTo(slug)`.

The view is a Line API widget, so showing another exercise repaints it without a layout pass
and a keystroke in the search box updates the results and this view in the same frame. Each
paragraph is wrapped only when one of its lines is first drawn: until then its height is
estimated from its length (wrapping can only add lines to that), and the total is corrected as
paragraphs are wrapped. The scrollbar follows the corrections when the view scrolls.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.visual import Visual

from hamtui.exercise_page import CUES, SOURCES, ExercisePage, Section, exercise_page
from hamtui.text import one_line
from hamtui.tui.widgets.line_view import LineKey, LineView

if TYPE_CHECKING:  # the core models load after the first paint
    from hamtui.model.exercise import ExerciseBody
    from hamtui.model.safety import Condition


Part = str | tuple[str, str]
NameOf = Callable[[str], str | None]

HEADING = "bold"
LABEL = "bold $text-muted"
DIM = "$text-muted"
WARNING = "bold $error"
LINK = "$text-accent"
CUE_STYLES = {"info": DIM, "caution": "bold $warning", "stop": WARNING}
NOTHING = "No exercise highlighted."
# The lead of a list item or a labelled fact; wrapped lines hang under what follows it.
HANGING = re.compile(r"(?: *(?:\d+\.|[-!→▶]) +|[A-Z][A-Za-z ]*: +)(?=\S)")


def facts(page: ExercisePage) -> list[Part]:
    """Name, slug, aliases and the one-line facts of an exercise, as content parts."""
    parts: list[Part] = [(one_line(page.name), "bold"), (f"  {one_line(page.slug)}", DIM), "\n"]
    if page.aliases:
        parts += [("Also called: ", LABEL), one_line(", ".join(page.aliases)), "\n"]
    for fact in page.facts:
        parts += [(f"{fact.label + ':':<11}", LABEL), one_line(fact.value), "\n"]
    return parts


def section(part: Section) -> list[Part]:
    """A titled list (numbered or bulleted; red flags marked as a warning), or nothing."""
    if not part.items:
        return []
    title = (f"⚠ {part.title}", WARNING) if part.warning else (part.title, HEADING)
    parts: list[Part] = ["\n", title, "\n"]
    for n, item in enumerate(part.items, 1):
        mark = f"{n:>2}. " if part.numbered else ("  ! " if part.warning else "  - ")
        parts += [mark, item, "\n"]
    return parts


def exercise_text(page: ExercisePage) -> list[Part]:
    """Summary, steps, tips, mistakes, cues, red flags and avoid-when, as content parts."""
    parts: list[Part] = []
    if page.summary:
        parts += ["\n", page.summary, "\n"]
    for part in page.before_cues:
        parts += section(part)
    if page.cues:
        parts += ["\n", (CUES, HEADING), "\n"]
        for cue in page.cues:
            level = (cue.level, CUE_STYLES.get(cue.level, DIM))
            parts += ["  - ", level, f", {cue.when}: ", cue.text, "\n"]
    for part in page.after_cues:
        parts += section(part)
    return parts


def _content(parts: Sequence[Part]) -> Content:
    return Content.assemble(*parts).rstrip()


class ExerciseDetail(LineView, can_focus=True):
    """Name, facts, summary, steps, tips, cues, red flags, dose and links of one exercise."""

    ALLOW_SELECT = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right", "next_link", "Next link", show=False, id="detail.next_link"),
        Binding("left", "previous_link", "Previous link", show=False, id="detail.prev_link"),
        Binding("n", "next_link", "Next link", show=False, id="detail.next_link_n"),
        Binding("p", "previous_link", "Previous link", show=False, id="detail.prev_link_p"),
        Binding("enter", "jump", "Go to exercise", id="detail.jump"),
        Binding("end", "scroll_end", "Scroll end", show=False, id="detail.end"),
    ]

    class JumpTo(Message):
        """A progression or regression link was chosen."""

        def __init__(self, slug: str) -> None:
            super().__init__()
            self.slug = slug

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.slug: str | None = None
        self._links: list[tuple[str, str | None]] = []  # (slug, name or None)
        self._cursor = -1
        self._lit = -1  # the link drawn selected: the cursor's while focused, else none
        # One paragraph per line of the text (link lines are paragraphs of their own).
        self._paragraphs: list[Content] = []
        self._paragraph_links: list[int] = []  # the link index of each paragraph, or -1
        self._wrapped: dict[int, list[Strip]] = {}
        self._heights: list[int] = []  # exact once wrapped, estimated before
        self._starts: list[int] = []  # first row of each paragraph
        self._width = -1
        self._scrollbar_stale = False
        self._set_text([(Content(NOTHING), -1)], [])

    # -- public -----------------------------------------------------------------------------

    @property
    def links(self) -> list[str]:
        """The slugs of the progression and regression links, in order."""
        return [slug for slug, _ in self._links]

    @property
    def link_cursor(self) -> int | None:
        return self._cursor if self._cursor >= 0 else None

    @property
    def plain(self) -> str:
        """All the text on show, unwrapped."""
        return "\n".join(paragraph.plain for paragraph in self._paragraphs)

    def rendered_lines(self) -> list[str]:
        """Every line of the view as drawn at its current width (wraps everything)."""
        self._wrap_all()
        return [strip.text for n in range(len(self._paragraphs)) for strip in self._wrapped[n]]

    def show(
        self,
        slug: str,
        exercise: ExerciseBody | None,
        names: NameOf,
        problems: Sequence[str] = (),
        conditions: Mapping[str, Condition] | None = None,
        source_folder: str = "",
    ) -> None:
        """Show an exercise. None: its slug is named but not in the library, or, with
        `problems`, its file broke after the library was loaded."""
        changed = slug != self.slug
        self.slug = slug
        if exercise is None and problems:
            head = Content.assemble(
                (one_line(slug), "bold"), ("  its file cannot be read now:", WARNING)
            )
            said = [(Content(one_line(problem, 500)), -1) for problem in problems]
            self._set_text([(head, -1), *said], [])
        elif exercise is None:
            head = Content.assemble((one_line(slug), "bold"), ("  not in the library", DIM))
            self._set_text([(head, -1)], [])
        else:
            page = exercise_page(slug, exercise, names, conditions, source_folder)
            links = [(link.slug, link.name) for link in (*page.progressions, *page.regressions)]
            text = [(_content(facts(page) + exercise_text(page)), -1)]
            n = 0
            for title, ladder in page.ladders:
                if ladder:
                    text.append((Content.assemble("\n", (title, HEADING)), -1))
                    for _ in ladder:
                        text.append((self._link_content(links[n], False), n))
                        n += 1
            if page.sources:
                sources = Section(SOURCES, page.sources)
                text.append((_content(section(sources)), -1))
            self._set_text(text, links)
        if changed:
            self.scroll_to(y=0, animate=False, force=True)

    def clear(self, message: str = NOTHING) -> None:
        self.slug = None
        self._set_text([(Content(message), -1)], [])

    # -- keys and mouse ---------------------------------------------------------------------

    def action_next_link(self) -> None:
        self._move_cursor(1)

    def action_previous_link(self) -> None:
        self._move_cursor(-1)

    def action_jump(self) -> None:
        if 0 <= self._cursor < len(self._links):
            self.post_message(self.JumpTo(self._links[self._cursor][0]))

    def action_scroll_end(self) -> None:
        self._wrap_all()
        self._fix_scrollbar()
        self.scroll_to(y=self.max_scroll_y, animate=False, force=True)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        paragraph = self._paragraph_at(self.scroll_offset.y + offset.y)
        if paragraph is not None and self._paragraph_links[paragraph] >= 0:
            event.stop()
            self._set_cursor(self._paragraph_links[paragraph])
            self.action_jump()

    def on_focus(self) -> None:
        if self._cursor < 0 and self._links:
            self._set_cursor(0, scroll=False)
        else:
            self._restyle_links()

    def on_blur(self) -> None:
        self._restyle_links(focused=False)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        self._fix_scrollbar()
        super().watch_scroll_y(old_value, new_value)

    # -- rendering --------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        self._check_width()
        row = self.scroll_offset.y + y
        paragraph = self._paragraph_at(row)
        if paragraph is None:
            return Strip.blank(self.scrollable_content_region.width, self.rich_style)
        lines = self._wrap(paragraph)
        return lines[row - self._starts[paragraph]]

    def on_resize(self, event: events.Resize) -> None:
        self._check_width()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._width = -1

    # -- internals --------------------------------------------------------------------------

    def _link_content(self, link: tuple[str, str | None], selected: bool) -> Content:
        slug, name = link
        marker = "▶ " if selected else "→ "
        style = "reverse bold" if selected else LINK
        if name is None:
            return Content.assemble(
                "  ", (marker + one_line(slug), style), ("  (not in the library)", DIM)
            )
        return Content.assemble(
            "  ", (marker + one_line(name), style), (f"  {one_line(slug)}", DIM)
        )

    def _set_text(
        self, text: list[tuple[Content, int]], links: list[tuple[str, str | None]]
    ) -> None:
        """Show text: (content, link index or -1) pieces, split into paragraphs."""
        paragraphs: list[Content] = []
        paragraph_links: list[int] = []
        for content, link in text:
            lines = [content] if link >= 0 else content.split("\n", allow_blank=True)
            paragraphs += lines
            paragraph_links += [link] * len(lines)
        self._paragraphs = paragraphs
        self._paragraph_links = paragraph_links
        self._links = links
        self._cursor = 0 if links and self.has_focus else -1
        self._lit = self._cursor
        self._rewrap()

    def _rewrap(self) -> None:
        """Forget the wrapped lines and estimate every paragraph's height again."""
        width = self.scrollable_content_region.width if self.is_mounted else 0
        if width > 0:
            self._width = width
        self._wrapped = {}
        per_line = max(self._width, 1)
        self._heights = [
            max(1, -(-cell_len(paragraph.plain) // per_line)) for paragraph in self._paragraphs
        ]
        self._restart(0)
        if self._width > 0 and self.is_mounted:
            self._scrollbar_stale = False
            self._scroll_update(self.virtual_size)  # not while drawing: repainted this frame
        self.refresh()

    def _restart(self, first: int) -> None:
        """Recount the first row of every paragraph from `first` on, and the total."""
        starts = self._starts[:first]
        row = starts[-1] + self._heights[first - 1] if first else 0
        for height in self._heights[first:]:
            starts.append(row)
            row += height
        self._starts = starts
        if Size(0, row) != self.virtual_size:
            self.set_reactive(LineView.virtual_size, Size(0, row))
            self._scrollbar_stale = True

    def _check_width(self) -> None:
        width = self.scrollable_content_region.width
        if width != self._width and width > 0:
            self._rewrap()

    def _paragraph_at(self, row: int) -> int | None:
        """The paragraph drawn on this row (wrapping paragraphs as needed), or None."""
        if row < 0:
            return None
        while True:
            paragraph = bisect.bisect_right(self._starts, row) - 1
            if not 0 <= paragraph < len(self._paragraphs):
                return None
            start = self._starts[paragraph]
            if row >= start + self._heights[paragraph]:
                return None  # past the end
            if row < start + len(self._wrap(paragraph)):
                return paragraph
            # wrapping made it shorter than estimated: the row belongs further on

    def _wrap(self, paragraph: int) -> list[Strip]:
        lines = self._wrapped.get(paragraph)
        if lines is not None:
            return lines
        width = max(self._width, 1)
        content = self._paragraphs[paragraph]
        link = self._paragraph_links[paragraph]
        if link >= 0 and link == self._lit:
            content = self._link_content(self._links[link], True)
        lines = self._hanging_lines(content, width)
        if not lines:
            lines = [Strip.blank(width, self.rich_style)]
        self._wrapped[paragraph] = lines
        if len(lines) != self._heights[paragraph]:
            # The total changes. While a frame is drawn the scrollbar cannot be repainted in
            # it: it is brought up to date when the view next scrolls (see watch_scroll_y).
            self._heights[paragraph] = len(lines)
            self._restart(paragraph + 1)
        return lines

    def _hanging_lines(self, content: Content, width: int) -> list[Strip]:
        """A paragraph wrapped to width, its lines after the first indented under the text
        that follows a list marker (`  - `, ` 1. `) or a label (`Dose:      `)."""
        style = self.visual_style
        lead = HANGING.match(content.plain)
        indent = lead.end() if lead is not None else 0
        if not indent or indent > width // 2 or cell_len(content.plain) <= width:
            return Visual.to_strips(self, content, width, None, style, pad=True)
        head = Visual.to_strips(self, content[:indent], indent, None, style, pad=True)
        rest = Visual.to_strips(self, content[indent:], width - indent, None, style, pad=True)
        if len(head) != 1 or cell_len(content.plain[:indent]) != indent:
            return Visual.to_strips(self, content, width, None, style, pad=True)
        blank = Strip.blank(indent, self.rich_style)
        return [Strip.join([head[0] if n == 0 else blank, line]) for n, line in enumerate(rest)]

    def _wrap_all(self) -> None:
        self._check_width()
        for paragraph in range(len(self._paragraphs)):
            self._wrap(paragraph)

    def _fix_scrollbar(self) -> None:
        if self._scrollbar_stale and self.is_mounted:
            self._scrollbar_stale = False
            self._scroll_update(self.virtual_size)

    def line_key(self, line: int) -> LineKey:
        paragraph = self._paragraph_at(line)
        if paragraph is None:
            return None
        link = self._paragraph_links[paragraph]
        return (paragraph, line, link >= 0 and link == self._lit)

    def _restyle_links(self, *, focused: bool | None = None) -> None:
        """Draw the selected link as it is now, repainting only the link lines that change."""
        self._check_width()
        before = self.visible_keys()
        focused = self.has_focus if focused is None else focused
        self._lit = self._cursor if focused else -1
        for paragraph, link in enumerate(self._paragraph_links):
            if link >= 0:
                self._wrapped.pop(paragraph, None)
        self.refresh_changed(before)

    def _set_cursor(self, index: int, scroll: bool = True) -> None:
        self._cursor = index
        self._restyle_links()
        if not scroll or index < 0:
            return
        self._check_width()
        for paragraph, link in enumerate(self._paragraph_links):
            if link == index:
                for earlier in range(paragraph + 1):
                    self._wrap(earlier)
                self._fix_scrollbar()
                first = self._starts[paragraph]
                self.scroll_lines_into_view(first, first + self._heights[paragraph] - 1)
                return

    def _move_cursor(self, step: int) -> None:
        if not self._links:
            return
        start = self._cursor if self._cursor >= 0 else (-1 if step > 0 else 0)
        self._set_cursor((start + step) % len(self._links))
