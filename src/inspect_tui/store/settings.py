"""Settings kept in the database file (key → text), not audited: they are not records."""

from __future__ import annotations

from .connection import StoreBase


class SettingsPart(StoreBase):
    def get_setting(self, key: str, default: str = "") -> str:
        rows = self._rows("SELECT value FROM settings WHERE key = ?", [key])
        return str(rows[0]["value"]) if rows else default

    def set_setting(self, key: str, value: str) -> None:
        with self._write_lock():
            self.db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
