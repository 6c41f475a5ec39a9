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
        description="Serve the full-screen app to web browsers: open the address it prints, "
        "and each browser tab gets its own app. It listens on 127.0.0.1 (this machine only) "
        "unless --host says otherwise; there are no passwords, so anyone who can reach the "
        "port can use the app. With --restricted, every tab is restricted to HAMTUI_HOME. "
        "Runs until Ctrl+C. Needs textual-serve (pip install 'hamtui[web]'). Exits 1 when "
        "the port is in use or the address cannot be used.",
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
    add_library_option(web, dest=COMMAND_LIBRARY)


def run(args: argparse.Namespace) -> int:
    from hamtui.tui.web import serve

    return serve(
        host=args.host,
        port=args.port,
        library=args.library,
        restricted=args.restricted,
        url=args.public_url,
        say=out,
        warn=err,
    )
