"""The symptom pop-up (`!`) during a hold: the list of symptoms of safety.toml."""

from session_common import FakeClock, SnapshotSessionApp, at

from hamtui.tui.screens.session_screen import SessionScreen


def symptom(screen: SessionScreen, clock: FakeClock) -> None:
    at(20.0)(screen, clock)
    screen.action_symptom()


app = SnapshotSessionApp(symptom)
