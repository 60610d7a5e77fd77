"""Text for a terminal: display width, clipping, column widths, CJK line breaking, and a
finding put briefly into words.

Pure (no Textual, SQLite or docx): the screens, widgets and the command line all measure and
cut text here, so a CJK character counts two cells everywhere and every cut ends with "…".
Widths come from `rich.cells`, the same table Textual draws with.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len, set_cell_size

from .checklist import Category, CategoryKind, Checklist
from .i18n import t
from .model import Finding, Qualifier, Scope, Script

ELLIPSIS = "…"
TEXT_CLIP = 16  # cells of a typed text (wording, note, reason) shown in a summary


# -- width and clipping ------------------------------------------------------------------------


def cell_width(text: str) -> int:
    """Cells `text` takes on a terminal: CJK and full-width characters count two."""
    return cell_len(text)


def fit(text: str, width: int, *, pad: bool = True) -> str:
    """`text` cut with an ellipsis to at most `width` cells, padded with spaces by default."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        text = take(text, width - 1) + ELLIPSIS
    return set_cell_size(text, width) if pad else text


def clip(text: str, width: int = TEXT_CLIP) -> str:
    """`text` on one line (runs of whitespace made one space), cut to at most `width` cells."""
    return fit(" ".join(text.split()), width, pad=False)


def take(text: str, width: int) -> str:
    """The longest prefix of `text` that fits in `width` cells (a wide character that would
    straddle the edge is left out, never cut in half)."""
    used = 0
    for i, ch in enumerate(text):
        used += cell_len(ch)
        if used > width:
            return text[:i]
    return text


def split_at_width(text: str, width: int) -> tuple[str, str]:
    """`text` cut after `width` cells: (what fits, the rest)."""
    head = take(text, width)
    return head, text[len(head) :]


def align(text: str, width: int, justify: str = "left") -> str:
    """`text` fitted to `width` cells (cut with "…") and padded left, right or both."""
    text = fit(text, width, pad=False)
    gap = width - cell_len(text)
    if justify == "right":
        return " " * gap + text
    if justify == "center":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap


# -- column widths -----------------------------------------------------------------------------


def widest(texts: Iterable[str], at_least: int = 0) -> int:
    """Cells of the widest of `texts`, and at least `at_least`."""
    return max([at_least, *map(cell_len, texts)])


