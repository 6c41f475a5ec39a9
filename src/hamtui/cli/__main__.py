"""`python -m hamtui.cli`: the same as the `hamtui` command."""

from hamtui.cli import entry

entry()
