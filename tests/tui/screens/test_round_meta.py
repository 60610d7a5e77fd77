"""RoundMetaScreen: edit, validate, normalise, save in one transaction, confirm discarding."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Label, Static, TextArea

from host_app import ROUND, Host
from inspect_tui.circular.wording import load_wording
from inspect_tui.i18n import t
from inspect_tui.model import Script
from inspect_tui.store import Store
from inspect_tui.tui.screens.confirm import ConfirmDiscardScreen
from inspect_tui.tui.screens.round_meta import RoundMetaScreen

# What tests/tui_screens/conftest.py applied to every test here.
pytestmark = pytest.mark.usefixtures("zh_hans", "fresh_export_session")


def host(store: Store) -> Host:
    return Host(lambda: RoundMetaScreen(store, ROUND))


def field(app: Host, name: str) -> Input:
    return app.screen.query_one(f"#meta-{name}", Input)


def message(app: Host, name: str) -> str:
    widget = app.screen.query_one(f"#msg-{name}", Static)
    return str(widget.render()) if widget.display else ""


def source(app: Host, name: str) -> str:
    widget = app.screen.query_one(f"#src-{name}", Static)
    return str(widget.render()) if widget.display else ""


def is_dirty(screen: RoundMetaScreen) -> bool:
    return screen.dirty


def fresh(store: Store) -> Store:
    """A second connection, as another process would see the file."""
    return Store(Path(store.path), actor="reader")


async def test_valid_edit_is_saved_in_one_transaction(sample_store: Store) -> None:
    audit_before = len(sample_store.audit(ROUND))
    app = host(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        field(app, "doc_number").value = "惠灣管辦函〔2018〕34號"
        field(app, "phone").value = "0752-5562579"
        app.screen.query_one("#meta-closing", TextArea).load_text("請于{deadline}前報送。")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RoundMetaScreen)
        assert is_dirty(screen)
        await pilot.press("ctrl+s")
        assert not is_dirty(screen)
        assert str(app.screen.query_one("#meta-status").render()) == t("meta.status.saved")
        await pilot.press("escape")  # nothing unsaved: closes at once
        assert app.results == [True]
    with fresh(sample_store) as other:
        rnd = other.round(ROUND)
        assert rnd.meta.doc_number == "惠灣管辦函〔2018〕34號"
        assert rnd.meta.phone == "0752-5562579"
        assert rnd.meta.closing == "請于{deadline}前報送。"
        assert rnd.meta.narratives  # untouched fields survive the edit
        entries = other.audit(ROUND)[audit_before:]
    assert [(e.entity, e.action, e.actor) for e in entries] == [("round_meta", "update", "tester")]


async def test_invalid_doc_number_is_refused(sample_store: Store) -> None:
    app = host(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        field(app, "doc_number").value = "惠灣管辦函2018年34號"
        await pilot.pause()
        assert message(app, "doc_number") == t("meta.error.doc_number")
        assert field(app, "doc_number").has_class("-error")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, RoundMetaScreen)
        assert app.screen.invalid_fields == ["doc_number"]
        assert field(app, "doc_number").has_focus
        assert "1" in str(app.screen.query_one("#meta-status").render())
    with fresh(sample_store) as other:
        assert other.round(ROUND).meta.doc_number == "惠灣管辦函〔2018〕33號"


async def test_brackets_and_dates_are_normalised(sample_store: Store) -> None:
    app = host(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        field(app, "doc_number").value = "惠灣管辦函[2018]第034號"
        field(app, "date").value = "2018-04-09"
        field(app, "deadline").value = "04-15"
        await pilot.pause()
        # Offered under the field while typing ...
        assert message(app, "doc_number") == t("meta.normalised", value="惠灣管辦函〔2018〕34號")
        await pilot.press("ctrl+s")
        # ... and shown in the form once saved.
        assert field(app, "doc_number").value == "惠灣管辦函〔2018〕34號"
        assert field(app, "date").value == "2018年4月9日"
        assert message(app, "doc_number") == ""
    with fresh(sample_store) as other:
        meta = other.round(ROUND).meta
        assert (meta.doc_number, meta.date, meta.deadline) == (
            "惠灣管辦函〔2018〕34號",
            "2018年4月9日",
            "4月15日",
        )


async def test_leaving_a_field_applies_the_normalised_form(sample_store: Store) -> None:
    app = host(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        date = field(app, "date")
        date.focus()
        date.value = "2018/4/2"
        await pilot.press("tab")
        assert date.value == "2018年4月2日"


async def test_discarding_changes_asks_first(sample_store: Store) -> None:
    app = host(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        field(app, "contact").value = "李四"
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmDiscardScreen)
        await pilot.press("n")  # keep editing
        assert isinstance(app.screen, RoundMetaScreen)
        assert field(app, "contact").value == "李四"
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmDiscardScreen)
        await pilot.press("y")
        await pilot.pause()
        assert app.results == [False]
    with fresh(sample_store) as other:
        assert other.round(ROUND).meta.contact == "張雯舒"


async def test_inherited_values_are_editable_text(sample_store: Store) -> None:
    """Issue 13: an inherited value is shown as the field's text, with a line saying where it
    comes from; kept, the round keeps inheriting; changed in place, it is the round's own."""
    from dataclasses import replace

    sample_store.set_office_field("contact", "李示例")
    sample_store.update_round(ROUND, meta=replace(sample_store.round(ROUND).meta, contact=""))
    app = host(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        wording = load_wording(Script.HANT)
        remark = field(app, "overall_remark")
        assert remark.value == wording["overall_remark"]
        assert source(app, "overall_remark") == t("meta.source.template")
        assert field(app, "contact").value == "李示例"
        assert source(app, "contact") == t("meta.source.office")
        assert field(app, "period_label").value == "第一季度"
        assert field(app, "issuer").placeholder == t("meta.hint.issuer")  # an example only
        assert source(app, "issuer") == ""  # the round's own value
        await pilot.press("ctrl+s")
        assert sample_store.round(ROUND).meta.contact == ""  # still following the office
        assert sample_store.round(ROUND).meta.overall_remark == ""
        field(app, "contact").value = "王示例"
        await pilot.pause()
        assert source(app, "contact") == ""
        await pilot.press("ctrl+s")
        assert sample_store.round(ROUND).meta.contact == "王示例"


async def test_required_empty_field_is_marked(store: Store) -> None:
    from inspect_tui.model import Site, SiteKind

    store.replace_roster([Site(1, SiteKind.PORTAL, "示例网", "示例")], source="test")
    store.create_round("2026Q1", "")
    app = Host(lambda: RoundMetaScreen(store, "2026Q1", focus="phone"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        label = app.screen.query_one("#field-issuer .meta-label", Label)
        assert str(label.render()).endswith(t("meta.required_mark"))
        assert source(app, "issuer") == t("meta.source.missing")
        assert source(app, "note") == ""  # optional: no mark
        assert app.screen.focused is field(app, "phone")  # opened on the field to fix


async def test_template_is_shown_and_changed(sample_store: Store) -> None:
    from textual.widgets import Select

    app = host(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        select = app.screen.query_one("#meta-template", Select)
        assert select.value == "district-quarterly"
        select.value = "short-form"
        await pilot.pause()
        await pilot.press("ctrl+s")
        assert sample_store.round(ROUND).meta.template == "short-form"


async def test_final_round_is_read_only(sample_store: Store) -> None:
    sample_store.set_status(ROUND, "final")
    app = host(sample_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert field(app, "doc_number").disabled
        assert app.screen.query_one("#meta-final").display
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, RoundMetaScreen)


async def test_attachment_numerals_chosen_by_keys_in_place(sample_store: Store) -> None:
    from textual.widgets import RadioSet

    app = host(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RoundMetaScreen)
        choice = screen.query_one("#meta-attachment_numerals", RadioSet)
        choice.focus()
        await pilot.pause()
        assert screen.raw_values()["attachment_numerals"] == "chinese"  # the sample's
        await pilot.press("enter")  # the highlight starts on the saved choice: it stays
        assert screen.raw_values()["attachment_numerals"] == "chinese"
        other = "arabic"
        await pilot.press("left", "enter")
        await pilot.pause()
        assert screen.raw_values()["attachment_numerals"] == other and is_dirty(screen)
        # no drop-down: nothing opens over the status line or the footer, and the footer
        # speaks the UI language
        keys = [b.binding.description for b in screen.active_bindings.values() if b.binding.show]
        assert keys and not [k for k in keys if k.isascii() and k.strip()], keys
        status = screen.query_one("#meta-status", Static)
        assert status.region.bottom <= app.size.height - 1
        assert choice.region.bottom <= status.region.y
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert fresh(sample_store).round(ROUND).meta.attachment_numerals == other
