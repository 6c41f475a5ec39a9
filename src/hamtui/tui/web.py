"""`hamtui web`: the same full-screen app in a browser, served by textual-serve.

textual-serve runs one command per browser tab: here `python -m hamtui.cli` with the same
interpreter, the same `--library` folders, and `--restricted` (plus HAMTUI_RESTRICTED=1 in
the environment the app processes inherit, with HAMTUI_HOME) when this run is restricted, so a
restricted web setup stays restricted in every tab. The command is fixed here and quoted; a
browser cannot change it.

Signing in works as in other local web tools (Jupyter, for one): a random token is made at
start (or given with --token / HAMTUI_WEB_TOKEN) and printed in the address to open. The first
request with `?token=` sets a cookie (HttpOnly, SameSite=Strict) and sends the browser to the
same page without the token in its address; from then on the cookie keeps that browser signed
in. Without it, the page, its files and the websocket answer 403. On a loopback address the
token can be turned off (--no-token); on any other address it is always on, and every tab runs
restricted. The websocket also refuses pages from other sites (the Origin header) and, on a
loopback address, any Host that is not a loopback name, so that neither another web page open
in the same browser nor a DNS-rebinding trick can drive the app. At most `web_max_tabs` tabs
(config.toml, default 8) run at once, each an app process; the next gets a page saying so.
The page loads nothing from other hosts: its font is served from textual-serve's own files.

Core-light: textual-serve (and with it aiohttp and rich) is imported only in `serve`.
"""

from __future__ import annotations

import asyncio
import errno
import html
import ipaddress
import os
import re
import secrets
import shlex
import socket
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from hamtui.cli.restricted import in_browser_tab as in_browser_tab
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
TOKEN_ENV = "HAMTUI_WEB_TOKEN"
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,128}")
SIGNED_IN_DAYS = 30


def new_token() -> str:
    """A random sign-in token: 32 URL-safe characters (192 bits)."""
    return secrets.token_urlsafe(24)


def check_token(token: str) -> str:
    """The token, or WebError when it is too short or has characters an address would mangle."""
    if not TOKEN_PATTERN.fullmatch(token):
        raise WebError("hamtui web: a token must be 16 to 128 characters of A-Z, a-z, 0-9, - and _")
    return token


def token_matches(given: str | None, token: str) -> bool:
    return given is not None and secrets.compare_digest(given.encode(), token.encode())


def cookie_name(port: int) -> str:
    """The sign-in cookie's name: one per port, since cookies do not tell ports apart."""
    return f"hamtui-web-{port}"


def sign_in_url(public: str, token: str | None) -> str:
    """The address to open: the public URL, with the token when there is one."""
    return f"{public.rstrip('/')}/?token={token}" if token else public


def _page(title: str, text: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}"
        f"</title></head><body style='font-family: monospace; margin: 3em'><h1>"
        f"{html.escape(title)}</h1><p>{html.escape(text)}</p></body></html>"
    )


NOT_SIGNED_IN = _page(
    "hamtui: not signed in",
    "Open the address that `hamtui web` printed when it started (it ends in ?token=...). "
    "That signs this browser in.",
)


def busy_page(max_tabs: int) -> str:
    return _page(
        "hamtui: all tabs in use",
        f"This server runs at most {max_tabs} app tabs at once, and all of them are open. "
        "Close a tab that is not needed, then reload this page.",
    )


def local_template(original: str) -> str:
    """textual-serve's page, with its font from the server itself (not Google Fonts) and a
    title."""
    font = (
        "<style>\n"
        '      @font-face { font-family: "Roboto Mono"; font-style: normal; font-weight: 100 700;'
        ' src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf")'
        ' format("truetype"); }\n'
        '      @font-face { font-family: "Roboto Mono"; font-style: italic; font-weight: 100 700;'
        ' src: url("{{ config.static.url }}fonts/RobotoMono-Italic-VariableFont_wght.ttf")'
        ' format("truetype"); }\n'
        "    </style>\n"
        "    <title>hamtui</title>"
    )
    page = re.sub(r"<link[^>]*href=\"https?://[^\"]*\"[^>]*/?>", "", original, flags=re.IGNORECASE)
    return page.replace("<head>", "<head>\n    " + font, 1)


