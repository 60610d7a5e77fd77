"""`{name}` placeholders filled without `str.format`'s surprises: pure, imports nothing.

Shared by the message catalog (i18n) and the circular's wording, so that neither imports the
other's package.
"""

from __future__ import annotations

import re

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def fill(template: str, **values: object) -> str:
    """Replace `{name}` for the names given; anything else in braces stays as typed.

    Unlike `str.format`, text a user typed with stray braces never raises.
    """

    def sub(m: re.Match[str]) -> str:
        name = m[1]
        return str(values[name]) if name in values else m[0]

    return _PLACEHOLDER.sub(sub, template)
