"""Where inspect-tui keeps its files (platformdirs), with overrides for tests and power users."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "inspect-tui"
DB_ENV = "INSPECT_TUI_DB"
CONFIG_ENV = "INSPECT_TUI_CONFIG_DIR"


def default_db_path() -> Path:
    """`$INSPECT_TUI_DB`, else `inspect-tui.sqlite` in the user data dir."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "inspect-tui.sqlite"


def config_dir() -> Path:
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def log_dir() -> Path:
    return platformdirs.user_log_path(APP_NAME, appauthor=False)


def documents_dir() -> Path:
    """Where exports go by default: the user's documents folder, or home when there is none."""
    documents = platformdirs.user_documents_path()
    return documents if documents.is_dir() else Path.home()
