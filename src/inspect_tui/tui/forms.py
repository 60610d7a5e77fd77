"""What the office and round-metadata forms share: the status line under the fields."""

from __future__ import annotations

from textual.widgets import Static

from ..i18n import t


def show_form_status(status: Static, invalid: int, dirty: bool, text: str = "") -> None:
    """`text` if given; else how many fields are invalid, or whether there is anything unsaved."""
    if text:
        status.update(text)
    elif invalid:
        status.update(t("meta.status.invalid", count=invalid))
    elif dirty:
        status.update(t("meta.status.dirty"))
    else:
        status.update(t("meta.status.clean"))
    status.set_class(bool(invalid), "-error")
