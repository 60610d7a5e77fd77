"""Circular → plain text, for the TUI preview, `export --format txt` and tests.

Tables become lines of cells separated by " | " (a cell with several lines joins them with a
space), which keeps the text greppable and close to how the seed circular reads when copied.
"""

from __future__ import annotations

from .blocks import Circular, Role, Table

INDENT = "　　"  # two full-width spaces: the two-character first-line indent


def render_text(circular: Circular) -> str:
    lines: list[str] = [circular.title, ""]
    if circular.doc_number:
        lines += [circular.doc_number, ""]
    lines.append(circular.addressees)
    for p in circular.body:
        lines.append(INDENT + (p.full_text if p.role is not Role.HEADING1 else p.text))
    lines.append("")
    for i, note in enumerate(circular.attachment_notes):
        prefix = circular.attachment_intro if i == 0 else "　" * len(circular.attachment_intro)
        lines.append(INDENT + prefix + note)
    lines += ["", circular.issuer, circular.date]
    if circular.note:
        lines.append(INDENT + circular.note)
    for attachment in circular.attachments:
        lines += ["", "\f" + attachment.label, "", attachment.title, ""]
        for table in attachment.tables:
            lines += _table_lines(table)
    return "\n".join(lines) + "\n"


def _table_lines(table: Table) -> list[str]:
    out = [table.heading] if table.heading else []
    out.append(" | ".join(table.header))
    out.extend(" | ".join(" ".join(cell) for cell in row) for row in table.rows)
    return out
