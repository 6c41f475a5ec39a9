"""Test doubles shared by the session tests: a fake monotonic clock and the UTC wall clock that
moves with it. Import as `from fakes import FakeClock, WallClock` (tests/ is on sys.path)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

T0 = 1000.0
WALL_T0 = datetime(2026, 11, 20, 18, 0, 0, tzinfo=UTC)


class FakeClock:
    """Monotonic seconds that move only when a test says so."""

    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def set(self, now: float) -> None:
        self.now = now


class WallClock:
    """UTC that moves with a fake clock: `start` when the clock reads `origin`."""

    def __init__(self, clock: FakeClock, start: datetime = WALL_T0, origin: float = T0) -> None:
        self.clock = clock
        self.start = start
        self.origin = origin

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=self.clock.now - self.origin)
