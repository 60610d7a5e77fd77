"""The bundled sample: the Daya Bay 2018 Q1 round, reproduced from its own circular."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from . import roster
from .model import FollowUp, Progress, RoundMeta, Script, Site, Verdict, finding_from_dict
from .store import Store

# 2018Q1 reproduces the real circular; 2018Q2 is made up to show the quarter-to-quarter follow-up.
SAMPLE_ROUND_FILES = ("dayawan-2018q1.json", "dayawan-2018q2.json")
# Illustrative rounds (invented data) for the other bundled circular templates.
TEMPLATE_SAMPLE_FILES = ("city-2026-02.json", "city-2026-03.json", "shortform-2026q1.json")
# What `inspect-tui sample`, `demo` and the round picker load: one family per bundled template.
# (`load_sample`'s default stays the Daya Bay pair: most tests are about that round.)
ALL_SAMPLE_FILES = SAMPLE_ROUND_FILES + TEMPLATE_SAMPLE_FILES


def samples_dir() -> Traversable:
    """The samples folder: packaged in the wheel, or the repository's `samples/` in a checkout."""
    packaged = resources.files("inspect_tui").joinpath("samples")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "samples"


def read_sample(name: str) -> bytes:
    return samples_dir().joinpath(name).read_bytes()


def sample_sites(doc: dict[str, Any]) -> tuple[list[Site], list[Site]]:
    """A sample round's roster and the sites it checks (`sample_seqs`: a sample of it)."""
    parsed = roster.parse_roster(read_sample(doc["roster"]), doc["roster"]).sites
    seqs = doc["round"].get("sample_seqs")
    return parsed, [s for s in parsed if seqs is None or s.seq in set(seqs)]


def load_sample(store: Store, files: Sequence[str] = SAMPLE_ROUND_FILES) -> list[str]:
    """Load the sample rounds (and the sample roster when the roster is empty).

    Each round is written change by change through the store, like an inspector would.

    Idempotent: a round that already exists is left as it is. Returns the round keys.
    """
    keys = []
    for name in files:
        doc: dict[str, Any] = json.loads(read_sample(name).decode("utf-8"))
        full, checked = sample_sites(doc)
        if not store.sites():
            store.replace_roster(full, source=f"sample {doc['roster']}")
        spec = doc["round"]
        key = str(spec["key"])
        keys.append(key)
        if store.has_round(key):
            continue
        previous = str(spec.get("previous_key", ""))
        meta = RoundMeta.from_dict(spec.get("meta", {}))
        if len(checked) < len(full) and not meta.population:
            # a sample of the roster: the circular states the population it was drawn from
            meta = replace(meta, population=str(len(full)))
        store.create_round(
            key,
            spec.get("title", ""),
            script=Script(spec.get("script", "zh-Hans")),
            sites=None if previous else checked,
            from_key=previous or None,
            meta=meta,
        )
        for item in doc.get("followups", []):
            store.mark_followup(
                key, item["site_uid"], item["category"], FollowUp(item["status"]), visit=False
            )
        # Seeded records, not visits: progress is only what the sample says.
        for item in doc.get("findings", []):
            store.set_finding(key, finding_from_dict(item), visit=False)
        for item in doc.get("overrides", []):
            store.set_override(
                key, item["site_uid"], Verdict(item["verdict"]), item["reason"], visit=False
            )
        if doc.get("done") == "all":
            for site in checked:
                store.set_progress(key, site.uid, Progress.DONE)
    return keys
