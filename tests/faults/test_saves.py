"""Fault suite, saves: concurrent saves of one file, saves killed midway, their leftovers.

Each loop is bounded and part of `make test`; the figures (tried / survived) are asserted."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from hamtui.errors import ConflictError
from hamtui.files import TEMP_SUFFIX, remove_stale_temps, sha256_bytes, write_atomic

PAIRS = 200
KILLS = 40


def _save_in_turn(path: str, barrier: mp.synchronize.Barrier, results: mp.Queue, me: int) -> None:
    """One of two writers: each round, wait for the other, then save expecting the same file."""
    target = Path(path)
    for round_ in range(PAIRS):
        barrier.wait()  # the round's file is in place
        expected = sha256_bytes(target.read_bytes())
        barrier.wait()  # both have read it: now both save at once
        data = f'title = "round {round_} writer {me}"\n'.encode()
        try:
            write_atomic(target, data, expected_sha256=expected, force=False)
            results.put((round_, me, "won"))
        except ConflictError:
            results.put((round_, me, "conflict"))
        barrier.wait()  # the round is over


def test_of_two_saves_expecting_one_file_exactly_one_wins(tmp_path: Path) -> None:
    path = tmp_path / "shared.toml"
    path.write_text('title = "start"\n', encoding="utf-8")
    context = mp.get_context("fork" if sys.platform != "win32" else "spawn")
    barrier = context.Barrier(3)
    results: mp.Queue = context.Queue()
    writers = [
        context.Process(target=_save_in_turn, args=(str(path), barrier, results, me))
        for me in (1, 2)
    ]
    for writer in writers:
        writer.start()
    silent_overwrites = 0
    for round_ in range(PAIRS):
        barrier.wait()
        barrier.wait()
        barrier.wait()
        outcome = dict((me, result) for _, me, result in (results.get(timeout=30) for _ in "ab"))
        winners = [me for me, result in outcome.items() if result == "won"]
        if len(winners) != 1:
            silent_overwrites += 1
        else:
            text = path.read_text(encoding="utf-8")
            assert text == f'title = "round {round_} writer {winners[0]}"\n'
    for writer in writers:
        writer.join(timeout=30)
        assert writer.exitcode == 0
    assert silent_overwrites == 0, f"{silent_overwrites} of {PAIRS} rounds had no single winner"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(TEMP_SUFFIX)]


SAVER = """
import sys
from pathlib import Path
from hamtui.files import write_atomic
path = Path(sys.argv[1])
n = 0
print("ready", flush=True)
while True:
    n += 1
    body = "".join(f'line_{i} = "{n:08d} {"x" * 60}"\\n' for i in range(4000))
    write_atomic(path, f"n = {n}\\n{body}".encode())
"""


def test_a_save_killed_midway_leaves_the_old_or_the_new_file_and_no_leftover(
    tmp_path: Path,
) -> None:
    path = tmp_path / "big.toml"
    path.write_text("n = 0\n", encoding="utf-8")
    survived = 0
    for kill in range(KILLS):
        saver = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(path)], stdout=subprocess.PIPE, text=True
        )
        assert saver.stdout is not None and saver.stdout.readline() == "ready\n"
        time.sleep(0.02 + (kill % 7) * 0.013)  # somewhere inside a save
        saver.send_signal(signal.SIGKILL)
        saver.wait(timeout=30)
        document = tomllib.loads(path.read_text(encoding="utf-8"))  # never torn
        n = document["n"]
        assert n == 0 or len(document) == 4001
        survived += 1
    assert survived == KILLS
    # What the killed saves left is removed by the next save (once a leftover is a few
    # seconds old: a save in progress elsewhere is never touched).
    leftovers = [p for p in tmp_path.iterdir() if p.name.endswith(TEMP_SUFFIX)]
    old = time.time() - 60
    for leftover in leftovers:
        os.utime(leftover, (old, old))
    write_atomic(path, b"n = -1\n")
    assert [p.name for p in tmp_path.iterdir()] == ["big.toml"]
    assert path.read_text(encoding="utf-8") == "n = -1\n"


def test_a_save_in_progress_is_never_taken_for_a_leftover(tmp_path: Path) -> None:
    from hamtui import locks

    busy = tmp_path / f".p.toml.0000{TEMP_SUFFIX}"
    busy.write_bytes(b"half")
    gone = tmp_path / f".p.toml.1111{TEMP_SUFFIX}"
    gone.write_bytes(b"half")
    old = time.time() - 60
    for path in (busy, gone):
        os.utime(path, (old, old))
    fd = os.open(busy, os.O_RDWR)
    try:
        assert locks.lock_fd(fd)  # its writer is still writing
        assert remove_stale_temps(tmp_path) == 1
        assert busy.exists() and not gone.exists()
    finally:
        os.close(fd)


def test_hamtui_start_removes_leftovers_in_its_folders(hamtui_home: Path, run_cli: object) -> None:
    sessions = hamtui_home / "sessions"
    sessions.mkdir()
    leftover = sessions / f".20261120T180211Z-p.toml.abcd{TEMP_SUFFIX}"
    leftover.write_bytes(b"half a record")
    old = time.time() - 60
    os.utime(leftover, (old, old))
    code = subprocess.run(
        [sys.executable, "-m", "hamtui.cli", "run", "--plain", "missing.toml"],
        capture_output=True,
        text=True,
        env={**os.environ, "HAMTUI_HOME": str(hamtui_home)},
        timeout=60,
        check=False,
    ).returncode
    assert code != 0  # the program is missing, but the start tidied up
    assert not leftover.exists()
