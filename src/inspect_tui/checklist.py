"""The inspection checklist: loading and validating the TOML, verdict rules, problem sentences.

Pure: the TOML arrives as text or a dict; reading the packaged file and `check_checklist(path)`
are the only IO, so the module stays free of databases, Textual and docx.

An office's own checklist (issue 13 item 5) may be smaller than the bundled one:
- `scripts = ["zh-Hans"]` declares the scripts it is written in (default: both). Labels,
  sentences and titles are required in those only; an undeclared script reads the first
  declared script's text, so nothing indexing by script fails (`Checklist.supports(script)`
  tells a round whether its script was declared).
- `[qualifiers]` and `[scopes]` may be left out when no item sentence uses `{qualifier}` /
  `{scope}`.
- a category's body may omit `{units}` when it sets `names_units = false` (or `[format]` does,
  for every category), for templates that do not name sites.
Unknown keys are errors (a misspelt key would otherwise be ignored without a word). Every
error is one line: `FILE: KEY: what was expected`.
"""

from __future__ import annotations

import functools
import json
import os
import re
import string
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

from .model import Finding, Qualifier, Scope, Script, Verdict, VerdictOverride
from .validate import bad_character

DEFAULT_CHECKLIST = "gov-website-2015"
SCRIPTS = tuple(s.value for s in Script)


class ChecklistError(ValueError):
    """A checklist file is malformed. The message names the file and the key."""


class CategoryKind(StrEnum):
    FLAG = "flag"
    COUNT = "count"
    ELEMENTS = "elements"


@dataclass(frozen=True)
class VetoRule:
    """When a finding alone makes a site 不合格: never, always, or once its count reaches k."""

    threshold: int | None  # None: never; 0: always; k: count >= k

    @classmethod
    def parse(cls, text: str) -> VetoRule:
        text = text.strip().replace(" ", "")
        if text == "never":
            return cls(None)
        if text == "always":
            return cls(0)
        m = re.fullmatch(r"count>=([1-9]\d*)", text)
        if not m:
            raise ValueError(f'expected never, always or count>=K; got "{text}"')
        return cls(int(m[1]))

    def triggered_by(self, finding: Finding) -> bool:
        if self.threshold is None:
            return False
        if self.threshold == 0:
            return True
        return (finding.count or 0) >= self.threshold

    def __str__(self) -> str:
        if self.threshold is None:
            return "never"
        return "always" if self.threshold == 0 else f"count>={self.threshold}"


ALLOWED_ITEM_FIELDS = {"count", "age", "elements", "qualifier", "scope", "detail"}
ALLOWED_BODY_FIELDS = {"units", "elements"}


@dataclass(frozen=True)
class Category:
    id: str
    kind: CategoryKind
    veto: VetoRule
    group: str
    labels: Mapping[str, str]
    body: Mapping[str, str]
    item: Mapping[str, str]
    age: Mapping[str, str]
    order: int
    names_units: bool = True  # False: the body sentence names no units (no {units})

    def label(self, script: Script | str) -> str:
        return self.labels[str(script)]


@dataclass(frozen=True)
class Element:
    id: str
    core: bool
    labels: Mapping[str, str]


