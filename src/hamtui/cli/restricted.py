"""Restricted mode: every path a command takes goes through hamtui.workspace's policy."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# The path arguments of each command ("library ACTION" for the library actions), by argparse
# dest. A command that takes a path lists it here; "tree" reads a folder and all below it.
USER_PATHS: dict[str, dict[str, str]] = {
    "validate": {"paths": "tree"},
    "review": {"program": "read"},
    "library import": {"file": "read", "into": "write"},
    "export": {"program": "read", "output": "write"},
    "history": {"output": "write"},
    "run": {"program": "read"},
    "edit": {"program": "read"},
    "schema": {"all": "write"},
}


def confine_paths(args: argparse.Namespace) -> None:
    """Refuse (WorkspaceError) any path outside what the policy allows; no-op unrestricted.

    Paths are checked as typed: in restricted mode the current folder is the workspace, so a
    relative path means the same to the check and to the command."""
    from hamtui import workspace

    policy = workspace.current()
    if not policy.restricted:
        return
    from hamtui.validate import expand

    for folder in args.library:
        policy.check_read(folder)
    command = args.command or ""
    if command == "library":
        command = f"library {args.library_command}"
    for dest, access in USER_PATHS.get(command, {}).items():
        value = getattr(args, dest, None)
        for path in value if isinstance(value, list) else [value]:
            if path is None:
                continue
            if access == "write":
                policy.check_write(path)
                continue
            policy.check_read(path)
            if access == "tree" and Path(path).is_dir():
                for found in expand([Path(path)]):
                    if isinstance(found, Path):
                        policy.check_read(found)


def has_screen() -> bool:
    """A terminal on stdin and stdout, or a browser tab of `hamtui web` (pipes, web driver)."""
    if sys.stdin.isatty() and sys.stdout.isatty():
        return True
    from hamtui.tui.web import in_browser_tab

    return in_browser_tab()


def restrict(args: argparse.Namespace) -> None:
    """Put the run's policy in force (HAMTUI_RESTRICTED=1 counts as --restricted)."""
    from hamtui import workspace

    policy = workspace.configure(args.restricted)
    args.restricted = policy.restricted
    policy.enter()
    confine_paths(args)
    full_screen = (
        args.command in (None, "run", "edit")
        and not getattr(args, "headless", False)
        and not getattr(args, "plain", False)
    )
    if policy.restricted and full_screen and not has_screen():
        raise workspace.WorkspaceError(
            "hamtui: the app needs a terminal; connect with `ssh -t` (a plain `ssh user@host` "
            "asks for one too)"
        )
