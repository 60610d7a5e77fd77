"""The one SQLite file that holds the roster, the rounds and every finding.

`Store` is the entry; the modules of this package are its parts (see `front.Store`).
Nothing here imports Textual, the circular renderers or the UI.
"""

from __future__ import annotations

from ..model import finding_to_dict
from .chain import Problem
from .clock import now_iso
from .codecs import AuditEntry, RoundSummary
from .connection import BUSY_TIMEOUT_S
from .exceptions import RoundFinal, RoundNotFound, SchemaTooNew, StoreError
from .front import Store
from .rounds import carry_over
from .schema import MIGRATION_NAMES, SCHEMA_VERSION


def verify_chain(store: Store) -> list[Problem]:
    """Signs of changes made around inspect-tui (`store.chain`); empty when none."""
    return store.verify_chain()


def round_content_hash(store: Store, key: str) -> str:
    return store.round_content_hash(key)


__all__ = [
    "BUSY_TIMEOUT_S",
    "MIGRATION_NAMES",
    "SCHEMA_VERSION",
    "AuditEntry",
    "Problem",
    "RoundFinal",
    "RoundNotFound",
    "RoundSummary",
    "SchemaTooNew",
    "Store",
    "StoreError",
    "carry_over",
    "finding_to_dict",
    "now_iso",
    "round_content_hash",
    "verify_chain",
]
