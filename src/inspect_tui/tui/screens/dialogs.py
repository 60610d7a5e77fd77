"""Small modal dialogs (confirm, prompt, finding editor, elements, verdict override, error)
and `guarded`, which turns an action's failure into a message instead of a traceback."""

from __future__ import annotations

import datetime as _dt
import functools
import logging
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Concatenate, ParamSpec, TypeVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.dom import DOMNode
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, SelectionList
from textual.widgets.selection_list import Selection

from ...i18n import t, user_text
from ...model import Finding, Qualifier, Scope, Verdict, VerdictOverride
from ...paths import log_dir
from ...store import StoreError
from . import LocalizedModal

P = ParamSpec("P")
NodeT = TypeVar("NodeT", bound=DOMNode)

LOG_NAME = "inspect-tui.log"

QUALIFIERS = (Qualifier.NONE, Qualifier.MOST, Qualifier.SOME, Qualifier.FEW)
SCOPES = (Scope.NONE, Scope.LEGAL, Scope.PERSONAL, Scope.BOTH)


# -- errors ------------------------------------------------------------------------------------


def log_exception(exc: BaseException) -> Path | None:
    """Append the traceback to the log file; its path, or None when it cannot be written."""
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / LOG_NAME
        logger = logging.getLogger("inspect_tui.tui")
        handler = logging.FileHandler(path, encoding="utf-8")
        logger.addHandler(handler)
        try:
            logger.error(
                "%s\n%s",
                _dt.datetime.now().isoformat(timespec="seconds"),
                "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
            )
        finally:
            logger.removeHandler(handler)
            handler.close()
        return path
    except OSError:
        return None


def report_unexpected(app: App[object], exc: BaseException) -> None:
    path = log_exception(exc)
    app.push_screen(ErrorDialog(f"{type(exc).__name__}: {exc}", path))


def guarded(method: Callable[Concatenate[NodeT, P], None]) -> Callable[Concatenate[NodeT, P], None]:
    """Run an action; a StoreError becomes a notification, anything else an error dialog.

    The store commits or rolls back each change as a whole, so the data stay safe either way.
    """

    @functools.wraps(method)
    def wrapper(self: NodeT, /, *args: P.args, **kwargs: P.kwargs) -> None:
        try:
            method(self, *args, **kwargs)
        except StoreError as exc:
            self.app.notify(user_text(exc), title=t("app_error_title"), severity="error", timeout=8)
        except Exception as exc:
            report_unexpected(self.app, exc)

    return wrapper


class ErrorDialog(LocalizedModal[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "key_close", id="dialog.close")
    ]

    def __init__(self, message: str, log_path: Path | None) -> None:
        super().__init__(classes="dialog-screen")
        self.message = message
        self.log_path = log_path

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog error-dialog"):
            yield Label(t("app_unexpected_title"), markup=False, classes="dialog-title")
            yield Label(t("app_unexpected_body"), markup=False, classes="dialog-text")
            yield Label(self.message, markup=False, classes="dialog-text error-message")
            where = str(self.log_path) if self.log_path else t("app_log_unavailable")
            yield Label(t("app_log_path", path=where), markup=False, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("ok"), variant="primary", id="ok")

    @on(Button.Pressed, "#ok")
    def action_close(self) -> None:
        self.dismiss(None)


def highlight_pressed(radio_set: RadioSet) -> None:
    """Put the radio set's keyboard cursor on its pressed button (Textual starts at the first)."""
    for _ in range(max(radio_set.pressed_index, 0)):
        radio_set.action_next_button()


# -- confirm and prompt ------------------------------------------------------------------------


