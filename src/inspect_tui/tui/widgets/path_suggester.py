"""Completion of file paths in an Input: the first entry of the folder typed so far whose name
starts with what follows the last slash (folders end with "/", so → goes on into them)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from textual.suggester import Suggester

# A folder of many thousand files is not listed in full on every key: the first ones suffice.
MAX_ENTRIES = 2000


class PathSuggester(Suggester):
    """Suggests a completion of the path typed; `suffixes` (e.g. (".csv",)) are preferred
    among the files; folders are always offered."""

    def __init__(self, suffixes: Iterable[str] = ()) -> None:
        super().__init__(use_cache=False, case_sensitive=True)  # the file system changes
        self.suffixes = tuple(s.lower() for s in suffixes)

    async def get_suggestion(self, value: str) -> str | None:
        return complete_path(value, self.suffixes)


def complete_path(value: str, suffixes: tuple[str, ...] = ()) -> str | None:
    """`value` completed to the first matching entry (folders first, then files with one of
    `suffixes`, then the rest; by name), or None."""
    if not value:
        return None
    head, sep, prefix = value.rpartition("/")
    folder = Path(os.path.expanduser(head + sep if sep else "."))
    try:
        with os.scandir(folder) as it:
            entries = []
            for n, entry in enumerate(it):
                if n >= MAX_ENTRIES:
                    break
                exact = entry.name == prefix
                if entry.name.startswith(prefix) and not (exact and not _is_dir(entry)):
                    entries.append((_rank(entry, suffixes), entry.name, _is_dir(entry)))
    except OSError:
        return None
    if not entries:
        return None
    if not prefix.startswith("."):
        entries = [e for e in entries if not e[1].startswith(".")] or entries
    _, name, is_dir = min(entries)
    completed = head + sep + name + ("/" if is_dir else "")
    return completed if completed != value else None


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _rank(entry: os.DirEntry[str], suffixes: tuple[str, ...]) -> int:
    try:
        if entry.is_dir():
            return 0
    except OSError:
        return 2
    return 1 if entry.name.lower().endswith(suffixes) and suffixes else 2
