"""`hamtui run --plain` as a command: a real subprocess on the real clock, answered line by line
the way a person at a screen reader would (each answer typed when its question is said), with
TERM=dumb and NO_COLOR. Also: the config's settings, a broken config's warning, no Textual nor
Rich imported, restricted mode without a terminal, and a program that cannot run; and the
config as `hamtui run` passes it to the full-screen session (run_session replaced).
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from hamtui.library import Library
from hamtui.session.run import SessionOptions, SessionRunner

PROGRAM = """\
format = "hamtui-program/1"
title = "Tiny [bold]plain\\u001b[2J"

[[blocks]]
name = "Main"

[[blocks.items]]
exercise = "t-hold"
hold_s = 1
side = "each"
cues = ["Easy \\u001b[31mred"]

[[blocks.items]]
exercise = "t-reps"
reps = 3

[exercises.t-hold]
name = "T Hold"
category = "static-stretch"
mode = "hold"
steps = ["Hold \\u001b[2J still"]
red_flags = ["Tingling"]

[[exercises.t-hold.cues]]
text = "Relax"
at = "start"

[exercises.t-reps]
name = "T Reps"
category = "strength"
mode = "reps"
steps = ["Lift"]
"""
HOLDS_ONLY = """\
format = "hamtui-program/1"
title = "Holds only"

[[blocks]]

[[blocks.items]]
exercise = "t-hold"
sets = 2
hold_s = 1
rest_s = 1

