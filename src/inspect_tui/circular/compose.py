"""Round data → Circular: everything the circular says, derived from the record.

Pure and deterministic. Counts, pass rate, the unit lists of section 二, the attachment list
and the three attachments are computed from the same findings, so the body and the
attachments cannot disagree.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from ..checklist import Checklist
from ..model import Finding, RoundData, Site, SiteKind, Verdict
from ..periods import parse_period, period_words
from . import figures
from .blocks import Attachment, Circular, Paragraph, Role, Table
from .wording import Wording, chinese_numeral, fill, load_wording

_KIND_ORDER = list(SiteKind)
_ITEM_HEAD = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")


def compose(data: RoundData, checklist: Checklist, wording: Wording | None = None) -> Circular:
    rnd = data.round
    w = wording or load_wording(rnd.script)
    meta = rnd.meta
    sites = sorted(data.sites, key=lambda s: s.seq)
    findings = _ordered_findings(data, checklist)
    overrides = data.override_by_site
    verdicts = {
        uid: checklist.verdict(findings.get(uid, ()), overrides.get(uid))
        for uid in (s.uid for s in sites)
    }

    yq = rnd.year_quarter
    quarter = chinese_numeral(yq[1]) if yq else ""
    period_label = meta.period_label or (fill(w["period_label"], quarter=quarter) if yq else "")
    if rnd.title.strip():
        title = rnd.title.strip()
    elif yq:
        title = fill(w["title"], year=yq[0], quarter=quarter)
    else:
        title = w["title_undated"]

    body: list[Paragraph] = [
        Paragraph(
            fill(
                w["opening"],
                basis=meta.basis or w["basis"],
                inspector=meta.inspector or w["inspector"],
                period=meta.period,
                scope=meta.scope or w["scope"],
            )
        ),
        Paragraph(w["heading_overall"], Role.HEADING1),
        Paragraph(_overall(sites, verdicts, meta.overall_remark or w["overall_remark"], w)),
        Paragraph(w["heading_problems"], Role.HEADING1),
        *_problems(data, sites, findings, checklist, w),
        Paragraph(w["heading_requirements"], Role.HEADING1),
        *_requirements(meta.requirements or w["requirements"]),
    ]
    closing = fill(
        meta.closing or w["closing"],
        deadline=meta.deadline,
        report_to=meta.report_to,
        contact=meta.contact,
        phone=meta.phone,
    )
    if closing.strip():
        body.append(Paragraph(closing.strip()))

    words = period_words(parse_period(rnd.key), w.section("periods"))
    carried_suffix = fill(w["carried_suffix"], previous=words["previous"])
    titles = [fill(t, period_label=period_label) for t in w.list("attachment_titles")]
    return Circular(
        script=rnd.script.value,
        title=title,
        doc_number=meta.doc_number,
        addressees=_with_colon(meta.addressees or w["addressees"]),
        body=tuple(body),
        attachment_notes=tuple(
            fill(w["attachment_note"], n=i, title=t) for i, t in enumerate(titles, 1)
        ),
        attachment_intro=w["attachment_intro"],
        issuer=meta.issuer,
        date=meta.date,
        note=meta.note,
        attachments=(
            Attachment(_label(1, meta.attachment_numerals, w), titles[0], _attachment1(sites, w)),
            Attachment(
                _label(2, meta.attachment_numerals, w),
                titles[1],
                (_attachment2(sites, verdicts, w),),
            ),
            Attachment(
                _label(3, meta.attachment_numerals, w),
                titles[2],
                (_attachment3(sites, findings, checklist, w, rnd.script.value, carried_suffix),),
            ),
        ),
    )


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


def _label(n: int, numerals: str, w: Wording) -> str:
    if numerals == "chinese":
        return fill(w["attachment_label_chinese"], cn=chinese_numeral(n), n=n)
    return fill(w["attachment_label_arabic"], n=n, cn=chinese_numeral(n))


def format_rate(passed: int, total: int) -> str:
    """Pass rate as printed in today's district form: 100%, 97.2%, 0% (one decimal, no
    trailing .0; 0 of 0 reads 0%). Other templates choose decimals, see figures.format_rate."""
    return figures.format_rate(passed, total, 1, none_text="0%")


def _overall(sites: Sequence[Site], verdicts: dict[str, Verdict], remark: str, w: Wording) -> str:
    counts = Counter(s.kind for s in sites)
    breakdown = w["breakdown_separator"].join(
        fill(w["breakdown_item"], label=w.kind_label(kind.value), count=counts[kind])
        for kind in _KIND_ORDER
        if counts[kind]
    )
    passed = sum(1 for v in verdicts.values() if v is Verdict.PASS)
    return fill(
        w["overall"],
        total=len(sites),
        breakdown=breakdown,
        remark=remark,
        rate=format_rate(passed, len(sites)),
    )


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


def _problems(
    data: RoundData,
    sites: Sequence[Site],
    findings: dict[str, list[Finding]],
    checklist: Checklist,
    w: Wording,
) -> list[Paragraph]:
    script = data.round.script.value
    overrides = dict(data.round.meta.category_phrases)
    sep = checklist.unit_separator[script]
    # (site, finding) per category, in site order then finding order: one pass over the sites
    by_category: dict[str, list[tuple[Site, Finding]]] = {}
    for s in sites:
        for f in findings.get(s.uid, ()):
            by_category.setdefault(f.category, []).append((s, f))
    texts: list[str] = []
    for cat in checklist.categories:
        hits = by_category.get(cat.id, [])
        if not hits:
            continue
        units = sep.join(_unique(s.short_name for s, _ in hits))
        elements = checklist.quote_elements(
            top_elements([f for _, f in hits], checklist.body_elements), script
        )
        pattern = overrides.get(cat.id) or cat.body[script]
        texts.append(fill(pattern, units=units, elements=elements))
    texts.extend(n.text.strip() for n in data.round.meta.narratives if n.text.strip())
    if not texts:
        return [Paragraph(w["no_problems"])]
    return [
        Paragraph(fill(w["item_number"], n=chinese_numeral(i)) + text)
        for i, text in enumerate(texts, 1)
    ]


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


def _attachment1(sites: Sequence[Site], w: Wording) -> tuple[Table, ...]:
    groups: dict[tuple[str, SiteKind], list[Site]] = {}
    for s in sites:
        groups.setdefault((s.parent, s.kind), []).append(s)
    section = w.section("attachment1")
    tables = []
    for (parent, kind), members in groups.items():
        noun = w.kind_noun(kind.value)
        heading = (
            fill(section["group_heading"], parent=parent, noun=noun)
            if parent
            else fill(section["group_heading_no_parent"], noun=noun)
        )
        header = tuple(str(h) for h in section["headers"][kind.value])
        rows = tuple(
            ((str(i),), (s.name,), (s.owner if kind is SiteKind.PLATFORM else s.code,))
            for i, s in enumerate(members, 1)
        )
        tables.append(Table(header=header, rows=rows, widths=(1, 5, 3), heading=heading))
    return tuple(tables)


def _attachment2(sites: Sequence[Site], verdicts: dict[str, Verdict], w: Wording) -> Table:
    labels = w.section("verdicts")
    rows = tuple(
        ((str(i),), (s.short_name,), (str(labels[verdicts[s.uid].value]),))
        for i, s in enumerate(sites, 1)
    )
    return Table(header=tuple(w.section("attachment2")["headers"]), rows=rows, widths=(1, 5, 2))


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
