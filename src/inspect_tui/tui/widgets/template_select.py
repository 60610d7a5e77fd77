"""The drop-down of circular templates, shared by the office screen and the round's metadata
form. It is given the templates (the caller lists them from the store's folders), so it
imports no store and neither screen imports the other for it."""

from __future__ import annotations

from collections.abc import Iterable

from textual.widgets import Select

from ...circular.template import TemplateInfo


def template_select(
    templates: Iterable[TemplateInfo], value: str, widget_id: str, disabled: bool
) -> Select[str]:
    """The circular templates to choose from (the office's own first in the list's order),
    with `value` kept when it names a file that is not among them."""
    options = [(f"{info.name}  {info.title}", info.name) for info in templates]
    if value and value not in {name for _, name in options}:
        options.append((value, value))
    return Select(
        options,
        value=value if value else Select.NULL,
        allow_blank=not value,
        id=widget_id,
        disabled=disabled,
        compact=True,
    )
