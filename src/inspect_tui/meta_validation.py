"""Validation and normalisation of a round's metadata as typed in the metadata form.

Pure: no Textual, no store. Each checker takes the raw text of one field and returns a
`Check`: the value to store (normalised: brackets, digits, date forms) and, when the text
cannot be used, the key of a message in the UI catalog (`i18n.t`). Checkers never raise,
whatever the text. An empty field is always valid: it means "use the template default".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

# 发文字号 (GB/T 9704-2012 §7.2.4): 机关代字 + 〔年份〕 + 序号 + 号, e.g. 惠湾管办函〔2018〕33号.
DOC_NUMBER_RE = re.compile(r"^.+〔\d{4}〕[1-9]\d*[号號]$", re.ASCII)
# 成文日期 (§7.3.5.1): Arabic numerals, year in full, month and day not zero-padded.
DATE_RE = re.compile(r"^\d{4}年[1-9]\d?月[1-9]\d?日$", re.ASCII)
DEADLINE_RE = re.compile(r"^[1-9]\d?月[1-9]\d?日$", re.ASCII)
PHONE_RE = re.compile(r"^\d+(?:-\d+)*$", re.ASCII)

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_DASHES = re.compile(r"[‐‑‒–—―－﹣−]")
_WHITESPACE = re.compile(r"[\s\u3000]+")
# A four-digit year between any of the brackets people type for 〔〕 (六角括号).
_YEAR_BRACKETS = re.compile(r"[\[【(（［〖﹝〔]\s*(\d{4})\s*[\]】)）］〗﹞〕]", re.ASCII)
# "第" and leading zeros between the year and the serial number are not part of the form.
_SERIAL = re.compile(r"〕第?0*(\d)", re.ASCII)
_DATE_PARTS = re.compile(
    r"^(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?$"
    r"|^(?P<y8>\d{4})(?P<m8>\d{2})(?P<d8>\d{2})$",
    re.ASCII,
)
_MONTH_DAY_PARTS = re.compile(r"^(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?$", re.ASCII)

# Message keys (messages/<lang>/screens.toml).
ERR_DOC_NUMBER = "meta.error.doc_number"
ERR_DATE_FORM = "meta.error.date_form"
ERR_DATE_INVALID = "meta.error.date_invalid"
ERR_DEADLINE_FORM = "meta.error.deadline_form"
ERR_PHONE = "meta.error.phone"


@dataclass(frozen=True)
class Check:
    """The outcome of checking one field.

    `value` is what to store: the normalised text when valid, the typed text (stripped) when
    not. `error` is a message key of the UI catalog, empty when the value can be stored.
    """

    value: str
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def _plain(text: str) -> str:
    """Full-width digits to ASCII, surrounding whitespace removed."""
    return text.translate(_FULLWIDTH_DIGITS).strip()


def check_text(text: str) -> Check:
    """Free text: stored as typed, minus surrounding whitespace."""
    return Check(text.strip())


def check_doc_number(text: str) -> Check:
    """发文字号: brackets around the year become 〔〕, 第 and leading zeros go, spaces go."""
    value = _WHITESPACE.sub("", _plain(text))
    if not value:
        return Check("")
    value = _YEAR_BRACKETS.sub(r"〔\1〕", value)
    value = _SERIAL.sub(r"〕\1", value)
    if not DOC_NUMBER_RE.match(value):
        return Check(text.strip(), ERR_DOC_NUMBER)
    return Check(value)


def _date_from_parts(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def check_date(text: str) -> Check:
    """成文日期 as 2018年4月2日; 2018-04-02, 2018/4/2, 2018.4.2 and 20180402 are accepted."""
    value = _plain(text)
    if not value:
        return Check("")
    m = _DATE_PARTS.match(value)
    if not m:
        return Check(text.strip(), ERR_DATE_FORM)
    y, mo, d = (m["y"], m["m"], m["d"]) if m["y"] else (m["y8"], m["m8"], m["d8"])
    date = _date_from_parts(int(y), int(mo), int(d))
    if date is None:
        return Check(text.strip(), ERR_DATE_INVALID)
    return Check(f"{date.year}年{date.month}月{date.day}日")


def check_deadline(text: str) -> Check:
    """整改期限 as 4月5日 (4-5, 4/5, 04月05日 accepted); a full date is accepted too."""
    value = _plain(text)
    if not value:
        return Check("")
    m = _MONTH_DAY_PARTS.match(value)
    if not m:
        if _DATE_PARTS.match(value):  # a deadline in the next year needs the year
            return check_date(value)
        return Check(text.strip(), ERR_DEADLINE_FORM)
    month, day = int(m["m"]), int(m["d"])
    # Any year: 2月29日 is a valid deadline in a leap year, so check against 2000.
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2000, month)[1]:
        return Check(text.strip(), ERR_DATE_INVALID)
    return Check(f"{month}月{day}日")


def check_phone(text: str) -> Check:
    """Telephone: digits and dashes (full-width digits, dash variants and spaces normalised)."""
    value = _DASHES.sub("-", _plain(text))
    value = _WHITESPACE.sub("-", value)
    if not value:
        return Check("")
    if not PHONE_RE.match(value):
        return Check(text.strip(), ERR_PHONE)
    return Check(value)


CHECKERS: Mapping[str, Callable[[str], Check]] = {
    "doc_number": check_doc_number,
    "date": check_date,
    "deadline": check_deadline,
    "phone": check_phone,
}


def check_field(name: str, text: str) -> Check:
    """Check one metadata field by its RoundMeta name (unknown names are free text)."""
    return CHECKERS.get(name, check_text)(text)


def check_all(values: Mapping[str, str]) -> dict[str, Check]:
    return {name: check_field(name, text) for name, text in values.items()}


__all__ = [
    "CHECKERS",
    "DATE_RE",
    "DEADLINE_RE",
    "DOC_NUMBER_RE",
    "PHONE_RE",
    "Check",
    "check_all",
    "check_date",
    "check_deadline",
    "check_doc_number",
    "check_field",
    "check_phone",
    "check_text",
]
