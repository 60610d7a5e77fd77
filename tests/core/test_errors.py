"""Errors a user can act on say the same thing in every language: the English text the
command line prints, and the UI catalog's message the app shows."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from inspect_tui import i18n
from inspect_tui.errors import UserError
from inspect_tui.export import ExportError, write_atomic
from inspect_tui.model import Verdict
from inspect_tui.sample import load_sample
from inspect_tui.store import Store

SRC = Path(i18n.__file__).parent
KEY = re.compile(r'"(error\.[a-z_]+\.[a-z_]+)"')
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def used_keys() -> set[str]:
    return {k for f in SRC.rglob("*.py") for k in KEY.findall(f.read_text(encoding="utf-8"))}


@pytest.fixture
def english() -> Iterator[None]:
    before = i18n.language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_error_key_is_in_the_catalog_and_every_entry_is_used(lang: str) -> None:
    used = used_keys()
    assert len(used) >= 20
    defined = {k for k in i18n.catalog(lang) if k.startswith("error.")}
    assert used == defined, (sorted(used - defined), sorted(defined - used))


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_translations_use_the_same_placeholders_as_english(lang: str) -> None:
    for key in used_keys():
        english = set(PLACEHOLDER.findall(i18n.catalog("en")[key]))
        assert set(PLACEHOLDER.findall(i18n.catalog(lang)[key])) == english, key


def _raised(action: Callable[[], object]) -> UserError:
    with pytest.raises(UserError) as info:
        action()
    return info.value


def test_english_catalog_says_what_the_exception_says(tmp_path: Path, english: None) -> None:
    """For errors raised by the real code: the catalog's English is the exception's text."""
    store = Store(tmp_path / "x.sqlite", actor="t")
    empty = Store(tmp_path / "empty.sqlite", actor="t")
    load_sample(store)
    store.set_status("2018Q2", "final")
    target = tmp_path / "exists.docx"
    target.write_bytes(b"x")
    errors = [
        _raised(lambda: store.create_round("2018Q1", "again")),
        _raised(lambda: store.create_round("", "no key")),
        _raised(lambda: empty.create_round("2026Q1", "no roster")),
        _raised(lambda: store.round("1999Q9")),
        _raised(lambda: store.checklist_source("1999Q9")),
        _raised(lambda: store.update_round("2018Q2", title="sealed")),
        _raised(lambda: store.set_override("2018Q1", "N000007775", Verdict.FAIL, " ")),
        _raised(lambda: store.finalise("2018Q2")),
        _raised(lambda: store.reopen("2018Q2", "")),
        _raised(lambda: store.reopen("2018Q1", "why")),
        _raised(lambda: write_atomic(target, b"y")),
        _raised(lambda: write_atomic(tmp_path / "no" / "such.docx", b"y")),
        _raised(lambda: write_atomic(tmp_path, b"y")),
    ]
    assert len({e.key for e in errors}) == len(errors) - 1  # no_round is raised twice
    for error in errors:
        assert error.key, str(error)
        text = i18n.user_text(error)
        assert text == str(error) or str(error).startswith(text.rstrip(".")), (error.key, text)


def test_the_app_language_gets_the_translation(tmp_path: Path) -> None:
    store = Store(tmp_path / "x.sqlite", actor="t")
    load_sample(store)
    error = _raised(lambda: store.create_round("2018Q1", "again"))
    assert "already exists" in str(error)  # the command line's English
    assert i18n.user_text(error) == i18n.t("error.store.round_exists", "zh-Hans", key="2018Q1")
    assert i18n.user_text(error) == "检查轮次“2018Q1”已存在。"
    export_error = ExportError("plain text, no key")
    assert i18n.user_text(export_error) == "plain text, no key"
    assert i18n.user_text(ValueError("boom")) == "boom"
