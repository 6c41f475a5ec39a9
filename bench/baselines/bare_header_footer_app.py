"""Baseline: a bare Textual app with a Header and a Footer, exiting after its first paint.

The TUI issue's first-paint target is a ratio of this app's start. With `--rss` it prints its
peak resident memory in KiB (the memory baseline).
"""

from __future__ import annotations

import sys
import time

from rss import peak_rss_kib
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header


class BareHeaderFooterApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Footer()

    def on_ready(self) -> None:  # sent once the first screen has been painted
        if "--stamp" in sys.argv:  # the moment of the first paint, for bench_tui_start
            print(f"PAINTED {time.time()!r}", flush=True)
        self.exit()


if __name__ == "__main__":
    BareHeaderFooterApp().run(headless=True, size=(120, 40))
    if "--rss" in sys.argv:
        print(peak_rss_kib())
