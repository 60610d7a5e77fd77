"""What period a round covers, read from its key, and the words a circular uses for it.

A round is a month (`2017-09`), a quarter (`2017Q4`), a half-year (`2017H2`), a year (`2017`)
or a date range (`2017-09-01..2017-10-15`); any other key is just "a round". The words
(本季度 / 上季度 …) live in the wording data per script, so nothing here is Chinese text.
Pure: no IO apart from what the caller passes in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from .textfill import fill


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"
    RANGE = "range"
    ROUND = "round"  # a key of no known form: words fall back to "上一轮"


_FORMS: tuple[tuple[PeriodKind, re.Pattern[str]], ...] = (
    (PeriodKind.MONTH, re.compile(r"^(?P<year>\d{4})-(?P<n>0[1-9]|1[0-2])$")),
    (PeriodKind.QUARTER, re.compile(r"^(?P<year>\d{4})Q(?P<n>[1-4])$")),
    (PeriodKind.HALF, re.compile(r"^(?P<year>\d{4})H(?P<n>[12])$")),
    (PeriodKind.YEAR, re.compile(r"^(?P<year>\d{4})$")),
)
_RANGE = re.compile(r"^(?P<start>\d{4}-\d{2}-\d{2})\.\.(?P<end>\d{4}-\d{2}-\d{2})$")
_PER_YEAR = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF: 2, PeriodKind.YEAR: 1}
_KEY_FORMAT = {
    PeriodKind.MONTH: "{year:04d}-{n:02d}",
    PeriodKind.QUARTER: "{year:04d}Q{n}",
    PeriodKind.HALF: "{year:04d}H{n}",
    PeriodKind.YEAR: "{year:04d}",
}
_DIGITS = "零一二三四五六七八九"


def _numeral(n: int) -> str:
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


@dataclass(frozen=True)
class Period:
    """The period of one round key. `number` is the month, quarter or half (1-based); 0 for
    a year, a range or a plain round."""

    key: str
    kind: PeriodKind
    year: int = 0
    number: int = 0
    start: date | None = None
    end: date | None = None

    @property
    def previous_key(self) -> str:
        """The key of the period before this one in the same form ("" for ranges/rounds)."""
        per_year = _PER_YEAR.get(self.kind)
        if per_year is None:
            return ""
        if self.kind is PeriodKind.YEAR:
            return _KEY_FORMAT[self.kind].format(year=self.year - 1, n=0)
        year, n = (self.year, self.number - 1) if self.number > 1 else (self.year - 1, per_year)
        return _KEY_FORMAT[self.kind].format(year=year, n=n)


def parse_period(key: str) -> Period:
    """The period a round key implies; never raises (an unknown form is `ROUND`)."""
    key = key.strip()
    for kind, pattern in _FORMS:
        m = pattern.match(key)
        if m:
            number = int(m["n"]) if "n" in m.groupdict() else 0
            return Period(key, kind, int(m["year"]), number)
    m = _RANGE.match(key)
    if m:
        try:
            start, end = date.fromisoformat(m["start"]), date.fromisoformat(m["end"])
        except ValueError:
            return Period(key, PeriodKind.ROUND)
        if start <= end:
            return Period(key, PeriodKind.RANGE, start.year, 0, start, end)
    return Period(key, PeriodKind.ROUND)


def period_words(period: Period, words: Mapping[str, Any]) -> dict[str, str]:
    """The words of `period` from a script's `[periods]` wording table:

    - `label`: the period as a title says it (2017年第四季度, 2017年9月, 2017年下半年 …)
    - `name`: the period within its year (第四季度, 9月, 下半年, 年度, 本轮)
    - `this`: 本季度 / 本月 / 本半年 / 本年 / 本轮
    - `previous`: 上季度 / 上月 / 上半年 (上年下半年 for H1) / 上年 / 上一轮
    - `unit`: 季度 / 月 / 半年 / 年 / 轮
    - `year`, `cn` (the number in Chinese numerals), `n`
    """
    kind = period.kind.value
    values: dict[str, object] = {
        "year": period.year,
        "n": period.number,
        "cn": _numeral(period.number),
        "half": "",
        "start": _date_text(period.start, words),
        "end": _date_text(period.end, words),
    }
    if period.kind is PeriodKind.HALF:
        values["half"] = str(words["halves"][period.number - 1])
    table = words[kind]
    out = {name: fill(str(table[name]), **values) for name in ("label", "name", "this", "unit")}
    previous = table["previous"]
    if period.kind is PeriodKind.HALF and period.number == 1:
        previous = table["previous_first"]
    out["previous"] = fill(str(previous), **values)
    out.update(year=str(period.year), cn=str(values["cn"]), n=str(period.number), kind=kind)
    return out


def _date_text(day: date | None, words: Mapping[str, Any]) -> str:
    if day is None:
        return ""
    return fill(str(words["date"]), year=day.year, month=day.month, day=day.day)
