"""`hamtui` as it starts: the main screen paints "Loading…", loads the library in a thread,
then shows the results; only then does it settle the loaded objects' memory."""

from __future__ import annotations

import asyncio
import threading

from textual.widgets import Static

from hamtui.library import Library
from hamtui.search import SearchIndex
from hamtui.startup import Loaded, Startup, load_everything
from hamtui.tui.app import HamApp
from hamtui.tui.widgets.library_pane import LibraryPane
from hamtui.tui.widgets.program_list import ProgramList
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

    def settled(self) -> None:
        cards = self.screen.query_one(ResultsList).cards
        self.seen.append(f"results shown: {len(cards)} cards")
        super().settled()


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


class TwoSteps(HamApp):
    """The `hamtui` start: the library first, the rest held until the test lets it go."""

    def __init__(self, gate: threading.Event) -> None:
        super().__init__(startup=GatedStartup(gate))
        self.told: list[str] = []

    def results_shown(self) -> None:
        self.told.append("results")
        super().results_shown()

    def settled(self) -> None:
        self.told.append("settled")
        super().settled()


class GatedStartup(Startup):
    def __init__(self, gate: threading.Event) -> None:
        super().__init__()
        self.gate = gate

    def rest(self, library: Library, index: SearchIndex) -> Loaded:
        self.gate.wait(10)
        return super().rest(library, index)


def test_the_librarys_results_show_and_search_before_the_rest_has_loaded() -> None:
    gate = threading.Event()
    app = TwoSteps(gate)

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(200):
                await pilot.pause(0.02)
                if app.told:
                    break
            assert app.told == ["results"] and not app.ready
            screen = app.screen
            pane = screen.query_one(LibraryPane)
            assert app.focused is pane.search_input
            assert str(screen.query_one("#loading-program", Static).render()) == (
                "Loading the program…"
            )
            assert "loading its details…" in pane.detail.plain
            await pilot.press(*"bridge")
            await pilot.pause()
            names = [card.name for card in pane.results_list.cards]
            assert names[0] == "Glute Bridge" and len(names) < len(pane.index)
            await pilot.press("ctrl+s")  # not ready: nothing happens, nothing breaks
            gate.set()
            for _ in range(200):
                await pilot.pause(0.02)
                if "settled" in app.told:
                    break
            assert app.told == ["results", "settled"] and app.ready
            assert not screen.query("#loading-program")
            assert screen.query_one(ProgramList) is not None
            assert app.focused is pane.search_input  # the typing was not interrupted
            assert pane.search_input.value == "bridge"
            assert "loading its details" not in pane.detail.plain

    asyncio.run(scenario())
