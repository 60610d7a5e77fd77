"""The figures a circular template may print, computed from the round's records.

Never typed by hand: counts, rates, per-category sites and problems, the previous round and
the change, what was carried over, the sample against its population, and the 不合格 sites
with their reason. Body and attachments read the same records, so they cannot disagree.
Pure: no IO.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..checklist import Checklist
from ..model import Finding, RoundData, Site, SiteKind, Verdict

NO_RATE = "—"  # a rate of nothing (0 of 0): a template may choose its own text


def format_rate(part: int, total: int, decimals: int = 1, none_text: str = NO_RATE) -> str:
    """`part` of `total` as a percentage, rounded half up to `decimals` places: 2/3 → 66.7%,
    1/27 → 3.70% (two places keep their zero), a whole number without decimals (100%, 0%),
    and `none_text` for 0 of 0. Never 100% unless all, never 0% unless none."""
    if total <= 0:
        return none_text
    scale = 10**decimals
    # exact integer arithmetic, half up: no float surprises at any size
    scaled = (2 * part * 100 * scale + total) // (2 * total)
    if part < total and scaled == 100 * scale:
        scaled -= 1  # 99.96% is not "100%"
    if part > 0 and scaled == 0:
        scaled = 1  # 0.004% is not "0%"
    whole, frac = divmod(scaled, scale)
    if frac == 0:
        return f"{whole}%"
    return f"{whole}.{frac:0{decimals}d}%"


def format_ratio(part: int, total: int, decimals: int = 1, none_text: str = NO_RATE) -> str:
    """The sampling ratio, same rules as a rate."""
    return format_rate(part, total, decimals, none_text)


@dataclass(frozen=True)
class CategoryFigures:
    id: str
    label: str
    sites: tuple[str, ...]  # short names, in roster order, each once
    site_count: int
    problems: int  # findings of this category


@dataclass(frozen=True)
class FailingSite:
    name: str
    short_name: str
    reason: str  # the override's reason, else the vetoing categories' labels


@dataclass(frozen=True)
class RoundFigures:
    """The figures of one round (the current one, or the previous one for comparison)."""

    total: int
    by_kind: Mapping[str, int]  # SiteKind value → count, only kinds present, in kind order
    by_level: Mapping[str, int]  # level text → count, in first-seen order ("" = no level)
    passed: int
    failed: int
    pass_rate: str
    fail_rate: str
    with_findings: int  # sites with at least one problem
    problems: int  # findings in all
    sites_with_findings: tuple[str, ...]
    categories: tuple[CategoryFigures, ...]  # only categories with findings, checklist order
    carried_over: int  # problems carried over from the previous round (still present)
    not_rectified: tuple[str, ...]  # sites with a carried-over problem
    failing: tuple[FailingSite, ...]
    verdicts: Mapping[str, Verdict] = field(default_factory=dict, repr=False)  # by site uid


@dataclass(frozen=True)
class Change:
    """This round minus the previous one (positive: more than last time)."""

    total: int
    passed: int
    failed: int
    with_findings: int
    problems: int


@dataclass(frozen=True)
class Figures:
    current: RoundFigures
    previous: RoundFigures | None = None
    change: Change | None = None
    population: int | None = None  # the roster the sample was drawn from, when larger
    sample: int = 0
    sampling_ratio: str = NO_RATE
    decimals: int = 1
    extra: Mapping[str, object] = field(default_factory=dict)

    @property
    def sampled(self) -> bool:
        return self.population is not None and self.population > self.sample


def round_figures(
    data: RoundData,
    checklist: Checklist,
    findings_by_site: Mapping[str, Sequence[Finding]],
    *,
    decimals: int = 1,
    none_text: str = NO_RATE,
) -> RoundFigures:
    """Figures of one round; `findings_by_site` are its effective findings (with what follows
    from them, see compose.effective_findings), in checklist order per site."""
    script = data.round.script.value
    sites = sorted(data.sites, key=lambda s: s.seq)
    overrides = data.override_by_site
    kinds = Counter(s.kind for s in sites)
    levels: Counter[str] = Counter(s.level for s in sites)
    passed = failed = 0
    failing: list[FailingSite] = []
    by_category: dict[str, list[Site]] = {}
    problems_per_category: Counter[str] = Counter()
    with_findings: list[str] = []
    not_rectified: list[str] = []
    carried = 0
    verdicts: dict[str, Verdict] = {}
    for s in sites:
        uid = s.uid
        found = findings_by_site.get(uid, ())
        override = overrides.get(uid)
        # most sites have nothing recorded: 合格 without asking the checklist
        verdict = checklist.verdict(found, override) if found or override else Verdict.PASS
        verdicts[uid] = verdict
        if verdict is Verdict.PASS:
            passed += 1
        else:
            failed += 1
            failing.append(
                FailingSite(s.name, s.short_name, _reason(found, override, checklist, script))
            )
        if found:
            with_findings.append(s.short_name)
        site_carried = [f for f in found if f.carried_from]
        if site_carried:
            not_rectified.append(s.short_name)
            carried += sum(1 for f in site_carried if f.category != "rectify_late")
        for f in found:
            problems_per_category[f.category] += 1
            members = by_category.setdefault(f.category, [])
            if not members or members[-1] is not s:
                members.append(s)
    categories = []
    for cat in checklist.categories:
        hits = by_category.get(cat.id)
        if hits:
            names = tuple(dict.fromkeys(m.short_name for m in hits))
            categories.append(
                CategoryFigures(
                    cat.id, cat.label(script), names, len(hits), problems_per_category[cat.id]
                )
            )
    total = len(sites)
    return RoundFigures(
        total=total,
        by_kind={k.value: kinds[k] for k in SiteKind if kinds[k]},
        by_level=dict(levels),  # a Counter keeps first-seen order: roster order
        passed=passed,
        failed=failed,
        pass_rate=format_rate(passed, total, decimals, none_text),
        fail_rate=format_rate(failed, total, decimals, none_text),
        with_findings=len(with_findings),
        problems=sum(problems_per_category.values()),
        sites_with_findings=tuple(with_findings),
        categories=tuple(categories),
        carried_over=carried,
        not_rectified=tuple(not_rectified),
        failing=tuple(failing),
        verdicts=verdicts,
    )


def _reason(found: Iterable[Finding], override: object, checklist: Checklist, script: str) -> str:
    reason = getattr(override, "reason", "")
    if isinstance(reason, str) and reason.strip():
        return reason.strip()
    labels = dict.fromkeys(
        checklist.category(f.category).label(script) for f in checklist.vetoing(found)
    )
    return "、".join(labels)


def compute_figures(
    current: RoundFigures,
    previous: RoundFigures | None = None,
    *,
    population: int | None = None,
    decimals: int = 1,
    none_text: str = NO_RATE,
) -> Figures:
    """The figures a template sees: this round, the previous one and the change, and the
    sample against its population (`population` is the roster's size when the round checks
    only part of it)."""
    change = None
    if previous is not None:
        change = Change(
            total=current.total - previous.total,
            passed=current.passed - previous.passed,
            failed=current.failed - previous.failed,
            with_findings=current.with_findings - previous.with_findings,
            problems=current.problems - previous.problems,
        )
    ratio = format_ratio(current.total, population or current.total, decimals, none_text)
    return Figures(
        current=current,
        previous=previous,
        change=change,
        population=population,
        sample=current.total,
        sampling_ratio=ratio,
        decimals=decimals,
    )
