"""Round data + template → Circular: the template decides the blocks, the records the figures.

Pure and deterministic. Every figure and list comes from the same effective findings
(`compose.effective_findings`), so body and attachments cannot disagree. A rendering problem
raises `TemplateError` before anything is returned: never a half-rendered circular.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import jinja2

from ..checklist import Checklist
from ..model import (
    Finding,
    Narrative,
    Round,
    RoundData,
    RoundMeta,
    Script,
    Site,
    SiteKind,
    Verdict,
    VerdictOverride,
)
from ..periods import parse_period, period_words
from ..textfill import fill
from .blocks import Attachment, Circular, Paragraph, Role, Table
from .figures import compute_figures, round_figures
from .sentences import (
    _attachment3,
    _ordered_findings,
    _requirements,
    _unique,
    _with_colon,
    top_elements,
)
from .template_model import NUMBERING, Block, CircularTemplate, TableSpec, TemplateError, Text
from .wording import Wording, chinese_numeral, load_wording

_KIND_ORDER = list(SiteKind)


# --- the context every text sees -------------------------------------------------------------
def template_context(
    data: RoundData,
    checklist: Checklist,
    template: CircularTemplate,
    findings: Mapping[str, list[Finding]],
    previous: RoundData | None = None,
    population: int | None = None,
) -> dict[str, Any]:
    rnd = data.round
    script = rnd.script.value
    w = load_wording(rnd.script)
    decimals, none_text = template.decimals, template.no_rate
    current = round_figures(data, checklist, findings, decimals=decimals, none_text=none_text)
    before = None
    if previous is not None:
        before = round_figures(
            previous,
            checklist,
            _ordered_findings(previous, checklist),
            decimals=decimals,
            none_text=none_text,
        )
    figures = compute_figures(
        current, before, population=population, decimals=decimals, none_text=none_text
    )
    period = parse_period(rnd.key)
    periods = w.section("periods")
    meta = rnd.meta.to_dict()
    meta["narratives"] = [n.text.strip() for n in rnd.meta.narratives if n.text.strip()]
    context: dict[str, Any] = {
        "round": {"key": rnd.key, "title": rnd.title, "script": script},
        "meta": meta,
        "words": w.data,
        "period": period_words(period, periods),
        "previous_period": period_words(parse_period(period.previous_key), periods),
        "figures": figures,
        "previous": before,
        "change": figures.change,
        "population": figures.population,
        "sample": figures.sample,
        "sampling_ratio": figures.sampling_ratio,
        "sampled": figures.sampled,
        "kind_labels": {k: str(v["label"]) for k, v in w.data["kinds"].items()},
        "narratives": meta["narratives"],
    }
    for name in (
        "total",
        "by_kind",
        "by_level",
        "passed",
        "failed",
        "pass_rate",
        "fail_rate",
        "with_findings",
        "problems",
        "sites_with_findings",
        "carried_over",
        "not_rectified",
        "failing",
    ):
        context[name] = getattr(current, name)
    previous_word = context["period"]["previous"]
    context["categories"] = _category_items(data, checklist, findings, script, previous_word)
    # the items of `list` blocks, built only for the lists a template has (a census round has
    # 84,094 groups when every site has its own parent)
    context["_sources"] = _Sources(
        {
            "categories": lambda: context["categories"],
            "narratives": lambda: [{"text": t} for t in meta["narratives"]],
            "groups": lambda: _groups(data, w),
            "levels": lambda: [
                {"level": level, "count": count, "text": f"{level}{count}"}
                for level, count in current.by_level.items()
            ],
            "failing": lambda: [
                {"name": f.name, "short_name": f.short_name, "reason": f.reason}
                | {"text": f.short_name}
                for f in current.failing
            ],
            "not_rectified": lambda: [{"short_name": n, "text": n} for n in current.not_rectified],
        }
    )
    context["_verdicts"] = current.verdicts
    context["_found"] = findings
    return context


class _Sources:
    """List items by source name, each computed on first use."""

    def __init__(self, makers: Mapping[str, Callable[[], list[dict[str, Any]]]]) -> None:
        self._makers = makers
        self._made: dict[str, list[dict[str, Any]]] = {}

    def __getitem__(self, name: str) -> list[dict[str, Any]]:
        if name not in self._made:
            self._made[name] = self._makers[name]()
        return self._made[name]


def _category_items(
    data: RoundData,
    checklist: Checklist,
    findings: Mapping[str, list[Finding]],
    script: str,
    previous_word: str,
) -> list[dict[str, Any]]:
    """Per category with findings: label, sites, counts and today's sentence (`text`)."""
    phrases = dict(data.round.meta.category_phrases)
    sep = checklist.unit_separator[script]
    by_category: dict[str, list[tuple[Site, Finding]]] = {}
    for s in sorted(data.sites, key=lambda s: s.seq):
        for f in findings.get(s.uid, ()):
            by_category.setdefault(f.category, []).append((s, f))
    items = []
    for cat in checklist.categories:
        hits = by_category.get(cat.id, [])
        if not hits:
            continue
        sites = _unique(s.short_name for s, _ in hits)
        elements = checklist.quote_elements(
            top_elements([f for _, f in hits], checklist.body_elements), script
        )
        units = sep.join(sites)
        pattern = phrases.get(cat.id) or cat.body[script]
        items.append(
            {
                "id": cat.id,
                "label": cat.label(script),
                "sites": sites,
                "site_count": len(sites),
                "problems": len(hits),
                "units": units,
                "elements": elements,
                # {previous}: the previous period's word (上月, 上季度 …) for a checklist
                # sentence about what was found last time
                "text": fill(pattern, units=units, elements=elements, previous=previous_word),
            }
        )
    return items


