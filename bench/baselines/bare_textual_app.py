"""Baseline: the smallest Textual app, exiting as soon as its first screen has been painted.

Run as a script (`python bench/baselines/bare_textual_app.py`). Headless mode still composes,
lays out and renders the screen; it only skips writing the result to a terminal, so no tty is
needed. The wall time of this process is the `textual_start_s` baseline.
"""

from __future__ import annotations

from textual.app import App


class BareApp(App[None]):
    def on_mount(self) -> None:
        # Runs after the screen's first refresh (compositor render), then exits.
        self.call_after_refresh(self.exit)


if __name__ == "__main__":
    BareApp().run(headless=True)
