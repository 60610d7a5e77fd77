"""The command line: the app by default, plus headless commands for scripts and checks.

`main.py` holds the root group and `main` (the `inspect-tui` script); `common.py` what every
command shares; one module per command group. Command modules never import `main.py`.
"""

from __future__ import annotations

from .main import cli, main

__all__ = ["cli", "main"]
