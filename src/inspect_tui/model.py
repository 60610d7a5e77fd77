"""The domain values: sites, rounds, findings and verdicts.

Pure data: no IO, no Textual, no SQLite, no docx. Everything here is immutable so that a
round read from the store can be handed to `compose` and to the UI without defensive copies.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property
from typing import Any


class Script(StrEnum):
    """The writing system of a round's circular (and of its category labels)."""

    HANS = "zh-Hans"
    HANT = "zh-Hant"


class SiteKind(StrEnum):
    PORTAL = "portal"
    DEPT = "dept"
    SPECIAL = "special"
    CHANNEL = "channel"
    PLATFORM = "platform"


class Verdict(StrEnum):
    PASS = "pass"
    FAIL = "fail"


class FollowUp(StrEnum):
    """What became of a previous round's finding when the site is checked again."""

    PRESENT = "present"  # still present: copied into this round, the site is 整改不到位
    FIXED = "fixed"


class Progress(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class Qualifier(StrEnum):
    """How many of a site's service guides a guide_inaccurate finding covers."""

    NONE = ""
    MOST = "most"  # 多数 / 多數
    SOME = "some"  # 部分
    FEW = "few"  # 个别 / 個別


class Scope(StrEnum):
    """Which service items (事项) a guide_inaccurate finding covers."""

    NONE = ""
    LEGAL = "legal"  # 法人事项
    PERSONAL = "personal"  # 个人事项
    BOTH = "both"  # 法人事项和个人事项


SITE_CODE_RE = re.compile(r"^[0-9A-Za-z]{10}$")
# Formats seen nationally (checklist.md §3): local, provincial vertical, State Council, portal channel.
KNOWN_CODE_PATTERNS = (
    re.compile(r"^\d{10}$"),
    re.compile(r"^\d{2}BM\d{6}$"),
    re.compile(r"^bm\d{8}$"),
    re.compile(r"^N\d{9}$"),
)


def code_is_valid(code: str) -> bool:
    return bool(SITE_CODE_RE.match(code))


def code_is_known_pattern(code: str) -> bool:
    return any(p.match(code) for p in KNOWN_CODE_PATTERNS)


@dataclass(frozen=True, slots=True)
class Site:
    """One website, channel (频道) or platform on the roster.

    `uid` identifies the site across rounds and laptops: its site code when it has one,
    otherwise its full name (platforms often have no code).
    """

    seq: int
    kind: SiteKind
    name: str
    short_name: str
    supervisor: str = ""
    owner: str = ""
    code: str = ""
    url: str = ""
    parent: str = ""
    level: str = ""  # administrative level (市直部门, 县区门户 …), free text; templates group by it

    @property
    def uid(self) -> str:
        return site_uid(self.code, self.name)

    @property
    def supervisor_or_short(self) -> str:
        return self.supervisor or self.short_name


def site_uid(code: str, name: str) -> str:
    return code if code else f"name:{name}"


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem of one checklist category on one site.

    `count` is used by count categories, `age` by categories whose sentence names a period
    (e.g. "超过1年"), `elements` (ordered, as entered) by element categories. `wording`
    replaces the generated attachment-3 sentence when set; `note` is private to the inspector.
    `carried_from` marks a problem of an earlier round that is still present (整改不到位).
    """

    site_uid: str
    category: str
    count: int | None = None
    age: str = ""
    elements: tuple[str, ...] = ()
    qualifier: Qualifier = Qualifier.NONE
    scope: Scope = Scope.NONE
    detail: str = ""
    wording: str = ""
    note: str = ""
    carried_from: str = ""  # key of the earlier round where this problem was found and persists

    def with_changes(self, **changes: Any) -> Finding:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class VerdictOverride:
    site_uid: str
    verdict: Verdict
    reason: str


@dataclass(frozen=True)
class Narrative:
    """A free paragraph in section 二 (e.g. the seed's 二(五)), numbered after the categories."""

    text: str
    category: str = ""


@dataclass(frozen=True)
class RoundMeta:
    """Everything the circular needs that is not derived from the findings.

    Empty strings mean "inherited": from the office (`Office`), else the template's default
    wording for the round's script, else a gap that preflight reports (meta_fields.py).
    """

    doc_number: str = ""
    addressees: str = ""
    basis: str = ""
    inspector: str = ""
    period: str = ""
    scope: str = ""
    overall_remark: str = ""
    period_label: str = ""
    requirements: str = ""
    deadline: str = ""
    report_to: str = ""
    closing: str = ""
    contact: str = ""
    phone: str = ""
    issuer: str = ""
    date: str = ""
    note: str = ""
    attachment_numerals: str = "arabic"  # "arabic" (附件1, GB/T 9704) or "chinese" (附件一)
    template: str = ""  # the circular template's name or file ("" = district-quarterly)
    # sites in the roster the round's sites were drawn from, when it checks a sample ("" = all)
    population: str = ""
    narratives: tuple[Narrative, ...] = ()
    category_phrases: tuple[tuple[str, str], ...] = ()  # (category id, body phrase override)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            name: getattr(self, name)
            for name in self.__dataclass_fields__
            if name not in ("narratives", "category_phrases")
        }
        data["narratives"] = [{"text": n.text, "category": n.category} for n in self.narratives]
        data["category_phrases"] = {k: v for k, v in self.category_phrases}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RoundMeta:
        known = set(cls.__dataclass_fields__)
        plain = {
            k: str(v)
            for k, v in data.items()
            if k in known and k not in ("narratives", "category_phrases") and v is not None
        }
        narratives = tuple(
            Narrative(text=str(n.get("text", "")), category=str(n.get("category", "")))
            for n in data.get("narratives", []) or []
        )
        phrases = tuple((str(k), str(v)) for k, v in (data.get("category_phrases") or {}).items())
        return cls(**plain, narratives=narratives, category_phrases=phrases)


# The office's standing facts (store/office.py): every round resolves an empty metadata field
# from these (meta_fields.resolve); the round's own value overrides them per circular.
OFFICE_META_FIELDS = (
    "issuer",
    "addressees",
    "report_to",
    "contact",
    "phone",
    "inspector",
    "basis",
    "scope",
    "requirements",
    "closing",
    "template",
)
# Fields that shape the exported file rather than its text.
OFFICE_FILE_FIELDS = ("font_profile", "letterhead", "issuer_mark")
OFFICE_FIELDS = OFFICE_META_FIELDS + OFFICE_FILE_FIELDS
LETTERHEADS = ("none", "file", "letter")  # none: pre-printed paper; 文件格式; 信函格式


@dataclass(frozen=True)
class Office:
    """The office that issues the circulars (发文机关) and what it says in every one of them.

    Empty strings are unset. `letterhead` is "none" (printed on pre-printed letterhead paper),
    "file" (文件格式 版头) or "letter" (信函格式); `issuer_mark` is the 发文机关标志 it shows.
    """

    issuer: str = ""
    addressees: str = ""
    report_to: str = ""
    contact: str = ""
    phone: str = ""
    inspector: str = ""
    basis: str = ""
    scope: str = ""
    requirements: str = ""
    closing: str = ""
    template: str = ""
    font_profile: str = ""
    letterhead: str = ""
    issuer_mark: str = ""

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in OFFICE_FIELDS)

    def to_dict(self) -> dict[str, str]:
        return {name: str(getattr(self, name)) for name in OFFICE_FIELDS}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Office:
        return cls(**{k: str(v) for k, v in data.items() if k in OFFICE_FIELDS and v is not None})


