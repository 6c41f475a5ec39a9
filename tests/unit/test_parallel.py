"""Work shared with forked children: the same answer as doing it here, whatever a child does."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from hamtui import parallel
from hamtui.parallel import split_map

pytestmark = pytest.mark.skipif(not parallel.CAN_FORK, reason="forked shares are Linux-only")


def with_pids(items: list[int]) -> list[tuple[int, int]]:
    return [(item, os.getpid()) for item in items]


def test_shares_come_back_in_order_from_as_many_processes() -> None:
    results = split_map(with_pids, range(30), min_share=5, processes=3)
    assert [item for item, _ in results] == list(range(30))
    pids = [pid for _, pid in results]
    assert pids[:10] == [os.getpid()] * 10  # the first share is done here
    assert len(set(pids)) == 3 and os.getpid() not in pids[10:]


def test_small_work_or_one_process_is_done_here() -> None:
    assert {pid for _, pid in split_map(with_pids, range(9), min_share=5, processes=4)} == {
        os.getpid()
    }
    assert {pid for _, pid in split_map(with_pids, range(100), min_share=5, processes=1)} == {
        os.getpid()
    }
    assert split_map(with_pids, [], min_share=5) == []


def test_the_default_is_one_process_per_usable_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)
    assert len({pid for _, pid in split_map(with_pids, range(20), min_share=5)}) == 2


@pytest.mark.parametrize("failure", ["raises", "unmarshallable", "killed", "exits"])
def test_a_failing_child_share_is_done_here_instead(failure: str) -> None:
    parent = os.getpid()

    def work(items: list[int]) -> list[object]:
        if os.getpid() != parent:
            if failure == "raises":
                raise RuntimeError("a child's bug")
            if failure == "unmarshallable":
                return [object()]
            if failure == "killed":
                os.kill(os.getpid(), signal.SIGKILL)
            if failure == "exits":
                os._exit(0)  # before answering: an empty answer
        return [item * 2 for item in items]

    assert split_map(work, range(20), min_share=5, processes=2) == [n * 2 for n in range(20)]


def test_an_error_here_stops_and_reaps_the_children(tmp_path: Path) -> None:
    parent = os.getpid()
    pids = tmp_path / "pids"

    def work(items: list[int]) -> list[int]:
        if os.getpid() == parent:
            deadline = time.monotonic() + 10
            while len(pids.read_text().split()) < 2 and time.monotonic() < deadline:
                time.sleep(0.01)
            raise KeyError("here")
        with pids.open("a") as handle:
            handle.write(f"{os.getpid()}\n")
        time.sleep(60)
        return items

    pids.write_text("")
    with pytest.raises(KeyError):
        split_map(work, range(30), min_share=5, processes=3)
    children = [int(pid) for pid in pids.read_text().split()]
    assert len(children) == 2
    for pid in children:  # killed and reaped: no such process, not even a zombie
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_nothing_is_forked_where_forking_is_unsafe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "CAN_FORK", False)
    assert {pid for _, pid in split_map(with_pids, range(100), min_share=5, processes=4)} == {
        os.getpid()
    }
