"""Restricted mode: every path a command takes goes through hamtui.workspace's policy."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

# What a restricted run keeps of its environment; everything else (PYTHON*, TEXTUAL_LOG,
# TEXTUAL_SCREENSHOT*, XDG_*, ...) is dropped before anything else runs.
KEPT_ENVIRONMENT = frozenset(
    {
        "HAMTUI_HOME",
        "HAMTUI_RESTRICTED",
        "HAMTUI_WEB_TOKEN",
        "TERM",
        "COLORTERM",
        "NO_COLOR",
        "LANG",
        "LANGUAGE",
        "TZ",
        "HOME",
        "USER",
        "LOGNAME",
        "COLUMNS",
        "LINES",
        "ROWS",
        "TERM_PROGRAM",
        "TERM_PROGRAM_VERSION",
        # what a browser tab of `hamtui web` needs (textual-serve sets these)
        "TEXTUAL_FPS",
        "TEXTUAL_COLOR_SYSTEM",
        "TEXTUAL_ANIMATIONS",
    }
)
WEB_DRIVER = "textual.drivers.web_driver:WebDriver"


def kept(name: str, value: str) -> bool:
    """Whether a restricted run keeps this environment variable."""
    if name == "TEXTUAL_DRIVER":
        return value == WEB_DRIVER  # no other module is imported by name
    return name in KEPT_ENVIRONMENT or name.startswith("LC_")


def restart_clean(argv: Sequence[str]) -> None:
    """In restricted mode, start again in a clean interpreter before anything else runs:
    isolated (`-I`: no PYTHON* variable, no user site, no current folder on the path) and with
    only the variables of KEPT_ENVIRONMENT, so that `PYTHONINSPECT` cannot open a Python prompt
    at exit nor `TEXTUAL_SCREENSHOT` write outside the workspace. A no-op when not restricted,
    or once clean."""
    from hamtui.workspace import restricted_by_environment

    if not (restricted_by_environment() or "--restricted" in argv):
        return
    clean = {name: value for name, value in os.environ.items() if kept(name, value)}
    if sys.flags.isolated and clean == dict(os.environ):
        return
    if sys.platform == "win32":  # pragma: no cover - no exec there: scrub in place
        for name in set(os.environ) - set(clean):
            del os.environ[name]
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, [sys.executable, "-I", "-m", "hamtui.cli", *argv], clean)


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


def in_browser_tab() -> bool:
    """True in an app process that textual-serve started for a browser tab: it draws through
    Textual's web driver (chosen by TEXTUAL_DRIVER), over pipes instead of a terminal."""
    return os.environ.get("TEXTUAL_DRIVER", "").startswith("textual.drivers.web_driver:")


def has_screen() -> bool:
    """A terminal on stdin and stdout, or a browser tab of `hamtui web` (pipes, web driver)."""
    if sys.stdin.isatty() and sys.stdout.isatty():
        return True
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