def _groups(data: RoundData, w: Wording) -> list[dict[str, Any]]:
    groups: dict[tuple[str, SiteKind], list[Site]] = {}
    for s in sorted(data.sites, key=lambda s: s.seq):
        groups.setdefault((s.parent, s.kind), []).append(s)
    return [
        {
            "parent": parent,
            "kind": kind.value,
            "noun": w.kind_noun(kind.value),
            "label": w.kind_label(kind.value),
            "count": len(members),
            "sites": [m.short_name for m in members],
            "text": parent,
        }
        for (parent, kind), members in groups.items()
    ]


# --- rendering --------------------------------------------------------------------------------
def _render(text: Text, script: str, context: Mapping[str, Any], file: str) -> str:
    try:
        return text.render(script, context)
    except TemplateError:
        raise
    except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError, LookupError) as exc:
        raise TemplateError(file, text.line, f"{text.where}: {exc}") from None


def _number(style: str, n: int) -> str:
    return fill(NUMBERING[style], n=n, cn=chinese_numeral(n))


def _body(
    blocks: Sequence[Block],
    context: dict[str, Any],
    script: str,
    file: str,
    counters: list[int],
) -> Iterator[Paragraph]:
    for block in blocks:
        if block.type == "when":
            assert block.condition is not None
            try:
                holds = block.condition.holds(context)
            except (
                jinja2.TemplateError,
                TypeError,
                ValueError,
                ArithmeticError,
                LookupError,
            ) as exc:
                raise TemplateError(file, block.condition.line, f"{block.where}: {exc}") from None
            if holds:
                yield from _body(block.blocks, context, script, file, counters)
            continue
        assert block.text is not None
        if block.type == "heading":
            text = _render(block.text, script, context, file).strip()
            if block.numbering in ("（一）", "（1）"):
                counters[1] += 1
                yield Paragraph("", Role.ITEM, lead=_number(block.numbering, counters[1]) + text)
            else:
                counters[0] += 1
                counters[1] = 0
                yield Paragraph(_number(block.numbering, counters[0]) + text, Role.HEADING1)
        elif block.type == "paragraph":
            text = _render(block.text, script, context, file)
            if block.lines:
                yield from _requirements(text)
                continue
            lead = _render(block.lead, script, context, file).strip() if block.lead else ""
            if text.strip() or lead:
                yield Paragraph(text.strip(), Role.ITEM if lead else Role.BODY, lead=lead)
        else:  # list
            items = [item for source in block.over for item in context["_sources"][source]]
            if not items:
                if block.empty is not None:
                    empty = _render(block.empty, script, context, file).strip()
                    if empty:
                        yield Paragraph(empty)
                continue
            for n, item in enumerate(items, 1):
                local = {**context, "item": item, "n": n, "cn": chinese_numeral(n)}
                text = _render(block.text, script, local, file).strip()
                yield Paragraph(_number(block.numbering, n) + text)