class ConfirmDialog(LocalizedModal[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "key_yes", id="dialog.yes"),
        Binding("n,escape", "answer(False)", "key_no", id="dialog.no"),
    ]

    def __init__(self, message: str) -> None:
        super().__init__(classes="dialog-screen")
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.message, markup=False, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("yes") + " (y)", variant="warning", id="yes")
                yield Button(t("no") + " (n)", id="no")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class TextPrompt(LocalizedModal[str | None]):
    """One line of text; enter accepts, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "key_cancel", id="dialog.cancel")
    ]

    def __init__(
        self, title: str, value: str = "", placeholder: str = "", *, required: bool = False
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.required = required

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, markup=False, classes="dialog-title")
            yield Input(self.value, placeholder=self.placeholder, id="value")
            yield Label("", markup=False, classes="dialog-error", id="error")

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        if self.required and not event.value.strip():
            self.query_one("#error", Label).update(t("dlg_required"))
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


# -- finding editor ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FindingFields:
    count: int | None
    age: str
    detail: str
    wording: str
    note: str


class FindingEditor(LocalizedModal[FindingFields | None]):
    """Count, period, detail, wording override and private note of one finding."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "key_save", id="dialog.save"),
        Binding("escape", "cancel", "key_cancel", id="dialog.cancel"),
    ]

    def __init__(
        self,
        title: str,
        finding: Finding | None,
        *,
        count: bool,
        age: bool,
        detail: bool,
        default_age: str,
        sentence: str,
        focus: str = "",
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.finding = finding
        self.fields = [
            name for name, wanted in (("count", count), ("age", age), ("detail", detail)) if wanted
        ] + ["wording", "note"]
        self.default_age = default_age
        self.sentence = sentence
        self.focus_field = focus if focus in self.fields else self.fields[0]

    def compose(self) -> ComposeResult:
        f = self.finding
        with Vertical(classes="dialog editor"):
            yield Label(self.title_text, markup=False, classes="dialog-title")
            for name in self.fields:
                with Horizontal(classes="field"):
                    yield Label(t(f"dlg_field_{name}"), markup=False, classes="field-label")
                    if name == "count":
                        value = str(f.count if f and f.count is not None else 1)
                        yield Input(value, type="integer", id="count")
                    elif name == "age":
                        yield Input(f.age if f else "", placeholder=self.default_age, id="age")
                    elif name == "detail":
                        yield Input(f.detail if f else "", id="detail")
                    elif name == "wording":
                        yield Input(
                            f.wording if f else "", placeholder=t("dlg_wording_hint"), id="wording"
                        )
                    else:
                        yield Input(f.note if f else "", placeholder=t("dlg_note_hint"), id="note")
            yield Label(
                t("dlg_standard_sentence", sentence=self.sentence),
                markup=False,
                classes="dialog-hint",
            )
            yield Label("", markup=False, classes="dialog-error", id="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("dlg_save"), variant="primary", id="save")
                yield Button(t("dlg_cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one(f"#{self.focus_field}", Input).focus()

    def _value(self, name: str) -> str:
        if name not in self.fields:
            return ""
        return self.query_one(f"#{name}", Input).value.strip()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        count: int | None = None
        if "count" in self.fields:
            try:
                count = int(self._value("count"))
            except ValueError:
                count = 0
            if count < 1:
                self.query_one("#error", Label).update(t("dlg_count_invalid"))
                self.query_one("#count", Input).focus()
                return
        self.dismiss(
            FindingFields(
                count=count,
                age=self._value("age"),
                detail=self._value("detail"),
                wording=self._value("wording"),
                note=self._value("note"),
            )
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


# -- elements ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ElementsResult:
    elements: tuple[str, ...]
    qualifier: Qualifier
    scope: Scope


class ElementsDialog(LocalizedModal[ElementsResult | None]):
    """Which guide elements are wrong (kept in the order chosen), how many guides, which items."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "key_save", id="dialog.save"),
        Binding("escape", "cancel", "key_cancel", id="dialog.cancel"),
    ]

    def __init__(
        self,
        title: str,
        vocabulary: Sequence[str],
        finding: Finding | None,
        fold: Callable[[str], str],
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        current = finding.elements if finding else ()
        self.options = list(vocabulary) + [e for e in current if e not in vocabulary]
        self.current = current
        self.qualifier = finding.qualifier if finding else Qualifier.NONE
        self.scope = finding.scope if finding else Scope.NONE
        self.fold = fold

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog elements"):
            yield Label(self.title_text, markup=False, classes="dialog-title")
            yield Label(t("dlg_elements_hint"), markup=False, classes="dialog-hint")
            yield Label(
                t("dlg_elements_chosen", elements="、".join(self.current) or "—"),
                markup=False,
                classes="dialog-hint",
                id="chosen",
            )
            yield SelectionList[str](*[Selection(o, o) for o in self.options], id="elements")
            yield Input(placeholder=t("dlg_custom_element"), id="custom")
            with Horizontal(classes="field choice"):
                yield Label(t("dlg_qualifier"), markup=False, classes="field-label")
                with RadioSet(id="qualifier", classes="inline"):
                    for q in QUALIFIERS:
                        yield RadioButton(t(f"qualifier_{q.value or 'none'}"), q is self.qualifier)
            with Horizontal(classes="field choice"):
                yield Label(t("dlg_scope"), markup=False, classes="field-label")
                with RadioSet(id="scope", classes="inline"):
                    for s in SCOPES:
                        yield RadioButton(t(f"scope_{s.value or 'none'}"), s is self.scope)
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("dlg_save"), variant="primary", id="save")
                yield Button(t("dlg_cancel"), id="cancel")

    def on_mount(self) -> None:
        elements = self.query_one("#elements", SelectionList)
        for e in self.current:  # selecting in the recorded order keeps that order
            elements.select(e)
        elements.focus()
        for radio_set in self.query(RadioSet):
            highlight_pressed(radio_set)

    @on(SelectionList.SelectedChanged)
    def _show_chosen(self) -> None:
        chosen: SelectionList[str] = self.query_one("#elements", SelectionList)
        self.query_one("#chosen", Label).update(
            t("dlg_elements_chosen", elements="、".join(chosen.selected) or "—")
        )

    @on(Input.Submitted, "#custom")
    def _add_custom(self, event: Input.Submitted) -> None:
        name = self.fold(event.value)
        event.input.clear()
        if not name:
            return
        elements: SelectionList[str] = self.query_one("#elements", SelectionList)
        if name not in self.options:
            self.options.append(name)
            elements.add_option(Selection(name, name))
        elements.select(name)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        elements: SelectionList[str] = self.query_one("#elements", SelectionList)
        qualifier = self.query_one("#qualifier", RadioSet).pressed_index
        scope = self.query_one("#scope", RadioSet).pressed_index
        self.dismiss(
            ElementsResult(
                elements=tuple(elements.selected),
                qualifier=QUALIFIERS[max(qualifier, 0)],
                scope=SCOPES[max(scope, 0)],
            )
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


# -- verdict override --------------------------------------------------------------------------


@dataclass(frozen=True)
class OverrideResult:
    verdict: Verdict | None  # None: back to the computed verdict
    reason: str


class OverrideDialog(LocalizedModal[OverrideResult | None]):
    """Set the site's verdict by hand; a reason is required."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "key_save", id="dialog.save"),
        Binding("escape", "cancel", "key_cancel", id="dialog.cancel"),
    ]

    CHOICES = (None, Verdict.PASS, Verdict.FAIL)

    def __init__(self, site_name: str, computed: Verdict, current: VerdictOverride | None) -> None:
        super().__init__(classes="dialog-screen")
        self.site_name = site_name
        self.computed = computed
        self.current = current

    def compose(self) -> ComposeResult:
        chosen = self.current.verdict if self.current else None
        with Vertical(classes="dialog"):
            yield Label(
                t("dlg_override_title", site=self.site_name), markup=False, classes="dialog-title"
            )
            with RadioSet(id="verdict"):
                computed = t(f"verdict_{self.computed.value}")
                yield RadioButton(t("dlg_override_computed", verdict=computed), chosen is None)
                yield RadioButton(t("verdict_pass"), chosen is Verdict.PASS)
                yield RadioButton(t("verdict_fail"), chosen is Verdict.FAIL)
            yield Label(t("dlg_override_reason"), markup=False, classes="dialog-hint")
            yield Input(self.current.reason if self.current else "", id="reason")
            yield Label("", markup=False, classes="dialog-error", id="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("dlg_save"), variant="primary", id="save")
                yield Button(t("dlg_cancel"), id="cancel")

    def on_mount(self) -> None:
        highlight_pressed(self.query_one("#verdict", RadioSet))

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        index = self.query_one("#verdict", RadioSet).pressed_index
        verdict = self.CHOICES[max(index, 0)]
        reason = self.query_one("#reason", Input).value.strip()
        if verdict is not None and not reason:
            self.query_one("#error", Label).update(t("dlg_override_needs_reason"))
            self.query_one("#reason", Input).focus()
            return
        self.dismiss(OverrideResult(verdict, reason))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
