"""hamtui's history screen opening on the sessions folder of HAMTUI_HOME: the seconds from
pushing the screen (what the history key does) to its table of sessions painted with rows.

usage: hamtui_history_screen.py [--rss]
  prints `SHOWN <seconds>`; with --rss, the peak resident memory in KiB on the last line
"""

from __future__ import annotations

import sys
import time

from rss import peak_rss_kib
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header

from hamtui.tui.screens.history_screen import HistoryScreen
from hamtui.tui.widgets.lazy_table import LazyTable


class HistoryApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Footer()

    def on_ready(self) -> None:
        self.started = time.perf_counter()
        self.push_screen(HistoryScreen())
        self.set_interval(0.001, self._exit_when_shown)

    def _exit_when_shown(self) -> None:
        tables = self.screen.query(LazyTable)
        if tables and tables.first().row_count:
            self.call_after_refresh(self._painted)  # once the rows have been painted

    def _painted(self) -> None:
        if self.is_running and self.return_code is None:
            print(f"SHOWN {time.perf_counter() - self.started!r}", flush=True)
            self.exit()


if __name__ == "__main__":
    HistoryApp().run(headless=True, size=(120, 40))
    if "--rss" in sys.argv:
        print(peak_rss_kib())
