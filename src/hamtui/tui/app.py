"""HamApp: the hamtui full-screen app (floor 3: the only package that imports Textual)."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from hamtui import workspace
from hamtui.catalog import program_folders
from hamtui.startup import Loaded, Startup, load_everything, settle_memory

if TYPE_CHECKING:  # the core loads after the first paint (see hamtui.startup)
    from hamtui.editor import ProgramDocument
    from hamtui.library import Library
    from hamtui.model.config import Config
    from hamtui.search import SearchIndex

_HERE = Path(__file__).resolve().parent
SERVER_CHECK_S = 1.0  # how often a browser tab's app looks for its server


def _stylesheets() -> list[str | PurePath]:
    """app.tcss, then every widget's and screen's own .tcss file."""
    sheets: list[str | PurePath] = [_HERE / "app.tcss"]
    for folder in ("widgets", "screens"):
        sheets += sorted((_HERE / folder).glob("*.tcss"))
    return sheets


class HamApp(App[None]):
    """Library on the left, the program being edited on the right."""

    CSS_PATH = _stylesheets()
    TITLE = "hamtui"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        Binding("f1", "help", "Help", id="help"),
        Binding("question_mark", "help", "Help", id="help-question", show=False),
    ]

    library: Library
    index: SearchIndex
    # In a browser tab of `hamtui web`: the server's process, which the app watches.
    server_pid: int | None = None
    document: ProgramDocument
    config: Config

    def __init__(
        self,
        library: Library | None = None,
        *,
        index: SearchIndex | None = None,
        document: ProgramDocument | None = None,
        folders: list[Path] | None = None,
        config: Config | None = None,
        loader: Callable[[], Loaded] | None = None,
        startup: Startup | None = None,
    ) -> None:
        """Either everything at hand (tests), or what the main screen loads in a thread as it
        mounts: a `startup` in two steps (the `hamtui` command: the library's results show
        before the rest loads) or a `loader` in one."""
        super().__init__()
        self.folders = folders if folders is not None else program_folders()
        self.ready = False
        self._loader_ran = False
        self.load_warnings: list[str] = []
        self._startup = startup
        self._loader = loader if loader is not None else load_everything
        if library is not None:
            from hamtui.editor import ProgramDocument
            from hamtui.model.config import Config

            self._take(
                Loaded(
                    library,
                    index if index is not None else library.search_index(),
                    document if document is not None else ProgramDocument.new(),
                    config if config is not None else Config(),
                )
            )

    def load_library_first(self) -> bool:
        """With a two-step start, load the library and its index (in the main screen's
        worker thread) and say True: its results can show before `load()` brings the rest."""
        if self._startup is None:
            return False
        self.library, self.index = self._startup.library_first()
        return True

    def load(self) -> None:
        """Load everything, or the rest after `load_library_first` (in a worker thread)."""
        if self._startup is not None:
            self._take(self._startup.rest(self.library, self.index))
        else:
            self._take(self._loader())
        self._loader_ran = True

    def _take(self, loaded: Loaded) -> None:
        self.library = loaded.library
        self.index = loaded.index
        self.document = loaded.document
        self.config = loaded.config
        self.load_warnings = loaded.warnings
        self.ready = True

    def results_shown(self) -> None:
        """Called by the main screen once its first results have been painted (with a
        two-step start, before the rest has loaded)."""

    def settled(self) -> None:
        """Called by the main screen once everything has loaded and shows: after a start that
        loaded in a thread (the `hamtui` command), the loaded objects' memory is settled. An
        app handed everything (tests, a screen opened from another) leaves the collector
        alone."""
        if self._loader_ran:
            settle_memory()

    def apply_config(self) -> None:
        """Theme and key overrides from the config file (once it has loaded)."""
        if self.config.theme != self.theme:
            self.theme = self.config.theme
        if self.config.keymap:
            self.set_keymap(dict(self.config.keymap))

    def get_default_screen(self) -> Screen[None]:
        from hamtui.tui.screens.main_screen import MainScreen

        return MainScreen(self)

    # Every action of the main screen is a command in the palette (ctrl+p).
    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        ours = list(self._binding_commands(screen))
        titles = {command.title.casefold() for command in ours}
        for command in super().get_system_commands(screen):
            # A screenshot is written outside the workspace: not in restricted mode.
            if workspace.restricted() and command.title.lower().startswith("screenshot"):
                continue
            if command.title.casefold() in titles:
                continue  # one "Quit", not Textual's and ours
            yield command
        yield from ours
        extra = getattr(screen, "extra_commands", None)
        if callable(extra):
            yield from extra()

    def _binding_commands(self, screen: Screen[object]) -> Iterator[SystemCommand]:
        seen: set[str] = set()
        for binding in [*screen.BINDINGS, *self.BINDINGS]:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            if binding.action in seen:
                continue
            seen.add(binding.action)
            key = binding.key_display or self.get_key_display(binding)
            target = screen if binding in screen.BINDINGS else self
            yield SystemCommand(
                binding.description,
                f"{binding.tooltip or binding.description} ({key})",
                lambda target=target, action=binding.action: self._run(target, action),
            )

    async def _run(self, target: App[None] | Screen[object], action: str) -> None:
        await target.run_action(action)

    async def action_quit(self) -> None:
        """ctrl+q quits through the main screen, which asks about unsaved changes first."""
        from hamtui.tui.screens.main_screen import MainScreen
        from hamtui.tui.screens.unsaved_dialog import UnsavedDialog

        if isinstance(self.screen, UnsavedDialog):
            return  # already asking
        main = next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)
        if main is None:
            self.exit()
            return
        main.action_quit()

    def action_help(self) -> None:
        from hamtui.tui.screens.help_screen import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.key_table()))

    def key_table(self) -> list[tuple[str, str, str]]:
        """(group, key, description) for every binding the user can press here."""
        rows: list[tuple[str, str, str]] = []
        from hamtui.tui.screens.main_screen import MainScreen
        from hamtui.tui.widgets.exercise_detail import ExerciseDetail
        from hamtui.tui.widgets.library_pane import LibraryPane
        from hamtui.tui.widgets.program_list import ProgramList
        from hamtui.tui.widgets.results_list import ResultsList

        screen = self.screen
        groups: list[tuple[str, list[BindingType]]] = [("Everywhere", list(self.BINDINGS))]
        if isinstance(screen, MainScreen):
            groups += [
                ("Program editor", list(screen.BINDINGS)),
                ("Library search", list(LibraryPane.BINDINGS)),
                ("Library results", list(ResultsList.BINDINGS)),
                ("Exercise detail", list(ExerciseDetail.BINDINGS)),
                ("Program list", list(ProgramList.BINDINGS)),
            ]
        else:  # another screen (a plan, history): its own keys, under its name
            groups.append((screen.SUB_TITLE or "This screen", list(screen.BINDINGS)))
        for group, bindings in groups:
            for binding in bindings:
                if isinstance(binding, Binding) and binding.description:
                    keys = " / ".join(
                        self.get_key_display(Binding(key.strip(), binding.action))
                        for key in binding.key.split(",")
                    )
                    rows.append((group, keys, binding.description))
        rows.append(("Everywhere", self.get_key_display(Binding("ctrl+p", "")), "Commands"))
        rows.append(("Everywhere", "tab / shift+tab", "Next / previous pane or field"))
        return rows

    def on_mount(self) -> None:
        if self.server_pid is not None:
            self.watch_server(self.server_pid)

    def watch_server(self, server_pid: int) -> None:
        """In a browser tab of `hamtui web`: quit when the server that started this process
        (`server_pid`) has gone, killed, so it could not tell the app to quit."""
        from hamtui.tui.web import server_gone

        self.set_interval(
            SERVER_CHECK_S,
            lambda: self.exit() if server_gone(server_pid) else None,
            name="server watch",
        )


def run_app(extra_library: Iterable[Path] = (), program: Path | None = None) -> int:
    from hamtui.tui.web import in_browser_tab

    folders = list(extra_library)
    app = HamApp(startup=Startup(folders, program))
    if in_browser_tab():
        app.server_pid = os.getppid()  # taken now: the server may go before the app mounts
        # The server stops its tabs' apps itself (it tells them to quit). A Ctrl+C in its
        # terminal reaches this process too; blocked, it never arrives (Textual's web driver
        # catches SIGINT only while its loop runs, and one arriving as the app ends would
        # print a traceback into the server's terminal).
        if hasattr(signal, "pthread_sigmask"):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    app.run()
    return 0
