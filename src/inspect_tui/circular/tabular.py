"""Findings as CSV (for Excel) and a round as JSON: machine-readable companions of the circular."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict

from ..checklist import Checklist
from ..model import RoundData
from .blocks import Circular
from .compose import problem_sentence

CSV_COLUMNS = (
    "round",
    "seq",
    "name",
    "short_name",
    "code",
    "category",
    "category_label",
    "count",
    "elements",
    "problem",
    "verdict",
    "note",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def excel_safe(value: str) -> str:
    """Prefix an apostrophe so Excel shows the text instead of running it as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def findings_csv(data: RoundData, checklist: Checklist) -> bytes:
    script = data.round.script.value
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    by_uid = {s.uid: s for s in data.sites}
    order = {c.id: c.order for c in checklist.categories}
    findings = sorted(
        (f for f in data.findings if f.site_uid in by_uid),
        key=lambda f: (by_uid[f.site_uid].seq, order.get(f.category, len(order))),
    )
    for f in findings:
        site = by_uid[f.site_uid]
        label = (
            checklist.category(f.category).label(script)
            if checklist.has(f.category)
            else f.category
        )
        verdict = checklist.verdict(data.findings_for(site.uid), data.override_for(site.uid))
        row = (
            data.round.key,
            str(site.seq),
            site.name,
            site.short_name,
            site.code,
            f.category,
            label,
            "" if f.count is None else str(f.count),
            "、".join(f.elements),
            problem_sentence(checklist, f, script),
            verdict.value,
            f.note,
        )
        writer.writerow([excel_safe(v) for v in row])
    # UTF-8 with BOM: Excel on Chinese Windows otherwise reads the file as GBK.
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def round_json(data: RoundData, circular: Circular) -> bytes:
    doc = {
        "format": "inspect-tui-circular",
        "version": 1,
        "round": {"key": data.round.key, "title": data.round.title, "status": data.round.status},
        "circular": asdict(circular),
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
