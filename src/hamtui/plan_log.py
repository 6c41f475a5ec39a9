"""A rehab plan's decision log, kept beside the plan (`NAME.log.toml` for `NAME.toml`, format
`hamtui-plan-log/1`; no Textual).

Only ever added to: each decision (a move on or back, a self-check confirmed) is one append,
written in one go and synced to disk, so a crash never loses an earlier one. Every append ends
its line; a file that does not was cut short by a crash in the middle of its last append, and
that entry is left out with a warning while every earlier one is kept. Any other wrong entry is
an error that names it, like every file's.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w

from hamtui import workspace
from hamtui.errors import HamtuiError, LoadError
from hamtui.files import parse_toml, read_bytes, validate_document, write_atomic
from hamtui.model.plan import PLAN_LOG_FORMAT, LogEntry, PlanLog


def log_path(plan_path: Path) -> Path:
    """The decision log kept beside a plan: `NAME.log.toml` for `NAME.toml`."""
    return plan_path.with_name(f"{plan_path.stem}.log.toml")


@dataclass
class LoadedLog:
    entries: list[LogEntry] = field(default_factory=list)
    warning: str = ""  # a last entry cut short by a crash, left out


def read_log(plan_path: Path) -> LoadedLog:
    """The decisions of a plan, oldest first ([] when none were made yet). A log whose last
    entry was cut short (a crash while appending) keeps every entry before it, with a warning;
    any other damage is a LoadError like every file's."""
    path = log_path(plan_path)
    try:
        data = read_bytes(path)
    except LoadError:
        if not os.path.lexists(path):
            return LoadedLog()
        raise
    text = data.decode("utf-8", "replace")
    cut = text.rfind("\n[[entries]]")
    if not data.endswith(b"\n") and cut >= 0:
        # Every append ends with a line break: without one the last append was cut short by
        # a crash. The entries before it are whole.
        log = validate_document(path, parse_toml(path, text[:cut].encode("utf-8")), "plan-log")
        assert isinstance(log, PlanLog)
        warning = f"{path}: its last entry was cut short (a crash while writing?) and is left out"
        return LoadedLog(list(log.entries), warning)
    log = validate_document(path, parse_toml(path, data), expected="plan-log")
    assert isinstance(log, PlanLog)  # a wrong entry is an error that names it
    return LoadedLog(list(log.entries))


def append_decision(plan_path: Path, entry: LogEntry) -> None:
    """Append one decision to the plan's log (made if missing), as one write synced to disk."""
    path = log_path(plan_path)
    workspace.check_write(path)
    if not os.path.lexists(path):
        header = tomli_w.dumps({"format": PLAN_LOG_FORMAT, "plan": plan_path.name[:200]})
        try:
            write_atomic(path, header.encode("utf-8"), expected_sha256=None, force=False)
        except HamtuiError:
            if not os.path.lexists(path):  # not another writer's header: a real failure
                raise
    # `[[entries]]` and the entry's keys: every value is a plain one, so this is one table
    block = "\n[[entries]]\n" + tomli_w.dumps(entry.model_dump(exclude_defaults=True))
    flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise HamtuiError(f"{path}: cannot add to the plan's log: {exc.strerror}") from None
    try:
        os.write(fd, block.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
