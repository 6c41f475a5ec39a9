"""`hamtui web`: the app served to web browsers (textual-serve)."""

from __future__ import annotations

import argparse

from hamtui.cli.common import COMMAND_LIBRARY, Commands, add_library_option, err, out


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be within 1..65535: {value}")
    return value


def add_parser(commands: Commands) -> None:
    web = commands.add_parser(
        "web",
        help="serve the app to a web browser (textual-serve)",
        description="Serve the full-screen app to web browsers: open the address it prints "
        "(it carries a sign-in token; the browser then stays signed in), and each browser tab "
        "gets its own app, up to web_max_tabs of config.toml (default 8). Without the token, "
        "nothing is served. It listens on 127.0.0.1 (this machine only) unless --host says "
        "otherwise; on any other address the token is always on and every tab is restricted "
        "to HAMTUI_HOME. With --restricted, every tab is restricted to HAMTUI_HOME. Runs until "
        "Ctrl+C. Needs textual-serve (pip install 'hamtui[web]'). Exits 1 when the port is in "
        "use, the address cannot be used, or the token is not usable.",
    )
    web.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="ADDRESS",
        help="the address to listen on (default: 127.0.0.1; 0.0.0.0 for every network, "
        "with a warning)",
    )
    web.add_argument(
        "--port", type=_port, default=8000, metavar="N", help="the port (default: 8000)"
    )
    web.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use to reach the server, when it differs from "
        "http://HOST:PORT (behind a proxy, or listening on 0.0.0.0)",
    )
    web.add_argument(
        "--token",
        metavar="TOKEN",
        help="the sign-in token (16 to 128 of A-Z a-z 0-9 - _); default: HAMTUI_WEB_TOKEN, "
        "else a new random one at each start. Other users of the machine can see command "
        "lines: prefer HAMTUI_WEB_TOKEN",
    )
    web.add_argument(
        "--no-token",
        action="store_true",
        help="no sign-in: anyone who can reach the port uses the app (loopback addresses only)",
    )
    add_library_option(web, dest=COMMAND_LIBRARY)


def run(args: argparse.Namespace) -> int:
    import os

    from hamtui.config import load_config_or_defaults
    from hamtui.tui.web import TOKEN_ENV, WebError, check_token, new_token, serve

    if args.no_token and args.token:
        raise WebError("hamtui web: --token and --no-token do not go together")
    token = None if args.no_token else args.token or os.environ.get(TOKEN_ENV) or new_token()
    if token is not None:
        check_token(token)
    config, problem = load_config_or_defaults()
    if problem:
        err(problem)
    return serve(
        host=args.host,
        port=args.port,
        library=args.library,
        restricted=args.restricted,
        url=args.public_url,
        say=out,
        warn=err,
        token=token,
        max_tabs=config.web_max_tabs,
    )
