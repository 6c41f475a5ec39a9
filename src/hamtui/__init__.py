"""hamtui: a terminal program builder for hamstring training and rehab."""

__version__ = "0.1.0"
