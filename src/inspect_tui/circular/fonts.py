"""Font profiles for the GB/T 9704-2012 docx: which font *names* go into the document.

A .docx only carries font names; Word (or WPS) silently substitutes a missing font. So the
profile must name the fonts the sealing office's machines actually have:

- "gb2312": the classic set of government PCs (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体, 宋体).
- "windows": only fonts that ship with Windows 10/11 (仿宋, 楷体, 黑体, 宋体). 方正小标宋简体 is a
  licensed 方正 font and not part of Windows; the usual office substitute is 宋体 in bold, which
  is what this profile writes for the title (`title_bold`).

The *_GB2312 fonts and 方正小标宋简体 only cover GB2312 (simplified characters). A traditional-
script circular (zh-Hant) rendered with them shows fallback glyphs for characters outside GB2312
on a real Windows machine, so `profile_for_script("zh-Hant")` picks the GBK "windows" profile.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FontProfile:
    """East Asian font names per element, plus the font for Latin letters and digits."""

    name: str
    title: str  # 标题 / 附件标题: 2号小标宋
    body: str  # 正文: 3号仿宋
    heading1: str  # 一级标题 "一、": 3号黑体 (also 附件 labels and table header rows)
    heading2: str  # 二级标题 "（一）": 3号楷体 (the `lead` of Role.ITEM paragraphs)
    page_number: str  # 页码: 4号宋体, used for every font slot of the page-number runs
    latin: str = "Times New Roman"  # ascii/hAnsi/cs slots of text runs (digits, Latin)
    title_bold: bool = False  # only for a 宋体 stand-in for 小标宋


GB2312 = FontProfile(
    name="gb2312",
    title="方正小标宋简体",
    body="仿宋_GB2312",
    heading1="黑体",
    heading2="楷体_GB2312",
    page_number="宋体",
)

WINDOWS = FontProfile(
    name="windows",
    title="宋体",
    body="仿宋",
    heading1="黑体",
    heading2="楷体",
    page_number="宋体",
    title_bold=True,
)

PROFILES: dict[str, FontProfile] = {p.name: p for p in (GB2312, WINDOWS)}
DEFAULT_PROFILE: FontProfile = GB2312


def profile_for_script(script: str) -> FontProfile:
    """The sensible default profile for a circular's script ("zh-Hans" / "zh-Hant")."""
    return WINDOWS if script == "zh-Hant" else DEFAULT_PROFILE
