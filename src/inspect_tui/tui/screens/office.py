"""The office screen: the standing facts of the office that issues the circulars.

Reached from the walk (`o`), from the round picker, and offered on an empty database. Each
field is stored in the office profile (`store.office`); every round inherits what it leaves
empty (`meta_fields.resolve`). Like the round's form, a value the office inherits from the
template (the closing sentence, the template, the fonts) is shown as editable text with a line
saying so, and fields the default template requires are marked ＊. ctrl+s saves (refused while
a field is invalid), escape asks before discarding.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any, ClassVar

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

from ...circular.template import TemplateError, list_templates, load_template
from ...circular.wording import load_wording
from ...errors import UserError
from ...export_check import search_dirs
from ...i18n import t, user_text
from ...meta_fields import DEFAULT_TEMPLATE, TemplateUsage, resolve, template_usage
from ...meta_validation import check_field
from ...model import LETTERHEADS, OFFICE_FIELDS, Office, RoundMeta, Script
from ...office_fields import check_office_value
from ...store import Store, StoreError
from ..base import LocalizedScreen
from ..forms import show_form_status
from ..widgets.choice import Choice
from ..widgets.template_select import template_select
from .confirm import close_unless_unsaved

# The form, by section: (field, kind); kinds: input, text, letterhead, template, fonts.
SECTIONS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "issuer",
        (
            ("issuer", "input"),
            ("issuer_mark", "input"),
            ("letterhead", "letterhead"),
            ("addressees", "input"),
            ("report_to", "input"),
            ("contact", "input"),
            ("phone", "input"),
        ),
    ),
    (
        "wording",
        (
            ("inspector", "input"),
            ("basis", "input"),
            ("scope", "input"),
            ("requirements", "text"),
            ("closing", "text"),
        ),
    ),
    ("file", (("template", "template"), ("font_profile", "fonts"))),
)


def office_defaults(script: Script = Script.HANS) -> dict[str, str]:
    """What an office inherits when a field is left empty (the template's wording, the
    bundled template, the default fonts, no generated letterhead)."""
    from ...circular.fonts import DEFAULT_PROFILE

    return {
        "closing": load_wording(script)["closing"],
        "template": DEFAULT_TEMPLATE,
        "font_profile": DEFAULT_PROFILE.name,
        "letterhead": "none",
    }


class OfficeScreen(LocalizedScreen[bool]):
    """Edits the office profile. Dismisses with True when anything was saved."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["screens.tcss", "office.tcss"]
    AUTO_FOCUS = "#office-issuer"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "meta.key.save", id="office.save"),
        Binding("escape", "close", "meta.key.close", id="office.close"),
    ]

    def __init__(
        self, store: Store, round_key: str = "", *, first_run: bool = False, focus: str = ""
    ) -> None:
        super().__init__()
        self.focus_field = focus  # a field to start on (the export dialog's gap list)
        self.store = store
        self.round_key = round_key  # unused: the walk opens its screens with the round's key
        self.first_run = first_run
        self._defaults = office_defaults()
        self._required = self._required_fields(store.office())
        self._saved = self._shown(store.office())
        self._saved_any = False

    # -- values ------------------------------------------------------------------------------

    def _shown(self, office: Office) -> dict[str, str]:
        return {n: str(getattr(office, n)) or self._defaults.get(n, "") for n in OFFICE_FIELDS}

    def _required_fields(self, office: Office) -> set[str]:
        """The office fields the office's template needs in every circular."""
        try:
            usage = template_usage(
                load_template(office.template or DEFAULT_TEMPLATE, search_dirs(self.store)).source
            )
        except TemplateError:
            usage = TemplateUsage(frozenset(), {}, frozenset())
        fields = resolve(RoundMeta(), office, usage, load_wording(Script.HANS).data)
        return {f.name for f in fields if f.required}

    def raw_values(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for name in OFFICE_FIELDS:
            widget = self.query_one(f"#office-{name}")
            if isinstance(widget, TextArea):
                values[name] = widget.text
            elif isinstance(widget, RadioSet):
                pressed = widget.pressed_button
                values[name] = (
                    pressed.id.removeprefix("letterhead-") if pressed and pressed.id else ""
                )
            elif isinstance(widget, Select):
                values[name] = widget.value if isinstance(widget.value, str) else ""
            elif isinstance(widget, Input):
                values[name] = widget.value
        return values

    @property
    def dirty(self) -> bool:
        return self.raw_values() != self._saved

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="office-form"):
            intro = "office.intro_first" if self.first_run else "office.intro"
            yield Static(t(intro), id="office-intro")
            for section, fields in SECTIONS:
                yield Static(t(f"office.section.{section}"), classes="meta-section")
                for name, kind in fields:
                    with Horizontal(classes="meta-field", id=f"ofield-{name}"):
                        yield Label(self._label(name), classes="meta-label")
                        with Vertical(classes="meta-control"):
                            yield self._control(name, kind)
                            yield Static(id=f"omsg-{name}", classes="meta-message")
                            yield Static(id=f"osrc-{name}", classes="meta-source")
        yield Static(id="office-status")
        yield Footer()

    def _label(self, name: str) -> str:
        mark = t("meta.required_mark") if name in self._required else ""
        return t(f"office.field.{name}") + mark

    def _control(self, name: str, kind: str) -> Widget:
        value = self._saved[name]
        widget_id = f"office-{name}"
        if kind == "text":
            return TextArea(
                value, id=widget_id, classes="meta-textarea", soft_wrap=True, compact=True
            )
        if kind == "letterhead":
            return Choice(
                *(
                    RadioButton(t(f"office.letterhead.{v}"), value=v == value, id=f"letterhead-{v}")
                    for v in LETTERHEADS
                ),
                id=widget_id,
                classes="meta-choice",
                compact=True,
            )
        if kind == "template":
            return template_select(list_templates(search_dirs(self.store)), value, widget_id, False)
        if kind == "fonts":
            from ...circular.fonts import PROFILES

            return Select(
                [(p, p) for p in PROFILES],
                value=value,
                allow_blank=False,
                id=widget_id,
                compact=True,
            )
        hint_key = f"office.hint.{name}"
        hint = t(hint_key)
        return Input(
            value,
            placeholder="" if hint == hint_key else hint,
            id=widget_id,
            select_on_focus=False,
            compact=True,
        )

    def on_mount(self) -> None:
        self.title = t("office.title")
        for name, value in self._saved.items():
            self._show(name, value)
        self._status()
        if self.focus_field in OFFICE_FIELDS:
            widget = self.query_one(f"#office-{self.focus_field}")
            widget.focus()
            self.call_after_refresh(widget.scroll_visible, top=True, animate=False)

    async def recompose(self) -> None:
        typed = self.raw_values()
        await super().recompose()
        self.title = t("office.title")
        self._fill(typed)
        self._status()

    def _fill(self, values: dict[str, str]) -> None:
        for name in OFFICE_FIELDS:
            widget = self.query_one(f"#office-{name}")
            value = values[name]
            if isinstance(widget, TextArea) and widget.text != value:
                widget.load_text(value)
            elif (isinstance(widget, Input) and widget.value != value) or (
                isinstance(widget, Select) and value and widget.value != value
            ):
                widget.value = value
            elif isinstance(widget, RadioSet) and value in LETTERHEADS:
                self.query_one(f"#letterhead-{value}", RadioButton).value = True
            self._show(name, value)

    # -- checks ------------------------------------------------------------------------------

    def _check(self, name: str, raw: str) -> tuple[str, str]:
        """(value to store, error message or '')."""
        check = check_field(name, raw)  # the form's own message, in the UI language
        if not check.ok:
            return raw.strip(), t(check.error)
        try:
            return check_office_value(name, raw), ""
        except UserError as exc:
            return raw.strip(), user_text(exc)

    def _show(self, name: str, raw: str) -> str:
        value, error = self._check(name, raw)
        message = self.query_one(f"#omsg-{name}", Static)
        message.update(error)
        message.set_class(bool(error), "-error")
        message.display = bool(error)
        self.query_one(f"#office-{name}").set_class(bool(error), "-error")
        source = self.query_one(f"#osrc-{name}", Static)
        text, missing = "", False
        if name in self._defaults and value == self._defaults[name]:
            text = t("meta.source.template" if name == "closing" else "meta.source.default")
        elif not value and name in self._required:
            text, missing = t("meta.source.missing"), True
        source.update(text)
        source.set_class(missing, "-missing")
        source.display = bool(text)
        return error

    def _status(self, text: str = "") -> None:
        invalid = [n for n, v in self.raw_values().items() if self._check(n, v)[1]]
        show_form_status(self.query_one("#office-status", Static), len(invalid), self.dirty, text)

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("office-")
        if name in self._saved:
            self._show(name, event.value)
            self._status()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    @on(TextArea.Changed)
    @on(RadioSet.Changed)
    @on(Select.Changed)
    def _other_changed(self, event: Any) -> None:
        if isinstance(event, TextArea.Changed):
            self._show((event.text_area.id or "").removeprefix("office-"), event.text_area.text)
        self._status()

    # -- actions -----------------------------------------------------------------------------

    def action_save(self) -> bool:
        raw = self.raw_values()
        checked = {name: self._check(name, value) for name, value in raw.items()}
        invalid = [name for name, (_, error) in checked.items() if error]
        for name, value in raw.items():
            self._show(name, value)
        if invalid:
            self.query_one(f"#office-{invalid[0]}").focus()
            self._status()
            return False
        # A field still showing what it inherits is stored empty: it keeps following.
        values = {
            name: "" if value == self._defaults.get(name) else value
            for name, (value, _) in checked.items()
        }
        try:
            self.store.set_office(Office.from_dict(values))
        except StoreError as exc:
            self._status(user_text(exc))
            return False
        office = self.store.office()
        self._required = self._required_fields(office)
        for name in OFFICE_FIELDS:
            self.query_one(f"#ofield-{name} .meta-label", Label).update(self._label(name))
        self._fill(self._shown(office))
        self._saved = self.raw_values()
        self._saved_any = True
        self._status(t("meta.status.saved"))
        return True

    def action_close(self) -> None:
        close_unless_unsaved(self, self.dirty, self._saved_any)
