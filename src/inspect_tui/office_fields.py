"""Checks of the office profile's fields, shared by `office set` / `office import` and the
office screen. Pure: no Textual, no store."""

from __future__ import annotations

from .errors import UserError
from .meta_validation import check_field
from .model import LETTERHEADS, OFFICE_FIELDS

MULTILINE = ("requirements", "closing")


def check_office_value(name: str, value: str) -> str:
    """The value to store for an office field (normalised); raises UserError when unusable.
    A template name is checked by the caller (it needs the office's template folder)."""
    from .circular.fonts import PROFILES

    if name not in OFFICE_FIELDS:
        raise UserError("office.error.field", field=name, fields=", ".join(OFFICE_FIELDS))
    check = check_field(name, value)
    if not check.ok:
        raise UserError("office.error.value", field=name, problem=UserError(check.error))
    stored = value.strip("\n").rstrip() if name in MULTILINE else check.value
    if name == "letterhead" and stored and stored not in LETTERHEADS:
        raise UserError("office.error.choice", field=name, choices=", ".join(LETTERHEADS))
    if name == "font_profile" and stored and stored not in PROFILES:
        raise UserError("office.error.choice", field=name, choices=", ".join(PROFILES))
    return stored


__all__ = ["MULTILINE", "check_office_value"]
