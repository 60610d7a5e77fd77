"""Between bundles and the store: a round as a bundle, and a bundle or a merge written back.

Shared by the CLI (`inspect-tui bundle …`) and the TUI's merge screen, so both write exactly
the same way: one transaction, nothing written on error.
"""

from __future__ import annotations

from .bundle import Bundle, MergeResult, new_bundle_id
from .model import Round
from .store import Store


def bundle_from_store(store: Store, key: str, inspector: str | None = None) -> Bundle:
    data = store.round_data(key)
    checklist_id, source = store.checklist_source(key)
    return Bundle(
        source=str(store.path),
        inspector=inspector or store.actor,
        key=key,
        title=data.round.title,
        script=data.round.script,
        previous_key=data.round.previous_key,
        meta=data.round.meta,
        checklist_id=checklist_id,
        checklist_source=source,
        sites=data.sites,
        findings=data.findings,
        overrides=data.overrides,
        progress=store.progress(key),
        followups=store.followups(key),
        bundle_id=new_bundle_id(),  # a new identity per export: merges tell bundles apart by it
    )


def as_round(b: Bundle) -> Round:
    return Round(
        key=b.key, title=b.title, script=b.script, previous_key=b.previous_key, meta=b.meta
    )


def import_bundle(store: Store, b: Bundle, source: str) -> None:
    """A bundle as a new round (refused when the round exists: merge instead)."""
    store.write_round(
        as_round(b),
        checklist_id=b.checklist_id,
        checklist_source=b.checklist_source,
        sites=b.sites,
        findings=b.findings,
        overrides=b.overrides,
        progress=dict(b.progress),
        source=source,
        followups=dict(b.followups),
    )


def write_merge(
    store: Store, base: Bundle, result: MergeResult, source: str, *, existed: bool
) -> None:
    """Write a conflict-free merge: a new round from `base`, or the existing round's contents."""
    if result.conflicts:
        raise ValueError("a merge with unresolved conflicts is never written")
    store.write_round(
        as_round(base),
        checklist_id=base.checklist_id,
        checklist_source=base.checklist_source,
        sites=base.sites,
        findings=result.findings,
        overrides=result.overrides,
        progress=dict(result.progress),
        source=source,
        replace_contents=existed,
        followups=dict(result.followups),
    )
