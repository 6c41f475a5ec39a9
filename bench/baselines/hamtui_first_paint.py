"""hamtui's own start, exactly as `hamtui` starts: the main screen paints, then loads the
library and program in a thread. Measured against bare_header_footer_app.py.

usage: hamtui_first_paint.py [--library DIR] [--until-ready] [--rss] [--stamp]
  default        exit once the main screen has been painted (the first paint)
  --until-ready  exit once the library has loaded and its results are on screen
  --stamp        print the wall-clock moment of the first paint (the process itself lives on
                 until the loader thread, started after that paint, has finished)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from rss import peak_rss_kib

from hamtui.startup import load_everything
from hamtui.tui.app import HamApp
from hamtui.tui.widgets.results_list import ResultsList

UNTIL_READY = "--until-ready" in sys.argv


class FirstPaintApp(HamApp):
    def on_ready(self) -> None:  # sent once the first screen has been painted
        if "--stamp" in sys.argv:  # the moment of the first paint, for bench_tui_start
            print(f"PAINTED {time.time()!r}", flush=True)
        if UNTIL_READY:
            self.set_interval(0.002, self._exit_when_ready)
        else:
            self.exit()

    def _exit_when_ready(self) -> None:
        lists = self.screen.query(ResultsList)
        if self.ready and lists and lists.first().cards:
            self.call_after_refresh(self.exit)  # once the results have been painted


if __name__ == "__main__":
    extra = [Path(sys.argv[sys.argv.index("--library") + 1])] if "--library" in sys.argv else []
    FirstPaintApp(loader=lambda: load_everything(extra)).run(headless=True, size=(120, 40))
    if "--rss" in sys.argv:
        print(peak_rss_kib())
