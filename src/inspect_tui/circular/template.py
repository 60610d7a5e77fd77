"""Circular templates: the document's shape as a TOML file, its text as sandboxed Jinja2.

A template says what the circular contains — title, document number, addressees, the body as
a list of blocks, closing, attachment notes, issuer, date and the attachments — and `compose`
fills it from the round's records and figures. Loading validates everything (TOML, block and
table kinds, keys, Jinja syntax, every variable rendered against a full set of figures) and
raises one `TemplateError` naming the file and line; nothing is ever half-rendered.

Pure: reads only the file it is given (or the packaged ones).
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta as jinja_meta

from ..checklist import load_default
from .template_model import (
    BLOCK_TYPES,
    CONTEXT_NAMES,
    ENV,
    LIST_SOURCES,
    NUMBERING,
    PACKAGE,
    SCRIPTS,
    TABLE_KINDS,
    TEMPLATE_SUFFIX,
    Block,
    CircularTemplate,
    Condition,
    TableSpec,
    TemplateError,
    Text,
)
from .templated import validate  # rendering a specimen round checks every text

# What callers import from here: the loader's functions and the template's values.
__all__ = [
    "TEMPLATE_SUFFIX",
    "Block",
    "CircularTemplate",
    "TemplateError",
    "TemplateInfo",
    "Text",
    "bundled_names",
    "check_template",
    "list_templates",
    "load_template",
    "office_template_dir",
    "parse_template",
]

# The keys each table of a template may have (anything else is refused, naming the line).
_TEMPLATE_KEYS = {"name", "title", "description", "scripts", "decimals", "no_rate"}
_DOCUMENT_KEYS = {
    "title",
    "doc_number",
    "addressees",
    "issuer",
    "date",
    "note",
    "attachment_intro",
    "attachment_note",
    "attachment_label",
}
_BLOCK_KEYS: dict[str, set[str]] = {
    "heading": {"type", "text", "numbering"},
    "paragraph": {"type", "text", "lead", "lines"},
    "list": {"type", "over", "text", "numbering", "empty"},
    "when": {"type", "condition", "blocks"},
}
_TABLE_KEYS = {"kind", "title", "headers", "group_heading", "widths", "empty_row", "only"}
_EXTRA_NAMES: dict[str, frozenset[str]] = {
    "item": frozenset({"item", "n", "cn"}),
    "note": frozenset({"n", "cn", "title"}),
    "group": frozenset({"group"}),
    "": frozenset(),
}


class _Lines:
    """Where things are in the TOML text (tomllib gives values, not positions)."""

    _HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-]+)\s*\]\]?")

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers = [
            (i + 1, m.group(1))
            for i, line in enumerate(self.lines)
            if (m := self._HEADER.match(line))
        ]

    def header(self, name: str, index: int, after: int = 0, before: int = 10**9) -> int:
        found = [n for n, h in self.headers if h == name and after <= n < before]
        return found[index] if index < len(found) else after or 1

    def next_header(self, line: int) -> int:
        return next((n for n, _ in self.headers if n > line), len(self.lines) + 1)

    def key(self, key: str, start: int, end: int | None = None) -> int:
        pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*[=.]")
        stop = end if end is not None else self.next_header(start)
        for n in range(max(start, 1), min(stop, len(self.lines) + 1)):
            if pattern.match(self.lines[n - 1]):
                return n
        return max(start, 1)


# --- loading -------------------------------------------------------------------------------
class _Loader:
    def __init__(self, text: str, file: str) -> None:
        self.text, self.file = text, file
        self.at = _Lines(text)

    def fail(self, line: int, problem: str) -> TemplateError:
        return TemplateError(self.file, line, problem)

    def check_keys(
        self, table: Mapping[str, Any], allowed: set[str], where: str, line: int
    ) -> None:
        for key in table:
            if key not in allowed:
                raise self.fail(
                    self.at.key(key, line),
                    f'unknown key "{key}" in {where}; expected one of: {", ".join(sorted(allowed))}',
                )

    def text_value(
        self, value: object, where: str, line: int, scripts: Sequence[str], names: str = ""
    ) -> Text:
        if isinstance(value, str):
            sources = {"*": value}
        elif isinstance(value, Mapping) and value:
            unknown = [k for k in value if k not in scripts]
            if unknown:
                raise self.fail(
                    line, f'{where}: unknown script "{unknown[0]}"; expected: {", ".join(scripts)}'
                )
            missing = [s for s in scripts if s not in value]
            if missing:
                raise self.fail(line, f"{where}: no text for {missing[0]}")
            sources = {str(k): v for k, v in value.items()}
        else:
            raise self.fail(line, f"{where}: expected text, or a table of text per script")
        compiled: dict[str, jinja2.Template] = {}
        for script, source in sources.items():
            if not isinstance(source, str):
                raise self.fail(line, f"{where}: expected text")
            try:
                ast = ENV.parse(source)
                compiled[script] = ENV.from_string(source)
            except jinja2.TemplateSyntaxError as exc:
                raise self.fail(
                    line + max((exc.lineno or 1) - 1, 0),
                    f"{where}: Jinja syntax error: {exc.message}",
                ) from None
            undeclared = (
                jinja_meta.find_undeclared_variables(ast) - CONTEXT_NAMES - _EXTRA_NAMES[names]
            )
            if undeclared:
                raise self.fail(
                    line,
                    f'{where}: unknown variable "{sorted(undeclared)[0]}" (see docs/templates.md)',
                )
        return Text(where, line, sources, compiled, _EXTRA_NAMES[names])

    def load(self, origin: str) -> CircularTemplate:
        try:
            data = tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as exc:
            m = re.search(r"line (\d+)", str(exc))
            raise self.fail(int(m.group(1)) if m else 1, f"not valid TOML: {exc}") from None
        self.check_keys(data, {"template", "document", "body", "attachments"}, "the file", 1)
        head = data.get("template")
        head_line = self.at.header("template", 0)
        if not isinstance(head, Mapping):
            raise self.fail(1, "a [template] table is required (name, title, scripts)")
        self.check_keys(head, _TEMPLATE_KEYS, "[template]", head_line)
        name = head.get("name")
        if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9][a-z0-9\-]*", name):
            raise self.fail(
                self.at.key("name", head_line),
                "[template] name: expected lower-case letters, digits and hyphens",
            )
        scripts_raw = head.get("scripts", ["zh-Hans"])
        if (
            not isinstance(scripts_raw, list)
            or not scripts_raw
            or any(s not in SCRIPTS for s in scripts_raw)
        ):
            raise self.fail(
                self.at.key("scripts", head_line),
                f"[template] scripts: expected a list of {', '.join(SCRIPTS)}",
            )
        scripts = tuple(str(s) for s in scripts_raw)
        decimals = head.get("decimals", 1)
        if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 4:
            raise self.fail(
                self.at.key("decimals", head_line), "[template] decimals: expected 0 to 4"
            )
        for key in ("title", "description", "no_rate"):
            if key in head and not isinstance(head[key], str):
                raise self.fail(self.at.key(key, head_line), f"[template] {key}: expected text")

        document_raw = data.get("document", {})
        doc_line = self.at.header("document", 0)
        if not isinstance(document_raw, Mapping):
            raise self.fail(doc_line, "[document]: expected a table")
        self.check_keys(document_raw, _DOCUMENT_KEYS, "[document]", doc_line)
        document = {
            key: self.text_value(
                value,
                f"[document] {key}",
                self.at.key(key, doc_line),
                scripts,
                "note" if key in ("attachment_note", "attachment_label") else "",
            )
            for key, value in document_raw.items()
        }
        body_raw = data.get("body", [])
        if not isinstance(body_raw, list):
            raise self.fail(1, "body: expected [[body]] blocks")
        body = self.blocks(body_raw, "body", scripts, 0, 10**9)
        attachments_raw = data.get("attachments", [])
        if not isinstance(attachments_raw, list):
            raise self.fail(1, "attachments: expected [[attachments]] tables")
        attachments = tuple(self.table(t, i, scripts) for i, t in enumerate(attachments_raw))
        return CircularTemplate(
            name=name,
            title=str(head.get("title", name)),
            description=str(head.get("description", "")),
            scripts=scripts,
            decimals=decimals,
            no_rate=str(head.get("no_rate", "—")),
            document=document,
            body=body,
            attachments=attachments,
            source=self.text,
            origin=origin,
        )

    def blocks(
        self, raw: list[Any], path: str, scripts: Sequence[str], after: int, before: int
    ) -> tuple[Block, ...]:
        out = []
        for i, item in enumerate(raw):
            line = self.at.header(path, i, after, before)
            where = f"[[{path}]] #{i + 1}"
            if not isinstance(item, Mapping):
                raise self.fail(line, f"{where}: expected a table")
            kind = item.get("type")
            if kind not in _BLOCK_KEYS:
                raise self.fail(
                    self.at.key("type", line),
                    f'{where}: unknown block type "{kind}"; expected one of: {", ".join(BLOCK_TYPES)}',
                )
            self.check_keys(item, _BLOCK_KEYS[kind], f"{where} ({kind})", line)
            end = self.at.next_header(line)

            text = functools.partial(
                self.block_text,
                item,
                where=f"{where} ({kind})",
                start=line,
                end=end,
                scripts=scripts,
            )

            numbering = item.get("numbering", "")
            if numbering not in NUMBERING:
                raise self.fail(
                    self.at.key("numbering", line),
                    f'{where}: unknown numbering "{numbering}"; expected one of: '
                    + ", ".join(repr(k) for k in NUMBERING),
                )
            if kind == "heading":
                out.append(Block(kind, where, line, text("text", required=True), numbering))
            elif kind == "paragraph":
                lines = item.get("lines", False)
                if not isinstance(lines, bool):
                    raise self.fail(
                        self.at.key("lines", line), f"{where}: lines: expected true or false"
                    )
                out.append(
                    Block(
                        kind,
                        where,
                        line,
                        text("text", required=True),
                        lead=text("lead"),
                        lines=lines,
                    )
                )
            elif kind == "list":
                over = item.get("over")
                over_list = [over] if isinstance(over, str) else over
                if (
                    not isinstance(over_list, list)
                    or not over_list
                    or any(o not in LIST_SOURCES for o in over_list)
                ):
                    raise self.fail(
                        self.at.key("over", line),
                        f"{where}: over: expected one or more of: {', '.join(LIST_SOURCES)}",
                    )
                out.append(
                    Block(
                        kind,
                        where,
                        line,
                        text("text", "item")
                        or self.text_value("{{ item.text }}", where, line, scripts, "item"),
                        numbering,
                        over=tuple(over_list),
                        empty=text("empty"),
                    )
                )
            else:  # when
                source = item.get("condition")
                if not isinstance(source, str) or not source.strip():
                    raise self.fail(
                        line, f"{where}: condition: expected an expression, e.g. failed > 0"
                    )
                cline = self.at.key("condition", line, end)
                try:
                    ast = ENV.parse("{{ " + source + " }}")
                    evaluate = ENV.compile_expression(source, undefined_to_none=False)
                except jinja2.TemplateSyntaxError as exc:
                    raise self.fail(
                        cline, f"{where} condition: Jinja syntax error: {exc.message}"
                    ) from None
                unknown = jinja_meta.find_undeclared_variables(ast) - CONTEXT_NAMES
                if unknown:
                    raise self.fail(
                        cline, f'{where} condition: unknown variable "{sorted(unknown)[0]}"'
                    )
                nested = item.get("blocks", [])
                if not isinstance(nested, list):
                    raise self.fail(line, f"{where}: blocks: expected [[{path}.blocks]]")
                next_sibling = (
                    self.at.header(path, i + 1, after, before) if i + 1 < len(raw) else before
                )
                if next_sibling <= line:
                    next_sibling = before
                out.append(
                    Block(
                        kind,
                        where,
                        line,
                        condition=Condition(where, cline, source, evaluate),
                        blocks=self.blocks(nested, f"{path}.blocks", scripts, line, next_sibling),
                    )
                )
        return tuple(out)

    def block_text(
        self,
        item: Mapping[str, Any],
        key: str,
        names: str = "",
        *,
        where: str,
        start: int,
        end: int,
        scripts: Sequence[str],
        required: bool = False,
    ) -> Text | None:
        if key not in item:
            if required:
                raise self.fail(start, f"{where}: {key} is required")
            return None
        return self.text_value(
            item[key], f"{where} {key}", self.at.key(key, start, end), scripts, names
        )

    def table(self, raw: object, i: int, scripts: Sequence[str]) -> TableSpec:
        line = self.at.header("attachments", i)
        where = f"[[attachments]] #{i + 1}"
        if not isinstance(raw, Mapping):
            raise self.fail(line, f"{where}: expected a table")
        kind = raw.get("kind")
        if kind not in TABLE_KINDS:
            raise self.fail(
                self.at.key("kind", line),
                f'{where}: unknown table kind "{kind}"; expected one of: {", ".join(TABLE_KINDS)}',
            )
        self.check_keys(raw, _TABLE_KEYS, f"{where} ({kind})", line)
        if "title" not in raw:
            raise self.fail(line, f"{where}: title is required")
        headers: dict[str, tuple[str, ...]] | None = None
        if "headers" in raw:
            h = raw["headers"]
            per_script = h if isinstance(h, Mapping) else {"*": h}
            headers = {}
            for script, values in per_script.items():
                if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                    raise self.fail(
                        self.at.key("headers", line), f"{where}: headers: expected a list of text"
                    )
                headers[str(script)] = tuple(values)
        widths = raw.get("widths", [])
        if not isinstance(widths, list) or not all(isinstance(w, int) and w > 0 for w in widths):
            raise self.fail(
                self.at.key("widths", line), f"{where}: widths: expected positive integers"
            )
        only = raw.get("only", "")
        if only not in ("", "failing", "with_findings"):
            raise self.fail(
                self.at.key("only", line), f'{where}: only: expected "failing" or "with_findings"'
            )

        def text(key: str, names: str = "") -> Text | None:
            if key not in raw:
                return None
            return self.text_value(
                raw[key], f"{where} {key}", self.at.key(key, line), scripts, names
            )

        title = text("title")
        assert title is not None
        return TableSpec(
            kind,
            where,
            line,
            title,
            headers,
            text("group_heading", "group"),
            tuple(widths),
            text("empty_row"),
            only,
        )


def parse_template(
    text: str, file: str, origin: str = "", *, render: bool = True
) -> CircularTemplate:
    """A template from its TOML text; raises TemplateError. Keys, kinds, Jinja syntax and
    variable names are checked while reading; with `render` every text is then rendered
    against a specimen round where every figure is filled (templated.validate)."""
    template = _Loader(text, file).load(origin or file)
    if render:
        _validate(template)
    return template


@functools.cache
def _validate_once(text: str, file: str) -> None:
    # the same text validates the same way: bundled templates are checked once per process
    validate(_Loader(text, file).load(file), load_default())


def _validate(template: CircularTemplate) -> None:
    file = template.origin if template.origin != "bundled" else template.name + TEMPLATE_SUFFIX
    _validate_once(template.source, file)


def check_template(path: str | Path) -> list[str]:
    """Validate a template file; its summary lines (name, title, scripts, blocks, attachments),
    or TemplateError naming the file, the line and what was expected."""
    template = load_template(str(path))
    return [
        f"{template.name}: {template.title}",
        f"scripts: {', '.join(template.scripts)}; decimals: {template.decimals}",
        f"body: {len(template.body)} blocks ({', '.join(b.type for b in template.body)})",
        "attachments: "
        + (", ".join(a.kind for a in template.attachments) if template.attachments else "none"),
    ]


# --- finding templates ---------------------------------------------------------------------
@dataclass(frozen=True)
class TemplateInfo:
    name: str
    title: str
    origin: str  # "bundled" or the file's path
    scripts: tuple[str, ...] = ()  # the scripts it has texts for (a round in another is refused)


def bundled_names() -> list[str]:
    files = resources.files(PACKAGE)
    return sorted(
        f.name.removesuffix(TEMPLATE_SUFFIX)
        for f in files.iterdir()
        if f.name.endswith(TEMPLATE_SUFFIX)
    )


def _bundled_text(name: str) -> str:
    return resources.files(PACKAGE).joinpath(name + TEMPLATE_SUFFIX).read_text(encoding="utf-8")


def office_template_dir(database: Path | str) -> Path:
    """Where an office keeps its own templates: a `templates/` folder beside the database."""
    return Path(database).resolve().parent / "templates"


def _office_files(search_dirs: Iterable[Path]) -> dict[str, Path]:
    """An office's own templates by name; an earlier folder wins over a later one."""
    found: dict[str, Path] = {}
    for folder in search_dirs:
        if folder.is_dir():
            for path in sorted(folder.glob("*" + TEMPLATE_SUFFIX)):
                found.setdefault(path.stem, path)
    return found


