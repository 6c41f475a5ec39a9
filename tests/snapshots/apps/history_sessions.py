"""Snapshot app: the history screen on the sample sessions, sessions panel first."""

from __future__ import annotations

from history_common import HistoryApp, sample_history

app = HistoryApp(sample_history())