@dataclass(frozen=True)
class Checklist:
    id: str
    version: int
    titles: Mapping[str, str]
    categories: tuple[Category, ...]
    elements: tuple[Element, ...]
    qualifiers: Mapping[str, Mapping[str, str]]
    scopes: Mapping[str, Mapping[str, str]]
    folds: Mapping[str, Mapping[str, str]]
    element_quote: Mapping[str, str]
    element_separator: Mapping[str, str]
    unit_separator: Mapping[str, str]
    body_elements: int
    source: str  # the TOML text, kept so a round can snapshot exactly what it was walked with
    scripts: tuple[str, ...] = SCRIPTS  # the scripts the file declares (and fully labels)

    def supports(self, script: Script | str) -> bool:
        """Is `script` one the checklist is written in (not filled in from another)?"""
        return str(script) in self.scripts

    @functools.cached_property
    def _by_id(self) -> dict[str, Category]:
        # looked up for every finding of every site when a census round opens
        return {c.id: c for c in self.categories}

    def category(self, category_id: str) -> Category:
        return self._by_id[category_id]

    def has(self, category_id: str) -> bool:
        return category_id in self._by_id

    def element_names(self, script: Script | str) -> list[str]:
        return [e.labels[str(script)] for e in self.elements]

    def fold_element(self, name: str, script: Script | str) -> str:
        name = name.strip().strip("“”\"'「」")
        return self.folds.get(str(script), {}).get(name, name)

    # -- verdicts --------------------------------------------------------------------------

    def vetoing(self, findings: Iterable[Finding]) -> list[Finding]:
        by_id = self._by_id
        return [
            f for f in findings if f.category in by_id and by_id[f.category].veto.triggered_by(f)
        ]

    def computed_verdict(self, findings: Iterable[Finding]) -> Verdict:
        return Verdict.FAIL if self.vetoing(findings) else Verdict.PASS

    def verdict(self, findings: Iterable[Finding], override: VerdictOverride | None) -> Verdict:
        """The site's verdict: the inspector's override when given, else the computed one."""
        return override.verdict if override is not None else self.computed_verdict(findings)

    # -- wording ---------------------------------------------------------------------------

    def quote_elements(self, elements: Sequence[str], script: Script | str) -> str:
        quote = self.element_quote[str(script)]
        return self.element_separator[str(script)].join(quote.format(e) for e in elements)

    def problem_sentence(self, finding: Finding, script: Script | str) -> str:
        """The attachment-3 sentence for one finding (its wording override wins)."""
        if finding.wording.strip():
            return finding.wording.strip()
        cat = self.category(finding.category)
        s = str(script)
        values = {
            "count": str(finding.count if finding.count is not None else 1),
            "age": finding.age or cat.age.get(s, ""),
            "elements": self.quote_elements(finding.elements, s),
            "qualifier": self.qualifiers.get(finding.qualifier.value, {}).get(s, "")
            if finding.qualifier is not Qualifier.NONE
            else "",
            "scope": self.scopes.get(finding.scope.value, {}).get(s, "")
            if finding.scope is not Scope.NONE
            else "",
            "detail": finding.detail.strip(),
        }
        text = cat.item[s].format(**values)
        # A pattern like "出现严重错误：{detail}" reads cleanly without a detail too.
        return text.rstrip("：:").strip()

    def snapshot(self) -> str:
        return self.source

    def to_json(self) -> str:
        return json.dumps({"id": self.id, "version": self.version, "source": self.source})

    def describe(self, script: Script | str | None = None) -> list[str]:
        """Lines for `inspect-tui checklist check FILE`: the checklist, then one line per
        category (id, kind, veto, label in `script`, default the first declared)."""
        s = str(script) if script else self.scripts[0]
        lines = [
            f"{self.id} v{self.version}: {self.titles[s]} "
            f"({', '.join(self.scripts)}; {len(self.categories)} categories, "
            f"{len(self.elements)} elements)"
        ]
        width = max(len(c.id) for c in self.categories)
        for c in self.categories:
            note = "" if c.names_units else "  (names no units)"
            lines.append(
                f"  {c.id:<{width}}  {c.kind.value:<8}  veto {c.veto!s:<10}  {c.label(s)}{note}"
            )
        return lines


# -- loading -------------------------------------------------------------------------------


def load_default() -> Checklist:
    return load_packaged(DEFAULT_CHECKLIST)


def load_packaged(name: str) -> Checklist:
    path = resources.files("inspect_tui.checklists").joinpath(f"{name}.toml")
    return parse(path.read_text(encoding="utf-8"), f"{name}.toml")


