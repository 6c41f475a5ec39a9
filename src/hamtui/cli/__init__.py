"""The `hamtui` command: one module per command, each with `add_parser` and `run`.

This floor sits above the core and below the full-screen app: a command imports the core
when it runs, and Textual only when it opens a full screen (`edit`, `run` without `--plain`,
`web`'s tabs), so `hamtui validate` or a plain session never loads it.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable, Sequence

from hamtui.cli import edit
from hamtui.cli.common import COMMAND_LIBRARY, err
from hamtui.cli.parser import COMMAND_MODULES, build_parser
from hamtui.cli.restricted import restart_clean, restrict
from hamtui.errors import HamtuiError
from hamtui.workspace import WorkspaceError

COMMANDS: dict[str, Callable[..., int]] = {name: m.run for name, m in COMMAND_MODULES.items()}
__all__ = ["COMMANDS", "build_parser", "entry", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.library = [*args.library, *getattr(args, COMMAND_LIBRARY, [])]
    handler = COMMANDS.get(args.command, edit.run) if args.command else edit.run
    closed = [name for name in ("stdin", "stdout") if getattr(sys, name) is None]
    if closed:  # started with a standard stream closed (`<&-`, `>&-`)
        if sys.stderr is not None:
            err(f"hamtui: standard {' and '.join(s[3:] for s in closed)}put is closed")
        return 1
    try:
        restrict(args)
        if args.command in (None, "run", "edit"):
            _tidy()
        return handler(args)
    except WorkspaceError as exc:
        for line in str(exc).splitlines():
            err(line)
        return 2
    except HamtuiError as exc:
        for line in str(exc).splitlines():
            err(line)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (hamtui ... | head): nothing left to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        if exc.errno not in OUTPUT_ERRNOS:
            raise
        return _cannot_write(exc)
    except Exception as exc:
        if os.environ.get("HAMTUI_DEBUG"):
            raise
        err(f"hamtui: internal error: {type(exc).__name__}: {exc}")
        err("hamtui: this is a bug; run again with HAMTUI_DEBUG=1 for details and report it")
        return 70


def _tidy() -> None:
    """Remove what killed saves left behind in the folders sessions and programs are saved to
    (a temporary file whose writer is gone)."""
    from hamtui import paths
    from hamtui.files import remove_stale_temps

    for folder in (paths.sessions_dir(), paths.user_programs_dir(), paths.config_dir()):
        remove_stale_temps(folder)


OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EIO, errno.EBADF, errno.EFBIG})


def _cannot_write(exc: OSError) -> int:
    """The output could not be written (a full disk, `> /dev/full`): one line, exit 1."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush
    err(f"hamtui: cannot write the output: {exc.strerror or exc}")
    return 1


def entry() -> None:
    restart_clean(sys.argv[1:])
    code = main()
    if sys.stdout is not None:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except OSError as exc:
            code = _cannot_write(exc) if exc.errno in OUTPUT_ERRNOS else 70
    sys.exit(code)
