"""The circular's standard wording per script, read from `templates/<script>.toml`.

Pure apart from reading the packaged data file.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ..model import Script
from ..textfill import fill

__all__ = ["Wording", "chinese_numeral", "fill", "load_wording"]

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九; larger numbers stay Arabic."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


@dataclass(frozen=True)
class Wording:
    script: Script
    data: Mapping[str, Any]

    def __getitem__(self, key: str) -> str:
        value = self.data[key]
        if not isinstance(value, str):
            raise TypeError(f"template key {key} is not text")
        return value

    def list(self, key: str) -> list[str]:
        return [str(v) for v in self.data[key]]

    def kind_label(self, kind: str) -> str:
        return str(self.data["kinds"][kind]["label"])

    def kind_noun(self, kind: str) -> str:
        return str(self.data["kinds"][kind]["noun"])

    def section(self, name: str) -> Mapping[str, Any]:
        section = self.data[name]
        assert isinstance(section, Mapping)
        return section


@cache
def load_wording(script: Script) -> Wording:
    path = resources.files("inspect_tui.templates").joinpath(f"{script.value}.toml")
    return Wording(script=script, data=tomllib.loads(path.read_text(encoding="utf-8")))
