"""The round metadata form: title, document number, addressees, dates, closing text.

Every field maps to `Round.title` or a `RoundMeta` field. A field the round leaves empty
inherits the office's value or the template's wording (`meta_fields.resolve`): that value is
shown as ordinary, editable text with a line saying where it comes from; kept unchanged it is
stored empty (the round keeps inheriting), changed it becomes the round's own. Fields the
template requires are marked ＊, and one left empty says so. Grey placeholder text is only
ever an example of what to type. Fields are checked as they are
typed (`meta_validation`); a normalised form (〔〕 brackets, 2018年4月2日) is offered under
the field and applied when the field is left. ctrl+s saves everything in one transaction
(one audit row) and is refused while a field is invalid; escape asks before discarding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import Any, ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import (
    Footer,
    Header,
    Input,
    Label,
    RadioButton,
    RadioSet,
    Select,
    Static,
    TextArea,
)

from ...circular.wording import chinese_numeral, fill, load_wording
from ...export_check import resolved_fields, search_dirs
from ...i18n import t, user_text
from ...meta_fields import ResolvedField
from ...meta_validation import Check, check_field
from ...model import Round, RoundMeta
from ...store import Store, StoreError
from ..base import LocalizedScreen
from ..forms import show_form_status
from ..widgets.choice import Choice
from ..widgets.template_select import template_select
from .confirm import close_unless_unsaved

FieldKind = Literal["input", "text", "numerals", "template"]


@dataclass(frozen=True)
class Field:
    name: str  # "title" or a RoundMeta field name
    kind: FieldKind = "input"


# The form, in the order the fields appear in the circular.
SECTIONS: tuple[tuple[str, tuple[Field, ...]], ...] = (
    (
        "head",
        (
            Field("title"),
            Field("doc_number"),
            Field("addressees"),
            Field("template", "template"),
        ),
    ),
    (
        "body",
        (
            Field("basis"),
            Field("inspector"),
            Field("period"),
            Field("scope"),
            Field("overall_remark"),
            Field("period_label"),
            Field("requirements", "text"),
        ),
    ),
    (
        "closing",
        (
            Field("deadline"),
            Field("report_to"),
            Field("contact"),
            Field("phone"),
            Field("closing", "text"),
            Field("issuer"),
            Field("date"),
            Field("note"),
            Field("attachment_numerals", "numerals"),
        ),
    ),
)
FIELDS: tuple[Field, ...] = tuple(f for _, fields in SECTIONS for f in fields)
NUMERALS = ("arabic", "chinese")
# Fields with no example in the catalog (meta.hint.*): what to write is the office's own
# wording, shown inherited when it has one.
NO_EXAMPLE = frozenset(
    {"addressees", "basis", "inspector", "scope", "overall_remark", "requirements", "closing"}
)
# Fields chosen from a list: an inherited one is "the default", not wording.
CHOSEN = frozenset({"template", "attachment_numerals", "title", "period_label"})


def current_values(rnd: Round) -> dict[str, str]:
    """The round's own values, by field name ("" where it inherits)."""
    values = {f.name: str(getattr(rnd.meta, f.name, "")) for f in FIELDS if f.name != "title"}
    values["title"] = rnd.title
    if values["attachment_numerals"] not in NUMERALS:
        values["attachment_numerals"] = "arabic"
    return values


def inherited_values(rnd: Round, inherited: Sequence[ResolvedField]) -> dict[str, str]:
    """What each field stands for when the round leaves it empty: the office's value or the
    template's wording (`inherited`: the fields resolved without the round's own values),
    and the title and period label from the round's period."""
    values = {f.name: f.value for f in inherited if f.source in ("office", "template")}
    w = load_wording(rnd.script)
    yq = rnd.year_quarter
    if yq:
        quarter = chinese_numeral(yq[1])
        values["title"] = fill(w["title"], year=yq[0], quarter=quarter)
        values.setdefault("period_label", fill(w["period_label"], quarter=quarter))
    else:
        values["title"] = w["title_undated"]
    return values


def shown_values(rnd: Round, inherited: dict[str, str]) -> dict[str, str]:
    """The form's text: the round's own value, else the inherited one (editable in place)."""
    own = current_values(rnd)
    return {name: own[name] or inherited.get(name, "") for name in own}


def stored_values(values: dict[str, str], inherited: dict[str, str]) -> dict[str, str]:
    """What to store: a field still showing its inherited value is stored empty, so the
    round keeps following the office (and its template)."""
    return {
        name: "" if name != "attachment_numerals" and value == inherited.get(name) else value
        for name, value in values.items()
    }


def apply_values(rnd: Round, values: dict[str, str]) -> tuple[str, RoundMeta]:
    """The title and metadata to store; narratives and phrase overrides are kept as they are."""
    meta_values: dict[str, Any] = {k: v for k, v in values.items() if k != "title"}
    return values["title"], replace(rnd.meta, **meta_values)


