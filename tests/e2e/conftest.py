"""Helpers for end-to-end tests that start hamtui as a server: a free port, waiting for HTTP."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable

import pytest


@pytest.fixture
def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (just now)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return bool(response.status == 200)
    except urllib.error.HTTPError as exc:  # an answer all the same (403: not signed in)
        return exc.code < 500
    except (OSError, urllib.error.URLError):
        return False


@pytest.fixture
def wait_for_http() -> Callable[..., None]:
    """wait_for_http(url, timeout=15, alive=None): return once `url` answers; fail the
    test after `timeout` seconds, or at once when `alive()` (a server process) says False."""

    def _wait(url: str, timeout: float = 15, alive: Callable[[], bool] | None = None) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if _answers(url):
                return
            if alive is not None and not alive():
                pytest.fail(f"the server stopped before {url} answered")
            time.sleep(0.1)
        pytest.fail(f"{url} did not answer within {timeout} s")

    return _wait
