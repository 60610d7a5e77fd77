"""The circular as pure data: what `compose` produces and every renderer consumes.

A renderer decides how things look (fonts, spacing, page layout); it never decides what is
said. Everything the reader sees is a string in one of these values.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """What a body paragraph is, which decides its font in GB/T 9704-2012."""

    BODY = "body"  # 3号仿宋, first-line indent two characters
    HEADING1 = "heading1"  # 一级 "一、…": 3号黑体
    ITEM = "item"  # 二级 "（一）…": `lead` in 3号楷体, the rest in 仿宋


@dataclass(frozen=True)
class Paragraph:
    text: str
    role: Role = Role.BODY
    lead: str = ""  # for ITEM: the numbered heading sentence, rendered in 楷体 before `text`

    @property
    def full_text(self) -> str:
        return self.lead + self.text


@dataclass(frozen=True)
class Table:
    """One table of an attachment, optionally with a heading line above it.

    Each cell is a tuple of lines (a cell with several numbered problems has one line each).
    `widths` are relative column widths; the renderer scales them into the text block.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[tuple[str, ...], ...], ...]
    widths: tuple[int, ...]
    heading: str = ""


@dataclass(frozen=True)
class Attachment:
    label: str  # "附件1" or "附件一"
    title: str
    tables: tuple[Table, ...]


@dataclass(frozen=True)
class Circular:
    script: str  # "zh-Hans" or "zh-Hant"
    title: str
    doc_number: str
    addressees: str  # ends with the full-width colon "："
    body: tuple[Paragraph, ...]
    attachment_notes: tuple[str, ...]  # "1. 第一季度…名单", "2. …"
    attachment_intro: str  # "附件：" in front of the first note
    issuer: str
    date: str
    note: str  # 附注 line, e.g. "（联系人：…，电话：…）"; may be empty
    attachments: tuple[Attachment, ...]
