"""The template's data: its block and table kinds, the values a loaded template is made of,
and its one error. Pure; the loader (template.py) and the renderer (templated.py) both build
on it, so neither imports the other's internals in a cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from ..errors import UserError
from ..textfill import fill

SCRIPTS = ("zh-Hans", "zh-Hant")
TEMPLATE_SUFFIX = ".toml"
PACKAGE = "inspect_tui.circular_templates"

BLOCK_TYPES = ("heading", "paragraph", "list", "when")
LIST_SOURCES = ("categories", "narratives", "groups", "levels", "failing", "not_rectified")
TABLE_KINDS = (
    "roster_by_parent",
    "roster_by_level",
    "verdicts",
    "problems",
    "category_counts",
    "level_counts",
)
# numbering style → how item n is numbered ({cn}: Chinese numeral, {n}: Arabic)
NUMBERING = {"": "", "一、": "{cn}、", "（一）": "（{cn}）", "1.": "{n}.", "（1）": "（{n}）"}

# The names every text sees (see compose.template_context); list items add item/n/cn.
CONTEXT_NAMES = frozenset(
    {
        "round",
        "meta",
        "words",
        "period",
        "previous_period",
        "figures",
        "total",
        "by_kind",
        "by_level",
        "passed",
        "failed",
        "pass_rate",
        "fail_rate",
        "with_findings",
        "problems",
        "sites_with_findings",
        "categories",
        "carried_over",
        "not_rectified",
        "failing",
        "previous",
        "change",
        "population",
        "sample",
        "sampling_ratio",
        "sampled",
        "kind_labels",
        "narratives",
    }
)


class TemplateError(UserError):
    """A template that cannot be used: the file, the line and what was expected."""

    def __init__(self, file: str, line: int, problem: str) -> None:
        super().__init__("error.template.invalid", file=file, line=line, problem=problem)
        self.file, self.line, self.problem = file, line, problem


def _finalize(value: object) -> object:
    # None prints as nothing, not "None" (e.g. population when the whole roster is checked)
    return "" if value is None else value


def make_environment() -> SandboxedEnvironment:
    """Sandboxed (templates are files offices pass around), undefined names are errors, no
    HTML escaping: the output is plain text for the docx."""
    env = SandboxedEnvironment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        finalize=_finalize,
    )
    env.filters["fill"] = lambda text, **values: fill(str(text), **values)
    env.filters["join_names"] = lambda names, sep="、": sep.join(str(n) for n in names)
    return env


ENV = make_environment()


@dataclass(frozen=True)
class Text:
    """One text of the template, per script (one source may serve every script)."""

    where: str  # the key path, for messages
    line: int
    sources: Mapping[str, str]  # script → source; "*" for all scripts
    compiled: Mapping[str, jinja2.Template] = field(repr=False)
    names: frozenset[str] = frozenset()  # extra names it may use (item, n …)

    def render(self, script: str, context: Mapping[str, Any]) -> str:
        tpl = self.compiled.get(script) or self.compiled.get("*")
        if tpl is None:
            return ""
        return tpl.render(context)


@dataclass(frozen=True)
class Condition:
    where: str
    line: int
    source: str
    evaluate: Callable[..., Any] = field(repr=False)

    def holds(self, context: Mapping[str, Any]) -> bool:
        return bool(self.evaluate(**context))


@dataclass(frozen=True)
class Block:
    type: str
    where: str
    line: int
    text: Text | None = None
    numbering: str = ""
    lead: Text | None = None
    lines: bool = False
    over: tuple[str, ...] = ()
    empty: Text | None = None
    condition: Condition | None = None
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True)
class TableSpec:
    kind: str
    where: str
    line: int
    title: Text
    headers: Mapping[str, tuple[str, ...]] | None = None  # script or "*" → headers
    group_heading: Text | None = None
    widths: tuple[int, ...] = ()
    empty_row: Text | None = None
    only: str = ""  # "", "failing", "with_findings": which sites the table lists


@dataclass(frozen=True)
class CircularTemplate:
    name: str
    title: str
    description: str
    scripts: tuple[str, ...]
    decimals: int
    no_rate: str
    document: Mapping[str, Text]
    body: tuple[Block, ...]
    attachments: tuple[TableSpec, ...]
    source: str  # the file's text: a round can keep exactly what it was exported with
    origin: str  # where it was read from ("bundled" or a path)


# --- line numbers --------------------------------------------------------------------------
