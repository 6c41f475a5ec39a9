"""`hamtui web`: the app served to a browser by textual-serve.

The end-to-end test starts `hamtui web` on a free port of 127.0.0.1 and drives Debian's
Chromium (/usr/bin/chromium, installed by .ci/run) with Playwright: a browser without the
sign-in token gets a 403 page and no app; the address with the token signs in, the main screen
shows, a typed search narrows the library to the Nordic Hamstring Curl, a screenshot is taken,
and Ctrl+C stops the server and its app processes. It is skipped, saying why, without Chromium or
the playwright package (`playwright install` is never run: Playwright drives the system
Chromium). The other tests check the launcher without a browser.
"""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hamtui.tui import web
from hamtui.tui.web import app_command, exposure_warning, is_loopback, websocket_allowed

CHROMIUM = Path("/usr/bin/chromium")
# Per the machine notes: no sandbox as root, and no background traffic to a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# textual-serve draws the terminal with xterm.js on a canvas, so the text is not in the DOM,
# and its Terminal object is a local of its script. This runs before that script and keeps the
# first Terminal it sees assigned to a `terminal` property (textual-serve's `this.terminal =
# new Terminal(...)`), as window.__xterm, so the test can read the screen from its buffer.
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {
      value, writable: true, configurable: true, enumerable: true,
    });
    if (value && value.buffer && value.buffer.active && !window.__xterm) window.__xterm = value;
  },
});
"""
# The screen's text, one line per row ("" until the terminal exists).
SCREEN_TEXT = """() => {
  const term = window.__xterm;
  if (!term) return "";
  const buffer = term.buffer.active;
  const lines = [];
  for (let row = 0; row < term.rows; row++) {
    const line = buffer.getLine(buffer.viewportY + row);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
}"""


TOKEN = "test-token-0123456789abcdef"


def hamtui_web(home: Path, port: int, *args: str) -> subprocess.Popen[str]:
    """`hamtui [args] web --port PORT` in its own process group (its app processes too),
    with the sign-in token TOKEN."""
    return subprocess.Popen(
        [sys.executable, "-m", "hamtui.cli", *args, "web", "--port", str(port)],
        env={
            **os.environ,
            "HAMTUI_HOME": str(home),
            "HAMTUI_RESTRICTED": "0",
            "HAMTUI_WEB_TOKEN": TOKEN,
        },
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def stop_group(server: subprocess.Popen[str]) -> None:
    """Kill whatever is left of the server's process group, and reap the server."""
    if group_alive(server.pid):
        os.killpg(server.pid, signal.SIGKILL)
    server.communicate(timeout=10)


@pytest.fixture
def web_server(
    hamtui_home: Path, free_port: int, wait_for_http: Callable[..., None]
) -> Iterator[Callable[..., tuple[subprocess.Popen[str], str]]]:
    """start(*global_args) -> (the server process, its URL), once it answers HTTP."""
    started: list[subprocess.Popen[str]] = []

    def start(*args: str) -> tuple[subprocess.Popen[str], str]:
        server = hamtui_web(hamtui_home, free_port, *args)
        started.append(server)
        url = f"http://127.0.0.1:{free_port}"
        wait_for_http(f"{url}/", alive=lambda: server.poll() is None)
        return server, url

    yield start
    for server in started:
        stop_group(server)


def ctrl_c(server: subprocess.Popen[str]) -> tuple[int, str, str]:
    """Ctrl+C as a terminal sends it (to the whole group); the server's code and output."""
    os.killpg(server.pid, signal.SIGINT)
    out, err = server.communicate(timeout=15)
    return server.returncode, out, err


# ---------------------------------------------------------------------------------------------
# In a browser


@pytest.mark.slow
def test_browser_shows_the_app_and_searches(
    web_server: Callable[..., tuple[subprocess.Popen[str], str]], tmp_path: Path
) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (Debian's chromium; .ci/run installs it as root)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (it is in the test extras)")

    server, url = web_server()
    shot = tmp_path / "hamtui-web.png"
    with sync_playwright() as playwright:
        # A fresh, empty profile (Playwright passes it as --user-data-dir).
        browser = playwright.chromium.launch_persistent_context(
            tmp_path / "chromium-profile",
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1200, "height": 800},
        )
        try:
            page = browser.pages[0] if browser.pages else browser.new_page()
            page.add_init_script(CATCH_TERMINAL)
            asked: list[str] = []  # every address the page asks for
            page.on("request", lambda request: asked.append(request.url))
            # Without the token: a page saying how to sign in, and no app.
            refused = page.goto(f"{url}/")
            assert refused is not None and refused.status == 403
            assert "not signed in" in page.content()
            # The printed address signs in; the cookie then keeps this browser signed in.
            page.goto(f"{url}/?token={TOKEN}")
            assert page.url == f"{url}/"  # the token is not left in the address bar
            assert page.title() == "hamtui"

            def screen_shows(*texts: str) -> str:
                """Wait until the screen holds every text; return the screen."""
                page.wait_for_function(
                    f"texts => texts.every(text => ({SCREEN_TEXT})().includes(text))",
                    arg=list(texts),
                    timeout=20_000,
                )
                text: str = page.evaluate(SCREEN_TEXT)
                return text

            # The main screen: title, search box and the library, loaded.
            screen = screen_shows("hamtui — Untitled program", "Search:", " exercises")
            assert "Glute Bridge" in screen
            # Keys go to xterm.js's input; focusing it also gives the app focus (the footer).
            page.focus(".xterm-helper-textarea")
            screen_shows("^s Save", "^p palette")

            page.keyboard.type("nordic")
            screen = screen_shows("▶ Nordic Hamstring Curl", "nordic-hamstring-curl")
            assert re.search(r"\b\d+ of \d+ exercises\b", screen), screen
            assert "Glute Bridge" not in screen  # the list is narrowed, not just scrolled
            page.screenshot(path=str(shot))
        finally:
            browser.close()

    assert [a for a in asked if not a.startswith(url)] == []  # nothing from other hosts
    assert any("RobotoMono" in a for a in asked)  # the font, from the server itself
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a rendered screen, not a blank page

    code, out, err = ctrl_c(server)
    assert code == 0, err
    assert "Traceback" not in out + err, out + err
    assert f"serving the app on {url}/?token={TOKEN}" in out
    assert "stopped" in out
    deadline = time.monotonic() + 10
    while group_alive(server.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not group_alive(server.pid), "an app process outlived the server"


# ---------------------------------------------------------------------------------------------
# The server without a browser


def _descendants(pid: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        children = parents.get(todo.pop(), [])
        found += children
        todo += children
    return found


def signed_in(url: str, token: str = TOKEN) -> dict[str, str]:
    """The request headers of a browser signed in to the server at `url`."""
    port = url.rsplit(":", 1)[1]
    return {"Cookie": f"hamtui-web-{port}={token}"}


def _open_websocket(url: str, origin: str, token: str | None = TOKEN) -> int:
    """Open the app's websocket as a page from `origin` would, signed in with `token` (None:
    not signed in); the HTTP status (101: open). An open one is held until the app has
    painted (so its process exists), then closed."""
    import aiohttp

    headers = {"Origin": origin, **(signed_in(url, token) if token else {})}

    async def go() -> int:
        async with aiohttp.ClientSession() as session:
            try:
                ws = await session.ws_connect(f"{url}/ws", headers=headers)
            except aiohttp.WSServerHandshakeError as exc:
                return exc.status
            await asyncio.wait_for(ws.receive(), timeout=20)
            return 101

    return asyncio.run(go())


class OpenTab(threading.Thread):
    """A browser tab as far as the server can tell: the app's websocket, held open (reading
    what the app draws) until the server closes it."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.drawing = threading.Event()  # the app has drawn something
        self.closed_by_server = threading.Event()

    def run(self) -> None:
        import aiohttp

        async def go() -> None:
            async with aiohttp.ClientSession() as session:
                ws = await session.ws_connect(
                    f"{self.url}/ws", headers={"Origin": self.url, **signed_in(self.url)}
                )
                async for message in ws:
                    if message.type == aiohttp.WSMsgType.BINARY:
                        self.drawing.set()
                self.closed_by_server.set()

        asyncio.run(go())


def app_processes(server_pid: int) -> list[int]:
    """The server's tab app processes (`python -m hamtui.cli` without `web`)."""
    found = []
    for pid in _descendants(server_pid):
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
        except OSError:
            continue
        if "hamtui.cli" in argv and "web" not in argv:
            found.append(pid)
    return found


def process_alive(pid: int) -> bool:
    """True while `pid` runs (a zombie waiting for its parent counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs Linux's /proc")
@pytest.mark.parametrize(
    "stop",
    [
        pytest.param(lambda pid: os.killpg(pid, signal.SIGINT), id="ctrl+c in its terminal"),
        pytest.param(lambda pid: os.kill(pid, signal.SIGINT), id="SIGINT to the server"),
        pytest.param(lambda pid: os.kill(pid, signal.SIGTERM), id="SIGTERM to the server"),
    ],
)
def test_stopping_the_server_quits_the_open_tabs_apps(
    web_server: Callable[..., tuple[subprocess.Popen[str], str]], stop: Callable[[int], None]
) -> None:
    server, url = web_server()
    tab = OpenTab(url)
    tab.start()
    assert tab.drawing.wait(20), "the app never drew in its tab"
    [app] = app_processes(server.pid)

    stop(server.pid)
    out, err = server.communicate(timeout=15)  # not aiohttp's minute for open websockets
    assert server.returncode == 0, err
    assert "Traceback" not in out + err
    assert "Exception" not in out + err
    assert out.endswith("hamtui web: stopped\n")
    assert tab.closed_by_server.wait(5)
    assert wait_until(lambda: not process_alive(app), 5), "the tab's app outlived the server"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs Linux's /proc")
def test_a_tabs_app_quits_when_its_server_is_killed(
    web_server: Callable[..., tuple[subprocess.Popen[str], str]],
) -> None:
    server, url = web_server()
    tab = OpenTab(url)
    tab.start()
    assert tab.drawing.wait(20), "the app never drew in its tab"
    [app] = app_processes(server.pid)
    assert os.getpgid(app) == server.pid

    server.kill()  # no chance to tell its apps to quit
    server.communicate(timeout=10)
    assert wait_until(lambda: not process_alive(app), 10), "an orphaned app kept running"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs Linux's /proc")
def test_restricted_server_runs_restricted_apps_and_refuses_other_sites(
    web_server: Callable[..., tuple[subprocess.Popen[str], str]], hamtui_home: Path
) -> None:
    server, url = web_server("--restricted")
    assert _open_websocket(url, "http://evil.example") == 403
    assert _open_websocket(url, "null") == 403

    # A page of the server's own opens the app; its process runs restricted, in the workspace.
    async_result: list[int] = []
    thread = threading.Thread(target=lambda: async_result.append(_open_websocket(url, url)))
    thread.start()
    apps: list[tuple[list[str], dict[str, str]]] = []
    deadline = time.monotonic() + 20
    while not apps and time.monotonic() < deadline:
        for pid in _descendants(server.pid):
            try:
                argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
                environ = Path(f"/proc/{pid}/environ").read_bytes().decode().split("\0")
            except OSError:
                continue
            if "hamtui.cli" in argv and "web" not in argv:
                apps.append((argv, dict(item.split("=", 1) for item in environ if "=" in item)))
        time.sleep(0.1)
    thread.join(timeout=30)
    assert async_result == [101]
    assert apps, "no app process was started for the browser tab"
    argv, environ = apps[0]
    assert "--restricted" in argv
    assert environ["HAMTUI_RESTRICTED"] == "1"
    assert environ["HAMTUI_HOME"] == str(hamtui_home)


@pytest.mark.slow
def test_port_in_use_is_a_clear_error(hamtui_home: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = hamtui_web(hamtui_home, port)
        out, err = server.communicate(timeout=30)
    assert server.returncode == 1
    assert err == (
        f"hamtui web: 127.0.0.1 port {port} is already in use (another `hamtui web`?); "
        "choose another with --port\n"
    )
    assert out == ""


def test_web_needs_no_textual_to_import() -> None:
    code = (
        "import sys, hamtui.cli, hamtui.tui.web\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in "
        "('textual', 'textual_serve', 'aiohttp', 'rich')]\n"
        "sys.exit(', '.join(heavy) or None)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


# ---------------------------------------------------------------------------------------------
# The command and the launcher's parts


def test_the_app_command_is_this_python_with_the_same_options(tmp_path: Path) -> None:
    folder = tmp_path / "my lib; rm -rf ~"  # quoted: textual-serve runs it through a shell
    command = app_command([folder], restricted=True)
    assert shlex.split(command) == [
        "exec", sys.executable, "-m", "hamtui.cli", "--restricted", "--library", str(folder)
    ]  # fmt: skip
    relative = shlex.split(app_command([Path("lib")]))
    assert relative[4:] == ["--library", os.path.abspath("lib")]


def test_the_web_command_passes_its_options(
    run_cli: Callable[..., tuple[int, str, str]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    seen: dict[str, object] = {}

    def fake_serve(**options: object) -> int:
        seen.update(options)
        return 0

    monkeypatch.setattr(web, "serve", fake_serve)
    assert run_cli("--library", tmp_path / "a", "web", "--library", tmp_path / "b")[0] == 0
    assert seen["host"] == "127.0.0.1"
    assert seen["port"] == 8000
    assert seen["library"] == [tmp_path / "a", tmp_path / "b"]
    assert seen["restricted"] is False
    assert seen["url"] is None
    assert isinstance(seen["token"], str) and len(seen["token"]) >= 32  # a random one
    assert seen["max_tabs"] == 8
    first = seen["token"]
    run_cli("web")
    assert seen["token"] != first  # a new one at each start

    monkeypatch.setenv("HAMTUI_WEB_TOKEN", "from-the-environment-1234")
    run_cli("web")
    assert seen["token"] == "from-the-environment-1234"
    run_cli("web", "--token", "from-the-command-line-5678")
    assert seen["token"] == "from-the-command-line-5678"
    run_cli("web", "--no-token")
    assert seen["token"] is None

    code, _, err = run_cli("web", "--token", "short")
    assert code == 1 and "16 to 128 characters" in err
    code, _, err = run_cli("web", "--port", "70000")
    assert code == 2
    assert "must be within 1..65535" in err


def test_the_tab_cap_comes_from_the_config(
    run_cli: Callable[..., tuple[int, str, str]],
    monkeypatch: pytest.MonkeyPatch,
    hamtui_home: Path,
) -> None:
    (hamtui_home / "config.toml").write_text('format = "hamtui-config/1"\nweb_max_tabs = 2\n')
    seen: dict[str, object] = {}
    monkeypatch.setattr(web, "serve", lambda **options: seen.update(options) or 0)
    assert run_cli("web")[0] == 0
    assert seen["max_tabs"] == 2


def test_another_network_always_signs_in_and_serves_restricted_tabs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HAMTUI_RESTRICTED", "0")
    with pytest.raises(web.WebError, match="token is always on there"):
        web.serve(host="0.0.0.0", token=None)
    monkeypatch.delenv("HAMTUI_HOME")
    with pytest.raises(web.WebError, match=r"every tab runs restricted.*HAMTUI_HOME"):
        web.serve(host="0.0.0.0", token=TOKEN)

    monkeypatch.setenv("HAMTUI_HOME", str(tmp_path))
    served: list[str] = []

    class FakeServer:
        def __init__(self, command: str) -> None:
            self.command = command

        def serve(self) -> None:
            served.append(self.command)
            raise KeyboardInterrupt

    monkeypatch.setattr(web, "check_port", lambda host, port: None)
    monkeypatch.setattr(web, "make_server", lambda command, *_, **__: FakeServer(command))
    assert web.serve(host="0.0.0.0", token=TOKEN, say=lambda _: None, warn=lambda _: None) == 0
    assert "--restricted" in shlex.split(served[0])
    assert os.environ["HAMTUI_RESTRICTED"] == "1"


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    """(status, headers, body) of a GET that does not follow redirects."""
    import urllib.error
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *_: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode()


@pytest.mark.slow
def test_without_the_token_nothing_is_served(
    web_server: Callable[..., tuple[subprocess.Popen[str], str]],
) -> None:
    _, url = web_server()
    for path in ("/", "/static/js/textual.js", "/static/fonts/RobotoMono-VariableFont_wght.ttf"):
        status, _, body = _get(url + path)
        assert status == 403, path
        assert "not signed in" in body
    assert _get(f"{url}/?token=wrong-token-0123456789")[0] == 403
    assert _open_websocket(url, url, token=None) == 403
    assert _open_websocket(url, url, token="wrong-token-0123456789") == 403

    # The printed address: a cookie for this browser, and the page without the token.
    status, headers, _ = _get(f"{url}/?token={TOKEN}&fontsize=18")
    assert status == 303
    assert headers["Location"] == "/?fontsize=18"
    cookie = headers["Set-Cookie"]
    port = url.rsplit(":", 1)[1]
    assert cookie.startswith(f"hamtui-web-{port}={TOKEN};")
    for flag in ("HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=2592000"):
        assert flag in cookie
    status, _, page = _get(f"{url}/", signed_in(url))
    assert status == 200
    assert "<title>hamtui</title>" in page
    assert "googleapis" not in page and "https://" not in page.split("<body", 1)[0]
    assert _get(f"{url}/static/js/textual.js", signed_in(url))[0] == 200


@pytest.mark.slow
def test_tabs_beyond_the_cap_get_a_clear_page(
    web_server: Callable[..., tuple[subprocess.Popen[str], str]], hamtui_home: Path
) -> None:
    (hamtui_home / "config.toml").write_text('format = "hamtui-config/1"\nweb_max_tabs = 1\n')
    server, url = web_server()
    tab = OpenTab(url)
    tab.start()
    assert tab.drawing.wait(20), "the app never drew in its tab"
    status, _, page = _get(f"{url}/", signed_in(url))
    assert status == 503
    assert "at most 1 app tabs at once" in page
    assert _open_websocket(url, url) == 503
    assert len(app_processes(server.pid)) == 1


def test_serving_restricted_marks_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HAMTUI_RESTRICTED", "0")  # restored after the test
    served: list[tuple[str, str | None]] = []

    class FakeServer:
        def __init__(self, command: str) -> None:
            self.command = command

        def serve(self) -> None:
            served.append((self.command, os.environ.get("HAMTUI_RESTRICTED")))
            raise KeyboardInterrupt  # Ctrl+C

    monkeypatch.setattr(web, "check_port", lambda host, port: None)
    monkeypatch.setattr(web, "make_server", lambda command, *_, **__: FakeServer(command))
    said: list[str] = []
    assert web.serve(restricted=True, say=said.append) == 0
    [(command, flag)] = served
    assert "--restricted" in shlex.split(command)
    assert flag == "1"
    assert said == ["hamtui web: stopped"]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("LocalHost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.5", False),
        ("example.com", False),
        ("localhost.example.com", False),
    ],
)
def test_loopback_addresses(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
    assert (exposure_warning(host) is None) is loopback


def test_other_networks_get_a_warning() -> None:
    warning = exposure_warning("0.0.0.0")
    assert warning is not None
    assert "not a loopback address" in warning
    assert "signed in with the token" in warning and "restricted" in warning


LOCAL = "http://127.0.0.1:8000"


@pytest.mark.parametrize(
    ("origin", "host", "bound", "public", "allowed"),
    [
        # The page as served, by any loopback name.
        (LOCAL, "127.0.0.1:8000", "127.0.0.1", LOCAL, True),
        ("http://localhost:8000", "localhost:8000", "127.0.0.1", LOCAL, True),
        (None, "127.0.0.1:8000", "127.0.0.1", LOCAL, True),  # not a browser
        # Another site's page, a file, another port of this machine.
        ("http://evil.example", "127.0.0.1:8000", "127.0.0.1", LOCAL, False),
        ("null", "127.0.0.1:8000", "127.0.0.1", LOCAL, False),
        ("http://127.0.0.1:9000", "127.0.0.1:8000", "127.0.0.1", LOCAL, False),
        # DNS rebinding: a foreign name that resolves to 127.0.0.1; Origin and Host agree.
        ("http://evil.example:8000", "evil.example:8000", "127.0.0.1", LOCAL, False),
        # Behind a proxy: the public URL's origin, whatever Host the proxy sends.
        ("https://ham.example", "127.0.0.1:8000", "127.0.0.1", "https://ham.example", True),
        ("https://ham.example", "ham.example", "127.0.0.1", "https://ham.example", True),
        ("https://evil.example", "ham.example", "127.0.0.1", "https://ham.example", False),
        # On every network: any name the machine is reached by, from its own pages only.
        ("http://10.0.0.5:8000", "10.0.0.5:8000", "0.0.0.0", "http://0.0.0.0:8000", True),
        ("http://gym.lan:8000", "gym.lan:8000", "0.0.0.0", "http://0.0.0.0:8000", True),
        ("http://evil.example", "gym.lan:8000", "0.0.0.0", "http://0.0.0.0:8000", False),
    ],
)
def test_websocket_origin_check(
    origin: str | None, host: str, bound: str, public: str, allowed: bool
) -> None:
    assert websocket_allowed(origin, host, bound=bound, public=public) is allowed
