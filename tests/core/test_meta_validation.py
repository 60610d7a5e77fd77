"""meta_validation: document numbers, dates, deadlines and phones, checked and normalised."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspect_tui import i18n
from inspect_tui.meta_validation import (
    CHECKERS,
    DATE_RE,
    DEADLINE_RE,
    DOC_NUMBER_RE,
    ERR_DATE_FORM,
    ERR_DATE_INVALID,
    ERR_DEADLINE_FORM,
    ERR_DOC_NUMBER,
    ERR_PHONE,
    check_all,
    check_date,
    check_deadline,
    check_doc_number,
    check_field,
    check_phone,
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("惠灣管辦函〔2018〕33號", "惠灣管辦函〔2018〕33號"),
        ("惠湾管办函〔2018〕33号", "惠湾管办函〔2018〕33号"),
        ("惠湾管办函[2018]33号", "惠湾管办函〔2018〕33号"),
        ("惠湾管办函【2018】33号", "惠湾管办函〔2018〕33号"),
        ("惠湾管办函(2018)33号", "惠湾管办函〔2018〕33号"),
        ("惠湾管办函（2018）33号", "惠湾管办函〔2018〕33号"),
        ("惠湾管办函［2018］33号", "惠湾管办函〔2018〕33号"),
        ("惠湾管办函﹝2018﹞33号", "惠湾管办函〔2018〕33号"),
        ("惠湾管办函（ 2018 ） 33号", "惠湾管办函〔2018〕33号"),
        ("惠湾管办函〔2018〕第33号", "惠湾管办函〔2018〕33号"),
        ("惠湾管办函〔2018〕033号", "惠湾管办函〔2018〕33号"),
        ("惠湾管办函〔２０１８〕３３号", "惠湾管办函〔2018〕33号"),
        ("  惠湾管办函〔2018〕33号  ", "惠湾管办函〔2018〕33号"),
        ("", ""),
    ],
)
def test_doc_number_normalised(typed: str, stored: str) -> None:
    check = check_doc_number(typed)
    assert check.ok, check
    assert check.value == stored
    assert not stored or DOC_NUMBER_RE.match(stored)


@pytest.mark.parametrize(
    "typed",
    [
        "惠湾管办函〔2018〕33",  # no 号
        "〔2018〕33号",  # no issuer code
        "惠湾管办函〔18〕33号",  # two-digit year
        "惠湾管办函〔2018〕0号",  # no serial number
        "惠湾管办函2018年33号",
        "惠湾管办函〔2018〕33号文",
    ],
)
def test_doc_number_refused(typed: str) -> None:
    check = check_doc_number(typed)
    assert check.error == ERR_DOC_NUMBER
    assert check.value == typed.strip()  # an invalid value is left as typed


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2018年4月2日", "2018年4月2日"),
        ("2018年04月02日", "2018年4月2日"),
        ("2018-04-02", "2018年4月2日"),
        ("2018/4/2", "2018年4月2日"),
        ("2018.4.2", "2018年4月2日"),
        ("20180402", "2018年4月2日"),
        ("２０１８年４月２日", "2018年4月2日"),
        ("2020-02-29", "2020年2月29日"),
        ("2018-12-31", "2018年12月31日"),
        ("", ""),
    ],
)
def test_date_normalised(typed: str, stored: str) -> None:
    check = check_date(typed)
    assert check.ok, check
    assert check.value == stored
    assert not stored or DATE_RE.match(stored)


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("2018-02-29", ERR_DATE_INVALID),
        ("2018-13-01", ERR_DATE_INVALID),
        ("2018年4月31日", ERR_DATE_INVALID),
        ("二〇一八年四月二日", ERR_DATE_FORM),
        ("4月2日", ERR_DATE_FORM),
        ("April 2, 2018", ERR_DATE_FORM),
    ],
)
def test_date_refused(typed: str, error: str) -> None:
    assert check_date(typed).error == error


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("4月5日", "4月5日"),
        ("04月05日", "4月5日"),
        ("4-5", "4月5日"),
        ("4/5", "4月5日"),
        ("2月29日", "2月29日"),
        ("2019-01-05", "2019年1月5日"),  # a deadline in the next year keeps its year
        ("", ""),
    ],
)
def test_deadline_normalised(typed: str, stored: str) -> None:
    check = check_deadline(typed)
    assert check.ok, check
    assert check.value == stored
    assert not stored or DEADLINE_RE.match(stored) or DATE_RE.match(stored)


@pytest.mark.parametrize(
    ("typed", "error"),
    [("4月31日", ERR_DATE_INVALID), ("13-1", ERR_DATE_INVALID), ("下周五", ERR_DEADLINE_FORM)],
)
def test_deadline_refused(typed: str, error: str) -> None:
    assert check_deadline(typed).error == error


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("5562579", "5562579"),
        ("0752-5562579", "0752-5562579"),
        ("0752 5562579", "0752-5562579"),
        ("０７５２－５５６２５７９", "0752-5562579"),
        ("0752—5562579", "0752-5562579"),
        ("", ""),
    ],
)
def test_phone_normalised(typed: str, stored: str) -> None:
    check = check_phone(typed)
    assert check.ok, check
    assert check.value == stored


@pytest.mark.parametrize("typed", ["tel 5562579", "5562579转8", "(0752)5562579", "-5562579"])
def test_phone_refused(typed: str) -> None:
    assert check_phone(typed).error == ERR_PHONE


def test_free_text_is_only_stripped() -> None:
    assert (
        check_field("addressees", "  各街道办事处，各区属单位\n").value
        == "各街道办事处，各区属单位"
    )
    assert check_field("requirements", "（一）甲。\n（二）乙。").value == "（一）甲。\n（二）乙。"
    results = check_all({"doc_number": "x〔2018〕1号", "phone": "abc", "note": "{stray}"})
    assert [name for name, c in results.items() if not c.ok] == ["phone"]


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_error_has_a_message(lang: str) -> None:
    for key in (ERR_DOC_NUMBER, ERR_DATE_FORM, ERR_DATE_INVALID, ERR_DEADLINE_FORM, ERR_PHONE):
        assert key in i18n.catalog(lang), (lang, key)


@given(name=st.sampled_from([*CHECKERS, "title", "closing"]), text=st.text())
def test_checkers_never_raise(name: str, text: str) -> None:
    check = check_field(name, text)
    assert isinstance(check.value, str)
    if check.ok and check.value:
        # A valid value is a fixed point: checking it again changes nothing.
        assert check_field(name, check.value) == check


@given(
    text=st.text(
        alphabet=st.sampled_from(
            "0123456789０１２３４５６７８９-/.年月日号號第〔〕[]【】()（）函办 "
        ),
        max_size=24,
    )
)
def test_date_like_text_never_raises(text: str) -> None:
    for checker in CHECKERS.values():
        checker(text)


def test_pure_module() -> None:
    code = "import sys, inspect_tui.meta_validation; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert not {"textual", "sqlite3", "sqlite_utils", "docx"} & set(out.stdout.split())
