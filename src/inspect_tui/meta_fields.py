"""Where each field of a round's metadata comes from: the round, the office, or the template.

Pure: no Textual, no store, no docx. A round's own value overrides the office profile's, which
overrides the template's default wording; what is left empty is a gap when the template uses
the field (`required`). The office is resolved live: a round that leaves a field empty follows
the office profile until it is given a value of its own (see README, "Your own office").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from .model import OFFICE_META_FIELDS, Office, RoundMeta
from .textfill import fill

Source = Literal["round", "office", "template", ""]

# The metadata fields in the order the circular uses them (title is the round's, not here).
FIELD_ORDER: tuple[str, ...] = (
    "doc_number",
    "addressees",
    "basis",
    "inspector",
    "period",
    "scope",
    "overall_remark",
    "period_label",
    "requirements",
    "deadline",
    "report_to",
    "closing",
    "contact",
    "phone",
    "issuer",
    "date",
    "note",
    "attachment_numerals",
    "template",
)
# A circular reads well without these: never a gap, even when the template uses them.
# The document number too: a circular may go without one (the form says "留空则不编号").
OPTIONAL = frozenset(
    {"doc_number", "note", "period_label", "attachment_numerals", "template", "overall_remark"}
)
DEFAULT_TEMPLATE = "district-quarterly"

_META_NAME = re.compile(r"\bmeta\.([a-z_]+)")
# `meta.closing or words.closing`: the template's own default for an empty field.
_META_OR_WORDS = re.compile(r"\bmeta\.([a-z_]+)\s+or\s+words\.([a-z_]+)")
# `deadline=meta.deadline`: a value handed to `fill`, used only where the text names {deadline}.
_FILL_ARG = re.compile(r"\b[a-z_]+\s*=\s*meta\.([a-z_]+)")


@dataclass(frozen=True)
class TemplateUsage:
    """Which metadata fields a template's text reads, found in its Jinja2 source."""

    used: frozenset[str]
    defaults: Mapping[str, str]  # field → key of its default in the wording file
    fill_only: frozenset[str]  # used only as a `fill` argument (e.g. {deadline} in closing)


def template_usage(source: str) -> TemplateUsage:
    """The `meta.X` names the template text refers to (comments included: a name mentioned
    only in a comment is harmless — it makes a field required that the office fills anyway)."""
    used = frozenset(_META_NAME.findall(source))
    defaults = {m[0]: m[1] for m in _META_OR_WORDS.findall(source)}
    counts: dict[str, int] = {}
    for name in _META_NAME.findall(source):
        counts[name] = counts.get(name, 0) + 1
    fill_counts: dict[str, int] = {}
    for name in _FILL_ARG.findall(source):
        fill_counts[name] = fill_counts.get(name, 0) + 1
    fill_only = frozenset(n for n, c in fill_counts.items() if c == counts.get(n, 0))
    return TemplateUsage(used, defaults, fill_only)


@dataclass(frozen=True)
class ResolvedField:
    name: str
    value: str
    source: Source  # "" when no one gives it a value
    required: bool  # the template uses it and a circular needs it
    used: bool = True  # the template reads it at all

    @property
    def missing(self) -> bool:
        return self.required and not self.value.strip()


def resolve(
    meta: RoundMeta,
    office: Office,
    usage: TemplateUsage,
    wording: Mapping[str, Any],
) -> list[ResolvedField]:
    """Every metadata field with its value and where it comes from (round → office → template)."""
    values: dict[str, tuple[str, Source]] = {}
    for name in FIELD_ORDER:
        own = str(getattr(meta, name, "") or "")
        inherited = str(getattr(office, name, "")) if name in OFFICE_META_FIELDS else ""
        default = wording.get(usage.defaults.get(name, ""), "")
        if name == "template":
            default = DEFAULT_TEMPLATE
        if own.strip():
            values[name] = (own, "round")
        elif inherited.strip():
            values[name] = (inherited, "office")
        elif isinstance(default, str) and default.strip():
            values[name] = (default.strip(), "template")
        else:
            values[name] = ("", "")
    # {deadline} in the closing a round will print: only then is the deadline needed. The
    # texts that can name it: the fields' values and the wording the template fills (opening
    # …), minus the default wording of a field the round or office replaced.
    replaced = {
        usage.defaults[n]
        for n, (_, s) in values.items()
        if s in ("round", "office") and n in usage.defaults
    }
    wording_texts = [v for k, v in wording.items() if isinstance(v, str) and k not in replaced]
    texts = " ".join([v for v, _ in values.values()] + wording_texts)
    out = []
    for name in FIELD_ORDER:
        value, source = values[name]
        used = name in usage.used
        required = used and name not in OPTIONAL
        if required and name in usage.fill_only:
            required = "{" + name + "}" in texts
        out.append(ResolvedField(name, value, source, required, used))
    return out


def effective_meta(meta: RoundMeta, fields: Sequence[ResolvedField]) -> RoundMeta:
    """The metadata a circular is composed with: the round's values, completed from the
    office. Template defaults are left to the template (it applies them itself)."""
    changes: dict[str, Any] = {f.name: f.value for f in fields if f.source == "office"}
    return replace(meta, **changes) if changes else meta


def draft_meta(
    meta: RoundMeta, missing: Sequence[str], labels: Mapping[str, str], gap: str
) -> RoundMeta:
    """`meta` with each missing field shown as a gap mark (【待填：发文机关】) in the text."""
    changes: dict[str, Any] = {name: fill(gap, label=labels.get(name, name)) for name in missing}
    return replace(meta, **changes) if changes else meta


def field_labels(wording: Mapping[str, Any]) -> dict[str, str]:
    """The fields' names in a script (the wording file's [fields] table)."""
    table = wording.get("fields", {})
    return {str(k): str(v) for k, v in table.items()} if isinstance(table, Mapping) else {}


__all__ = [
    "DEFAULT_TEMPLATE",
    "FIELD_ORDER",
    "OPTIONAL",
    "ResolvedField",
    "Source",
    "TemplateUsage",
    "draft_meta",
    "effective_meta",
    "field_labels",
    "resolve",
    "template_usage",
]
