"""Snapshot app: the history screen without sessions (how sessions get recorded)."""

from __future__ import annotations

from history_common import FOLDER, HistoryApp

from hamtui.history import History

app = HistoryApp(History(folder=FOLDER))
