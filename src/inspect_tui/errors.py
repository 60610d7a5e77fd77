"""Errors a user can act on, sayable in every UI language.

`str(error)` is the English sentence (the command line's language, and the log's). `key` and
`params` name the same sentence in the UI message catalog, so the app shows it in the
inspector's language (`i18n.user_text`). Pure: no Textual, SQLite or docx here.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem with a message that says what went wrong and what to do."""

    def __init__(self, message: str, key: str = "", /, **params: object) -> None:
        super().__init__(message)
        self.key = key  # positional only: a message may have a {key} parameter of its own
        self.params = params
