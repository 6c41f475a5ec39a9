"""Keystroke latency of a Textual app, measured in this process: the shared way for TUI benches.

The app runs headless (`App.run_test`, 120x40 by default). Each key is timed from just before
it is sent until the screen shows its effect, and every screen update is also encoded as the
escape sequences a terminal would be sent (the headless driver skips that), so the repaint is
counted in full. Two methods, each the same for the floor and for the app under test:

- "pilot" (the issue's method): `await pilot.press(key)` then `await pilot.pause()`, as a
  Textual test drives an app. Textual's own waits for an idle process (`wait_for_idle`
  sleeps at least 1/50 s each) are part of every sample, so the floor is tens of
  milliseconds and a ratio says whether the app adds a noticeable share to that: a naive
  rebuild of a 10,000-option list measures 3-10x the floor this way.
- "work": the key is posted to the app like a terminal driver posts it, the app is polled
  (not sent anything) until no message pump has anything waiting, and the screen is then
  repainted at once instead of at its next frame. This is the processor time a key costs:
  handling, layout, rendering and encoding, what someone typing at an ordinary speed waits
  for (a keystroke that arrives when the screen is idle is painted without waiting a frame).

The floor is a bare App with one Input (`floor_app`), typing the same keys. Benchmarks share
one floor measurement per run through `floor_baseline(ctx, method)`.

This module reads a few private attributes of Textual (the screen's pending work,
`App._display`): there is no public API for "the screen is up to date".
"""

from __future__ import annotations

import asyncio
import time
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, Literal

from textual import events
from textual.app import App, ComposeResult
from textual.keys import key_to_character
from textual.pilot import Pilot
from textual.widgets import Input

from bench.harness import Context, percentile

Method = Literal["pilot", "work"]
SIZE = (120, 40)
WARMUP = 3
MAX_POLLS = 100_000
QUIET_POLLS = 3
FLOOR_KEYS: dict[str, str] = {
    "pilot": "tui_keystroke_floor_p95_s",
    "work": "tui_keystroke_floor_work_p95_s",
}


def keys_for(text: str) -> list[str]:
    """Textual key names that type `text` (`a`, `space`, `colon`, ...)."""
    keys: list[str] = []
    for char in text:
        if char.isalnum():
            keys.append(char)
        else:
            keys.append(unicodedata.name(char).lower().replace("-", "_").replace(" ", "_"))
    return keys


def typing_keys(text: str, backspaces: int = 0) -> list[str]:
    """The keys that type text character by character, then delete `backspaces` of it."""
    return [*keys_for(text), *(["backspace"] * backspaces)]


def search_typing(rounds: int = 1) -> list[str]:
    """Realistic typing into a search box: words with typos, a filter, corrections, and
    clearing the box (97 keys a round)."""
    one = [
        *typing_keys("hamstrng strech", backspaces=15),
        *typing_keys("cat:eccentric nordic", backspaces=6),
        *typing_keys("curl", backspaces=18),
        *typing_keys("single leg deadlift", backspaces=19),
    ]
    return one * rounds


class FloorApp(App[None]):
    """The floor: a bare Textual app with one Input and nothing else."""

    def compose(self) -> ComposeResult:
        yield Input(placeholder="type here", id="floor")

    def on_mount(self) -> None:
        self.query_one(Input).focus()


def floor_app() -> App[None]:
    return FloorApp()


# --- waiting for the screen ---------------------------------------------------------------


def _pending(app: App[Any]) -> bool:
    """Whether any message pump of the app or its screen has messages waiting."""
    if app.message_queue_size:
        return True
    return any(node.message_queue_size for node in app.screen.walk_children(with_self=True))


def _screen_busy(app: App[Any]) -> bool:
    screen = app.screen
    return bool(
        screen._layout_required
        or screen._scroll_required
        or screen._repaint_required
        or screen._recompose_required
        or screen._dirty_widgets
        or screen._callbacks
    )


async def _settle(app: App[Any]) -> None:
    """Handle everything the last key caused, repainting as soon as nothing is waiting.

    Textual handlers that do not await run to completion between two polls, so "no pump
    has a message waiting and the screen has nothing to lay out or repaint", seen on a few
    polls in a row, means the key is done with.
    """
    quiet = 0
    for _ in range(MAX_POLLS):
        await asyncio.sleep(0)
        if _pending(app):
            quiet = 0
        elif _screen_busy(app):
            quiet = 0
            app.screen._on_timer_update()  # repaint now instead of at the next frame
        else:
            quiet += 1
            if quiet >= QUIET_POLLS:
                return
    raise RuntimeError("the app never settled: something keeps it busy")


def _quiet_cursors(app: App[Any]) -> None:
    """No blinking cursor: a blink is a repaint that no key caused."""
    for widget in app.query(Input):
        widget.cursor_blink = False


# --- measuring ----------------------------------------------------------------------------


async def _measure(
    app: App[Any],
    keys: Sequence[str],
    *,
    method: Method,
    prepare: Callable[[App[Any]], None] | None,
    warmup: int,
    size: tuple[int, int],
) -> list[float]:
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        _quiet_cursors(app)
        if prepare is not None:
            prepare(app)
        await pilot.pause()
        console = app.console
        original = app._display
        last_paint = [0.0]

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is not None and hasattr(renderable, "render_segments"):
                renderable.render_segments(console)  # what a terminal driver would write
            last_paint[0] = time.perf_counter()

        app._display = display  # type: ignore[method-assign]
        times: list[float] = []
        for n, key in enumerate(keys):
            if method == "pilot":
                elapsed = await _pilot_key(pilot, key)
            else:
                event = events.Key(key, key_to_character(key))
                start = last_paint[0] = time.perf_counter()
                app.post_message(event)
                await _settle(app)
                elapsed = last_paint[0] - start
            if n >= warmup:
                times.append(elapsed)
        app._display = original  # type: ignore[method-assign]
    return times


async def _pilot_key(pilot: Pilot[None], key: str) -> float:
    start = time.perf_counter()
    await pilot.press(key)
    await pilot.pause()
    return time.perf_counter() - start


def keystroke_latencies(
    make_app: Callable[[], App[Any]],
    keys: Sequence[str],
    *,
    method: Method = "pilot",
    prepare: Callable[[App[Any]], None] | None = None,
    warmup: int = WARMUP,
    size: tuple[int, int] = SIZE,
) -> list[float]:
    """Seconds from sending each key to the screen showing its effect, by `method`, after
    `warmup` untimed keys. `prepare(app)` runs once after mount, before the first key."""
    return asyncio.run(
        _measure(make_app(), keys, method=method, prepare=prepare, warmup=warmup, size=size)
    )


def floor_latencies(ctx: Context, method: Method = "pilot") -> list[float]:
    """Keystroke seconds of the bare Input app, typing `search_typing`."""
    keys = search_typing()[:40] if ctx.quick else search_typing()
    return keystroke_latencies(floor_app, keys, method=method)


def floor_baseline(ctx: Context, method: Method = "pilot") -> float:
    """The p95 keystroke latency of the bare Input app (the median of a few runs' p95),
    measured once per run and shared by every benchmark that asks for it."""
    label = f"bare Textual Input app, keystroke p95 ({method})"

    def measure() -> list[float]:
        runs = ctx.repeat(3, 1)
        return [percentile(floor_latencies(ctx, method), 95) for _ in range(runs)]

    return ctx.baseline(FLOOR_KEYS[method], label, measure)
