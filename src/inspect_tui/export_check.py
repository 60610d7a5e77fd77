"""The round's fields and gaps as read from the store, and the data an export is made from.

The glue between the store and the pure `meta_fields` / `preflight`: the command line and the
app's export dialog call these, so both resolve, check and draft a round the same way.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .circular.template import CircularTemplate, TemplateError, load_template, office_template_dir
from .circular.wording import load_wording
from .meta_fields import (
    DEFAULT_TEMPLATE,
    ResolvedField,
    TemplateUsage,
    draft_meta,
    effective_meta,
    field_labels,
    resolve,
    template_usage,
)
from .model import FollowUp, RoundData, RoundMeta
from .preflight import Gap, missing_fields, preflight
from .store import Store


def search_dirs(store: Store) -> list[Path]:
    """Where an office's own templates live: the `templates/` folder beside the database."""
    return [office_template_dir(store.path)]


def round_template(store: Store, key: str) -> CircularTemplate | None:
    """The template the round's circular uses (round, else office, else the district form);
    None when it cannot be loaded (the export then says why)."""
    name = store.round(key).meta.template or store.office().template or DEFAULT_TEMPLATE
    try:
        return load_template(name, search_dirs(store))
    except TemplateError:
        return None


def resolved_fields(store: Store, key: str, meta: RoundMeta | None = None) -> list[ResolvedField]:
    """The round's fields resolved (round → office → template); with `meta`, as if the round
    had that metadata (RoundMeta(): what each field inherits)."""
    rnd = store.round(key)
    template = round_template(store, key)
    usage = (
        template_usage(template.source) if template else TemplateUsage(frozenset(), {}, frozenset())
    )
    own = rnd.meta if meta is None else meta
    return resolve(own, store.office(), usage, load_wording(rnd.script).data)


def pending_followups(store: Store, key: str) -> dict[tuple[str, str], FollowUp | None]:
    """Each previous-round problem of the round's sites → what became of it (None: unreviewed)."""
    marked = store.followups(key)
    sites = {s.uid for s in store.round_sites(key)}
    return {
        (f.site_uid, f.category): marked.get((f.site_uid, f.category))
        for f in store.previous_findings(key)
        if f.site_uid in sites
    }


def round_gaps(store: Store, key: str) -> list[Gap]:
    return preflight(
        store.round_data(key),
        resolved_fields(store, key),
        store.progress(key),
        pending_followups(store, key),
    )


def export_data(store: Store, key: str, *, draft: bool = False) -> RoundData:
    """The round's data with its metadata completed from the office; with `draft`, every
    missing field shown as 【待填：…】 so that no slot is left silently empty."""
    data = store.round_data(key)
    fields = resolved_fields(store, key)
    meta = effective_meta(data.round.meta, fields)
    if draft:
        wording = load_wording(data.round.script)
        meta = draft_meta(meta, missing_fields(fields), field_labels(wording.data), wording["gap"])
    if meta == data.round.meta:
        return data
    return replace(data, round=replace(data.round, meta=meta))


DRAFT_STATUS = "草稿"


def mark_docx_draft(payload: bytes) -> bytes:
    """A docx marked a draft in its core properties (Word shows them under File → Info)."""
    import io

    from docx import Document

    document = Document(io.BytesIO(payload))
    document.core_properties.content_status = DRAFT_STATUS
    document.core_properties.category = DRAFT_STATUS
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


__all__ = [
    "DRAFT_STATUS",
    "export_data",
    "mark_docx_draft",
    "pending_followups",
    "resolved_fields",
    "round_gaps",
    "round_template",
    "search_dirs",
]
