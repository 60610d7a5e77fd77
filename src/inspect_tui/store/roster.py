"""The current roster (the `sites` table); each round keeps its own snapshot in `round_sites`."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Site
from . import checks
from .audit import AuditLog
from .codecs import SITE_COLUMNS, SITE_ROW_COLUMNS, site_row, sites_from_tuples


class RosterPart(AuditLog):
    def sites(self) -> list[Site]:
        return sites_from_tuples(
            self.db.execute(f"SELECT {SITE_COLUMNS} FROM sites ORDER BY seq").fetchall()
        )

    def replace_roster(self, sites: Sequence[Site], source: str = "") -> None:
        """Replace the whole roster in one transaction. Rounds keep their own snapshot."""
        before = len(self.sites())
        with self._write_lock():
            self.db.execute("DELETE FROM sites")
            self._insert_sites("sites", sites)
            self._audit(
                "roster",
                "replace",
                before={"sites": before},
                after={"sites": len(sites), "source": source},
            )

    def _insert_sites(
        self, table: str, sites: Sequence[Site], round_key: str | None = None
    ) -> None:
        checks.sites(sites)  # every way a site comes in (roster, round snapshot, bundle)
        # One executemany: a 84,094-site roster is one statement, not 84,094 round trips.
        prefix = [] if round_key is None else ["round_key"]
        sql = (
            f"INSERT INTO {table} ({', '.join(prefix + SITE_ROW_COLUMNS)})"
            f" VALUES ({', '.join('?' * (len(prefix) + len(SITE_ROW_COLUMNS)))})"
        )
        head = [] if round_key is None else [round_key]
        self.db.conn.executemany(sql, ([*head, *site_row(s).values()] for s in sites))