[exercises.t-hold]
name = "T Hold"
category = "static-stretch"
mode = "hold"
"""
# What the athlete types, by the start of the line said.
ANSWERS: dict[str, str] = {
    "Press enter when ready": "",
    "Pain during T Hold?": "2",
    "Pain during T Reps?": "",
    "Effort of": "",
    "What now? Type its number": "1",
    "Set 1 of 1: 3 reps at your own pace": "d",
}
FAST = ["--auto-ack", "--get-ready", "0", "--switch-side", "0"]
PROBE = """
import json, sys
import hamtui.cli
code = hamtui.cli.main(sys.argv[1:])
sys.stdout.flush()
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {"textual", "rich"})
sys.stderr.write(json.dumps({"code": code, "heavy": heavy}) + "\\n")
"""


def records(home: Path) -> list[Path]:
    folder = home / "sessions"
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


def env(home: Path, **extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "HAMTUI_RESTRICTED")}
    return {**base, "HAMTUI_HOME": str(home), **extra}


def converse(
    proc: subprocess.Popen[bytes], answer: Callable[[str], str | None], timeout: float = 60
) -> tuple[bytes, list[str]]:
    """Read the output line by line and type the answer to each line that asks something;
    (all the bytes written, the lines)."""
    assert proc.stdout is not None and proc.stdin is not None
    lines: queue.Queue[bytes | None] = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        for raw in iter(proc.stdout.readline, b""):
            lines.put(raw)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + timeout
    data = b""
    said: list[str] = []
    while True:
        try:
            raw = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            proc.kill()
            pytest.fail("timed out; said so far:\n" + "\n".join(said))
        if raw is None:
            break
        data += raw
        line = raw.decode("utf-8").rstrip("\n")
        said.append(line)
        typed = answer(line)
        if typed is not None:
            try:
                proc.stdin.write(typed.encode() + b"\n")
                proc.stdin.flush()
            except BrokenPipeError:  # pragma: no cover - it ended meanwhile
                pass
    proc.wait(timeout=10)
    return data, said


def by_start(line: str) -> str | None:
    for start, typed in ANSWERS.items():
        if line.startswith(start):
            return typed
    return None


def test_a_plain_session_in_a_subprocess(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text(
        'format = "hamtui-config/1"\nget_ready_s = 1\npain_threshold = 1\nbell = true\n',
        encoding="utf-8",
    )
    program = tmp_path / "tiny.toml"
    program.write_text(PROGRAM, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "hamtui.cli", "run", "--plain", "--switch-side", "1", program],
        env=env(home, TERM="dumb", NO_COLOR="1"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    data, said = converse(proc, by_start)
    assert proc.stderr is not None
    err = proc.stderr.read().decode()
    assert proc.returncode == 0, err
    assert err == ""
    assert b"\x1b" not in data and b"\x07" not in data  # no escapes; no bell into a pipe
    assert all(line.isprintable() for line in said)
    assert said[0] == "Tiny [bold]plain\\x1b[2J (tiny.toml): 2 sets, about 1 minute."
    assert "  - Easy \\x1b[31mred" in said and "  1. Hold \\x1b[2J still" in said
    phases = [line for line in said if line.startswith(("Get ready", "Set ", "Switch"))]
    assert phases == [
        "Get ready: T Hold, left side, 1 second.",  # the config's get_ready_s
        "Set 1 of 1, left side: hold for 1 second.",
        "Switch sides: right side, 1 second.",
        "Set 1 of 1, right side: hold for 1 second.",
        "Get ready: T Reps, 1 second.",
        "Set 1 of 1: 3 reps at your own pace; type d and press enter when done.",
    ]
    # the config's pain threshold (1) is used: a pain of 2 shows the advice
    assert (
        "You rated the pain of T Hold 2 of 10, above 1. Read the advice, or choose what you "
        "felt." in said
    )
    assert "Session complete." in said
    assert said[-1].startswith("Saved to: ")

    (path,) = records(home)
    with path.open("rb") as handle:
        record = tomllib.load(handle)
    assert record["status"] == "completed"
    assert [(e["exercise"], e["sets_done"]) for e in record["entries"]] == [
        ("t-hold", 1),
        ("t-reps", 1),
    ]
    assert record["entries"][0]["pain"] == 2
    assert any(
        e["kind"] == "symptom" and e["detail"].endswith("-> continue: pain 2/10 after t-hold")
        for e in record["events"]
    )


def test_a_broken_config_is_a_warning_and_the_session_runs(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text('format = "hamtui-config/1"\nbell = "loud"\n')
    program = tmp_path / "holds.toml"
    program.write_text(HOLDS_ONLY, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", PROBE, "run", "--plain", *FAST, str(program)],
        env=env(home),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    warning, probe = result.stderr.splitlines()
    assert warning.startswith("hamtui: warning: ") and "bell" in warning
    assert warning.endswith("using the default settings (`hamtui config` lists every problem)")
    assert json.loads(probe) == {"code": 0, "heavy": []}  # neither Textual nor Rich
    assert "Set 2 of 2: hold for 1 second." in result.stdout
    assert "Session complete." in result.stdout and "\x1b" not in result.stdout
    (path,) = records(home)
    assert tomllib.loads(path.read_text())["status"] == "completed"


def test_the_end_of_input_leaves_the_session_to_resume(tmp_path: Path) -> None:
    home = tmp_path / "home"
    program = tmp_path / "tiny.toml"
    program.write_text(PROGRAM, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "hamtui.cli", "run", "--plain", str(program)],
        env=env(home),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == (
        "No more input: the session stops here, unfinished; `hamtui run` offers to resume it."
    )
    (path,) = records(home)
    assert tomllib.loads(path.read_text())["status"] == "in-progress"


def test_restricted_plain_mode_needs_no_terminal(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    program = home / "holds.toml"
    program.write_text(HOLDS_ONLY, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "hamtui.cli", "--restricted", "run", "--plain", *FAST, "holds.toml"],
        env=env(home, HAMTUI_RESTRICTED="1"),
        cwd=home,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Session complete." in result.stdout


def test_a_program_that_cannot_run(
    write: Callable[[str, str], Path], run_cli: Callable[..., tuple[int, str, str]]
) -> None:
    path = write("bad.toml", PROGRAM.replace('exercise = "t-reps"', 'exercise = "nope"'))
    code, out, err = run_cli("run", "--plain", path)
    assert code == 1
    assert out == ""
    assert "nope" in err


def test_run_help_mentions_plain(run_cli: Callable[..., tuple[int, str, str]]) -> None:
    code, out, _err = run_cli("run", "--help")
    assert code == 0
    assert "--plain" in out and "screen" in out


# ---------------------------------------------------------------------------------------------
# The config in `hamtui run`, full screen too (run_session is replaced: no terminal here)


@pytest.fixture
def run_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    import hamtui.tui.session_app

    calls: list[dict[str, object]] = []

    def fake_run_session(
        program: Path, library: Library, options: SessionOptions, **_: object
    ) -> int:
        runner = SessionRunner(program, library, options)  # what the session would use
        calls.append(
            {
                "get_ready_s": options.get_ready_s,
                "bell": runner.bell_on,
                "pain_threshold": runner.pain_threshold,
            }
        )
        return 0

    monkeypatch.setattr(hamtui.tui.session_app, "run_session", fake_run_session)
    return calls


def test_run_uses_the_config(
    hamtui_home: Path,
    write: Callable[[str, str], Path],
    run_cli: Callable[..., tuple[int, str, str]],
    run_calls: list[dict[str, object]],
) -> None:
    (hamtui_home / "config.toml").write_text(
        'format = "hamtui-config/1"\nget_ready_s = 3\nbell = false\npain_threshold = 2\n'
    )
    program = write("holds.toml", HOLDS_ONLY)
    assert run_cli("run", program) == (0, "", "")
    assert run_calls[-1]["get_ready_s"] == 3
    assert run_calls[-1]["bell"] is False
    assert run_calls[-1]["pain_threshold"] == 2
    run_cli("run", "--get-ready", "7", program)
    assert run_calls[-1]["get_ready_s"] == 7  # the option wins


def test_run_without_a_config_uses_the_defaults_and_safety_toml(
    write: Callable[[str, str], Path],
    run_cli: Callable[..., tuple[int, str, str]],
    run_calls: list[dict[str, object]],
) -> None:
    program = write("holds.toml", HOLDS_ONLY)
    assert run_cli("run", "--no-bell", program) == (0, "", "")
    assert run_calls[-1]["get_ready_s"] == 10
    assert run_calls[-1]["bell"] is False
    assert run_calls[-1]["pain_threshold"] == 5  # the bundled safety.toml's


def test_run_warns_about_a_broken_config(
    hamtui_home: Path,
    write: Callable[[str, str], Path],
    run_cli: Callable[..., tuple[int, str, str]],
    run_calls: list[dict[str, object]],
) -> None:
    (hamtui_home / "config.toml").write_text('format = "hamtui-config/1"\nget_ready_s = 99\n')
    program = write("holds.toml", HOLDS_ONLY)
    code, out, err = run_cli("run", program)
    assert code == 0 and out == ""
    assert err.startswith("hamtui: warning: ") and "get_ready_s" in err
    assert run_calls[-1]["get_ready_s"] == 10 and run_calls[-1]["bell"] is True


def test_a_dumb_terminal_gets_the_plain_session_and_is_told(tmp_path: Path) -> None:
    home = tmp_path / "home"
    program = tmp_path / "holds.toml"
    program.write_text(HOLDS_ONLY, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", PROBE, "run", *FAST, str(program)],  # no --plain
        env=env(home, TERM="dumb"),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    notice, probe = result.stderr.splitlines()
    assert notice == (
        "hamtui run: this terminal (TERM=dumb or none) cannot show the full-screen app; "
        "running the session as plain text (--plain)"
    )
    assert json.loads(probe) == {"code": 0, "heavy": []}  # no Textual: no 24-bit colour
    assert "Session complete." in result.stdout and "\x1b" not in result.stdout


def test_run_without_a_program_asks_which_the_last_one_run_first(tmp_path: Path) -> None:
    home = tmp_path / "home"
    programs = home / "programs"
    programs.mkdir(parents=True)
    (programs / "holds.toml").write_text(HOLDS_ONLY, encoding="utf-8")
    first = subprocess.run(
        [sys.executable, "-m", "hamtui.cli", "run", "--plain", *FAST, str(programs / "holds.toml")],
        env=env(home),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert first.returncode == 0, first.stderr
    picked = subprocess.run(
        [sys.executable, "-m", "hamtui.cli", "run", "--plain", *FAST],
        env=env(home),
        input="\n",  # enter alone: the first one, the last one run
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert picked.returncode == 0, picked.stderr
    lines = picked.stdout.splitlines()
    assert lines[0] == "Programs (the last one run first):"
    assert lines[1].startswith("  1. ") and "(holds.toml, last run " in lines[1]
    assert "early-hamstring-rehab.toml)" in picked.stdout  # the bundled ones follow
    assert "Session complete." in picked.stdout
    assert len(records(home)) == 2
