"""`hamtui config [--init]`: the settings file and the settings in force."""

from __future__ import annotations

import argparse

from hamtui.cli.common import Commands, err, out


def add_parser(commands: Commands) -> None:
    config = commands.add_parser(
        "config",
        help="show the settings file and the settings in force",
        description="Print where the settings file is and whether it exists, then every "
        "setting in force with where it comes from: the file, or the default. A broken file's "
        "problems are printed on stderr and the exit code is 1 (other commands warn in one "
        "line and use the defaults). With --init, write a commented starter file if there is "
        "none (never replacing one).",
    )
    config.add_argument(
        "--init", action="store_true", help="write a commented starter file if none exists"
    )


def run(args: argparse.Namespace) -> int:
    from hamtui.config import config_path, effective_settings, load_config, write_starter
    from hamtui.errors import LoadError
    from hamtui.workspace import check_write

    path = config_path()
    if args.init:
        written = write_starter(check_write(path))
        out(f"wrote {written}")
        out("edit it, then run `hamtui config` to check it")
        return 0
    exists = path.exists() or path.is_symlink()
    out(f"config file: {path} ({'exists' if exists else 'not found: all defaults'})")
    try:
        config = load_config(path)
    except LoadError as exc:
        for line in str(exc).splitlines():
            err(line)
        return 1
    rows = effective_settings(config)
    name_width = max(len(row.name) for row in rows)
    value_width = max(len(row.value) for row in rows)
    for row in rows:
        out(f"{row.name:<{name_width}} = {row.value:<{value_width}}  ({row.source})")
    return 0
