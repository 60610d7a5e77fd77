"""Round data → Circular: everything the circular says, derived from the record.

Pure and deterministic. Counts, pass rate, the unit lists of section 二, the attachment list
and the attachments are computed from the same findings, so the body and the attachments
cannot disagree. The template (circular/template.py) decides the shape; the renderer of
templates (templated.py) fills it; the sentences come from sentences.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..checklist import Checklist
from ..model import RoundData
from .blocks import Circular
from .sentences import (
    RECTIFY,
    derived_rectify,
    effective_findings,
    format_rate,
    problem_sentence,
    top_elements,
)
from .template import CircularTemplate, load_template
from .templated import compose_template

# Callers have always found these here; they live in sentences.py.
__all__ = [
    "DEFAULT_TEMPLATE",
    "RECTIFY",
    "compose",
    "derived_rectify",
    "effective_findings",
    "format_rate",
    "problem_sentence",
    "top_elements",
]

DEFAULT_TEMPLATE = "district-quarterly"


def compose(
    data: RoundData,
    checklist: Checklist,
    template: CircularTemplate | None = None,
    *,
    previous: RoundData | None = None,
    population: int | None = None,
    search_dirs: Sequence[Path] = (),
) -> Circular:
    """The round's circular in the shape of `template` (else the round's own template, found
    in `search_dirs` then among the bundled ones; else the district form). `previous` is the
    previous round (for its figures and the change), `population` the size of the roster the
    round samples when it checks only part of it. Raises TemplateError."""
    if template is None:
        template = load_template(data.round.meta.template or DEFAULT_TEMPLATE, search_dirs)
    return compose_template(data, checklist, template, previous=previous, population=population)