def _document_text(
    template: CircularTemplate,
    key: str,
    script: str,
    context: Mapping[str, Any],
    file: str,
    default: str = "",
) -> str:
    text = template.document.get(key)
    return _render(text, script, context, file).strip() if text is not None else default


def compose_template(
    data: RoundData,
    checklist: Checklist,
    template: CircularTemplate,
    *,
    previous: RoundData | None = None,
    population: int | None = None,
) -> Circular:
    """The circular of `data` in the shape of `template`; raises TemplateError."""
    rnd = data.round
    script = rnd.script.value
    file = template.origin if template.origin != "bundled" else template.name + ".toml"
    if script not in template.scripts:
        raise TemplateError(
            file,
            1,
            f"the template is written for {', '.join(template.scripts)}; round {rnd.key} is in"
            f" {script}: choose another template, or add its texts for {script}",
        )
    findings = _ordered_findings(data, checklist)
    context = template_context(data, checklist, template, findings, previous, population)
    w = load_wording(rnd.script)
    body = tuple(_body(template.body, context, script, file, [0, 0]))
    titles = [_render(t.title, script, context, file).strip() for t in template.attachments]
    notes, labels = [], []
    for n, title in enumerate(titles, 1):
        local = {**context, "n": n, "cn": chinese_numeral(n), "title": title}
        notes.append(
            _document_text(template, "attachment_note", script, local, file, f"{n}. {title}")
        )
        labels.append(_document_text(template, "attachment_label", script, local, file, f"附件{n}"))
    attachments = tuple(
        Attachment(label, title, _tables(spec, data, checklist, findings, context, w, file))
        for spec, label, title in zip(template.attachments, labels, titles, strict=True)
    )
    addressees = _document_text(template, "addressees", script, context, file)
    return Circular(
        script=script,
        title=_document_text(template, "title", script, context, file),
        doc_number=_document_text(template, "doc_number", script, context, file),
        addressees=_with_colon(addressees) if addressees else "",
        body=body,
        attachment_notes=tuple(notes),
        attachment_intro=_document_text(
            template, "attachment_intro", script, context, file, w["attachment_intro"]
        ),
        issuer=_document_text(template, "issuer", script, context, file),
        date=_document_text(template, "date", script, context, file),
        note=_document_text(template, "note", script, context, file),
        attachments=attachments,
    )


# --- attachment tables --------------------------------------------------------------------------
def _headers(spec: TableSpec, script: str, default: Sequence[str]) -> tuple[str, ...]:
    if spec.headers is None:
        return tuple(str(h) for h in default)
    return spec.headers.get(script) or spec.headers.get("*") or tuple(default)


def _listed(spec: TableSpec, data: RoundData, context: Mapping[str, Any]) -> list[Site]:
    sites = sorted(data.sites, key=lambda s: s.seq)
    if spec.only == "failing":
        verdicts = context["_verdicts"]
        return [s for s in sites if verdicts[s.uid] is Verdict.FAIL]
    if spec.only == "with_findings":
        verdicts_found = context["_found"]
        return [s for s in sites if s.uid in verdicts_found]
    return sites


