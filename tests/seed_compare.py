"""Compare an exported circular with the seed circular, line by line and row by row.

Both sides are NFKC-normalised with all whitespace removed: the seed text was copied from a
web page (half-width punctuation, stray spaces), our output uses full-width punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

SEED = Path(__file__).parent / "fixtures" / "seed_circular_2018q1.txt"
FOOTER_START = "相關稿件:"


def norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Item:
    kind: str  # "p" or "row"
    cells: tuple[str, ...]

    def __str__(self) -> str:
        return " | ".join(self.cells)


def seed_items() -> list[Item]:
    items = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if line.startswith(FOOTER_START):
            break
        if not line.strip():
            continue
        if " | " in line or line.rstrip().endswith("|"):
            cells = [c for c in line.split("|")]
            if cells and not cells[-1].strip():
                cells = cells[:-1]
            items.append(Item("row", tuple(norm(c) for c in cells)))
        else:
            items.append(Item("p", (norm(line),)))
    return items


def text_items(text: str) -> list[Item]:
    items = []
    for line in text.splitlines():
        line = line.replace("\f", "")
        if not line.strip():
            continue
        if " | " in line:
            items.append(Item("row", tuple(norm(c) for c in line.split(" | "))))
        else:
            items.append(Item("p", (norm(line),)))
    return items


def docx_items(path: Path) -> list[Item]:
    """Body paragraphs and table rows of a docx in document order (headers/footers excluded)."""
    doc = Document(str(path))
    items: list[Item] = []
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = DocxParagraph(child, doc).text
            if text.strip():
                items.append(Item("p", (norm(text),)))
        elif tag == "tbl":
            for row in DocxTable(child, doc).rows:
                items.append(Item("row", tuple(norm(c.text) for c in row.cells)))
    return items


def missing_in_order(expected: list[Item], actual: list[Item]) -> list[str]:
    """Seed items not found in `actual` in order; empty when every one is there."""
    problems = []
    cursor = 0
    for item in expected:
        for i in range(cursor, len(actual)):
            if actual[i] == item:
                cursor = i + 1
                break
        else:
            problems.append(f"{item.kind}: {item}")
    return problems
