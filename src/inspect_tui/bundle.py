"""Round bundles: one inspector's round as a versioned JSON file, and merging several of them.

Format (documented in docs/bundle.md, schema in docs/bundle.schema.json):

    {"format": "inspect-tui-bundle", "version": 2, "id": "<hex>", "inspector": "...",
     "exported_at": "...", "round": {"key", "title", "script", "status", "previous_key", "meta"},
     "checklist": {"id", "source"}, "sites": [...], "findings": [...],
     "overrides": [...], "progress": {"<site uid>": "not_started|in_progress|done"},
     "followups": [{"site_uid", "category", "status": "present|fixed"}]}

Version 1 files (no id, no follow-ups) are still read. Parsing is pure and every text passes
`validate` (the roster's rules); any problem is one `BundleError` line naming the file and the
field. Applying a bundle to the store happens in one transaction, so a rejected bundle leaves
the database exactly as it was.

A bundle's identity in a merge is its own `id`, made afresh for each export: two inspectors
with one login name (two laptops, one default) are two parties, never one.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from . import checklist as checklist_mod
from .checklist import ChecklistError
from .model import (
    Finding,
    FollowUp,
    Progress,
    Qualifier,
    RoundMeta,
    Scope,
    Script,
    Site,
    SiteKind,
    Verdict,
    VerdictOverride,
    code_is_valid,
    finding_to_dict,
    site_to_dict,
)
from .validate import FieldError, bad_character, normalise_round_key, too_long

FORMAT = "inspect-tui-bundle"
VERSION = 2
READABLE_VERSIONS = (1, 2)  # version 2 added "id" and "followups"; both are optional
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
    # Follow-up marks on the previous round's findings: (site uid, category) → present/fixed.
    followups: Mapping[tuple[str, str], FollowUp] = field(default_factory=dict)
    # This bundle's identity in a merge; made per export (`new_bundle_id`).
    bundle_id: str = ""

    def claimed_sites(self) -> set[str]:
        """Sites this inspector actually checked: started, or with a finding or an override."""
        claimed = {uid for uid, p in self.progress.items() if p is not Progress.NOT_STARTED}
        claimed |= {f.site_uid for f in self.findings}
        claimed |= {o.site_uid for o in self.overrides}
        return claimed


def new_bundle_id() -> str:
    return uuid.uuid4().hex


# -- writing -------------------------------------------------------------------------------


def dump(bundle: Bundle, exported_at: str | None = None) -> bytes:
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "id": bundle.bundle_id or new_bundle_id(),
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
        "followups": [
            {"site_uid": uid, "category": category, "status": status.value}
            for (uid, category), status in sorted(bundle.followups.items())
        ],
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# -- reading -------------------------------------------------------------------------------

MAX_INT_DIGITS = 20  # longer numbers are refused while parsing (Python refuses > 4,300 anyway)
_BUNDLE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}", re.ASCII)


class _TooBig(Exception):
    """Raised from inside json.loads for a number no field can hold."""

    def __init__(self, text: str) -> None:
        self.text = text


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _TooBig(text)
    return int(text)


def _parse_constant(text: str) -> Any:
    raise _TooBig(text)  # NaN, Infinity: no field of a bundle holds one


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

    def check(self, value: str, field: str, where: str) -> str:
        """`value` if `validate` accepts it for `field` (characters, length), else BundleError."""
        problem = too_long(value, field) or bad_character(
            value.replace("\r\n", "\n") if field == "checklist" else value,
            multiline=field in _MULTILINE,
        )
        if problem is not None:
            raise self.fail(where, problem)
        return value

    def text(
        self,
        data: Mapping[str, Any],
        key: str,
        where: str,
        *,
        required: bool = False,
        field: str | None = None,
    ) -> str:
        value = data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            raise self.fail(f"{where}.{key}", f"expected text, got {type(value).__name__}")
        if required and not value.strip():
            raise self.fail(f"{where}.{key}", "must not be empty")
        return self.check(value, field or key, f"{where}.{key}")

    def round_key(self, data: Mapping[str, Any], key: str, where: str, *, required: bool) -> str:
        value = data.get(key)
        if not required and (value is None or value == ""):
            return ""
        if not isinstance(value, str):
            raise self.fail(f"{where}.{key}", f"expected text, got {type(value).__name__}")
        try:
            return normalise_round_key(value, where=f"{where}.{key}")
        except FieldError as exc:
            raise self.fail(exc.field, exc.reason) from None

    def int_or_none(self, data: Mapping[str, Any], key: str, where: str) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000:
            shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:39] + "…"
            raise self.fail(
                f"{where}.{key}", f"expected a whole number from 0 to 1000000, got {shown}"
            )
        return value

    def enum(self, enum_type: Any, value: Any, where: str) -> Any:
        try:
            return enum_type(value)
        except (ValueError, TypeError):
            allowed = ", ".join(repr(e.value) for e in enum_type)
            shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:39] + "…"
            raise self.fail(where, f"{shown} is not one of {allowed}") from None

    def uid(self, data: Mapping[str, Any], where: str, known: set[str]) -> str:
        uid = self.text(data, "site_uid", where, required=True, field="name")
        if uid not in known:
            raise self.fail(
                f"{where}.site_uid", f"{_short(uid)!r} is not a site of this bundle's roster"
            )
        return uid


_MULTILINE = frozenset({"detail", "wording", "note", "reason", "meta", "checklist"})


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _key(text: str) -> str:
    """An object key as shown in an error: as is when it is plain text, else escaped."""
    return _short(text) if bad_character(text) is None else _short(ascii(text))


def _load_json(data: bytes, source: str) -> Any:
    if len(data) > MAX_BYTES:
        raise BundleError(f"{source}: the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        return json.loads(
            data.decode("utf-8-sig"), parse_int=_parse_int, parse_constant=_parse_constant
        )
    except UnicodeDecodeError as exc:
        raise BundleError(f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise BundleError(
            f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except _TooBig as exc:
        if not exc.text.lstrip("-").isdigit():  # NaN, Infinity
            raise BundleError(f"{source}: {exc.text} is not a value a bundle holds") from None
        raise BundleError(
            f"{source}: the number {_short(exc.text, 20)} is too large for any field "
            f"(at most {MAX_INT_DIGITS} digits)"
        ) from None
    except RecursionError:
        raise BundleError(f"{source}: nested too deeply to be a bundle") from None
    except ValueError as exc:  # anything else json refuses; one line, never a traceback
        raise BundleError(f"{source}: not valid JSON ({exc})") from None


def parse(data: bytes, source: str) -> Bundle:
    """Validate and read a bundle; raises BundleError naming the file and the field."""
    r = _Reader(source)
    doc = r.obj(_load_json(data, source), "(top level)")
    if doc.get("format") != FORMAT:
        raise r.fail("format", f'expected "{FORMAT}", got {_short(repr(doc.get("format")))}')
    version = doc.get("version")
    if version not in READABLE_VERSIONS or isinstance(version, bool):
        raise r.fail(
            "version",
            f"this inspect-tui reads versions {', '.join(map(str, READABLE_VERSIONS))}, "
            f"the file is version {_short(repr(version))}",
        )
    bundle_id = doc.get("id")
    if bundle_id is None:  # version 1: the content names the bundle
        bundle_id = "sha256-" + hashlib.sha256(data).hexdigest()[:32]
    elif not isinstance(bundle_id, str) or _BUNDLE_ID.fullmatch(bundle_id) is None:
        raise r.fail("id", "expected 1 to 64 ASCII letters, digits, - or _")
    rnd = r.obj(doc.get("round"), "round")
    key = r.round_key(rnd, "key", "round", required=True)
    meta = _meta(r, r.obj(rnd.get("meta", {}), "round.meta"))
    cl = r.obj(doc.get("checklist"), "checklist")
    cl_source = r.text(cl, "source", "checklist", required=True, field="checklist")
    try:
        checklist = checklist_mod.parse(cl_source, f"{source}: checklist")
    except ChecklistError as exc:
        raise BundleError(str(exc)) from None

    sites = _sites(r, doc)
    known = {s.uid for s in sites}

    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for i, item in enumerate(r.arr(doc.get("findings", []), "findings")):
        where = f"findings[{i}]"
        f = r.obj(item, where)
        uid = r.uid(f, where, known)
        category = r.text(f, "category", where, required=True)
        if not checklist.has(category):
            raise r.fail(
                f"{where}.category",
                f"unknown category {_short(category)!r} for checklist {checklist.id}",
            )
        if (uid, category) in seen:
            raise r.fail(where, f"a second {category} finding for {_short(uid)!r}")
        seen.add((uid, category))
        elements = r.arr(f.get("elements", []), f"{where}.elements")
        for j, e in enumerate(elements):
            if not isinstance(e, str):
                raise r.fail(f"{where}.elements[{j}]", "expected an element name (text)")
            r.check(e, "element", f"{where}.elements[{j}]")
        findings.append(
            Finding(
                site_uid=uid,
                category=category,
                count=r.int_or_none(f, "count", where),
                age=r.text(f, "age", where),
                elements=tuple(elements),
                qualifier=r.enum(Qualifier, f.get("qualifier", ""), f"{where}.qualifier"),
                scope=r.enum(Scope, f.get("scope", ""), f"{where}.scope"),
                detail=r.text(f, "detail", where),
                wording=r.text(f, "wording", where),
                note=r.text(f, "note", where),
                carried_from=r.round_key(f, "carried_from", where, required=False),
            )
        )

    overrides: list[VerdictOverride] = []
    overridden: set[str] = set()
    for i, item in enumerate(r.arr(doc.get("overrides", []), "overrides")):
        where = f"overrides[{i}]"
        o = r.obj(item, where)
        uid = r.uid(o, where, known)
        if uid in overridden:
            raise r.fail(f"{where}.site_uid", f"a second verdict override for {_short(uid)!r}")
        overridden.add(uid)
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
            raise r.fail(f"progress.{_key(uid)}", "not a site of this bundle's roster")
        progress[uid] = r.enum(Progress, status, f"progress.{uid}")

    followups: dict[tuple[str, str], FollowUp] = {}
    for i, item in enumerate(r.arr(doc.get("followups", []), "followups")):
        where = f"followups[{i}]"
        m = r.obj(item, where)
        uid = r.uid(m, where, known)
        category = r.text(m, "category", where, required=True)
        if not checklist.has(category):
            raise r.fail(f"{where}.category", f"unknown category {_short(category)!r}")
        if (uid, category) in followups:
            raise r.fail(where, f"a second follow-up mark for {_short(uid)!r} / {category}")
        followups[(uid, category)] = r.enum(FollowUp, m.get("status"), f"{where}.status")

    return Bundle(
        source=source,
        inspector=r.text(doc, "inspector", "(top level)") or "unknown",
        key=key,
        title=r.text(rnd, "title", "round"),
        script=r.enum(Script, rnd.get("script", Script.HANS.value), "round.script"),
        previous_key=r.round_key(rnd, "previous_key", "round", required=False),
        meta=meta,
        checklist_id=r.text(cl, "id", "checklist", field="title") or checklist.id,
        checklist_source=cl_source,
        sites=sites,
        findings=tuple(findings),
        overrides=tuple(overrides),
        progress=progress,
        followups=followups,
        bundle_id=bundle_id,
    )


def _meta(r: _Reader, meta_raw: Mapping[str, Any]) -> RoundMeta:
    for name, value in meta_raw.items():
        where = f"round.meta.{_key(name)}"
        if name == "narratives":
            for i, n in enumerate(r.arr(value, where)):
                item = r.obj(n, f"{where}[{i}]")
                r.text(item, "text", f"{where}[{i}]", field="meta")
                r.text(item, "category", f"{where}[{i}]", field="category")
        elif name == "category_phrases":
            for k, v in r.obj(value, where).items():
                r.check(k, "category", f"{where} (a key)")
                if not isinstance(v, str):
                    raise r.fail(f"{where}.{_key(k)}", f"expected text, got {type(v).__name__}")
                r.check(v, "meta", f"{where}.{_key(k)}")
        elif not isinstance(value, str):
            raise r.fail(where, f"expected text, got {type(value).__name__}")
        else:
            r.check(value, "meta", where)
    try:
        return RoundMeta.from_dict(dict(meta_raw))
    except (AttributeError, TypeError, ValueError) as exc:
        raise r.fail("round.meta", f"malformed ({_short(str(exc), 80)})") from None


def _sites(r: _Reader, doc: Mapping[str, Any]) -> tuple[Site, ...]:
    sites: list[Site] = []
    for i, item in enumerate(r.arr(doc.get("sites"), "sites")):
        where = f"sites[{i}]"
        s = r.obj(item, where)
        seq = r.int_or_none(s, "seq", where)
        code = r.text(s, "code", where)
        if code and not code_is_valid(code):  # the roster's rule
            raise r.fail(f"{where}.code", f"{_short(code)!r} is not a site code")
        sites.append(
            Site(
                seq=seq if seq is not None else i + 1,
                kind=r.enum(SiteKind, s.get("kind"), f"{where}.kind"),
                name=r.text(s, "name", where, required=True),
                short_name=r.text(s, "short_name", where, required=True),
                supervisor=r.text(s, "supervisor", where),
                owner=r.text(s, "owner", where),
                code=code,
                url=r.text(s, "url", where),
                parent=r.text(s, "parent", where),
                level=r.text(s, "level", where),
            )
        )
    if not sites:
        raise r.fail("sites", "a bundle needs its roster snapshot (no sites given)")
    # The roster's rules: one site per full name and per code (in any case), so that the
    # round's roster exports and imports again.
    for what, values in (
        ("site", [s.uid for s in sites]),
        ("name", [s.name for s in sites]),
        ("code", [s.code.casefold() for s in sites if s.code]),
    ):
        dup = next((v for v, n in Counter(values).items() if n > 1), None)
        if dup is not None:
            raise r.fail("sites", f"{what} {_short(dup)!r} appears twice")
    return tuple(sites)


# -- merging -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    site_uid: str
    site_name: str
    entry: str  # a category id, or "verdict"
    values: Mapping[str, str]  # party (see `party_labels`) → what they recorded ("—" for nothing)

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
    followups: Mapping[tuple[str, str], FollowUp] = field(default_factory=dict)


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


def party_labels(bundles: Sequence[Bundle]) -> list[str]:
    """One distinct name per bundle, in order: the inspector, or "inspector (file)" when two
    bundles have the same inspector (and a number when even that repeats)."""
    names = Counter(b.inspector for b in bundles)
    labels = [
        b.inspector if names[b.inspector] == 1 else f"{b.inspector} ({b.source})" for b in bundles
    ]
    seen: Counter[str] = Counter()
    out = []
    for label in labels:
        seen[label] += 1
        out.append(label if seen[label] == 1 else f"{label} #{seen[label]}")
    return out


def same_bundle(bundles: Sequence[Bundle]) -> tuple[Bundle, Bundle] | None:
    """Two of `bundles` with one id (one export given twice), or None."""
    seen: dict[str, Bundle] = {}
    for b in bundles:
        if b.bundle_id and b.bundle_id in seen:
            return seen[b.bundle_id], b
        seen.setdefault(b.bundle_id, b)
    return None


def resolve_prefer(bundles: Sequence[Bundle], prefer: str) -> str:
    """The party label `prefer` names: a label, or an inspector with exactly one bundle."""
    labels = party_labels(bundles)
    if prefer in labels:
        return prefer
    matching = [label for b, label in zip(bundles, labels, strict=True) if b.inspector == prefer]
    if len(matching) == 1:
        return matching[0]
    if matching:
        raise BundleError(
            f"--prefer {prefer!r}: several bundles are by that inspector; name one of "
            + ", ".join(repr(m) for m in matching)
        )
    raise BundleError(
        f"--prefer {prefer!r}: no bundle is by that inspector (bundles by {', '.join(labels)})"
    )


@dataclass
class _Party:
    """One bundle's claims, indexed once so that merging is linear in the number of entries."""

    label: str
    bundle: Bundle
    claimed: set[str]
    findings: dict[str, dict[str, Finding]]
    overrides: dict[str, VerdictOverride]
    followups: dict[str, dict[str, FollowUp]]

    @classmethod
    def of(cls, label: str, b: Bundle) -> _Party:
        findings: dict[str, dict[str, Finding]] = {}
        for f in b.findings:
            findings.setdefault(f.site_uid, {})[f.category] = f
        followups: dict[str, dict[str, FollowUp]] = {}
        for (uid, category), status in b.followups.items():
            followups.setdefault(uid, {})[category] = status
        return cls(
            label,
            b,
            b.claimed_sites() | set(followups),
            findings,
            {o.site_uid: o for o in b.overrides},
            followups,
        )