def _tables(
    spec: TableSpec,
    data: RoundData,
    checklist: Checklist,
    findings: dict[str, list[Finding]],
    context: dict[str, Any],
    w: Wording,
    file: str,
) -> tuple[Table, ...]:
    script = data.round.script.value
    tables_words = w.section("tables")
    sites = _listed(spec, data, context)
    widths = spec.widths
    if spec.kind in ("roster_by_parent", "roster_by_level"):
        return _roster_tables(spec, sites, context, w, script, file)
    if spec.kind == "verdicts":
        labels = {v: str(w.section("verdicts")[v.value]) for v in Verdict}
        verdicts = context["_verdicts"]
        rows = tuple(
            ((str(i),), (s.short_name,), (labels[verdicts[s.uid]],)) for i, s in enumerate(sites, 1)
        )
        header = _headers(spec, script, w.section("attachment2")["headers"])
        return (Table(header=header, rows=rows, widths=widths or (1, 5, 2)),)
    if spec.kind == "problems":
        suffix = fill(w["carried_suffix"], previous=context["period"]["previous"])
        table = _attachment3(sites, findings, checklist, w, script, suffix)
        if spec.empty_row is not None and table.rows and table.rows[0][0] == ("—",):
            empty = _render(spec.empty_row, script, context, file).strip()
            table = Table(table.header, ((("—",), ("—",), ("—",), (empty,)),), table.widths)
        header = _headers(spec, script, table.header)
        return (Table(header=header, rows=table.rows, widths=widths or table.widths),)
    if spec.kind == "category_counts":
        counted: tuple[tuple[tuple[str, ...], ...], ...] = tuple(
            ((str(i),), (c["label"],), (str(c["site_count"]),), (str(c["problems"]),))
            for i, c in enumerate(context["categories"], 1)
        )
        header = _headers(spec, script, tables_words["category_counts"])
        return (Table(header=header, rows=counted, widths=widths or (1, 6, 2, 2)),)
    # level_counts
    counts: dict[str, list[int]] = {}
    for s in sites:
        entry = counts.setdefault(s.level or str(tables_words["no_level"]), [0, 0, 0])
        entry[0] += 1
        verdict = context["_verdicts"][s.uid]
        entry[1 if verdict is Verdict.PASS else 2] += 1
    per_level: tuple[tuple[tuple[str, ...], ...], ...] = tuple(
        ((str(i),), (level,), (str(n),), (str(p),), (str(f),))
        for i, (level, (n, p, f)) in enumerate(counts.items(), 1)
    )
    header = _headers(spec, script, tables_words["level_counts"])
    return (Table(header=header, rows=per_level, widths=widths or (1, 5, 2, 2, 2)),)


def _roster_tables(
    spec: TableSpec,
    sites: Sequence[Site],
    context: Mapping[str, Any],
    w: Wording,
    script: str,
    file: str,
) -> tuple[Table, ...]:
    """The roster, one table per group (parent and kind, or level). At census size a group
    may be a single site (84,094 groups): everything per group is looked up, not rebuilt."""
    by_level = spec.kind == "roster_by_level"
    tables_words = w.section("tables")
    section = w.section("attachment1")
    groups: dict[tuple[str, SiteKind | None], list[Site]] = {}
    for s in sites:
        groups.setdefault((s.level, None) if by_level else (s.parent, s.kind), []).append(s)
    widths = spec.widths or (1, 5, 3)
    no_level = str(tables_words["no_level"])
    headers: dict[SiteKind | None, tuple[str, ...]] = {}
    nouns = {k: w.kind_noun(k.value) for k in SiteKind}
    out = []
    for (name, kind), members in groups.items():
        header = headers.get(kind)
        if header is None:
            default = (
                tables_words["roster_by_level"] if kind is None else section["headers"][kind.value]
            )
            header = headers[kind] = _headers(spec, script, default)
        if kind is None:
            level = name or no_level
            group = {"level": level, "parent": "", "kind": "", "noun": "", "count": len(members)}
            heading = fill(str(tables_words["roster_by_level_heading"]), level=level)
        else:
            noun = nouns[kind]
            group = {"parent": name, "kind": kind.value, "noun": noun, "level": ""}
            group["count"] = len(members)
            heading = (
                section["group_heading"].replace("{noun}", noun).replace("{parent}", name)
                if name
                else section["group_heading_no_parent"].replace("{noun}", noun)
            )
        if spec.group_heading is not None:
            heading = _render(spec.group_heading, script, {**context, "group": group}, file).strip()
        rows = tuple(
            ((str(i),), (s.name,), (s.owner if s.kind is SiteKind.PLATFORM else s.code,))
            for i, s in enumerate(members, 1)
        )
        out.append(Table(header=header, rows=rows, widths=widths, heading=heading))
    return tuple(out)


