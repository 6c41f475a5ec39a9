"""The start-cue pop-up of the first exercise (the get-ready waits for it)."""

from session_common import SnapshotSessionApp


def nothing(screen: object, clock: object) -> None:
    pass


app = SnapshotSessionApp(nothing, auto_ack=False)
