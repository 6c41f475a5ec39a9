"""The rest screen: the rest after set 1 (both sides done)."""

from session_common import SnapshotSessionApp, at

# get-ready 10, left 43, switch 5, right 43: the rest starts at 101 and lasts 30 s
app = SnapshotSessionApp(at(113.0))
