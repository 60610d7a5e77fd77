"""The one logger of inspect-tui ("inspect_tui") and its file: where unexpected errors go.

A user never sees a traceback: it is appended to `inspect-tui.log` in the user log folder and
the user is told where. Configured here and nowhere else; other modules log through
`logging.getLogger("inspect_tui")` (or a child of it).
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

from .paths import log_dir

LOGGER_NAME = "inspect_tui"
LOG_NAME = "inspect-tui.log"

logger = logging.getLogger(LOGGER_NAME)


def log_exception(exc: BaseException) -> Path | None:
    """Append the traceback of `exc` to the log file; its path, or None when it cannot be written."""
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / LOG_NAME
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
    logger.addHandler(handler)
    try:
        logger.error("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    finally:
        # Attached only while writing: a library importing us never inherits a file handler.
        logger.removeHandler(handler)
        handler.close()
    return path