def needed_widths(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[int]:
    """For each column, the cells its header or its widest cell needs."""
    widths = [cell_len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row[: len(widths)]):
            widths[i] = max(widths[i], cell_len(cell))
    return widths


def capped(needs: Sequence[int], caps: Sequence[int | None]) -> list[int]:
    """Each need cut to its cap (None: no cap)."""
    return [need if cap is None else min(need, cap) for need, cap in zip(needs, caps, strict=True)]


def share_room(needs: Sequence[int], room: int, minimum: int) -> list[int]:
    """`room` cells shared by columns that need `needs`: the narrowest get what they need,
    the others an equal share of what is left, none less than `minimum`."""
    shares = [0] * len(needs)
    left = room
    for k, i in enumerate(sorted(range(len(needs)), key=lambda i: needs[i])):
        fair = left // (len(needs) - k)
        shares[i] = max(minimum, min(needs[i], fair))
        left -= shares[i]
    return shares


# -- CJK line breaking (kinsoku) -----------------------------------------------------------------

# A line never starts with these (closing brackets and punctuation that ends a phrase) ...
NO_LINE_START = frozenset("，。、；：？！）」』〕》】〉］｝”’…‥・·～,.;:?!)]}%％")
# ... and never ends with these (opening brackets, which belong to what follows).
NO_LINE_END = frozenset("（「『〔《【〈［｛“‘([{")


def _unbreakable(ch: str) -> bool:
    """ASCII letters and digits (and the marks inside numbers) keep together: 2015, v1.2."""
    return ch.isascii() and (ch.isalnum() or ch in "._-/%")


def _may_break(text: str, i: int) -> bool:
    """Whether a line may end between text[i-1] and text[i]. Spaces at a break vanish, so
    the rules look at the characters on either side of them."""
    j = i
    while j < len(text) and text[j] == " ":
        j += 1
    k = i - 1
    while k >= 0 and text[k] == " ":
        k -= 1
    if j >= len(text) or k < 0:
        return True  # only spaces on one side: nothing would start or end a line badly
    before, after = text[k], text[j]
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    return not (_unbreakable(before) and _unbreakable(after) and j == i and k == i - 1)


def wrap_cjk(text: str, width: int, *, prefer: str = "") -> list[str]:
    """`text` (one paragraph, no newlines) in lines of at most `width` cells, broken between
    characters by the CJK rules: no line starts with closing punctuation (，。）」〕…), none
    ends with an opening bracket (（「〔…), and runs of ASCII letters and digits stay whole.

    When no allowed break fits (a run longer than the line), the line is cut at the width.
    With `prefer` (e.g. "、 "), a line ends after one of those characters when one is on it,
    so that the items of a list stay whole.
    """
    if width <= 0 or not text:
        return [text]
    lines: list[str] = []
    start = 0
    n = len(text)
    while start < n:
        head = take(text[start:], width)
        end = start + len(head)
        if end >= n:
            lines.append(text[start:])
            break
        if end == start:  # a character wider than the line: it goes alone
            end = start + 1
        else:
            cut = end
            while cut > start and not _may_break(text, cut):
                cut -= 1
            if prefer:
                nice = cut
                while nice > start and not (text[nice - 1] in prefer and _may_break(text, nice)):
                    nice -= 1
                cut = nice if nice > start else cut
            if cut > start:
                end = cut
        line = text[start:end]
        lines.append(line.rstrip(" ") if line.strip(" ") else line)
        start = end
        while start < n and text[start] == " ":  # a break at a space swallows it
            start += 1
    return lines


def wrap_lines(text: str, width: int) -> str:
    """Every line of `text` wrapped by `wrap_cjk`; blank lines kept."""
    out: list[str] = []
    for line in text.split("\n"):
        out.extend(wrap_cjk(line, width) if line else [""])
    return "\n".join(out)


# -- a finding in words --------------------------------------------------------------------------

# The finding fields a summary shows, in reading order.
FINDING_FIELDS = (
    "count",
    "age",
    "scope",
    "qualifier",
    "elements",
    "detail",
    "wording",
    "note",
    "carried_from",
)


def category_label(checklist: Checklist | None, category: str, script: Script | str) -> str:
    """A category's label in `script`, or its id when the checklist does not know it."""
    if checklist is not None and checklist.has(category):
        return checklist.category(category).label(script)
    return category


def finding_value(
    finding: Finding,
    checklist: Checklist | None,
    script: Script | str,
    fields: Iterable[str] = FINDING_FIELDS,
) -> str:
    """What a finding records, in words: `2`, `1年`, `多數 “辦理時間”`, `表述“…”` (the
    history, the merge)."""
    s = str(script)
    parts: list[str] = []
    for name in fields:
        if name == "count" and finding.count is not None:
            parts.append(str(finding.count))
        elif name == "age" and finding.age:
            parts.append(finding.age)
        elif name == "scope" and finding.scope is not Scope.NONE:
            scopes = checklist.scopes if checklist else {}
            parts.append(scopes.get(finding.scope.value, {}).get(s, finding.scope.value))
        elif name == "qualifier" and finding.qualifier is not Qualifier.NONE:
            qualifiers = checklist.qualifiers if checklist else {}
            parts.append(
                qualifiers.get(finding.qualifier.value, {}).get(s, finding.qualifier.value)
            )
        elif name == "elements" and finding.elements:
            if checklist is not None:
                parts.append(checklist.quote_elements(finding.elements, s))
            else:
                parts.append("、".join(finding.elements))
        elif name == "detail" and finding.detail.strip():
            parts.append(clip(finding.detail))
        elif name == "wording" and finding.wording.strip():
            parts.append(t("history.field.wording", text=clip(finding.wording)))
        elif name == "note" and finding.note.strip():
            parts.append(t("history.field.note", text=clip(finding.note)))
        elif name == "carried_from" and finding.carried_from:
            parts.append(t("history.field.carried", round=finding.carried_from))
    return " ".join(parts)


def finding_marks(finding: Finding, category: Category, checklist: Checklist, script: str) -> str:
    """A finding in a checklist line's few cells: ×3 1年, 多數 “辦理時間”, the detail, ✎ for
    a reworded sentence, ¶ for a note (the walk)."""
    parts: list[str] = []
    if category.kind is CategoryKind.COUNT:
        parts.append(f"×{finding.count if finding.count is not None else 1}")
    if finding.age:
        parts.append(finding.age)
    if finding.scope is not Scope.NONE:
        parts.append(t(f"scope_{finding.scope.value}"))
    if finding.qualifier is not Qualifier.NONE:
        parts.append(checklist.qualifiers[finding.qualifier.value][script])
    if finding.elements:
        parts.append(checklist.quote_elements(finding.elements, script))
    if finding.detail:
        parts.append(finding.detail)
    if finding.wording.strip():
        parts.append("✎")
    if finding.note.strip():
        parts.append("¶")
    return " ".join(parts)
