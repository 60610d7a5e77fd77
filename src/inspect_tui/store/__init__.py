"""The one SQLite file that holds the roster, the rounds and every finding.

`Store` is the entry; the modules of this package are its parts (see `front.Store`).
Nothing here imports Textual, the circular renderers or the UI.
"""

from __future__ import annotations

from ..model import finding_to_dict
from .clock import now_iso
from .codecs import AuditEntry, RoundSummary
from .connection import BUSY_TIMEOUT_S
from .exceptions import RoundFinal, RoundNotFound, SchemaTooNew, StoreError
from .front import Store
from .rounds import carry_over
from .schema import MIGRATION_NAMES, SCHEMA_VERSION

__all__ = [
    "BUSY_TIMEOUT_S",
    "MIGRATION_NAMES",
    "SCHEMA_VERSION",
    "AuditEntry",
    "RoundFinal",
    "RoundNotFound",
    "RoundSummary",
    "SchemaTooNew",
    "Store",
    "StoreError",
    "carry_over",
    "finding_to_dict",
    "now_iso",
]
