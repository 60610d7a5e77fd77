"""Command-palette provider: jump to a site by short name, full name or site code.

Search is a plain substring scan over precomputed case-folded strings (a few ms for 84,094
sites), capped, then scored by Textual's fuzzy matcher for ordering and highlighting.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..i18n import t
from ..model import Site
from .widgets.site_list import SiteRows

MAX_HITS = 50


def find_sites(rows: SiteRows, query: str, limit: int = MAX_HITS) -> list[int]:
    """Roster positions of the sites whose short name, name or code contains `query`.

    Ordered: exact code or short name first, then prefix matches, then the rest in roster
    order.
    """
    needle = query.strip().casefold()
    if not needle:
        return []
    exact: list[int] = []
    prefix: list[int] = []
    other: list[int] = []
    for i, hay in enumerate(rows.haystack):
        if needle not in hay:
            continue
        short, name, code = hay.split("\t")
        if needle in (short, code, name):
            exact.append(i)
        elif short.startswith(needle) or name.startswith(needle) or code.startswith(needle):
            prefix.append(i)
        else:
            other.append(i)
        if len(exact) >= limit:
            break
    return (exact + prefix + other)[:limit]


@runtime_checkable
class JumpTarget(Protocol):
    """A screen whose sites can be jumped to (the walk), without this module knowing it."""

    @property
    def sites(self) -> Sequence[Site]: ...

    @property
    def rows(self) -> SiteRows: ...

    @property
    def index(self) -> int: ...

    def go_to(self, index: int) -> None: ...


class SiteJumpProvider(Provider):
    """Sites of the round on the screen the palette was opened from (the walk)."""

    def _walk(self) -> JumpTarget | None:
        screen = self.screen
        return screen if isinstance(screen, JumpTarget) else None

    def _hit_text(self, walk: JumpTarget, i: int) -> tuple[str, str]:
        site = walk.sites[i]
        title = f"{site.seq} {site.short_name}"
        help_text = " · ".join(x for x in (site.name, site.code) if x)
        return title, help_text

    async def discover(self) -> Hits:
        walk = self._walk()
        if walk is None:
            return
        start = walk.index
        for step in range(1, min(len(walk.rows), 20) + 1):
            i = (start + step) % len(walk.rows)
            title, help_text = self._hit_text(walk, i)
            yield DiscoveryHit(title, partial(walk.go_to, i), help=help_text)

    async def search(self, query: str) -> Hits:
        walk = self._walk()
        if walk is None:
            return
        matcher = self.matcher(query)
        for i in find_sites(walk.rows, query):
            title, help_text = self._hit_text(walk, i)
            score = max(matcher.match(title), matcher.match(help_text), 0.01)
            yield Hit(
                score,
                matcher.highlight(title),
                partial(walk.go_to, i),
                text=title,
                help=help_text or t("walk_jump_help"),
            )