def _check_rosters(bundles: Sequence[Bundle], parties: Sequence[_Party]) -> None:
    """Every claimed site must be in the first bundle's roster, which is the one written."""
    base = bundles[0]
    roster = {s.uid for s in base.sites}
    for p in parties[1:]:
        extra = sorted(p.claimed - roster)
        if extra:
            raise BundleError(
                f"{p.bundle.source}: site {_short(extra[0])!r} is not in the round's roster "
                f"(from {base.source}); bundles of one round must share its roster"
            )


def merge(
    bundles: Sequence[Bundle],
    prefer: str | None = None,
    choices: Mapping[tuple[str, str], str] | None = None,
) -> MergeResult:
    """Combine several inspectors' bundles of one round, per site and category.

    Each bundle is one party, named by `party_labels` (two bundles by one inspector are two
    parties). Only the sites a party checked count as its claim. Identical claims merge
    silently; different ones are conflicts, resolved by `choices` ((site uid, entry) → party,
    as the user picked them one by one), then by `prefer` (a party or an inspector name) when
    given, else returned for the user to resolve. Linear in the number of entries.
    """
    choices = choices or {}
    if not bundles:
        raise BundleError("nothing to merge")
    keys = {b.key for b in bundles}
    if len(keys) > 1:
        raise BundleError(
            f"bundles of different rounds cannot be merged: {', '.join(sorted(keys))}"
        )
    twice = same_bundle(bundles)
    if twice is not None:
        raise BundleError(
            f"{twice[0].source} and {twice[1].source} are the same bundle (one export given "
            "twice); give each file once"
        )
    preferred = resolve_prefer(bundles, prefer) if prefer is not None else None
    sources = {b.checklist_source for b in bundles}
    if len(sources) > 1:
        raise BundleError("the bundles were made with different checklists and cannot be merged")
    parties = [_Party.of(label, b) for label, b in zip(party_labels(bundles), bundles, strict=True)]
    _check_rosters(bundles, parties)
    site_names = {s.uid: s.name for b in reversed(bundles) for s in b.sites}

    findings: dict[tuple[str, str], Finding] = {}
    overrides: dict[str, VerdictOverride] = {}
    progress: dict[str, Progress] = {}
    followups: dict[tuple[str, str], FollowUp] = {}
    conflicts: list[Conflict] = []
    silent = 0
    categories = {f.category for b in bundles for f in b.findings}
    claimants_of: dict[str, list[_Party]] = {}
    for p in parties:
        for uid in p.claimed:
            claimants_of.setdefault(uid, []).append(p)
    for uid in sorted(claimants_of):
        claimants = claimants_of[uid]
        for p in claimants:
            status = p.bundle.progress.get(uid, Progress.IN_PROGRESS)
            if _PROGRESS_RANK[status] > _PROGRESS_RANK[progress.get(uid, Progress.NOT_STARTED)]:
                progress[uid] = status
        site_categories = sorted({c for p in claimants for c in p.findings.get(uid, {})})
        if len(claimants) > 1:  # categories nobody found here: every claim agrees on "none"
            silent += len(categories) - len(site_categories)
        winners: dict[str, str | None] = {}
        for category in site_categories:
            claims = {p.label: p.findings.get(uid, {}).get(category) for p in claimants}
            winner = _resolve(claims, choices.get((uid, category), preferred))
            if winner is _CONFLICT:
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
            chosen = claims[winner] if winner is not None else next(iter(claims.values()))
            winners[category] = winner
            if chosen is not None:
                findings[(uid, category)] = chosen
        _merge_followups(uid, claimants, winners, site_categories, followups)
        verdict_claims = {p.label: p.overrides.get(uid) for p in claimants}
        winner = _resolve(verdict_claims, choices.get((uid, "verdict"), preferred))
        if winner is _CONFLICT:
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
        else:
            chosen_o = (
                verdict_claims[winner]
                if winner is not None
                else next(iter(verdict_claims.values()))
            )
            if chosen_o is not None:
                overrides[uid] = chosen_o
    return MergeResult(
        findings=tuple(findings.values()),
        overrides=tuple(overrides.values()),
        progress=progress,
        conflicts=tuple(conflicts),
        merged_silently=silent,
        followups=followups,
    )


def _merge_followups(
    uid: str,
    claimants: Sequence[_Party],
    winners: Mapping[str, str | None],
    site_categories: Sequence[str],
    out: dict[tuple[str, str], FollowUp],
) -> None:
    """A follow-up mark goes with its finding: the winning party's mark when the finding was
    chosen from one party, else the first mark any claimant made (a mark beats none)."""
    marked = {c for p in claimants for c in p.followups.get(uid, {})}
    for category in sorted(marked):
        if category in site_categories and category not in winners:
            continue  # the finding is in conflict: its mark waits for the choice
        winner = winners.get(category)
        by_party = {p.label: p.followups.get(uid, {}).get(category) for p in claimants}
        mark = (
            by_party.get(winner)
            if winner is not None
            else next((m for m in by_party.values() if m is not None), None)
        )
        if mark is not None:
            out[(uid, category)] = mark


_CONFLICT: Any = object()


def _resolve(claims: Mapping[str, Any], prefer: str | None) -> Any:
    """None when every claim agrees, the winning party's label, or _CONFLICT."""
    values = list(claims.values())
    if all(v == values[0] for v in values):
        return None
    if prefer is not None and prefer in claims:
        return prefer
    return _CONFLICT
