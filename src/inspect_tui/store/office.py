"""The office profile: the standing facts of the office that issues the circulars.

One row per field in the `office` table; an absent row is an unset field. Changes are audited
like any record (entity "office"), one transaction per change.
"""

from __future__ import annotations

from ..model import OFFICE_FIELDS, Office
from .audit import AuditLog


class UnknownOfficeField(ValueError):
    """A field name that is not one of `OFFICE_FIELDS`."""


class OfficePart(AuditLog):
    def office(self) -> Office:
        rows = self._rows("SELECT field, value FROM office")
        return Office.from_dict({str(r["field"]): str(r["value"]) for r in rows})

    def has_office(self) -> bool:
        return not self.office().is_empty

    def set_office(self, office: Office) -> None:
        """Replace the whole profile (import); unchanged fields are not written."""
        before = self.office()
        if before == office:
            return
        with self._write_lock():
            for name in OFFICE_FIELDS:
                self._put(name, str(getattr(office, name)))
            self._audit("office", "set", before=before.to_dict(), after=office.to_dict())

    def set_office_field(self, name: str, value: str) -> None:
        if name not in OFFICE_FIELDS:
            raise UnknownOfficeField(name)
        before = str(getattr(self.office(), name))
        if before == value:
            return
        with self._write_lock():
            self._put(name, value)
            self._audit("office", "set", before={name: before}, after={name: value})

    def _put(self, name: str, value: str) -> None:
        if value:
            self.db.execute(
                "INSERT INTO office (field, value) VALUES (?, ?)"
                " ON CONFLICT(field) DO UPDATE SET value = excluded.value",
                [name, value],
            )
        else:
            self.db.execute("DELETE FROM office WHERE field = ?", [name])
