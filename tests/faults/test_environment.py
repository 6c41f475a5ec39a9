"""Fault suite, the environment: a restricted run drops PYTHON* and TEXTUAL_* (but the few it
needs) before anything else runs, so neither a Python prompt at exit (PYTHONINSPECT) nor
Textual's log and screenshots (TEXTUAL_LOG, TEXTUAL_SCREENSHOT*) reach outside the workspace.

The runs are real: the `hamtui` console script in a pseudo-terminal, as over SSH."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hamtui.cli.restricted import kept

HAMTUI = Path(sys.executable).parent / "hamtui"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


def in_a_terminal(argv: list[str], env: dict[str, str], keys: bytes, wait_s: float) -> str:
    """Run in a pseudo-terminal, type `keys` after `wait_s`, return what it wrote; fails if it
    has not ended 20 s later (a Python prompt waits for ever)."""
    master, slave = os.openpty()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd="/")
    os.close(slave)
    seen = b""
    typed = False
    started = time.monotonic()
    try:
        while proc.poll() is None or select.select([master], [], [], 0)[0]:
            elapsed = time.monotonic() - started
            assert elapsed < wait_s + 20, "still running: " + seen.decode(errors="replace")[-300:]
            if not typed and elapsed > wait_s:
                os.write(master, keys)
                typed = True
            if select.select([master], [], [], 0.1)[0]:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
                if b">>> " in seen:  # a Python prompt: the escape worked
                    os.write(master, b"\x04")
                    break
    finally:
        proc.kill() if proc.poll() is None else None
        proc.wait(timeout=10)
        os.close(master)
    return seen.decode("utf-8", errors="replace")


@pytest.fixture
def hostile(hamtui_home: Path) -> tuple[dict[str, str], Path]:
    """A restricted environment with the variables an attacker would set, aimed outside."""
    outside = hamtui_home.parent / f"{hamtui_home.name}-outside"
    outside.mkdir()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HAMTUI_HOME": str(hamtui_home),
        "HAMTUI_RESTRICTED": "1",
        "TERM": "xterm-256color",
        "LC_ALL": "C.UTF-8",
        "PYTHONINSPECT": "1",
        "PYTHONSTARTUP": str(outside / "startup.py"),
        "TEXTUAL_LOG": str(outside / "textual.log"),
        "TEXTUAL_SCREENSHOT": "0.5",
        "TEXTUAL_SCREENSHOT_LOCATION": str(outside),
        "TEXTUAL_SCREENSHOT_FILENAME": "shot.svg",
    }
    (outside / "startup.py").write_text("print('STARTUP RAN')\n")
    return env, outside


def test_pythoninspect_opens_no_prompt_at_exit(hostile: tuple[dict[str, str], Path]) -> None:
    env, _ = hostile
    said = in_a_terminal([str(HAMTUI), "config"], env, b"", 0)
    assert "config file:" in said
    assert ">>>" not in said and "STARTUP RAN" not in said


def test_textual_writes_no_log_nor_screenshot_outside(
    hostile: tuple[dict[str, str], Path],
) -> None:
    env, outside = hostile
    said = in_a_terminal([str(HAMTUI)], env, b"\x11", 4.0)  # the app, then ctrl+q
    assert ">>>" not in said
    assert sorted(p.name for p in outside.iterdir()) == ["startup.py"]


def test_what_a_restricted_run_keeps() -> None:
    assert kept("TERM", "xterm") and kept("LC_ALL", "C.UTF-8") and kept("HAMTUI_HOME", "/w")
    assert kept("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    for name, value in [
        ("PYTHONINSPECT", "1"),
        ("PYTHONPATH", "/tmp"),
        ("TEXTUAL_LOG", "/tmp/x"),
        ("TEXTUAL_SCREENSHOT", "1"),
        ("TEXTUAL_DRIVER", "evil:Driver"),
        ("XDG_DATA_HOME", "/tmp"),
        ("LD_PRELOAD", "/tmp/x.so"),
    ]:
        assert not kept(name, value), name
