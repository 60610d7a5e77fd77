"""The card of the site being walked: names, code, supervisor, kind, URL and parent site."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ...i18n import t
from ...model import Site


def site_card_text(site: Site | None) -> Text:
    if site is None:
        return Text(t("walk_no_site"), style="dim")
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(site.name, style="bold")
    lines = [
        [(t("walk_field_short"), site.short_name), (t("walk_field_code"), site.code or "—")],
        [
            (t("walk_field_kind"), t(f"kind_{site.kind.value}")),
            (t("walk_field_supervisor"), site.supervisor or "—"),
        ],
        [(t("walk_field_parent"), site.parent)] if site.parent else [],
        [(t("walk_field_owner"), site.owner)] if site.owner else [],
        [(t("walk_field_url"), site.url or "—")],
    ]
    for pairs in lines:
        if pairs:
            text.append("\n")
            _pairs(text, pairs)
    return text


def _pairs(text: Text, pairs: list[tuple[str, str]]) -> None:
    for n, (label, value) in enumerate(pairs):
        if n:
            text.append(" · ", style="dim")
        text.append(label + " ", style="dim")
        text.append(value)


class SiteCard(Static):
    """Shows one site; `show(site)` replaces it."""

    def show(self, site: Site | None) -> None:
        self.update(site_card_text(site))
