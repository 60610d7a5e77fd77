"""Moved to `inspect_tui.store.schema`; kept only for `cli_records` (cli engineer), remove once it
imports `SCHEMA_VERSION` from `inspect_tui.store`."""

from __future__ import annotations

from .store.schema import MIGRATION_NAMES, SCHEMA_VERSION, migrations

__all__ = ["MIGRATION_NAMES", "SCHEMA_VERSION", "migrations"]
