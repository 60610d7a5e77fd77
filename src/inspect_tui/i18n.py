"""The one message catalog for user-visible UI text: zh-Hans (default), zh-Hant and en.

Messages live in `messages/<lang>/<area>.toml` as flat `key = "text with {placeholders}"`
tables; every file of a language is merged, so each part of the UI keeps its own file.
A key missing in the chosen language falls back to English, then to the key itself, so a
missing translation is visible but never a crash.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources

from .textfill import fill

LANGUAGES = ("zh-Hans", "zh-Hant", "en")
DEFAULT_LANGUAGE = "zh-Hans"

_current = DEFAULT_LANGUAGE


def normalise_language(lang: str) -> str:
    aliases = {
        "zh": "zh-Hans",
        "zh-cn": "zh-Hans",
        "zh-hans": "zh-Hans",
        "zh_cn": "zh-Hans",
        "zh-tw": "zh-Hant",
        "zh-hk": "zh-Hant",
        "zh-hant": "zh-Hant",
        "zh_tw": "zh-Hant",
        "en": "en",
        "en-us": "en",
        "en-gb": "en",
    }
    key = lang.strip().lower()
    if key not in aliases:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    return aliases[key]


def set_language(lang: str) -> None:
    global _current
    _current = normalise_language(lang)


def language() -> str:
    return _current


@cache
def catalog(lang: str) -> Mapping[str, str]:
    merged: dict[str, str] = {}
    folder = resources.files("inspect_tui.messages").joinpath(lang)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            merged.update({str(k): str(v) for k, v in data.items()})
    return merged


def t(key: str, lang: str | None = None, /, **values: object) -> str:
    """The message `key` in the current (or given) language, placeholders filled."""
    text = catalog(lang or _current).get(key) or catalog("en").get(key) or key
    return fill(text, **values)


def user_text(error: BaseException) -> str:
    """An error as the user should read it: in the UI language when it names a message of the
    catalog (`errors.UserError`), else its own text."""
    key = getattr(error, "key", "")
    if key and (key in catalog(_current) or key in catalog("en")):
        return t(key, **getattr(error, "params", {}))
    return str(error)
