"""`hamtui` as it starts: the main screen paints "Loading…", loads the library in a thread,
then shows the results; only then does it settle the loaded objects' memory."""

from __future__ import annotations

import asyncio
import threading

from textual.widgets import Static

from hamtui.startup import Loaded, load_everything
from hamtui.tui.app import HamApp
from hamtui.tui.widgets.results_list import ResultsList


class Probe(HamApp):
    """Records what the screen showed at each step."""

    def __init__(self, gate: threading.Event) -> None:
        super().__init__(loader=self._gated)
        self.gate = gate
        self.seen: list[str] = []

    def _gated(self) -> Loaded:
        self.gate.wait(10)
        return load_everything()

    def results_shown(self) -> None:
        cards = self.screen.query_one(ResultsList).cards
        self.seen.append(f"results shown: {len(cards)} cards")
        super().results_shown()


def test_loading_then_results_then_memory_settled() -> None:
    gate = threading.Event()
    app = Probe(gate)

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            loading = app.screen.query_one("#loading", Static)
            assert "Loading the exercise library" in str(loading.render())
            assert not app.ready
            assert app.seen == []  # nothing settled before the results exist
            gate.set()
            for _ in range(200):
                await pilot.pause(0.02)
                if app.seen:
                    break
            assert app.ready
            assert not app.screen.query("#loading")
            assert len(app.seen) == 1
            assert app.seen[0].startswith("results shown: ")
            assert int(app.seen[0].split()[2]) > 10  # the bundled library's cards

    asyncio.run(scenario())
