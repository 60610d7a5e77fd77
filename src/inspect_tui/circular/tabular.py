"""Findings as CSV (for Excel) and a round as JSON: machine-readable companions of the circular."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import fields, is_dataclass
from typing import Any

from ..checklist import Checklist
from ..model import RoundData
from .blocks import Circular
from .sentences import problem_sentence

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
        "circular": circular,
    }
    # Encoded piece by piece, the dataclasses read as they go: `asdict` and one big string
    # doubled and tripled the memory of a census-sized circular (560 MB at 84,094 sites).
    encoder = json.JSONEncoder(ensure_ascii=False, indent=2, default=_fields)
    out = io.BytesIO()
    pieces: list[str] = []
    for piece in encoder.iterencode(doc):  # tokens: joined in batches before encoding
        pieces.append(piece)
        if len(pieces) >= 50_000:
            out.write("".join(pieces).encode("utf-8"))
            pieces.clear()
    pieces.append("\n")
    out.write("".join(pieces).encode("utf-8"))
    return out.getvalue()


def _fields(value: object) -> dict[str, Any]:
    """A dataclass of the circular as the mapping of its fields (what `asdict` gives)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in fields(value)}
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
