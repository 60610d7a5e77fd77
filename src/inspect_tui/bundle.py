"""Round bundles: one inspector's round as a versioned JSON file, and merging several of them.

Format (documented in docs/bundle.md, schema in docs/bundle.schema.json):

    {"format": "inspect-tui-bundle", "version": 1, "inspector": "...", "exported_at": "...",
     "round": {"key", "title", "script", "status", "previous_key", "meta"},
     "checklist": {"id", "source"}, "sites": [...], "findings": [...],
     "overrides": [...], "progress": {"<site uid>": "not_started|in_progress|done"}}

Parsing is pure; applying a bundle to the store happens in one transaction, so a rejected
bundle leaves the database exactly as it was.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from . import checklist as checklist_mod
from .checklist import ChecklistError
from .model import (
    Finding,
    Progress,
    Qualifier,
    RoundMeta,
    Scope,
    Script,
    Site,
    SiteKind,
    Verdict,
    VerdictOverride,
    finding_to_dict,
    site_to_dict,
)

FORMAT = "inspect-tui-bundle"
VERSION = 1
MAX_BYTES = 200 * 1024 * 1024


class BundleError(ValueError):
    """A bundle is unreadable or invalid; the message names the file and the field."""


@dataclass(frozen=True)
class Bundle:
    source: str
    inspector: str
    key: str
    title: str
    script: Script
    previous_key: str
    meta: RoundMeta
    checklist_id: str
    checklist_source: str
    sites: tuple[Site, ...]
    findings: tuple[Finding, ...]
    overrides: tuple[VerdictOverride, ...]
    progress: Mapping[str, Progress] = field(default_factory=dict)

    def claimed_sites(self) -> set[str]:
        """Sites this inspector actually checked: started, or with a finding or an override."""
        claimed = {uid for uid, p in self.progress.items() if p is not Progress.NOT_STARTED}
        claimed |= {f.site_uid for f in self.findings}
        claimed |= {o.site_uid for o in self.overrides}
        return claimed


# -- writing -------------------------------------------------------------------------------


def dump(bundle: Bundle, exported_at: str | None = None) -> bytes:
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "inspector": bundle.inspector,
        "exported_at": exported_at or datetime.now(UTC).isoformat(timespec="seconds"),
        "round": {
            "key": bundle.key,
            "title": bundle.title,
            "script": bundle.script.value,
            "previous_key": bundle.previous_key,
            "meta": bundle.meta.to_dict(),
        },
        "checklist": {"id": bundle.checklist_id, "source": bundle.checklist_source},
        "sites": [site_to_dict(s) for s in bundle.sites],
        "findings": [finding_to_dict(f) for f in bundle.findings],
        "overrides": [
            {"site_uid": o.site_uid, "verdict": o.verdict.value, "reason": o.reason}
            for o in bundle.overrides
        ],
        "progress": {uid: p.value for uid, p in sorted(bundle.progress.items())},
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# -- reading -------------------------------------------------------------------------------


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, message: str) -> BundleError:
        return BundleError(f"{self.source}: {where}: {message}")

    def obj(self, value: Any, where: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(where, f"expected an object, got {type(value).__name__}")
        return value

    def arr(self, value: Any, where: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(where, f"expected a list, got {type(value).__name__}")
        return value

    def text(
        self,
        data: Mapping[str, Any],
        key: str,
        where: str,
        *,
        required: bool = False,
        limit: int = 100_000,
    ) -> str:
        value = data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            raise self.fail(f"{where}.{key}", f"expected text, got {type(value).__name__}")
        if required and not value.strip():
            raise self.fail(f"{where}.{key}", "must not be empty")
        if len(value) > limit:
            raise self.fail(
                f"{where}.{key}", f"too long ({len(value)} characters, at most {limit})"
            )
        return value

    def int_or_none(self, data: Mapping[str, Any], key: str, where: str) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000:
            raise self.fail(
                f"{where}.{key}", f"expected a whole number from 0 to 1000000, got {value!r}"
            )
        return value

    def enum(self, enum_type: Any, value: Any, where: str) -> Any:
        try:
            return enum_type(value)
        except ValueError:
            allowed = ", ".join(repr(e.value) for e in enum_type)
            raise self.fail(where, f"{value!r} is not one of {allowed}") from None


def parse(data: bytes, source: str) -> Bundle:
    """Validate and read a bundle; raises BundleError naming the file and the field."""
    r = _Reader(source)
    if len(data) > MAX_BYTES:
        raise BundleError(f"{source}: the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise BundleError(f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise BundleError(
            f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    doc = r.obj(doc, "(top level)")
    if doc.get("format") != FORMAT:
        raise r.fail("format", f'expected "{FORMAT}", got {doc.get("format")!r}')
    version = doc.get("version")
    if version != VERSION:
        raise r.fail(
            "version", f"this inspect-tui reads version {VERSION}, the file is version {version!r}"
        )
    rnd = r.obj(doc.get("round"), "round")
    key = r.text(rnd, "key", "round", required=True, limit=100)
    meta_raw = r.obj(rnd.get("meta", {}), "round.meta")
    for name, value in meta_raw.items():
        if name in ("narratives", "category_phrases"):
            continue
        if not isinstance(value, str):
            raise r.fail(f"round.meta.{name}", f"expected text, got {type(value).__name__}")
    try:
        meta = RoundMeta.from_dict(dict(meta_raw))
    except (AttributeError, TypeError, ValueError) as exc:
        raise r.fail("round.meta", f"malformed ({exc})") from None
    cl = r.obj(doc.get("checklist"), "checklist")
    cl_source = r.text(cl, "source", "checklist", required=True, limit=2_000_000)
    try:
        checklist = checklist_mod.parse(cl_source, f"{source}: checklist")
    except ChecklistError as exc:
        raise BundleError(str(exc)) from None

    sites: list[Site] = []
    for i, item in enumerate(r.arr(doc.get("sites"), "sites")):
        where = f"sites[{i}]"
        s = r.obj(item, where)
        seq = r.int_or_none(s, "seq", where)
        sites.append(
            Site(
                seq=seq if seq is not None else i + 1,
                kind=r.enum(SiteKind, s.get("kind"), f"{where}.kind"),
                name=r.text(s, "name", where, required=True, limit=1000),
                short_name=r.text(s, "short_name", where, required=True, limit=1000),
                supervisor=r.text(s, "supervisor", where, limit=1000),
                owner=r.text(s, "owner", where, limit=1000),
                code=r.text(s, "code", where, limit=100),
                url=r.text(s, "url", where, limit=2000),
                parent=r.text(s, "parent", where, limit=1000),
                level=r.text(s, "level", where, limit=1000),
            )
        )
    if not sites:
        raise r.fail("sites", "a bundle needs its roster snapshot (no sites given)")
    uids = [s.uid for s in sites]
    if len(set(uids)) != len(uids):
        dup = next(u for u in uids if uids.count(u) > 1)
        raise r.fail("sites", f"site {dup!r} appears twice")
    known = set(uids)

    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for i, item in enumerate(r.arr(doc.get("findings", []), "findings")):
        where = f"findings[{i}]"
        f = r.obj(item, where)
        uid = r.text(f, "site_uid", where, required=True, limit=1000)
        if uid not in known:
            raise r.fail(f"{where}.site_uid", f"{uid!r} is not a site of this bundle's roster")
        category = r.text(f, "category", where, required=True, limit=100)
        if not checklist.has(category):
            raise r.fail(
                f"{where}.category", f"unknown category {category!r} for checklist {checklist.id}"
            )
        if (uid, category) in seen:
            raise r.fail(where, f"a second {category} finding for {uid!r}")
        seen.add((uid, category))
        elements = r.arr(f.get("elements", []), f"{where}.elements")
        if not all(isinstance(e, str) and len(e) <= 200 for e in elements):
            raise r.fail(f"{where}.elements", "expected a list of element names (text)")
        findings.append(
            Finding(
                site_uid=uid,
                category=category,
                count=r.int_or_none(f, "count", where),
                age=r.text(f, "age", where, limit=100),
                elements=tuple(elements),
                qualifier=r.enum(Qualifier, f.get("qualifier", ""), f"{where}.qualifier"),
                scope=r.enum(Scope, f.get("scope", ""), f"{where}.scope"),
                detail=r.text(f, "detail", where),
                wording=r.text(f, "wording", where),
                note=r.text(f, "note", where),
                carried_from=r.text(f, "carried_from", where, limit=100),
            )
        )

    overrides: list[VerdictOverride] = []
    for i, item in enumerate(r.arr(doc.get("overrides", []), "overrides")):
        where = f"overrides[{i}]"
        o = r.obj(item, where)
        uid = r.text(o, "site_uid", where, required=True, limit=1000)
        if uid not in known:
            raise r.fail(f"{where}.site_uid", f"{uid!r} is not a site of this bundle's roster")
        overrides.append(
            VerdictOverride(
                site_uid=uid,
                verdict=r.enum(Verdict, o.get("verdict"), f"{where}.verdict"),
                reason=r.text(o, "reason", where, required=True),
            )
        )

    progress: dict[str, Progress] = {}
    for uid, status in r.obj(doc.get("progress", {}), "progress").items():
        if uid not in known:
            raise r.fail(f"progress.{uid}", "not a site of this bundle's roster")
        progress[uid] = r.enum(Progress, status, f"progress.{uid}")

    return Bundle(
        source=source,
        inspector=r.text(doc, "inspector", "(top level)", limit=200) or "unknown",
        key=key,
        title=r.text(rnd, "title", "round", limit=1000),
        script=r.enum(Script, rnd.get("script", Script.HANS.value), "round.script"),
        previous_key=r.text(rnd, "previous_key", "round", limit=100),
        meta=meta,
        checklist_id=r.text(cl, "id", "checklist", limit=200) or checklist.id,
        checklist_source=cl_source,
        sites=tuple(sites),
        findings=tuple(findings),
        overrides=tuple(overrides),
        progress=progress,
    )


# -- merging -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    site_uid: str
    site_name: str
    entry: str  # a category id, or "verdict"
    values: Mapping[str, str]  # inspector → what they recorded ("—" for nothing)

    def __str__(self) -> str:
        shown = "; ".join(f"{who}: {what}" for who, what in self.values.items())
        return f"{self.site_name} / {self.entry}: {shown}"


@dataclass(frozen=True)
class MergeResult:
    findings: tuple[Finding, ...]
    overrides: tuple[VerdictOverride, ...]
    progress: Mapping[str, Progress]
    conflicts: tuple[Conflict, ...]
    merged_silently: int


_PROGRESS_RANK = {Progress.NOT_STARTED: 0, Progress.IN_PROGRESS: 1, Progress.DONE: 2}


def _describe(f: Finding | None) -> str:
    if f is None:
        return "—"
    parts = [f.category]
    if f.count is not None:
        parts.append(str(f.count))
    if f.elements:
        parts.append("、".join(f.elements))
    if f.wording:
        parts.append(f"“{f.wording}”")
    return " ".join(parts)


def merge(
    bundles: Sequence[Bundle],
    prefer: str | None = None,
    choices: Mapping[tuple[str, str], str] | None = None,
) -> MergeResult:
    """Combine several inspectors' bundles of one round, per site and category.

    Only the sites an inspector checked count as that inspector's claim. Identical claims
    merge silently; different ones are conflicts, resolved by `choices` ((site uid, entry)
    → inspector, as the user picked them one by one), then by `prefer` (an inspector name)
    when given, else returned for the user to resolve.
    """
    choices = choices or {}
    if not bundles:
        raise BundleError("nothing to merge")
    keys = {b.key for b in bundles}
    if len(keys) > 1:
        raise BundleError(
            f"bundles of different rounds cannot be merged: {', '.join(sorted(keys))}"
        )
    names = [b.inspector for b in bundles]
    if prefer is not None and prefer not in names:
        raise BundleError(
            f"--prefer {prefer!r}: no bundle is by that inspector (bundles by {', '.join(names)})"
        )
    sources = {b.checklist_source for b in bundles}
    if len(sources) > 1:
        raise BundleError("the bundles were made with different checklists and cannot be merged")
    site_names = {s.uid: s.name for b in bundles for s in b.sites}

    findings: dict[tuple[str, str], Finding] = {}
    overrides: dict[str, VerdictOverride] = {}
    progress: dict[str, Progress] = {}
    conflicts: list[Conflict] = []
    silent = 0
    categories = sorted({f.category for b in bundles for f in b.findings})
    all_sites = sorted({uid for b in bundles for uid in b.claimed_sites()})
    for uid in all_sites:
        claimants = [b for b in bundles if uid in b.claimed_sites()]
        for b in claimants:
            p = b.progress.get(uid, Progress.IN_PROGRESS)
            if _PROGRESS_RANK[p] > _PROGRESS_RANK[progress.get(uid, Progress.NOT_STARTED)]:
                progress[uid] = p
        for category in categories:
            claims = {
                b.inspector: next(
                    (f for f in b.findings if f.site_uid == uid and f.category == category), None
                )
                for b in claimants
            }
            chosen = _resolve(claims, choices.get((uid, category), prefer))
            if chosen is _CONFLICT:
                conflicts.append(
                    Conflict(
                        uid,
                        site_names.get(uid, uid),
                        category,
                        {k: _describe(v) for k, v in claims.items()},
                    )
                )
                continue
            if len(claims) > 1:
                silent += 1
            if isinstance(chosen, Finding):
                findings[(uid, category)] = chosen
        verdict_claims = {
            b.inspector: next((o for o in b.overrides if o.site_uid == uid), None)
            for b in claimants
        }
        chosen_o = _resolve(verdict_claims, choices.get((uid, "verdict"), prefer))
        if chosen_o is _CONFLICT:
            conflicts.append(
                Conflict(
                    uid,
                    site_names.get(uid, uid),
                    "verdict",
                    {
                        k: "—" if v is None else f"{v.verdict.value} ({v.reason})"
                        for k, v in verdict_claims.items()
                    },
                )
            )
        elif isinstance(chosen_o, VerdictOverride):
            overrides[uid] = chosen_o
    return MergeResult(
        findings=tuple(findings.values()),
        overrides=tuple(overrides.values()),
        progress=progress,
        conflicts=tuple(conflicts),
        merged_silently=silent,
    )


_CONFLICT = object()


def _resolve(claims: Mapping[str, Any], prefer: str | None) -> Any:
    values = list(claims.values())
    if all(v == values[0] for v in values):
        return values[0]
    if prefer is not None and prefer in claims:
        return claims[prefer]
    return _CONFLICT
