"""The store's errors: each names its message in the catalog (`errors.UserError`)."""

from __future__ import annotations

from ..errors import UserError


class StoreError(UserError):
    """A problem with the database a user can act on; the message says what and what to do."""


class RoundNotFound(StoreError):
    pass


class RoundFinal(StoreError):
    pass


class SchemaTooNew(StoreError):
    pass
