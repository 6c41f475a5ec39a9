"""`python -m bench`: run every benchmark and print a table, or JSON lines with --json."""

from __future__ import annotations

import sys

from bench.harness import main

if __name__ == "__main__":
    sys.exit(main())
