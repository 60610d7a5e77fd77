"""The store's one gate for text: every value written passes `validate` here, whichever way it
came in (roster CSV, bundle, merge, the app's dialogs, the command line).

A refused value is a StoreError whose catalog key names the field and says why, so the app
shows it in the inspector's language and the command line prints one line; nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from .. import validate
from ..model import Finding, RoundMeta, Site
from .exceptions import StoreError

T = TypeVar("T")


def _guard(check: Callable[[T], object], value: T) -> None:
    try:
        check(value)
    except validate.FieldError as exc:
        raise StoreError("error.store.invalid_text", field=exc.field, reason=exc.reason) from None


def sites(values: Iterable[Site]) -> None:
    for site in values:
        _guard(validate.check_site, site)


def finding(value: Finding) -> None:
    _guard(validate.check_finding, value)
    text(value.carried_from, "round_key", "finding carried from")


def meta(value: RoundMeta) -> None:
    _guard(validate.check_meta, value)


def text(value: str, field: str, where: str) -> None:
    _guard(lambda v: validate.check_text(v, field, where=where), value)


def round_key(value: str, *, where: str = "round key") -> str:
    """The key in its one normal form (`validate.normalise_round_key`), or StoreError."""
    try:
        return validate.normalise_round_key(value, where=where)
    except validate.FieldError as exc:
        raise StoreError("error.store.invalid_text", field=exc.field, reason=exc.reason) from None