# --- validation against a full set of figures ----------------------------------------------------
def _specimen(script: Script) -> tuple[RoundData, RoundData]:
    """A small round where every figure and list has something in it (and its previous)."""
    kinds = list(SiteKind)
    sites = tuple(
        Site(
            i + 1,
            kind,
            f"网站{i + 1}",
            f"单位{i + 1}",
            code=f"N{i + 1:09d}",
            parent="门户网站" if kind is SiteKind.CHANNEL else "",
            owner="单位" if kind is SiteKind.PLATFORM else "",
            level=("市直部门", "县区门户")[i % 2],
        )
        for i, kind in enumerate(kinds)
    )
    uid = [s.uid for s in sites]
    findings = (
        Finding(uid[0], "typo", count=1),
        Finding(uid[1], "site_unreachable"),
        Finding(uid[2], "column_stale", count=1, carried_from="2017Q3"),
    )
    meta = RoundMeta(
        doc_number="〔2017〕1号",
        period="10月1日至10月20日",
        deadline="11月1日",
        issuer="某办公室",
        date="2017年11月1日",
        narratives=(Narrative("另有问题。"),),
    )
    current = RoundData(
        Round("2017Q4", "", script, previous_key="2017Q3", meta=meta),
        sites,
        findings,
        (VerdictOverride(uid[3], Verdict.FAIL, "理由"),),
    )
    previous = RoundData(Round("2017Q3", "", script), sites, findings[:2])
    return current, previous


def validate(template: CircularTemplate, checklist: Checklist) -> None:
    """Render every text of `template` in each of its scripts against a specimen round where
    every figure and list is filled; raises TemplateError at the first problem."""
    for script in template.scripts:
        current, previous = _specimen(Script(script))
        compose_template(current, checklist, template, previous=previous, population=50)
        # also with nothing found and no previous round: the other branches of `when`
        empty = RoundData(current.round, current.sites, ())
        compose_template(empty, checklist, template)
        # list item texts are rendered only when the list has items: render each once
        _validate_items(template.body, template, current, checklist, script)


def _validate_items(
    blocks: Sequence[Block],
    template: CircularTemplate,
    data: RoundData,
    checklist: Checklist,
    script: str,
) -> None:
    file = template.origin if template.origin != "bundled" else template.name + ".toml"
    findings = _ordered_findings(data, checklist)
    context = template_context(data, checklist, template, findings, None, None)
    item_context = {**context, "n": 1, "cn": "一"}
    for block in blocks:
        # every text once with a full context, whatever the conditions say for the specimen
        for text in (block.text, block.lead, block.empty):
            if text is not None and block.type != "list":
                _render(text, script, context, file)
        if block.type == "when":
            _validate_items(block.blocks, template, data, checklist, script)
        elif block.type == "list" and block.text is not None:
            if block.empty is not None:
                _render(block.empty, script, context, file)
            for source in block.over:
                for item in context["_sources"][source][:1]:
                    _render(block.text, script, {**item_context, "item": item}, file)
    for spec in template.attachments:
        if spec.group_heading is not None:
            group = {"parent": "p", "kind": "portal", "noun": "n", "level": "l", "count": 1}
            _render(spec.group_heading, script, {**context, "group": group}, file)
