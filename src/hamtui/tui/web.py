"""`hamtui web`: the same full-screen app in a browser, served by textual-serve.

textual-serve runs one command per browser tab: here `python -m hamtui.cli` with the same
interpreter, the same `--library` folders, and `--restricted` (plus HAMTUI_RESTRICTED=1 in
the environment the app processes inherit, with HAMTUI_HOME) when this run is restricted, so a
restricted web setup stays restricted in every tab. The command is fixed here and quoted; a
browser cannot change it.

The server listens on 127.0.0.1 unless told otherwise. It has no passwords: anyone who can
reach the port can use the app and, through it, the files it can read and write. Its
websocket refuses pages from other sites (the Origin header) and, on a loopback address, any
Host that is not a loopback name, so that neither another web page open in the same browser
nor a DNS-rebinding trick can drive the app.

Core-light: textual-serve (and with it aiohttp and rich) is imported only in `serve`.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import os
import shlex
import socket
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from hamtui.errors import HamtuiError
from hamtui.text import one_line
from hamtui.workspace import RESTRICTED_ENV

if TYPE_CHECKING:
    from textual_serve.server import Server

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
# How long the server waits, when it stops, for its tabs' apps to quit when told to.
TAB_STOP_TIMEOUT_S = 5.0
INSTALL_HINT = "pip install 'hamtui[web]'"


class WebError(HamtuiError):
    """`hamtui web` cannot serve (textual-serve missing, the port in use, a bad address)."""


def in_browser_tab() -> bool:
    """True in an app process that textual-serve started for a browser tab: it draws through
    Textual's web driver (chosen by TEXTUAL_DRIVER), over pipes instead of a terminal."""
    return os.environ.get("TEXTUAL_DRIVER", "").startswith("textual.drivers.web_driver:")


def app_command(library: Sequence[Path] = (), *, restricted: bool = False) -> str:
    """The shell command textual-serve runs for each browser tab (textual-serve starts it
    through the shell, so every part is quoted). Library folders are made absolute, so the
    command means the same whatever folder the tab's process starts in. `exec` puts the app
    in the shell's place, so the server is the app's parent: the app watches for it to go
    (see `server_gone`)."""
    parts = [sys.executable, "-m", "hamtui.cli"]
    if restricted:
        parts.append("--restricted")
    for folder in library:
        parts += ["--library", os.path.abspath(folder)]
    return "exec " + shlex.join(parts)


def server_gone(server_pid: int) -> bool:
    """In a browser tab's app process: whether the server that started it (its parent at
    start, `server_pid`) has gone, killed without stopping its tabs. The process was then
    handed to another parent."""
    return os.getppid() != server_pid


def is_loopback(host: str) -> bool:
    """True for `localhost` and loopback addresses (127.0.0.0/8, ::1)."""
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def public_url(host: str, port: int) -> str:
    """The address browsers are sent to (the page's websocket URL is made from it)."""
    name = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{name}:{port}"


def exposure_warning(host: str) -> str | None:
    """A warning when the address is reachable from other machines, else None."""
    if is_loopback(host):
        return None
    return (
        f"hamtui web: warning: listening on {one_line(host, 100)}, not a loopback address: "
        "anyone who can reach this port can use the app, with no password, and read and write "
        "what it can (use --restricted with HAMTUI_HOME to keep it to one folder)"
    )


