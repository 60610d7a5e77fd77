"""Rows ⇄ model values: the one place that knows how a site, finding or override is stored."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import (
    Finding,
    Progress,
    Qualifier,
    Scope,
    Site,
    SiteKind,
    Verdict,
    VerdictOverride,
    site_to_dict,
)


@dataclass(frozen=True)
class RoundSummary:
    key: str
    title: str
    status: str
    sites: int
    sites_with_findings: int
    done: int
    created_at: str


@dataclass(frozen=True)
class AuditEntry:
    id: int
    ts: str
    actor: str
    round_key: str
    site_uid: str
    entity: str
    action: str
    before: Any
    after: Any


def site_row(site: Site) -> dict[str, Any]:
    return {"uid": site.uid, **site_to_dict(site)}


SITE_ROW_COLUMNS = list(site_row(Site(0, SiteKind.CHANNEL, "", "")))

# The read paths below turn rows into values directly from tuples: at 84,094 sites, building a
# dict per row and looking enums up by calling them costs more than the query itself. They give
# exactly what `Site(...)` from a dict and `finding_from_dict` would.
SITE_COLUMNS = "seq, kind, name, short_name, supervisor, owner, code, url, parent, level"
FINDING_COLUMNS = (
    "site_uid, category, count, age, elements, qualifier, scope, detail, wording, note,"
    " carried_from"
)
_KINDS = {k.value: k for k in SiteKind}
_QUALIFIERS = {q.value: q for q in Qualifier}
_SCOPES = {s.value: s for s in Scope}
_PROGRESS = {p.value: p for p in Progress}


def sites_from_tuples(rows: Iterable[Sequence[Any]]) -> list[Site]:
    kinds = _KINDS
    return [
        Site(
            int(seq),
            kinds[kind] if kind in kinds else SiteKind(kind),
            name,
            short_name,
            supervisor,
            owner,
            code,
            url,
            parent or "",
            level or "",
        )
        for seq, kind, name, short_name, supervisor, owner, code, url, parent, level in rows
    ]


def finding_from_values(
    uid: Any,
    category: Any,
    count: Any,
    age: Any,
    elements: Any,
    qualifier: Any,
    scope: Any,
    detail: Any,
    wording: Any,
    note: Any,
    carried_from: Any,
) -> Finding:
    """`finding_from_dict` for one row of `FINDING_COLUMNS`."""
    if elements == "[]":
        items: tuple[str, ...] = ()
    else:
        if isinstance(elements, str):
            elements = json.loads(elements)
        items = tuple(str(e) for e in elements)
    qualifier = qualifier or ""
    scope = scope or ""
    return Finding(
        site_uid=str(uid),
        category=str(category),
        count=int(count) if count is not None else None,
        age=str(age or ""),
        elements=items,
        qualifier=_QUALIFIERS[qualifier] if qualifier in _QUALIFIERS else Qualifier(qualifier),
        scope=_SCOPES[scope] if scope in _SCOPES else Scope(scope),
        detail=str(detail or ""),
        wording=str(wording or ""),
        note=str(note or ""),
        carried_from=str(carried_from or ""),
    )


def finding_values(key: str, data: dict[str, Any], updated_at: str) -> list[Any]:
    """The `findings` row of a finding dict (`finding_to_dict`), in FINDING_INSERT's order."""
    return [
        key,
        data["site_uid"],
        data["category"],
        data["count"],
        data["age"],
        json.dumps(data["elements"], ensure_ascii=False),
        data["qualifier"],
        data["scope"],
        data["detail"],
        data["wording"],
        data["note"],
        data.get("carried_from", ""),
        updated_at,
    ]


FINDING_INSERT = (
    "INSERT OR REPLACE INTO findings (round_key, site_uid, category, count, age, elements,"
    " qualifier, scope, detail, wording, note, carried_from, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def override_from_row(row: dict[str, Any]) -> VerdictOverride:
    return VerdictOverride(
        site_uid=row["site_uid"], verdict=Verdict(row["verdict"]), reason=row["reason"]
    )


def override_to_dict(o: VerdictOverride) -> dict[str, str]:
    return {"verdict": o.verdict.value, "reason": o.reason}


def progress_of(status: str) -> Progress:
    return _PROGRESS[status] if status in _PROGRESS else Progress(status)


def to_json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def from_json(text: str | None) -> Any:
    return None if text is None else json.loads(text)
