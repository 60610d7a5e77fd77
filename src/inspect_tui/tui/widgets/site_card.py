"""The card of the site being walked: names, code, supervisor, kind, URL and parent site."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from ...i18n import t
from ...model import Site


def site_card_text(site: Site | None, narratives: Sequence[str] = (), width: int = 80) -> Text:
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
    for paragraph in narratives:  # the round's narrative findings that name this site
        label = t("walk_field_narrative") + "\u00a0"  # no break between label and text
        text.append("\n")
        text.append(label, style="dim")
        text.append(_clip(paragraph, width - cell_len(label)))
    return text


def _clip(text: str, width: int) -> str:
    """One line of `width` cells at most (a paragraph would wrap and push the card's
    other lines out of its height)."""
    if cell_len(text) <= width:
        return text
    out = ""
    for ch in text:
        if cell_len(out) + cell_len(ch) > width - 1:
            break
        out += ch
    return out + "…"


def _pairs(text: Text, pairs: list[tuple[str, str]]) -> None:
    for n, (label, value) in enumerate(pairs):
        if n:
            text.append(" · ", style="dim")
        text.append(label + " ", style="dim")
        text.append(value)


class SiteCard(Static):
    """Shows one site; `show(site)` replaces it."""

    _shown: tuple[Site | None, Sequence[str]] = (None, ())

    def show(self, site: Site | None, narratives: Sequence[str] = ()) -> None:
        self._shown = (site, narratives)
        width = self.content_region.width or 80
        self.update(site_card_text(site, narratives, width))

    def on_resize(self) -> None:
        # The narrative lines are clipped to the width: known only once laid out.
        site, narratives = self._shown
        if narratives:
            self.show(site, narratives)