class WebError(HamtuiError):
    """`hamtui web` cannot serve (textual-serve missing, the port in use, a bad address)."""


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
        "other machines can reach it. Only browsers signed in with the token get the app, and "
        "every tab runs restricted to HAMTUI_HOME; the token travels in the clear over http, "
        "so put an https proxy in front (--public-url) on any network you do not trust"
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


def make_server(
    command: str,
    host: str,
    port: int,
    url: str,
    say: Callable[[str], None],
    *,
    token: str | None = None,
    max_tabs: int = 8,
) -> Server:
    """The textual-serve Server, with hamtui's sign-in, tab cap, local page, start-up line and
    websocket check."""
    try:
        import aiohttp_jinja2
        import jinja2
        from aiohttp import web
        from textual_serve.server import Server
    except ImportError:
        raise WebError(f"hamtui web needs textual-serve; install it with {INSTALL_HINT}") from None

    tabs: set[asyncio.Task[object]] = set()  # the open tabs' websocket handlers
    cookie = cookie_name(port)

    def html_response(text: str, status: int) -> web.Response:
        return web.Response(text=text, status=status, content_type="text/html")

    @web.middleware
    async def signed_in(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        if token is None:
            return await handler(request)
        given = request.query.get("token")
        if given is not None:
            if not token_matches(given, token):
                return html_response(NOT_SIGNED_IN, 403)
            rest = {k: v for k, v in request.query.items() if k != "token"}
            response = web.Response(status=303)
            response.headers["Location"] = str(request.rel_url.with_query(rest))
            response.set_cookie(
                cookie,
                token,
                max_age=SIGNED_IN_DAYS * 86400,
                path="/",
                httponly=True,
                samesite="Strict",
                secure=url.startswith("https:"),
            )
            return response
        if not token_matches(request.cookies.get(cookie), token):
            return html_response(NOT_SIGNED_IN, 403)
        return await handler(request)

    class HamServer(Server):
        """textual-serve's server, which also signs browsers in, caps the open tabs, serves
        a page with nothing from other hosts, and stops its tabs' apps when it stops."""

        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            original = (Path(self.templates_path) / "app_index.html").read_text(encoding="utf-8")
            page = local_template(original)
            pages = {"app_index.html": page}
            aiohttp_jinja2.setup(app, loader=jinja2.FunctionLoader(pages.get))
            app.middlewares.append(signed_in)
            return app

        async def on_startup(self, app: object) -> None:
            where = sign_in_url(self.public_url, token)
            say(f"hamtui web: serving the app on {where} (Ctrl+C to stop)")

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            if len(tabs) >= max_tabs:
                return html_response(busy_page(max_tabs), 503)
            response: web.StreamResponse = await super().handle_index(request)
            return response

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
            if len(tabs) >= max_tabs:
                raise web.HTTPServiceUnavailable(
                    text=f"hamtui web: all {max_tabs} tabs are in use; close one first"
                )
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
    token: str | None = None,
    max_tabs: int = 8,
) -> int:
    """Serve the app until Ctrl+C (or SIGTERM); returns the exit code, 0. `token` None means
    no sign-in, which only a loopback address allows; any other address serves restricted
    tabs only (WebError when HAMTUI_HOME names no workspace)."""
    if not is_loopback(host):
        if token is None:
            raise WebError(
                f"hamtui web: {one_line(host, 100)} is not a loopback address: the sign-in "
                "token is always on there (leave out --no-token)"
            )
        if not restricted:
            from hamtui.workspace import Workspace, WorkspaceError

            try:
                Workspace.from_environment()
            except WorkspaceError as exc:
                raise WebError(
                    f"hamtui web: on {one_line(host, 100)} every tab runs restricted to one "
                    f"workspace: {exc}"
                ) from None
            restricted = True
    command = app_command(library, restricted=restricted)
    if restricted:
        os.environ[RESTRICTED_ENV] = "1"  # the tabs' processes inherit it, with HAMTUI_HOME
    server = make_server(
        command, host, port, url or public_url(host, port), say, token=token, max_tabs=max_tabs
    )
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
