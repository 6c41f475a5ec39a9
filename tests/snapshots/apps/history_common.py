"""Shared by the history snapshot apps: fixed sessions (in memory, with made-up paths), a fixed
`today` (Wednesday 25 November 2026) and UTC, and an App that pushes the HistoryScreen.

Programs: the bundled `early-hamstring-rehab.toml` (3 a week) and `mid-stage-strength.toml`
(3 a week), and a hostile name no program file has (`[bold]x\\x1b[2J`, shown literally).
One broken session file is listed in the notice.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import Static

from hamtui.errors import Problem
from hamtui.history import History, SessionRow
from hamtui.model.session import Entry, Event, SessionRecord
from hamtui.tui.screens.history_screen import HistoryScreen

TODAY = date(2026, 11, 25)
FOLDER = Path("/home/athlete/.local/share/hamtui/sessions")
EARLY = "early-hamstring-rehab.toml"
MID = "mid-stage-strength.toml"
HOSTILE = "[bold]x\x1b[2J"


def at(month: int, day: int, hour: int = 18, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def row(
    started: datetime,
    program: str,
    status: str = "completed",
    entries: list[dict[str, Any]] | None = None,
    events: list[tuple[int, str, str]] | None = None,
) -> SessionRow:
    record = SessionRecord.model_validate(
        {
            "format": "hamtui-session/1",
            "program": program,
            "program_sha256": "0" * 64,
            "started": started,
            "finished": None if status == "in-progress" else started + timedelta(minutes=24),
            "status": status,
            "entries": [Entry.model_validate(e) for e in entries or []],
            "events": [
                Event(at=started + timedelta(minutes=m), kind=k, detail=d)  # type: ignore[arg-type]
                for m, k, d in events or []
            ],
        },
        strict=False,
    )
    stem = "x" if program == HOSTILE else program.removesuffix(".toml")
    return SessionRow(FOLDER / f"{started:%Y%m%dT%H%M%SZ}-{stem}.toml", record)


def e(slug: str, block: int, item: int, sets: int, **more: Any) -> dict[str, Any]:
    return {"exercise": slug, "block": block, "item": item, "sets_done": sets, **more}


def sample_history() -> History:
    sessions = [
        row(at(10, 29), EARLY, entries=[e("glute-bridge", 1, 1, 2, pain=2, effort=4)]),
        row(at(11, 3, 7, 30), EARLY, entries=[e("glute-bridge", 1, 1, 2, pain=3, effort=5)]),
        row(
            at(11, 5),
            EARLY,
            "ended-early",
            entries=[
                e("sciatic-nerve-slider", 0, 0, 1, side="left", pain=1),
                e("glute-bridge", 1, 1, 1, pain=6, effort=7, notes="sharp at the top"),
                e("seated-hamstring-set", 1, 0, 0, skipped=True),
            ],
            events=[
                (9, "symptom", "sharp pain back of thigh -> stop: felt a pull"),
                (10, "pause", ""),
            ],
        ),
        row(at(11, 10), MID, entries=[e("glute-bridge", 0, 0, 3, pain=4)]),
        row(at(11, 17), EARLY, entries=[e("glute-bridge", 1, 1, 2, pain=2)]),
        row(
            at(11, 18),
            HOSTILE,
            entries=[e("glute-bridge", 0, 0, 2, notes="[red]note\x1b[2J")],
            events=[(3, "symptom", "[bold]cramp\x1b[2J -> rest")],
        ),
        row(at(11, 19), EARLY, entries=[e("glute-bridge", 1, 1, 2, pain=1)]),
        row(at(11, 24, 7), EARLY, "in-progress", entries=[e("sciatic-nerve-slider", 0, 0, 1)]),
        row(
            at(11, 25, 6, 45),
            MID,
            entries=[
                e("glute-bridge", 0, 0, 3, pain=0, effort=6),
                e("nordic-hamstring-curl", 0, 1, 3, pain=3, effort=8),
            ],
        ),
    ]
    problems = [
        Problem(
            str(FOLDER / "20261112T180000Z-early.toml"), "expected `=` after a key", line=3, col=7
        )
    ]
    return History(sessions=sessions, problems=problems, folder=FOLDER)


class HistoryApp(App[None]):
    """A host screen with the HistoryScreen pushed over it."""

    def __init__(self, history: History, view: str = "sessions") -> None:
        super().__init__()
        self.history = history
        self.view = view

    def compose(self) -> ComposeResult:
        yield Static("host screen")

    async def on_mount(self) -> None:
        screen = HistoryScreen(self.history, today=TODAY, tz=UTC)
        await self.push_screen(screen)
        screen.action_show(self.view)
