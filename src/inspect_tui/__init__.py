"""inspect-tui: offline, keyboard-driven spot checks of government websites."""

__version__ = "0.1.0"
