from __future__ import annotations

import pytest

from inspect_tui import checklist
from inspect_tui.circular.compose import effective_findings
from inspect_tui.circular.figures import compute_figures, format_rate, round_figures
from inspect_tui.model import (
    Finding,
    Round,
    RoundData,
    Script,
    Site,
    SiteKind,
    Verdict,
    VerdictOverride,
)

CL = checklist.load_default()


@pytest.mark.parametrize(
    ("part", "total", "decimals", "expected"),
    [
        (2, 3, 1, "66.7%"),
        (1, 3, 1, "33.3%"),
        (1, 27, 2, "3.70%"),
        (26, 27, 2, "96.30%"),
        (36, 36, 1, "100%"),
        (36, 36, 2, "100%"),
        (0, 5, 2, "0%"),
        (1, 8, 1, "12.5%"),
        (1, 40, 1, "2.5%"),
        (9999, 10000, 1, "99.9%"),  # never 100% unless all
        (1, 100000, 2, "0.01%"),  # never 0% unless none
        (1, 2, 0, "50%"),
    ],
)
def test_rates(part: int, total: int, decimals: int, expected: str) -> None:
    assert format_rate(part, total, decimals) == expected


def test_rate_of_nothing_is_the_defined_text() -> None:
    assert format_rate(0, 0) == "—"
    assert format_rate(0, 0, 2, none_text="（无）") == "（无）"


def _site(seq: int, kind: SiteKind, short: str, level: str = "") -> Site:
    return Site(seq, kind, f"{short}网站", short, code=f"N{seq:09d}", level=level)


SITES = (
    _site(1, SiteKind.PORTAL, "甲县", "县区门户"),
    _site(2, SiteKind.DEPT, "市民政局", "市直部门"),
    _site(3, SiteKind.DEPT, "市财政局", "市直部门"),
    _site(4, SiteKind.DEPT, "甲县教育局", "县区部门"),
)


def _data(
    key: str, findings: tuple[Finding, ...], overrides: tuple[VerdictOverride, ...] = ()
) -> RoundData:
    return RoundData(Round(key, "", Script.HANS), SITES, findings, overrides)


def _figures(d: RoundData, decimals: int = 1):  # type: ignore[no-untyped-def]
    by_site: dict[str, list[Finding]] = {}
    for f in effective_findings(d, CL):
        by_site.setdefault(f.site_uid, []).append(f)
    return round_figures(d, CL, by_site, decimals=decimals)


def test_counts_rates_categories_and_failing_reasons() -> None:
    uid = [s.uid for s in SITES]
    d = _data(
        "2026-03",
        (
            Finding(uid[1], "typo", count=2),
            Finding(uid[1], "site_unreachable"),
            Finding(uid[2], "typo", count=1),
            Finding(uid[3], "column_stale", count=1, carried_from="2026-02"),
        ),
        (VerdictOverride(uid[2], Verdict.FAIL, "首页长期未更新"),),
    )
    f = _figures(d, decimals=2)
    assert f.total == 4
    assert dict(f.by_kind) == {"portal": 1, "dept": 3}
    assert dict(f.by_level) == {"县区门户": 1, "市直部门": 2, "县区部门": 1}
    assert (f.passed, f.failed) == (2, 2)
    assert (f.pass_rate, f.fail_rate) == ("50%", "50%")
    assert f.with_findings == 3
    assert f.sites_with_findings == ("市民政局", "市财政局", "甲县教育局")
    typo = next(c for c in f.categories if c.id == "typo")
    assert (typo.sites, typo.site_count, typo.problems) == (("市民政局", "市财政局"), 2, 2)
    # the carried-over problem brings its 整改不到位 with it
    assert "rectify_late" in [c.id for c in f.categories]
    assert f.carried_over == 1
    assert f.not_rectified == ("甲县教育局",)
    reasons = {s.short_name: s.reason for s in f.failing}
    assert reasons["市财政局"] == "首页长期未更新"  # the override's reason
    assert reasons["市民政局"] == CL.category("site_unreachable").label("zh-Hans")  # the veto


def test_previous_round_change_and_sampling_ratio() -> None:
    uid = [s.uid for s in SITES]
    now = _figures(_data("2026-03", (Finding(uid[0], "site_unreachable"),)))
    before = _figures(
        _data("2026-02", (Finding(uid[0], "site_unreachable"), Finding(uid[1], "home_stale")))
    )
    fig = compute_figures(now, before, population=27, decimals=2)
    assert fig.change is not None
    assert (fig.change.failed, fig.change.with_findings) == (-1, -1)
    assert fig.sampled and fig.sample == 4
    assert fig.sampling_ratio == "14.81%"
    assert not compute_figures(now).sampled