ROUND_KEY_RE = re.compile(r"^(?P<year>\d{4})Q(?P<quarter>[1-4])$")


@dataclass(frozen=True)
class Round:
    key: str
    title: str
    script: Script = Script.HANS
    status: str = "open"  # "open" or "final"
    previous_key: str = ""
    meta: RoundMeta = field(default_factory=RoundMeta)

    @property
    def year_quarter(self) -> tuple[int, int] | None:
        m = ROUND_KEY_RE.match(self.key)
        if not m:
            return None
        return int(m["year"]), int(m["quarter"])

    @property
    def is_final(self) -> bool:
        return self.status == "final"


@dataclass(frozen=True)
class RoundData:
    """A round with everything `compose` needs: its roster snapshot, findings and overrides."""

    round: Round
    sites: tuple[Site, ...]
    findings: tuple[Finding, ...]
    overrides: tuple[VerdictOverride, ...] = ()

    # Indexes built on first use: looking findings up by scanning them was quadratic, hours
    # at census size (84,094 sites, 57,000 findings).
    @cached_property
    def findings_by_site(self) -> dict[str, list[Finding]]:
        index: dict[str, list[Finding]] = {}
        for f in self.findings:
            index.setdefault(f.site_uid, []).append(f)
        return index

    @cached_property
    def override_by_site(self) -> dict[str, VerdictOverride]:
        index: dict[str, VerdictOverride] = {}
        for o in self.overrides:
            index.setdefault(o.site_uid, o)  # the first override of a site wins
        return index

    def findings_for(self, uid: str) -> list[Finding]:
        return list(self.findings_by_site.get(uid, ()))

    def override_for(self, uid: str) -> VerdictOverride | None:
        return self.override_by_site.get(uid)


def site_to_dict(s: Site) -> dict[str, Any]:
    """A site as plain data (bundles, the store's rows), without its derived uid."""
    return {
        "seq": s.seq,
        "kind": s.kind.value,
        "name": s.name,
        "short_name": s.short_name,
        "supervisor": s.supervisor,
        "owner": s.owner,
        "code": s.code,
        "url": s.url,
        "parent": s.parent,
        "level": s.level,
    }


def finding_to_dict(f: Finding) -> dict[str, Any]:
    return {
        "site_uid": f.site_uid,
        "category": f.category,
        "count": f.count,
        "age": f.age,
        "elements": list(f.elements),
        "qualifier": f.qualifier.value,
        "scope": f.scope.value,
        "detail": f.detail,
        "wording": f.wording,
        "note": f.note,
        "carried_from": f.carried_from,
    }


def finding_from_dict(d: dict[str, Any]) -> Finding:
    """The inverse of `finding_to_dict`; `elements` may also be a JSON string (a stored row)."""
    elements = d.get("elements", [])
    if isinstance(elements, str):
        elements = json.loads(elements)
    count = d.get("count")
    return Finding(
        site_uid=str(d["site_uid"]),
        category=str(d["category"]),
        count=int(count) if count is not None else None,
        age=str(d.get("age") or ""),
        elements=tuple(str(e) for e in elements),
        qualifier=Qualifier(d.get("qualifier") or ""),
        scope=Scope(d.get("scope") or ""),
        detail=str(d.get("detail") or ""),
        wording=str(d.get("wording") or ""),
        note=str(d.get("note") or ""),
        carried_from=str(d.get("carried_from") or ""),
    )
