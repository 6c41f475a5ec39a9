"""The hold screen: rep 2 of the first set's left side, with the halfway cue showing."""

from session_common import SnapshotSessionApp, at

# get-ready 10, then holds of 20 s with a 3 s release: rep 2 starts at 33, halfway is 31.5
app = SnapshotSessionApp(at(35.0))
