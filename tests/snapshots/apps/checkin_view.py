"""Snapshot app: the check-in before today's session of the sample plan's first stage, the
first question answered with y (symptoms lasted), so today's eased dose shows."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hamtui.library import load_library
from hamtui.session.checkin import PlanDay
from hamtui.session.run import SessionOptions
from hamtui.tui.session_app import build_plan_session_app

REPO = Path(__file__).resolve().parents[3]
LIBRARY = load_library(bundled_only=True, use_cache=False)
DAY = PlanDay(
    REPO / "programs" / "early-hamstring-rehab.toml",
    "ladder.toml",
    1,
    "Hamstring rehab at home, stage by stage: stage 1 of 3, Wake the hamstring up "
    "(early-hamstring-rehab.toml)",
    tuple(LIBRARY.safety_rules.symptoms),
)
SESSIONS = Path(tempfile.mkdtemp(prefix="hamtui-checkin-snap-"))
app = build_plan_session_app(DAY, LIBRARY, SessionOptions(sessions_dir=SESSIONS))
