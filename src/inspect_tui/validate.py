"""One validation for every way text enters: roster CSV, bundles, the app and the command line.

Pure (no Textual, SQLite or docx). What the roster accepts a bundle accepts, and back: both
check site fields against the same `SITE_LIMITS` and the same forbidden characters, so a round
exported as a bundle always imports again.

- Control characters (C0, C1, DEL), lone surrogates, line/paragraph separators and the two
  noncharacters are refused everywhere: an ESC in a name would reach the terminal of everyone
  who lists the round. Multi-line fields (a finding's detail, a note) may hold tab and newline.
- Bidi controls (embeddings, overrides, isolates, marks) are refused: they reorder what a
  reader sees, so a name could show as something else in the circular and on screen.
- Round keys have one normal form (`normalise_round_key`): NFKC, trimmed, then a plain ASCII
  slug; `2018q1` becomes `2018Q1`, `２０１８Q1` becomes `2018Q1`, `2018\\u200bQ1` is refused.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only types: this module stays importable without the model
    from .model import Finding, RoundMeta, Site

# Characters no field may hold. One regex clears a clean value; `bad_character` names the problem.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_FORBIDDEN = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufffe\uffff{_BIDI}]")
_FORBIDDEN_MULTILINE = re.compile(
    f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufffe\uffff{_BIDI}]"
)
_BIDI_RE = re.compile(f"[{_BIDI}]")

# Longest value of each site field, in characters: the roster and the bundle share them.
SITE_LIMITS: dict[str, int] = {
    "name": 1000,
    "short_name": 1000,
    "supervisor": 1000,
    "owner": 1000,
    "code": 100,
    "url": 2000,
    "parent": 1000,
    "level": 200,
}
# Other fields of a round, a finding and an override.
LIMITS: dict[str, int] = {
    **SITE_LIMITS,
    "inspector": 200,
    "title": 1000,
    "round_key": 40,
    "category": 100,
    "element": 200,
    "age": 100,
    "detail": 100_000,
    "wording": 100_000,
    "note": 100_000,
    "reason": 100_000,
    "meta": 100_000,
    "checklist": 2_000_000,
}
MULTILINE_FIELDS = frozenset({"detail", "wording", "note", "reason", "meta", "checklist"})

ROUND_KEY_MAX = LIMITS["round_key"]
_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}", re.ASCII)
_PERIOD = re.compile(r"([0-9]{4})([QqHh])([0-9])", re.ASCII)
# A date range (`periods.parse_period`): its `..` sits between two dates, never a path part.
_RANGE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\.\.[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
ROUND_KEY_FORMS = (
    "YYYY, YYYYQn, YYYYHn, YYYY-MM, YYYY-MM-DD..YYYY-MM-DD or letters, digits, - and _ (at most 40)"
)


class FieldError(ValueError):
    """A value that cannot be accepted: `field` names it, `reason` says why (one line)."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


def bad_character(value: str, *, multiline: bool = False) -> str | None:
    """Why `value` cannot be stored (line break, control or bidi character), or None."""
    pattern = _FORBIDDEN_MULTILINE if multiline else _FORBIDDEN
    found = pattern.search(value)
    if found is None:
        return None
    ch = found.group()
    category = unicodedata.category(ch)
    if ch in "\r\n" or category in ("Zl", "Zp"):
        return "contains a line break; put the value on one line"
    if _BIDI_RE.match(ch):
        return f"contains the bidi control character U+{ord(ch):04X}; remove it"
    if category == "Cs":
        return f"contains a lone surrogate U+{ord(ch):04X} (not valid text)"
    return f"contains the control character U+{ord(ch):04X}; remove it"


def too_long(value: str, field: str) -> str | None:
    """Why `value` is too long for `field` (see LIMITS), or None."""
    limit = LIMITS.get(field, LIMITS["meta"])
    if len(value) > limit:
        return f"too long ({len(value)} characters, at most {limit})"
    return None


def check_text(value: str, field: str, *, where: str | None = None) -> str:
    """`value` when it may be stored in `field`; else FieldError naming `where` (or `field`)."""
    reason = too_long(value, field) or bad_character(value, multiline=field in MULTILINE_FIELDS)
    if reason is not None:
        raise FieldError(where or field, reason)
    return value


def normalise_round_key(text: str, *, where: str = "round key") -> str:
    """A round key in its one normal form, or FieldError.

    NFKC (full-width digits become ASCII), trimmed, then `YYYYQn`/`YYYYHn` with an upper-case
    letter, or any plain slug: ASCII letters and digits, `-` and `_`, starting with a letter or
    digit, at most 40. No `/`, `..`, spaces, line breaks or zero-width characters: a key names
    files and lines of output.
    """
    if not isinstance(text, str):
        raise FieldError(where, f"expected text, got {type(text).__name__}")
    if len(text) > 4 * ROUND_KEY_MAX:  # before NFKC, which can grow a string
        raise FieldError(where, f"too long (at most {ROUND_KEY_MAX} characters)")
    key = unicodedata.normalize("NFKC", text).strip()
    if not key:
        raise FieldError(where, "must not be empty")
    period = _PERIOD.fullmatch(key)
    if period is not None:
        key = f"{period[1]}{period[2].upper()}{period[3]}"
    if _SLUG.fullmatch(key) is None and _RANGE.fullmatch(key) is None:
        shown = key if len(key) <= 60 else key[:59] + "…"
        raise FieldError(where, f"{shown!a} is not a round key; expected {ROUND_KEY_FORMS}")
    return key


# -- whole records: the store checks every value it writes through these ---------------------
# The same fields and limits as the bundle reader and the roster, so what one accepts the
# others accept; the store is the one place every way in (roster, bundle, app, CLI) passes.


def check_site(site: Site) -> None:
    """FieldError naming the first site field that cannot be stored (`site name`, …)."""
    for name in SITE_LIMITS:
        value = getattr(site, name)
        if value:
            check_text(value, name, where=f"site {name}")


def check_finding(finding: Finding) -> None:
    check_text(finding.category, "category", where="finding category")
    check_text(finding.age, "age", where="finding age")
    for element in finding.elements:
        check_text(element, "element", where="finding element")
    for name in ("detail", "wording", "note"):
        check_text(getattr(finding, name), name, where=f"finding {name}")


def check_meta(meta: RoundMeta) -> None:
    for name, value in _meta_texts(meta):
        check_text(value, "meta", where=f"round {name}")


def _meta_texts(meta: RoundMeta) -> Iterator[tuple[str, str]]:
    for name, value in vars(meta).items():
        if isinstance(value, str):
            yield name, value
    for n in meta.narratives:
        yield "narrative", n.text
        yield "narrative category", n.category
    for category, phrase in meta.category_phrases:
        yield "category phrase", category
        yield "category phrase", phrase


__all__ = [
    "LIMITS",
    "MULTILINE_FIELDS",
    "ROUND_KEY_FORMS",
    "SITE_LIMITS",
    "FieldError",
    "bad_character",
    "check_finding",
    "check_meta",
    "check_site",
    "check_text",
    "normalise_round_key",
    "too_long",
]
