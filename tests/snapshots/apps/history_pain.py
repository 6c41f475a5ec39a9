"""Snapshot app: the history screen on the sample sessions, the pain panel shown (2 / 3)."""

from __future__ import annotations

from history_common import HistoryApp, sample_history

app = HistoryApp(sample_history(), view="pain")