def list_templates(search_dirs: Iterable[Path] = ()) -> list[TemplateInfo]:
    """Every template by name: an office's own (in `search_dirs`, e.g. the `templates/` folder
    beside the database) override bundled ones of the same name. A broken office file is
    listed with its problem as its title, so `templates list` never fails."""
    out: dict[str, TemplateInfo] = {}
    for name in bundled_names():
        bundled = parse_template(_bundled_text(name), name)
        out[name] = TemplateInfo(name, bundled.title, "bundled", bundled.scripts)
    for name, path in _office_files(search_dirs).items():
        try:
            template = load_template(str(path))
        except TemplateError as exc:
            out[name] = TemplateInfo(name, f"({exc})", str(path))
            continue
        out[name] = TemplateInfo(name, template.title, str(path), template.scripts)
    return [out[k] for k in sorted(out)]


def load_template(name_or_path: str, search_dirs: Iterable[Path] = ()) -> CircularTemplate:
    """A template by name (office folders first, then bundled) or by file path."""
    path = Path(name_or_path)
    if name_or_path.endswith(TEMPLATE_SUFFIX) or path.parent != Path("."):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise TemplateError(str(path), 1, f"cannot read the file: {exc}") from None
        return parse_template(text, str(path), str(path))
    office = _office_files(search_dirs)
    if name_or_path in office:
        return load_template(str(office[name_or_path]))
    if name_or_path in bundled_names():
        return parse_template(
            _bundled_text(name_or_path), name_or_path + TEMPLATE_SUFFIX, "bundled"
        )
    known = sorted(set(bundled_names()) | set(office))
    raise TemplateError(name_or_path, 1, f"no template of that name; known: {', '.join(known)}")
