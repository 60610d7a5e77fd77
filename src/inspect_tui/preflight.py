"""What stands between a round and a circular that can be sealed: one list, before any file.

Pure: no Textual, no store, no docx. The command line (`export`) and the app's export dialog
call `preflight` with what they read from the store, so both list the same gaps.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from .meta_fields import ResolvedField
from .model import FollowUp, Progress, RoundData

GapKind = Literal["field", "not_done", "followups", "empty"]


@dataclass(frozen=True)
class Gap:
    """One thing missing. `field` names the metadata field (kind "field"); `count` and
    `site_uid` (the first site concerned, where the app jumps to) the sites otherwise."""

    kind: GapKind
    field: str = ""
    count: int = 0
    site_uid: str = ""


def missing_fields(fields: Sequence[ResolvedField]) -> list[str]:
    return [f.name for f in fields if f.missing]


def preflight(
    data: RoundData,
    fields: Sequence[ResolvedField],
    progress: Mapping[str, Progress],
    followups: Mapping[tuple[str, str], FollowUp | None],
) -> list[Gap]:
    """Every gap of a round: each empty field the template needs, sites not marked done,
    previous-round problems not yet reviewed (`followups`: each previous problem of a site in
    the round → its status, None while unreviewed), and a round where nothing was recorded.

    The template enters through `fields` (`meta_fields.resolve` marks what it requires)."""
    gaps = [Gap("field", field=name) for name in missing_fields(fields)]
    recorded = (
        bool(data.findings)
        or bool(data.overrides)
        or any(p is not Progress.NOT_STARTED for p in progress.values())
    )
    if data.sites and not recorded:
        gaps.append(Gap("empty", count=len(data.sites), site_uid=data.sites[0].uid))
        return gaps  # every site is also not done: one line says it
    not_done = [s.uid for s in data.sites if progress.get(s.uid) is not Progress.DONE]
    if not_done:
        gaps.append(Gap("not_done", count=len(not_done), site_uid=not_done[0]))
    in_round = {s.uid for s in data.sites}
    pending = sorted(
        uid for (uid, _), status in followups.items() if status is None and uid in in_round
    )
    if pending:
        order = {s.uid: i for i, s in enumerate(data.sites)}
        pending.sort(key=lambda uid: order.get(uid, 0))
        gaps.append(Gap("followups", count=len(pending), site_uid=pending[0]))
    return gaps


__all__ = ["Gap", "GapKind", "missing_fields", "preflight"]