def check_checklist(path: str | os.PathLike[str]) -> Checklist:
    """Read and validate a checklist file (for `inspect-tui checklist check FILE` and
    `rounds new --checklist FILE`). Raises ChecklistError naming the file and the key."""
    name = os.fspath(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ChecklistError(f"{name}: cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ChecklistError(
            f"{name}: not UTF-8 (byte {exc.start}); save the file as UTF-8"
        ) from None
    return parse(text, name)


def parse(text: str, source_name: str) -> Checklist:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ChecklistError(f"{source_name}: not valid TOML: {exc}") from exc
    except RecursionError:
        raise ChecklistError(f"{source_name}: not valid TOML: nested too deeply") from None
    except ValueError as exc:  # e.g. an integer over Python's 4,300-digit limit
        raise ChecklistError(f"{source_name}: not valid TOML: {exc}") from None
    return _Validator(source_name, text).checklist(data)


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Validator:
    def __init__(self, source_name: str, text: str) -> None:
        self.name = source_name
        self.text = text
        self.scripts: tuple[str, ...] = SCRIPTS  # the declared ones, set by `checklist`
        self.names_units = True  # format.names_units, the categories' default

    def fail(self, key: str, message: str) -> ChecklistError:
        line = f"{self.name}: {key}: {message}"
        # one line, and nothing a terminal would act on (keys come from the file)
        return ChecklistError(_UNPRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", line))

    def known_keys(self, data: Mapping[str, Any], allowed: Iterable[str], where: str) -> None:
        """Refuse a key the format does not know: a misspelt one would be silently ignored."""
        allowed = list(allowed)
        for key in data:
            if key not in allowed:
                path = f"{where}.{_clip(str(key))}" if where else _clip(str(key))
                raise self.fail(path, f"unknown key; expected one of {', '.join(allowed)}")

    def str_field(self, data: Mapping[str, Any], key: str, where: str) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where}.{key}" if where else key, "must be a non-empty string")
        return self.clean(value, f"{where}.{key}" if where else key)

    def clean(self, text: str, path: str) -> str:
        """Refuse what `validate` refuses: a label reaches the terminal and the circular."""
        problem = bad_character(text)
        if problem is not None:
            raise self.fail(path, problem)
        return text

    def per_script(
        self, data: Mapping[str, Any], key: str, where: str, *, required: bool = True
    ) -> dict[str, str]:
        path = f"{where}.{key}" if where else key
        value = data.get(key)
        if value is None and not required:
            return {}
        if not isinstance(value, Mapping):
            raise self.fail(path, f"must be a table with {' and '.join(self.scripts)}")
        self.known_keys(value, SCRIPTS, path)
        out: dict[str, str] = {}
        for script in SCRIPTS:
            text = value.get(script)
            if text is None and script not in self.scripts:
                continue
            if not isinstance(text, str) or not text:
                raise self.fail(f"{path}.{script}", "missing or empty")
            out[script] = self.clean(text, f"{path}.{script}")
        return self.filled(out)

    def filled(self, labels: dict[str, str]) -> dict[str, str]:
        """Every script present: an undeclared one reads the first declared script's text."""
        first = labels[self.scripts[0]]
        return {s: labels.get(s, first) for s in SCRIPTS}

    def placeholders(self, pattern: str, allowed: set[str], path: str) -> None:
        """Only `{name}` with a name from `allowed`: no positions (`{}`, `{1}`), attributes,
        conversions or format specs (`{count:>40000000}` would write 40 MB per finding)."""
        try:
            parsed = list(string.Formatter().parse(pattern))
        except ValueError as exc:
            raise self.fail(path, f"bad pattern: {exc}") from exc
        fields: set[str] = set()
        for _, name, spec, conversion in parsed:
            if name is None:
                continue
            if spec or conversion:
                shown = f"{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}"
                raise self.fail(
                    path, f"placeholder {_clip(shown)} may not carry a format; write {{{name}}}"
                )
            if not name:
                raise self.fail(path, "empty placeholder {}; name it, e.g. {count}")
            fields.add(name)
        unknown = fields - allowed
        if unknown:
            raise self.fail(
                path,
                f"unknown placeholder {{{sorted(unknown)[0]}}}; allowed: {', '.join(sorted(allowed))}",
            )

    def declared_scripts(self, data: Mapping[str, Any]) -> tuple[str, ...]:
        value = data.get("scripts", list(SCRIPTS))
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str) and v in SCRIPTS for v in value)
        ):
            raise self.fail(
                "scripts", f'must be a non-empty array of {" or ".join(SCRIPTS)}, e.g. ["zh-Hans"]'
            )
        if len(set(value)) != len(value):
            raise self.fail("scripts", "lists a script twice")
        return tuple(value)

    def positive_int(self, data: Mapping[str, Any], key: str, path: str, default: Any) -> int:
        value = data.get(key, default)
        # bool is an int in Python; `version = true` is a mistake, not 1
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise self.fail(path, f"must be a positive integer; got {_shown(value)}")
        return value

    def boolean(self, data: Mapping[str, Any], key: str, path: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(path, f"must be true or false; got {_shown(value)}")
        return value

    def checklist(self, data: Mapping[str, Any]) -> Checklist:
        self.known_keys(data, TOP_KEYS, "")
        self.scripts = self.declared_scripts(data)
        checklist_id = self.str_field(data, "id", "")
        version = self.positive_int(data, "version", "version", None)
        titles = self.per_script(data, "title", "")
        fmt = data.get("format", {})
        if not isinstance(fmt, Mapping):
            raise self.fail("format", "must be a table")
        self.known_keys(fmt, FORMAT_KEYS, "format")
        body_elements = self.positive_int(fmt, "body_elements", "format.body_elements", 2)
        self.names_units = self.boolean(fmt, "names_units", "format.names_units", True)
        quote = self.per_script(fmt, "element_quote", "format")
        for s, q in quote.items():
            self.quote_pattern(q, f"format.element_quote.{s}")
        qualifiers = self.labelled_table(
            data, "qualifiers", {q.value for q in Qualifier if q.value}
        )
        scopes = self.labelled_table(data, "scopes", {s.value for s in Scope if s.value})
        folds_raw = data.get("folds", {})
        if not isinstance(folds_raw, Mapping):
            raise self.fail("folds", "must be a table")
        self.known_keys(folds_raw, SCRIPTS, "folds")
        for script, table in folds_raw.items():
            if not isinstance(table, Mapping) or not all(
                isinstance(v, str) for v in table.values()
            ):
                raise self.fail(f"folds.{script}", "must be a table of name = canonical name")
        folds = {str(s): {str(k): str(v) for k, v in m.items()} for s, m in folds_raw.items()}
        elements = tuple(self.element(e, i) for i, e in enumerate(self.array(data, "elements")))
        self.unique([e.id for e in elements], "elements")
        categories = tuple(
            self.category(c, i) for i, c in enumerate(self.array(data, "categories"))
        )
        if not categories:
            raise self.fail("categories", "at least one category is needed")
        self.unique([c.id for c in categories], "categories")
        for table, placeholder, found in (
            ("qualifiers", "qualifier", qualifiers),
            ("scopes", "scope", scopes),
        ):
            user = next((c for c in categories if _uses(c, placeholder)), None)
            if user is not None and not found:
                raise self.fail(
                    table,
                    f"missing; needed because categories[{user.order}] ({user.id}).item "
                    f"uses {{{placeholder}}}",
                )
        return Checklist(
            id=checklist_id,
            version=version,
            titles=titles,
            categories=categories,
            elements=elements,
            qualifiers=qualifiers,
            scopes=scopes,
            folds=folds,
            element_quote=quote,
            element_separator=self.per_script(fmt, "element_separator", "format"),
            unit_separator=self.per_script(fmt, "unit_separator", "format"),
            body_elements=body_elements,
            source=self.text,
            scripts=self.scripts,
        )

    def quote_pattern(self, pattern: str, path: str) -> None:
        """Exactly one `{}` (the element's name) and no other placeholder."""
        try:
            fields = [
                (name, spec, conv)
                for _, name, spec, conv in string.Formatter().parse(pattern)
                if name is not None
            ]
        except ValueError as exc:
            raise self.fail(path, f"bad pattern: {exc}") from exc
        if fields != [("", "", None)]:
            raise self.fail(path, 'must contain "{}" exactly once and no other placeholder')

    def array(self, data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            raise self.fail(key, "must be an array of tables ([[" + key + "]])")
        return value

    def unique(self, ids: list[str], where: str) -> None:
        seen: set[str] = set()
        for i, item_id in enumerate(ids):
            if item_id in seen:
                raise self.fail(f"{where}[{i}].id", f'duplicate id "{item_id}"')
            seen.add(item_id)

    def labelled_table(
        self, data: Mapping[str, Any], key: str, expected: set[str]
    ) -> dict[str, dict[str, str]]:
        table = data.get(key)
        if table is None:
            return {}  # optional; `checklist` refuses its absence where an item uses it
        if not isinstance(table, Mapping):
            raise self.fail(key, "must be a table")
        self.known_keys(table, sorted(expected), key)
        missing = expected - set(table)
        if missing:
            raise self.fail(key, f"missing {', '.join(sorted(missing))}")
        return {name: self.per_script(table, name, key) for name in expected}

    def element(self, data: Mapping[str, Any], index: int) -> Element:
        where = f"elements[{index}]"
        self.known_keys(data, ("id", "core", *SCRIPTS), where)
        element_id = self.ascii_id(data, where)
        labels = self.filled({s: self.str_field(data, s, where) for s in self.scripts})
        for s in SCRIPTS:
            if s not in self.scripts and s in data:
                labels[s] = self.str_field(data, s, where)
        core = self.boolean(data, "core", f"{where}.core", False)
        return Element(id=element_id, core=core, labels=labels)

    def ascii_id(self, data: Mapping[str, Any], where: str) -> str:
        value = self.str_field(data, "id", where)
        if not re.fullmatch(r"[a-z][a-z0-9_]*", value):
            raise self.fail(
                f"{where}.id", f'"{value}" must be lower-case ascii letters, digits and _'
            )
        return value

    def category(self, data: Mapping[str, Any], index: int) -> Category:
        where = f"categories[{index}]"
        if not isinstance(data.get("id"), str):
            self.known_keys(data, CATEGORY_KEYS, where)
        cat_id = self.ascii_id(data, where)
        where = f"{where} ({cat_id})"
        self.known_keys(data, CATEGORY_KEYS, where)
        kind_text = self.str_field(data, "kind", where)
        try:
            kind = CategoryKind(kind_text)
        except ValueError:
            raise self.fail(
                f"{where}.kind", f'must be flag, count or elements; got "{kind_text}"'
            ) from None
        try:
            veto = VetoRule.parse(self.str_field(data, "veto", where))
        except ValueError as exc:
            raise self.fail(f"{where}.veto", str(exc)) from None
        if veto.threshold and kind is not CategoryKind.COUNT:
            raise self.fail(f"{where}.veto", "count>=K needs kind = count")
        group = data.get("group", "basic")
        if group not in ("basic", "national"):
            raise self.fail(f"{where}.group", f"must be basic or national; got {_shown(group)}")
        names_units = self.boolean(data, "names_units", f"{where}.names_units", self.names_units)
        body = self.per_script(data, "body", where)
        item = self.per_script(data, "item", where)
        # every script, filled ones included: an undeclared script's text may still be given
        for s in SCRIPTS:
            self.placeholders(body[s], ALLOWED_BODY_FIELDS, f"{where}.body.{s}")
            if names_units and "{units}" not in body[s]:
                raise self.fail(
                    f"{where}.body.{s}",
                    "must contain {units} (or set names_units = false where the template "
                    "does not name sites)",
                )
            self.placeholders(item[s], ALLOWED_ITEM_FIELDS, f"{where}.item.{s}")
        return Category(
            id=cat_id,
            kind=kind,
            veto=veto,
            group=str(group),
            labels=self.per_script(data, "label", where),
            body=body,
            item=item,
            age=self.per_script(data, "age", where, required=False),
            order=index,
            names_units=names_units,
        )


TOP_KEYS = (
    "id",
    "version",
    "scripts",
    "title",
    "format",
    "qualifiers",
    "scopes",
    "folds",
    "elements",
    "categories",
)
FORMAT_KEYS = (
    "element_quote",
    "element_separator",
    "unit_separator",
    "body_elements",
    "names_units",
)
CATEGORY_KEYS = (
    "id",
    "kind",
    "veto",
    "group",
    "age",
    "label",
    "body",
    "item",
    "names_units",
)


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _uses(category: Category, placeholder: str) -> bool:
    return any("{" + placeholder + "}" in text for text in category.item.values())


def _shown(value: Any) -> str:
    """A value for an error line: TOML-like, short, one line."""
    if isinstance(value, str):
        return json.dumps(_clip(value), ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _clip(str(value))
    return f"a {type(value).__name__}" if value is not None else "nothing"
