"""hamtui's own start, exactly as `hamtui` starts: the main screen paints, then loads the
library and program in a thread. Measured against bare_header_footer_app.py.

usage: hamtui_first_paint.py [--library DIR] [--until-ready] [--rss] [--stamp]
  default        exit once the main screen has been painted (the first paint)
  --until-ready  exit once the library has loaded and its results are on screen (with
                 --rss: once everything has loaded, the program and the models too)
  --stamp        print the wall-clock moment of the first paint (PAINTED) and, with
                 --until-ready, of the results painted (READY); the process itself lives on
                 after the first paint while its loader thread runs
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from rss import peak_rss_kib

from hamtui.startup import Startup
from hamtui.tui.app import HamApp

UNTIL_READY = "--until-ready" in sys.argv
STAMP = "--stamp" in sys.argv
RSS = "--rss" in sys.argv


class FirstPaintApp(HamApp):
    def on_ready(self) -> None:  # sent once the first screen has been painted
        if STAMP:  # the moment of the first paint, for bench_tui_start
            print(f"PAINTED {time.time()!r}", flush=True)
        if not UNTIL_READY:
            self.exit()

    def results_shown(self) -> None:
        # The main screen calls this once its results have been painted: told, not polled
        # (a timer polling every few ms would take the GIL from the loader thread and make
        # the start look slower than it is).
        if STAMP:
            print(f"READY {time.time()!r}", flush=True)
        from hamtui.tui.widgets.results_list import ResultsList  # imported by now

        assert self.screen.query_one(ResultsList).cards, "results painted but empty"
        super().results_shown()
        if not RSS:
            self.exit()

    def settled(self) -> None:
        # Everything has loaded (the program and the models too, after the results): the
        # memory figure is taken then, not at the results.
        super().settled()
        if RSS:
            self.exit()


if __name__ == "__main__":
    extra = [Path(sys.argv[sys.argv.index("--library") + 1])] if "--library" in sys.argv else []
    FirstPaintApp(startup=Startup(extra)).run(headless=True, size=(120, 40))
    if "--rss" in sys.argv:
        print(peak_rss_kib())
