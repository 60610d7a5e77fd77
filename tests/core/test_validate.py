"""One validation for roster, bundle, app and CLI (issue 15, items 6, 7 and 9)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from inspect_tui import bundle as bundle_mod
from inspect_tui.bundle import BundleError
from inspect_tui.bundle_store import bundle_from_store
from inspect_tui.roster import RosterError, parse_roster
from inspect_tui.store import Store
from inspect_tui.validate import (
    SITE_LIMITS,
    FieldError,
    bad_character,
    check_text,
    normalise_round_key,
)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("2018Q1", "2018Q1"),
        ("2018Q1 ", "2018Q1"),
        ("  2018q1", "2018Q1"),
        ("２０１８Q1", "2018Q1"),
        ("２０１８Ｑ１", "2018Q1"),
        ("2018H2", "2018H2"),
        ("2018", "2018"),
        ("2018-06", "2018-06"),
        ("census_2015-special", "census_2015-special"),
    ],
)
def test_round_keys_have_one_normal_form(text: str, key: str) -> None:
    assert normalise_round_key(text) == key


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "../../../../tmp/x",
        "a/b",
        "..",
        "2018Q1\nforged line",
        "2018\u200bQ1",
        "2018\u202eQ1",
        "-2018",
        "x" * 41,
        "2018 Q1",
        "二〇一八",
    ],
)
def test_round_keys_refused(text: str) -> None:
    with pytest.raises(FieldError) as info:
        normalise_round_key(text)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    "text",
    [
        "\x1b[2J",
        "\x1b]0;pwned\x07",
        "a\u202eb",
        "a\u2066b",
        "a\u200fb",
        "a\ud800b",
        "a\x85b",
        "line\nbreak",
        "a\u2028b",
    ],
)
def test_control_bidi_and_surrogates_refused(text: str) -> None:
    assert bad_character(text) is not None
    with pytest.raises(FieldError):
        check_text(text, "name")


def test_multiline_fields_keep_newlines_and_tabs_only() -> None:
    assert check_text("第一行\n\t第二行", "detail") == "第一行\n\t第二行"
    with pytest.raises(FieldError):
        check_text("a\x1b[31mb", "detail")
    assert bad_character("中文 English ١٢٣ emoji 👍🏽 ZWJ 👨\u200d👩") is None


def _roster(name: str = "区工贸局", url: str = "http://x.gov.cn") -> bytes:
    return (f"kind,name,short_name,code,url\ndept,{name},工贸,4413900013,{url}\n").encode()


def test_item06_roster_refuses_what_a_bundle_cannot_hold() -> None:
    """A 5,000-character name or a 3,009-character URL was accepted, and the round's bundle
    then refused its own export."""
    for data, column in (
        (_roster(name="名" * 5000), "name"),
        (_roster(url="http://x.gov.cn/" + "a" * 2993), "url"),
    ):
        with pytest.raises(RosterError) as info:
            parse_roster(data, "r.csv")
        assert f'column "{column}"' in str(info.value)
        assert "too long" in str(info.value)


def test_item06_what_the_roster_accepts_the_bundle_accepts(sample_store: Store) -> None:
    longest = _roster(
        name="名" * SITE_LIMITS["name"], url="http://x.gov.cn/" + "a" * (SITE_LIMITS["url"] - 16)
    )
    sites = parse_roster(longest, "r.csv").sites
    b = bundle_from_store(sample_store, "2018Q1")
    b = replace(b, sites=tuple(sites), findings=(), overrides=(), progress={}, followups={})
    again = bundle_mod.parse(bundle_mod.dump(b), "x.json")
    assert again.sites == tuple(sites)


def _doc(store: Store) -> dict:  # type: ignore[type-arg]
    return json.loads(bundle_mod.dump(bundle_from_store(store, "2018Q1")))


def _parse(doc: object) -> bundle_mod.Bundle:
    return bundle_mod.parse(json.dumps(doc, ensure_ascii=False).encode(), "x.json")


@pytest.mark.parametrize(
    ("mutate", "where"),
    [
        (lambda d: d["round"].update(title="\x1b[2J\x1b]0;owned\x07"), "round.title"),
        (lambda d: d["sites"][0].update(name="局\x1b[31m"), "sites[0].name"),
        (lambda d: d["sites"][0].update(short_name="\u202e局工贸"), "sites[0].short_name"),
        (lambda d: d.update(inspector="张三\x1b]0;x\x07"), "(top level).inspector"),
        (lambda d: d["round"]["meta"].update(issuer="\x1b[5m"), "round.meta.issuer"),
        (lambda d: d["findings"][0].update(note="a\x1bb"), "findings[0].note"),
    ],
)
def test_item07_terminal_escapes_in_bundles_refused(
    sample_store: Store,
    mutate,
    where: str,  # type: ignore[no-untyped-def]
) -> None:
    doc = _doc(sample_store)
    mutate(doc)
    with pytest.raises(BundleError, match=rf"^x\.json: {__import__('re').escape(where)}: contains"):
        _parse(doc)


def test_item07_escapes_inside_the_carried_checklist_refused(sample_store: Store) -> None:
    doc = _doc(sample_store)
    source = doc["checklist"]["source"]
    title_at = source.index("[title]")
    doc["checklist"]["source"] = source[:title_at] + source[title_at:].replace(
        '"', '"\\u001b[2J', 1
    )
    with pytest.raises(BundleError, match="control character U\\+001B"):
        _parse(doc)


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("../../../../tmp/x", "is not a round key"),
        ("2018Q1\nforged", "is not a round key"),
        ("2018\u200bQ1", "is not a round key"),
    ],
)
def test_item09_round_keys_from_bundles_are_not_trusted(
    sample_store: Store, key: str, problem: str
) -> None:
    doc = _doc(sample_store)
    doc["round"]["key"] = key
    with pytest.raises(BundleError) as info:
        _parse(doc)
    assert str(info.value).startswith("x.json: round.key: ")
    assert problem in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize("key", ["2018Q1 ", "２０１８Q1", "２０１８Ｑ１", "2018q1"])
def test_item09_lookalike_round_keys_become_the_same_key(sample_store: Store, key: str) -> None:
    doc = _doc(sample_store)
    doc["round"]["key"] = key
    assert _parse(doc).key == "2018Q1"


def test_item09_previous_key_and_carried_from_checked_too(sample_store: Store) -> None:
    doc = _doc(sample_store)
    doc["round"]["previous_key"] = "../x"
    with pytest.raises(BundleError, match=r"round\.previous_key"):
        _parse(doc)
    doc = _doc(sample_store)
    doc["findings"][0]["carried_from"] = "a/b"
    with pytest.raises(BundleError, match=r"findings\[0\].carried_from"):
        _parse(doc)


def test_roster_refuses_bidi_controls_like_the_bundle() -> None:
    with pytest.raises(RosterError) as info:
        parse_roster(_roster(name="区\u202e局工贸"), "r.csv")
    assert "bidi control character U+202E" in str(info.value)
