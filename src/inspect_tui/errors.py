"""Errors a user can act on, sayable in every UI language.

Each error names its message in the UI message catalog (`key`, `params`). `str(error)` is
that message in English (the command line's language, and the log's); the app shows it in
the inspector's language (`i18n.user_text`). A key the catalog does not have is taken as the
message itself. Pure: no Textual, SQLite or docx here.
"""

from __future__ import annotations

from .i18n import t


class UserError(Exception):
    """A problem with a message that says what went wrong and what to do."""

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(t(key, "en", **params))
        self.key = key  # positional only: a message may have a {key} parameter of its own
        self.params = params