class RoundMetaScreen(LocalizedScreen[bool]):
    """Edits a round's title and metadata. Dismisses with True when anything was saved."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["screens.tcss", "office.tcss"]
    AUTO_FOCUS = "#meta-title"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "meta.key.save", id="meta.save"),
        Binding("escape", "close", "meta.key.close", id="meta.close"),
    ]

    def __init__(self, store: Store, round_key: str, *, focus: str = "") -> None:
        super().__init__()
        self.store = store
        self.round_key = round_key
        self.focus_field = focus  # a field to start on (the export dialog's gap list)
        self.round = store.round(round_key)
        self._resolve()
        self._saved_values = shown_values(self.round, self._inherited)
        self._saved_any = False

    def _resolve(self) -> None:
        """Where each field's value comes from, and what it inherits when left empty."""
        self._fields = {f.name: f for f in resolved_fields(self.store, self.round_key)}
        blank = resolved_fields(
            self.store, self.round_key, RoundMeta(template=self.round.meta.template)
        )
        self._inherited = inherited_values(self.round, blank)
        self._sources = {f.name: f.source for f in blank}

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        if self.round.is_final:
            yield Static(t("meta.final"), id="meta-final")
        with VerticalScroll(id="meta-form"):
            yield Static(t("meta.intro_inherited"), id="meta-intro")
            for section, fields in SECTIONS:
                yield Static(t(f"meta.section.{section}"), classes="meta-section")
                for spec in fields:
                    with Horizontal(classes="meta-field", id=f"field-{spec.name}"):
                        yield Label(self._label(spec.name), classes="meta-label")
                        with Vertical(classes="meta-control"):
                            yield self._control(spec)
                            yield Static(id=f"msg-{spec.name}", classes="meta-message")
                            yield Static(id=f"src-{spec.name}", classes="meta-source")
        yield Static(id="meta-status")
        yield Footer()

    def _label(self, name: str) -> str:
        field = self._fields.get(name)
        required = field is not None and field.required
        return t(f"meta.field.{name}") + (t("meta.required_mark") if required else "")

    def _placeholder(self, name: str) -> str:
        """An example of what to type (never a default: defaults are shown as text)."""
        key = f"meta.hint.{name}"
        hint = t(key)
        return "" if hint == key else hint

    def _control(self, spec: Field) -> Widget:
        value = self._saved_values[spec.name]
        widget_id = f"meta-{spec.name}"
        disabled = self.round.is_final
        if spec.kind == "text":
            return TextArea(
                value,
                id=widget_id,
                classes="meta-textarea",
                soft_wrap=True,
                placeholder=self._placeholder(spec.name),
                disabled=disabled,
                compact=True,
            )
        if spec.kind == "template":
            from ...circular.template import list_templates

            templates = list_templates(search_dirs(self.store))
            return template_select(templates, value, widget_id, disabled)
        if spec.kind == "numerals":
            # Two choices side by side: a drop-down near the bottom of the form opened over
            # the status line and the footer, with Textual's own English "Dismiss menu".
            return Choice(
                *(
                    RadioButton(t(f"meta.numerals.{n}"), value=n == value, id=f"numerals-{n}")
                    for n in NUMERALS
                ),
                id=widget_id,
                classes="meta-choice",
                disabled=disabled,
                compact=True,
            )
        return Input(
            value,
            placeholder=self._placeholder(spec.name),
            id=widget_id,
            disabled=disabled,
            select_on_focus=False,
            compact=True,
        )

    def on_mount(self) -> None:
        self.title = t("meta.title", round=self.round_key)
        self.sub_title = self.round.title
        for name, value in self._saved_values.items():
            self._show_check(name, value)
        self._update_status()
        if self.focus_field and self.query(f"#meta-{self.focus_field}"):
            widget = self.query_one(f"#meta-{self.focus_field}")
            widget.focus()
            self.call_after_refresh(widget.scroll_visible, top=True, animate=False)

    async def recompose(self) -> None:
        """Rebuilt in a new UI language: what was typed and not saved yet is kept."""
        typed = self.raw_values()
        focused = self.focused.id if self.focused is not None else None
        await super().recompose()
        self.title = t("meta.title", round=self.round_key)
        self._fill(typed)
        self._update_status()
        if focused:
            self.query_one(f"#{focused}").focus()

    # -- values ------------------------------------------------------------------------------

    def raw_values(self) -> dict[str, str]:
        """What the form holds now, as typed."""
        values: dict[str, str] = {}
        for spec in FIELDS:
            widget = self.query_one(f"#meta-{spec.name}")
            if isinstance(widget, TextArea):
                values[spec.name] = widget.text
            elif isinstance(widget, RadioSet):
                pressed = widget.pressed_button
                chosen = pressed.id.removeprefix("numerals-") if pressed and pressed.id else ""
                values[spec.name] = chosen
            elif isinstance(widget, Input):
                values[spec.name] = widget.value
            elif isinstance(widget, Select):
                values[spec.name] = widget.value if isinstance(widget.value, str) else ""
        return values

    def checks(self) -> dict[str, Check]:
        return {name: check_field(name, raw) for name, raw in self.raw_values().items()}

    @property
    def dirty(self) -> bool:
        """Whether the form differs from what is stored."""
        return self.raw_values() != self._saved_values

    @property
    def invalid_fields(self) -> list[str]:
        return [name for name, check in self.checks().items() if not check.ok]

    def _show_check(self, name: str, raw: str) -> Check:
        check = check_field(name, raw)
        message = self.query_one(f"#msg-{name}", Static)
        control = self.query_one(f"#meta-{name}")
        control.set_class(not check.ok, "-error")
        message.set_class(not check.ok, "-error")
        normalised = check.ok and check.value != raw.strip()
        message.set_class(normalised, "-hint")
        if not check.ok:
            message.update(t(check.error))
        elif normalised:
            message.update(t("meta.normalised", value=check.value))
        else:
            message.update("")
        message.display = not check.ok or normalised
        self._show_source(name, check.value if check.ok else raw.strip())
        return check

    def _show_source(self, name: str, value: str) -> None:
        """Under the field: where its value comes from, or that the template needs one."""
        line = self.query_one(f"#src-{name}", Static)
        inherited = self._inherited.get(name, "")
        field = self._fields.get(name)
        text, missing = "", False
        if name != "attachment_numerals" and inherited and value == inherited:
            source: str = self._sources.get(name) or "template"
            if name in CHOSEN and source != "office":
                source = "default"
            text = t(f"meta.source.{source}")
        elif not value and field is not None and field.required:
            text, missing = t("meta.source.missing"), True
        line.update(text)
        line.set_class(missing, "-missing")
        line.display = bool(text)

    def _update_status(self, text: str = "") -> None:
        status = self.query_one("#meta-status", Static)
        show_form_status(status, len(self.invalid_fields), self.dirty, text)

    # -- events ------------------------------------------------------------------------------

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("meta-")
        if name in self._saved_values:
            self._show_check(name, event.value)
            self._update_status()

    @on(Input.Blurred)
    def _input_blurred(self, event: Input.Blurred) -> None:
        # Offer accepted on leaving the field: the normalised form replaces what was typed.
        name = (event.input.id or "").removeprefix("meta-")
        if name not in self._saved_values:
            return
        check = check_field(name, event.value)
        if check.ok and check.value != event.value:
            event.input.value = check.value

    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    @on(TextArea.Changed)
    @on(RadioSet.Changed)
    @on(Select.Changed)
    def _other_changed(self, event: TextArea.Changed | RadioSet.Changed | Select.Changed) -> None:
        if isinstance(event, TextArea.Changed):
            name = (event.text_area.id or "").removeprefix("meta-")
            if name in self._saved_values:
                self._show_source(name, event.text_area.text.strip())
        self._update_status()

    # -- actions -----------------------------------------------------------------------------

    def action_save(self) -> bool:
        """Save when every field is valid; returns whether the form is now saved."""
        if self.round.is_final:
            self._update_status(t("meta.final"))
            return False
        raw = self.raw_values()
        checks = {name: self._show_check(name, text) for name, text in raw.items()}
        invalid = [name for name, check in checks.items() if not check.ok]
        if invalid:
            self.query_one(f"#meta-{invalid[0]}").focus()
            self._update_status()
            return False
        values = {name: check.value for name, check in checks.items()}
        title, meta = apply_values(self.round, stored_values(values, self._inherited))
        try:
            self.store.update_round(self.round_key, title=title, meta=meta)
        except StoreError as exc:
            self._update_status(user_text(exc))
            self.notify(user_text(exc), severity="error")
            return False
        self.round = self.store.round(self.round_key)
        self._resolve()
        for name in self._fields:
            self.query_one(f"#field-{name} .meta-label", Label).update(self._label(name))
        self._fill(shown_values(self.round, self._inherited))
        self._saved_values = self.raw_values()
        self._saved_any = True
        self.sub_title = self.round.title
        self._update_status(t("meta.status.saved"))
        return True

    def _fill(self, values: dict[str, str]) -> None:
        """Show the stored (normalised) values in the form."""
        for spec in FIELDS:
            widget = self.query_one(f"#meta-{spec.name}")
            value = values[spec.name]
            if isinstance(widget, TextArea):
                if widget.text != value:
                    widget.load_text(value)
            elif (isinstance(widget, Input) and widget.value != value) or (
                isinstance(widget, Select) and value and widget.value != value
            ):
                widget.value = value
            self._show_check(spec.name, value)

    def action_close(self) -> None:
        close_unless_unsaved(self, self.dirty, self._saved_any)
