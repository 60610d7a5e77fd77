"""The sentences and lists a circular is made of, derived from the round's findings: the
derived 整改不到位, the findings in roster order, the rate, the top elements, the standing
requirements and the problem table (附件三). Pure; compose and the template renderer use them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from ..checklist import Checklist
from ..model import Finding, RoundData, Site, SiteKind
from . import figures
from .blocks import Paragraph, Role, Table
from .wording import Wording, fill

_KIND_ORDER = list(SiteKind)
_ITEM_HEAD = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")


RECTIFY = "rectify_late"


def derived_rectify(site_findings: Iterable[Finding], checklist: Checklist) -> Finding | None:
    """The 整改不到位 finding that follows from one site's findings: one of them was carried
    over from the previous round (still present) and no 整改不到位 was recorded. Else None."""
    if not checklist.has(RECTIFY):
        return None
    carried: Finding | None = None
    for f in site_findings:
        if f.category == RECTIFY:
            return None
        if carried is None and f.carried_from:
            carried = f
    if carried is None:
        return None
    return Finding(carried.site_uid, RECTIFY, carried_from=carried.carried_from)


def effective_findings(data: RoundData, checklist: Checklist) -> list[Finding]:
    """The round's findings plus what follows from them (see `derived_rectify`)."""
    findings = list(data.findings)
    for site_findings in data.findings_by_site.values():
        derived = derived_rectify(site_findings, checklist)
        if derived is not None:
            findings.append(derived)
    return findings


def _ordered_findings(data: RoundData, checklist: Checklist) -> dict[str, list[Finding]]:
    """Findings per site, in checklist order (unknown categories last, so nothing is dropped)."""
    order = {c.id: c.order for c in checklist.categories}
    by_site: dict[str, list[Finding]] = {}
    for f in effective_findings(data, checklist):
        by_site.setdefault(f.site_uid, []).append(f)
    for items in by_site.values():
        items.sort(key=lambda f: order.get(f.category, len(order)))
    return by_site


def _with_colon(text: str) -> str:
    text = text.strip().rstrip(":：")
    return text + "："


def format_rate(passed: int, total: int) -> str:
    """Pass rate as printed in today's district form: 100%, 97.2%, 0% (one decimal, no
    trailing .0; 0 of 0 reads 0%). Other templates choose decimals, see figures.format_rate."""
    return figures.format_rate(passed, total, 1, none_text="0%")


def _unique(names: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for name in names:
        seen.setdefault(name, None)
    return list(seen)


def top_elements(findings: Sequence[Finding], limit: int) -> list[str]:
    """The most frequent elements across sites; ties and output follow first appearance."""
    first_seen: dict[str, int] = {}
    counts: Counter[str] = Counter()
    for f in findings:
        for e in _unique(f.elements):
            first_seen.setdefault(e, len(first_seen))
            counts[e] += 1
    chosen = sorted(counts, key=lambda e: (-counts[e], first_seen[e]))[:limit]
    return sorted(chosen, key=lambda e: first_seen[e])


def _requirements(text: str) -> list[Paragraph]:
    """Section 三: one paragraph per line; "（一）…。" lines get their first sentence as a 楷体 lead."""
    paragraphs: list[Paragraph] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if _ITEM_HEAD.match(line) and "。" in line:
            head, _, rest = line.partition("。")
            paragraphs.append(Paragraph(rest, Role.ITEM, lead=head + "。"))
        else:
            paragraphs.append(Paragraph(line))
    return paragraphs


def _attachment3(
    sites: Sequence[Site],
    findings: dict[str, list[Finding]],
    checklist: Checklist,
    w: Wording,
    script: str,
    carried_suffix: str,
) -> Table:
    rows: list[tuple[tuple[str, ...], ...]] = []
    numbers: list[str] = []  # "1. ", "2. ", … filled once each
    # A sentence depends only on these fields, and at scale most findings repeat (发现1个错别字):
    # one `problem_sentence` per distinct finding, not per site.
    sentences: dict[tuple[object, ...], str] = {}
    for s in sites:
        problems = findings.get(s.uid, ())
        if not problems:
            continue
        while len(numbers) < len(problems):
            numbers.append(fill(w["problem_number"], n=len(numbers) + 1))
        lines: list[str] = []
        for number, f in zip(numbers, problems, strict=False):
            key = (
                f.category,
                f.count,
                f.age,
                f.elements,
                f.qualifier,
                f.scope,
                f.detail,
                f.wording,
            )
            sentence = sentences.get(key)
            if sentence is None:
                sentence = sentences[key] = problem_sentence(checklist, f, script)
            carried = carried_suffix if f.carried_from and f.category != RECTIFY else ""
            lines.append(number + sentence + carried)
        rows.append(((str(len(rows) + 1),), (s.supervisor_or_short,), (s.name,), tuple(lines)))
    if not rows:
        rows.append((("—",), ("—",), ("—",), (w["no_findings_row"],)))
    return Table(
        header=tuple(w.section("attachment3")["headers"]), rows=tuple(rows), widths=(2, 5, 5, 9)
    )


def problem_sentence(checklist: Checklist, finding: Finding, script: str) -> str:
    if checklist.has(finding.category):
        return checklist.problem_sentence(finding, script)
    # A category unknown to this checklist (e.g. from an older snapshot): keep what was said.
    return finding.wording or finding.detail or finding.category