def _host_port(url: str) -> tuple[str, int] | None:
    """(host, port) of an http(s) URL, the host lower-cased, the scheme's default port filled
    in; None for anything else."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    default = 443 if parts.scheme == "https" else 80
    return parts.hostname.lower(), port if port is not None else default


def websocket_allowed(origin: str | None, host: str, *, bound: str, public: str) -> bool:
    """Whether to accept a websocket: `origin` and `host` are the request's Origin and Host
    headers, `bound` the address the server listens on, `public` its public URL.

    A page from another site carries its own Origin: refused unless it is this server's (the
    Host the browser asked for, or the public URL's). On a loopback address the Host must
    also be a loopback name or the public URL's host, which a DNS-rebinding page's is not."""
    asked = _host_port(f"http://{host}")
    known = _host_port(public)
    if asked is None:
        return False
    if is_loopback(bound) and not is_loopback(asked[0]) and asked[0] != (known or ("",))[0]:
        return False
    if origin is None:
        return True  # not a browser page: browsers always send Origin with a websocket
    seen = _host_port(origin)
    if seen is None:
        return False  # "null" (a file or a sandboxed frame) or another scheme
    if seen == known:
        return True
    # The Host header has no scheme: without a port, it means the Origin's scheme's default.
    return seen == _host_port(f"{urlsplit(origin).scheme}://{host}")


def _listen_error(exc: OSError, host: str, port: int) -> WebError:
    where = f"{one_line(host, 100)} port {port}"
    if exc.errno == errno.EADDRINUSE:
        return WebError(
            f"hamtui web: {where} is already in use (another `hamtui web`?); "
            "choose another with --port"
        )
    if exc.errno == errno.EACCES:
        return WebError(
            f"hamtui web: not allowed to listen on {where} (ports below 1024 need root); "
            "choose another with --port"
        )
    if isinstance(exc, socket.gaierror) or exc.errno == errno.EADDRNOTAVAIL:
        return WebError(
            f"hamtui web: cannot listen on {one_line(host, 100)}: no such address on this "
            "machine; use an address of this machine, such as 127.0.0.1"
        )
    return WebError(f"hamtui web: cannot listen on {where}: {one_line(str(exc), 200)}")


def check_port(host: str, port: int) -> None:
    """Bind the address once, as the server will, so that a port in use is a clear error
    before anything starts (WebError). The server binds again right after; a race in between
    is still reported the same way by `serve`."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise _listen_error(exc, host, port) from None
    for family, kind, proto, _, address in infos:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as exc:
                raise _listen_error(exc, host, port) from None


def make_server(command: str, host: str, port: int, url: str, say: Callable[[str], None]) -> Server:
    """The textual-serve Server, with hamtui's start-up line and websocket check."""
    try:
        from aiohttp import web
        from textual_serve.server import Server
    except ImportError:
        raise WebError(f"hamtui web needs textual-serve; install it with {INSTALL_HINT}") from None

    tabs: set[asyncio.Task[object]] = set()  # the open tabs' websocket handlers

    class HamServer(Server):
        """textual-serve's server, which also stops its tabs' apps when it stops."""

        async def on_startup(self, app: object) -> None:
            say(f"hamtui web: serving the app on {self.public_url} (Ctrl+C to stop)")

        async def on_shutdown(self, app: object) -> None:
            # Ctrl+C or SIGTERM. Each open tab's handler runs until its browser goes, so stop
            # them here (aiohttp would wait a minute for them): cancelling a handler makes
            # textual-serve tell its app to quit and wait for the process to end.
            for task in list(tabs):
                task.cancel()
            if tabs:
                await asyncio.wait(list(tabs), timeout=TAB_STOP_TIMEOUT_S)

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            origin = request.headers.get("Origin")
            if not websocket_allowed(origin, request.host, bound=host, public=self.public_url):
                raise web.HTTPForbidden(text="hamtui web: this page may not open the app")
            task = asyncio.current_task()
            assert task is not None
            tabs.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                tabs.discard(task)

    return HamServer(command, host=host, port=port, title="hamtui", public_url=url)


def serve(
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    library: Sequence[Path] = (),
    restricted: bool = False,
    url: str | None = None,
    say: Callable[[str], None] = print,
    warn: Callable[[str], None] = print,
) -> int:
    """Serve the app until Ctrl+C (or SIGTERM); returns the exit code, 0."""
    command = app_command(library, restricted=restricted)
    if restricted:
        os.environ[RESTRICTED_ENV] = "1"  # the tabs' processes inherit it, with HAMTUI_HOME
    server = make_server(command, host, port, url or public_url(host, port), say)
    check_port(host, port)
    warning = exposure_warning(host)
    if warning:
        warn(warning)
    try:
        server.serve()
    except OSError as exc:  # the address was taken between check_port and the server's bind
        if exc.errno in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
            raise _listen_error(exc, host, port) from None
        raise
    except KeyboardInterrupt:
        pass
    say("hamtui web: stopped")
    return 0
